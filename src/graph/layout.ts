/**
 * Positions the graph with elkjs (the Eclipse Layout Kernel's layered algorithm, left to right:
 * client -> load balancer -> ingress -> services -> endpoints -> nodes -> outside). Each cluster
 * node is a box whose kube-proxy and pods are stacked inside it in name order; the layered layout
 * sees the box as one element, with edges to its pods drawn to the box. The input is sorted, so
 * the same objects always land in the same places and an edit that changes no object's presence
 * moves nothing.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api';
import type { ClusterGraph, GraphNode } from './types';
import { NODE_WIDTH } from './types';

const GROUP_PADDING = { top: 58, side: 12, bottom: 12, gap: 10 };
/** More pods than this on one node spread over several columns. */
const PODS_PER_COLUMN = 8;

const elk = new ELK();

const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  'elk.spacing.nodeNode': '24',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
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
    const inside = (children.get(group.id) ?? []).sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : 1) : a.type === 'kube-proxy' ? -1 : 1));
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

/** Lays the graph out in place (x, y, width, height of every node) and returns it. */
export async function layoutGraph(graph: ClusterGraph): Promise<ClusterGraph> {
  layoutGroups(graph);
  const parentOf = new Map(graph.nodes.filter((n) => n.parentId).map((n) => [n.id, n.parentId as string]));
  const top = graph.nodes.filter((n) => !n.parentId);
  const seen = new Set<string>();
  const edges: ElkExtendedEdge[] = [];
  for (const e of graph.edges) {
    const source = parentOf.get(e.source) ?? e.source;
    const target = parentOf.get(e.target) ?? e.target;
    const key = `${source}->${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    edges.push({ id: key, sources: [source], targets: [target] });
  }
  const root: ElkNode = {
    id: 'root',
    layoutOptions: ROOT_OPTIONS,
    children: top.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges,
  };
  const laid = await elk.layout(root);
  const position = new Map((laid.children ?? []).map((c) => [c.id, c]));
  for (const n of top) {
    const p = position.get(n.id);
    n.x = p?.x ?? 0;
    n.y = p?.y ?? 0;
  }
  graph.width = laid.width ?? 0;
  graph.height = laid.height ?? 0;
  return graph;
}
