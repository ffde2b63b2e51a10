/**
 * A new connection's first packet through the rules kube-proxy wrote on one node: the nat table
 * (PREROUTING/OUTPUT -> KUBE-SERVICES -> KUBE-SVC/KUBE-FW/KUBE-EXT/KUBE-NODEPORTS -> KUBE-SEP
 * DNAT), then, for what nat left alone, the filter table (filter-walk.ts). Every rule that matched
 * becomes a hop. Masquerading happens later, in POSTROUTING, once the packet's way out is known:
 * see `masquerade`.
 */
import type { ClusterState } from '../state';
import type { Hop } from '../trace/types';
import type { Flow } from '../trace/flow';
import { dstText, makeHop } from '../trace/flow';
import { iptShown, nftShown } from './hop-rules';
import type { IptRule } from './ipt-rule';
import { addressHolds, sourceAddress } from './ipt-read';
import type { NodeServicePort } from './node-rules';
import { nodePortJump, serviceKey } from './node-rules';
import { dispatch } from './dispatch';
import { filterTable } from './filter-walk';
import { nftRules, nodeRules, stream } from './runtime';
import { nftWalk } from './nft-walk';
import { NFT } from './nft-rules';
import type { ProxyVerdict, Walk } from './walk';
import { fromPod, kp, mark, serviceUse } from './walk';

export type { ProxyVerdict } from './walk';

function internal(walk: Walk, servicePort: NodeServicePort, entry: IptRule): ProxyVerdict {
  const { info } = servicePort;
  kp(
    walk,
    `KUBE-SERVICES: ${dstText(walk.flow)} is the cluster IP of ${info.spn}; jump to ${servicePort.internalChain}.`,
    iptShown(entry),
    undefined,
    [serviceUse(info)],
  );
  if (servicePort.nat.internalMasquerade && walk.rules.config.masqueradeAll) {
    mark(walk, servicePort.nat.internalMasquerade, `${servicePort.internalChain}: kube-proxy runs with --masquerade-all`);
  } else if (servicePort.nat.internalMasquerade && !fromPod(walk)) {
    mark(
      walk,
      servicePort.nat.internalMasquerade,
      `${servicePort.internalChain}: the source ${walk.flow.srcIP} is outside the cluster CIDR ${walk.rules.podCIDR}`,
    );
  }
  const chain = servicePort.internalChain === info.svl ? servicePort.localChain : servicePort.clusterChain;
  if (!chain) throw new Error(`no ${servicePort.internalChain} chain`);
  return dispatch(walk, servicePort, chain);
}

/**
 * KUBE-EXT-<hash>: masquerade for Cluster policy; for Local policy, pod traffic and the node's own
 * traffic short-circuit to KUBE-SVC, and the rest goes to KUBE-SVL, or, without local endpoints,
 * falls through (undefined) to the filter table.
 */
function externalChain(walk: Walk, servicePort: NodeServicePort): ProxyVerdict | undefined {
  const { info } = servicePort;
  const ext = servicePort.nat.ext;
  if (!ext) throw new Error(`no ${info.ext} chain`);
  const toCluster = (): ProxyVerdict => {
    if (!servicePort.clusterChain) throw new Error(`no ${info.svc} chain`);
    return dispatch(walk, servicePort, servicePort.clusterChain);
  };
  if (ext.masquerade) {
    mark(walk, ext.masquerade, `${info.ext}: externalTrafficPolicy Cluster may send the packet to another node`);
  } else if (ext.podShortCircuit && fromPod(walk)) {
    kp(
      walk,
      `${info.ext}: the source ${walk.flow.srcIP} is a pod (${walk.rules.podCIDR}), and pod traffic to a Service's external addresses ignores externalTrafficPolicy Local: on to every endpoint (${info.svc}), as if it had gone out to the load balancer and come back.`,
      iptShown(ext.podShortCircuit),
    );
    return toCluster();
  } else if (ext.localMasquerade && ext.localRoute && walk.srcLocal) {
    mark(walk, ext.localMasquerade, `${info.ext}: the source ${walk.flow.srcIP} is an address of ${walk.node} itself (--src-type LOCAL)`);
    kp(
      walk,
      `${info.ext}: traffic from ${walk.node} itself ignores externalTrafficPolicy Local too: on to every endpoint (${info.svc}).`,
      iptShown(ext.localRoute),
    );
    return toCluster();
  }
  if (!ext.toPolicy) {
    walk.hops.push(
      makeHop(
        'kube-proxy',
        `${info.ext}: ${walk.flow.srcIP} is neither a pod (the "pod traffic" rule, ${walk.rules.podCIDR}) nor ${walk.node} itself (the two "LOCAL traffic" rules), and the chain has no jump to ${info.svl}: ${walk.node} runs no ready endpoint of ${info.spn} (externalTrafficPolicy: Local). The packet leaves the nat table unchanged.`,
        walk.flow,
        { node: walk.node },
      ),
    );
    return undefined;
  }
  const chain = servicePort.externalPolicyChain === info.svl ? servicePort.localChain : servicePort.clusterChain;
  if (!chain) throw new Error(`no ${servicePort.externalPolicyChain} chain`);
  kp(
    walk,
    info.externalLocal
      ? `${info.ext}: externalTrafficPolicy Local — only endpoints on ${walk.node} (${chain.name}), and the client's address is kept.`
      : `${info.ext}: on to the Service's endpoints in ${chain.name}.`,
    iptShown(ext.toPolicy),
  );
  return dispatch(walk, servicePort, chain);
}

function external(walk: Walk, servicePort: NodeServicePort, entryNote: string, entry: IptRule): ProxyVerdict | undefined {
  kp(walk, `${entryNote}; jump to ${servicePort.info.ext}.`, iptShown(entry), undefined, [serviceUse(servicePort.info)]);
  return externalChain(walk, servicePort);
}

/** KUBE-FW-<hash>: only sources in loadBalancerSourceRanges (or the load balancer IP itself, allowFromNode) go on to KUBE-EXT. */
function firewall(walk: Walk, servicePort: NodeServicePort, entryNote: string, entry: IptRule): ProxyVerdict | undefined {
  const { info } = servicePort;
  const fw = servicePort.nat.firewall;
  if (!fw) throw new Error(`no ${info.fw} chain`);
  kp(walk, `${entryNote}; the Service has loadBalancerSourceRanges, so jump to ${info.fw} first.`, iptShown(entry));
  const src = walk.flow.srcIP;
  // The `-s` of each rule, in order: the ranges, then the load balancer IPs (allowFromNode).
  const range = fw.allow.find((r) => addressHolds(sourceAddress(r) ?? '', src));
  const self = range ? undefined : fw.allowLoadBalancer.find((r) => sourceAddress(r) === src);
  const allowed = range ?? self;
  if (allowed) {
    const why = range
      ? `is in the loadBalancerSourceRanges entry ${sourceAddress(range) ?? ''}`
      : `is the load balancer IP, allowed because a range holds ${walk.node}'s IP`;
    kp(walk, `${info.fw}: the source ${src} ${why}; on to ${info.ext}.`, iptShown(allowed));
    return externalChain(walk, servicePort);
  }
  const ranges = info.loadBalancerSourceRanges.map((r) => r.text).join(', ');
  kp(
    walk,
    `${info.fw}: the source ${src} is in none of the loadBalancerSourceRanges (${ranges}); the last rule only counts the packet, which leaves the nat table unchanged.`,
    iptShown(fw.fallThrough),
  );
  return undefined;
}

export interface ProxyInput {
  state: ClusterState;
  node: string;
  flow: Flow;
  /** The destination is an address of this node (-m addrtype --dst-type LOCAL). */
  dstLocal: boolean;
  srcLocal: boolean;
}

/**
 * KUBE-SERVICES in the nat table, rule after rule: the cluster IP, externalIPs, load balancer IPs,
 * and last the jump to KUBE-NODEPORTS for the node's own addresses. A capture whose chain falls
 * through (Local policy without a local endpoint, a source KUBE-FW refuses) returns to
 * KUBE-SERVICES, and the next rules may still match.
 */
function natTable(walk: Walk, dstLocal: boolean): ProxyVerdict | undefined {
  const { rules, flow, node } = walk;
  const key = serviceKey(flow.dstIP, flow.dstPort, flow.protocol);
  const dst = dstText(flow);

  const byClusterIP = rules.byClusterIP.get(key);
  if (byClusterIP?.nat.clusterIP) return internal(walk, byClusterIP, byClusterIP.nat.clusterIP);

  const byExternalIP = rules.byExternalIP.get(key);
  const externalIPRule = byExternalIP?.nat.externalIPs.get(flow.dstIP);
  if (byExternalIP && externalIPRule) {
    const verdict = external(walk, byExternalIP, `KUBE-SERVICES: ${dst} is an external IP of ${byExternalIP.info.spn}`, externalIPRule);
    if (verdict) return verdict;
  }

  const byLB = rules.byLoadBalancerIP.get(key);
  const lbRule = byLB?.nat.loadBalancer.get(flow.dstIP);
  if (byLB && lbRule) {
    const note = `KUBE-SERVICES: ${dst} is the load balancer IP of ${byLB.info.spn}`;
    const verdict = byLB.nat.firewall ? firewall(walk, byLB, note, lbRule) : external(walk, byLB, note, lbRule);
    if (verdict) return verdict;
  }

  const jump = dstLocal ? nodePortJump(rules, flow.dstIP) : undefined;
  const byNodePort = jump ? rules.byNodePort.get(`${flow.dstPort}/${flow.protocol}`) : undefined;
  if (jump && byNodePort?.nat.nodePort) {
    const loopback = flow.dstIP.startsWith('127.');
    kp(
      walk,
      loopback
        ? `KUBE-SERVICES: ${flow.dstIP} is ${node}'s loopback, a local address, so the last rule sends the packet to KUBE-NODEPORTS (localhost NodePorts: kube-proxy set route_localnet so that it may leave lo).`
        : `KUBE-SERVICES: ${flow.dstIP} is an address of ${node} itself${rules.config.nodePortIPs ? ' that --nodeport-addresses selects' : ''}, so the last rule sends the packet to KUBE-NODEPORTS.`,
      iptShown(jump),
    );
    const entry = loopback && byNodePort.nat.nodePortLocalhost ? byNodePort.nat.nodePortLocalhost : byNodePort.nat.nodePort;
    return external(
      walk,
      byNodePort,
      `KUBE-NODEPORTS: port ${flow.dstPort}/${flow.protocol} is the nodePort of ${byNodePort.info.spn}${loopback ? ' (counted in the localhost_nps_accepted_pkts nfacct counter)' : ''}`,
      entry,
    );
  }
  return undefined;
}

/** Runs the packet through the node's kube-proxy rules; `flow` is rewritten in place on DNAT. */
export function kubeProxy(input: ProxyInput): ProxyVerdict {
  const { state, node, flow } = input;
  const rules = nodeRules(state, node);
  const walk: Walk = { state, node, rules, flow, srcLocal: input.srcLocal, hops: [], marked: false };
  // nftables mode: the same decisions, walked through the `ip kube-proxy` table (nft-walk.ts),
  // whose cluster-ips-check also meets pings.
  if (state.options.proxyMode === 'nftables') return nftWalk(walk, nftRules(state, node), input.dstLocal);
  if (flow.protocol === 'ICMP') return { verdict: 'none', hops: walk.hops };
  const nat = natTable(walk, input.dstLocal);
  if (nat) return nat;
  // Nothing in nat rewrote the packet: the filter table's REJECT and DROP rules.
  const filtered = filterTable(rules, flow, input.srcLocal, input.dstLocal);
  if (!filtered) return { verdict: 'none', hops: walk.hops };
  walk.hops.push(filtered.hop);
  return { verdict: filtered.verdict, hops: walk.hops, reason: filtered.reason };
}

/**
 * POSTROUTING: a packet marked 0x4000 leaves with the address of the interface it goes out of as
 * its source (MASQUERADE), and a random source port (--random-fully).
 */
export function masquerade(state: ClusterState, node: string, flow: Flow, address: string, via: string): Hop {
  const before = flow.srcIP;
  flow.srcIP = address;
  flow.srcPort = stream(state, 'kube-proxy', 'random-fully', node).int(32768, 60999);
  if (state.options.proxyMode === 'nftables') {
    // nat-postrouting -> masquerading: "mark and 0x4000 == 0 return", "mark set mark xor 0x4000", "masquerade fully-random".
    return makeHop(
      'kube-proxy',
      `${NFT.masquerading} (from nat-postrouting): the packet carries mark 0x4000, so "masquerade fully-random" replaces the source ${before} with ${address}, the address of ${via}, the interface it leaves by.`,
      flow,
      { node, ...nftShown(nftRules(state, node).fixed.masquerade), nat: 'SNAT' },
    );
  }
  const rules = nodeRules(state, node);
  return makeHop(
    'kube-proxy',
    `KUBE-POSTROUTING: the packet carries mark 0x4000, so MASQUERADE replaces the source ${before} with ${address}, the address of ${via}, the interface it leaves by.`,
    flow,
    { node, ...iptShown(rules.rules.masquerade), nat: 'SNAT' },
  );
}

/** The Service ports whose cluster IP is `ip`, to explain why nothing matched. */
export function servicePortsAt(state: ClusterState, node: string, ip: string): NodeServicePort[] {
  return nodeRules(state, node).ports.filter((p) => p.info.clusterIP === ip);
}
