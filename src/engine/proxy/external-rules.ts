/**
 * The chains kube-proxy writes for a Service port's "external" destinations (nodePort, load
 * balancer IPs, externalIPs): KUBE-EXT-<hash> with its traffic-policy rules and, when the Service
 * has loadBalancerSourceRanges, KUBE-FW-<hash> in front of it. Both follow syncProxyRules in
 * pkg/proxy/iptables/proxier.go ("Set up external traffic handling", "Set up firewall chain, if
 * needed"), rule for rule and in the same order.
 */
import { cidrContains } from '../net/ipv4';
import { KUBE_MARK_MASQ } from './chains';
import type { IptRule } from './ipt-rule';
import { addrtype, comment, jumpTo, source } from './ipt-rule';
import type { RuleTable } from './node-rules';
import type { ServicePortInfo } from './service-ports';

export interface ExternalChainRules {
  /** Cluster policy: everything is marked for masquerade ("masquerade traffic for ... external destinations"). */
  masquerade?: IptRule;
  /** Local policy: a pod's traffic goes to KUBE-SVC, every endpoint ("pod traffic for ... external destinations"). */
  podShortCircuit?: IptRule;
  /** Local policy: the node's own traffic is masqueraded ("masquerade LOCAL traffic ...")... */
  localMasquerade?: IptRule;
  /** ...and goes to KUBE-SVC ("route LOCAL traffic ..."). */
  localRoute?: IptRule;
  /** `-j KUBE-SVC`/`-j KUBE-SVL`: only when there are endpoints for external traffic (hasExternalEndpoints). */
  toPolicy?: IptRule;
}

/**
 * KUBE-EXT-<hash>. With externalTrafficPolicy Local it is written even on a node without a local
 * endpoint ("usesExternalTrafficChain is based on hasEndpoints, not hasExternalEndpoints, because
 * we need the local-traffic-short-circuiting rules even when there are no externally-usable
 * endpoints"), but without the final jump: what the short-circuit rules leave falls through the
 * nat table and meets the filter table's "has no local endpoints" DROP.
 */
export function writeExternalChain(
  nat: RuleTable,
  info: ServicePortInfo,
  clusterCIDR: string | undefined,
  hasExternalEndpoints: boolean,
  externalPolicyChain: string,
): ExternalChainRules {
  const { ext, spn } = info;
  nat.declare(ext);
  const rules: ExternalChainRules = {};
  if (!info.externalLocal) {
    // "If we are using non-local endpoints we need to masquerade, in case we cross nodes."
    rules.masquerade = nat.add(ext, [comment(`masquerade traffic for ${spn} external destinations`)], jumpTo(KUBE_MARK_MASQ));
  } else {
    // localDetector.IfLocal() of --detect-local-mode=ClusterCIDR: "-s <cluster CIDR>". Pod traffic
    // "is subject to neither form of traffic policy, which simulates going up-and-out to an
    // external load-balancer and coming back in".
    // Written only when the local detector is implemented (a --cluster-cidr is known).
    if (clusterCIDR !== undefined) {
      rules.podShortCircuit = nat.add(
        ext,
        [comment(`pod traffic for ${spn} external destinations`), source(clusterCIDR)],
        jumpTo(info.svc),
      );
    }
    // "Locally originated traffic (not a pod, but the host node) still needs masquerade because
    // the LBIP itself is a local address, so that will be the chosen source IP."
    rules.localMasquerade = nat.add(
      ext,
      [comment(`masquerade LOCAL traffic for ${spn} external destinations`), addrtype('src')],
      jumpTo(KUBE_MARK_MASQ),
    );
    rules.localRoute = nat.add(ext, [comment(`route LOCAL traffic for ${spn} external destinations`), addrtype('src')], jumpTo(info.svc));
  }
  // "Anything else falls thru to the appropriate policy chain."
  if (hasExternalEndpoints) rules.toPolicy = nat.add(ext, [], jumpTo(externalPolicyChain));
  return rules;
}

export interface FirewallChainRules {
  /** `-s <range> -j KUBE-EXT`, one per loadBalancerSourceRanges entry. */
  allow: IptRule[];
  /** `-s <load balancer IP> -j KUBE-EXT`, when a range holds the node's IP (allowFromNode). */
  allowLoadBalancer: IptRule[];
  /** The last rule has no target: what reaches it leaves nat unchanged, and KUBE-PROXY-FIREWALL drops it. */
  fallThrough: IptRule;
}

/**
 * KUBE-FW-<hash>, the target of the "loadbalancer IP" rules when loadBalancerSourceRanges is set
 * ("This only works for VIP-like loadbalancers that preserve source IPs. For loadbalancers which
 * direct traffic to service NodePort, the firewall rules will not apply.").
 */
export function writeFirewallChain(nat: RuleTable, info: ServicePortInfo, nodeIP: string): FirewallChainRules {
  const { fw, ext, spn } = info;
  nat.declare(fw);
  const head = comment(`${spn} loadbalancer IP`);
  const allow: IptRule[] = [];
  const allowLoadBalancer: IptRule[] = [];
  let allowFromNode = false;
  for (const range of info.loadBalancerSourceRanges) {
    allow.push(nat.add(fw, [head, source(range.text)], jumpTo(ext)));
    if (cidrContains(range, nodeIP)) allowFromNode = true;
  }
  // "For VIP-like LBs, the VIP is often added as a local address (via an IP route rule). In that
  // case, a request from a node to the VIP will not hit the loadbalancer but will loop back with
  // the source IP set to the VIP."
  if (allowFromNode) {
    for (const ip of info.loadBalancerIPs) allowLoadBalancer.push(nat.add(fw, [head, source(ip)], jumpTo(ext)));
  }
  const fallThrough = nat.add(fw, [comment(`other traffic to ${spn} will be dropped by KUBE-PROXY-FIREWALL`)]);
  return { allow, allowLoadBalancer, fallThrough };
}
