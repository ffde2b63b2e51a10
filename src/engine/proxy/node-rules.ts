/**
 * The rules kube-proxy (iptables mode) writes on one node: syncProxyRules and
 * writeServiceToEndpointRules of pkg/proxy/iptables/proxier.go, one Service port at a time, with
 * the endpoints split as proxy.CategorizeEndpoints (pkg/proxy/topology.go) splits them. Each rule
 * is kept both as iptables-restore text, in the order kube-proxy writes it, and in structured
 * form for the packet walk.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_SERVICES,
  MASQUERADE_MARK,
  probability,
} from './chains';
import type { ProxyEndpoint, ServicePortInfo } from './service-ports';

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

export interface ExternalChainRules {
  /** Cluster policy: everything is marked for masquerade. */
  masquerade?: string;
  /** Local policy: pod traffic goes to KUBE-SVC (short-circuit). */
  podShortCircuit?: string;
  localMasquerade?: string;
  localRoute?: string;
  /** The jump to the policy chain, when there are endpoints for external traffic. */
  toPolicy?: string;
}

export interface NodeServicePort {
  info: ServicePortInfo;
  hasEndpoints: boolean;
  hasInternalEndpoints: boolean;
  hasExternalEndpoints: boolean;
  localEndpoints: ProxyEndpoint[];
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
    nodePort?: string;
    ext?: ExternalChainRules;
  };
  filter: {
    clusterIP?: string;
    externalIPs: Map<string, string>;
    loadBalancer: Map<string, string>;
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

export interface NodeRules {
  node: string;
  podCIDR: string;
  largeClusterMode: boolean;
  ports: NodeServicePort[];
  /** Keyed `ip:port/PROTOCOL`. */
  byClusterIP: Map<string, NodeServicePort>;
  byExternalIP: Map<string, NodeServicePort>;
  byLoadBalancerIP: Map<string, NodeServicePort>;
  /** Keyed `nodePort/PROTOCOL`. */
  byNodePort: Map<string, NodeServicePort>;
  nat: RuleTable;
  filter: RuleTable;
  rules: {
    markMasq: string;
    postroutingReturn: string;
    postroutingXor: string;
    masquerade: string;
    nodePorts: string;
  };
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

function compilePort(info: ServicePortInfo, node: string, podCIDR: string, nat: RuleTable, filter: RuleTable, large: boolean): NodeServicePort {
  const { spn, protocol: p } = info;
  const usesCluster = !info.internalLocal || info.externallyAccessible;
  const usesLocal = info.internalLocal || info.externalLocal;
  const clusterEndpoints = usesCluster ? info.ready : [];
  const localEndpoints = usesLocal ? info.ready.filter((e) => e.nodeName === node) : [];
  const hasEndpoints = info.ready.length > 0;
  const hasInternalEndpoints = hasEndpoints && !(info.internalLocal && localEndpoints.length === 0);
  const hasExternalEndpoints = hasEndpoints && !(info.externalLocal && localEndpoints.length === 0);
  const internalChain = info.internalLocal ? info.svl : info.svc;
  const externalPolicyChain = info.externalLocal ? info.svl : info.svc;
  const usesExternalChain = hasEndpoints && info.externallyAccessible;
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
    internalChain,
    externalPolicyChain,
    endpoints: new Map(),
    nat: { externalIPs: new Map(), loadBalancer: new Map() },
    filter: { externalIPs: new Map(), loadBalancer: new Map() },
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
      result.nat.externalIPs.set(ip, nat.add(KUBE_SERVICES, `-A ${KUBE_SERVICES} -m comment --comment "${spn} external IP" ${match} -d ${ip} ${dport} -j ${info.ext}`));
    }
    if (externalFilter) {
      result.filter.externalIPs.set(
        ip,
        filter.add(KUBE_EXTERNAL_SERVICES, `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilter.comment} ${match} -d ${ip} ${dport} -j ${externalFilter.target}`),
      );
    }
  }
  // Capture load-balancer ingress (no loadBalancerSourceRanges firewall chain in the simulation).
  for (const ip of info.loadBalancerIPs) {
    if (hasEndpoints) {
      result.nat.loadBalancer.set(ip, nat.add(KUBE_SERVICES, `-A ${KUBE_SERVICES} -m comment --comment "${spn} loadbalancer IP" ${match} -d ${ip} ${dport} -j ${info.ext}`));
    }
  }
  if (externalFilter) {
    for (const ip of info.loadBalancerIPs) {
      result.filter.loadBalancer.set(
        ip,
        filter.add(KUBE_EXTERNAL_SERVICES, `-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalFilter.comment} ${match} -d ${ip} ${dport} -j ${externalFilter.target}`),
      );
    }
  }
  // Capture nodeports.
  if (info.nodePort !== 0) {
    if (hasEndpoints) {
      result.nat.nodePort = nat.add(KUBE_NODEPORTS, `-A ${KUBE_NODEPORTS} -m comment --comment ${spn} ${match} --dport ${info.nodePort} -j ${info.ext}`);
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

  // Internal traffic: masquerade what does not come from a pod (detect-local-mode ClusterCIDR).
  if (hasInternalEndpoints) {
    nat.declare(internalChain);
    result.nat.internalMasquerade = nat.add(
      internalChain,
      `-A ${internalChain} -m comment --comment "${spn} cluster IP" ${match} -d ${info.clusterIP} ${dport} ! -s ${podCIDR} -j ${KUBE_MARK_MASQ}`,
    );
  }

  // External traffic.
  if (usesExternalChain) {
    const ext = info.ext;
    nat.declare(ext);
    const rules: ExternalChainRules = {};
    if (!info.externalLocal) {
      rules.masquerade = nat.add(ext, `-A ${ext} -m comment --comment "masquerade traffic for ${spn} external destinations" -j ${KUBE_MARK_MASQ}`);
    } else {
      rules.podShortCircuit = nat.add(ext, `-A ${ext} -m comment --comment "pod traffic for ${spn} external destinations" -s ${podCIDR} -j ${info.svc}`);
      rules.localMasquerade = nat.add(
        ext,
        `-A ${ext} -m comment --comment "masquerade LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j ${KUBE_MARK_MASQ}`,
      );
      rules.localRoute = nat.add(ext, `-A ${ext} -m comment --comment "route LOCAL traffic for ${spn} external destinations" -m addrtype --src-type LOCAL -j ${info.svc}`);
    }
    if (hasExternalEndpoints) rules.toPolicy = nat.add(ext, `-A ${ext} -j ${externalPolicyChain}`);
    result.nat.ext = rules;
  }

  if (clusterEndpoints.length > 0 && usesCluster) {
    nat.declare(info.svc);
    result.clusterChain = dispatchChain(nat, info, info.svc, clusterEndpoints, large);
  }
  if (localEndpoints.length > 0 && usesLocal) {
    nat.declare(info.svl);
    result.localChain = dispatchChain(nat, info, info.svl, localEndpoints, large);
  }

  // Per-endpoint chains for every endpoint this node can reach.
  const reachable = usesLocal && !usesCluster ? localEndpoints : clusterEndpoints;
  for (const ep of reachable) {
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
export function compileNodeRules(ports: readonly ServicePortInfo[], node: string, podCIDR: string): NodeRules {
  const nat = new RuleTable();
  const filter = new RuleTable();
  for (const chain of [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, 'KUBE-FORWARD', KUBE_NODEPORTS, 'KUBE-PROXY-FIREWALL']) filter.declare(chain);
  for (const chain of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ]) nat.declare(chain);
  const mark = `${MASQUERADE_MARK}/${MASQUERADE_MARK}`;
  const rules = {
    postroutingReturn: nat.add(KUBE_POSTROUTING, `-A ${KUBE_POSTROUTING} -m mark ! --mark ${mark} -j RETURN`),
    postroutingXor: nat.add(KUBE_POSTROUTING, `-A ${KUBE_POSTROUTING} -j MARK --xor-mark ${MASQUERADE_MARK}`),
    masquerade: nat.add(KUBE_POSTROUTING, `-A ${KUBE_POSTROUTING} -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`),
    markMasq: nat.add(KUBE_MARK_MASQ, `-A ${KUBE_MARK_MASQ} -j MARK --or-mark ${MASQUERADE_MARK}`),
    nodePorts: '',
  };
  filter.declare('KUBE-FIREWALL');
  filter.add(
    'KUBE-FIREWALL',
    '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  );

  let total = 0;
  for (const info of ports) total += info.ready.length + info.notReady;
  const large = total > LARGE_CLUSTER_ENDPOINTS;

  const compiled: NodeRules = {
    node,
    podCIDR,
    largeClusterMode: large,
    ports: [],
    byClusterIP: new Map(),
    byExternalIP: new Map(),
    byLoadBalancerIP: new Map(),
    byNodePort: new Map(),
    nat,
    filter,
    rules,
  };
  for (const info of ports) {
    const port = compilePort(info, node, podCIDR, nat, filter, large);
    compiled.ports.push(port);
    const protocol = info.port.protocol;
    compiled.byClusterIP.set(serviceKey(info.clusterIP, info.port.port, protocol), port);
    for (const ip of info.externalIPs) compiled.byExternalIP.set(serviceKey(ip, info.port.port, protocol), port);
    for (const ip of info.loadBalancerIPs) compiled.byLoadBalancerIP.set(serviceKey(ip, info.port.port, protocol), port);
    if (info.nodePort !== 0) compiled.byNodePort.set(`${info.nodePort}/${protocol}`, port);
  }
  rules.nodePorts = nat.add(
    KUBE_SERVICES,
    `-A ${KUBE_SERVICES} -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j ${KUBE_NODEPORTS}`,
  );
  filter.add('KUBE-FORWARD', '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP');
  filter.add('KUBE-FORWARD', `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark} -j ACCEPT`);
  filter.add('KUBE-FORWARD', '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  return compiled;
}
