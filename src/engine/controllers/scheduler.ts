import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { fnv32a } from '../util/hash';
import { namespaceOf } from '../model/meta';

export type ScheduleResult = { node: string } | { node?: undefined; reason: string };

function matchesNodeSelector(state: ClusterState, node: string, selector: Record<string, string> | undefined): boolean {
  const labels = state.store.get('Node', node)?.metadata.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** The Ready nodes a nodeSelector admits, computed once per selector while no Node changes. */
function feasibleNodes(state: ClusterState, selector: Record<string, string> | undefined): string[] {
  const version = state.store.version('Node');
  let cached = state.caches.feasibleNodes;
  if (!cached || cached.version !== version) {
    cached = { version, bySelector: new Map() };
    state.caches.feasibleNodes = cached;
  }
  const key = JSON.stringify(selector ?? {});
  let nodes = cached.bySelector.get(key);
  if (!nodes) {
    nodes = state.options.nodes.filter((n) => state.isNodeReady(n) && matchesNodeSelector(state, n, selector));
    cached.bySelector.set(key, nodes);
  }
  return nodes;
}

/**
 * Picks a node the way kube-scheduler's default plugins tend to: only Ready nodes that pass the
 * nodeSelector (the NodeUnschedulable/NodeAffinity filters), then the ones with the fewest pods
 * of the same owner (PodTopologySpread's default constraint, spreading by hostname). Among the
 * nodes that score alike kube-scheduler picks one at random (pkg/scheduler/schedule_one.go
 * selectHost); here the pick is hashed from the pod's namespace/name. The choice depends on
 * nothing but the pod, its owner's pods and the nodes, so creating or deleting other pods never
 * changes where a pod goes: the same document places the same pods on the same nodes whatever
 * edits led to it.
 */
export function schedulePod(state: ClusterState, pod: Pod): ScheduleResult {
  if (pod.spec.nodeName) {
    if (!state.store.get('Node', pod.spec.nodeName)) {
      return { reason: `node "${pod.spec.nodeName}" does not exist (nodes: ${state.options.nodes.join(', ')})` };
    }
    return { node: pod.spec.nodeName };
  }
  const owner = pod.metadata.ownerReferences?.[0]?.uid;
  const candidates = feasibleNodes(state, pod.spec.nodeSelector);
  if (candidates.length === 0) {
    return { reason: `0/${state.options.nodes.length} nodes are available: no Ready node matches the pod's nodeSelector` };
  }
  const ownPods = (node: string): number => (owner ? (state.placement.get(node)?.byOwner.get(owner) ?? 0) : 0);
  const fewest = Math.min(...candidates.map(ownPods));
  const best = candidates.filter((n) => ownPods(n) === fewest);
  const pick = fnv32a(`${state.options.seed}/${namespaceOf(pod)}/${pod.metadata.name}`) % best.length;
  return { node: best[pick] as string };
}
