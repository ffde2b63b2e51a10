import type { ProxyEndpoint } from './service-ports';
/**
 * A KUBE-SVC/KUBE-SVL chain choosing an endpoint (writeServiceToEndpointRules in
 * pkg/proxy/iptables/proxier.go: `-m recent --rcheck` for ClientIP affinity, then `-m statistic`
 * rules of probability 1/n, 1/(n-1), ...), and the endpoint's KUBE-SEP chain: the hairpin
 * masquerade mark and the DNAT.
 */
import { dstText } from '../trace/flow';
import { iptShown } from './hop-rules';
import { statisticProbability } from './ipt-read';
import type { DispatchChain, DispatchRule } from './endpoint-rules';
import type { NodeServicePort } from './node-rules';
import { recentList, stream } from './runtime';
import type { ProxyVerdict, Walk } from './walk';
import { endpointUses, kp, mark } from './walk';

export function pickByAffinity(walk: Walk, chain: DispatchChain, seconds: number): DispatchRule | undefined {
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

/** The statistic rules in order: each matches with its `--probability`, and one without a statistic match always does. */
function pickByStatistic(walk: Walk, chain: DispatchChain): { rule: DispatchRule; tried: number; probability: number | undefined } {
  const random = stream(walk.state, 'kube-proxy', 'statistic', walk.node);
  for (let i = 0; i < chain.balance.length; i++) {
    const rule = chain.balance[i] as DispatchRule;
    const probability = statisticProbability(rule.rule);
    if (probability === undefined || random.float() < probability) return { rule, tried: i, probability };
  }
  throw new Error(`chain ${chain.name} has no endpoint rules`);
}

export function dispatch(walk: Walk, servicePort: NodeServicePort, chain: DispatchChain): ProxyVerdict {
  const { info } = servicePort;
  const n = chain.balance.length;
  const sticky = info.affinitySeconds !== undefined ? pickByAffinity(walk, chain, info.affinitySeconds) : undefined;
  let chosen: DispatchRule;
  if (sticky) {
    chosen = sticky;
    kp(
      walk,
      `${chain.name}: sessionAffinity ClientIP — ${walk.flow.srcIP} used ${sticky.endpoint.address} less than ${info.affinitySeconds}s ago (the recent module's list ${sticky.endpoint.sep}), so it goes there again.`,
      iptShown(sticky.rule),
      undefined,
      endpointUses(info, sticky.endpoint),
    );
  } else {
    const { rule, tried, probability } = pickByStatistic(walk, chain);
    chosen = rule;
    const local = chain.name === info.svl ? ' local' : '';
    const why =
      n === 1
        ? `the only${local} endpoint, ${rule.endpoint.address}`
        : probability === undefined
          ? `endpoint ${tried + 1} of ${n}${local} (${rule.endpoint.address}): the ${n - 1} random rule(s) before it did not match, and the last rule always does`
          : `endpoint ${tried + 1} of ${n}${local} (${rule.endpoint.address}): this rule matches with probability ${probability}` +
            (tried > 0 ? ` after the ${tried} before it did not` : '');
    kp(
      walk,
      `${chain.name} picks ${why}.${endpointChoice(walk, servicePort, chain.name === info.svl, rule.endpoint)}`,
      iptShown(rule.rule),
      undefined,
      endpointUses(info, rule.endpoint),
    );
  }
  const ep = chosen.endpoint;
  const sep = servicePort.endpoints.get(ep.sep);
  if (!sep) throw new Error(`no ${ep.sep} chain`);
  if (walk.flow.srcIP === ep.ip) {
    mark(walk, sep.hairpin, `${ep.sep}: the pod is reaching itself through the Service (hairpin)`);
  }
  const { before, target } = rewriteDestination(walk, ep, info.affinitySeconds !== undefined);
  kp(
    walk,
    `${ep.sep} rewrites the destination ${before} to ${ep.address}, ${target} (DNAT${info.affinitySeconds !== undefined ? '; the recent module remembers the client for affinity' : ''}).`,
    iptShown(sep.dnat),
    'DNAT',
    endpointUses(info, ep),
  );
  return { verdict: 'dnat', hops: walk.hops, endpoint: ep, servicePort, masquerade: walk.marked };
}

function named(ep: ProxyEndpoint): string {
  return ep.pod ? `${ep.pod.name} (${ep.address})` : ep.address;
}

const servingTerminating = (ep: ProxyEndpoint): boolean => !ep.ready && ep.serving && ep.terminating;

/**
 * Why the chain a pick is made in holds the endpoints it holds, when CategorizeEndpoints
 * (pkg/proxy/topology.go) did more than take the ready ones: topology hints narrowed them to the
 * node's zone or the node (trafficDistribution, KEP-2433/KEP-4444/KEP-3015), hints were there but
 * ignored, or serving-and-terminating endpoints were used, or left out, as KEP-1669 says. '' when
 * there is nothing to add; otherwise a sentence or two, each starting with a space.
 */
export function endpointChoice(walk: Walk, port: NodeServicePort, local: boolean, picked: ProxyEndpoint): string {
  const { node, zone } = walk.rules;
  const all = port.info.endpoints;
  if (local) {
    if (servingTerminating(picked))
      return ` It is Terminating but still serving: ${node} has no ready local endpoint, so kube-proxy falls back to its serving, terminating ones rather than drop the connection (KEP-1669).`;
    const left = all.filter((ep) => ep.nodeName === node && servingTerminating(ep));
    return left.length
      ? ` Terminating ${left.map(named).join(', ')} on ${node} is left out: a terminating endpoint is used only when no local one is ready (KEP-1669).`
      : '';
  }
  if (servingTerminating(picked))
    return ' It is Terminating but still serving: no endpoint of the Service is ready anywhere, so kube-proxy falls back to the serving, terminating ones (KEP-1669).';
  const ready = all.filter((ep) => ep.ready);
  const left = all.filter(servingTerminating);
  const terminating = left.length
    ? ` Terminating ${left.map(named).join(', ')} ${left.length === 1 ? 'is' : 'are'} left out while other endpoints are ready (KEP-1669).`
    : '';
  const mode = port.topology.topologyMode;
  const inChain = port.topology.clusterEndpoints.length;
  if (mode === 'PreferSameZone')
    return ` Topology hints: every ready endpoint is hinted for a zone, and ${inChain} of the ${ready.length} for ${zone}, ${node}'s zone, so the chain holds only ${inChain === 1 ? 'that one' : 'those'} (trafficDistribution hints; pkg/proxy/topology.go).${terminating}`;
  if (mode === 'PreferSameNode')
    return ` Topology hints: every ready endpoint is hinted for a node, and ${inChain} of the ${ready.length} for ${node}, so the chain holds only ${inChain === 1 ? 'that one' : 'those'} (trafficDistribution PreferSameNode; pkg/proxy/topology.go).${terminating}`;
  const hinted = ready.filter((ep) => ep.zoneHints.length > 0);
  if (hinted.length === 0) return terminating;
  const why =
    hinted.length < ready.length
      ? 'not every ready endpoint carries a zone hint'
      : `no ready endpoint is hinted for ${zone || 'a node without a zone'}${zone ? `, ${node}'s zone` : ''}`;
  return ` Topology hints are ignored: ${why}, so the chain holds every ready endpoint of the Service, in any zone (pkg/proxy/topology.go).${terminating}`;
}

/**
 * The DNAT of the endpoint picked, the same in both proxy modes: the client remembered for
 * session affinity (xt_recent's list, or the nftables affinity set), the destination rewritten.
 * Returns the destination before and what the endpoint is, for the hop's note.
 */
export function rewriteDestination(walk: Walk, ep: ProxyEndpoint, affinity: boolean): { before: string; target: string } {
  if (affinity) recentList(walk.state, walk.node, ep.sep).set(walk.flow.srcIP, walk.state.now);
  const before = dstText(walk.flow);
  walk.flow.dstIP = ep.ip;
  walk.flow.dstPort = ep.port;
  return { before, target: ep.pod ? `pod ${ep.pod.namespace}/${ep.pod.name}` : 'the endpoint' };
}
