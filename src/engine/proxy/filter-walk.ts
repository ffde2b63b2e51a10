/**
 * The filter table, for a new connection's first packet that the nat table did not DNAT: the
 * REJECT ("has no endpoints") and DROP ("has no local endpoints") rules syncProxyRules writes in
 * KUBE-SERVICES and KUBE-EXTERNAL-SERVICES, and KUBE-PROXY-FIREWALL's DROP for load balancer
 * traffic KUBE-FW did not accept (pkg/proxy/iptables/proxier.go). Which of those chains the packet
 * meets, and in which order, depends on the built-in chain it goes through (builtin-jumps.ts):
 * INPUT and FORWARD check KUBE-PROXY-FIREWALL first, and OUTPUT never reaches KUBE-EXTERNAL-SERVICES.
 */
import type { Hop } from '../trace/types';
import type { Flow } from '../trace/flow';
import { dstText, makeHop } from '../trace/flow';
import { FILTER_JUMPS, filterPath } from './builtin-jumps';
import type { FilterBuiltin } from './builtin-jumps';
import { KUBE_PROXY_FIREWALL } from './chains';
import type { IptRule } from './ipt-rule';
import { iptShown } from './hop-rules';
import { jumpTarget } from './ipt-read';
import type { NodeRules, NodeServicePort } from './node-rules';
import { serviceKey } from './node-rules';

export interface FilterVerdict {
  verdict: 'rejected' | 'dropped';
  hop: Hop;
  reason: string;
}

interface Candidate {
  /** A REJECT or DROP rule in KUBE-SERVICES, KUBE-EXTERNAL-SERVICES or KUBE-PROXY-FIREWALL. */
  rule: IptRule;
  servicePort: NodeServicePort;
  /** What the rule stops, for the reason: "connections to 10.96.0.10:80", "traffic to nodePort 30036". */
  what: string;
  internal: boolean;
}

/** The filter rules kube-proxy wrote for the packet's destination, in any chain. */
function candidates(rules: NodeRules, flow: Flow, dstLocal: boolean): Candidate[] {
  const dst = dstText(flow);
  const key = serviceKey(flow.dstIP, flow.dstPort, flow.protocol);
  const out: Candidate[] = [];
  const add = (rule: IptRule | undefined, servicePort: NodeServicePort, what: string, internal = false): void => {
    if (rule) out.push({ rule, servicePort, what, internal });
  };
  const byClusterIP = rules.byClusterIP.get(key);
  if (byClusterIP) add(byClusterIP.filter.clusterIP, byClusterIP, `connections to ${dst}`, true);
  const byExternalIP = rules.byExternalIP.get(key);
  if (byExternalIP) add(byExternalIP.filter.externalIPs.get(flow.dstIP), byExternalIP, `traffic to ${dst}`);
  const byLB = rules.byLoadBalancerIP.get(key);
  if (byLB) {
    add(byLB.filter.firewall.get(flow.dstIP), byLB, `traffic to ${dst}`);
    add(byLB.filter.loadBalancer.get(flow.dstIP), byLB, `traffic to ${dst}`);
  }
  // -m addrtype --dst-type LOCAL: only for an address of this node.
  const byNodePort = dstLocal ? rules.byNodePort.get(`${flow.dstPort}/${flow.protocol}`) : undefined;
  if (byNodePort) add(byNodePort.filter.nodePort, byNodePort, `traffic to nodePort ${flow.dstPort}`);
  return out;
}

function explain(
  c: Candidate,
  builtin: FilterBuiltin,
  flow: Flow,
  node: string,
): { note: string; reason: string; verdict: FilterVerdict['verdict'] } {
  const { spn, fw, loadBalancerSourceRanges } = c.servicePort.info;
  const via = `${builtin} sends the new connection to ${c.rule.chain}`;
  if (c.rule.chain === KUBE_PROXY_FIREWALL) {
    const ranges = loadBalancerSourceRanges.map((r) => r.text).join(', ');
    return {
      verdict: 'dropped',
      note: `Filter table: ${via}, which drops what ${fw} did not accept for ${dstText(flow)} ("${spn} traffic not accepted by ${fw}").`,
      reason: `timed out: ${flow.srcIP} is not in the loadBalancerSourceRanges of ${spn} (${ranges}), so kube-proxy DROPs its ${c.what} in the filter table (KUBE-PROXY-FIREWALL)`,
    };
  }
  if (c.rule.target?.kind === 'REJECT') {
    return {
      verdict: 'rejected',
      note: `No nat rule exists for ${spn} (no ready endpoints). Filter table: ${via}, whose "${spn} has no endpoints" rule rejects it with ICMP port unreachable.`,
      reason: `connection refused: Service ${spn} has no ready endpoints, so kube-proxy REJECTs ${c.what} in the filter table`,
    };
  }
  const policy = c.internal ? 'internalTrafficPolicy' : 'externalTrafficPolicy';
  return {
    verdict: 'dropped',
    note: `Filter table: ${via}, whose "${spn} has no local endpoints" rule drops it (${policy}: Local, and ${node} runs no ready endpoint), so the client gets no answer.`,
    reason: `timed out: Service ${spn} has no ready endpoint on ${node} and its traffic policy is Local, so kube-proxy DROPs ${c.what} in the filter table`,
  };
}

/** The first REJECT/DROP the packet meets, or undefined when the filter table lets it through. */
export function filterTable(rules: NodeRules, flow: Flow, srcLocal: boolean, dstLocal: boolean): FilterVerdict | undefined {
  const found = candidates(rules, flow, dstLocal);
  if (found.length === 0) return undefined;
  for (const builtin of filterPath(srcLocal, dstLocal)) {
    for (const jump of FILTER_JUMPS) {
      if (jump.chain !== builtin) continue;
      const to = jumpTarget(jump);
      const match = found.find((c) => c.rule.chain === to);
      if (!match) continue;
      const { note, reason, verdict } = explain(match, builtin, flow, rules.node);
      return { verdict, reason, hop: makeHop('kube-proxy', note, flow, { node: rules.node, ...iptShown(jump, match.rule) }) };
    }
  }
  return undefined;
}
