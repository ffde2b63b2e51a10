import type { ResolvedOptions } from './options';
import { nodeInternalIP, nodePodCidr } from './options';
import { ObjectStore } from './store';
import { ClusterIPAllocator, LoadBalancerPool, NodePodIPAM, PortAllocator } from './controllers/ipam';
import { Random } from './util/random';
import type { Diagnostic } from './diagnostics';
import type { Kind, Node, Pod, Service } from './model/types';
import type { Manifest } from './parse/manifests';
import { ipToInt } from './net/ipv4';
import { isNodeReady } from './model/podutil';
import { DataplaneState, DerivedCaches } from './derived';

/** Simulated time starts here; each applied manifest moves the clock on by one second. */
export const SIMULATION_EPOCH = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;

export interface SimEvent {
  /** Seconds since SIMULATION_EPOCH. */
  time: number;
  type: 'Normal' | 'Warning';
  reason: string;
  kind: Kind;
  name: string;
  namespace?: string;
  message: string;
  /**
   * Other objects the event involves, as events.k8s.io/v1 Event's `related` names one (here a
   * list): the node a pod started on, the pods an Endpoints change added or removed.
   */
  related?: EventRef[];
}

/** An object an event is about or involves (kind, name and, for namespaced kinds, namespace). */
export interface EventRef {
  kind: Kind;
  name: string;
  namespace?: string;
}

/** Where an object came from in the user's text, to place diagnostics found later. */
export interface ObjectSource {
  manifest: Manifest;
  /** Increments with each `apply`, so diagnostics can tell batches apart. */
  batch: number;
}

/** Everything the simulated control plane holds; shared by the API server and the controllers. */
export class ClusterState {
  readonly store = new ObjectStore();
  readonly clusterIPs: ClusterIPAllocator;
  readonly nodePorts: PortAllocator;
  readonly loadBalancers: LoadBalancerPool;
  readonly podIPs = new Map<string, NodePodIPAM>();
  readonly events: SimEvent[] = [];
  readonly sources = new Map<string, ObjectSource>();
  /** Endpoints objects the user wrote (as opposed to the endpoints controller). */
  readonly userEndpoints = new Set<string>();
  /** Endpoints the control plane itself keeps (the `kubernetes` Service's API server address). */
  readonly systemEndpoints = new Set<string>();
  /**
   * The Services each pod's containers saw when they started, by pod UID: their environment
   * variables are computed from these (objects are replaced, never changed, on update).
   */
  readonly podEnv = new Map<string, readonly Service[]>();
  /** The number of each ReplicaSet pod (by pod UID), from which its name was made: the scale-down order's last tie-break. */
  readonly podOrdinals = new Map<string, number>();
  /**
   * `namespace/name` of ReplicaSet pods deleted one by one (`kubectl delete pod`): their
   * ReplicaSet replaces them with pods of other names, never the same name again.
   */
  readonly retiredPodNames = new Set<string>();
  /** Pods placed on each node, in total and per owner UID: what the scheduler spreads by. */
  readonly placement = new Map<string, { total: number; byOwner: Map<string, number> }>();
  /** Values computed from the store, kept on the state they derive from (derived.ts). */
  readonly caches = new DerivedCaches();
  /** What requests leave behind in the data plane: randomness, xt_recent lists, round-robin positions (derived.ts). */
  readonly dataplane = new DataplaneState();
  diagnostics: Diagnostic[] = [];
  /** Seconds since SIMULATION_EPOCH. */
  now = 0;
  batch = 0;

  constructor(readonly options: ResolvedOptions) {
    this.clusterIPs = new ClusterIPAllocator(options.serviceCIDR);
    this.nodePorts = new PortAllocator(options.nodePortRange.first, options.nodePortRange.last);
    this.loadBalancers = new LoadBalancerPool(options.loadBalancerPool);
  }

  random(...key: string[]): Random {
    return Random.stream(this.options.seed, ...key);
  }

  /** A deterministic UUID for an object, from the seed and what it is. */
  uid(...key: string[]): string {
    const r = this.random('uid', ...key);
    const hex = Array.from({ length: 4 }, () => (r.int(0, 0xffff) * 0x10000 + r.int(0, 0xffff)).toString(16).padStart(8, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[r.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  private stamp = { seconds: Number.NaN, text: '' };

  timestamp(seconds = this.now): string {
    if (this.stamp.seconds !== seconds) {
      this.stamp = { seconds, text: new Date((SIMULATION_EPOCH + seconds) * 1000).toISOString().replace('.000Z', 'Z') };
    }
    return this.stamp.text;
  }

  tick(seconds = 1): void {
    this.now += seconds;
  }

  record(event: Omit<SimEvent, 'time'>): void {
    this.events.push({ ...event, time: this.now });
  }

  /** Creates the nodes (Ready, each with a /24 of the pod CIDR) and their pod IPAM. */
  createNodes(): void {
    this.options.nodes.forEach((name, index) => {
      const podCIDR = nodePodCidr(this.options, index);
      const node: Node = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          uid: this.uid('Node', name),
          resourceVersion: '',
          creationTimestamp: this.timestamp(),
          labels: {
            'kubernetes.io/hostname': name,
            'kubernetes.io/os': 'linux',
            'kubernetes.io/arch': 'amd64',
            ...(index === 0 ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
            // The cloud provider's well-known topology label (v1.LabelTopologyZone).
            ...(this.options.zones[name] ? { 'topology.kubernetes.io/zone': this.options.zones[name] } : {}),
          },
        },
        spec: { podCIDR, podCIDRs: [podCIDR] },
        status: {
          addresses: [
            { type: 'InternalIP', address: nodeInternalIP(this.options, index) },
            { type: 'Hostname', address: name },
          ],
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        },
      };
      this.store.put(node);
      this.podIPs.set(name, new NodePodIPAM(ipToInt(podCIDR.split('/')[0] ?? '0.0.0.0')));
    });
  }

  /** Counts a pod on its node (or, with -1, takes it off) for the scheduler's spreading. */
  place(pod: Pod, delta: 1 | -1): void {
    const node = pod.spec.nodeName;
    if (!node) return;
    let entry = this.placement.get(node);
    if (!entry) {
      entry = { total: 0, byOwner: new Map() };
      this.placement.set(node, entry);
    }
    entry.total += delta;
    const owner = pod.metadata.ownerReferences?.[0]?.uid;
    if (owner) entry.byOwner.set(owner, (entry.byOwner.get(owner) ?? 0) + delta);
  }

  nodeIP(name: string): string | undefined {
    return this.store.get('Node', name)?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
  }

  isNodeReady(name: string): boolean {
    const node = this.store.get('Node', name);
    return node !== undefined && isNodeReady(node);
  }
}
