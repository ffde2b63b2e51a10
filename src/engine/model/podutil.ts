/**
 * Readiness predicates, as Kubernetes' own helpers define them: podutil.IsPodReady and
 * GetPodReadyCondition (k8s.io/kubectl/pkg/util/podutils, pkg/api/v1/pod/util.go) and
 * nodeutil.IsNodeReady (pkg/util/node). One definition for the engine, the graph and the panels.
 */
import type { Node, Pod, PodCondition } from './types';

/** The pod's Ready condition (GetPodReadyCondition), if it has one. */
export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status.conditions.find((c) => c.type === 'Ready');
}

/** IsPodReady: the Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** IsPodReady of a pod that is also Running (what a load balancer's health check sees answer). */
export function isPodRunningAndReady(pod: Pod): boolean {
  return pod.status.phase === 'Running' && isPodReady(pod);
}

/** IsNodeReady: the node's Ready condition is True. */
export function isNodeReady(node: Node): boolean {
  return node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}
