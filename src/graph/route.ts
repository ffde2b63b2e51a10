/**
 * The request's trail around the graph's boxes (issue 13: "the trail is drawn as straight lines
 * through other boxes"): an orthogonal route from one hop's anchor to the next that goes around
 * every element in between, with as few bends as it can. The route is a shortest path in the
 * sparse grid made of the obstacles' sides (the orthogonal visibility graph of Wybrow, Marriott
 * and Stuckey, "Orthogonal connector routing", GD 2009), each bend costing extra. Pure; the
 * packet follows the same route (Packet.tsx).
 */
import type { ClusterGraph } from './types';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** Space kept between the route and a box. */
const MARGIN = 10;
/** What a bend costs, in canvas pixels of length: a longer way round beats a staircase. */
const BEND = 60;
/** Past this many boxes near the way (a huge graph), a straight line. */
const MAX_OBSTACLES = 120;

const inside = (p: Point, r: Rect): boolean => p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height;

/** Whether the axis-parallel segment a-b passes through the inside of r. */
function crosses(a: Point, b: Point, r: Rect): boolean {
  if (a.y === b.y) {
    const [x1, x2] = a.x < b.x ? [a.x, b.x] : [b.x, a.x];
    return a.y > r.y && a.y < r.y + r.height && x1 < r.x + r.width && x2 > r.x;
  }
  const [y1, y2] = a.y < b.y ? [a.y, b.y] : [b.y, a.y];
  return a.x > r.x && a.x < r.x + r.width && y1 < r.y + r.height && y2 > r.y;
}

/** A binary min-heap of (key, cost): Dijkstra's queue. */
class Queue {
  private readonly items: { k: number; c: number }[] = [];
  get size(): number {
    return this.items.length;
  }
  push(item: { k: number; c: number }): void {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if ((a[parent] as { c: number }).c <= item.c) break;
      a[i] = a[parent] as { k: number; c: number };
      a[parent] = item;
      i = parent;
    }
  }
  pop(): { k: number; c: number } | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (!top || !last || a.length === 0) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && (a[l] as { c: number }).c < (a[m] as { c: number }).c) m = l;
      if (r < a.length && (a[r] as { c: number }).c < (a[m] as { c: number }).c) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m] as { k: number; c: number }, a[i] as { k: number; c: number }];
      i = m;
    }
    return top;
  }
}

/** Drops the points where the route goes straight on. */
function simplify(points: Point[]): Point[] {
  return points.filter((p, i) => {
    const a = points[i - 1];
    const b = points[i + 1];
    return !a || !b || !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
  });
}

/**
 * routeAround for one set of boxes, remembering each route it made: a request's trail grows by a
 * leg a hop and keeps the legs before, which need not be searched again (a search costs
 * milliseconds among a large graph's boxes, every hop of an animation).
 */
export function legRouter(boxes: readonly Rect[]): (from: Point, to: Point) => Point[] {
  const made = new Map<string, Point[]>();
  return (from, to) => {
    const key = `${from.x},${from.y} ${to.x},${to.y}`;
    let route = made.get(key);
    if (!route) made.set(key, (route = routeAround(from, to, boxes)));
    return route;
  };
}

/**
 * An orthogonal route from `from` to `to` around `boxes` (each kept MARGIN away), as a polyline
 * whose first point is `from` and last is `to`.
 * Falls back to the straight line when there is no way round or too many boxes near.
 * Boxes that hold either end inside are not obstacles; one an end lies on is left outwards.
 */
export function routeAround(from: Point, to: Point, boxes: readonly Rect[]): Point[] {
  const straight = [from, to];
  const reach = {
    x: Math.min(from.x, to.x) - 300,
    y: Math.min(from.y, to.y) - 300,
    width: Math.abs(from.x - to.x) + 600,
    height: Math.abs(from.y - to.y) + 600,
  };
  // A box an end lies on (the trail's anchor on an element's edge, an edge's handle) is kept as it
  // is, so the route leaves it outwards and never across it; one an end lies inside is no obstacle.
  const obstacles = boxes
    .filter((b) => !inside(from, b) && !inside(to, b))
    .map((b) => {
      const wide = { x: b.x - MARGIN, y: b.y - MARGIN, width: b.width + 2 * MARGIN, height: b.height + 2 * MARGIN };
      return inside(from, wide) || inside(to, wide) ? b : wide;
    })
    .filter((b) => b.x < reach.x + reach.width && b.x + b.width > reach.x && b.y < reach.y + reach.height && b.y + b.height > reach.y);
  if (obstacles.length === 0 || obstacles.length > MAX_OBSTACLES) return straight;
  if (!obstacles.some((o) => crosses(from, { x: to.x, y: from.y }, o) || crosses({ x: to.x, y: from.y }, to, o))) {
    // One bend (or none) clears everything.
    return simplify([from, { x: to.x, y: from.y }, to]);
  }
  const xs = [...new Set([from.x, to.x, ...obstacles.flatMap((o) => [o.x, o.x + o.width])])].sort((a, b) => a - b);
  const ys = [...new Set([from.y, to.y, ...obstacles.flatMap((o) => [o.y, o.y + o.height])])].sort((a, b) => a - b);
  const [nx, ny] = [xs.length, ys.length];
  const xIndex = new Map(xs.map((x, i) => [x, i]));
  const yIndex = new Map(ys.map((y, j) => [y, j]));
  const at = (i: number, j: number): Point => ({ x: xs[i] ?? 0, y: ys[j] ?? 0 });
  // What the boxes block, grid cell by grid cell, marked once per box: a point strictly inside
  // one, and the grid's segments from (i, j) to (i + 1, j) and to (i, j + 1) through one. The
  // grid's lines are the boxes' sides, so a segment between two neighbours is inside a box's
  // span or out of it: the same answers as `inside` and `crosses`, without asking every box at
  // every step of the search.
  const cell = (i: number, j: number) => i * ny + j;
  const blockedPoint = new Uint8Array(nx * ny);
  const blockedRight = new Uint8Array(nx * ny);
  const blockedDown = new Uint8Array(nx * ny);
  for (const o of obstacles) {
    const [i0, i1] = [xIndex.get(o.x) ?? 0, xIndex.get(o.x + o.width) ?? 0];
    const [j0, j1] = [yIndex.get(o.y) ?? 0, yIndex.get(o.y + o.height) ?? 0];
    for (let i = i0; i <= i1; i++)
      for (let j = j0; j <= j1; j++) {
        const [inX, inY] = [i > i0 && i < i1, j > j0 && j < j1];
        if (inX && inY) blockedPoint[cell(i, j)] = 1;
        if (inY && i < i1) blockedRight[cell(i, j)] = 1;
        if (inX && j < j1) blockedDown[cell(i, j)] = 1;
      }
  }
  // Dijkstra over (grid point, direction of arrival): 0 horizontal, 1 vertical.
  const key = (i: number, j: number, d: number) => cell(i, j) * 2 + d;
  const cost = new Float64Array(nx * ny * 2).fill(Infinity);
  const previous = new Int32Array(nx * ny * 2).fill(-1);
  const start = { i: xIndex.get(from.x) ?? -1, j: yIndex.get(from.y) ?? -1 };
  const goal = { i: xIndex.get(to.x) ?? -1, j: yIndex.get(to.y) ?? -1 };
  const queue = new Queue();
  for (const d of [0, 1]) {
    cost[key(start.i, start.j, d)] = 0;
    queue.push({ k: key(start.i, start.j, d), c: 0 });
  }
  let reached: number | undefined;
  while (queue.size) {
    const { k, c } = queue.pop() as { k: number; c: number };
    if (c > (cost[k] ?? Infinity)) continue;
    const d = k % 2;
    const here = (k - d) / 2;
    const i = Math.floor(here / ny);
    const j = here % ny;
    if (i === goal.i && j === goal.j) {
      reached = k;
      break;
    }
    for (const [di, dj, nd] of [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 1],
      [0, -1, 1],
    ] as const) {
      const ni = i + di;
      const nj = j + dj;
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny || blockedPoint[cell(ni, nj)]) continue;
      // The segment between the two points, named by its left or upper end.
      const through = di !== 0 ? blockedRight[cell(Math.min(i, ni), j)] : blockedDown[cell(i, Math.min(j, nj))];
      if (through) continue;
      const nc = c + Math.abs((xs[ni] ?? 0) - (xs[i] ?? 0)) + Math.abs((ys[nj] ?? 0) - (ys[j] ?? 0)) + (nd !== d && c > 0 ? BEND : 0);
      const nk = key(ni, nj, nd);
      if (nc < (cost[nk] ?? Infinity)) {
        cost[nk] = nc;
        previous[nk] = k;
        queue.push({ k: nk, c: nc });
      }
    }
  }
  if (reached === undefined) return straight;
  const points: Point[] = [];
  for (let k = reached; k >= 0; k = previous[k] ?? -1) {
    const c = (k - (k % 2)) / 2;
    points.push(at(Math.floor(c / ny), c % ny));
  }
  return simplify(points.reverse());
}

/** Above this many elements and edges, edges are drawn as beziers (routing each costs a search). */
const ROUTED_EDGES_UP_TO = 300;

/** Whether the graph's edges are drawn around its elements (on screen and in exports alike). */
export function routesEdges(graph: ClusterGraph): boolean {
  return graph.nodes.length + graph.edges.length <= ROUTED_EDGES_UP_TO;
}

/** The height of a node box's title (NODE, its name, its addresses) above its kube-proxy (layout.ts's GROUP_PADDING.top, less a gap). */
const NODE_BOX_TITLE = 50;

/**
 * What edges and the request's trail go around: every element, and the title of each node box
 * (not the rest of the box: they go in to its kube-proxy and pods). `boxes` are absolute (boxes.ts).
 */
export function routingObstacles(graph: ClusterGraph, boxes: ReadonlyMap<string, Rect>): Rect[] {
  return graph.nodes.flatMap((n) => {
    const b = boxes.get(n.id);
    if (!b) return [];
    return n.type === 'cluster-node' ? [{ ...b, height: NODE_BOX_TITLE }] : [b];
  });
}

/**
 * Where the packet sits on an element: on its left edge, level with its title, so the dot never
 * hides the name of the pod or node it has reached. `rise` is how far it is below the top edge.
 */
export function packetAnchor(b: Rect): Point & { rise: number } {
  const rise = Math.min(b.height / 2, 26);
  return { x: b.x, y: b.y + rise, rise };
}

/** An SVG path through the points. */
export function pathOf(points: readonly Point[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${Math.round(p.x)} ${Math.round(p.y)}`).join(' ');
}
