import { describe, expect, it } from 'vitest';
import { absoluteBoxes } from '../../graph/boxes';
import { SVG_THEMES } from '../../graph/svg';
import type { ClusterGraph, GraphNode } from '../../graph/types';
import { TITLE_MIN_PX, drawFarScene, elementAt, farScene } from './far-scene';
import type { Painter } from './far-scene';
import { drawnOverCanvas, toFlowNodes } from './to-flow';

const node = (id: string, type: GraphNode['type'], box: [number, number, number, number], extra: Partial<GraphNode> = {}): GraphNode => ({
  id,
  type,
  title: id.replace(/^\w+:/, ''),
  tag: type,
  lines: [],
  status: 'ok',
  addresses: [],
  x: box[0],
  y: box[1],
  width: box[2],
  height: box[3],
  ...extra,
});

/** A Service at the left; node-1 at (400, 0) holding two pods (positions relative to it); an EndpointSlice. */
const graph: ClusterGraph = {
  nodes: [
    node('svc:default/web', 'service', [0, 0, 210, 80]),
    node('slice:default/web-abc', 'endpointslice', [0, 200, 260, 80]),
    node('node:node-1', 'cluster-node', [400, 0, 300, 400]),
    node('pod:default/web-1', 'pod', [20, 60, 200, 70], { parentId: 'node:node-1' }),
    node('pod:default/web-2', 'pod', [20, 200, 200, 70], { parentId: 'node:node-1', status: 'warning' }),
    node('group:pods:node-1', 'pod', [20, 300, 200, 70], {
      parentId: 'node:node-1',
      group: { of: 'pods', count: 96, members: [] },
    }),
  ],
  edges: [
    { id: 'e1', source: 'slice:default/web-abc', target: 'pod:default/web-1', type: 'endpoint' },
    { id: 'e2', source: 'slice:default/web-abc', target: 'pod:default/web-2', type: 'endpoint-not-ready' },
  ],
  width: 700,
  height: 400,
};
const boxes = absoluteBoxes(graph);

/** Records the calls the far view makes, with the transform they were made under. */
function recorder(): Painter & { calls: { name: string; args: unknown[] }[] } {
  const calls: { name: string; args: unknown[] }[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push({ name, args });
  return {
    calls,
    setTransform: record('setTransform'),
    clearRect: record('clearRect'),
    fillRect: record('fillRect'),
    strokeRect: record('strokeRect'),
    beginPath: record('beginPath'),
    moveTo: record('moveTo'),
    bezierCurveTo: record('bezierCurveTo'),
    stroke: record('stroke'),
    fillText: record('fillText'),
    setLineDash: record('setLineDash'),
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    font: '',
    textBaseline: 'alphabetic',
  };
}

describe('the far view of a large graph (a canvas instead of a DOM box per element)', () => {
  it('places every element at its absolute box, cluster nodes first so the pods inside are drawn over them', () => {
    const scene = farScene(graph, boxes);
    expect(scene.elements.map((e) => e.id)[0]).toBe('node:node-1');
    expect(scene.elements.find((e) => e.id === 'pod:default/web-1')?.box).toEqual({ x: 420, y: 60, width: 200, height: 70 });
    expect(scene.elements.find((e) => e.id === 'pod:default/web-2')?.accent).toBe('warning');
    expect(scene.elements.find((e) => e.id === 'group:pods:node-1')?.group).toBe(true);
  });

  it('draws edges as React Flow does by default: from the right of the source to the left of the target; not-ready endpoints dashed', () => {
    const scene = farScene(graph, boxes);
    expect(scene.edges).toEqual([
      { from: { x: 260, y: 240 }, to: { x: 420, y: 95 }, dashed: false },
      { from: { x: 260, y: 240 }, to: { x: 420, y: 235 }, dashed: true },
    ]);
  });

  it('leaves out the elements React Flow draws on top, and fades the ones off the request’s path', () => {
    const scene = farScene(graph, boxes, new Set(['svc:default/web']), new Set(['pod:default/web-1']));
    expect(scene.elements.map((e) => e.id)).not.toContain('pod:default/web-1');
    expect(scene.elements.find((e) => e.id === 'svc:default/web')?.faded).toBe(true);
  });

  it('an edit keeps the far elements of the elements it did not change, and makes the changed, moved or faded ones anew', () => {
    const before = farScene(graph, boxes);
    const edited: ClusterGraph = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === 'svc:default/web' ? { ...n, title: 'web2' } : n.id === 'slice:default/web-abc' ? { ...n, y: 220 } : n,
      ),
    };
    const after = farScene(edited, absoluteBoxes(edited), new Set(['pod:default/web-2']));
    const byId = (scene: typeof before, id: string) => scene.elements.find((e) => e.id === id);
    expect(byId(after, 'pod:default/web-1')).toBe(byId(before, 'pod:default/web-1'));
    expect(byId(after, 'node:node-1')).toBe(byId(before, 'node:node-1'));
    expect(byId(after, 'svc:default/web')?.title).toBe('web2');
    expect(byId(after, 'slice:default/web-abc')?.box.y).toBe(220);
    expect(byId(after, 'pod:default/web-2')).toMatchObject({ faded: true });
    expect(byId(after, 'pod:default/web-2')).not.toBe(byId(before, 'pod:default/web-2'));
  });

  it('finds the element under a point: a pod before the cluster node holding it, the node around it, nothing outside', () => {
    const scene = farScene(graph, boxes);
    expect(elementAt(scene, { x: 430, y: 70 })?.id).toBe('pod:default/web-1');
    expect(elementAt(scene, { x: 690, y: 390 })?.id).toBe('node:node-1');
    expect(elementAt(scene, { x: 300, y: 100 })).toBeUndefined();
  });

  it('draws only what is in view, under React Flow’s transform times the device pixel ratio', () => {
    const scene = farScene(graph, boxes);
    const painter = recorder();
    // The view shows flow x 0-300 at zoom 0.2 (a 60 px wide pane): the Service and the slice, not node-1.
    const drawn = drawFarScene(painter, scene, { x: 0, y: 0, zoom: 0.2, width: 60, height: 200 }, SVG_THEMES.light, 2);
    expect(drawn.elements).toBe(2);
    expect(painter.calls.find((c) => c.name === 'setTransform' && c.args[0] === 0.4)?.args).toEqual([0.4, 0, 0, 0.4, 0, 0]);
    // Both edges start at the slice, in view.
    expect(drawn.edges).toBe(2);
    expect(painter.calls.filter((c) => c.name === 'bezierCurveTo')).toHaveLength(2);
  });

  it(`writes titles only while they are at least ${TITLE_MIN_PX} px high on screen`, () => {
    const scene = farScene(graph, boxes);
    const view = { x: 0, y: 0, width: 2000, height: 2000 };
    const small = recorder();
    drawFarScene(small, scene, { ...view, zoom: (TITLE_MIN_PX - 0.5) / 12 }, SVG_THEMES.light, 1);
    expect(small.calls.filter((c) => c.name === 'fillText')).toHaveLength(0);
    const readable = recorder();
    drawFarScene(readable, scene, { ...view, zoom: TITLE_MIN_PX / 12 }, SVG_THEMES.light, 1);
    expect(readable.calls.filter((c) => c.name === 'fillText').map((c) => c.args[0])).toContain('default/web');
  });
});

describe('what React Flow still draws over the far view’s canvas', () => {
  it('only what stands out: a selected pod, at its absolute position and without its parent (which is on the canvas)', () => {
    const { nodes, ids } = drawnOverCanvas(toFlowNodes(graph, 'pod:default/web-1'), boxes);
    expect([...ids]).toEqual(['pod:default/web-1']);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.position).toEqual({ x: 420, y: 60 });
    expect(nodes[0]?.parentId).toBeUndefined();
  });

  it('a selected cluster node with the elements inside it, which its box would otherwise hide on the canvas', () => {
    const { nodes } = drawnOverCanvas(toFlowNodes(graph, 'node:node-1'), boxes);
    expect(nodes.map((n) => n.id).sort()).toEqual(['group:pods:node-1', 'node:node-1', 'pod:default/web-1', 'pod:default/web-2']);
    expect(nodes.find((n) => n.id === 'pod:default/web-1')?.parentId).toBe('node:node-1');
  });

  it('nothing when nothing is selected or on a path', () => {
    expect(drawnOverCanvas(toFlowNodes(graph, undefined), boxes).nodes).toEqual([]);
  });
});
