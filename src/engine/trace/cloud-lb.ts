/**
 * The simulated cloud's load balancer in front of a LoadBalancer Service: a passthrough (network)
 * load balancer that keeps the client's address and forwards each new connection to a healthy
 * node's nodePort, as AWS NLB with instance targets or the service controller's node-port based
 * balancers do. A node is healthy when, for externalTrafficPolicy: Local, kube-proxy's health
 * check on healthCheckNodePort answers 200 (it has a ready local endpoint; a NotReady node does
 * not answer); for Cluster, kube-proxy's own /healthz on port 10256 decides (KEP-3458), i.e. the
 * node is up.
 */
import type { ClusterState } from '../state';
import { stream } from '../proxy/runtime';
import { serviceHealth } from '../proxy/health-check';
import type { ServicePortInfo } from '../proxy/service-ports';
import type { Hop } from './types';
import type { Flow } from './flow';
import { dstText, makeHop } from './flow';
import { allNodes, inCidr } from './network';
import type { NodeAddresses } from './network';

export const EXCLUDE_FROM_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

export type CloudLBStep = { ok: true; hop: Hop; node: NodeAddresses } | { ok: false; hop: Hop; reason: string; dropped?: boolean };

/** The nodes the load balancer targets: the service controller leaves out nodes labelled for exclusion. */
function targetNodes(state: ClusterState): NodeAddresses[] {
  return allNodes(state).filter((n) => state.store.get('Node', n.name)?.metadata.labels?.[EXCLUDE_FROM_LB_LABEL] === undefined);
}

interface HealthChecks {
  healthy: NodeAddresses[];
  /** What the load balancer's health check found, in words, for the hop's rule. */
  check: string;
}

/**
 * The load balancer's health checks of its target nodes. externalTrafficPolicy Local: an HTTP GET
 * of /healthz on the Service's healthCheckNodePort, answered by kube-proxy's service health server
 * (proxy/health-check.ts) — the same answer `send` gives to a request to that port; a NotReady node
 * does not answer. Cluster: kube-proxy's own /healthz on 10256, i.e. whether the node is up.
 */
function healthChecks(state: ClusterState, info: ServicePortInfo): HealthChecks {
  const targets = targetNodes(state);
  if (!info.externalLocal || info.healthCheckNodePort === 0) {
    return {
      healthy: targets.filter((n) => n.ready),
      check: 'health check: kube-proxy /healthz on :10256 of every Ready node (externalTrafficPolicy: Cluster)',
    };
  }
  const port = info.healthCheckNodePort;
  const date = new Date(state.timestamp()).toUTCString();
  const healthy: NodeAddresses[] = [];
  const results = targets.map((n) => {
    if (!n.ready) return `${n.name} no answer (NotReady)`;
    const answer = serviceHealth(state, n.name, port, date);
    if (answer?.status === 200) healthy.push(n);
    return `${n.name} ${answer ? `${answer.status} (localEndpoints ${answer.localEndpoints})` : 'connection refused'}`;
  });
  return {
    healthy,
    check: `health check GET :${port}/healthz, kube-proxy's healthCheckNodePort (externalTrafficPolicy: Local): ${results.join(', ')}`,
  };
}

/**
 * spec.loadBalancerSourceRanges: "If specified and supported by the platform, this will restrict
 * traffic through the cloud-provider load-balancer will be restricted to the specified client IPs"
 * (ServiceSpec, k8s.io/api/core/v1/types.go). The simulated cloud enforces them in its own firewall,
 * before any node: a nodePort is not subject to them (proxier_test.go TestLoadBalancer, "nodePort
 * bypasses LoadBalancerSourceRanges"), so kube-proxy's KUBE-FW chain cannot do it there.
 */
function outsideSourceRanges(info: ServicePortInfo, flow: Flow): CloudLBStep | undefined {
  const ranges = info.loadBalancerSourceRanges;
  if (ranges.length === 0 || ranges.some((r) => inCidr(r, flow.srcIP))) return undefined;
  const list = ranges.map((r) => r.text).join(', ');
  return {
    ok: false,
    hop: makeHop(
      'cloud-lb',
      `The cloud's firewall for the load balancer ${flow.dstIP} admits only ${list} (loadBalancerSourceRanges of ${info.spn}); ${flow.srcIP} is outside them, so the packet is dropped.`,
      flow,
      {
        rule: `${flow.dstIP}:${info.port.port}/${info.port.protocol} allow from ${list}; deny all others`,
      },
    ),
    reason: `timed out: ${flow.srcIP} is not in the loadBalancerSourceRanges of ${info.spn} (${list}); the cloud load balancer ${flow.dstIP} drops its packets`,
    dropped: true,
  };
}

/** Forwards `flow` (addressed to the load balancer of the Service ports `at`) to a node; `flow` is rewritten in place. */
export function cloudLoadBalancer(state: ClusterState, flow: Flow, at: readonly ServicePortInfo[]): CloudLBStep {
  const lbIP = flow.dstIP;
  const listeners = at.map((p) => `${p.port.port}/${p.port.protocol}`).join(', ');
  const info = at.find((p) => p.port.port === flow.dstPort && p.port.protocol === flow.protocol);
  if (!info) {
    const what = flow.protocol === 'ICMP' ? 'does not answer ICMP' : `has no listener for ${flow.dstPort}/${flow.protocol}`;
    return {
      ok: false,
      hop: makeHop(
        'cloud-lb',
        `The load balancer ${lbIP} of ${at[0]?.spn ?? 'a Service'} ${what}; it forwards only the Service's ports (${listeners}).`,
        flow,
      ),
      reason: `timed out: the load balancer ${lbIP} ${what} (its listeners: ${listeners})`,
    };
  }
  const refused = outsideSourceRanges(info, flow);
  if (refused) return refused;
  const { healthy, check } = healthChecks(state, info);
  const pool = healthy.map((n) => n.name).join(', ');
  const rule = `${lbIP}:${info.port.port}/${info.port.protocol} -> ${info.nodePort ? `nodes:${info.nodePort}` : `nodes (${lbIP}:${info.port.port})`} [${check}; healthy: ${pool || 'none'}]`;
  if (healthy.length === 0) {
    return {
      ok: false,
      hop: makeHop('cloud-lb', `The load balancer ${lbIP} has no healthy node to send to (${check}).`, flow, { rule }),
      reason: `timed out: the load balancer ${lbIP} of ${info.spn} has no healthy backend node`,
    };
  }
  const node = stream(state, 'cloud-lb', lbIP).pick(healthy) as NodeAddresses;
  const before = dstText(flow);
  if (info.nodePort) {
    flow.dstIP = node.internalIP;
    flow.dstPort = info.nodePort;
    return {
      ok: true,
      hop: makeHop(
        'cloud-lb',
        `The cloud load balancer picks ${node.name} among the healthy nodes (${pool}) and forwards ${before} to its nodePort ${dstText(flow)}, keeping the client's source address.`,
        flow,
        { rule, nat: 'DNAT' },
      ),
      node,
    };
  }
  return {
    ok: true,
    hop: makeHop(
      'cloud-lb',
      `The cloud load balancer picks ${node.name} among the healthy nodes (${pool}) and delivers the packet to it unchanged (no nodePort: allocateLoadBalancerNodePorts is false).`,
      flow,
      { rule },
    ),
    node,
  };
}
