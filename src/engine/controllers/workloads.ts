/**
 * The Deployment and ReplicaSet controllers (kubernetes/pkg/controller/deployment and
 * replicaset), reduced to their settled state: a Deployment owns one ReplicaSet per pod
 * template, named `<deployment>-<pod-template-hash>`; the ReplicaSet creates pods named
 * `<replicaset>-<5 characters>` (generateName) until it has `replicas` of them.
 *
 * The API server draws generateName's suffix at random (names.SimpleNameGenerator). Here the
 * suffix of the ReplicaSet's n-th pod is drawn from a stream keyed by the ReplicaSet and n, and a
 * new pod takes the lowest n whose name is free: the same document gives the same pod names
 * whatever edits led to it, and scaling 3 to 4 adds one pod and renames none.
 */
import type { Deployment, LabelSelector, OwnerReference, Pod, PodTemplate, ReplicaSet } from '../model/types';
import type { ClusterState } from '../state';
import { fnv32a, safeEncodeString } from '../util/hash';
import { startPod, stopPod } from './kubelet';
import { namespaceOf } from '../model/meta';
import { isPodReady } from '../model/podutil';

/** The label a Deployment adds to its ReplicaSets and pods (apps.DefaultDeploymentUniqueLabelKey). */
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * controller.ComputeHash: FNV-32a over the pod template, printed in decimal and mapped onto the
 * safe alphabet by rand.SafeEncodeString. Kubernetes hashes the Go struct as go-spew prints it;
 * we hash a canonical JSON rendering, so the value has the same form but not the same digits.
 */
export function podTemplateHash(template: PodTemplate, collisionCount = 0): string {
  const base = canonicalJSON(template);
  return safeEncodeString(String(fnv32a(collisionCount ? `${base}${collisionCount}` : base)));
}

function ownerRef(owner: Deployment | ReplicaSet): OwnerReference {
  return {
    apiVersion: 'apps/v1',
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** controller.FilterActivePods: not finished and not being deleted (a Terminating pod is replaced). */
function isActive(pod: Pod): boolean {
  return pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed' && pod.metadata.deletionTimestamp === undefined;
}

export function ownedPods(state: ClusterState, rs: ReplicaSet): Pod[] {
  return state.store.owned('Pod', rs.metadata.uid);
}

/** The name of a ReplicaSet's pod number `ordinal`: `<replicaset>-<5 characters>`, as generateName makes it. */
export function replicaPodName(state: ClusterState, rs: ReplicaSet, ordinal: number): string {
  return `${rs.metadata.name}-${state.random('pod-name', namespaceOf(rs), rs.metadata.name, String(ordinal)).k8sString(5)}`;
}

/**
 * Which pod a scale-down deletes first: controller.ActivePods' order (pkg/controller/controller_utils.go):
 * unscheduled before scheduled, not ready before ready, then the newest first. Pods it ranks
 * alike are deleted in an order Kubernetes leaves open (sort.Sort is not stable); here the
 * highest-numbered pod goes first, so scaling down undoes the last scale-up.
 */
function deletionOrder(state: ClusterState): (a: Pod, b: Pod) => number {
  const rank = (p: Pod): number => (p.spec.nodeName ? 0 : -2) + (isPodReady(p) ? 0 : -1);
  const ordinal = (p: Pod): number => state.podOrdinals.get(p.metadata.uid) ?? -1;
  return (a, b) => rank(a) - rank(b) || (b.status.startTime ?? '').localeCompare(a.status.startTime ?? '') || ordinal(b) - ordinal(a);
}

/** Creates or deletes pods until the ReplicaSet has `spec.replicas` active ones. */
export function reconcileReplicaSet(state: ClusterState, rs: ReplicaSet): void {
  const namespace = namespaceOf(rs);
  let pods = ownedPods(state, rs).filter(isActive);
  if (pods.length > rs.spec.replicas) {
    const victims = [...pods].sort(deletionOrder(state)).slice(0, pods.length - rs.spec.replicas);
    for (const victim of victims) deletePod(state, victim);
    pods = pods.filter((p) => !victims.includes(p));
  }
  let ordinal = 0;
  while (pods.length < rs.spec.replicas) {
    const name = replicaPodName(state, rs, ordinal++);
    // A name in use, or one of a pod deleted by hand (the replacement of a deleted pod is a new pod, with a new name).
    if (state.store.get('Pod', name, namespace) || state.retiredPodNames.has(`${namespace}/${name}`)) continue;
    // The pod gets its own spec object (the scheduler writes nodeName into it); containers are
    // never changed after creation, so they are shared with the template.
    const template = { metadata: rs.spec.template.metadata, spec: { ...rs.spec.template.spec } };
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${rs.metadata.name}-`,
        namespace,
        uid: state.uid('Pod', namespace, name),
        resourceVersion: '',
        creationTimestamp: state.timestamp(),
        labels: { ...(template.metadata.labels ?? {}) },
        ...(template.metadata.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(rs)],
      },
      spec: template.spec,
      status: { phase: 'Pending', conditions: [] },
    };
    state.podOrdinals.set(pod.metadata.uid, ordinal - 1);
    startPod(state, pod);
    state.store.put(pod);
    pods.push(pod);
  }
  const all = ownedPods(state, rs).filter(isActive);
  const ready = all.filter(isPodReady).length;
  rs.status = {
    replicas: all.length,
    fullyLabeledReplicas: all.length,
    readyReplicas: ready,
    availableReplicas: ready,
    observedGeneration: 1,
  };
}

export function deletePod(state: ClusterState, pod: Pod): void {
  stopPod(state, pod);
  state.podOrdinals.delete(pod.metadata.uid);
  state.store.remove('Pod', pod.metadata.name, pod.metadata.namespace);
}

/** Makes the Deployment's current ReplicaSet hold all replicas and scales older ones to zero. */
export function reconcileDeployment(state: ClusterState, deployment: Deployment): void {
  const namespace = namespaceOf(deployment);
  const hash = podTemplateHash(deployment.spec.template);
  const rsName = `${deployment.metadata.name}-${hash}`;
  const selector: LabelSelector = {
    ...deployment.spec.selector,
    matchLabels: { ...(deployment.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
  };
  let rs = state.store.get('ReplicaSet', rsName, namespace);
  if (!rs) {
    const template: PodTemplate = structuredClone(deployment.spec.template);
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace,
        uid: state.uid('ReplicaSet', namespace, rsName),
        resourceVersion: '',
        creationTimestamp: state.timestamp(),
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(deployment.spec.replicas),
          'deployment.kubernetes.io/revision': '1',
        },
        ownerReferences: [ownerRef(deployment)],
      },
      spec: { replicas: deployment.spec.replicas, selector, template },
      status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0, observedGeneration: 0 },
    };
    state.record({
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      kind: 'Deployment',
      name: deployment.metadata.name,
      namespace,
      message: `Scaled up replica set ${rsName} to ${deployment.spec.replicas}`,
    });
  } else if (rs.spec.replicas !== deployment.spec.replicas) {
    // deployment/sync.go scaleReplicaSet: "Scaled up|down replica set NAME from OLD to NEW".
    const direction = deployment.spec.replicas > rs.spec.replicas ? 'up' : 'down';
    state.record({
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      kind: 'Deployment',
      name: deployment.metadata.name,
      namespace,
      message: `Scaled ${direction} replica set ${rsName} from ${rs.spec.replicas} to ${deployment.spec.replicas}`,
    });
  }
  rs.spec.replicas = deployment.spec.replicas;
  state.store.put(rs);
  reconcileReplicaSet(state, rs);

  const replicaSets = state.store.owned('ReplicaSet', deployment.metadata.uid);
  for (const old of replicaSets) {
    if (old === rs) continue;
    old.spec.replicas = 0;
    reconcileReplicaSet(state, old);
    state.store.put(old);
  }
  const pods = replicaSets.flatMap((r) => ownedPods(state, r)).filter(isActive);
  const current = ownedPods(state, rs).filter(isActive);
  deployment.status = {
    replicas: pods.length,
    updatedReplicas: current.length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter(isPodReady).length,
    observedGeneration: 1,
  };
}

/** Deleting a Deployment removes its ReplicaSets and their pods (garbage collection, foreground). */
export function deleteDeployment(state: ClusterState, deployment: Deployment): void {
  for (const rs of state.store.owned('ReplicaSet', deployment.metadata.uid)) deleteReplicaSet(state, rs);
}

export function deleteReplicaSet(state: ClusterState, rs: ReplicaSet): void {
  for (const pod of ownedPods(state, rs)) deletePod(state, pod);
  state.store.remove('ReplicaSet', rs.metadata.name, rs.metadata.namespace);
}
