/** Converts the laid-out cluster graph to React Flow nodes and edges. */
import type { Edge } from '@xyflow/react';
import type { ClusterGraph, GraphEdge, GraphNode } from '../../graph/types';
import type { ElementFlowNode, GroupFlowNode } from './nodes';

type FlowNode = ElementFlowNode | GroupFlowNode;

/** The React Flow node made for an element (unselected): the same element object gives the same node object. */
const made = new WeakMap<GraphNode, FlowNode>();

export function toFlowNodes(graph: ClusterGraph, selected: string | undefined): FlowNode[] {
  // Parents must come before their children for React Flow.
  const ordered = [...graph.nodes].sort((a, b) => Number(!!a.parentId) - Number(!!b.parentId));
  return ordered.map((element) => {
    const isSelected = element.id === selected;
    const known = isSelected ? undefined : made.get(element);
    if (known) return known;
    const node = flowNode(element, isSelected);
    if (!isSelected) made.set(element, node);
    return node;
  });
}

function flowNode(element: GraphNode, selected: boolean): FlowNode {
  const base = {
    id: element.id,
    position: { x: element.x, y: element.y },
    width: element.width,
    height: element.height,
    // The size React Flow would measure (the box is drawn at width × height). Without it React
    // Flow takes a changed node for a new one: it forgets its handles' places, observes it again
    // and measures it in the DOM (a forced layout and a store update in the frame after each edit).
    // A box that does change size is still measured: its element stays observed.
    measured: { width: element.width, height: element.height },
    selected,
    draggable: false,
    connectable: false,
    data: { element },
    ...(element.parentId ? { parentId: element.parentId, extent: 'parent' as const } : {}),
  };
  return element.type === 'cluster-node' ? { ...base, type: 'group' as const } : { ...base, type: 'element' as const };
}

const madeEdges = new WeakMap<GraphEdge, Edge>();

/** `routed`: drawn around the boxes (RoutedEdge.tsx), else React Flow's bezier. */
export function toFlowEdges(graphEdges: readonly GraphEdge[], routed = false): Edge[] {
  return graphEdges.map((e) => {
    const known = madeEdges.get(e);
    if (known && (known.type === 'routed') === routed) return known;
    const edge: Edge = {
      id: e.id,
      source: e.source,
      target: e.target,
      className: `gedge gedge-${e.type}`,
      ...(e.label ? { label: e.label } : {}),
      animated: false,
      focusable: false,
      ...(routed ? { type: 'routed' } : {}),
    };
    madeEdges.set(e, edge);
    return edge;
  });
}

/** Whether React Flow draws this node over the far view's canvas: it is selected, outlined, or on the request's path. */
function standsOut(node: FlowNode): boolean {
  const { data } = node;
  return (
    !!node.selected ||
    (!!node.className && node.className !== 'faded') ||
    !!data.active ||
    !!data.visited ||
    !!data.lit ||
    data.count !== undefined
  );
}

/**
 * The nodes React Flow still draws when the far view's canvas draws the graph: those that stand
 * out (and, for a cluster node that does, the elements inside it, which its box would hide), each
 * at its absolute position with no parent, since the parent is on the canvas.
 */
export function drawnOverCanvas(
  nodes: readonly FlowNode[],
  boxes: ReadonlyMap<string, { x: number; y: number }>,
): { nodes: FlowNode[]; ids: Set<string> } {
  const ids = new Set(nodes.filter(standsOut).map((n) => n.id));
  for (const n of nodes) if (n.parentId && ids.has(n.parentId)) ids.add(n.id);
  const top = nodes
    .filter((n) => ids.has(n.id))
    .map((n): FlowNode => {
      if (!n.parentId || ids.has(n.parentId)) return n;
      const box = boxes.get(n.id);
      const detached = { ...n, position: box ? { x: box.x, y: box.y } : n.position };
      delete detached.parentId;
      delete detached.extent;
      return detached;
    });
  return { nodes: top, ids };
}
