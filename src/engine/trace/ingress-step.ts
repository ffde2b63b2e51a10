/**
 * The ingress controller's hop: a connection that kube-proxy (or the pod network) delivered to
 * an ingress-nginx pod on its http or https port is read as an HTTP request. The controller
 * terminates TLS, picks the server by Host and the location by path (src/engine/ingress), and
 * either answers itself (301, 404, 503, 308, 400) or proxies to one endpoint of the backend Service
 * over a new connection from its own pod IP — it load-balances in Lua over the Endpoints and
 * never uses the ClusterIP.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { stream } from '../proxy/runtime';
import { normalizeHost } from '../ingress/hosts';
import { nginxConfig, backendText } from '../ingress/nginx-config';
import type { Route } from '../ingress/route';
import { routeRequest } from '../ingress/route';
import { resolveUpstream, roundRobin } from '../ingress/upstream';
import type { Hop, TraceHttp, HopUse } from './types';
import type { Flow } from './flow';
import { dstText, makeHop } from './flow';
import { namespacedName } from '../model/meta';
import { nginxAnswer, proxiedAnswer } from './nginx-answer';

/** What the client sends, read from the URL (and SendRequest.host). */
export interface HttpIntent {
  tls: boolean;
  /** The Host header (and TLS SNI) as the client sends it. */
  hostHeader: string;
  /** Path and query. */
  uri: string;
  /** The request method (GET unless SendRequest.method says otherwise). */
  method?: string;
  /** More request headers, by lower-case name. */
  headers?: Record<string, string>;
}

export type IngressOutcome =
  /** The controller answers the client itself: the trace ends here. */
  | { kind: 'respond'; hops: Hop[]; http?: TraceHttp; reason: string }
  /** The controller proxies: a new connection from its pod (`flow`). */
  | { kind: 'proxy'; hops: Hop[]; http: TraceHttp; flow: Flow }
  /** An ExternalName backend: the controller resolves the name, then connects. */
  | { kind: 'proxy-name'; hops: Hop[]; http: TraceHttp; host: string; port: number; flow: Flow };

const EPHEMERAL = { first: 32768, last: 60999 };

function podName(pod: Pod): string {
  return namespacedName(pod);
}

function serverText(route: Route, host: string): string {
  const name = route.server.hostname;
  if (route.serverMatch === 'exact') return `Host ${host} is the rule host ${name}`;
  if (route.serverMatch === 'wildcard') return `Host ${host} matches the wildcard rule host ${name} (one label)`;
  return `No rule host matches Host ${host}, so the default server "_" (rules without a host, and defaultBackend) handles it`;
}

function locationText(route: Route, path: string): string {
  const l = route.location;
  if (!l) {
    const bad = route.invalid.length ? ` (paths that are not valid regular expressions: ${route.invalid.join(', ')})` : '';
    return `no location matches ${path}${bad}`;
  }
  const from = l.payload.fromDefaultBackend;
  const fallback = `defaultBackend ${backendText(l.payload.backend)} of Ingress ${l.payload.ingress ?? '?'}`;
  if (from === 'catch-all')
    return `the ${fallback} serves it: that Ingress has no rules, so its default backend took over the default server's root location / and gets every path here`;
  if (from === 'host')
    return `no path of the host's rules matches ${path}, so only the root location / does: the ${fallback} serves it (the default backend for unmatched requests of its hosts)`;
  const written = `${l.ingressPath} (${l.pathType === 'Exact' && !l.generatedExact ? 'Exact' : 'Prefix'})`;
  if (route.how === 'regex') {
    return `${written} matches as the regular expression ~* "^${l.path}", the first in order of path length that does (the host's paths are case-insensitive regular expressions because an Ingress for it uses rewrite-target or use-regex)`;
  }
  if (l.path === '/' && l.payload.isDefBackend) return `only the root location / matches ${path}`;
  if (l.pathType === 'Exact' && !l.generatedExact) return `${written} equals the path exactly; an Exact path beats every Prefix`;
  if (l.generatedExact) return `${written} equals the path (ingress-nginx's exact location = ${l.path} for the Prefix path)`;
  return `${written} is the longest Prefix path matching ${path} element by element`;
}

function httpOf(
  answer: Pick<TraceHttp, 'status' | 'reason' | 'statusLine' | 'headers'>,
  host: string,
  uri: string,
  route: Route | undefined,
  backendPath?: string,
): TraceHttp {
  const payload = route?.location?.payload;
  return {
    server: 'ingress-nginx',
    ...answer,
    host,
    path: uri,
    ...(backendPath !== undefined ? { backendPath } : {}),
    ...(payload?.ingress ? { ingress: payload.ingress } : {}),
    ...(payload ? { rule: payload.rule } : {}),
  };
}

/**
 * The controller pod `pod` on `node` got `flow` (a TCP connection to one of its container ports).
 * Undefined when the port is not its http or https port: the pod simply accepts the connection.
 */
export function ingressController(state: ClusterState, pod: Pod, node: string, flow: Flow, intent: HttpIntent): IngressOutcome | undefined {
  const portName = pod.spec.containers
    .flatMap((c) => c.ports ?? [])
    .find((p) => p.containerPort === flow.dstPort && p.protocol === 'TCP')?.name;
  if (portName !== 'http' && portName !== 'https') return undefined;
  const at = { node };
  const who = `ingress-nginx (pod ${podName(pod)})`;
  const host = normalizeHost(intent.hostHeader);
  const date = new Date(state.timestamp()).toUTCString(); // nginx's Date: "Mon, 02 Jan 2006 15:04:05 GMT"
  if (intent.tls && portName === 'http') {
    return {
      kind: 'respond',
      hops: [
        makeHop(
          'ingress-controller',
          `${who} gets a TLS ClientHello on its plain-HTTP port ${flow.dstPort}; it answers with an HTTP error page, so the handshake fails (curl: "wrong version number").`,
          flow,
          at,
        ),
      ],
      reason: `TLS handshake failed: ${dstText(flow)} is the controller's http port; use http:// or the https port 443`,
    };
  }
  if (!intent.tls && portName === 'https') {
    return {
      kind: 'respond',
      hops: [
        makeHop(
          'ingress-controller',
          `${who} expects TLS on port ${flow.dstPort} but gets plain HTTP; nginx answers 400 "The plain HTTP request was sent to HTTPS port".`,
          flow,
          at,
        ),
      ],
      http: httpOf(nginxAnswer(400, date, { plainHttpOnHttpsPort: true }), host, intent.uri, undefined),
      reason: 'HTTP 400 Bad Request: the plain HTTP request was sent to HTTPS port',
    };
  }
  const config = nginxConfig(state);
  const route = routeRequest(config, host, intent.uri);
  const server = route.server;
  const tlsServer = server.tls;
  let tlsText = '';
  if (intent.tls) {
    tlsText = tlsServer
      ? ` TLS is terminated here with the certificate ${tlsServer.secretName ? `of Secret ${tlsServer.secretName}` : "of the controller's default (the tls entry names no secretName)"} — the tls section of Ingress ${tlsServer.ingress} lists ${server.hostname} (Secrets are not simulated: it is taken to be present and valid).`
      : ` No Ingress's tls section lists ${host}: nginx terminates TLS with its default "Kubernetes Ingress Controller Fake Certificate", which a client rejects unless told to skip verification (curl -k); the trace goes on as if it had.`;
  }
  const method = `${intent.method ?? 'GET'} ${intent.uri} (Host: ${intent.hostHeader})`;
  const decided = `${serverText(route, host)}; ${locationText(route, intent.uri.split('?')[0] ?? intent.uri)}`;
  const location = route.location;
  const rule = location?.payload.rule;
  // The Ingress whose rule matched ("namespace/name"), lit at the controller's hops.
  const [ingressNamespace = '', ingressName = ''] = (location?.payload.ingress ?? '').split('/');
  const uses: HopUse[] = ingressName ? [{ kind: 'Ingress', name: ingressName, namespace: ingressNamespace }] : [];
  const l7 = (note: string): Hop => makeHop('ingress-controller', note, flow, { ...at, ...(rule ? { rule } : {}), uses });
  if (route.how === 'redirect' && location) {
    // nginx's auto_redirect (ngx_http_core_find_static_location): absolute_redirect on,
    // server_name_in_redirect off (the Host header's name), port_in_redirect off (ingress-nginx's
    // use-port-in-redirects: false), the query string kept.
    const [pathPart = '', ...query] = intent.uri.split('?');
    const target = `${intent.tls ? 'https' : 'http'}://${host}${pathPart}/${query.length ? `?${query.join('?')}` : ''}`;
    return {
      kind: 'respond',
      hops: [
        l7(
          `${who} reads ${method}.${tlsText} No location is ${pathPart} itself, but location ${location.path} is that path with a slash added (${location.ingressPath} (${location.pathType === 'Exact' && !location.generatedExact ? 'Exact' : 'Prefix'})): nginx answers 301 Moved Permanently to ${target}, as it does for every proxied location ending in /.`,
        ),
      ],
      http: httpOf(nginxAnswer(301, date, { location: target }), host, intent.uri, route),
      reason: `HTTP 301 Moved Permanently to ${target}: nginx's automatic redirect for location ${location.path}; follow it (curl -L)`,
    };
  }
  const annotations = location?.payload.annotations;
  const sslRedirect = annotations?.sslRedirect ?? true;
  const forceRedirect = annotations?.forceSslRedirect ?? false;
  if (!intent.tls && location && ((tlsServer && sslRedirect) || forceRedirect)) {
    const target = `https://${intent.hostHeader}${intent.uri}`;
    const why = forceRedirect
      ? 'the force-ssl-redirect annotation'
      : `host ${server.hostname} has TLS (Ingress ${tlsServer?.ingress ?? ''}) and ssl-redirect defaults to true`;
    return {
      kind: 'respond',
      hops: [l7(`${who} reads ${method}. ${decided}. Because ${why}, it answers 308 Permanent Redirect to ${target} instead of proxying.`)],
      http: httpOf(nginxAnswer(308, date, { location: target }), host, intent.uri, route),
      reason: `HTTP 308 Permanent Redirect to ${target} (${why}); follow it with https://`,
    };
  }
  if (!location?.payload.backend) {
    return {
      kind: 'respond',
      hops: [
        l7(`${who} reads ${method}.${tlsText} ${decided}, which has no backend: the controller's default backend answers 404 Not Found.`),
      ],
      http: httpOf(nginxAnswer(404, date), host, intent.uri, route),
      reason: `HTTP 404 Not Found from the ingress controller's default backend: no Ingress rule matches Host ${host} and path ${intent.uri}`,
    };
  }
  const backend = location.payload.backend;
  const rewrite = route.rewritten ? `; rewrite-target ${annotations?.rewriteTarget ?? ''} → the backend sees GET ${route.backendPath}` : '';
  const upstream = resolveUpstream(state, backend);
  const name = `${backend.namespace}-${backend.service}-${backend.port.name ?? backend.port.number ?? ''}`;
  if (upstream.kind === 'unavailable') {
    return {
      kind: 'respond',
      hops: [
        l7(
          `${who} reads ${method}.${tlsText} ${decided}${rewrite}. The upstream ${name} is empty — ${upstream.reason} — so it answers 503 Service Temporarily Unavailable.`,
        ),
      ],
      http: httpOf(nginxAnswer(503, date), host, intent.uri, route, route.backendPath),
      reason: `HTTP 503 Service Temporarily Unavailable from the ingress controller: ${upstream.reason}`,
    };
  }
  const hops = [l7(`${who} reads ${method}.${tlsText} ${decided}${rewrite}; backend ${backendText(backend)}.`)];
  const http = httpOf(proxiedAnswer(200), host, intent.uri, route, route.backendPath);
  const srcPort = stream(state, 'ephemeral-port', node, flow.dstIP).int(EPHEMERAL.first, EPHEMERAL.last);
  if (upstream.kind === 'externalName') {
    const next: Flow = { srcIP: flow.dstIP, srcPort, dstIP: flow.dstIP, dstPort: flow.dstPort, protocol: 'TCP' };
    hops.push(
      makeHop(
        'ingress-controller',
        `Service ${backend.service} is an ExternalName for ${upstream.host}: ingress-nginx resolves that name and proxies to port ${upstream.port} itself.`,
        next,
        at,
      ),
    );
    return { kind: 'proxy-name', hops, http, host: upstream.host, port: upstream.port, flow: next };
  }
  const picked = roundRobin(state, name, upstream.endpoints, () =>
    stream(state, 'ingress-nginx', 'round-robin', name).int(0, upstream.endpoints.length - 1),
  );
  const next: Flow = { srcIP: flow.dstIP, srcPort, dstIP: picked.ip, dstPort: picked.port, protocol: 'TCP' };
  const sp = upstream.servicePort;
  const by =
    upstream.matchedBy === 'port'
      ? `port ${sp.port}`
      : upstream.matchedBy === 'name'
        ? `port name ${sp.name ?? ''} (${sp.port})`
        : `targetPort ${String(sp.targetPort)} of port ${sp.port} (the Ingress names ${backend.port.number ?? ''}, which is not a port of the Service; ingress-nginx accepts a targetPort too, other controllers may not)`;
  const list = upstream.endpoints.map((e) => `${e.ip}:${e.port}`).join(', ');
  const target = picked.pod ? `pod ${picked.pod.namespace}/${picked.pod.name}` : 'the endpoint';
  hops.push(
    makeHop(
      'ingress-controller',
      `The upstream ${name} is Service ${backend.service}, ${by}: its ready endpoints ${list}. The Lua balancer (round_robin) picks ${picked.ip}:${picked.port}, ${target}, and opens a new connection to it from the controller pod's own address ${flow.dstIP} — straight to the endpoint, not through the ClusterIP, so kube-proxy plays no part.`,
      next,
      { ...at, rule: `upstream ${name} { ${upstream.endpoints.map((e) => `server ${e.ip}:${e.port};`).join(' ')} }` },
    ),
  );
  return { kind: 'proxy', hops, http, flow: next };
}
