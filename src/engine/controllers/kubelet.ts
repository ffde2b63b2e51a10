/**
 * What the kubelet and the CNI plugin do when a pod lands on a node: an IP from the node's
 * /24 (or the node's own IP with hostNetwork), phase Running, and the Ready condition that the
 * endpoints controller reads.
 */
import type { Pod, PodCondition } from '../model/types';
import type { ClusterState, EventRef } from '../state';
import { schedulePod } from './scheduler';
import { servicesForPodEnv } from '../envvars/service-env';
import type { Service } from '../model/types';
import { namespaceOf } from '../model/meta';
import { podReadyCondition } from '../model/podutil';
import { fnv32a } from '../util/hash';
import { PODS_PER_NODE_BLOCK } from './ipam';

/**
 * Annotation that stands for a readiness probe's outcome in the simulation: `fail` makes the
 * pod's readiness probe fail (Ready=False), `pass` makes it pass. Without it, a pod is Ready
 * unless its own `status` says otherwise.
 */
export const READINESS_ANNOTATION = 'svcscope.dev/readiness';

export interface Readiness {
  ready: boolean;
  reason?: string;
  message?: string;
}

export function podReadiness(pod: Pod, declared: { phase?: string; ready?: string } = {}, nodeReady = true): Readiness {
  if (!nodeReady) return { ready: false, reason: 'NodeNotReady', message: `node ${pod.spec.nodeName ?? ''} is not ready` };
  const annotation = pod.metadata.annotations?.[READINESS_ANNOTATION];
  if (annotation === 'fail') {
    const probe = pod.spec.containers.find((c) => c.readinessProbe);
    return {
      ready: false,
      reason: 'ReadinessProbeFailed',
      message: probe ? `Readiness probe of container ${probe.name} failed` : 'Readiness probe failed',
    };
  }
  if (annotation === 'pass') return { ready: true };
  if (declared.phase && declared.phase !== 'Running') return { ready: false, reason: declared.phase };
  if (declared.ready === 'False') return { ready: false, reason: 'ContainersNotReady', message: 'status says the pod is not ready' };
  return { ready: true };
}

function conditions(state: ClusterState, readiness: Readiness, scheduled: boolean): PodCondition[] {
  const at = state.timestamp();
  const flag = (b: boolean): 'True' | 'False' => (b ? 'True' : 'False');
  const ready: PodCondition = { type: 'Ready', status: flag(readiness.ready), lastTransitionTime: at };
  if (readiness.reason) ready.reason = readiness.reason;
  if (readiness.message) ready.message = readiness.message;
  return [
    { type: 'PodReadyToStartContainers', status: flag(scheduled), lastTransitionTime: at },
    { type: 'Initialized', status: 'True', lastTransitionTime: at },
    ready,
    { type: 'ContainersReady', status: ready.status, lastTransitionTime: at },
    { type: 'PodScheduled', status: flag(scheduled), lastTransitionTime: at },
  ];
}

/** Schedules and starts a pod that has just been created; returns a reason when it stays Pending. */
export function startPod(state: ClusterState, pod: Pod, declared: { phase?: string; ready?: string } = {}): string | undefined {
  const placement = schedulePod(state, pod);
  if (placement.node === undefined) {
    pod.status = {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: placement.reason }],
    };
    return placement.reason;
  }
  const node = placement.node;
  pod.spec.nodeName = node;
  state.place(pod, 1);
  const hostIP = state.nodeIP(node);
  const podIP = pod.spec.hostNetwork ? hostIP : state.podIPs.get(node)?.allocate(`${namespaceOf(pod)}/${pod.metadata.name}`);
  if (!podIP || !hostIP) return sandboxFailed(state, pod, node);
  const readiness = podReadiness(pod, declared, state.isNodeReady(node));
  pod.status = {
    phase: declared.phase === 'Succeeded' || declared.phase === 'Failed' ? declared.phase : 'Running',
    conditions: conditions(state, readiness, true),
    hostIP,
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: state.timestamp(),
  };
  startContainers(
    state,
    pod,
    `scheduled to ${node}, IP ${podIP}${readiness.ready ? '' : `, not ready (${readiness.reason ?? 'unknown'})`}`,
    [{ kind: 'Node', name: node }],
  );
  return undefined;
}

/** A sandbox ID as the container runtime prints one: 64 hex digits (here hashed from the pod's UID). */
function sandboxID(pod: Pod): string {
  return Array.from({ length: 8 }, (_, i) => fnv32a(`${pod.metadata.uid}/${i}`).toString(16).padStart(8, '0')).join('');
}

/** The condition message the kubelet gives an unready pod (status.GenerateContainersReadyCondition). */
function unreadyContainers(pod: Pod): string {
  return `containers with unready status: [${pod.spec.containers.map((c) => c.name).join(' ')}]`;
}

/**
 * The node's pod CIDR block is used up: the CNI plugin's IPAM (host-local, which bridge and flannel
 * delegate to) fails with "failed to allocate for range 0: no IP addresses available in range set",
 * the runtime's RunPodSandbox fails, and the kubelet (kuberuntime_manager.go SyncPod) records
 * FailedCreatePodSandBox with "Failed to create pod sandbox: <error>" and retries. The pod stays
 * Pending on its node, without an IP, its containers never created (PodReadyToStartContainers
 * False). Returns the reason the pod stays Pending.
 */
function sandboxFailed(state: ClusterState, pod: Pod, node: string): string {
  const ipam = state.podIPs.get(node);
  const at = state.timestamp();
  const unready = { reason: 'ContainersNotReady', message: unreadyContainers(pod) };
  pod.status = {
    phase: 'Pending',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'False', lastTransitionTime: at },
      { type: 'Initialized', status: 'True', lastTransitionTime: at },
      { type: 'Ready', status: 'False', lastTransitionTime: at, ...unready },
      { type: 'ContainersReady', status: 'False', lastTransitionTime: at, ...unready },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: at },
    ],
  };
  const cni = ipam
    ? `plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${ipam.rangeSet}`
    : `node ${node} has no pod CIDR`;
  state.record({
    type: 'Warning',
    reason: 'FailedCreatePodSandBox',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxID(pod)}": ${cni}`,
    related: [{ kind: 'Node', name: node }],
  });
  return ipam
    ? `no IP address left in the pod CIDR block ${ipam.cidr} of node ${node} (it holds ${PODS_PER_NODE_BLOCK} pods): the CNI plugin cannot set up the pod's network and the kubelet reports FailedCreatePodSandBox`
    : `node ${node} has no pod CIDR block: the kubelet reports FailedCreatePodSandBox`;
}

/**
 * The containers start: the kubelet fixes their environment from the Services it knows now, so
 * Services created later are not in it until the next start.
 */
function startContainers(state: ClusterState, pod: Pod, what: string, related?: EventRef[]): void {
  const seen = servicesVisibleTo(state, pod);
  state.podEnv.set(pod.metadata.uid, seen);
  state.record({
    type: 'Normal',
    reason: 'Started',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    message: `${what}, ${seen.length} Service(s) in the environment`,
    ...(related ? { related } : {}),
  });
}

/** The Services whose variables the kubelet puts into the pod's containers right now. */
function servicesVisibleTo(state: ClusterState, pod: Pod): Service[] {
  // Pods of one namespace started between two Service changes see the same Services: computed once.
  const cache = state.caches.visibleServices;
  const key = `${namespaceOf(pod)}/${pod.spec.enableServiceLinks}`;
  const version = state.store.version('Service');
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.services;
  const services = servicesForPodEnv(pod, [...state.store.list('Service', namespaceOf(pod)), ...state.store.list('Service', 'default')]);
  cache.set(key, { version, services });
  return services;
}

/**
 * A container restart (crash, or `kubectl rollout restart` of a bare pod's image): the kubelet
 * computes the environment again, so Services created since the pod started now appear in it.
 */
export function restartContainers(state: ClusterState, pod: Pod): void {
  if (pod.status.phase !== 'Running') return;
  startContainers(state, pod, 'containers restarted');
}

/** Re-evaluates readiness after labels, annotations or node state changed. */
export function refreshReadiness(state: ClusterState, pod: Pod): void {
  if (pod.status.phase !== 'Running') return;
  const readiness = podReadiness(pod, {}, pod.spec.nodeName ? state.isNodeReady(pod.spec.nodeName) : false);
  const current = podReadyCondition(pod);
  if (current && (current.status === 'True') === readiness.ready) return;
  pod.status.conditions = conditions(state, readiness, true);
}

/** Gives back the pod's IP when it goes away. */
export function stopPod(state: ClusterState, pod: Pod): void {
  state.podEnv.delete(pod.metadata.uid);
  // Placed when scheduled: Running, or Pending on its node because its sandbox could not be created.
  const scheduled = pod.status.conditions.some((c) => c.type === 'PodScheduled' && c.status === 'True');
  if (pod.status.phase !== 'Pending' || pod.status.podIP || scheduled) state.place(pod, -1);
  if (pod.spec.nodeName && pod.status.podIP && !pod.spec.hostNetwork) state.podIPs.get(pod.spec.nodeName)?.release(pod.status.podIP);
  state.record({
    type: 'Normal',
    reason: 'Killing',
    kind: 'Pod',
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    message: 'stopped',
  });
}
