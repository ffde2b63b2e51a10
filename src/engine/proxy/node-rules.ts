/**
 * The rules kube-proxy (iptables mode) writes on one node: syncProxyRules and
 * writeServiceToEndpointRules of pkg/proxy/iptables/proxier.go, one Service port at a time, with
 * the endpoints split as proxy.CategorizeEndpoints (pkg/proxy/topology.go, here topology.ts) splits
 * them for this node and its zone. Each rule is one IptRule (ipt-rule.ts), kept in the order
 * kube-proxy writes it: iptables-save.ts renders the tables from them, and the packet walk reads
 * them by Service port.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  MASQUERADE_MARK,
} from './chains';
import type { ExternalChainRules, FirewallChainRules } from './external-rules';
import { writeExternalChain, writeFirewallChain } from './external-rules';
import type { IptMatch, IptRule, IptTarget } from './ipt-rule';
import {
  addrtype,
  comment,
  ctstate,
  destination,
  dport,
  iptRule,
  jumpTo,
  mark,
  markWith,
  nfacct,
  protocol,
  source,
  verdict,
} from './ipt-rule';
import { destinationHolds } from './ipt-read';
import type { DispatchChain, EndpointRules } from './endpoint-rules';
import { endpointRuleWriter, writeDispatchChain, writeEndpointChain } from './endpoint-rules';
import type { ProxyEndpoint, ServicePortInfo } from './service-ports';
import type { CategorizedEndpoints } from './topology';
import { categorizeEndpoints, usesClusterEndpoints, usesLocalEndpoints } from './topology';

export type { ExternalChainRules, FirewallChainRules } from './external-rules';

/**
 * The nfacct counters kube-proxy counts some packets with (metrics.LocalhostNodePortAcceptedNFAcctCounter,
 * metrics.IPTablesCTStateInvalidDroppedNFAcctCounter). kube-proxy creates them at start-up and
 * writes the `-m nfacct` rules when that worked, as on a usual node (kubernetes/kubernetes#125015).
 */
export const NFACCT_LOCALHOST_NODEPORTS = 'localhost_nps_accepted_pkts';
export const NFACCT_CT_STATE_INVALID = 'ct_state_invalid_dropped_pkts';

/** largeClusterEndpointsThreshold: above it kube-proxy leaves the comments out of endpoint rules. */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

export interface NodeServicePort {
  info: ServicePortInfo;
  hasEndpoints: boolean;
  hasInternalEndpoints: boolean;
  hasExternalEndpoints: boolean;
  localEndpoints: ProxyEndpoint[];
  /** What CategorizeEndpoints chose for this node (topology mode, cluster endpoints). */
  topology: CategorizedEndpoints;
  internalChain: string;
  externalPolicyChain: string;
  clusterChain?: DispatchChain;
  localChain?: DispatchChain;
  endpoints: Map<string, EndpointRules>;
  nat: {
    clusterIP?: IptRule;
    internalMasquerade?: IptRule;
    externalIPs: Map<string, IptRule>;
    loadBalancer: Map<string, IptRule>;
    /** `-d 127.0.0.0/8 ... -m nfacct`: the same jump for localhost, counted (localhostNodePorts). */
    nodePortLocalhost?: IptRule;
    nodePort?: IptRule;
    ext?: ExternalChainRules;
    /** KUBE-FW-<hash>, when the Service has loadBalancerSourceRanges. */
    firewall?: FirewallChainRules;
  };
  filter: {
    clusterIP?: IptRule;
    externalIPs: Map<string, IptRule>;
    loadBalancer: Map<string, IptRule>;
    /** KUBE-PROXY-FIREWALL's "traffic not accepted by KUBE-FW-<hash>" DROP, by load balancer IP. */
    firewall: Map<string, IptRule>;
    nodePort?: IptRule;
    healthCheck?: IptRule;
  };
}

/** Rules in one table: chains in creation order, each with its rules in the order written. */
export class RuleTable {
  readonly chains = new Map<string, IptRule[]>();

  declare(chain: string): void {
    if (!this.chains.has(chain)) this.chains.set(chain, []);
  }

  /** Appends `-A <chain> <matches> [-j <target>]` and returns it. */
  add(chain: string, matches: readonly IptMatch[], target?: IptTarget): IptRule {
    return this.push(iptRule(chain, matches, target));
  }

  /** Appends a rule made elsewhere (endpoint-rules.ts shares them between nodes) to its chain. */
  push(rule: IptRule): IptRule {
    let rules = this.chains.get(rule.chain);
    if (!rules) {
      rules = [];
      this.chains.set(rule.chain, rules);
    }
    rules.push(rule);
    return rule;
  }
}

/**
 * The kube-proxy flags that change the rules (options.ts KubeProxyOptions), as one node sees them.
 */
export interface ProxyConfig {
  /** --masquerade-all. */
  masqueradeAll: boolean;
  /** --cluster-cidr (detect-local-mode ClusterCIDR); undefined: the no-op local detector. */
  clusterCIDR: string | undefined;
  /** The node's addresses --nodeport-addresses selects (GetNodeIPs); undefined: MatchAll. */
  nodePortIPs: string[] | undefined;
  /** --iptables-localhost-nodeports. */
  localhostNodePorts: boolean;
}

export interface NodeRules {
  node: string;
  /** The node's topology.kubernetes.io/zone ('' when it has none): the zone its topology hints are read for. */
  zone: string;
  config: ProxyConfig;
  /** The node's IP (proxier.nodeIP): loadBalancerSourceRanges that hold it let the node reach the load balancer IP. */
  nodeIP: string;
  podCIDR: string;
  largeClusterMode: boolean;
  ports: NodeServicePort[];
  /** Keyed `ip:port/PROTOCOL`. */
  byClusterIP: Map<string, NodeServicePort>;
  byExternalIP: Map<string, NodeServicePort>;
  byLoadBalancerIP: Map<string, NodeServicePort>;
  /** Keyed `nodePort/PROTOCOL`. */
  byNodePort: Map<string, NodeServicePort>;
  /**
   * KUBE-SERVICES' last rules, the jumps to KUBE-NODEPORTS: one `--dst-type LOCAL` rule
   * (MatchAll; `! -d 127.0.0.0/8` without localhost NodePorts), or one `-d <ip>` rule per
   * address --nodeport-addresses selects.
   */
  nodePortJumps: IptRule[];
  nat: RuleTable;
  filter: RuleTable;
  rules: {
    markMasq: IptRule;
    postroutingReturn: IptRule;
    postroutingXor: IptRule;
    masquerade: IptRule;
  };
}

/** The KUBE-SERVICES rule that sends a packet for `dstIP` (an address of the node) to KUBE-NODEPORTS, if any. */
export function nodePortJump(rules: NodeRules, dstIP: string): IptRule | undefined {
  return rules.nodePortJumps.find((j) => destinationHolds(j, dstIP));
}

export function serviceKey(ip: string, port: number, protocol: string): string {
  return `${ip}:${port}/${protocol.toUpperCase()}`;
}

interface NodeContext {
  node: string;
  /** The node's topology.kubernetes.io/zone ('' when it has none). */
  zone: string;
  nodeIP: string;
  config: ProxyConfig;
  nat: RuleTable;
  filter: RuleTable;
  large: boolean;
}

function compilePort(info: ServicePortInfo, ctx: NodeContext): NodeServicePort {
  const { node, zone, nodeIP, config, nat, filter, large } = ctx;
  const { spn, protocol: p } = info;
  const usesCluster = usesClusterEndpoints(info);
  const usesLocal = usesLocalEndpoints(info);
  const categorized = categorizeEndpoints(info.endpoints, info, node, zone);
  const { clusterEndpoints, localEndpoints } = categorized;
  const hasEndpoints = categorized.hasAnyEndpoints;
  const hasInternalEndpoints = hasEndpoints && !(info.internalLocal && localEndpoints.length === 0);
  const hasExternalEndpoints = hasEndpoints && !(info.externalLocal && localEndpoints.length === 0);
  const internalChain = info.internalLocal ? info.svl : info.svc;
  const externalPolicyChain = info.externalLocal ? info.svl : info.svc;
  const usesExternalChain = hasEndpoints && info.externallyAccessible;
  // Traffic to load balancer IPs goes to KUBE-EXT, or first to KUBE-FW when loadBalancerSourceRanges is set.
  const usesFirewallChain = hasEndpoints && info.loadBalancerIPs.length > 0 && info.loadBalancerSourceRanges.length > 0;
  const loadBalancerChain = usesFirewallChain ? info.fw : info.ext;
  const proto = protocol(p);
  const servicePort = dport(info.port.port);

  let internalFilter: { target: IptTarget; comment: IptMatch } | undefined;
  let externalFilter: { target: IptTarget; comment: IptMatch } | undefined;
  if (!hasEndpoints) {
    internalFilter = { target: verdict('REJECT'), comment: comment(`${spn} has no endpoints`) };
    externalFilter = internalFilter;
  } else {
    if (!hasInternalEndpoints) internalFilter = { target: verdict('DROP'), comment: comment(`${spn} has no local endpoints`) };
    if (!hasExternalEndpoints) externalFilter = { target: verdict('DROP'), comment: comment(`${spn} has no local endpoints`) };
  }

  const result: NodeServicePort = {
    info,
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    localEndpoints,
    topology: categorized,
    internalChain,
    externalPolicyChain,
    endpoints: new Map(),
    nat: { externalIPs: new Map(), loadBalancer: new Map() },
    filter: { externalIPs: new Map(), loadBalancer: new Map(), firewall: new Map() },
  };
  /** `<protocol> -d <ip> --dport <port>`: a Service port at one of its addresses. */
  const to = (ip: string): IptMatch[] => [proto, destination(ip), servicePort];

  // Capture the clusterIP.
  if (hasInternalEndpoints) {
    result.nat.clusterIP = nat.add(KUBE_SERVICES, [comment(`${spn} cluster IP`), ...to(info.clusterIP)], jumpTo(internalChain));
  } else if (internalFilter) {
    result.filter.clusterIP = filter.add(KUBE_SERVICES, [internalFilter.comment, ...to(info.clusterIP)], internalFilter.target);
  }
  // Capture externalIPs.
  for (const ip of info.externalIPs) {
    if (hasEndpoints) {
      result.nat.externalIPs.set(ip, nat.add(KUBE_SERVICES, [comment(`${spn} external IP`), ...to(ip)], jumpTo(info.ext)));
    }
    if (externalFilter) {
      result.filter.externalIPs.set(ip, filter.add(KUBE_EXTERNAL_SERVICES, [externalFilter.comment, ...to(ip)], externalFilter.target));
    }
  }
  // Capture load-balancer ingress.
  for (const ip of info.loadBalancerIPs) {
    if (hasEndpoints) {
      result.nat.loadBalancer.set(ip, nat.add(KUBE_SERVICES, [comment(`${spn} loadbalancer IP`), ...to(ip)], jumpTo(loadBalancerChain)));
    }
    if (usesFirewallChain) {
      result.filter.firewall.set(
        ip,
        filter.add(KUBE_PROXY_FIREWALL, [comment(`${spn} traffic not accepted by ${info.fw}`), ...to(ip)], verdict('DROP')),
      );
    }
  }
  if (externalFilter) {
    for (const ip of info.loadBalancerIPs) {
      result.filter.loadBalancer.set(ip, filter.add(KUBE_EXTERNAL_SERVICES, [externalFilter.comment, ...to(ip)], externalFilter.target));
    }
  }
  // Capture nodeports.
  if (info.nodePort !== 0) {
    const nodePort = dport(info.nodePort);
    if (hasEndpoints) {
      // With localhostNodePorts (the default for IPv4), connections to 127.0.0.1:<nodePort> are counted first.
      if (config.localhostNodePorts) {
        result.nat.nodePortLocalhost = nat.add(
          KUBE_NODEPORTS,
          [comment(spn), proto, destination('127.0.0.0/8'), nodePort, nfacct(NFACCT_LOCALHOST_NODEPORTS)],
          jumpTo(info.ext),
        );
      }
      result.nat.nodePort = nat.add(KUBE_NODEPORTS, [comment(spn), proto, nodePort], jumpTo(info.ext));
    }
    if (externalFilter) {
      result.filter.nodePort = filter.add(
        KUBE_EXTERNAL_SERVICES,
        [externalFilter.comment, addrtype('dst'), proto, nodePort],
        externalFilter.target,
      );
    }
  }
  // Capture healthCheckNodePorts.
  if (info.healthCheckNodePort !== 0) {
    result.filter.healthCheck = filter.add(
      KUBE_NODEPORTS,
      [comment(`${spn} health check node port`), protocol('tcp'), dport(info.healthCheckNodePort)],
      verdict('ACCEPT'),
    );
  }

  // Internal traffic: --masquerade-all marks everything; otherwise what does not come from a pod
  // (localDetector.IfNotLocal(), detect-local-mode ClusterCIDR: `! -s <cluster CIDR>`), and nothing
  // when the detector is a no-op (no --cluster-cidr).
  if (hasInternalEndpoints) {
    nat.declare(internalChain);
    const head = [comment(`${spn} cluster IP`), ...to(info.clusterIP)];
    if (config.masqueradeAll) result.nat.internalMasquerade = nat.add(internalChain, head, jumpTo(KUBE_MARK_MASQ));
    else if (config.clusterCIDR !== undefined) {
      result.nat.internalMasquerade = nat.add(internalChain, [...head, source(config.clusterCIDR, true)], jumpTo(KUBE_MARK_MASQ));
    }
  }

  // External traffic, then the load balancer firewall.
  if (usesExternalChain) result.nat.ext = writeExternalChain(nat, info, config.clusterCIDR, hasExternalEndpoints, externalPolicyChain);
  if (usesFirewallChain) result.nat.firewall = writeFirewallChain(nat, info, nodeIP);

  const endpointRules = endpointRuleWriter(info, large);
  if (clusterEndpoints.length > 0 && usesCluster) {
    nat.declare(info.svc);
    result.clusterChain = writeDispatchChain(nat, endpointRules, info.svc, clusterEndpoints);
  }
  if (localEndpoints.length > 0 && usesLocal) {
    nat.declare(info.svl);
    result.localChain = writeDispatchChain(nat, endpointRules, info.svl, localEndpoints);
  }

  // Per-endpoint chains for every endpoint this node can reach.
  for (const ep of categorized.allReachableEndpoints) result.endpoints.set(ep.sep, writeEndpointChain(nat, endpointRules, ep));
  return result;
}

/** syncProxyRules for one node. */
export function compileNodeRules(
  ports: readonly ServicePortInfo[],
  node: string,
  nodeIP: string,
  config: ProxyConfig,
  zone = '',
): NodeRules {
  const nat = new RuleTable();
  const filter = new RuleTable();
  for (const chain of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL]) filter.declare(chain);
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.declare(chain);
  const masqMark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  const rules = {
    postroutingReturn: nat.add(KUBE_POSTROUTING, [mark(masqMark, true)], verdict('RETURN')),
    postroutingXor: nat.add(KUBE_POSTROUTING, [], markWith('xor', MASQUERADE_MARK)),
    masquerade: nat.add(KUBE_POSTROUTING, [comment('kubernetes service traffic requiring SNAT')], verdict('MASQUERADE')),
    markMasq: nat.add(KUBE_MARK_MASQ, [], markWith('or', MASQUERADE_MARK)),
  };
  // "Kube-proxy's use of `route_localnet` to enable NodePorts on localhost creates a security
  // hole (https://issue.k8s.io/90259) which this iptables rule mitigates": written only with
  // localhostNodePorts (kubelet keeps an identical copy of its own).
  if (config.localhostNodePorts) {
    filter.declare('KUBE-FIREWALL');
    filter.add(
      'KUBE-FIREWALL',
      [
        comment('block incoming localnet connections'),
        destination('127.0.0.0/8'),
        source('127.0.0.0/8', true),
        ctstate('RELATED,ESTABLISHED,DNAT', true),
      ],
      verdict('DROP'),
    );
  }

  let total = 0;
  for (const info of ports) total += info.endpoints.length;
  const large = total > LARGE_CLUSTER_ENDPOINTS;

  const compiled: NodeRules = {
    node,
    zone,
    nodeIP,
    config,
    podCIDR: config.clusterCIDR ?? '',
    largeClusterMode: large,
    ports: [],
    byClusterIP: new Map(),
    byExternalIP: new Map(),
    byLoadBalancerIP: new Map(),
    byNodePort: new Map(),
    nodePortJumps: [],
    nat,
    filter,
    rules,
  };
  const ctx: NodeContext = { node, zone, nodeIP, config, nat, filter, large };
  for (const info of ports) {
    const port = compilePort(info, ctx);
    compiled.ports.push(port);
    const proto = info.port.protocol;
    compiled.byClusterIP.set(serviceKey(info.clusterIP, info.port.port, proto), port);
    for (const ip of info.externalIPs) compiled.byExternalIP.set(serviceKey(ip, info.port.port, proto), port);
    for (const ip of info.loadBalancerIPs) compiled.byLoadBalancerIP.set(serviceKey(ip, info.port.port, proto), port);
    if (info.nodePort !== 0) compiled.byNodePort.set(`${info.nodePort}/${proto}`, port);
  }
  // "Finally, tail-call to the nodePorts chain": for every local address (MatchAll; without
  // localhost NodePorts, `! -d 127.0.0.0/8`), or for each address --nodeport-addresses selects
  // (a loopback one only with localhost NodePorts).
  const last = comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain');
  if (config.nodePortIPs === undefined) {
    const destinations = config.localhostNodePorts ? [addrtype('dst')] : [addrtype('dst'), destination('127.0.0.0/8', true)];
    compiled.nodePortJumps.push(nat.add(KUBE_SERVICES, [last, ...destinations], jumpTo(KUBE_NODEPORTS)));
  } else {
    for (const ip of config.nodePortIPs) {
      if (ip.startsWith('127.') && !config.localhostNodePorts) continue;
      compiled.nodePortJumps.push(nat.add(KUBE_SERVICES, [last, destination(ip)], jumpTo(KUBE_NODEPORTS)));
    }
  }
  filter.add(KUBE_FORWARD, [ctstate('INVALID'), nfacct(NFACCT_CT_STATE_INVALID)], verdict('DROP'));
  filter.add(KUBE_FORWARD, [comment('kubernetes forwarding rules'), mark(masqMark)], verdict('ACCEPT'));
  filter.add(KUBE_FORWARD, [comment('kubernetes forwarding conntrack rule'), ctstate('RELATED,ESTABLISHED')], verdict('ACCEPT'));
  return compiled;
}
