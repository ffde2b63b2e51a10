/** The request tracer's vocabulary: what `cluster.send` takes and returns. */

export type TraceSource = { pod: string; namespace?: string } | { external: string };

export type TraceTarget = string | { ping: string };

export interface SendRequest {
  from: TraceSource;
  /** 'http://host:port/path', 'host:port', 'ip:port', or { ping: ip }. */
  to: TraceTarget;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  sourcePort?: number;
  /** The HTTP Host header, like `curl -H 'Host: …'`, when the URL names an address. Default: the URL's host. */
  host?: string;
  /** The HTTP method, like `curl -X`. Default GET. */
  method?: string;
  /** More request headers, like `curl -H 'Name: value'` (a Host header here counts as `host`). */
  headers?: Record<string, string>;
}

export type HopComponent = 'client' | 'dns' | 'cloud-lb' | 'node' | 'kube-proxy' | 'ingress-controller' | 'pod' | 'external';

export interface Packet {
  /** 'ip:port' */
  src: string;
  /** 'ip:port' */
  dst: string;
  protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
}

export interface Hop {
  component: HopComponent;
  node?: string;
  /** One sentence a learner can read: what happened at this hop and why. */
  note: string;
  /** The packet as it leaves this hop. */
  packet: Packet;
  /** The iptables rule (iptables-save syntax) or L7 rule that decided this hop, when there is one. */
  rule?: string;
  /**
   * The kube-proxy rules `rule` shows, in its order, as structure: the chain each rule is in and
   * where it sends the packet (nftables map elements, which `rule` shows too, are left out).
   */
  rules?: HopRule[];
  /** True when this hop rewrote the destination (DNAT) or source (SNAT/masquerade). */
  nat?: 'DNAT' | 'SNAT' | 'DNAT+SNAT';
  /**
   * The objects whose rules decided this hop: the Service of a KUBE-SVC/KUBE-EXT jump, the
   * Service and the EndpointSlice the endpoint picked came from (with that endpoint, `ip:port`)
   * at a KUBE-SEP pick and DNAT, the Ingress whose rule matched; at a Gateway's Envoy proxy, the
   * Gateway, the HTTPRoute or GRPCRoute whose rule matched, and at the pick of a backend its
   * Service and EndpointSlice. Never the v1 Endpoints: kube-proxy and Envoy Gateway read
   * EndpointSlices (the Endpoints API is deprecated since 1.33, KEP-4974). A picture lights them
   * at this hop.
   */
  uses?: HopUse[];
}

/** One kube-proxy rule of a hop. */
export interface HopRule {
  chain: string;
  /**
   * The chain the rule jumps or goes to, or its built-in target or verdict (iptables DNAT, MARK,
   * MASQUERADE, ACCEPT, DROP, REJECT, RETURN; nftables drop, return); none for a rule that only
   * matches, counts or leaves the choice to a verdict map.
   */
  target?: string;
}

/** An object a hop's rule came from; `address` is the endpoint picked, for an EndpointSlice. */
export interface HopUse {
  kind: 'Service' | 'EndpointSlice' | 'Ingress' | 'Gateway' | 'HTTPRoute' | 'GRPCRoute';
  name: string;
  namespace: string;
  address?: string;
}

/**
 * How a traced request ended, so tools need not parse `reason`:
 * - `delivered`: a pod, a process of a node or a host outside the cluster accepted the connection
 *   (or answered the ping) — through the ingress controller too, when it proxied to a backend;
 * - `dropped`: a DROP discarded it and the client hears nothing until it gives up: kube-proxy's
 *   filter rules for a Service with no local endpoints (traffic policy Local) and for a source
 *   outside loadBalancerSourceRanges (KUBE-PROXY-FIREWALL), or the cloud load balancer's firewall;
 * - `rejected`: refused at once. `icmp-port-unreachable` is kube-proxy's `-j REJECT` for a Service
 *   without endpoints (proxier.go writes no `--reject-with`, so iptables' default
 *   icmp-port-unreachable is sent; a TCP client reports "connection refused"), and a node's answer to
 *   UDP for a port nothing listens on; `tcp-reset` is a node's kernel answering a TCP SYN for a port
 *   nothing listens on with RST; `sctp-abort` the same for SCTP;
 * - `timeout`: lost without a DROP rule: no route, no kube-proxy rule for that address and port, a
 *   NotReady node, a load balancer without that listener or a healthy node;
 * - `http`: an HTTP server the simulation models answered itself with `status` (ingress-nginx's own
 *   301/308/400/404/503, its 502/504 when the backend failed; kube-proxy's health check server);
 * - `tls-failure`: a TLS handshake with a server that speaks plain HTTP on that port;
 * - `dns-failure`: the name did not resolve (`rcode` NXDOMAIN, or NOERROR without an A record);
 * - `not-sent`: the request could not start (no such pod, a pod not running or on a NotReady node,
 *   a malformed target).
 */
export type TraceVerdict =
  | { kind: 'delivered' }
  | { kind: 'dropped' }
  | { kind: 'rejected'; with: 'icmp-port-unreachable' | 'tcp-reset' | 'sctp-abort' }
  | { kind: 'timeout' }
  | { kind: 'http'; status: number }
  | { kind: 'tls-failure' }
  | { kind: 'dns-failure'; rcode: 'NXDOMAIN' | 'NOERROR' }
  | { kind: 'not-sent' };

/**
 * The HTTP exchange, when the request reached an HTTP server the simulation models: the ingress
 * controller, or kube-proxy's health check server on a healthCheckNodePort.
 */
export interface TraceHttp {
  /** Who read the request: ingress-nginx, a Gateway's Envoy proxy (Envoy Gateway), or kube-proxy's service health check server. */
  server: 'ingress-nginx' | 'envoy-gateway' | 'kube-proxy';
  /**
   * The status the client gets: nginx's automatic 301, the controller's own 308, 400, 404 or 503, a 502/504 when the
   * backend could not be reached, or 200 when a backend pod got the request (the simulated
   * applications answer 200); kube-proxy's health check answers 200 or 503.
   */
  status: number;
  /** The reason phrase of the status line (`Moved Permanently`; nginx says `Service Temporarily Unavailable` for 503). */
  reason?: string;
  /** The status line as the client reads it: `HTTP/1.1 301 Moved Permanently`. */
  statusLine?: string;
  /** The Host header, as the server compared it (lower case, no port). */
  host: string;
  /** Path and query as the client sent them. */
  path: string;
  /** Path and query as the backend sees them, after rewrite-target. */
  backendPath?: string;
  /** namespace/name of the Ingress whose rule matched. */
  ingress?: string;
  /** The rule that matched, in words: host, path (pathType) -> service:port. */
  rule?: string;
  /**
   * The response headers, in the order they are sent: those the server writes itself (nginx's
   * Date, Content-Type, Content-Length, Location of a redirect, Connection; kube-proxy's health
   * check's). A backend application's own headers are not modelled: a proxied 200 has none here.
   */
  headers: Record<string, string>;
  /** The response body, when the simulation knows it (kube-proxy's health check JSON). */
  body?: string;
  /** The request method. */
  method?: string;
  /** The request headers as the backend gets them, after the route's filters (Gateway API). */
  backendHeaders?: Record<string, string>;
  /** The Gateway API objects that decided, when a Gateway's proxy read the request. */
  gateway?: TraceGateway;
}

/** Which Gateway listener, HTTPRoute rule, filters and backend handled a request. */
export interface TraceGateway {
  /** namespace/name of the Gateway. */
  gateway: string;
  listener?: string;
  /** The route hostname (virtual host) the Host header selected. */
  hostname?: string;
  /** namespace/name of the route. */
  route?: string;
  routeKind?: 'HTTPRoute' | 'GRPCRoute';
  ruleIndex?: number;
  matchIndex?: number;
  /** The filters applied, in words. */
  filters?: string[];
  /** The backendRef the request went to: namespace/name:port. */
  backend?: string;
}

export interface Trace {
  ok: boolean;
  /** How the request ended, in structure (`reason` says it in words). */
  verdict: TraceVerdict;
  /** Why the request failed, when it did. */
  reason?: string;
  hops: Hop[];
  /** The pod that received the request. */
  pod?: { name: string; namespace: string; node: string; ip: string; port: number };
  /** The external endpoint that received it (manual Endpoints, ExternalName). */
  external?: { host: string; ip: string; port: number };
  sourceIpSeenByPod?: string;
  /** When the ingress controller answered 502/504 because its own connection to the backend failed: how that connection ended. */
  upstreamVerdict?: TraceVerdict;
  /** The HTTP request and answer, when the trace reached the ingress controller or kube-proxy's health check server. */
  http?: TraceHttp;
}
