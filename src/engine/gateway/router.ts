/**
 * How a Gateway's Envoy picks the route rule for one HTTP request, as the Gateway API orders it
 * (kubernetes-sigs/gateway-api apis/v1 httproute_types.go, HTTPRouteRule.Matches and
 * HTTPRouteSpec.Hostnames) and Envoy Gateway programs it:
 *
 * 1. The listeners on the port the request came in on; for each route attached to them, the
 *    hostnames it serves there (the intersection with the listener's hostname).
 * 2. The most specific of those hostnames that matches the Host header (port ignored): exact, then
 *    the longest wildcard, then `*` — one Envoy virtual host. None: 404.
 * 3. Across every rule of every route in that virtual host, the first match in precedence order:
 *    an Exact path, then RegularExpression (implementation-specific: Envoy Gateway sorts it
 *    between Exact and PathPrefix, internal/gatewayapi/sort.go), then PathPrefix by the number of
 *    characters; then a method match; then the most header matches; then the most query param
 *    matches; then the oldest route; then the route first by "{namespace}/{name}"; then rule and
 *    match order. No match: 404.
 */
import type { GRPCRoute, GRPCRouteRule, Gateway, HTTPRouteMatch, HTTPRouteRule, Listener } from '../model/gateway-types';
import type { ClusterState } from '../state';
import { namespacedName } from '../model/meta';
import { prefixMatches } from '../ingress/paths';
import type { Route } from './attachment';
import { attachParent } from './attachment';
import { containerPortOf } from './envoy-gateway';
import { selectHostname } from './hostnames';

export interface HttpRequest {
  method: string;
  /** The Host header, lower case, without a port. */
  host: string;
  /** The path, without the query. */
  path: string;
  query: [string, string][];
  /** Request headers by lower-case name. */
  headers: Record<string, string>;
}

export interface Candidate {
  route: Route;
  ruleIndex: number;
  matchIndex: number;
  rule: Pick<HTTPRouteRule, 'name' | 'filters' | 'backendRefs'>;
  match: HTTPRouteMatch;
  listener: Listener;
  hostname: string;
}

export type RouteDecision =
  | { kind: 'no-listener'; port: number }
  | { kind: 'no-host'; listeners: Listener[]; hostnames: string[] }
  | { kind: 'no-match'; hostname: string; listeners: Listener[]; candidates: number }
  | { kind: 'matched'; candidate: Candidate; hostname: string; why: string; candidates: number };

/** The Gateway listeners Envoy serves on one of the proxy's container ports. */
export function listenersOn(gateway: Gateway, containerPort: number): Listener[] {
  return gateway.spec.listeners.filter(
    (l) => containerPortOf(l.port) === containerPort && (l.protocol === 'HTTP' || l.protocol === 'HTTPS'),
  );
}

/**
 * A GRPCRoute match as the HTTP/2 request path it stands for (`/<service>/<method>`), as Envoy
 * Gateway translates it (internal/gatewayapi route.go processGRPCRouteMethodExact and
 * processGRPCRouteMethodRegularExpression): service and method
 * Exact -> an Exact path; service only -> the prefix `/<service>/`; otherwise a regular expression.
 * The GRPCRoute's own precedence (longest service, then method, then headers) comes out of the
 * path-length ordering.
 */
function grpcMatches(rule: GRPCRouteRule): HTTPRouteMatch[] {
  if (!rule.matches?.length) return [{ path: { type: 'PathPrefix', value: '/' } }];
  return rule.matches.map((m) => {
    const headers = m.headers ? { headers: m.headers } : {};
    const method = m.method;
    if (!method) return { path: { type: 'PathPrefix', value: '/' }, ...headers };
    if (method.type === 'Exact' && method.service && method.method)
      return { path: { type: 'Exact', value: `/${method.service}/${method.method}` }, ...headers };
    if (method.type === 'Exact' && method.service) return { path: { type: 'PathPrefix', value: `/${method.service}` }, ...headers };
    const esc = (x: string): string => (method.type === 'Exact' ? x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : x);
    return {
      path: {
        type: 'RegularExpression',
        value: `/${method.service ? esc(method.service) : '[^/]+'}/${method.method ? esc(method.method) : '[^/]+'}`,
      },
      ...headers,
    };
  });
}

function rulesOf(route: Route): { rule: Candidate['rule']; matches: HTTPRouteMatch[] }[] {
  if (route.kind === 'HTTPRoute') return route.spec.rules.map((rule) => ({ rule, matches: rule.matches }));
  return (route as GRPCRoute).spec.rules.map((rule) => ({ rule, matches: grpcMatches(rule) }));
}

/** Every (hostname, rule match) the listeners serve, from the HTTPRoutes and GRPCRoutes attached to them. */
export function virtualHosts(state: ClusterState, gateway: Gateway, listeners: readonly Listener[]): Map<string, Candidate[]> {
  const hosts = new Map<string, Candidate[]>();
  const routes: Route[] = [...state.store.list('HTTPRoute'), ...state.store.list('GRPCRoute')];
  for (const route of routes) {
    route.spec.parentRefs.forEach((ref, i) => {
      const attachment = attachParent(state, route, ref, i);
      if (attachment.accepted.status !== 'True' || !attachment.gateway || namespacedName(attachment.gateway) !== namespacedName(gateway))
        return;
      for (const { listener, hostnames } of attachment.listeners) {
        if (!listeners.some((l) => l.name === listener.name)) continue;
        for (const hostname of hostnames) {
          const list = hosts.get(hostname) ?? [];
          rulesOf(route).forEach(({ rule, matches }, ruleIndex) =>
            matches.forEach((match, matchIndex) => {
              if (!list.some((c) => c.route === route && c.ruleIndex === ruleIndex && c.matchIndex === matchIndex)) {
                list.push({ route, ruleIndex, matchIndex, rule, match, listener, hostname });
              }
            }),
          );
          hosts.set(hostname, list);
        }
      }
    });
  }
  return hosts;
}

function pathRank(m: HTTPRouteMatch): number {
  const type = m.path?.type ?? 'PathPrefix';
  return type === 'Exact' ? 3 : type === 'RegularExpression' ? 2 : 1;
}

type Criterion = [name: string, compare: (a: Candidate, b: Candidate) => number];

const CRITERIA: Criterion[] = [
  ['an Exact path beats a RegularExpression, which beats a PathPrefix', (a, b) => pathRank(b.match) - pathRank(a.match)],
  ['the longer path wins', (a, b) => (b.match.path?.value.length ?? 1) - (a.match.path?.value.length ?? 1)],
  ['a method match wins', (a, b) => (b.match.method ? 1 : 0) - (a.match.method ? 1 : 0)],
  ['more header matches win', (a, b) => (b.match.headers?.length ?? 0) - (a.match.headers?.length ?? 0)],
  ['more query param matches win', (a, b) => (b.match.queryParams?.length ?? 0) - (a.match.queryParams?.length ?? 0)],
  [
    'the older route wins',
    (a, b) =>
      a.route.metadata.creationTimestamp < b.route.metadata.creationTimestamp
        ? -1
        : a.route.metadata.creationTimestamp > b.route.metadata.creationTimestamp
          ? 1
          : 0,
  ],
  [
    'the route first in "{namespace}/{name}" order wins',
    (a, b) => (namespacedName(a.route) < namespacedName(b.route) ? -1 : namespacedName(a.route) > namespacedName(b.route) ? 1 : 0),
  ],
  ['the first rule of the route wins', (a, b) => a.ruleIndex - b.ruleIndex],
  ['the first match of the rule wins', (a, b) => a.matchIndex - b.matchIndex],
];

export function comparePrecedence(a: Candidate, b: Candidate): number {
  for (const [, compare] of CRITERIA) {
    const d = compare(a, b);
    if (d !== 0) return d;
  }
  return 0;
}

function decidingCriterion(a: Candidate, b: Candidate): string {
  return CRITERIA.find(([, compare]) => compare(a, b) !== 0)?.[0] ?? 'they are equal';
}

/** RE2 full match, as Envoy's safe_regex does; a leading (?i) (RE2 syntax) becomes JavaScript's i flag. */
function fullMatch(pattern: string, text: string): boolean {
  const insensitive = pattern.startsWith('(?i)');
  try {
    return new RegExp(`^(?:${insensitive ? pattern.slice(4) : pattern})$`, insensitive ? 'i' : '').test(text);
  } catch {
    return false; // RE2 would have rejected it; Envoy Gateway does not program the match
  }
}

function valueMatches(type: string, pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  return type === 'RegularExpression' ? fullMatch(pattern, value) : value === pattern;
}

export function matches(m: HTTPRouteMatch, request: HttpRequest): boolean {
  const path = m.path ?? { type: 'PathPrefix', value: '/' };
  if (path.type === 'Exact' && request.path !== path.value) return false;
  if (path.type === 'PathPrefix' && path.value !== '/' && !prefixMatches(path.value, request.path)) return false;
  if (path.type === 'RegularExpression' && !fullMatch(path.value, request.path)) return false;
  if (m.method && m.method !== request.method) return false;
  for (const h of m.headers ?? []) {
    if (!valueMatches(h.type, h.value, request.headers[h.name.toLowerCase()])) return false;
  }
  for (const q of m.queryParams ?? []) {
    if (!valueMatches(q.type, q.value, request.query.find(([k]) => k === q.name)?.[1])) return false;
  }
  return true;
}

export function describeMatch(m: HTTPRouteMatch): string {
  const parts = [`${m.path?.type ?? 'PathPrefix'} ${m.path?.value ?? '/'}`];
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers ?? []) parts.push(`header ${h.name}${h.type === 'RegularExpression' ? ' ~ ' : ': '}${h.value}`);
  for (const q of m.queryParams ?? []) parts.push(`query ${q.name}${q.type === 'RegularExpression' ? ' ~ ' : '='}${q.value}`);
  return parts.join(', ');
}

/** The rule match Envoy uses for `request` arriving on `containerPort` of the Gateway's proxy. */
export function routeRequest(state: ClusterState, gateway: Gateway, containerPort: number, request: HttpRequest): RouteDecision {
  const listeners = listenersOn(gateway, containerPort);
  if (listeners.length === 0) return { kind: 'no-listener', port: containerPort };
  const hosts = virtualHosts(state, gateway, listeners);
  const hostname = selectHostname(hosts.keys(), request.host);
  if (hostname === undefined) return { kind: 'no-host', listeners, hostnames: [...hosts.keys()] };
  const candidates = [...(hosts.get(hostname) ?? [])].sort(comparePrecedence);
  const hits = candidates.filter((c) => matches(c.match, request));
  const winner = hits[0];
  if (!winner) return { kind: 'no-match', hostname, listeners, candidates: candidates.length };
  const runnerUp = hits[1];
  const why = runnerUp
    ? `${hits.length} rule matches fit; over ${runnerUp.route.kind} ${namespacedName(runnerUp.route)} rule ${runnerUp.ruleIndex} (${describeMatch(runnerUp.match)}) ${decidingCriterion(winner, runnerUp)}`
    : `the only one of ${candidates.length} rule matches that fits`;
  return { kind: 'matched', candidate: winner, hostname, why, candidates: candidates.length };
}
