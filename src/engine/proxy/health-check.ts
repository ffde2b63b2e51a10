/**
 * kube-proxy's service health check server (pkg/proxy/healthcheck/service_health.go). For every
 * Service that needs one — apiservice.NeedsHealthCheck: `type: LoadBalancer` with
 * `externalTrafficPolicy: Local` — kube-proxy on every node listens on the Service's
 * spec.healthCheckNodePort (SyncServices(svcPortMap.HealthCheckNodePorts()); on all the node's
 * addresses, 0.0.0.0, when --nodeport-addresses is unset) and answers every HTTP request, whatever
 * its method and path (hcHandler is the server's only handler), with the number of the Service's
 * ready endpoints on this node: 200 when there is at least one and kube-proxy itself is healthy,
 * 503 otherwise (hcHandler.ServeHTTP). The count is EndpointsMap.LocalReadyEndpoints
 * (pkg/proxy/endpointschangetracker.go): distinct endpoint IPs over all the Service's ports, ready
 * and on this node, so 10.0.0.1:80 and 10.0.0.1:443 count once.
 *
 * kube-proxy is taken as healthy on every node the packet can reach: the simulation syncs its rules
 * on every change, so its /healthz (port 10256) never reports them stale. A NotReady node answers
 * nothing at all (the simulated node failure), which the callers handle.
 */
import type { ClusterState } from '../state';
import { FILTER_JUMPS } from './builtin-jumps';
import type { IptRule } from './ipt-rule';
import { jumpTarget } from './ipt-read';
import { KUBE_NODEPORTS } from './chains';
import { nodeRules, proxiedPorts } from './runtime';
import type { ServicePortInfo } from './service-ports';

export interface HealthCheckAnswer {
  service: { namespace: string; name: string };
  node: string;
  port: number;
  /** "localEndpoints": the Service's ready endpoint IPs on this node. */
  localEndpoints: number;
  /** "serviceProxyHealthy": kube-proxy's own health (its /healthz on 10256). */
  serviceProxyHealthy: boolean;
  status: 200 | 503;
  /** The status line's text, as Go's http.StatusText gives it. */
  statusText: 'OK' | 'Service Unavailable';
  /**
   * Response headers in the order Go's net/http writes them: the handler's (sorted by name), then
   * the Date and Content-Length the server adds.
   */
  headers: Record<string, string>;
  /** The JSON body, tab-indented as the handler's dedented template writes it, without a final newline. */
  body: string;
}

/** The proxied Service ports whose Service has this health check node port (one per Service port). */
function portsWithHealthCheck(state: ClusterState, port: number): ServicePortInfo[] {
  if (port === 0) return [];
  return proxiedPorts(state).filter((p) => p.healthCheckNodePort === port);
}

/** LocalReadyEndpoints for one Service on one node: distinct ready endpoint IPs whose nodeName is the node. */
function localReadyEndpoints(ports: readonly ServicePortInfo[], node: string): number {
  const ips = new Set<string>();
  for (const p of ports) for (const ep of p.ready) if (ep.nodeName === node) ips.add(ep.ip);
  return ips.size;
}

/** `fmt.Sprintf("%q", s)` for the names a Service can have (DNS labels): the JSON string. */
function quoted(s: string): string {
  return JSON.stringify(s);
}

/** hcHandler.ServeHTTP's body: the dedented template, trimmed of its leading and trailing newlines. */
export function healthCheckBody(namespace: string, name: string, localEndpoints: number, healthy: boolean): string {
  return [
    '{',
    '\t"service": {',
    `\t\t"namespace": ${quoted(namespace)},`,
    `\t\t"name": ${quoted(name)}`,
    '\t},',
    `\t"localEndpoints": ${localEndpoints},`,
    `\t"serviceProxyHealthy": ${healthy}`,
    '}',
  ].join('\n');
}

/**
 * What kube-proxy on `node` answers on `port`, or undefined when no Service's health check listens
 * there. `date` is the HTTP Date header's value (the simulated clock).
 */
export function serviceHealth(state: ClusterState, node: string, port: number, date: string): HealthCheckAnswer | undefined {
  const ports = portsWithHealthCheck(state, port);
  const first = ports[0];
  if (!first) return undefined;
  const service = { namespace: first.namespace, name: first.service.metadata.name };
  const localEndpoints = localReadyEndpoints(ports, node);
  const serviceProxyHealthy = true;
  const ok = localEndpoints !== 0 && serviceProxyHealthy;
  const body = healthCheckBody(service.namespace, service.name, localEndpoints, serviceProxyHealthy);
  return {
    service,
    node,
    port,
    localEndpoints,
    serviceProxyHealthy,
    status: ok ? 200 : 503,
    statusText: ok ? 'OK' : 'Service Unavailable',
    headers: {
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'X-Load-Balancing-Endpoint-Weight': String(localEndpoints),
      Date: date,
      'Content-Length': String(body.length),
    },
    body,
  };
}

/**
 * The filter table's way in to the health check port: INPUT's jump to KUBE-NODEPORTS and the first
 * "<svc> health check node port" ACCEPT rule kube-proxy wrote for it (one per Service port).
 */
export function healthCheckAcceptRules(state: ClusterState, node: string, port: number): IptRule[] {
  const jump = FILTER_JUMPS.find((j) => j.chain === 'INPUT' && jumpTarget(j) === KUBE_NODEPORTS);
  const accept = nodeRules(state, node).ports.find((p) => p.info.healthCheckNodePort === port && p.filter.healthCheck)?.filter.healthCheck;
  return [jump, accept].filter((r): r is IptRule => r !== undefined);
}
