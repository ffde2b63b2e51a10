/**
 * A new connection's first packet through kube-proxy's `ip kube-proxy` table in nftables mode
 * (pkg/proxy/nftables/proxier.go). The decisions are the ones the iptables walk makes (the same
 * NodeRules: which endpoints, which traffic policy, affinity through the same lists, the same
 * masquerade mark), and the hops name the nftables chains, maps and rules that make them:
 *
 *   filter-prerouting / filter-output (priority dstnat-10) -> firewall-check -> @firewall-ips
 *   nat-prerouting / nat-output (dstnat) -> services -> @service-ips / @service-nodeports
 *     -> external-<hash>-... -> service-/local-<hash>-... (numgen random mod N vmap)
 *     -> endpoint-<hash>-... (dnat to)
 *   filter-input / filter-forward -> service-endpoints-check / nodeport-endpoints-check
 *     (@no-endpoint-services, @no-endpoint-nodeports -> reject-chain or drop)
 *   filter-forward / filter-output-post-dnat -> cluster-ips-check
 *
 * A hop's rule is written `<chain>: <rule>` (and `@<map>: <element>` for the map element that
 * matched), the text `nft list table ip kube-proxy` shows in that chain.
 */
import { dstText, makeHop } from '../trace/flow';
import { endpointChoice, pickByAffinity, rewriteDestination } from './dispatch';
import type { DispatchChain } from './endpoint-rules';
import type { NodeServicePort } from './node-rules';
import type { ProxyEndpoint } from './service-ports';
import { serviceKey } from './node-rules';
import type { ShownRules } from './hop-rules';
import { nftShown } from './hop-rules';
import type { NftRule } from './nft-rule';
import { anonymousSet, destinationHolds, jumpRule, valueHolds } from './nft-read';
import type { NftDispatch, NftRules, NftServicePort } from './nft-rules';
import { NFT } from './nft-rules';
import { stream } from './runtime';
import type { ProxyVerdict, Walk } from './walk';
import { endpointUses, fromPod, kp, serviceUse } from './walk';

function markNft(walk: Walk, rule: NftRule, why: string): void {
  walk.marked = true;
  kp(
    walk,
    `${why}: ${NFT.markMasq} sets mark 0x4000 so that ${NFT.masquerading} (nat-postrouting) masquerades the packet's source.`,
    nftShown(rule),
  );
}

/**
 * Whether the destination takes NodePorts: in @nodeport-ips, or, without that set (MatchAll), a
 * local address outside 127.0.0.0/8 — the matches of the `services` chain's NodePort rule.
 */
function acceptsNodePorts(nft: NftRules, address: string, dstLocal: boolean): boolean {
  return destinationHolds(nft.table, nft.fixed.nodePorts, address, dstLocal);
}

/** writeServiceToEndpointRules' rules at work: affinity sets first, then `numgen random mod N`. */
function dispatchNft(walk: Walk, sp: NftServicePort, d: NftDispatch, chain: DispatchChain | undefined): ProxyVerdict {
  const { port } = sp;
  const { info } = port;
  const n = d.endpoints.length;
  const sticky = info.affinitySeconds !== undefined && chain ? pickByAffinity(walk, chain, info.affinitySeconds) : undefined;
  const stickyRule = sticky ? d.affinity.find((a) => a.endpoint.sep === sticky.endpoint.sep) : undefined;
  let ep: ProxyEndpoint | undefined;
  if (sticky && stickyRule) {
    ep = sticky.endpoint;
    kp(
      walk,
      `${d.chain}: sessionAffinity ClientIP — ${walk.flow.srcIP} is in the set affinity-… of ${ep.address} (it used it less than ${info.affinitySeconds}s ago), so it goes there again.`,
      nftShown(stickyRule.rule),
      undefined,
      endpointUses(info, ep),
    );
  } else {
    // numgen random mod N: one uniform pick among the N endpoints (not iptables' chain of probabilities).
    const i = n === 1 ? 0 : stream(walk.state, 'kube-proxy', 'numgen', walk.node).int(0, n - 1);
    ep = d.endpoints[i];
    if (!ep) throw new Error(`chain ${d.chain} has no endpoints`);
    const local = d.chain === sp.localChain ? ' local' : '';
    kp(
      walk,
      (n === 1
        ? `${d.chain}: numgen random mod 1 is always 0: the only${local} endpoint, ${ep.address}.`
        : `${d.chain}: numgen random mod ${n} gives ${i}, which the verdict map sends to endpoint ${i + 1} of ${n}${local} (${ep.address}); each has the same 1/${n} chance.`) +
        endpointChoice(walk, port, d.chain === sp.localChain, ep),
      nftShown(d.numgen),
      undefined,
      endpointUses(info, ep),
    );
  }
  if (!ep) throw new Error(`chain ${d.chain} has no endpoints`);
  const rules = sp.endpoints.get(ep.sep);
  if (!rules) throw new Error(`no endpoint chain for ${ep.address}`);
  if (walk.flow.srcIP === ep.ip) markNft(walk, rules.hairpin, `${rules.chain}: the pod is reaching itself through the Service (hairpin)`);
  const { before, target } = rewriteDestination(walk, ep, info.affinitySeconds !== undefined);
  kp(
    walk,
    `${rules.chain} rewrites the destination ${before} to ${ep.address}, ${target} (dnat${rules.affinityUpdate ? `; "update @${rules.affinitySet ?? ''}" remembers the client for affinity` : ''}).`,
    rules.affinityUpdate ? nftShown(rules.affinityUpdate, rules.dnat) : nftShown(rules.dnat),
    'DNAT',
    endpointUses(info, ep),
  );
  return { verdict: 'dnat', hops: walk.hops, endpoint: ep, servicePort: port, masquerade: walk.marked };
}

function toCluster(walk: Walk, sp: NftServicePort): ProxyVerdict {
  if (!sp.cluster) throw new Error(`no ${sp.clusterChain} chain`);
  return dispatchNft(walk, sp, sp.cluster, sp.port.clusterChain);
}

function internal(walk: Walk, sp: NftServicePort): ProxyVerdict {
  const config = walk.rules.config;
  if (sp.internalMasquerade && config.masqueradeAll) {
    markNft(walk, sp.internalMasquerade, `${sp.internalChain}: kube-proxy runs with --masquerade-all`);
  } else if (sp.internalMasquerade && !fromPod(walk)) {
    markNft(
      walk,
      sp.internalMasquerade,
      `${sp.internalChain}: the source ${walk.flow.srcIP} is outside the cluster CIDR ${walk.rules.podCIDR}`,
    );
  }
  const local = sp.internalChain === sp.localChain;
  const d = local ? sp.local : sp.cluster;
  if (!d) throw new Error(`no ${sp.internalChain} chain`);
  return dispatchNft(walk, sp, d, local ? sp.port.localChain : sp.port.clusterChain);
}

/** external-<hash>-...: masquerade for Cluster policy; the short-circuits and the Local policy chain. */
function external(walk: Walk, sp: NftServicePort): ProxyVerdict | undefined {
  const { info } = sp.port;
  const ext = sp.ext;
  const chain = sp.externalChain;
  if (ext.masquerade) markNft(walk, ext.masquerade, `${chain}: externalTrafficPolicy Cluster may send the packet to another node`);
  else if (ext.podShortCircuit && fromPod(walk)) {
    kp(
      walk,
      `${chain}: "short-circuit pod traffic" — the source ${walk.flow.srcIP} is a pod (${walk.rules.podCIDR}), and pod traffic to a Service's external addresses ignores externalTrafficPolicy Local: goto ${sp.clusterChain}.`,
      nftShown(ext.podShortCircuit),
    );
    return toCluster(walk, sp);
  } else if (ext.localMasquerade && ext.localShortCircuit && walk.srcLocal) {
    markNft(
      walk,
      ext.localMasquerade,
      `${chain}: "masquerade local traffic" — fib saddr type local: ${walk.flow.srcIP} is an address of ${walk.node}`,
    );
    kp(walk, `${chain}: "short-circuit local traffic" — on to every endpoint (${sp.clusterChain}).`, nftShown(ext.localShortCircuit));
    return toCluster(walk, sp);
  }
  if (!ext.toPolicy) {
    walk.hops.push(
      makeHop(
        'kube-proxy',
        `${chain}: ${walk.flow.srcIP} is neither a pod nor ${walk.node} itself, and the chain has no "goto ${sp.localChain}": ${walk.node} runs no ready endpoint of ${info.spn} (externalTrafficPolicy: Local). The packet leaves the services chain unchanged.`,
        walk.flow,
        { node: walk.node },
      ),
    );
    return undefined;
  }
  const local = info.externalLocal;
  const d = local ? sp.local : sp.cluster;
  if (!d) throw new Error(`no policy chain for ${info.spn}`);
  kp(
    walk,
    local
      ? `${chain}: externalTrafficPolicy Local — goto ${d.chain}, only endpoints on ${walk.node}, and the client's address is kept.`
      : `${chain}: goto ${d.chain}, the Service's endpoints.`,
    nftShown(ext.toPolicy),
  );
  return dispatchNft(walk, sp, d, local ? sp.port.localChain : sp.port.clusterChain);
}

/** The `services` chain: one verdict-map lookup for IPs, one for NodePorts. */
function services(walk: Walk, nft: NftRules, dstLocal: boolean): ProxyVerdict | undefined {
  const { rules, flow, node } = walk;
  const key = serviceKey(flow.dstIP, flow.dstPort, flow.protocol);
  const dst = dstText(flow);
  const candidates: [NodeServicePort | undefined, string][] = [
    [rules.byClusterIP.get(key), 'the cluster IP'],
    [rules.byExternalIP.get(key), 'an external IP'],
    [rules.byLoadBalancerIP.get(key), 'the load balancer IP'],
  ];
  for (const [port, what] of candidates) {
    const sp = port ? nft.byPort.get(port) : undefined;
    const element = sp?.serviceIPs.get(flow.dstIP);
    if (!sp || !element) continue;
    const isInternal = what === 'the cluster IP';
    const target = isInternal ? sp.internalChain : sp.externalChain;
    kp(
      walk,
      `${NFT.services}: ${dst}/${flow.protocol} is ${what} of ${sp.port.info.spn}; the verdict map @${NFT.serviceIPs} says goto ${target}.`,
      nftShown(nft.fixed.services, { map: NFT.serviceIPs, element }),
      undefined,
      [serviceUse(sp.port.info)],
    );
    // A verdict map's goto does not come back: what the chain leaves falls off the end of `services`.
    return isInternal ? internal(walk, sp) : external(walk, sp);
  }
  const byNodePort = rules.byNodePort.get(`${flow.dstPort}/${flow.protocol}`);
  const sp = byNodePort ? nft.byPort.get(byNodePort) : undefined;
  if (sp?.nodePort && acceptsNodePorts(nft, flow.dstIP, dstLocal)) {
    kp(
      walk,
      !nft.table.sets.has(NFT.nodePortIPs)
        ? `${NFT.services}: ${flow.dstIP} is a local address of ${node} (fib daddr type local, and not 127.0.0.0/8), and port ${flow.dstPort}/${flow.protocol} is the nodePort of ${sp.port.info.spn} in @${NFT.serviceNodePorts}: goto ${sp.externalChain}.`
        : `${NFT.services}: ${flow.dstIP} is in @${NFT.nodePortIPs} (--nodeport-addresses), and port ${flow.dstPort}/${flow.protocol} is the nodePort of ${sp.port.info.spn} in @${NFT.serviceNodePorts}: goto ${sp.externalChain}.`,
      nftShown(nft.fixed.nodePorts, { map: NFT.serviceNodePorts, element: sp.nodePort }),
      undefined,
      [serviceUse(sp.port.info)],
    );
    return external(walk, sp);
  }
  return undefined;
}

type FilterResult = ProxyVerdict | undefined;

function refused(walk: Walk, verdict: 'reject' | 'drop', note: string, shown: ShownRules, reason: string): ProxyVerdict {
  kp(walk, note, shown);
  return { verdict: verdict === 'reject' ? 'rejected' : 'dropped', hops: walk.hops, reason };
}

/** service-endpoints-check: @no-endpoint-services, jumped to from filter-input, filter-forward and filter-output. */
function serviceEndpointsCheck(walk: Walk, nft: NftRules, from: string): FilterResult {
  const { rules, flow } = walk;
  const key = serviceKey(flow.dstIP, flow.dstPort, flow.protocol);
  for (const port of [rules.byClusterIP.get(key), rules.byExternalIP.get(key), rules.byLoadBalancerIP.get(key)]) {
    const sp = port ? nft.byPort.get(port) : undefined;
    const hit = sp?.noEndpoint.get(flow.dstIP);
    if (!sp || !hit) continue;
    const { spn } = sp.port.info;
    const way = [
      jumpRule(nft, from, NFT.serviceEndpointsCheck),
      nft.fixed.serviceEndpointsCheck,
      { map: NFT.noEndpointServices, element: hit.element },
    ];
    if (hit.verdict === 'reject') {
      return refused(
        walk,
        'reject',
        `${from} -> ${NFT.serviceEndpointsCheck}: ${dstText(flow)}/${flow.protocol} is in @${NFT.noEndpointServices} ("${spn}", no ready endpoints), whose verdict goto ${NFT.rejectChain} rejects it with ICMP port unreachable.`,
        nftShown(...way, nft.fixed.reject),
        `connection refused: Service ${spn} has no ready endpoints, so kube-proxy rejects connections to ${dstText(flow)} (@${NFT.noEndpointServices} -> ${NFT.rejectChain})`,
      );
    }
    const policy = flow.dstIP === sp.port.info.clusterIP ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
    return refused(
      walk,
      'drop',
      `${from} -> ${NFT.serviceEndpointsCheck}: ${dstText(flow)}/${flow.protocol} is in @${NFT.noEndpointServices} with verdict drop (${policy}: Local, and ${walk.node} runs no ready endpoint of ${spn}).`,
      nftShown(...way),
      `timed out: Service ${spn} has no ready endpoint on ${walk.node} and its traffic policy is Local, so kube-proxy drops traffic to ${dstText(flow)} (@${NFT.noEndpointServices})`,
    );
  }
  return undefined;
}

/** nodeport-endpoints-check (filter-input only): @no-endpoint-nodeports for the addresses that take NodePorts. */
function nodePortEndpointsCheck(walk: Walk, nft: NftRules): FilterResult {
  const { rules, flow } = walk;
  const port = rules.byNodePort.get(`${flow.dstPort}/${flow.protocol}`);
  const sp = port ? nft.byPort.get(port) : undefined;
  const hit = sp?.noEndpointNodePort;
  if (!sp || !hit || !destinationHolds(nft.table, nft.fixed.nodePortEndpointsCheck, flow.dstIP, true)) return undefined;
  const { spn } = sp.port.info;
  const way = [
    jumpRule(nft, NFT.filterInput, NFT.nodePortEndpointsCheck),
    nft.fixed.nodePortEndpointsCheck,
    { map: NFT.noEndpointNodePorts, element: hit.element },
  ];
  return hit.verdict === 'reject'
    ? refused(
        walk,
        'reject',
        `${NFT.filterInput} -> ${NFT.nodePortEndpointsCheck}: nodePort ${flow.dstPort}/${flow.protocol} is in @${NFT.noEndpointNodePorts} ("${spn}", no ready endpoints): goto ${NFT.rejectChain}, ICMP port unreachable.`,
        nftShown(...way, nft.fixed.reject),
        `connection refused: Service ${spn} has no ready endpoints, so kube-proxy rejects traffic to nodePort ${flow.dstPort}`,
      )
    : refused(
        walk,
        'drop',
        `${NFT.filterInput} -> ${NFT.nodePortEndpointsCheck}: nodePort ${flow.dstPort}/${flow.protocol} is in @${NFT.noEndpointNodePorts} with verdict drop (externalTrafficPolicy: Local, no ready endpoint on ${walk.node}).`,
        nftShown(...way),
        `timed out: Service ${spn} has no ready endpoint on ${walk.node} and its traffic policy is Local, so kube-proxy drops traffic to nodePort ${flow.dstPort}`,
      );
}

/** cluster-ips-check, after DNAT: a cluster IP on a port no Service has is rejected; an unallocated one in the service CIDR dropped. */
function clusterIPsCheck(walk: Walk, nft: NftRules, from: string): FilterResult {
  const { flow } = walk;
  const { clusterIPsReject, clusterIPsDrop } = nft.fixed;
  const jump = jumpRule(nft, from, NFT.clusterIPsCheck);
  const ping = flow.protocol === 'ICMP';
  // `ip daddr @cluster-ips reject`, then `ip daddr { <service CIDR> } drop`.
  if (destinationHolds(nft.table, clusterIPsReject, flow.dstIP, false)) {
    if (ping) {
      return refused(
        walk,
        'reject',
        `${from} -> ${NFT.clusterIPsCheck}: ${flow.dstIP} is an active cluster IP (@${NFT.clusterIPs}), and no Service port matches an ICMP echo: "Reject traffic to invalid ports of ClusterIPs" answers ICMP port unreachable.`,
        nftShown(jump, clusterIPsReject),
        `ping ${flow.dstIP}: Destination Port Unreachable — a ClusterIP only forwards its Service's ports, and nftables mode rejects everything else sent to it (${NFT.clusterIPsCheck})`,
      );
    }
    return refused(
      walk,
      'reject',
      `${from} -> ${NFT.clusterIPsCheck}: ${flow.dstIP} is an active cluster IP (@${NFT.clusterIPs}) but no Service port is ${flow.dstPort}/${flow.protocol}: "Reject traffic to invalid ports of ClusterIPs".`,
      nftShown(jump, clusterIPsReject),
      `connection refused: ${flow.dstIP} is a cluster IP, but none of its Services has port ${flow.dstPort}/${flow.protocol} (nftables mode rejects it in ${NFT.clusterIPsCheck})`,
    );
  }
  if (destinationHolds(nft.table, clusterIPsDrop, flow.dstIP, false)) {
    return refused(
      walk,
      'drop',
      `${from} -> ${NFT.clusterIPsCheck}: ${flow.dstIP} is in the service CIDR ${anonymousSet(clusterIPsDrop, 'daddr').join(', ')} but no Service has it: "Drop traffic to unallocated ClusterIPs".`,
      nftShown(jump, clusterIPsDrop),
      `timed out: no Service has the cluster IP ${flow.dstIP} (nftables mode drops it in ${NFT.clusterIPsCheck})`,
    );
  }
  return undefined;
}

/** firewall-check (filter-prerouting / filter-output, before DNAT): loadBalancerSourceRanges. */
function firewallCheck(walk: Walk, nft: NftRules): FilterResult {
  const { rules, flow } = walk;
  const port = rules.byLoadBalancerIP.get(serviceKey(flow.dstIP, flow.dstPort, flow.protocol));
  const sp = port ? nft.byPort.get(port) : undefined;
  const element = sp?.firewallIPs.get(flow.dstIP);
  if (!sp || !element || !sp.firewallRule) return undefined;
  const from = walk.srcLocal ? NFT.filterOutput : NFT.filterPrerouting;
  const src = flow.srcIP;
  // `ip saddr != { <ranges> } drop`: a source the anonymous set holds goes on.
  const allowedSet = anonymousSet(sp.firewallRule, 'saddr');
  const allowed = valueHolds(nft.table, { anonymous: allowedSet }, src);
  const rule = nftShown(
    jumpRule(nft, from, NFT.firewallCheck),
    nft.fixed.firewallCheck,
    { map: NFT.firewallIPs, element },
    sp.firewallRule,
  );
  const ranges = allowedSet.join(', ');
  if (allowed) {
    kp(walk, `${from} -> ${NFT.firewallCheck} -> ${sp.firewallChain}: the source ${src} is in { ${ranges} }, so the packet goes on.`, rule);
    return undefined;
  }
  return refused(
    walk,
    'drop',
    `${from} -> ${NFT.firewallCheck} -> ${sp.firewallChain}: the source ${src} is not in the loadBalancerSourceRanges { ${ranges} }: drop, before any DNAT.`,
    rule,
    `timed out: ${src} is not in the loadBalancerSourceRanges of ${sp.port.info.spn} (${ranges}), so kube-proxy drops its traffic to ${dstText(flow)} (${sp.firewallChain})`,
  );
}

/** Runs the packet through the node's `ip kube-proxy` table, base chain after base chain, by priority. */
export function nftWalk(walk: Walk, nft: NftRules, dstLocal: boolean): ProxyVerdict {
  // A ping has no port: no map keyed `. th dport` holds it, but cluster-ips-check matches on the address alone.
  if (walk.flow.protocol === 'ICMP') {
    const ips = dstLocal ? undefined : clusterIPsCheck(walk, nft, walk.srcLocal ? NFT.filterOutputPostDNAT : NFT.filterForward);
    return ips ?? { verdict: 'none', hops: walk.hops };
  }
  // Prerouting (or output for the node's own traffic): filter at dstnat-10, before the nat chains.
  const fw = firewallCheck(walk, nft);
  if (fw) return fw;
  if (walk.srcLocal) {
    const out = serviceEndpointsCheck(walk, nft, NFT.filterOutput);
    if (out) return out;
  }
  const nat = services(walk, nft, dstLocal);
  if (nat) return nat;
  // Not DNATed: the filter chains of the way the packet goes on.
  if (dstLocal) {
    const np = nodePortEndpointsCheck(walk, nft);
    if (np) return np;
    if (!walk.srcLocal) {
      const svc = serviceEndpointsCheck(walk, nft, NFT.filterInput);
      if (svc) return svc;
    }
  } else if (!walk.srcLocal) {
    const svc = serviceEndpointsCheck(walk, nft, NFT.filterForward);
    if (svc) return svc;
  }
  if (!dstLocal) {
    const ips = clusterIPsCheck(walk, nft, walk.srcLocal ? NFT.filterOutputPostDNAT : NFT.filterForward);
    if (ips) return ips;
  }
  return { verdict: 'none', hops: walk.hops };
}
