/**
 * The rules kube-proxy (iptables mode) writes on one node: syncProxyRules and
 * writeServiceToEndpointRules of pkg/proxy/iptables/proxier.go, one Service port at a time, with
 * the endpoints split as proxy.CategorizeEndpoints (pkg/proxy/topology.go, here topology.ts) splits
 * them for this node and its zone. Each rule
 * is kept both as iptables-restore text, in the order kube-proxy writes it, and in structured
 * form for the packet walk.
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
  probability,
} from './chains';
import type { ExternalChainRules, FirewallChainRules } from './external-rules';
import { writeExternalChain, writeFirewallChain } from './external-rules';
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

/** One rule of a KUBE-SVC/KUBE-SVL chain that jumps to an endpoint. */
export interface DispatchRule {
  endpoint: ProxyEndpoint;
  rule: string;
  /** `--probability` of a load-balancing rule; undefined for the last (always matching) one. */
  probability?: number;
}

export interface DispatchChain {
  name: string;
  /** `-m recent --rcheck` rules, one per endpoint (sessionAffinity: ClientIP only). */
  affinity: DispatchRule[];
  /** The statistic rules, in order. */
  balance: DispatchRule[];
}

export interface EndpointRules {
  endpoint: ProxyEndpoint;
  /** `-s <endpoint ip> -j KUBE-MARK-MASQ`: a pod reaching itself through the Service (hairpin). */
  hairpin: string;
  dnat: string;
}

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
    clusterIP?: string;
    internalMasquerade?: string;
    externalIPs: Map<string, string>;
    loadBalancer: Map<string, string>;
    /** `-d 127.0.0.0/8 ... -m nfacct`: the same jump for localhost, counted (localhostNodePorts). */
    nodePortLocalhost?: string;
    nodePort?: string;
    ext?: ExternalChainRules;
    /** KUBE-FW-<hash>, when the Service has loadBalancerSourceRanges. */
    firewall?: FirewallChainRules;
  };
  filter: {
    clusterIP?: string;
    externalIPs: Map<string, string>;
    loadBalancer: Map<string, string>;
    /** KUBE-PROXY-FIREWALL's "traffic not accepted by KUBE-FW-<hash>" DROP, by load balancer IP. */
    firewall: Map<string, string>;
    nodePort?: string;
    healthCheck?: string;
  };
}

/** Rules in one table: chains in creation order, each with its rules in the order written. */
export class RuleTable {
  readonly chains = new Map<string, string[]>();

  declare(chain: string): void {
    if (!this.chains.has(chain)) this.chains.set(chain, []);
  }

  add(chain: string, rule: string): string {
    let rules = this.chains.get(chain);
    if (!rules) {
      rules = [];
      this.chains.set(chain, rules);
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
   * (MatchAll), or one `-d <ip>` rule per address --nodeport-addresses selects.
   */
  nodePortJumps: { ip?: string; rule: string }[];
  nat: RuleTable;
  filter: RuleTable;
  rules: {
    markMasq: string;
    postroutingReturn: string;
    postroutingXor: string;
    masquerade: string;
  };
}

/** The KUBE-SERVICES rule that sends a packet for `dstIP` (an address of the node) to KUBE-NODEPORTS, if any. */
export function nodePortJump(rules: NodeRules, dstIP: string): string | undefined {
  const loopback = dstIP.startsWith('127.');
  return rules.nodePortJumps.find((j) => {
    if (j.ip !== undefined) return j.ip === dstIP;
    return !(loopback && !rules.config.localhostNodePorts);
  })?.rule;
}

export function serviceKey(ip: string, port: number, protocol: string): string {
  return `${ip}:${port}/${protocol.toUpperCase()}`;
}

function dispatchChain(
  table: RuleTable,
  info: ServicePortInfo,
  name: string,
  endpoints: readonly ProxyEndpoint[],
  large: boolean,
): DispatchChain {
  const chain: DispatchChain = { name, affinity: [], balance: [] };
  const commentOf = (ep: ProxyEndpoint): string => (large ? '' : ` -m comment --comment "${info.spn} -> ${ep.address}"`);
  if (info.affinitySeconds !== undefined) {
    for (const ep of endpoints) {
      const rule = `-A ${name}${commentOf(ep)} -m recent --name ${ep.sep} --rcheck --seconds ${info.affinitySeconds} --reap -j ${ep.sep}`;
      chain.affinity.push({ endpoint: ep, rule: table.add(name, rule) });
    }
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    if (i < n - 1) {
      const p = probability(n - i);
      const rule = `-A ${name}${commentOf(ep)} -m statistic --mode random --probability ${p} -j ${ep.sep}`;
      chain.balance.push({ endpoint: ep, rule: table.add(name, rule), probability: Number(p) });
    } else {
      chain.balance.push({ endpoint: ep, rule: table.add(name, `-A ${name}${commentOf(ep)} -j ${ep.sep}`) });
    }
  });
  return chain;
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
  const match = `-m ${p} -p ${p}`;

  let internalFilter: { target: string; comment: string } | undefined;
  let externalFilter: { target: string; comment: string } | undefined;
  if (!hasEndpoints) {
    internalFilter = { target: 'REJECT', comment: `"${spn} has no endpoints"` };
    externalFilter = internalFilter;
  } else {
    if (!hasInternalEndpoints) internalFilter = { target: 'DROP', comment: `"${spn} has no local endpoints"` };
    if (!hasExternalEndpoints) externalFilter = { target: 'DROP', comment: `"${spn} has no local endpoints"` };
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
  const dport = `--dport ${info.port.port}`;

  // Capture the clusterIP.
  if (hasInternalEndpoints) {
    result.nat.clusterIP = nat.add(
      KUBE_SERVICES,
      `-A ${KUBE_SERVICES} -m comment --comment "${spn} cluster IP" ${match} -d ${info.clusterIP} ${dport} -j ${internalChain}`,
    );
  } else if (internalFilter) {
    result.filter.clusterIP = filter.add(
      KUBE_SERVICES,
      `-A ${KUBE_SERVICES} -m comment --comment ${internalFilter.comment} ${match} -d ${info.clusterIP} ${dport} -j ${internalFilter.target}`,
    );
  }
  // Capture externalIPs.
  for (const ip of info.externalIPs) {
    if (hasEndpoints) {
      result.nat.externalIPs.set(
        ip,
        nat.add(KUBE_SERVICES, `-A ${KUBE_SERVICES} -m comment --comment "${spn} external IP" ${match} -d ${ip} ${dport} -j ${info.ext}`),
      );
    }
    if (externalFilter) {
      result.filter.externalIPs.set(
        ip,
        filter.add(
          KUBE_EXTERNAL_SERVICES,
          `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilter.comment} ${match} -d ${ip} ${dport} -j ${externalFilter.target}`,
        ),
      );
    }
  }
  // Capture load-balancer ingress.
  for (const ip of info.loadBalancerIPs) {
    if (hasEndpoints) {
      result.nat.loadBalancer.set(
        ip,
        nat.add(
          KUBE_SERVICES,
          `-A ${KUBE_SERVICES} -m comment --comment "${spn} loadbalancer IP" ${match} -d ${ip} ${dport} -j ${loadBalancerChain}`,
        ),
      );
    }
    if (usesFirewallChain) {
      result.filter.firewall.set(
        ip,
        filter.add(
          KUBE_PROXY_FIREWALL,
          `-A ${KUBE_PROXY_FIREWALL} -m comment --comment "${spn} traffic not accepted by ${info.fw}" ${match} -d ${ip} ${dport} -j DROP`,
        ),
      );
    }
  }
  if (externalFilter) {
    for (const ip of info.loadBalancerIPs) {
      result.filter.loadBalancer.set(
        ip,
        filter.add(
          KUBE_EXTERNAL_SERVICES,
          `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilter.comment} ${match} -d ${ip} ${dport} -j ${externalFilter.target}`,
        ),
      );
    }
  }
  // Capture nodeports.
  if (info.nodePort !== 0) {
    if (hasEndpoints) {
      // With localhostNodePorts (the default for IPv4), connections to 127.0.0.1:<nodePort> are counted first.
      if (config.localhostNodePorts) {
        result.nat.nodePortLocalhost = nat.add(
          KUBE_NODEPORTS,
          `-A ${KUBE_NODEPORTS} -m comment --comment ${spn} ${match} -d 127.0.0.0/8 --dport ${info.nodePort} -m nfacct --nfacct-name ${NFACCT_LOCALHOST_NODEPORTS} -j ${info.ext}`,
        );
      }
      result.nat.nodePort = nat.add(
        KUBE_NODEPORTS,
        `-A ${KUBE_NODEPORTS} -m comment --comment ${spn} ${match} --dport ${info.nodePort} -j ${info.ext}`,
      );
    }
    if (externalFilter) {
      result.filter.nodePort = filter.add(
        KUBE_EXTERNAL_SERVICES,
        `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilter.comment} -m addrtype --dst-type LOCAL ${match} --dport ${info.nodePort} -j ${externalFilter.target}`,
      );
    }
  }
  // Capture healthCheckNodePorts.
  if (info.healthCheckNodePort !== 0) {
    result.filter.healthCheck = filter.add(
      KUBE_NODEPORTS,
      `-A ${KUBE_NODEPORTS} -m comment --comment "${spn} health check node port" -m tcp -p tcp --dport ${info.healthCheckNodePort} -j ACCEPT`,
    );
  }

  // Internal traffic: --masquerade-all marks everything; otherwise what does not come from a pod
  // (localDetector.IfNotLocal(), detect-local-mode ClusterCIDR: `! -s <cluster CIDR>`), and nothing
  // when the detector is a no-op (no --cluster-cidr).
  if (hasInternalEndpoints) {
    nat.declare(internalChain);
    const head = `-A ${internalChain} -m comment --comment "${spn} cluster IP" ${match} -d ${info.clusterIP} ${dport}`;
    if (config.masqueradeAll) result.nat.internalMasquerade = nat.add(internalChain, `${head} -j ${KUBE_MARK_MASQ}`);
    else if (config.clusterCIDR !== undefined) {
      result.nat.internalMasquerade = nat.add(internalChain, `${head} ! -s ${config.clusterCIDR} -j ${KUBE_MARK_MASQ}`);
    }
  }

  // External traffic, then the load balancer firewall.
  if (usesExternalChain) result.nat.ext = writeExternalChain(nat, info, config.clusterCIDR, hasExternalEndpoints, externalPolicyChain);
  if (usesFirewallChain) result.nat.firewall = writeFirewallChain(nat, info, nodeIP);

  if (clusterEndpoints.length > 0 && usesCluster) {
    nat.declare(info.svc);
    result.clusterChain = dispatchChain(nat, info, info.svc, clusterEndpoints, large);
  }
  if (localEndpoints.length > 0 && usesLocal) {
    nat.declare(info.svl);
    result.localChain = dispatchChain(nat, info, info.svl, localEndpoints, large);
  }

  // Per-endpoint chains for every endpoint this node can reach.
  for (const ep of categorized.allReachableEndpoints) {
    nat.declare(ep.sep);
    const comment = large ? '' : ` -m comment --comment ${spn}`;
    const hairpin = nat.add(ep.sep, `-A ${ep.sep}${comment} -s ${ep.ip} -j ${KUBE_MARK_MASQ}`);
    const recent = info.affinitySeconds !== undefined ? ` -m recent --name ${ep.sep} --set` : '';
    const dnat = nat.add(ep.sep, `-A ${ep.sep}${comment}${recent} ${match} -j DNAT --to-destination ${ep.address}`);
    result.endpoints.set(ep.sep, { endpoint: ep, hairpin, dnat });
  }
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
  const mark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  const rules = {
    postroutingReturn: nat.add(KUBE_POSTROUTING, `-A ${KUBE_POSTROUTING} -m mark ! --mark ${mark} -j RETURN`),
    postroutingXor: nat.add(KUBE_POSTROUTING, `-A ${KUBE_POSTROUTING} -j MARK --xor-mark ${MASQUERADE_MARK}`),
    masquerade: nat.add(
      KUBE_POSTROUTING,
      `-A ${KUBE_POSTROUTING} -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
    ),
    markMasq: nat.add(KUBE_MARK_MASQ, `-A ${KUBE_MARK_MASQ} -j MARK --or-mark ${MASQUERADE_MARK}`),
  };
  // "Kube-proxy's use of `route_localnet` to enable NodePorts on localhost creates a security
  // hole (https://issue.k8s.io/90259) which this iptables rule mitigates": written only with
  // localhostNodePorts (kubelet keeps an identical copy of its own).
  if (config.localhostNodePorts) {
    filter.declare('KUBE-FIREWALL');
    filter.add(
      'KUBE-FIREWALL',
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
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
    const protocol = info.port.protocol;
    compiled.byClusterIP.set(serviceKey(info.clusterIP, info.port.port, protocol), port);
    for (const ip of info.externalIPs) compiled.byExternalIP.set(serviceKey(ip, info.port.port, protocol), port);
    for (const ip of info.loadBalancerIPs) compiled.byLoadBalancerIP.set(serviceKey(ip, info.port.port, protocol), port);
    if (info.nodePort !== 0) compiled.byNodePort.set(`${info.nodePort}/${protocol}`, port);
  }
  // "Finally, tail-call to the nodePorts chain": for every local address (MatchAll; without
  // localhost NodePorts, `! -d 127.0.0.0/8`), or for each address --nodeport-addresses selects
  // (a loopback one only with localhost NodePorts).
  const comment = '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
  if (config.nodePortIPs === undefined) {
    const destinations = config.localhostNodePorts ? '-m addrtype --dst-type LOCAL' : '-m addrtype --dst-type LOCAL ! -d 127.0.0.0/8';
    compiled.nodePortJumps.push({ rule: nat.add(KUBE_SERVICES, `-A ${KUBE_SERVICES} ${comment} ${destinations} -j ${KUBE_NODEPORTS}`) });
  } else {
    for (const ip of config.nodePortIPs) {
      if (ip.startsWith('127.') && !config.localhostNodePorts) continue;
      compiled.nodePortJumps.push({ ip, rule: nat.add(KUBE_SERVICES, `-A ${KUBE_SERVICES} ${comment} -d ${ip} -j ${KUBE_NODEPORTS}`) });
    }
  }
  filter.add(KUBE_FORWARD, `-A ${KUBE_FORWARD} -m conntrack --ctstate INVALID -m nfacct --nfacct-name ${NFACCT_CT_STATE_INVALID} -j DROP`);
  filter.add(KUBE_FORWARD, `-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark} -j ACCEPT`);
  filter.add(
    KUBE_FORWARD,
    `-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );
  return compiled;
}
