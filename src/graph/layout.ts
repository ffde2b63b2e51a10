/**
 * Positions the graph: elkjs (the Eclipse Layout Kernel's layered algorithm, left to right:
 * client -> load balancer -> ingress -> services -> endpoints, and the outside targets) lays out
 * everything but the cluster nodes; each cluster node is a box whose kube-proxy and pods are
 * stacked inside it in name order, and the boxes go in a grid right of the rest, shaped so the
 * whole graph is about twice as wide as tall (see arrangeNodeBoxes). The input is sorted, so the
 * same objects always land in the same places and an edit that changes no object's presence
 * moves nothing.
 */
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api';
import type { ClusterGraph, GraphNode } from './types';
import { NODE_WIDTH } from './types';

const GROUP_PADDING = { top: 58, side: 12, bottom: 12, gap: 10 };
/** More pods than this on one node spread over several columns. */
const PODS_PER_COLUMN = 8;

/**
 * What lays a graph out: an elkjs `ELK`, either in this thread (Node: tests, bench) or in a Web
 * Worker of its own (the app), so its 1.6 MB of code loads beside the engine, not before it.
 */
export interface ElkLayouter {
  layout(graph: ElkNode): Promise<ElkNode>;
}

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '24',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Fewer crossing-minimisation passes than the default 7: the input order is already meaningful.
  'elk.layered.thoroughness': '3',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.edgeRouting': 'POLYLINE',
  'elk.randomSeed': '1',
};

/** Stacks kube-proxy and the pods inside each cluster-node box; returns the box sizes. */
function layoutGroups(graph: ClusterGraph): void {
  const children = new Map<string, GraphNode[]>();
  for (const n of graph.nodes) {
    if (!n.parentId) continue;
    const list = children.get(n.parentId) ?? [];
    list.push(n);
    children.set(n.parentId, list);
  }
  for (const group of graph.nodes) {
    if (group.type !== 'cluster-node') continue;
    const unsorted = children.get(group.id) ?? [];
    // A box with group elements keeps the order buildGraph gave (pods by name, each owner's group
    // after its pods shown, the box's own group last); otherwise the elements go by id.
    const inside = unsorted.some((n) => n.group)
      ? [...unsorted.filter((n) => n.type === 'kube-proxy'), ...unsorted.filter((n) => n.type !== 'kube-proxy')]
      : unsorted.sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type === 'kube-proxy' ? -1 : 1));
    const proxy = inside.filter((n) => n.type === 'kube-proxy');
    const pods = inside.filter((n) => n.type !== 'kube-proxy');
    const columns = Math.max(1, Math.ceil(pods.length / PODS_PER_COLUMN));
    const columnWidth = NODE_WIDTH.pod;
    let y = GROUP_PADDING.top;
    for (const p of proxy) {
      p.x = GROUP_PADDING.side;
      p.y = y;
      p.width = columns * columnWidth + (columns - 1) * GROUP_PADDING.gap;
      y += p.height + GROUP_PADDING.gap;
    }
    const heights = new Array<number>(columns).fill(y);
    pods.forEach((p, i) => {
      const column = Math.floor(i / PODS_PER_COLUMN);
      p.x = GROUP_PADDING.side + column * (columnWidth + GROUP_PADDING.gap);
      p.y = heights[column] ?? y;
      heights[column] = p.y + p.height + GROUP_PADDING.gap;
    });
    group.width = Math.max(NODE_WIDTH['cluster-node'], columns * columnWidth + (columns - 1) * GROUP_PADDING.gap + 2 * GROUP_PADDING.side);
    group.height = Math.max(...heights, y) - GROUP_PADDING.gap + GROUP_PADDING.bottom;
  }
}

/**
 * The edges the layered layout sees: one per pair of elements it places, none touching a
 * cluster-node box or anything in one (the boxes are placed after it, in arrangeNodeBoxes). The
 * graph still draws all edges.
 */
function layoutEdges(graph: ClusterGraph): ElkExtendedEdge[] {
  const inBox = new Set(graph.nodes.filter((n) => n.type === 'cluster-node' || n.parentId).map((n) => n.id));
  const edges = new Map<string, ElkExtendedEdge>();
  for (const e of graph.edges) {
    if (e.source === e.target || inBox.has(e.source) || inBox.has(e.target)) continue;
    const id = `${e.source}->${e.target}`;
    if (!edges.has(id)) edges.set(id, { id, sources: [e.source], targets: [e.target] });
  }
  return [...edges.values()];
}

/** The shape the whole graph should have: about as wide as the graph pane next to the editor. */
const TARGET_ASPECT = 2;
const GRID_GAP = 24;
/** Between the rest of the graph and the node boxes: elkjs's gap between layers. */
const GRID_LEFT_GAP = 70;

type Box = { id: string; x: number; y: number; width: number; height: number };

/**
 * The cluster-node boxes (with their kube-proxy and pods) in a grid right of the rest of the
 * graph, which elkjs laid out without them: left to right, the request's way ends in the nodes.
 * As many columns as bring the whole graph closest to TARGET_ASPECT (a layered layout would
 * stack every box in its last layer, one column, making the graph tall and tiny in a wide pane).
 */
export function arrangeNodeBoxes(boxes: readonly Box[], others: readonly Box[]): Map<string, { x: number; y: number }> {
  const moved = new Map<string, { x: number; y: number }>();
  if (boxes.length === 0) return moved;
  const sorted = [...boxes].sort((a, b) => (a.id < b.id ? -1 : 1));
  const left = others.length ? Math.max(...others.map((o) => o.x + o.width)) + GRID_LEFT_GAP : 12;
  const top = others.length ? Math.min(...others.map((o) => o.y)) : 12;
  const x0 = others.length ? Math.min(...others.map((o) => o.x)) : left;
  const othersBottom = others.length ? Math.max(...others.map((o) => o.y + o.height)) : top;
  const width = Math.max(...sorted.map((b) => b.width));
  let best: { score: number; places: { id: string; x: number; y: number }[] } | undefined;
  for (let columns = 1; columns <= sorted.length; columns++) {
    const places: { id: string; x: number; y: number }[] = [];
    let y = top;
    for (let row = 0; row * columns < sorted.length; row++) {
      const cells = sorted.slice(row * columns, (row + 1) * columns);
      cells.forEach((b, i) => places.push({ id: b.id, x: left + i * (width + GRID_GAP), y }));
      y += Math.max(...cells.map((b) => b.height)) + GRID_GAP;
    }
    const right = left + Math.min(columns, sorted.length) * (width + GRID_GAP) - GRID_GAP;
    const bottom = Math.max(othersBottom, y - GRID_GAP);
    const score = Math.abs(Math.log((right - x0) / Math.max(1, bottom - top) / TARGET_ASPECT));
    if (!best || score < best.score - 1e-9) best = { score, places };
  }
  for (const p of best?.places ?? []) moved.set(p.id, { x: p.x, y: p.y });
  return moved;
}

/**
 * The last layout, by the shape of the graph it was made for: an edit that keeps the shape reuses
 * it. Kept by the caller (EngineSession keeps one): state of its own, not of this module.
 */
export interface LayoutMemo {
  last?: { signature: string; positions: Map<string, { x: number; y: number }>; width: number; height: number };
}

export interface LayoutOptions {
  /** Where the last layout is kept between calls; without one, elkjs is asked every time. */
  memo?: LayoutMemo;
  /**
   * The graph as it was laid out before this edit: every element in both keeps its position
   * (pods in their node box, boxes and the rest on the canvas); new elements go where a layout
   * from scratch puts them, moved down past what they would cover; an element that grew (a box
   * with one more pod) pushes down only what it now covers.
   */
  previous?: ClusterGraph;
}

type Rect = { x: number; y: number; width: number; height: number };

const overlaps = (a: Rect, b: Rect, gap: number): boolean =>
  a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;

/**
 * Moves `item` down until it covers none of `placed`, keeping `gap` below what it passes. Kept
 * elements test with no gap (they were placed by an earlier layout, perhaps closer than `gap`).
 */
function pushDown(item: Rect, placed: readonly Rect[], gap: number, testGap = gap): void {
  for (;;) {
    const hit = placed.filter((p) => overlaps(item, p, testGap));
    if (hit.length === 0) return;
    item.y = Math.max(...hit.map((p) => p.y + p.height)) + gap;
  }
}

/** Puts `nodes` back where `previous` had them and fits the new ones around them (see LayoutOptions.previous). */
function settle(nodes: GraphNode[], previous: ReadonlyMap<string, GraphNode>, gap: number): void {
  const kept = nodes.filter((n) => previous.has(n.id)).sort((a, b) => (previous.get(a.id)?.y ?? 0) - (previous.get(b.id)?.y ?? 0));
  const added = nodes.filter((n) => !previous.has(n.id)).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: GraphNode[] = [];
  for (const n of kept) {
    const p = previous.get(n.id);
    n.x = p?.x ?? n.x;
    n.y = p?.y ?? n.y;
    pushDown(n, placed, gap, 0);
    placed.push(n);
  }
  for (const n of added) {
    pushDown(n, placed, gap);
    placed.push(n);
  }
}

/** Keeps the positions of the elements `previous` had: in their boxes, then on the canvas. */
function keepPositions(graph: ClusterGraph, previous: ClusterGraph): void {
  // The elements before and now, by the box that holds them ('' for the canvas): one pass each.
  const byParent = <T extends GraphNode>(nodes: readonly T[]): Map<string, T[]> => {
    const map = new Map<string, T[]>();
    for (const n of nodes) {
      const list = map.get(n.parentId ?? '');
      if (list) list.push(n);
      else map.set(n.parentId ?? '', [n]);
    }
    return map;
  };
  const children = byParent(graph.nodes);
  const before = byParent(previous.nodes);
  const previously = (parent: string) => new Map((before.get(parent) ?? []).map((n) => [n.id, n] as const));
  for (const group of graph.nodes) {
    if (group.type !== 'cluster-node') continue;
    const inside = children.get(group.id) ?? [];
    settle(inside, previously(group.id), GROUP_PADDING.gap);
    group.width = Math.max(group.width, ...inside.map((n) => n.x + n.width + GROUP_PADDING.side));
    group.height = Math.max(group.height, ...inside.map((n) => n.y + n.height + GROUP_PADDING.bottom));
  }
  const top = children.get('') ?? [];
  settle(top, previously(''), GRID_GAP);
  graph.width = Math.max(0, ...top.map((n) => n.x + n.width));
  graph.height = Math.max(0, ...top.map((n) => n.y + n.height));
}

/**
 * Lays the graph out in place (x, y, width, height of every node) and returns it. Most edits
 * (a port, a label value, a readiness flip) keep every element and its size: then the previous
 * positions are reused without running elkjs, so the graph does not move and redraws at once.
 * With `options.previous`, elements that were there keep their places (incremental layout).
 */
export async function layoutGraph(graph: ClusterGraph, elk: ElkLayouter, options: LayoutOptions = {}): Promise<ClusterGraph> {
  layoutGroups(graph);
  const top = graph.nodes.filter((n) => !n.parentId);
  const edges = layoutEdges(graph);
  const signature = JSON.stringify([top.map((n) => [n.id, n.width, n.height]), edges.map((e) => e.id)]);
  let cache = options.memo?.last;
  if (cache?.signature !== signature) {
    // elkjs lays out everything but the cluster-node boxes; they go in a grid after it.
    const boxes = top.filter((n) => n.type === 'cluster-node');
    const rest = top.filter((n) => n.type !== 'cluster-node');
    const root: ElkNode = {
      id: 'root',
      layoutOptions: ROOT_OPTIONS,
      children: rest.map((n) => ({ id: n.id, width: n.width, height: n.height })),
      edges,
    };
    const laid = await elk.layout(root);
    const positions = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
    const placed: Box[] = rest.map((n) => ({ id: n.id, width: n.width, height: n.height, ...(positions.get(n.id) ?? { x: 0, y: 0 }) }));
    for (const [id, p] of arrangeNodeBoxes(boxes, placed)) positions.set(id, p);
    const extent = top.map((n) => ({ ...n, ...(positions.get(n.id) ?? { x: 0, y: 0 }) }));
    cache = {
      signature,
      positions,
      width: Math.max(laid.width ?? 0, ...extent.map((n) => n.x + n.width)),
      height: Math.max(laid.height ?? 0, ...extent.map((n) => n.y + n.height)),
    };
    if (options.memo) options.memo.last = cache;
  }
  for (const n of top) {
    const p = cache.positions.get(n.id);
    n.x = p?.x ?? 0;
    n.y = p?.y ?? 0;
  }
  graph.width = cache.width;
  graph.height = cache.height;
  if (options.previous) keepPositions(graph, options.previous);
  return graph;
}
