/**
 * A new connection's first packet through the rules kube-proxy wrote on one node: the nat table
 * (PREROUTING/OUTPUT -> KUBE-SERVICES -> KUBE-SVC/KUBE-EXT/KUBE-NODEPORTS -> KUBE-SEP DNAT),
 * then, for what nat left alone, the filter table's REJECT/DROP rules for Services without
 * (local) endpoints. Every rule that matched becomes a hop. Masquerading happens later, in
 * POSTROUTING, once the packet's way out is known: see `masquerade`.
 */
import type { ClusterState } from '../state';
import type { Hop } from '../trace/types';
import type { Flow } from '../trace/flow';
import { dstText, makeHop } from '../trace/flow';
import { inCidr } from '../trace/network';
import type { DispatchChain, DispatchRule, NodeRules, NodeServicePort } from './node-rules';
import { serviceKey } from './node-rules';
import type { ProxyEndpoint } from './service-ports';
import { nodeRules, recentList, stream } from './runtime';

export type ProxyVerdict =
  /** No kube-proxy rule matched: the packet is routed as it is. */
  | { verdict: 'none'; hops: Hop[] }
  /** The filter table rejected (REJECT, "connection refused") or dropped (DROP, a timeout) it. */
  | { verdict: 'rejected' | 'dropped'; hops: Hop[]; reason: string }
  | { verdict: 'dnat'; hops: Hop[]; endpoint: ProxyEndpoint; servicePort: NodeServicePort; masquerade: boolean };

interface Walk {
  state: ClusterState;
  node: string;
  rules: NodeRules;
  flow: Flow;
  /** The source is an address of this node (--src-type LOCAL): host-network senders. */
  srcLocal: boolean;
  hops: Hop[];
  marked: boolean;
}

function kp(walk: Walk, note: string, rule: string, nat?: Hop['nat']): void {
  walk.hops.push(makeHop('kube-proxy', note, walk.flow, { node: walk.node, rule, ...(nat ? { nat } : {}) }));
}

function fromPod(walk: Walk): boolean {
  return inCidr(walk.state.options.podCIDR, walk.flow.srcIP);
}

function mark(walk: Walk, rule: string, why: string): void {
  walk.marked = true;
  kp(walk, `${why}: KUBE-MARK-MASQ sets mark 0x4000 so that POSTROUTING masquerades the packet's source.`, rule);
}

function pickByAffinity(walk: Walk, chain: DispatchChain, seconds: number): DispatchRule | undefined {
  const now = walk.state.now;
  for (const rule of chain.affinity) {
    const list = recentList(walk.state, walk.node, rule.endpoint.sep);
    const seen = list.get(walk.flow.srcIP);
    if (seen === undefined) continue;
    if (now - seen < seconds) return rule;
    list.delete(walk.flow.srcIP); // --reap
  }
  return undefined;
}

function pickByStatistic(walk: Walk, chain: DispatchChain): { rule: DispatchRule; tried: number } {
  const random = stream(walk.state, 'kube-proxy', 'statistic', walk.node);
  for (let i = 0; i < chain.balance.length; i++) {
    const rule = chain.balance[i] as DispatchRule;
    if (rule.probability === undefined || random.float() < rule.probability) return { rule, tried: i };
  }
  throw new Error(`chain ${chain.name} has no endpoint rules`);
}

function dispatch(walk: Walk, servicePort: NodeServicePort, chain: DispatchChain): ProxyVerdict {
  const { info } = servicePort;
  const n = chain.balance.length;
  const sticky = info.affinitySeconds !== undefined ? pickByAffinity(walk, chain, info.affinitySeconds) : undefined;
  let chosen: DispatchRule;
  if (sticky) {
    chosen = sticky;
    kp(
      walk,
      `${chain.name}: sessionAffinity ClientIP — ${walk.flow.srcIP} used ${sticky.endpoint.address} less than ${info.affinitySeconds}s ago (the recent module's list ${sticky.endpoint.sep}), so it goes there again.`,
      sticky.rule,
    );
  } else {
    const { rule, tried } = pickByStatistic(walk, chain);
    chosen = rule;
    const local = chain.name === info.svl ? ' local' : '';
    const why =
      n === 1
        ? `the only${local} endpoint, ${rule.endpoint.address}`
        : rule.probability === undefined
          ? `endpoint ${tried + 1} of ${n}${local} (${rule.endpoint.address}): the ${n - 1} random rule(s) before it did not match, and the last rule always does`
          : `endpoint ${tried + 1} of ${n}${local} (${rule.endpoint.address}): this rule matches with probability ${rule.probability}` +
            (tried > 0 ? ` after the ${tried} before it did not` : '');
    kp(walk, `${chain.name} picks ${why}.`, rule.rule);
  }
  const ep = chosen.endpoint;
  const sep = servicePort.endpoints.get(ep.sep);
  if (!sep) throw new Error(`no ${ep.sep} chain`);
  if (walk.flow.srcIP === ep.ip) {
    mark(walk, sep.hairpin, `${ep.sep}: the pod is reaching itself through the Service (hairpin)`);
  }
  if (info.affinitySeconds !== undefined) recentList(walk.state, walk.node, ep.sep).set(walk.flow.srcIP, walk.state.now);
  const before = dstText(walk.flow);
  walk.flow.dstIP = ep.ip;
  walk.flow.dstPort = ep.port;
  const target = ep.pod ? `pod ${ep.pod.namespace}/${ep.pod.name}` : 'the endpoint';
  kp(
    walk,
    `${ep.sep} rewrites the destination ${before} to ${ep.address}, ${target} (DNAT${info.affinitySeconds !== undefined ? '; the recent module remembers the client for affinity' : ''}).`,
    sep.dnat,
    'DNAT',
  );
  return { verdict: 'dnat', hops: walk.hops, endpoint: ep, servicePort, masquerade: walk.marked };
}

function filtered(walk: Walk, rule: string, servicePort: NodeServicePort, what: string, fellThrough = false): ProxyVerdict {
  const rejected = rule.endsWith('-j REJECT');
  const { spn, ext, svl } = servicePort.info;
  const reason = rejected
    ? `connection refused: Service ${spn} has no ready endpoints, so kube-proxy REJECTs ${what} in the filter table`
    : `timed out: Service ${spn} has no ready endpoint on ${walk.node} and its traffic policy is Local, so kube-proxy DROPs ${what} in the filter table`;
  walk.hops.push(
    makeHop(
      'kube-proxy',
      rejected
        ? `No nat rule exists for ${spn} (no ready endpoints); the filter table rejects the packet with ICMP port unreachable.`
        : fellThrough
          ? `${ext} has no jump to ${svl} for traffic from outside the cluster: ${walk.node} runs no ready endpoint of ${spn} (externalTrafficPolicy: Local). Nothing in nat rewrote the packet, and the filter table drops it.`
          : `${spn} has no local endpoints on ${walk.node}; the filter table drops the packet.`,
      walk.flow,
      { node: walk.node, rule },
    ),
  );
  return { verdict: rejected ? 'rejected' : 'dropped', hops: walk.hops, reason };
}

function internal(walk: Walk, servicePort: NodeServicePort, entry: string): ProxyVerdict {
  const { info } = servicePort;
  kp(walk, `KUBE-SERVICES: ${dstText(walk.flow)} is the cluster IP of ${info.spn}; jump to ${servicePort.internalChain}.`, entry);
  if (servicePort.nat.internalMasquerade && !fromPod(walk)) {
    mark(walk, servicePort.nat.internalMasquerade, `${servicePort.internalChain}: the source ${walk.flow.srcIP} is outside the pod network ${walk.rules.podCIDR}`);
  }
  const chain = servicePort.internalChain === info.svl ? servicePort.localChain : servicePort.clusterChain;
  if (!chain) throw new Error(`no ${servicePort.internalChain} chain`);
  return dispatch(walk, servicePort, chain);
}

function external(walk: Walk, servicePort: NodeServicePort, entryNote: string, entry: string, filterRule: string | undefined, what: string): ProxyVerdict {
  const { info } = servicePort;
  kp(walk, `${entryNote}; jump to ${info.ext}.`, entry);
  const ext = servicePort.nat.ext;
  if (!ext) throw new Error(`no ${info.ext} chain`);
  if (ext.masquerade) {
    mark(walk, ext.masquerade, `${info.ext}: externalTrafficPolicy Cluster may send the packet to another node`);
  } else if (ext.podShortCircuit && fromPod(walk)) {
    kp(walk, `${info.ext}: traffic from a pod skips the Local policy and uses every endpoint (${info.svc}).`, ext.podShortCircuit);
    if (!servicePort.clusterChain) throw new Error(`no ${info.svc} chain`);
    return dispatch(walk, servicePort, servicePort.clusterChain);
  } else if (ext.localMasquerade && ext.localRoute && walk.srcLocal) {
    mark(walk, ext.localMasquerade, `${info.ext}: the source is an address of ${walk.node} itself`);
    kp(walk, `${info.ext}: traffic from the node itself uses every endpoint (${info.svc}).`, ext.localRoute);
    if (!servicePort.clusterChain) throw new Error(`no ${info.svc} chain`);
    return dispatch(walk, servicePort, servicePort.clusterChain);
  }
  if (!ext.toPolicy) {
    if (!filterRule) throw new Error(`no filter rule for ${info.spn}`);
    return filtered(walk, filterRule, servicePort, what, true);
  }
  const chain = servicePort.externalPolicyChain === info.svl ? servicePort.localChain : servicePort.clusterChain;
  if (!chain) throw new Error(`no ${servicePort.externalPolicyChain} chain`);
  kp(
    walk,
    info.externalLocal
      ? `${info.ext}: externalTrafficPolicy Local — only endpoints on ${walk.node} (${chain.name}), and the client's address is kept.`
      : `${info.ext}: on to the Service's endpoints in ${chain.name}.`,
    ext.toPolicy,
  );
  return dispatch(walk, servicePort, chain);
}

export interface ProxyInput {
  state: ClusterState;
  node: string;
  flow: Flow;
  /** The destination is an address of this node (-m addrtype --dst-type LOCAL). */
  dstLocal: boolean;
  srcLocal: boolean;
}

/** Runs the packet through the node's kube-proxy rules; `flow` is rewritten in place on DNAT. */
export function kubeProxy(input: ProxyInput): ProxyVerdict {
  const { state, node, flow } = input;
  const rules = nodeRules(state, node);
  const walk: Walk = { state, node, rules, flow, srcLocal: input.srcLocal, hops: [], marked: false };
  if (flow.protocol === 'ICMP') return { verdict: 'none', hops: walk.hops };
  const key = serviceKey(flow.dstIP, flow.dstPort, flow.protocol);
  const dst = dstText(flow);

  const byClusterIP = rules.byClusterIP.get(key);
  if (byClusterIP?.nat.clusterIP) return internal(walk, byClusterIP, byClusterIP.nat.clusterIP);

  const byExternalIP = rules.byExternalIP.get(key);
  const externalIPRule = byExternalIP?.nat.externalIPs.get(flow.dstIP);
  if (byExternalIP && externalIPRule) {
    const filterRule = byExternalIP.filter.externalIPs.get(flow.dstIP);
    return external(walk, byExternalIP, `KUBE-SERVICES: ${dst} is an external IP of ${byExternalIP.info.spn}`, externalIPRule, filterRule, `traffic to ${dst}`);
  }

  const byLB = rules.byLoadBalancerIP.get(key);
  const lbRule = byLB?.nat.loadBalancer.get(flow.dstIP);
  if (byLB && lbRule) {
    const filterRule = byLB.filter.loadBalancer.get(flow.dstIP);
    return external(walk, byLB, `KUBE-SERVICES: ${dst} is the load balancer IP of ${byLB.info.spn}`, lbRule, filterRule, `traffic to ${dst}`);
  }

  const byNodePort = input.dstLocal ? rules.byNodePort.get(`${flow.dstPort}/${flow.protocol}`) : undefined;
  if (byNodePort?.nat.nodePort) {
    kp(walk, `KUBE-SERVICES: ${flow.dstIP} is an address of ${node} itself, so the last rule sends the packet to KUBE-NODEPORTS.`, rules.rules.nodePorts);
    return external(
      walk,
      byNodePort,
      `KUBE-NODEPORTS: port ${flow.dstPort}/${flow.protocol} is the nodePort of ${byNodePort.info.spn}`,
      byNodePort.nat.nodePort,
      byNodePort.filter.nodePort,
      `traffic to nodePort ${flow.dstPort}`,
    );
  }

  // Nothing in nat: the filter table's rules for Services without endpoints.
  if (byClusterIP?.filter.clusterIP) return filtered(walk, byClusterIP.filter.clusterIP, byClusterIP, `connections to ${dst}`);
  const externalFilter = byExternalIP?.filter.externalIPs.get(flow.dstIP);
  if (byExternalIP && externalFilter) return filtered(walk, externalFilter, byExternalIP, `connections to ${dst}`);
  const lbFilter = byLB?.filter.loadBalancer.get(flow.dstIP);
  if (byLB && lbFilter) return filtered(walk, lbFilter, byLB, `connections to ${dst}`);
  if (byNodePort?.filter.nodePort) return filtered(walk, byNodePort.filter.nodePort, byNodePort, `connections to nodePort ${flow.dstPort}`);
  return { verdict: 'none', hops: walk.hops };
}

/**
 * POSTROUTING: a packet marked 0x4000 leaves with the address of the interface it goes out of as
 * its source (MASQUERADE), and a random source port (--random-fully).
 */
export function masquerade(state: ClusterState, node: string, flow: Flow, address: string, via: string): Hop {
  const rules = nodeRules(state, node);
  const before = flow.srcIP;
  flow.srcIP = address;
  flow.srcPort = stream(state, 'kube-proxy', 'random-fully', node).int(32768, 60999);
  return makeHop(
    'kube-proxy',
    `KUBE-POSTROUTING: the packet carries mark 0x4000, so MASQUERADE replaces the source ${before} with ${address}, the address of ${via}, the interface it leaves by.`,
    flow,
    { node, rule: rules.rules.masquerade, nat: 'SNAT' },
  );
}

/** The Service ports whose cluster IP is `ip`, to explain why nothing matched. */
export function servicePortsAt(state: ClusterState, node: string, ip: string): NodeServicePort[] {
  return nodeRules(state, node).ports.filter((p) => p.info.clusterIP === ip);
}
