import { describe, expect, it } from 'vitest';
import type { Hop } from '../../engine/index';
import type { PlacedTrace } from '../../graph/hops';
import {
  cameraViewport,
  overviewViewport,
  slideInto,
  pathViewport,
  readableTextPx,
  readableZoom,
  SMALLEST_GRAPH_TEXT,
  THUMBNAIL_WIDTH,
  type Rect,
  type Viewport,
} from './camera';

const projector = { width: 1280, height: 600 };
const box = (x: number, y: number, width = 200, height = 80): Rect => ({ x, y, width, height });

/** A path of elements one after the other, `gap` apart, left to right. */
function path(count: number, gap: number): { boxes: Map<string, Rect>; placed: PlacedTrace } {
  const boxes = new Map<string, Rect>([['origin', box(0, 200)]]);
  const places = [];
  for (let i = 0; i < count; i++) {
    boxes.set(`e${i}`, box((i + 1) * (200 + gap), 200));
    places.push({ at: `e${i}`, hop: {} as Hop, roundTrip: false, lit: [] });
  }
  return { boxes, placed: { origin: 'origin', places } };
}

/** Where `rect` lands on screen under `view`. */
const onScreen = (rect: Rect, view: Viewport): Rect => ({
  x: rect.x * view.zoom + view.x,
  y: rect.y * view.zoom + view.y,
  width: rect.width * view.zoom,
  height: rect.height * view.zoom,
});
const inside = (r: Rect, pane: { width: number; height: number }) =>
  r.x >= 0 && r.y >= 0 && r.x + r.width <= pane.width && r.y + r.height <= pane.height;

describe('the readable size (issue 13: 14 px at 1280x720, 11 px at 960x540)', () => {
  it('is 14 px on a 1280-px pane and wider, 11 px on a 960-px one, and grows with the pane between', () => {
    expect(readableTextPx(1280)).toBeCloseTo(14);
    expect(readableTextPx(1920)).toBeCloseTo(14);
    expect(readableTextPx(960)).toBeCloseTo(11);
    expect(readableTextPx(1100)).toBeGreaterThan(readableTextPx(1000));
    expect(readableZoom(1280) * SMALLEST_GRAPH_TEXT).toBeCloseTo(14);
  });

  it('asks nothing of a thumbnail-sized pane: it shows the whole graph', () => {
    expect(readableZoom(THUMBNAIL_WIDTH)).toBe(0);
    const small = { width: THUMBNAIL_WIDTH, height: 270 };
    expect(overviewViewport(box(0, 0, 4000, 1000), small).zoom).toBeCloseTo(Math.min(480 / 4000, 270 / 1000) / 1.12);
  });
});

describe('pathViewport', () => {
  it('shows a short path whole, larger than the readable zoom, and stands still from hop to hop', () => {
    const { boxes, placed } = path(2, 70);
    const views = [-1, 0, 1].map((step) => pathViewport({ boxes, placed, step, label: 10, pane: projector }));
    for (const view of views) {
      expect(view?.zoom).toBeGreaterThanOrEqual(readableZoom(projector.width));
      for (const id of ['origin', 'e0', 'e1']) expect(inside(onScreen(boxes.get(id) as Rect, view as Viewport), projector)).toBe(true);
    }
    expect(new Set(views.map((v) => JSON.stringify(v))).size).toBe(1);
  });

  it('follows the packet at the readable zoom along a path too long to read whole: each hop and the one before are in view', () => {
    const { boxes, placed } = path(8, 120);
    for (let step = 0; step < 8; step++) {
      const view = pathViewport({ boxes, placed, step, label: 30, pane: projector }) as Viewport;
      expect(view.zoom).toBeCloseTo(readableZoom(projector.width));
      expect(inside(onScreen(boxes.get(`e${step}`) as Rect, view), projector)).toBe(true);
      const before = step === 0 ? 'origin' : `e${step - 1}`;
      expect(inside(onScreen(boxes.get(before) as Rect, view), projector)).toBe(true);
    }
  });

  it('keeps the elements a hop’s rule uses (the lit Service and EndpointSlice) in view with the hop', () => {
    const { boxes, placed } = path(6, 150);
    boxes.set('svc', box(900, 20));
    const at = placed.places[2];
    if (at) at.lit = ['svc'];
    const view = pathViewport({ boxes, placed, step: 2, label: 20, pane: projector }) as Viewport;
    expect(inside(onScreen(boxes.get('svc') as Rect, view), projector)).toBe(true);
    expect(inside(onScreen(boxes.get('e2') as Rect, view), projector)).toBe(true);
  });
});

describe('overviewViewport (no request on screen)', () => {
  it('fits a small graph whole; a large one at the readable zoom from its left edge', () => {
    expect(overviewViewport(box(0, 0, 800, 400), projector).zoom).toBeGreaterThan(readableZoom(1280));
    const large = overviewViewport(box(0, 0, 4000, 1000), projector);
    expect(large.zoom).toBeCloseTo(readableZoom(1280));
    expect(onScreen(box(0, 0, 200, 80), large).x).toBeGreaterThanOrEqual(0);
    expect(onScreen(box(0, 0, 200, 80), large).x).toBeLessThan(100);
  });
});

describe('cameraViewport', () => {
  const { boxes, placed } = path(8, 120);
  const graph = box(0, 0, 8 * 320 + 200, 400);

  it('shows a thumbnail-sized pane the whole graph while the request waits at its start', () => {
    const thumbnail = { width: 480, height: 300 };
    const view = cameraViewport(thumbnail, graph, { boxes, placed, step: -1, label: 5 }) as Viewport;
    expect(inside(onScreen(graph, view), thumbnail)).toBe(true);
  });

  it('shows a projector the start of a path too long to read whole: the origin and the first hop, readable', () => {
    const view = cameraViewport(projector, graph, { boxes, placed, step: -1, label: 5 }) as Viewport;
    expect(view.zoom).toBeCloseTo(readableZoom(projector.width));
    expect(inside(onScreen(boxes.get('origin') as Rect, view), projector)).toBe(true);
    expect(inside(onScreen(boxes.get('e0') as Rect, view), projector)).toBe(true);
  });

  it('with no request, is the overview', () => {
    expect(cameraViewport(projector, graph, undefined)).toEqual(overviewViewport(graph, projector));
  });
});

describe('slideInto', () => {
  it('slides a view whose right side shows empty canvas until the graph’s right edge meets the pane’s, keeping what it showed', () => {
    const world = box(0, 0, 3000, 600);
    const target = box(2700, 260, 300, 80);
    const view = { zoom: 1, x: projector.width / 2 - 2850, y: projector.height / 2 - 300 };
    const slid = slideInto(world, view, projector);
    expect(onScreen(world, slid).x + onScreen(world, slid).width).toBeCloseTo(projector.width);
    expect(inside(onScreen(target, slid), projector)).toBe(true);
    expect(slid.zoom).toBe(1);
  });

  it('centres a world smaller than the pane', () => {
    const slid = slideInto(box(0, 0, 400, 200), { zoom: 1, x: 0, y: 0 }, projector);
    expect(onScreen(box(0, 0, 400, 200), slid)).toEqual({ x: 440, y: 200, width: 400, height: 200 });
  });
});
