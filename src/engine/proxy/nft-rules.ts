/**
 * The `ip kube-proxy` table kube-proxy writes in nftables mode (pkg/proxy/nftables/proxier.go:
 * setupNFTables for the fixed part, syncProxyRules and writeServiceToEndpointRules for each
 * Service port). It is built from the same per-node decisions as iptables mode (NodeRules:
 * CategorizeEndpoints, hasInternalEndpoints / hasExternalEndpoints, the flags), so both modes
 * always agree on which endpoints a node uses; only the rules that express them differ.
 *
 * Each rule is one NftRule (nft-rule.ts), kept in its chain for nft-render.ts and, for the
 * packet walk, by Service port.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base32 } from '@scure/base';
import { cidrContains } from '../net/ipv4';
import { MASQUERADE_MARK } from './chains';
import type { NodeRules, NodeServicePort } from './node-rules';
import type { NftExpr, NftRule, NftSelector, NftVerdict } from './nft-rule';
import {
  DROP,
  MASQUERADE,
  REJECT,
  RETURN,
  ctState,
  dnat,
  dport,
  fibLocal,
  goto,
  ip,
  jump,
  l4proto,
  markSet,
  markUnset,
  nftRule,
  numgen,
  update,
  vmap,
} from './nft-rule';
import type { ProxyEndpoint } from './service-ports';

/** Chain, set and map names: the constants at the top of pkg/proxy/nftables/proxier.go. */
export const NFT = {
  table: 'kube-proxy',
  filterPrerouting: 'filter-prerouting',
  filterInput: 'filter-input',
  filterForward: 'filter-forward',
  filterOutput: 'filter-output',
  filterOutputPostDNAT: 'filter-output-post-dnat',
  natPrerouting: 'nat-prerouting',
  natOutput: 'nat-output',
  natPostrouting: 'nat-postrouting',
  services: 'services',
  serviceIPs: 'service-ips',
  serviceNodePorts: 'service-nodeports',
  nodePortIPs: 'nodeport-ips',
  clusterIPs: 'cluster-ips',
  serviceEndpointsCheck: 'service-endpoints-check',
  nodePortEndpointsCheck: 'nodeport-endpoints-check',
  noEndpointServices: 'no-endpoint-services',
  noEndpointNodePorts: 'no-endpoint-nodeports',
  rejectChain: 'reject-chain',
  clusterIPsCheck: 'cluster-ips-check',
  firewallIPs: 'firewall-ips',
  firewallCheck: 'firewall-check',
  markMasq: 'mark-for-masquerade',
  masquerading: 'masquerading',
} as const;

const CHAIN_NAME_BASE_MAX = 128 - 16;

/**
 * hashAndTruncate: the first 8 characters of base32(sha256(name)), a hyphen, the name, cut to
 * chainNameBaseLengthMax.
 */
export function hashAndTruncate(name: string): string {
  const full = `${base32.encode(sha256(utf8ToBytes(name))).slice(0, 8)}-${name}`;
  return full.length > CHAIN_NAME_BASE_MAX ? `${full.slice(0, CHAIN_NAME_BASE_MAX - 3)}...` : full;
}

/** servicePortChainNameBase: "HASH-namespace/name/protocol/portName". */
export function servicePortChainNameBase(namespace: string, name: string, protocol: string, portName: string): string {
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}`);
}

/** servicePortEndpointChainNameBase: "HASH-namespace/name/protocol/portName__ip/port". */
export function endpointChainNameBase(namespace: string, name: string, protocol: string, portName: string, ep: ProxyEndpoint): string {
  return hashAndTruncate(`${namespace}/${name}/${protocol}/${portName}__${ep.ip}/${ep.port}`);
}

export interface NftBaseChain {
  type: 'filter' | 'nat';
  hook: 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting';
  /** As knftables writes it (DNATPriority "dstnat", SNATPriority "srcnat", with offsets)... */
  priority: string;
  /** ...and as a number, which is what knftables' fake Dump prints. */
  priorityValue: number;
}

export interface NftChain {
  name: string;
  base?: NftBaseChain;
  comment?: string;
  rules: NftRule[];
}

export interface NftElement {
  key: string;
  value?: string;
  comment?: string;
}

export interface NftSet {
  kind: 'set' | 'map';
  name: string;
  type: string;
  comment?: string;
  flags?: string[];
  timeoutSeconds?: number;
  elements: NftElement[];
}

export class NftTable {
  readonly chains = new Map<string, NftChain>();
  readonly sets = new Map<string, NftSet>();

  chain(name: string, extra: Omit<NftChain, 'name' | 'rules'> = {}): NftChain {
    let chain = this.chains.get(name);
    if (!chain) {
      chain = { name, rules: [], ...extra };
      this.chains.set(name, chain);
    }
    return chain;
  }

  /** Appends a rule to `chain` and returns it. */
  rule(chain: string, exprs: readonly NftExpr[], verdict?: NftVerdict, comment?: string): NftRule {
    const rule = nftRule(chain, exprs, verdict, comment);
    this.chain(chain).rules.push(rule);
    return rule;
  }

  set(def: Omit<NftSet, 'elements'>): NftSet {
    let set = this.sets.get(def.name);
    if (!set) {
      set = { ...def, elements: [] };
      this.sets.set(def.name, set);
    }
    return set;
  }

  element(set: string, element: NftElement): string {
    const target = this.sets.get(set);
    if (!target) throw new Error(`no set ${set}`);
    // A set holds each key once (a cluster IP with several ports is one element of cluster-ips).
    if (!target.elements.some((e) => e.key === element.key)) target.elements.push(element);
    return elementText(element);
  }
}

/** An element as nft writes it: `key [comment "..."] [: value]`. */
export function elementText(e: NftElement): string {
  return `${e.key}${e.comment !== undefined ? ` comment "${e.comment}"` : ''}${e.value !== undefined ? ` : ${e.value}` : ''}`;
}

/** The rules of one endpoint chain. */
export interface NftEndpointRules {
  endpoint: ProxyEndpoint;
  chain: string;
  affinitySet?: string;
  hairpin: NftRule;
  affinityUpdate?: NftRule;
  dnat: NftRule;
}

/** A service-/local- chain's way to its endpoints (writeServiceToEndpointRules). */
export interface NftDispatch {
  chain: string;
  /** `ip saddr @affinity-... goto endpoint-...`, one per endpoint (ClientIP affinity only). */
  affinity: { endpoint: ProxyEndpoint; rule: NftRule }[];
  /** The endpoints of the numgen rule's verdict map, in its order. */
  endpoints: ProxyEndpoint[];
  /** `numgen random mod N vmap { 0 : goto ..., 1 : goto ... }`. */
  numgen: NftRule;
}

export interface NftServicePort {
  port: NodeServicePort;
  clusterChain: string;
  localChain: string;
  externalChain: string;
  firewallChain: string;
  /** service- or local-: where cluster IP traffic goes. */
  internalChain: string;
  /** service-ips elements by destination IP (cluster IP, external IPs, load balancer IPs). */
  serviceIPs: Map<string, string>;
  nodePort?: string;
  /** no-endpoint-services elements by destination IP, with the verdict. */
  noEndpoint: Map<string, { element: string; verdict: 'reject' | 'drop' }>;
  noEndpointNodePort?: { element: string; verdict: 'reject' | 'drop' };
  /** firewall-ips elements by load balancer IP, and the firewall chain's one rule, `ip saddr != { <allowed> } drop`. */
  firewallIPs: Map<string, string>;
  firewallRule?: NftRule;
  internalMasquerade?: NftRule;
  ext: {
    masquerade?: NftRule;
    podShortCircuit?: NftRule;
    localMasquerade?: NftRule;
    localShortCircuit?: NftRule;
    toPolicy?: NftRule;
  };
  cluster?: NftDispatch;
  local?: NftDispatch;
  /** By the endpoint's KUBE-SEP name (the key NodeServicePort.endpoints uses). */
  endpoints: Map<string, NftEndpointRules>;
}

export interface NftRules {
  node: string;
  table: NftTable;
  rules: NodeRules;
  byPort: Map<NodeServicePort, NftServicePort>;
  fixed: {
    /** The base chains' jumps into kube-proxy's chains (nftablesJumpChains). */
    jumps: NftRule[];
    services: NftRule;
    /** `services`' NodePort lookup: `fib daddr type local ip daddr != 127.0.0.0/8` (MatchAll) or `ip daddr @nodeport-ips`. */
    nodePorts: NftRule;
    serviceEndpointsCheck: NftRule;
    nodePortEndpointsCheck: NftRule;
    firewallCheck: NftRule;
    clusterIPsReject: NftRule;
    /** `ip daddr { <service CIDR> } drop`. */
    clusterIPsDrop: NftRule;
    reject: NftRule;
    markMasq: NftRule;
    masquerade: NftRule;
  };
}

const BASE_CHAINS: [string, NftBaseChain][] = [
  // "We want our filtering rules to operate on pre-DNAT dest IPs, so our filter chains have to run before DNAT."
  [NFT.filterPrerouting, { type: 'filter', hook: 'prerouting', priority: 'dstnat - 10', priorityValue: -110 }],
  [NFT.filterInput, { type: 'filter', hook: 'input', priority: 'dstnat - 10', priorityValue: -110 }],
  [NFT.filterForward, { type: 'filter', hook: 'forward', priority: 'dstnat - 10', priorityValue: -110 }],
  [NFT.filterOutput, { type: 'filter', hook: 'output', priority: 'dstnat - 10', priorityValue: -110 }],
  [NFT.filterOutputPostDNAT, { type: 'filter', hook: 'output', priority: 'dstnat + 10', priorityValue: -90 }],
  [NFT.natPrerouting, { type: 'nat', hook: 'prerouting', priority: 'dstnat', priorityValue: -100 }],
  [NFT.natOutput, { type: 'nat', hook: 'output', priority: 'dstnat', priorityValue: -100 }],
  [NFT.natPostrouting, { type: 'nat', hook: 'postrouting', priority: 'srcnat', priorityValue: 100 }],
];

const NEW = [ctState('new')];

/** nftablesJumpChains: [destination, source, extra match]. */
const JUMP_CHAINS: [string, string, NftExpr[]][] = [
  [NFT.nodePortEndpointsCheck, NFT.filterInput, NEW],
  [NFT.serviceEndpointsCheck, NFT.filterInput, NEW],
  [NFT.serviceEndpointsCheck, NFT.filterForward, NEW],
  [NFT.serviceEndpointsCheck, NFT.filterOutput, NEW],
  [NFT.firewallCheck, NFT.filterPrerouting, NEW],
  [NFT.firewallCheck, NFT.filterOutput, NEW],
  [NFT.services, NFT.natOutput, []],
  [NFT.services, NFT.natPrerouting, []],
  [NFT.masquerading, NFT.natPostrouting, []],
  [NFT.clusterIPsCheck, NFT.filterForward, NEW],
  [NFT.clusterIPsCheck, NFT.filterOutputPostDNAT, NEW],
];

const VERDICT_MAP = 'ipv4_addr . inet_proto . inet_service : verdict';
/** `ip daddr . meta l4proto . th dport`: the key of the service-ips, no-endpoint-services and firewall-ips maps. */
const DST: NftSelector[] = ['ip daddr', 'meta l4proto', 'th dport'];
/** `meta l4proto . th dport`: the key of the NodePort maps. */
const PORT: NftSelector[] = ['meta l4proto', 'th dport'];

/** setupNFTables: the table's fixed chains, sets and maps. */
function setup(table: NftTable, nodePortIPs: string[] | undefined, serviceCIDR: string): NftRules['fixed'] {
  for (const [name, base] of BASE_CHAINS) table.chain(name, { base });
  const jumps: NftRule[] = [];
  for (const [to, from, extra] of JUMP_CHAINS) {
    table.chain(to);
    jumps.push(table.rule(from, extra, jump(to)));
  }
  for (const name of [NFT.services, NFT.clusterIPsCheck, NFT.masquerading, NFT.markMasq]) table.chain(name);
  const markMasq = table.rule(NFT.markMasq, [markSet('or', MASQUERADE_MARK)]);
  table.rule(NFT.masquerading, [markUnset(MASQUERADE_MARK)], RETURN);
  table.rule(NFT.masquerading, [markSet('xor', MASQUERADE_MARK)]);
  const masquerade = table.rule(NFT.masquerading, [MASQUERADE]);
  table.set({ kind: 'set', name: NFT.clusterIPs, type: 'ipv4_addr', comment: 'Active ClusterIPs' });
  const clusterIPsReject = table.rule(
    NFT.clusterIPsCheck,
    [ip('daddr', { set: NFT.clusterIPs }), REJECT],
    undefined,
    'Reject traffic to invalid ports of ClusterIPs',
  );
  const clusterIPsDrop = table.rule(
    NFT.clusterIPsCheck,
    [ip('daddr', { anonymous: [serviceCIDR] })],
    DROP,
    'Drop traffic to unallocated ClusterIPs',
  );
  if (nodePortIPs !== undefined) {
    table.set({ kind: 'set', name: NFT.nodePortIPs, type: 'ipv4_addr', comment: 'IPs that accept NodePort traffic' });
    // "--nodeport-addresses includes localhost but localhost NodePorts are not supported".
    for (const ip of nodePortIPs) if (!ip.startsWith('127.')) table.element(NFT.nodePortIPs, { key: ip });
  }
  table.set({
    kind: 'map',
    name: NFT.noEndpointServices,
    type: VERDICT_MAP,
    comment: 'vmap to drop or reject packets to services with no endpoints',
  });
  table.set({
    kind: 'map',
    name: NFT.noEndpointNodePorts,
    type: 'inet_proto . inet_service : verdict',
    comment: 'vmap to drop or reject packets to service nodeports with no endpoints',
  });
  table.chain(NFT.rejectChain, { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  const reject = table.rule(NFT.rejectChain, [REJECT]);
  const serviceEndpointsCheck = table.rule(NFT.serviceEndpointsCheck, [], vmap(DST, NFT.noEndpointServices));
  const nodePortMatch = nodePortIPs === undefined ? ip('daddr', '127.0.0.0/8', true) : ip('daddr', { set: NFT.nodePortIPs });
  const nodePortEndpointsCheck = table.rule(NFT.nodePortEndpointsCheck, [nodePortMatch], vmap(PORT, NFT.noEndpointNodePorts));
  table.set({
    kind: 'map',
    name: NFT.firewallIPs,
    type: VERDICT_MAP,
    comment: 'destinations that are subject to LoadBalancerSourceRanges',
  });
  const firewallCheck = table.rule(NFT.firewallCheck, [], vmap(DST, NFT.firewallIPs));
  table.set({ kind: 'map', name: NFT.serviceIPs, type: VERDICT_MAP, comment: 'ClusterIP, ExternalIP and LoadBalancer IP traffic' });
  table.set({ kind: 'map', name: NFT.serviceNodePorts, type: 'inet_proto . inet_service : verdict', comment: 'NodePort traffic' });
  const services = table.rule(NFT.services, [], vmap(DST, NFT.serviceIPs));
  const nodePorts = table.rule(
    NFT.services,
    nodePortIPs === undefined ? [fibLocal('daddr'), ip('daddr', '127.0.0.0/8', true)] : [ip('daddr', { set: NFT.nodePortIPs })],
    vmap(PORT, NFT.serviceNodePorts),
  );
  return {
    jumps,
    services,
    nodePorts,
    serviceEndpointsCheck,
    nodePortEndpointsCheck,
    firewallCheck,
    clusterIPsReject,
    clusterIPsDrop,
    reject,
    markMasq,
    masquerade,
  };
}

function writeDispatch(
  table: NftTable,
  chain: string,
  endpoints: readonly ProxyEndpoint[],
  names: Map<ProxyEndpoint, { chain: string; affinity: string }>,
  affinity: boolean,
): NftDispatch {
  const nameOf = (ep: ProxyEndpoint): { chain: string; affinity: string } => {
    const n = names.get(ep);
    if (!n) throw new Error(`no endpoint chain for ${ep.address}`);
    return n;
  };
  const rules: { endpoint: ProxyEndpoint; rule: NftRule }[] = [];
  if (affinity) {
    for (const ep of endpoints) {
      const n = nameOf(ep);
      rules.push({ endpoint: ep, rule: table.rule(chain, [ip('saddr', { set: n.affinity })], goto(n.chain)) });
    }
  }
  const numgenRule = table.rule(chain, [], numgen(endpoints.map((ep) => nameOf(ep).chain)));
  return { chain, affinity: rules, endpoints: [...endpoints], numgen: numgenRule };
}

/** syncProxyRules, "Build rules for each service-port", for one port. */
function compilePort(table: NftTable, p: NodeServicePort, rules: NodeRules): NftServicePort {
  const { info } = p;
  const portName = info.port.name ?? '';
  const base = servicePortChainNameBase(info.namespace, info.service.metadata.name, info.protocol, portName);
  const clusterChain = `service-${base}`;
  const localChain = `local-${base}`;
  const externalChain = `external-${base}`;
  const firewallChain = `firewall-${base}`;
  const internalChain = info.internalLocal ? localChain : clusterChain;
  const externalPolicyChain = info.externalLocal ? localChain : clusterChain;
  const proto = info.protocol;
  const port = info.port.port;
  const config = rules.config;
  const out: NftServicePort = {
    port: p,
    clusterChain,
    localChain,
    externalChain,
    firewallChain,
    internalChain,
    serviceIPs: new Map(),
    noEndpoint: new Map(),
    firewallIPs: new Map(),
    ext: {},
    endpoints: new Map(),
  };
  const affinity = info.affinitySeconds !== undefined;
  const reachable = p.topology.allReachableEndpoints;
  const names = new Map<ProxyEndpoint, { chain: string; affinity: string }>();
  for (const ep of reachable) {
    const epBase = endpointChainNameBase(info.namespace, info.service.metadata.name, proto, portName, ep);
    names.set(ep, { chain: `endpoint-${epBase}`, affinity: `affinity-${epBase}` });
  }
  // The endpoint chains exist before the policy chains that jump to them (ensureChain order).
  for (const ep of reachable) table.chain(names.get(ep)?.chain ?? '');
  const usesCluster = p.clusterChain !== undefined;
  const usesLocal = p.localChain !== undefined;
  if (usesCluster) table.chain(clusterChain);
  if (usesLocal) table.chain(localChain);
  const usesExternal = p.hasEndpoints && info.externallyAccessible;
  if (usesExternal) table.chain(externalChain);

  let internalVerdict: 'reject' | 'drop' | undefined;
  let externalVerdict: 'reject' | 'drop' | undefined;
  if (!p.hasEndpoints) {
    internalVerdict = 'reject';
    externalVerdict = 'reject';
  } else {
    if (!p.hasInternalEndpoints) internalVerdict = 'drop';
    if (!p.hasExternalEndpoints) externalVerdict = 'drop';
  }
  const verdictText = (v: 'reject' | 'drop'): string => (v === 'reject' ? `goto ${NFT.rejectChain}` : 'drop');
  const noEndpoint = (ip: string, v: 'reject' | 'drop'): void => {
    out.noEndpoint.set(ip, {
      element: table.element(NFT.noEndpointServices, { key: `${ip} . ${proto} . ${port}`, comment: info.spn, value: verdictText(v) }),
      verdict: v,
    });
  };

  // Capture the clusterIP.
  table.element(NFT.clusterIPs, { key: info.clusterIP });
  if (p.hasInternalEndpoints) {
    out.serviceIPs.set(
      info.clusterIP,
      table.element(NFT.serviceIPs, { key: `${info.clusterIP} . ${proto} . ${port}`, value: `goto ${internalChain}` }),
    );
  } else if (internalVerdict) noEndpoint(info.clusterIP, internalVerdict);
  // Capture externalIPs.
  for (const ip of info.externalIPs) {
    if (p.hasEndpoints)
      out.serviceIPs.set(ip, table.element(NFT.serviceIPs, { key: `${ip} . ${proto} . ${port}`, value: `goto ${externalChain}` }));
    if (!p.hasExternalEndpoints && externalVerdict) noEndpoint(ip, externalVerdict);
  }
  const usesFW = info.loadBalancerIPs.length > 0 && info.loadBalancerSourceRanges.length > 0;
  if (usesFW) table.chain(firewallChain);
  // Capture load-balancer ingress.
  for (const ip of info.loadBalancerIPs) {
    if (p.hasEndpoints)
      out.serviceIPs.set(ip, table.element(NFT.serviceIPs, { key: `${ip} . ${proto} . ${port}`, value: `goto ${externalChain}` }));
    if (usesFW)
      out.firewallIPs.set(ip, table.element(NFT.firewallIPs, { key: `${ip} . ${proto} . ${port}`, value: `goto ${firewallChain}` }));
  }
  if (!p.hasExternalEndpoints && externalVerdict) for (const ip of info.loadBalancerIPs) noEndpoint(ip, externalVerdict);
  // Capture nodeports.
  if (info.nodePort !== 0) {
    if (p.hasEndpoints) {
      out.nodePort = table.element(NFT.serviceNodePorts, { key: `${proto} . ${info.nodePort}`, value: `goto ${externalChain}` });
    }
    if (!p.hasExternalEndpoints && externalVerdict) {
      out.noEndpointNodePort = {
        element: table.element(NFT.noEndpointNodePorts, {
          key: `${proto} . ${info.nodePort}`,
          comment: info.spn,
          value: verdictText(externalVerdict),
        }),
        verdict: externalVerdict,
      };
    }
  }

  // Set up internal traffic handling.
  if (p.hasInternalEndpoints) {
    const head = [ip('daddr', info.clusterIP), dport(proto, port)];
    if (config.masqueradeAll) out.internalMasquerade = table.rule(internalChain, head, jump(NFT.markMasq));
    else if (config.clusterCIDR !== undefined) {
      out.internalMasquerade = table.rule(internalChain, [...head, ip('saddr', config.clusterCIDR, true)], jump(NFT.markMasq));
    }
  }
  // Set up external traffic handling.
  if (usesExternal) {
    if (!info.externalLocal) out.ext.masquerade = table.rule(externalChain, [], jump(NFT.markMasq));
    else {
      if (config.clusterCIDR !== undefined) {
        out.ext.podShortCircuit = table.rule(
          externalChain,
          [ip('saddr', config.clusterCIDR)],
          goto(clusterChain),
          'short-circuit pod traffic',
        );
      }
      out.ext.localMasquerade = table.rule(externalChain, [fibLocal('saddr')], jump(NFT.markMasq), 'masquerade local traffic');
      out.ext.localShortCircuit = table.rule(externalChain, [fibLocal('saddr')], goto(clusterChain), 'short-circuit local traffic');
    }
    if (p.hasExternalEndpoints) out.ext.toPolicy = table.rule(externalChain, [], goto(externalPolicyChain));
  }
  if (usesFW) {
    // The ranges, and the load balancer IPs themselves when a range holds the node's IP (allowFromNode).
    const allowed = info.loadBalancerSourceRanges.map((c) => c.text);
    if (info.loadBalancerSourceRanges.some((c) => cidrContains(c, rules.nodeIP))) allowed.push(...info.loadBalancerIPs);
    out.firewallRule = table.rule(firewallChain, [ip('saddr', { anonymous: allowed }, true)], DROP);
  }
  if (affinity) {
    for (const ep of reachable) {
      table.set({
        kind: 'set',
        name: names.get(ep)?.affinity ?? '',
        type: 'ipv4_addr',
        flags: ['dynamic', 'timeout'],
        timeoutSeconds: info.affinitySeconds,
      });
    }
  }
  if (usesCluster && p.clusterChain)
    out.cluster = writeDispatch(
      table,
      clusterChain,
      p.clusterChain.balance.map((r) => r.endpoint),
      names,
      affinity,
    );
  if (usesLocal && p.localChain)
    out.local = writeDispatch(
      table,
      localChain,
      p.localChain.balance.map((r) => r.endpoint),
      names,
      affinity,
    );
  // Generate the per-endpoint chains.
  for (const ep of reachable) {
    const n = names.get(ep);
    if (!n) continue;
    const hairpin = table.rule(n.chain, [ip('saddr', ep.ip)], jump(NFT.markMasq));
    const affinityUpdate = affinity ? table.rule(n.chain, [update(n.affinity)]) : undefined;
    const rulesOf: NftEndpointRules = {
      endpoint: ep,
      chain: n.chain,
      hairpin,
      dnat: table.rule(n.chain, [l4proto(proto), dnat(ep.address)]),
    };
    if (affinityUpdate) {
      rulesOf.affinitySet = n.affinity;
      rulesOf.affinityUpdate = affinityUpdate;
    }
    out.endpoints.set(ep.sep, rulesOf);
  }
  return out;
}

/** The node's nftables ruleset, from the decisions of its NodeRules. */
export function compileNftRules(rules: NodeRules, serviceCIDR: string): NftRules {
  const table = new NftTable();
  const nodePortIPs = rules.config.nodePortIPs;
  const fixed = setup(table, nodePortIPs, serviceCIDR);
  const byPort = new Map<NodeServicePort, NftServicePort>();
  for (const p of rules.ports) byPort.set(p, compilePort(table, p, rules));
  return { node: rules.node, table, rules, byPort, fixed };
}
