/** Converts the laid-out cluster graph to React Flow nodes and edges. */
import type { Edge } from '@xyflow/react';
import type { ClusterGraph } from '../../graph/types';
import type { ElementFlowNode, GroupFlowNode } from './nodes';

export function toFlowNodes(graph: ClusterGraph, selected: string | undefined): (ElementFlowNode | GroupFlowNode)[] {
  // Parents must come before their children for React Flow.
  const ordered = [...graph.nodes].sort((a, b) => Number(!!a.parentId) - Number(!!b.parentId));
  return ordered.map((element) => {
    const base = {
      id: element.id,
      position: { x: element.x, y: element.y },
      width: element.width,
      height: element.height,
      selected: element.id === selected,
      draggable: false,
      connectable: false,
      data: { element },
      ...(element.parentId ? { parentId: element.parentId, extent: 'parent' as const } : {}),
    };
    return element.type === 'cluster-node' ? { ...base, type: 'group' as const } : { ...base, type: 'element' as const };
  });
}

export function toFlowEdges(graph: ClusterGraph): Edge[] {
  return graph.edges.map((e) => ({
    id: e.id,
    source: e.source,
    target: e.target,
    className: `gedge gedge-${e.type}`,
    ...(e.label ? { label: e.label } : {}),
    animated: false,
    focusable: false,
  }));
}
