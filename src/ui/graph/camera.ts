/**
 * Where the presentation view and embeds look (issue 13: readable on a projector). The graph's
 * text is never drawn under a readable size: 14 CSS px on a 1280-px-wide pane (the back row of a
 * room with a 1280x720 projector), 11 px on a 960-px one (a 960x540 embed); a thumbnail-sized
 * iframe shows the whole graph instead (readableZoom).
 * When the whole request path fits at that size, the view shows it all and stands still; when it
 * does not (an Ingress path crosses the whole graph), the camera follows the packet at the
 * readable zoom: each hop's element, the element before it and the ones its rule uses.
 *
 * Sizes are CSS pixels, so browser zoom (Ctrl +) makes the graph's text larger, never the graph
 * smaller. Pure functions: tested in camera.test.ts, used by GraphPane.
 */
import type { PlacedTrace } from '../../graph/hops';
import { union } from '../../graph/boxes';
import type { Rect } from '../../graph/route';

export type { Rect };

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The smallest text the graph draws at zoom 1: an element's tag and lines, an edge's label (app.css). */
export const SMALLEST_GRAPH_TEXT = 11;
/** The packet's label sits this far above the element it is on (Packet.tsx's LABEL_ABOVE plus its height). */
const LABEL_ROOM = 36;
/** Width of the packet's label on the canvas: monospace 12-14 px, about 8.5 px a character (Packet.tsx). */
const LABEL_CHAR = 8.5;

/** The packet's label's width on the canvas, `chars` characters long (its padding and border, then the text). */
export function labelWidth(chars: number): number {
  return 14 + chars * LABEL_CHAR;
}
const PADDING = 0.06;
const MAX_ZOOM = 2;

/**
 * Panes this narrow or narrower are thumbnails (a presenter view's preview of the next slide, a
 * small iframe): they show the whole graph, however small its text.
 */
export const THUMBNAIL_WIDTH = 480;
/** The readable size on a 1280-px pane (a 1280x720 projector), and the most the floor asks for. */
const PROJECTOR_TEXT = 14;

/**
 * The least zoom at which graph text is readable in a pane this wide: it grows with the pane
 * from nothing at THUMBNAIL_WIDTH to 11 px text at 960 px (a 960x540 embed), and to 14 px from
 * about 1,100 px on (a 1280x720 projector, full screen or embedded).
 */
export function readableZoom(paneWidth: number): number {
  return Math.min(PROJECTOR_TEXT / SMALLEST_GRAPH_TEXT, Math.max(0, (paneWidth - THUMBNAIL_WIDTH) / THUMBNAIL_WIDTH));
}

/** The on-screen size (CSS px) the graph's smallest text is kept at in a pane this wide. */
export function readableTextPx(paneWidth: number): number {
  return readableZoom(paneWidth) * SMALLEST_GRAPH_TEXT;
}

/** The zoom that fits `bounds` (with padding) into a pane, at most MAX_ZOOM. */
export function fittingZoom(bounds: Rect, pane: { width: number; height: number }): number {
  const zoom = Math.min(pane.width / (bounds.width * (1 + 2 * PADDING)), pane.height / (bounds.height * (1 + 2 * PADDING)));
  return Math.min(MAX_ZOOM, zoom);
}

/** `bounds` centred in the pane at `zoom`. */
export function centred(bounds: Rect, pane: { width: number; height: number }, zoom: number): Viewport {
  return {
    x: pane.width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: pane.height / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}

/** An element with room above it for the packet's label (`label` characters long) when the packet is there. */
function withLabel(box: Rect | undefined, label: number): Rect | undefined {
  if (!box) return undefined;
  const labelBox = { x: box.x, y: box.y - LABEL_ROOM, width: labelWidth(label), height: LABEL_ROOM };
  return union([box, labelBox]);
}

/**
 * The whole graph, no request on screen: all of it when it is readable so, else at the readable
 * zoom from its left edge (where requests come in from outside), centred up and down.
 */
export function overviewViewport(bounds: Rect, pane: { width: number; height: number }): Viewport {
  const floor = readableZoom(pane.width);
  const zoom = fittingZoom(bounds, pane);
  if (zoom >= floor) return centred(bounds, pane, zoom);
  const view = centred(bounds, pane, floor);
  return { ...view, x: pane.width * PADDING - bounds.x * floor };
}

export interface PathView {
  boxes: ReadonlyMap<string, Rect>;
  placed: PlacedTrace;
  /** The hop on screen (-1: the request waits at its origin). */
  step: number;
  /** Characters in the packet's label at this hop. */
  label: number;
  /** What else is drawn for this hop and must be in view with it (kube-proxy's chain ladder). */
  extra?: Rect;
  pane: { width: number; height: number };
}

/** What to show of the request's path at `step` (see the module comment). */
export function pathViewport(path: PathView): Viewport | undefined {
  const focus = pathFocus(path);
  return focus && centred(focus.rect, path.pane, focus.zoom);
}

/** The part of the path to show at `step`, and at which zoom. */
function pathFocus({ boxes, placed, step, label, extra, pane }: PathView): { rect: Rect; zoom: number } | undefined {
  const floor = readableZoom(pane.width);
  const nodeBox = (id: string) => boxes.get(id);
  const atOf = (i: number) => (i < 0 ? placed.origin : placed.places[i]?.at);
  // The whole path: every element the packet visits or its rules use (node boxes follow from their contents).
  const everything = placed.places.flatMap((p) => [p.at, ...p.lit]);
  const all = union([...[placed.origin, ...everything].map(nodeBox), withLabel(nodeBox(atOf(step) ?? ''), label), extra]);
  if (!all) return undefined;
  if (fittingZoom(all, pane) >= floor) return { rect: all, zoom: fittingZoom(all, pane) };
  // Too big to read whole: the hop here, where the packet came from and what this hop's rule uses;
  // at the start, the origin and where the packet goes first.
  const here = union([withLabel(nodeBox(atOf(step) ?? ''), label), extra]);
  const lit = step >= 0 ? (placed.places[step]?.lit ?? []).map(nodeBox) : [];
  const before = step >= 0 ? nodeBox(atOf(step - 1) ?? '') : undefined;
  const next = step < 0 ? nodeBox(atOf(0) ?? '') : undefined;
  for (const candidate of [union([here, before, next, ...lit]), union([here, ...lit]), union([here, before]), here]) {
    if (candidate && fittingZoom(candidate, pane) >= floor) return { rect: candidate, zoom: floor };
  }
  return here ? { rect: here, zoom: floor } : undefined;
}

/**
 * Moves `view` so that the pane shows as little beyond `world` as it can: where the world ends
 * inside the pane on one side while it goes on past the other, it slides over (a hop at the
 * graph's right edge shows what is left of it, not empty canvas); a world smaller than the pane
 * is centred. What was in view and inside `world` stays in view.
 */
export function slideInto(world: Rect, view: Viewport, pane: { width: number; height: number }): Viewport {
  const axis = (offset: number, start: number, size: number, span: number): number => {
    const from = start * view.zoom + offset;
    const to = (start + size) * view.zoom + offset;
    if (to - from <= span) return offset + (span - (to - from)) / 2 - from;
    if (from > 0) return offset - from;
    if (to < span) return offset + span - to;
    return offset;
  };
  return { zoom: view.zoom, x: axis(view.x, world.x, world.width, pane.width), y: axis(view.y, world.y, world.height, pane.height) };
}

/**
 * Where the presentation view or an embed looks: the whole graph while no request is on screen,
 * and at a request's start too when the whole graph is readable so; else the request's path
 * (pathViewport).
 */
export function cameraViewport(
  pane: { width: number; height: number },
  graph: Rect | undefined,
  path: Omit<PathView, 'pane'> | undefined,
): Viewport | undefined {
  const wholeReadable = !!graph && fittingZoom(graph, pane) >= readableZoom(pane.width);
  if (path && !(path.step < 0 && wholeReadable)) {
    const focus = pathFocus({ ...path, pane });
    if (!focus) return undefined;
    const view = centred(focus.rect, pane, focus.zoom);
    return graph ? slideInto(union([graph, focus.rect]) ?? graph, view, pane) : view;
  }
  return graph ? overviewViewport(graph, pane) : undefined;
}
