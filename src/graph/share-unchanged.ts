/**
 * Structural sharing between two versions of the graph: an element or edge equal to its previous
 * version keeps the previous object, so the UI (React Flow's memoised nodes) re-renders only what
 * an edit changed. Equality is by value (elements are small plain data).
 */
import type { ClusterGraph } from './types';

function reuse<T extends { id: string }>(previous: readonly T[], next: readonly T[]): { items: T[]; changed: boolean } {
  const before = new Map(previous.map((p) => [p.id, p]));
  let changed = previous.length !== next.length;
  const items = next.map((item, i) => {
    const old = before.get(item.id);
    if (old && JSON.stringify(old) === JSON.stringify(item)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return { items, changed };
}

/** `next` with every element and edge equal to one in `previous` replaced by that object; `previous` itself when nothing changed. */
export function shareUnchanged(previous: ClusterGraph | undefined, next: ClusterGraph): ClusterGraph {
  if (!previous) return next;
  const nodes = reuse(previous.nodes, next.nodes);
  const edges = reuse(previous.edges, next.edges);
  if (!nodes.changed && !edges.changed && previous.width === next.width && previous.height === next.height) return previous;
  return { ...next, nodes: nodes.items, edges: edges.items };
}
