import { describe, expect, it } from 'vitest';
import { adoptUserNodes } from '@xyflow/system';
import type { InternalNodeBase, NodeBase } from '@xyflow/system';
import type { ClusterGraph, GraphNode } from '../../graph/types';
import { toFlowNodes } from './to-flow';

const element = (id: string, lines: string[], width = 210): GraphNode => ({
  id,
  type: 'service',
  title: id,
  tag: 'Service · ClusterIP',
  lines,
  status: 'ok',
  addresses: [],
  x: 0,
  y: 0,
  width,
  height: 90,
});

const graphOf = (...nodes: GraphNode[]): ClusterGraph => ({ nodes, edges: [], width: 400, height: 200 });

/**
 * React Flow's own bookkeeping (@xyflow/system adoptUserNodes, which its store runs on every new
 * `nodes` prop): a node whose handles are known is drawn without being measured again. A node
 * object React Flow has not seen, with no `measured` size, loses its handles: its DOM element is
 * observed anew and measured in the frame after each edit (a forced layout and a store update).
 */
describe('React Flow nodes made from the graph', () => {
  const handles = { source: [], target: [] };

  function adopt(nodes: NodeBase[], lookup: Map<string, InternalNodeBase>) {
    adoptUserNodes(nodes, lookup, new Map(), { checkEquality: true });
  }

  it('an edited element keeps the handles React Flow measured: it is not measured again', () => {
    const lookup = new Map<string, InternalNodeBase>();
    adopt(toFlowNodes(graphOf(element('svc:default/web', ['10.96.0.10', '80→8080/TCP'])), undefined), lookup);
    const measuredOnce = lookup.get('svc:default/web');
    if (!measuredOnce) throw new Error('not adopted');
    measuredOnce.internals.handleBounds = handles; // what React Flow's first measure writes
    const edited = toFlowNodes(graphOf(element('svc:default/web', ['10.96.0.10', '801→8080/TCP'])), undefined);
    adopt(edited, lookup);
    const after = lookup.get('svc:default/web');
    expect(after?.internals.userNode).toBe(edited[0]); // a new node object: React Flow takes it in
    expect(after?.internals.handleBounds).toBe(handles);
    expect(after?.measured).toEqual({ width: 210, height: 90 });
  });

  it('a box that grew is given to React Flow at its new size, the layout’s', () => {
    const lookup = new Map<string, InternalNodeBase>();
    adopt(toFlowNodes(graphOf(element('svc:default/web', ['80→8080/TCP'])), undefined), lookup);
    adopt(toFlowNodes(graphOf(element('svc:default/web', ['80→8080/TCP', '443→8443/TCP'], 260)), undefined), lookup);
    expect(lookup.get('svc:default/web')?.measured).toEqual({ width: 260, height: 90 });
  });
});
