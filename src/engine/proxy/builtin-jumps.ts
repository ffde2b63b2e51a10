/**
 * The jumps from the kernel's built-in chains into kube-proxy's chains: iptablesJumpChains and
 * iptablesKubeletJumpChains of pkg/proxy/iptables/proxier.go. kube-proxy prepends each
 * (EnsureRule(utiliptables.Prepend, ...)), so they are listed here, and evaluated, last-ensured first.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './chains';
import type { IptMatch, IptRule } from './ipt-rule';
import { comment, ctstate, iptRule, jumpTo } from './ipt-rule';

export type FilterBuiltin = 'INPUT' | 'FORWARD' | 'OUTPUT';

function jump(from: string, to: string, matches: readonly IptMatch[]): IptRule {
  return iptRule(from, matches, jumpTo(to));
}

const NEW = ctstate('NEW');
const PORTALS = comment('kubernetes service portals');
const LB_FIREWALL = comment('kubernetes load balancer firewall');
const EXTERNAL = comment('kubernetes externally-visible service portals');

export const NAT_JUMPS: readonly IptRule[] = [
  jump('PREROUTING', KUBE_SERVICES, [PORTALS]),
  jump('OUTPUT', KUBE_SERVICES, [PORTALS]),
  jump('POSTROUTING', KUBE_POSTROUTING, [comment('kubernetes postrouting rules')]),
];

export const FILTER_JUMPS: readonly IptRule[] = [
  jump('INPUT', KUBE_FIREWALL, []),
  jump('INPUT', KUBE_PROXY_FIREWALL, [NEW, LB_FIREWALL]),
  jump('INPUT', KUBE_NODEPORTS, [comment('kubernetes health check service ports')]),
  jump('INPUT', KUBE_EXTERNAL_SERVICES, [NEW, EXTERNAL]),
  jump('FORWARD', KUBE_PROXY_FIREWALL, [NEW, LB_FIREWALL]),
  jump('FORWARD', KUBE_FORWARD, [comment('kubernetes forwarding rules')]),
  jump('FORWARD', KUBE_SERVICES, [NEW, PORTALS]),
  jump('FORWARD', KUBE_EXTERNAL_SERVICES, [NEW, EXTERNAL]),
  jump('OUTPUT', KUBE_FIREWALL, []),
  jump('OUTPUT', KUBE_PROXY_FIREWALL, [NEW, LB_FIREWALL]),
  jump('OUTPUT', KUBE_SERVICES, [NEW, PORTALS]),
];

/**
 * The filter chains a new connection's first packet goes through after the nat table left it
 * alone: a packet for an address of the node goes up to INPUT, one routed on goes through FORWARD,
 * and one the node itself sends starts in OUTPUT (and, addressed to the node, comes back in by INPUT).
 */
export function filterPath(srcLocal: boolean, dstLocal: boolean): FilterBuiltin[] {
  if (srcLocal) return dstLocal ? ['OUTPUT', 'INPUT'] : ['OUTPUT'];
  return dstLocal ? ['INPUT'] : ['FORWARD'];
}
