/**
 * A Gateway's Envoy proxy pod (Envoy Gateway, see gateway/envoy-gateway.ts) reads an HTTP
 * request that reached one of its listener ports: the listener the port (and for HTTPS the SNI)
 * selects, the virtual host the Host header selects, the route rule that wins by the Gateway
 * API's precedence (gateway/router.ts), the rule's filters (gateway/filters.ts), then a backend by
 * weight. Envoy answers itself (404 no route, 500 invalid backend or no backendRefs, a redirect,
 * 503 no healthy endpoint) or proxies over a new connection from its pod to one endpoint of the
 * backend Service — endpoints from the Service's EndpointSlices, not the ClusterIP, as Envoy
 * Gateway programs them.
 */
import type { Gateway } from '../model/gateway-types';
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { namespaceOf, namespacedName } from '../model/meta';
import { stream } from '../proxy/runtime';
import { normalizeHost } from '../ingress/hosts';
import { resolveUpstream } from '../ingress/upstream';
import { ENVOY_APP_LABELS } from '../gateway/envoy-gateway';
import { gatewayOfProxy } from '../gateway/controller';
import { resolveBackend, unresolvedFilter } from '../gateway/attachment';
import type { HttpRequest } from '../gateway/router';
import { describeMatch, listenersOn, routeRequest } from '../gateway/router';
import { applyFilters } from '../gateway/filters';
import { pickWeighted } from '../gateway/weights';
import { fnv32a } from '../util/hash';
import { matchesSet } from '../util/labels';
import type { Hop, HopUse, TraceGateway, TraceHttp } from './types';
import type { Flow } from './flow';
import { makeHop } from './flow';
import type { HttpIntent, IngressOutcome } from './ingress-step';

const EPHEMERAL = { first: 32768, last: 60999 };

/** The Gateway whose Envoy proxy this pod is, if it is one. */
export function proxiedGateway(state: ClusterState, pod: Pod): Gateway | undefined {
  if (!matchesSet(ENVOY_APP_LABELS, pod.metadata.labels)) return undefined;
  return gatewayOfProxy(state, pod.metadata.labels);
}

function requestOf(intent: HttpIntent): HttpRequest {
  const [pathPart = '/', queryPart] = intent.uri.split('?', 2) as [string, string | undefined];
  const query: [string, string][] = [];
  for (const pair of (queryPart ?? '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const decode = (s: string): string => {
      try {
        return decodeURIComponent(s.replaceAll('+', ' '));
      } catch {
        return s;
      }
    };
    query.push(eq < 0 ? [decode(pair), ''] : [decode(pair.slice(0, eq)), decode(pair.slice(eq + 1))]);
  }
  return {
    method: intent.method ?? 'GET',
    host: normalizeHost(intent.hostHeader),
    path: pathPart || '/',
    query,
    headers: { ...(intent.headers ?? {}) },
  };
}

/**
 * The proxy pod `pod` of `gateway` on `node` got `flow`, a TCP connection to a container port.
 * Undefined when the port is no listener's: the pod just accepts the connection.
 */
export function gatewayProxy(
  state: ClusterState,
  gateway: Gateway,
  pod: Pod,
  node: string,
  flow: Flow,
  intent: HttpIntent,
): IngressOutcome | undefined {
  const request = requestOf(intent);
  const decision = routeRequest(state, gateway, flow.dstPort, request);
  if (decision.kind === 'no-listener') return undefined;
  const gw = namespacedName(gateway);
  const who = `Envoy (pod ${namespacedName(pod)}, the proxy of Gateway ${gw})`;
  // Every hop here is decided by the Gateway (its listeners); once a rule matched, by its route
  // too: the graph lights them (graph/hops.ts).
  const gatewayUse: HopUse = { kind: 'Gateway', name: gateway.metadata.name, namespace: namespaceOf(gateway) };
  const at = { node, uses: [gatewayUse] };
  const reads = `${request.method} ${intent.uri} (Host: ${intent.hostHeader})`;
  const base: TraceHttp = { server: 'envoy-gateway', status: 0, host: request.host, path: intent.uri, method: request.method, headers: {} };
  const info: TraceGateway = { gateway: gw };
  const http = (status: number, extra: Partial<TraceHttp> = {}): TraceHttp => ({ ...base, status, ...extra, gateway: { ...info } });
  const respond = (hops: Hop[], status: number, reason: string, extra: Partial<TraceHttp> = {}): IngressOutcome => ({
    kind: 'respond',
    hops,
    http: http(status, extra),
    reason,
  });

  const protocols = new Set(listenersOn(gateway, flow.dstPort).map((l) => l.protocol));
  if (intent.tls && !protocols.has('HTTPS')) {
    return {
      kind: 'respond',
      hops: [
        makeHop(
          'ingress-controller',
          `${who} gets a TLS ClientHello on port ${flow.dstPort}, where its listeners speak plain HTTP; the handshake fails.`,
          flow,
          at,
        ),
      ],
      reason: `TLS handshake failed: the Gateway's listeners on this port are HTTP; use http://`,
    };
  }
  if (!intent.tls && !protocols.has('HTTP')) {
    return {
      kind: 'respond',
      hops: [
        makeHop(
          'ingress-controller',
          `${who} expects a TLS ClientHello on port ${flow.dstPort} (an HTTPS listener) but gets plain HTTP, and closes the connection.`,
          flow,
          at,
        ),
      ],
      reason: `connection reset: the Gateway's listeners on this port are HTTPS; use https://`,
    };
  }
  if (decision.kind === 'no-host') {
    const listeners = decision.listeners.map((l) => `${l.name} (${l.hostname ?? 'any host'})`).join(', ');
    return respond(
      [
        makeHop(
          'ingress-controller',
          `${who} reads ${reads} on container port ${flow.dstPort}: listeners ${listeners}. No attached route serves Host ${request.host} (route hostnames here: ${decision.hostnames.join(', ') || 'none — no route is attached'}), so Envoy answers 404 Not Found.`,
          flow,
          at,
        ),
      ],
      404,
      `HTTP 404 Not Found from Gateway ${gw}: no HTTPRoute attached to its listeners on this port serves Host ${request.host}`,
    );
  }
  if (decision.kind === 'no-match') {
    info.hostname = decision.hostname;
    return respond(
      [
        makeHop(
          'ingress-controller',
          `${who} reads ${reads}. Host ${request.host} selects the route hostname ${decision.hostname}, but none of its ${decision.candidates} rule matches fits the method, path, headers and query, so Envoy answers 404 Not Found.`,
          flow,
          at,
        ),
      ],
      404,
      `HTTP 404 Not Found from Gateway ${gw}: no HTTPRoute rule for ${decision.hostname} matches ${request.method} ${intent.uri}`,
    );
  }
  const { candidate } = decision;
  const route = candidate.route;
  const routeName = namespacedName(route);
  Object.assign(info, {
    listener: candidate.listener.name,
    hostname: decision.hostname,
    route: routeName,
    routeKind: route.kind,
    ruleIndex: candidate.ruleIndex,
    matchIndex: candidate.matchIndex,
  });
  const routeUse: HopUse = { kind: route.kind, name: route.metadata.name, namespace: namespaceOf(route) };
  const routeAt = { node, uses: [gatewayUse, routeUse] };
  const listenerText = `listener ${candidate.listener.name} (${candidate.listener.protocol} :${candidate.listener.port}${candidate.listener.hostname ? `, hostname ${candidate.listener.hostname}` : ''})`;
  const hops: Hop[] = [
    makeHop(
      'ingress-controller',
      `${who} reads ${reads} on ${listenerText}${intent.tls ? ', terminating TLS with the listener\u2019s certificate (Secrets are not simulated: taken to be valid)' : ''}. Host ${request.host} selects the route hostname ${decision.hostname}.`,
      flow,
      {
        ...at,
        rule: `listener ${candidate.listener.name} :${candidate.listener.port}/${candidate.listener.protocol} hostname ${candidate.listener.hostname ?? '*'} -> virtual host ${decision.hostname}`,
      },
    ),
    makeHop(
      'ingress-controller',
      `${route.kind} ${routeName} rule ${candidate.ruleIndex}${candidate.rule.name ? ` (${candidate.rule.name})` : ''}, match ${candidate.matchIndex} (${describeMatch(candidate.match)}): ${decision.why}.`,
      flow,
      {
        ...routeAt,
        rule: `${route.kind} ${routeName} rules[${candidate.ruleIndex}].matches[${candidate.matchIndex}]: ${describeMatch(candidate.match)}`,
      },
    ),
  ];
  const queryText = intent.uri.includes('?') ? intent.uri.slice(intent.uri.indexOf('?')) : '';
  const filtered = applyFilters(
    candidate.rule.filters,
    {
      method: request.method,
      host: request.host,
      path: request.path,
      query: queryText,
      tls: intent.tls,
      headers: request.headers,
      listener: candidate.listener,
      match: candidate.match,
    },
    (f) => unresolvedFilter(route, f),
  );
  if (filtered.applied.length) {
    info.filters = filtered.applied;
    hops.push(
      makeHop('ingress-controller', `Filters of the rule, in order: ${filtered.applied.join('; ')}.`, flow, {
        ...routeAt,
        rule: filtered.applied.join('\n'),
      }),
    );
  }
  const responseHeaders = filtered.responseHeaders;
  if (filtered.directResponse) {
    return respond(hops, 500, `HTTP 500 Internal Server Error from Gateway ${gw}: ${filtered.directResponse.reason}`);
  }
  if (filtered.redirect) {
    const { status, location } = filtered.redirect;
    return respond(
      hops,
      status,
      `HTTP ${status} redirect to ${location} (RequestRedirect filter of ${route.kind} ${routeName} rule ${candidate.ruleIndex})`,
      {
        headers: { ...responseHeaders, location },
      },
    );
  }
  const backends = candidate.rule.backendRefs ?? [];
  if (backends.length === 0) {
    return respond(
      hops,
      500,
      `HTTP 500 Internal Server Error from Gateway ${gw}: rule ${candidate.ruleIndex} of ${route.kind} ${routeName} has no backendRefs (the Gateway API says 500)`,
    );
  }
  const index = pickWeighted(backends, `${routeName}/${candidate.ruleIndex}/${flow.srcIP}:${flow.srcPort}`);
  const weights = backends.map((b) => `${b.name}:${b.port ?? ''} weight ${b.weight}`).join(', ');
  if (index === undefined) {
    return respond(
      hops,
      500,
      `HTTP 500 Internal Server Error from Gateway ${gw}: every backendRef of rule ${candidate.ruleIndex} has weight 0`,
    );
  }
  const ref = backends[index] as (typeof backends)[number];
  const backendFiltered = applyFilters(ref.filters, {
    method: request.method,
    host: filtered.host,
    path: filtered.path,
    query: queryText,
    tls: intent.tls,
    headers: filtered.headers,
    listener: candidate.listener,
    match: candidate.match,
  });
  const finalHeaders = backendFiltered.headers;
  const finalResponse = { ...responseHeaders, ...backendFiltered.responseHeaders };
  const resolution = resolveBackend(state, route, ref);
  const ns = ref.namespace ?? route.metadata.namespace ?? 'default';
  info.backend = `${ns}/${ref.name}:${ref.port ?? ''}`;
  if (backendFiltered.applied.length) info.filters = [...(info.filters ?? []), ...backendFiltered.applied];
  const spread =
    backends.length > 1
      ? `weighted backendRefs (${weights}): this connection (source port ${flow.srcPort}) gets ${ref.name}`
      : `backendRef ${ref.name}:${ref.port ?? ''}`;
  const backendPath = `${filtered.path}${queryText}`;
  const httpExtra = { backendPath, backendHeaders: finalHeaders, ...(Object.keys(finalResponse).length ? { headers: finalResponse } : {}) };
  if (!resolution.ok) {
    hops.push(
      makeHop(
        'ingress-controller',
        `${spread}, which is invalid — ${resolution.reason}: ${resolution.message} — so Envoy answers 500 for its share of requests.`,
        flow,
        { ...routeAt, rule: weights },
      ),
    );
    return respond(
      hops,
      500,
      `HTTP 500 Internal Server Error from Gateway ${gw}: backendRef ${ref.name} is invalid (${resolution.reason}: ${resolution.message})`,
      httpExtra,
    );
  }
  const upstream = resolveUpstream(state, { namespace: resolution.namespace, service: ref.name, port: { number: ref.port ?? 0 } });
  const serviceUse: HopUse = { kind: 'Service', name: ref.name, namespace: resolution.namespace };
  if (upstream.kind !== 'endpoints') {
    const why = upstream.kind === 'unavailable' ? upstream.reason : 'no endpoints';
    hops.push(
      makeHop('ingress-controller', `${spread}: ${why}, so Envoy answers 503 "no healthy upstream".`, flow, {
        node,
        uses: [gatewayUse, routeUse, serviceUse],
        rule: weights,
      }),
    );
    return respond(hops, 503, `HTTP 503 Service Unavailable from Gateway ${gw}: ${why}`, httpExtra);
  }
  const picked = upstream.endpoints[
    fnv32a(`${flow.srcIP}:${flow.srcPort}/${info.backend}`) % upstream.endpoints.length
  ] as (typeof upstream.endpoints)[number];
  const srcPort = stream(state, 'ephemeral-port', node, flow.dstIP).int(EPHEMERAL.first, EPHEMERAL.last);
  const next: Flow = { srcIP: flow.dstIP, srcPort, dstIP: picked.ip, dstPort: picked.port, protocol: 'TCP' };
  const list = upstream.endpoints.map((e) => `${e.ip}:${e.port}`).join(', ');
  const rewritten =
    backendPath !== intent.uri || filtered.host !== request.host
      ? `; the backend gets ${request.method} ${backendPath} (Host: ${filtered.host})`
      : '';
  hops.push(
    makeHop(
      'ingress-controller',
      `${spread}: Service ${resolution.namespace}/${ref.name} port ${ref.port ?? ''}, endpoints ${list}. Envoy picks ${picked.ip}:${picked.port}${picked.pod ? ` (pod ${picked.pod.namespace}/${picked.pod.name})` : ''} and opens a new connection to it from its own pod address ${flow.dstIP} — straight to the endpoint, not through the ClusterIP${rewritten}.`,
      next,
      {
        node,
        // Envoy Gateway programs the Service's endpoints, read from its EndpointSlices, into the
        // Envoy cluster: the Service and the slice, with the endpoint picked, light as kube-proxy's pick does.
        uses: [
          gatewayUse,
          routeUse,
          serviceUse,
          { kind: 'EndpointSlice', name: picked.slice, namespace: resolution.namespace, address: `${picked.ip}:${picked.port}` },
        ],
        rule: `cluster ${route.kind.toLowerCase()}/${route.metadata.namespace ?? 'default'}/${route.metadata.name}/rule/${candidate.ruleIndex}: ${weights} -> ${list}`,
      },
    ),
  );
  return { kind: 'proxy', hops, http: http(200, httpExtra), flow: next };
}
