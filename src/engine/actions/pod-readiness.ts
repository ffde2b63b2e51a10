/**
 * A readiness probe starting to fail or pass on a running pod, as the kubelet's prober reports it
 * (pkg/kubelet/prober: an `Unhealthy` event "Readiness probe failed", then the Ready condition
 * flips and the endpoints controller moves the pod between addresses and notReadyAddresses).
 * The outcome is kept in the pod's READINESS_ANNOTATION so it survives a container restart.
 */
import type { ClusterState } from '../state';
import { READINESS_ANNOTATION, refreshReadiness } from '../controllers/kubelet';
import { reconcileEndpointControllers } from '../controllers/endpoint-controllers';

export function setPodReady(state: ClusterState, name: string, namespace: string, ready: boolean): string | undefined {
  const pod = state.store.get('Pod', name, namespace);
  if (!pod) return `pods "${name}" not found`;
  state.tick();
  pod.metadata.annotations = { ...pod.metadata.annotations, [READINESS_ANNOTATION]: ready ? 'pass' : 'fail' };
  if (!ready) {
    const probe = pod.spec.containers.find((c) => c.readinessProbe);
    state.record({
      type: 'Warning',
      reason: 'Unhealthy',
      kind: 'Pod',
      name,
      namespace,
      message: probe ? `Readiness probe of container ${probe.name} failed` : 'Readiness probe failed',
    });
  } else {
    state.record({ type: 'Normal', reason: 'Ready', kind: 'Pod', name, namespace, message: 'Readiness probe succeeded' });
  }
  refreshReadiness(state, pod);
  state.store.put(pod);
  reconcileEndpointControllers(state);
  return undefined;
}
