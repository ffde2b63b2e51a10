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
export function toFlowEdges(graph: ClusterGraph, routed = false): Edge[] {
  return graph.edges.map((e) => {
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
