import type { Pod } from '../model/types';
import type { ClusterState } from '../state';

export type ScheduleResult = { node: string } | { node?: undefined; reason: string };

function matchesNodeSelector(state: ClusterState, node: string, selector: Record<string, string> | undefined): boolean {
  const labels = state.store.get('Node', node)?.metadata.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/**
 * Picks a node the way kube-scheduler's default plugins tend to: only Ready nodes that pass the
 * nodeSelector, then the one with the fewest pods of the same owner (PodTopologySpread's default
 * spreading by hostname), then the fewest pods overall, then node order.
 */
export function schedulePod(state: ClusterState, pod: Pod): ScheduleResult {
  if (pod.spec.nodeName) {
    if (!state.store.get('Node', pod.spec.nodeName)) {
      return { reason: `node "${pod.spec.nodeName}" does not exist (nodes: ${state.options.nodes.join(', ')})` };
    }
    return { node: pod.spec.nodeName };
  }
  const owner = pod.metadata.ownerReferences?.[0]?.uid;
  const candidates = state.options.nodes.filter((n) => state.isNodeReady(n) && matchesNodeSelector(state, n, pod.spec.nodeSelector));
  if (candidates.length === 0) {
    return { reason: `0/${state.options.nodes.length} nodes are available: no Ready node matches the pod's nodeSelector` };
  }
  const score = (node: string): [number, number] => {
    const placed = state.placement.get(node);
    return [owner ? (placed?.byOwner.get(owner) ?? 0) : 0, placed?.total ?? 0];
  };
  let best = candidates[0] as string;
  let bestScore = score(best);
  for (const node of candidates.slice(1)) {
    const s = score(node);
    if (s[0] < bestScore[0] || (s[0] === bestScore[0] && s[1] < bestScore[1])) {
      best = node;
      bestScore = s;
    }
  }
  return { node: best };
}
