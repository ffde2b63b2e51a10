/** Where elements are on the canvas (no layout code: the UI's main bundle imports this). */
import type { ClusterGraph } from './types';
import type { Rect } from './route';

/** The smallest box holding every given box (undefined ones skipped); undefined when there is none. */
export function union(rects: readonly (Rect | undefined)[]): Rect | undefined {
  let [x1, y1, x2, y2] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const r of rects) {
    if (!r) continue;
    [x1, y1, x2, y2] = [Math.min(x1, r.x), Math.min(y1, r.y), Math.max(x2, r.x + r.width), Math.max(y2, r.y + r.height)];
  }
  return Number.isFinite(x1) ? { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } : undefined;
}

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
