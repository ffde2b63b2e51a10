/**
 * kube-proxy's state on each node, kept beside the cluster state: the compiled rules (rebuilt only
 * when Services or Endpoints change, as kube-proxy resyncs on those events), each node's kernel
 * randomness for `-m statistic`, and the `-m recent` lists that implement ClientIP affinity.
 */
import type { ClusterState } from '../state';
import type { Random } from '../util/random';
import { compileNodeRules } from './node-rules';
import { compileNftRules } from './nft-rules';
import type { NftRules } from './nft-rules';
import type { NodeRules, ProxyConfig } from './node-rules';
import { intToIp, parseCidr } from '../net/ipv4';
import { inCidr } from '../trace/network';
import { servicePorts } from './service-ports';
import type { ServicePortInfo } from './service-ports';

/** kube-proxy's compiled rules, kept as DerivedCaches.proxy. */
export interface ProxyRules {
  version: string;
  ports: ServicePortInfo[];
  /** Service ports by load balancer IP, and every Service externalIP. */
  loadBalancerIPs: Map<string, ServicePortInfo[]>;
  externalIPs: Set<string>;
  nodes: Map<string, NodeRules>;
  /** The nftables-mode table of each node, built from its NodeRules. */
  nft: Map<string, NftRules>;
}

function runtime(state: ClusterState): ProxyRules {
  let rt = state.caches.proxy;
  if (!rt) {
    rt = { version: '', ports: [], loadBalancerIPs: new Map(), externalIPs: new Set(), nodes: new Map(), nft: new Map() };
    state.caches.proxy = rt;
  }
  const version = `${state.store.version('Service')}/${state.store.version('EndpointSlice')}/${state.store.version('Node')}`;
  if (rt.version !== version) {
    rt.version = version;
    rt.ports = servicePorts(state);
    rt.loadBalancerIPs = new Map();
    for (const port of rt.ports) {
      for (const ip of port.loadBalancerIPs) rt.loadBalancerIPs.set(ip, [...(rt.loadBalancerIPs.get(ip) ?? []), port]);
    }
    rt.externalIPs = new Set(rt.ports.flatMap((p) => p.externalIPs));
    rt.nodes.clear();
    rt.nft.clear();
  }
  return rt;
}

/**
 * kube-proxy's flags for one node. --nodeport-addresses selects among the node's addresses as
 * NodePortAddresses.GetNodeIPs (pkg/proxy/util/nodeport_addresses.go) does, interface by
 * interface: lo (127.0.0.1), eth0 (the InternalIP), cni0 (the pod bridge, .1 of the node's pod
 * range); `primary` is the node IP (cmd/kube-proxy/app/server.go turns it into <nodeIP>/32).
 */
function proxyConfig(state: ClusterState, nodeIP: string, podCIDR: string | undefined): ProxyConfig {
  const flags = state.options.kubeProxy;
  let nodePortIPs: string[] | undefined;
  if (flags.nodePortAddresses === 'primary') nodePortIPs = [nodeIP];
  else if (flags.nodePortAddresses !== 'all') {
    const cidrs = flags.nodePortAddresses;
    // A 0.0.0.0/0 entry is MatchAll (NewNodePortAddresses).
    if (cidrs.some((c) => c.prefix === 0)) nodePortIPs = undefined;
    else {
      const bridge = podCIDR ? intToIp(parseCidr(podCIDR).base + 1) : undefined;
      const local = ['127.0.0.1', nodeIP, ...(bridge ? [bridge] : [])];
      nodePortIPs = local.filter((ip) => cidrs.some((c) => inCidr(c, ip)));
    }
  }
  return {
    masqueradeAll: flags.masqueradeAll,
    clusterCIDR: flags.clusterCIDR?.text,
    nodePortIPs,
    localhostNodePorts: flags.localhostNodePorts,
  };
}

/** The rules kube-proxy has written on the node, as of the current Services and Endpoints. */
export function nodeRules(state: ClusterState, node: string): NodeRules {
  const rt = runtime(state);
  let rules = rt.nodes.get(node);
  if (!rules) {
    const object = state.store.get('Node', node);
    const nodeIP = object?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
    // kube-proxy's node topology labels (NodeTopologyConfig): the zone its topology hints are read for.
    const zone = object?.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
    rules = compileNodeRules(rt.ports, node, nodeIP, proxyConfig(state, nodeIP, object?.spec.podCIDR), zone);
    rt.nodes.set(node, rules);
  }
  return rules;
}

/** The `ip kube-proxy` table kube-proxy (nftables mode) has written on the node. */
export function nftRules(state: ClusterState, node: string): NftRules {
  const rt = runtime(state);
  let rules = rt.nft.get(node);
  if (!rules) {
    rules = compileNftRules(nodeRules(state, node), state.options.serviceCIDR.text);
    rt.nft.set(node, rules);
  }
  return rules;
}

/** Every proxied Service port, as kube-proxy's ServicePortMap holds them (Services in namespace/name order). */
export function proxiedPorts(state: ClusterState): readonly ServicePortInfo[] {
  return runtime(state).ports;
}

/** The Service ports behind a load balancer address (empty when it is none). */
export function loadBalancerPorts(state: ClusterState, ip: string): readonly ServicePortInfo[] {
  return runtime(state).loadBalancerIPs.get(ip) ?? [];
}

export function isExternalIP(state: ClusterState, ip: string): boolean {
  return runtime(state).externalIPs.has(ip);
}

/** A random stream that keeps going from call to call (each node's kernel has its own). */
export function stream(state: ClusterState, ...key: string[]): Random {
  const id = key.join('\u0000');
  let random = state.dataplane.random.get(id);
  if (!random) {
    random = state.random(...key);
    state.dataplane.random.set(id, random);
  }
  return random;
}

/** xt_recent's list for one KUBE-SEP chain on one node. */
export function recentList(state: ClusterState, node: string, chain: string): Map<string, number> {
  let perNode = state.dataplane.recent.get(node);
  if (!perNode) {
    perNode = new Map();
    state.dataplane.recent.set(node, perNode);
  }
  let list = perNode.get(chain);
  if (!list) {
    list = new Map();
    perNode.set(chain, list);
  }
  return list;
}
