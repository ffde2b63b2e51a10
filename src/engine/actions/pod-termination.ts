/**
 * Graceful pod deletion (`kubectl delete pod NAME --grace-period=N`): the API server does not remove
 * the pod but sets metadata.deletionTimestamp (now + the grace period) and
 * deletionGracePeriodSeconds (pkg/registry/core/pod/strategy.go CheckGracefulDelete,
 * BeforeDelete); the kubelet sends the containers SIGTERM ("Killing" event) and keeps probing
 * readiness until they exit. Meanwhile the pod is Terminating: its ReplicaSet no longer counts it
 * (controller.FilterActivePods) and starts a replacement, the endpoints controller drops it from
 * v1 Endpoints (ShouldPodBeInEndpoints without publishNotReadyAddresses), and the EndpointSlice
 * controller keeps it with ready: false, serving: <its readiness>, terminating: true, which
 * kube-proxy uses only when no ready endpoint is left (KEP-1669). Deleting it again without a
 * grace period ends the termination.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';

/** Marks the pod Terminating; returns false when it already is. */
export function startPodTermination(state: ClusterState, pod: Pod, gracePeriodSeconds: number): boolean {
  if (pod.metadata.deletionTimestamp !== undefined) return false;
  const terminating: Pod = {
    ...pod,
    metadata: {
      ...pod.metadata,
      deletionTimestamp: state.timestamp(state.now + gracePeriodSeconds),
      deletionGracePeriodSeconds: gracePeriodSeconds,
    },
  };
  state.store.put(terminating);
  for (const container of pod.spec.containers) {
    state.record({
      type: 'Normal',
      reason: 'Killing',
      kind: 'Pod',
      name: pod.metadata.name,
      ...(pod.metadata.namespace ? { namespace: pod.metadata.namespace } : {}),
      message: `Stopping container ${container.name}`,
    });
  }
  return true;
}
