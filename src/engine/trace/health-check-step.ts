/**
 * A connection to `<node address>:<healthCheckNodePort>` ends at kube-proxy on that node: the
 * filter table ACCEPTs it (KUBE-NODEPORTS' "<svc> health check node port" rule, proxier.go
 * "Capture healthCheckNodePorts") and kube-proxy's service health server answers the HTTP request
 * (src/engine/proxy/health-check.ts, after pkg/proxy/healthcheck/service_health.go).
 */
import type { ClusterState } from '../state';
import { healthCheckAcceptRules, serviceHealth } from '../proxy/health-check';
import { iptShown } from '../proxy/hop-rules';
import type { Hop, Trace, TraceHttp } from './types';
import type { Flow } from './flow';
import { dstText, makeHop } from './flow';
import type { HttpIntent } from './ingress-step';
import { normalizeHost } from '../ingress/hosts';

/** The trace's end when kube-proxy's health check server listens on the packet's port, else undefined. */
export function healthCheckServer(
  state: ClusterState,
  node: string,
  flow: Flow,
  intent: HttpIntent | undefined,
  hops: Hop[],
): Trace | undefined {
  if (flow.protocol !== 'TCP') return undefined;
  const date = new Date(state.timestamp()).toUTCString(); // Go's http.TimeFormat: "Mon, 02 Jan 2006 15:04:05 GMT"
  const answer = serviceHealth(state, node, flow.dstPort, date);
  if (!answer) return undefined;
  const svc = `${answer.service.namespace}/${answer.service.name}`;
  const dst = dstText(flow);
  hops.push(
    makeHop(
      'kube-proxy',
      `Filter table: INPUT sends the connection to KUBE-NODEPORTS, whose "${svc} health check node port" rule ACCEPTs it: ${flow.dstPort} is the healthCheckNodePort of ${svc} (type LoadBalancer, externalTrafficPolicy: Local), and kube-proxy itself listens on it on every node.`,
      flow,
      { node, ...iptShown(...healthCheckAcceptRules(state, node, flow.dstPort)) },
    ),
  );
  const external = { host: 'kube-proxy', ip: flow.dstIP, port: flow.dstPort };
  if (!intent) {
    hops.push(
      makeHop(
        'kube-proxy',
        `kube-proxy on ${node} accepts the connection on ${dst}: its health check server for ${svc} listens there.`,
        flow,
        { node },
      ),
    );
    return { ok: true, verdict: { kind: 'delivered' }, hops, external };
  }
  if (intent.tls) {
    hops.push(
      makeHop('kube-proxy', `kube-proxy's health check server on ${dst} speaks plain HTTP: it cannot answer the TLS handshake.`, flow, {
        node,
      }),
    );
    return {
      ok: false,
      verdict: { kind: 'tls-failure' },
      hops,
      reason: `TLS handshake failed: kube-proxy's health check server on ${dst} (${svc}) speaks plain HTTP; use http://`,
    };
  }
  const local = answer.localEndpoints;
  const why =
    answer.status === 200
      ? `${node} has ${local} ready endpoint${local === 1 ? '' : 's'} of ${svc}, so a load balancer health-checking this port keeps sending the Service's traffic to ${node}`
      : `${node} runs no ready endpoint of ${svc}, so a load balancer health-checking this port stops sending the Service's traffic to ${node}`;
  hops.push(
    makeHop(
      'kube-proxy',
      `kube-proxy's health check server on ${node} answers ${intent.uri} (it answers every path alike) with HTTP ${answer.status} ${answer.statusText}, "localEndpoints": ${local}: ${why}.`,
      flow,
      { node },
    ),
  );
  const http: TraceHttp = {
    server: 'kube-proxy',
    status: answer.status,
    reason: answer.statusText,
    statusLine: `HTTP/1.1 ${answer.status} ${answer.statusText}`,
    host: normalizeHost(intent.hostHeader),
    path: intent.uri,
    headers: answer.headers,
    body: answer.body,
  };
  const verdict = { kind: 'http', status: answer.status } as const;
  if (answer.status === 200) return { ok: true, verdict, hops, external, http };
  return {
    ok: false,
    verdict,
    hops,
    http,
    reason: `HTTP 503 Service Unavailable from kube-proxy's health check on ${node}: ${node} has no ready endpoint of ${svc} ("localEndpoints": 0)`,
  };
}
