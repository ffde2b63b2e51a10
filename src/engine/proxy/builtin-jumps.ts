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

export type FilterBuiltin = 'INPUT' | 'FORWARD' | 'OUTPUT';

export interface Jump {
  from: string;
  to: string;
  rule: string;
}

function jump(from: string, to: string, match: string): Jump {
  return { from, to, rule: `-A ${from}${match} -j ${to}` };
}

const NEW = ' -m conntrack --ctstate NEW';

export const NAT_JUMPS: readonly Jump[] = [
  jump('PREROUTING', KUBE_SERVICES, ' -m comment --comment "kubernetes service portals"'),
  jump('OUTPUT', KUBE_SERVICES, ' -m comment --comment "kubernetes service portals"'),
  jump('POSTROUTING', KUBE_POSTROUTING, ' -m comment --comment "kubernetes postrouting rules"'),
];

export const FILTER_JUMPS: readonly Jump[] = [
  jump('INPUT', KUBE_FIREWALL, ''),
  jump('INPUT', KUBE_PROXY_FIREWALL, `${NEW} -m comment --comment "kubernetes load balancer firewall"`),
  jump('INPUT', KUBE_NODEPORTS, ' -m comment --comment "kubernetes health check service ports"'),
  jump('INPUT', KUBE_EXTERNAL_SERVICES, `${NEW} -m comment --comment "kubernetes externally-visible service portals"`),
  jump('FORWARD', KUBE_PROXY_FIREWALL, `${NEW} -m comment --comment "kubernetes load balancer firewall"`),
  jump('FORWARD', KUBE_FORWARD, ' -m comment --comment "kubernetes forwarding rules"'),
  jump('FORWARD', KUBE_SERVICES, `${NEW} -m comment --comment "kubernetes service portals"`),
  jump('FORWARD', KUBE_EXTERNAL_SERVICES, `${NEW} -m comment --comment "kubernetes externally-visible service portals"`),
  jump('OUTPUT', KUBE_FIREWALL, ''),
  jump('OUTPUT', KUBE_PROXY_FIREWALL, `${NEW} -m comment --comment "kubernetes load balancer firewall"`),
  jump('OUTPUT', KUBE_SERVICES, `${NEW} -m comment --comment "kubernetes service portals"`),
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
