/**
 * The simulated network's addressing, indexed for the tracer: which pod has an IP, which node
 * owns an address or a pod /24, and each node's addresses (its InternalIP on eth0 and the pod
 * bridge's gateway, .1 of its pod CIDR, as the bridge CNI plugin with host-local IPAM sets it up).
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import type { Cidr } from '../net/ipv4';
import { intToIp } from '../net/ipv4';
import { isNodeReady } from '../model/podutil';

const DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * A dotted-quad IPv4 address as an unsigned integer, or undefined. The tracer's hot path checks
 * every host this way: ipaddr.js's validation throws and catches for names, which is slow.
 */
export function ipv4ToInt(text: string): number | undefined {
  const m = DOTTED.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255 || ((m[i] as string).length > 1 && (m[i] as string).startsWith('0'))) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function isDottedIPv4(text: string): boolean {
  return ipv4ToInt(text) !== undefined;
}

export function inCidr(cidr: Cidr, ip: string): boolean {
  const value = ipv4ToInt(ip);
  return value !== undefined && value >= cidr.base && value < cidr.base + cidr.size;
}

function block(ip: string): number {
  return Math.floor((ipv4ToInt(ip) ?? 0) / 256) * 256;
}

export interface NodeAddresses {
  name: string;
  internalIP: string;
  /** cni0's address: the gateway of the node's pod /24. */
  bridgeIP: string;
  ready: boolean;
}

export interface NetworkIndex {
  version: string;
  podByIP: Map<string, Pod>;
  hostNetworkPods: Map<string, Pod[]>;
  nodes: Map<string, NodeAddresses>;
  nodeByIP: Map<string, string>;
  nodeByPodBlock: Map<number, string>;
}

function build(state: ClusterState, version: string): NetworkIndex {
  const index: NetworkIndex = {
    version,
    podByIP: new Map(),
    hostNetworkPods: new Map(),
    nodes: new Map(),
    nodeByIP: new Map(),
    nodeByPodBlock: new Map(),
  };
  for (const node of state.store.list('Node')) {
    const internalIP = node.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
    const podBlock = block(node.spec.podCIDR.split('/')[0] ?? '0.0.0.0');
    const name = node.metadata.name;
    index.nodes.set(name, {
      name,
      internalIP,
      bridgeIP: intToIp(podBlock + 1),
      ready: isNodeReady(node),
    });
    if (internalIP) index.nodeByIP.set(internalIP, name);
    index.nodeByPodBlock.set(podBlock, name);
  }
  for (const pod of state.store.list('Pod')) {
    const ip = pod.status.podIP;
    if (!ip || pod.status.phase !== 'Running') continue;
    if (pod.spec.hostNetwork) {
      const list = index.hostNetworkPods.get(ip) ?? [];
      list.push(pod);
      index.hostNetworkPods.set(ip, list);
    } else {
      index.podByIP.set(ip, pod);
    }
  }
  return index;
}

function network(state: ClusterState): NetworkIndex {
  const version = `${state.store.version('Pod')}/${state.store.version('Node')}`;
  let index = state.caches.network;
  if (!index || index.version !== version) {
    index = build(state, version);
    state.caches.network = index;
  }
  return index;
}

export function podByIP(state: ClusterState, ip: string): Pod | undefined {
  return network(state).podByIP.get(ip);
}

export function hostNetworkPodsAt(state: ClusterState, ip: string): Pod[] {
  return network(state).hostNetworkPods.get(ip) ?? [];
}

export function nodeAddresses(state: ClusterState, node: string): NodeAddresses | undefined {
  return network(state).nodes.get(node);
}

export function allNodes(state: ClusterState): NodeAddresses[] {
  return [...network(state).nodes.values()];
}

/** The node whose InternalIP or pod bridge address this is. */
export function nodeOwningAddress(state: ClusterState, ip: string): string | undefined {
  const index = network(state);
  const byIP = index.nodeByIP.get(ip);
  if (byIP) return byIP;
  const node = index.nodeByPodBlock.get(block(ip));
  return node && index.nodes.get(node)?.bridgeIP === ip ? node : undefined;
}

/** The node whose pod /24 holds the address. */
export function nodeOfPodIP(state: ClusterState, ip: string): string | undefined {
  if (!inCidr(state.options.podCIDR, ip)) return undefined;
  return network(state).nodeByPodBlock.get(block(ip));
}

export type AddressKind = 'pod' | 'service' | 'node' | 'outside';

export function classify(state: ClusterState, ip: string): AddressKind {
  if (!isDottedIPv4(ip)) return 'outside';
  if (inCidr(state.options.podCIDR, ip)) return 'pod';
  if (inCidr(state.options.serviceCIDR, ip)) return 'service';
  if (network(state).nodeByIP.has(ip)) return 'node';
  return 'outside';
}
