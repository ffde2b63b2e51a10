/**
 * The far view of a large graph, drawn on one canvas instead of a DOM box per element (React
 * Flow's maintainer puts the DOM's limit near 1,000 nodes: xyflow#967, #5117). This module is the
 * pure part: the scene made once per graph (boxes, colours, edge curves), the hit test a click
 * uses, and the drawing through the few canvas calls it needs (a `Painter`), so Node tests it with
 * a recording painter. FarCanvas.tsx puts it on screen.
 */
import { ACCENT, DASHED_EDGES, fittedTitle } from '../../graph/svg';
import type { SvgTheme } from '../../graph/svg';
import type { Rect } from '../../graph/route';
import type { ClusterGraph, GraphNode } from '../../graph/types';

export interface FarElement {
  id: string;
  box: Rect;
  /** A cluster node: a frame with its pods inside, its accent on top. */
  frame: boolean;
  /** Folded members ("+ 96 more pods"): a click draws them one by one. */
  group: boolean;
  title: string;
  label: string;
  /** A colour, or 'warning' for the theme's warning colour. */
  accent: string;
  error: boolean;
  /** kube-proxy and cluster nodes are drawn on the panel colour, the rest on the card colour. */
  panel: boolean;
  faded: boolean;
}

export interface FarEdge {
  /** Start and end of React Flow's default bezier: the source's right side, the target's left. */
  from: { x: number; y: number };
  to: { x: number; y: number };
  dashed: boolean;
}

export interface FarScene {
  /** Frames first, then the rest, in drawing order (a later one is on top). */
  elements: FarElement[];
  /** How many of `elements` are frames (the node boxes, drawn under the edges). */
  frames: number;
  edges: FarEdge[];
}

/** The view: React Flow's transform (x, y, zoom) and the pane's size in CSS pixels. */
export interface FarView {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

/** The canvas calls the far view makes (a subset of CanvasRenderingContext2D). */
export interface Painter {
  setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  bezierCurveTo(c1x: number, c1y: number, c2x: number, c2y: number, x: number, y: number): void;
  stroke(): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textBaseline: CanvasTextBaseline;
}

/** Titles are drawn while they are at least this many pixels high; below, a box is all one can see. */
export const TITLE_MIN_PX = 4;

/**
 * The far elements made for graph elements: an edit keeps the objects of the elements it did not
 * change (snapshot deltas), so their far elements are made once, not at every keystroke (a
 * fitted title measures its text).
 */
const madeFor = new WeakMap<GraphNode, FarElement>();

const sameBox = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * The scene for a graph: every element at its absolute box, `faded` ones (off the request's path
 * in the presentation view) drawn pale, and every edge; `skip` are drawn by React Flow on top
 * (the selected element, those on the request's path), so the canvas leaves them out.
 */
export function farScene(
  graph: ClusterGraph,
  boxes: ReadonlyMap<string, Rect>,
  faded: ReadonlySet<string> = new Set(),
  skip: ReadonlySet<string> = new Set(),
): FarScene {
  const element = (n: GraphNode): FarElement | undefined => {
    const box = boxes.get(n.id);
    if (!box || skip.has(n.id)) return undefined;
    const isFaded = faded.has(n.id);
    const made = madeFor.get(n);
    if (made && made.faded === isFaded && sameBox(made.box, box)) return made;
    const frame = n.type === 'cluster-node';
    const far: FarElement = {
      id: n.id,
      box,
      frame,
      group: !!n.group,
      title: fittedTitle(n, box.width - 16),
      label: `${n.tag} ${n.title}`,
      accent: n.status === 'warning' ? 'warning' : ACCENT[n.type],
      error: n.status === 'error',
      panel: frame || n.type === 'kube-proxy',
      faded: isFaded,
    };
    madeFor.set(n, far);
    return far;
  };
  const frames = graph.nodes.filter((n) => n.type === 'cluster-node');
  const rest = graph.nodes.filter((n) => n.type !== 'cluster-node');
  const framed = frames.flatMap((n) => element(n) ?? []);
  const elements = [...framed, ...rest.flatMap((n) => element(n) ?? [])];
  const edges = graph.edges.flatMap((e): FarEdge[] => {
    const [s, t] = [boxes.get(e.source), boxes.get(e.target)];
    if (!s || !t) return [];
    return [{ from: { x: s.x + s.width, y: s.y + s.height / 2 }, to: { x: t.x, y: t.y + t.height / 2 }, dashed: DASHED_EDGES.has(e.type) }];
  });
  return { elements, frames: framed.length, edges };
}

/** The topmost element under a point of the flow (not the screen): pods before the cluster node that holds them. */
export function elementAt(scene: FarScene, point: { x: number; y: number }): FarElement | undefined {
  for (let i = scene.elements.length - 1; i >= 0; i--) {
    const e = scene.elements[i];
    if (e && point.x >= e.box.x && point.x <= e.box.x + e.box.width && point.y >= e.box.y && point.y <= e.box.y + e.box.height) return e;
  }
  return undefined;
}

/** React Flow's control offset for a bezier edge (getBezierPath, curvature 0.25). */
function controlOffset(distance: number): number {
  return distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);
}

function inView(view: FarView, x1: number, y1: number, x2: number, y2: number): boolean {
  const [left, top] = [-view.x / view.zoom, -view.y / view.zoom];
  const [right, bottom] = [left + view.width / view.zoom, top + view.height / view.zoom];
  return x2 >= left && x1 <= right && y2 >= top && y1 <= bottom;
}

/**
 * Draws the scene as the view sees it, on a canvas `ratio` device pixels per CSS pixel. Only what
 * is in view is drawn; titles only while they are at least TITLE_MIN_PX high. Returns how many
 * elements and edges it drew.
 */
export function drawFarScene(
  painter: Painter,
  scene: FarScene,
  view: FarView,
  theme: SvgTheme,
  ratio: number,
  focused?: string,
): { elements: number; edges: number } {
  painter.setTransform(ratio, 0, 0, ratio, 0, 0);
  painter.clearRect(0, 0, view.width, view.height);
  painter.setTransform(ratio * view.zoom, 0, 0, ratio * view.zoom, ratio * view.x, ratio * view.y);
  const hairline = 1 / view.zoom;
  let drawn = 0;
  const box = (e: FarElement) => {
    const { x, y, width, height } = e.box;
    if (!inView(view, x, y, x + width, y + height)) return;
    drawn++;
    painter.globalAlpha = e.faded ? 0.3 : 1;
    painter.fillStyle = e.panel ? theme.panel : theme.card;
    painter.fillRect(x, y, width, height);
    painter.lineWidth = e.error ? 2 * hairline : hairline;
    painter.strokeStyle = e.error ? theme.error : theme.border;
    painter.strokeRect(x, y, width, height);
    painter.fillStyle = e.accent === 'warning' ? theme.warning : e.accent;
    if (e.frame) painter.fillRect(x, y, width, 4);
    else painter.fillRect(x, y, 4, height);
  };
  for (const e of scene.elements.slice(0, scene.frames)) box(e);
  // Edges between the frames and the elements, as React Flow layers them.
  let edges = 0;
  painter.globalAlpha = 1;
  painter.strokeStyle = theme.edge;
  painter.lineWidth = Math.max(1.5, hairline);
  for (const dashed of [false, true]) {
    painter.setLineDash(dashed ? [5, 5] : []);
    painter.beginPath();
    for (const e of scene.edges) {
      if (e.dashed !== dashed) continue;
      const [x1, x2] = [Math.min(e.from.x, e.to.x), Math.max(e.from.x, e.to.x)];
      const [y1, y2] = [Math.min(e.from.y, e.to.y), Math.max(e.from.y, e.to.y)];
      if (!inView(view, x1 - 50, y1, x2 + 50, y2)) continue;
      edges++;
      const offset = controlOffset(e.to.x - e.from.x);
      painter.moveTo(e.from.x, e.from.y);
      painter.bezierCurveTo(e.from.x + offset, e.from.y, e.to.x - offset, e.to.y, e.to.x, e.to.y);
    }
    painter.stroke();
  }
  painter.setLineDash([]);
  for (const e of scene.elements.slice(scene.frames)) box(e);
  if (12 * view.zoom >= TITLE_MIN_PX) {
    painter.font = '600 12px system-ui, sans-serif';
    painter.textBaseline = 'middle';
    painter.fillStyle = theme.text;
    for (const e of scene.elements) {
      const { x, y, width, height } = e.box;
      if (!inView(view, x, y, x + width, y + height)) continue;
      painter.globalAlpha = e.faded ? 0.3 : 1;
      painter.fillText(e.title, x + 10, e.frame ? y + 16 : y + Math.min(height / 2, 24));
    }
  }
  if (focused) {
    const e = scene.elements.find((el) => el.id === focused);
    if (e) {
      painter.globalAlpha = 1;
      painter.strokeStyle = theme.text;
      painter.lineWidth = 3 * hairline;
      painter.strokeRect(e.box.x - 4 * hairline, e.box.y - 4 * hairline, e.box.width + 8 * hairline, e.box.height + 8 * hairline);
    }
  }
  painter.globalAlpha = 1;
  return { elements: drawn, edges };
}
