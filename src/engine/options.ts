import type { Cidr, IpRange } from './net/ipv4';
import { intToIp, parseCidr, parseIpRange } from './net/ipv4';

export interface ClusterOptions {
  /**
   * How many nodes (named node-1..node-N), or their names, or `{ name, zone }` for each: the zone
   * becomes the node's topology.kubernetes.io/zone label. Default 3 nodes; nodes given by number
   * or name get zones two by two (node-1 and node-2 in zone-a, node-3 and node-4 in zone-b, ...),
   * so zone-aware routing (trafficDistribution, hints) can be seen on the default cluster.
   */
  nodes?: number | (string | NodeOption)[];
  /** Where ClusterIPs come from. Default 10.96.0.0/12 (kubeadm's --service-cidr default). */
  serviceCIDR?: string;
  /** Pod network; each node gets the next /24. Default 10.244.0.0/16 (the flannel/kubeadm convention). */
  podCIDR?: string;
  /** Where node InternalIPs come from (.2 upwards). Default 192.168.49.0/24 (minikube's network). */
  nodeCIDR?: string;
  /** DNS suffix of the cluster. Default cluster.local. */
  clusterDomain?: string;
  /** NodePort range, `30000-32767` (the kube-apiserver --service-node-port-range default). */
  nodePortRange?: string;
  /**
   * Addresses the simulated cloud load balancer hands out, as `first-last` or a CIDR.
   * Default 203.0.113.10-203.0.113.250: TEST-NET-3 (RFC 5737), reserved for documentation, so
   * it can never be mistaken for a real address.
   */
  loadBalancerPool?: string;
  /** Seed of every random choice (IPs, pod names, endpoint picks). Default 1. */
  seed?: number;
  /**
   * The ingress controller the cluster starts with: ingress-nginx behind a Service of type
   * LoadBalancer (default; its address is the last of loadBalancerPool) or NodePort, or 'none'.
   */
  ingressController?: IngressControllerMode;
  /**
   * kube-proxy's --proxy-mode: 'iptables' (default: what most clusters and the seed examples
   * still run, and what every existing trace was written for) or 'nftables' (GA since Kubernetes
   * 1.33, pkg/proxy/nftables/proxier.go: one `ip kube-proxy` table of maps and chains, no localhost
   * NodePorts, and --nodeport-addresses defaulting to the node's primary IP).
   */
  proxyMode?: ProxyMode;
  /** kube-proxy's flags that change what a learner can see. */
  kubeProxy?: KubeProxyOptions;
}

export type ProxyMode = 'iptables' | 'nftables';
export const PROXY_MODES: readonly ProxyMode[] = ['iptables', 'nftables'];

/**
 * The flags of kube-proxy (cmd/kube-proxy/app/options.go) whose effect the simulation shows, with
 * their iptables-mode defaults; pkg/proxy/iptables/proxier.go writes the rules they change.
 */
export interface KubeProxyOptions {
  /**
   * `--masquerade-all`: every packet to a cluster IP is marked for SNAT (KUBE-MARK-MASQ without
   * the `! -s <cluster CIDR>` condition), so endpoints see a node address as the source. Default false.
   */
  masqueradeAll?: boolean;
  /**
   * `--cluster-cidr` (with the default --detect-local-mode ClusterCIDR): the range kube-proxy
   * takes for pod traffic. Traffic to a cluster IP from outside it is masqueraded
   * (`! -s <clusterCIDR> -j KUBE-MARK-MASQ`), and pod traffic to a Service's external addresses
   * skips externalTrafficPolicy Local (`-s <clusterCIDR> -j KUBE-SVC-…`). Default: the pod
   * network (podCIDR). `''` leaves it unset: the local-traffic detector is a no-op and neither rule
   * is written.
   */
  clusterCIDR?: string;
  /**
   * `--nodeport-addresses`: CIDRs whose node addresses accept NodePorts, or `['primary']` for the
   * node's primary IP (its InternalIP). Default `[]`: in iptables mode every local address (`-m
   * addrtype --dst-type LOCAL`); in nftables mode `primary` (platformApplyDefaults in
   * cmd/kube-proxy/app/server_linux.go: `if config.Mode == ProxyModeNFTables &&
   * len(config.NodePortAddresses) == 0` it becomes NodePortAddressesPrimary).
   */
  nodePortAddresses?: string[];
  /**
   * `--iptables-localhost-nodeports`: NodePorts answer on 127.0.0.1 too (kube-proxy sets the
   * route_localnet sysctl). Default true; false adds `! -d 127.0.0.0/8` to the NodePorts jump.
   * iptables mode only: nftables mode never accepts NodePorts on localhost.
   */
  localhostNodePorts?: boolean;
}

/** kube-proxy's flags as resolved: CIDRs parsed, defaults filled. */
export interface ResolvedKubeProxyOptions {
  masqueradeAll: boolean;
  /** Undefined when unset (the no-op local detector). */
  clusterCIDR: Cidr | undefined;
  /** 'all' (MatchAll), 'primary', or the CIDRs given. */
  nodePortAddresses: 'all' | 'primary' | Cidr[];
  localhostNodePorts: boolean;
}

export interface NodeOption {
  name: string;
  /** topology.kubernetes.io/zone; none when empty. */
  zone?: string;
}

export type IngressControllerMode = 'LoadBalancer' | 'NodePort' | 'none';
export const INGRESS_CONTROLLER_MODES: readonly IngressControllerMode[] = ['LoadBalancer', 'NodePort', 'none'];

export interface ResolvedOptions {
  nodes: string[];
  /** The topology.kubernetes.io/zone of each node that has one. */
  zones: Record<string, string>;
  serviceCIDR: Cidr;
  podCIDR: Cidr;
  nodeCIDR: Cidr;
  clusterDomain: string;
  nodePortRange: { first: number; last: number; text: string };
  loadBalancerPool: IpRange;
  seed: number;
  ingressController: IngressControllerMode;
  proxyMode: ProxyMode;
  kubeProxy: ResolvedKubeProxyOptions;
}

export const DEFAULT_OPTIONS = {
  nodes: 3,
  serviceCIDR: '10.96.0.0/12',
  podCIDR: '10.244.0.0/16',
  nodeCIDR: '192.168.49.0/24',
  clusterDomain: 'cluster.local',
  nodePortRange: '30000-32767',
  loadBalancerPool: '203.0.113.10-203.0.113.250',
  seed: 1,
  ingressController: 'LoadBalancer',
  proxyMode: 'iptables',
} as const;

export const MAX_NODES = 64;

/** A problem with one option; the default is used instead. */
export interface OptionProblem {
  option: keyof ClusterOptions;
  message: string;
}

function parsePortRange(text: string): { first: number; last: number; text: string } {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  const first = Number(m?.[1]);
  const last = Number(m?.[2]);
  if (!m || first < 1 || last > 65535 || first > last) throw new Error(`"${text}" is not a port range such as 30000-32767`);
  return { first, last, text: `${first}-${last}` };
}

/** The default zone of the node with this index: zone-a for the first two, zone-b for the next two, ... */
export function defaultZone(index: number): string {
  const n = Math.floor(index / 2);
  return `zone-${n < 26 ? String.fromCharCode(97 + n) : String(n)}`;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function resolveNodes(nodes: number | (string | NodeOption)[]): { names: string[]; zones: Record<string, string> } {
  if (Array.isArray(nodes)) {
    if (nodes.length === 0 || nodes.length > MAX_NODES) throw new Error(`between 1 and ${MAX_NODES} nodes are supported`);
    const entries = nodes.map((n, i) => (typeof n === 'string' ? { name: n, zone: defaultZone(i) } : { name: n.name, zone: n.zone ?? '' }));
    const bad = entries.find((n) => typeof n.name !== 'string' || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(n.name));
    if (bad !== undefined) throw new Error(`node name "${String(bad.name)}" is not a valid DNS subdomain`);
    const badZone = entries.find((n) => typeof n.zone !== 'string' || n.zone.length > 63 || !LABEL_VALUE.test(n.zone));
    if (badZone !== undefined) throw new Error(`zone "${String(badZone.zone)}" of node ${badZone.name} is not a valid label value`);
    if (new Set(entries.map((n) => n.name)).size !== entries.length) throw new Error('node names must be unique');
    return { names: entries.map((n) => n.name), zones: Object.fromEntries(entries.filter((n) => n.zone).map((n) => [n.name, n.zone])) };
  }
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES) throw new Error(`between 1 and ${MAX_NODES} nodes are supported`);
  const names = Array.from({ length: nodes }, (_, i) => `node-${i + 1}`);
  return { names, zones: Object.fromEntries(names.map((n, i) => [n, defaultZone(i)])) };
}

/** Fills defaults; an invalid option is reported and replaced by its default, never thrown. */
export function resolveOptions(options: ClusterOptions = {}): { options: ResolvedOptions; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  function take<T>(option: keyof ClusterOptions, parse: () => T, fallback: () => T): T {
    try {
      return parse();
    } catch (error) {
      problems.push({ option, message: `option ${option}: ${error instanceof Error ? error.message : String(error)}; using the default` });
      return fallback();
    }
  }
  const nodes = take(
    'nodes',
    () => resolveNodes(options.nodes ?? DEFAULT_OPTIONS.nodes),
    () => resolveNodes(DEFAULT_OPTIONS.nodes),
  );
  const resolved: ResolvedOptions = {
    nodes: nodes.names,
    zones: nodes.zones,
    serviceCIDR: take(
      'serviceCIDR',
      () => {
        const cidr = parseCidr(options.serviceCIDR ?? DEFAULT_OPTIONS.serviceCIDR);
        if (cidr.prefix > 28) throw new Error(`"${cidr.text}" is too small for a service range (at most /28)`);
        return cidr;
      },
      () => parseCidr(DEFAULT_OPTIONS.serviceCIDR),
    ),
    podCIDR: take(
      'podCIDR',
      () => {
        const cidr = parseCidr(options.podCIDR ?? DEFAULT_OPTIONS.podCIDR);
        if (cidr.prefix > 23) throw new Error(`"${cidr.text}" is too small: each node needs a /24`);
        return cidr;
      },
      () => parseCidr(DEFAULT_OPTIONS.podCIDR),
    ),
    nodeCIDR: take(
      'nodeCIDR',
      () => parseCidr(options.nodeCIDR ?? DEFAULT_OPTIONS.nodeCIDR),
      () => parseCidr(DEFAULT_OPTIONS.nodeCIDR),
    ),
    clusterDomain: take(
      'clusterDomain',
      () => {
        const domain = options.clusterDomain ?? DEFAULT_OPTIONS.clusterDomain;
        if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(domain)) {
          throw new Error(`"${domain}" is not a DNS domain`);
        }
        return domain;
      },
      () => DEFAULT_OPTIONS.clusterDomain,
    ),
    nodePortRange: take(
      'nodePortRange',
      () => parsePortRange(options.nodePortRange ?? DEFAULT_OPTIONS.nodePortRange),
      () => parsePortRange(DEFAULT_OPTIONS.nodePortRange),
    ),
    loadBalancerPool: take(
      'loadBalancerPool',
      () => parseIpRange(options.loadBalancerPool ?? DEFAULT_OPTIONS.loadBalancerPool),
      () => parseIpRange(DEFAULT_OPTIONS.loadBalancerPool),
    ),
    seed: take(
      'seed',
      () => {
        const seed = options.seed ?? DEFAULT_OPTIONS.seed;
        if (!Number.isFinite(seed)) throw new Error('seed must be a number');
        return Math.trunc(seed);
      },
      () => DEFAULT_OPTIONS.seed,
    ),
    ingressController: take(
      'ingressController',
      () => {
        const mode = options.ingressController ?? DEFAULT_OPTIONS.ingressController;
        if (!INGRESS_CONTROLLER_MODES.includes(mode))
          throw new Error(`"${String(mode)}" is not one of ${INGRESS_CONTROLLER_MODES.join(', ')}`);
        return mode;
      },
      () => DEFAULT_OPTIONS.ingressController,
    ),
    proxyMode: take(
      'proxyMode',
      () => {
        const mode = options.proxyMode ?? DEFAULT_OPTIONS.proxyMode;
        if (!PROXY_MODES.includes(mode)) throw new Error(`"${String(mode)}" is not one of ${PROXY_MODES.join(', ')}`);
        return mode;
      },
      () => DEFAULT_OPTIONS.proxyMode,
    ),
    kubeProxy: { masqueradeAll: false, clusterCIDR: undefined, nodePortAddresses: 'all', localhostNodePorts: true },
  };
  resolved.kubeProxy = take(
    'kubeProxy',
    () => resolveKubeProxy(options.kubeProxy ?? {}, resolved.podCIDR, resolved.proxyMode),
    () => resolveKubeProxy({}, resolved.podCIDR, resolved.proxyMode),
  );
  const podBlocks = resolved.podCIDR.size / 256;
  if (resolved.nodes.length > podBlocks) {
    problems.push({ option: 'nodes', message: `option nodes: the pod CIDR ${resolved.podCIDR.text} has room for ${podBlocks} nodes only` });
    resolved.nodes = resolved.nodes.slice(0, podBlocks);
  }
  if (resolved.nodes.length > resolved.nodeCIDR.size - 3) {
    problems.push({ option: 'nodes', message: `option nodes: the node CIDR ${resolved.nodeCIDR.text} is too small` });
    resolved.nodes = resolved.nodes.slice(0, Math.max(1, resolved.nodeCIDR.size - 3));
  }
  return { options: resolved, problems };
}

function resolveKubeProxy(options: KubeProxyOptions, podCIDR: Cidr, mode: ProxyMode): ResolvedKubeProxyOptions {
  const flag = (value: unknown, name: string, fallback: boolean): boolean => {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') throw new Error(`${name} must be true or false`);
    return value;
  };
  const cluster = options.clusterCIDR;
  if (cluster !== undefined && typeof cluster !== 'string') throw new Error('clusterCIDR must be a CIDR or ""');
  const addresses = options.nodePortAddresses ?? [];
  if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== 'string')) {
    throw new Error('nodePortAddresses must be a list of CIDRs, or ["primary"]');
  }
  // validateKubeProxyNodePortAddress (pkg/proxy/apis/config/validation): "primary" only alone.
  if (addresses.includes('primary') && addresses.length > 1) throw new Error('nodePortAddresses: "primary" must be the only value');
  return {
    masqueradeAll: flag(options.masqueradeAll, 'masqueradeAll', false),
    clusterCIDR: cluster === undefined ? podCIDR : cluster === '' ? undefined : parseCidr(cluster),
    // Unset: MatchAll in iptables mode; in nftables mode the node's primary IPs
    // (platformApplyDefaults, cmd/kube-proxy/app/server_linux.go).
    nodePortAddresses:
      addresses.length === 0
        ? mode === 'nftables'
          ? 'primary'
          : 'all'
        : addresses[0] === 'primary'
          ? 'primary'
          : addresses.map((a) => parseCidr(a)),
    // --iptables-localhost-nodeports is an iptables-mode flag: the nftables proxier has no
    // localhost NodePorts ("--nodeport-addresses includes localhost but localhost NodePorts are not supported").
    localhostNodePorts: mode === 'nftables' ? false : flag(options.localhostNodePorts, 'localhostNodePorts', true),
  };
}

/** The /24 of node number `index` (0-based) in the pod CIDR. */
export function nodePodCidr(options: ResolvedOptions, index: number): string {
  return `${intToIp(options.podCIDR.base + index * 256)}/24`;
}

/** Node InternalIPs start at .2 of the node network, as minikube and kind hand them out. */
export function nodeInternalIP(options: ResolvedOptions, index: number): string {
  return intToIp(options.nodeCIDR.base + 2 + index);
}
