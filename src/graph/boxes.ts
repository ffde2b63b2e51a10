/** Where elements are on the canvas (no layout code: the UI's main bundle imports this). */
import type { ClusterGraph } from './types';

/** Absolute canvas positions (children are stored relative to their cluster-node box). */
export function absoluteBoxes(graph: ClusterGraph): Map<string, { x: number; y: number; width: number; height: number }> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const boxes = new Map<string, { x: number; y: number; width: number; height: number }>();
  for (const n of graph.nodes) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    boxes.set(n.id, { x: n.x + (parent?.x ?? 0), y: n.y + (parent?.y ?? 0), width: n.width, height: n.height });
  }
  return boxes;
}
