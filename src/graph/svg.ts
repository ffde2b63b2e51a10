/**
 * The laid-out cluster graph as a self-contained vector SVG for static slides: real rectangles,
 * text and curves (no HTML inside `foreignObject`, which PowerPoint, Keynote and Inkscape do not
 * draw), so it scales without blur and its text stays text. Pure: no DOM, tested in Node.
 */
import { absoluteBoxes, union } from './boxes';
import { endEllipsis, fittedLine, middleEllipsis } from './text';
import { packetAnchor, pathOf, routeAround, routesEdges, routingObstacles } from './route';
import type { Rect } from './route';
import type { ClusterGraph, GraphEdgeType, GraphNode, GraphNodeType } from './types';

export interface SvgTheme {
  background: string;
  card: string;
  panel: string;
  border: string;
  text: string;
  muted: string;
  edge: string;
  warning: string;
  error: string;
}

/** The app's light and dark colours (src/ui/app.css). */
export const SVG_THEMES: Record<'light' | 'dark', SvgTheme> = {
  light: {
    background: '#ffffff',
    card: '#ffffff',
    panel: '#f5f7fa',
    border: '#d8dce5',
    text: '#1d2330',
    muted: '#5f6779',
    edge: '#8a929c',
    warning: '#9a5b00',
    error: '#c62828',
  },
  dark: {
    background: '#14171d',
    card: '#222833',
    panel: '#1b1f27',
    border: '#343b48',
    text: '#e3e7ef',
    muted: '#a0a9bb',
    edge: '#7d858f',
    warning: '#f0b04a',
    error: '#ff6b6b',
  },
};

/** The coloured edge of each element type, as the graph draws it. */
export const ACCENT: Record<GraphNodeType, string> = {
  client: '#f08c00',
  internet: '#f08c00',
  external: '#f08c00',
  'cloud-lb': '#f08c00',
  dns: '#0c8599',
  'cluster-node': '#868e96',
  'kube-proxy': '#868e96',
  pod: '#2e7d32',
  service: '#326ce5',
  endpointslice: '#7950f2',
  endpoints: '#868e96',
  ingress: '#d6336c',
  gateway: '#9c36b5',
  route: '#66a80f',
};

export const DASHED_EDGES: ReadonlySet<GraphEdgeType> = new Set([
  'endpoint-not-ready',
  'endpoint-terminating',
  'mirror',
  'cname',
  'external',
  'route-not-accepted',
]);
const PADDING = 24;
const LINE = 15;

/** Text for XML: the five characters with a meaning there are escaped. */
export function xmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** 12 px semibold titles run about 7.6 px a character. */
const TITLE_CHAR = 7.6;

/**
 * An element's title cut to `width` pixels of 12 px semibold text: in the middle for the names
 * told apart by their random suffix (pods, EndpointSlices), else at the end. The SVG export and
 * the far view's canvas both write titles this way.
 */
export function fittedTitle(node: Pick<GraphNode, 'type' | 'title'>, width: number): string {
  return node.type === 'pod' || node.type === 'endpointslice'
    ? middleEllipsis(node.title, Math.max(3, Math.floor(width / TITLE_CHAR)))
    : fit(node.title, width, TITLE_CHAR);
}

function fit(text: string, width: number, charWidth: number): string {
  return endEllipsis(text, Math.floor(width / charWidth));
}

function element(node: GraphNode, box: { x: number; y: number; width: number; height: number }, theme: SvgTheme): string {
  const { x, y, width, height } = box;
  const group = node.type === 'cluster-node';
  const accent = node.status === 'warning' ? theme.warning : ACCENT[node.type];
  const stroke = node.status === 'error' ? theme.error : theme.border;
  const inner = width - 16;
  const parts = [
    `<g data-id="${xmlText(node.id)}">`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="6" fill="${group || node.type === 'kube-proxy' ? theme.panel : theme.card}" stroke="${stroke}"/>`,
    group
      ? `<rect x="${x}" y="${y}" width="${width}" height="4" fill="${accent}"/>`
      : `<rect x="${x}" y="${y}" width="4" height="${height}" fill="${accent}"/>`,
  ];
  const anchor = group ? `text-anchor="middle" ` : '';
  const tx = group ? x + width / 2 : x + 10;
  let ty = y + 15;
  parts.push(
    `<text ${anchor}x="${tx}" y="${ty}" font-size="9" letter-spacing="0.4" fill="${theme.muted}">${xmlText(fit(node.tag.toUpperCase(), inner, 6))}</text>`,
  );
  ty += LINE;
  parts.push(
    `<text ${anchor}x="${tx}" y="${ty}" font-size="12" font-weight="600" fill="${theme.text}">${xmlText(fittedTitle(node, inner))}</text>`,
  );
  for (const [i, line] of node.lines.entries()) {
    ty += LINE;
    if (ty > y + height - 3) break;
    const color = i === 0 && node.status === 'warning' ? theme.warning : theme.text;
    parts.push(
      `<text ${anchor}x="${tx}" y="${ty}" font-size="11" font-family="ui-monospace, Menlo, Consolas, monospace" fill="${color}">${xmlText(fittedLine(line, inner))}</text>`,
    );
  }
  parts.push('</g>');
  return parts.join('');
}

/**
 * The request's path drawn over the graph, up to the current hop: the elements it went through
 * outlined in the packet's colour, the current one thicker, a dashed line through them in order,
 * and the hop's explanation as a caption under the graph. A static slide then shows the path.
 */
export interface SvgTrail {
  /** The element ids the packet went through, in order, the current one last. */
  path: readonly string[];
  /** The current hop's explanation. */
  caption?: string;
}

/** The packet's colour (src/ui/app.css --packet). */
const PACKET = '#e8590c';
const CAPTION_LINE = 20;
/** About how wide a character of the 15 px caption is. */
const CAPTION_CHAR = 8;

function wrap(text: string, width: number): string[] {
  const max = Math.max(20, Math.floor(width / CAPTION_CHAR));
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function trailMarks(trail: SvgTrail, boxes: ReturnType<typeof absoluteBoxes>, obstacles: readonly Rect[]): string[] {
  const at = trail.path.flatMap((id) => {
    const b = boxes.get(id);
    return b ? [{ id, b }] : [];
  });
  // The same route as on screen (Packet.tsx): from anchor to anchor, around the elements.
  const anchors = at.map(({ b }) => packetAnchor(b));
  const legs = anchors.slice(1).map((to, i) => routeAround(anchors[i] ?? to, to, obstacles));
  const line = legs.length
    ? [
        `<path d="${legs.map((leg, i) => (i === 0 ? pathOf(leg) : pathOf(leg).replace(/^M/, 'L'))).join(' ')}" fill="none" stroke="${PACKET}" stroke-width="2.5" stroke-dasharray="7 5" stroke-linejoin="round" data-trail="true"/>`,
      ]
    : [];
  const outlines = [...new Map(at.map((p) => [p.id, p.b])).entries()].map(([id, b]) => {
    const current = id === trail.path.at(-1);
    return `<rect x="${b.x - 2}" y="${b.y - 2}" width="${b.width + 4}" height="${b.height + 4}" rx="7" fill="none" stroke="${PACKET}" stroke-width="${current ? 4 : 2}"${current ? ' data-current="true"' : ''}/>`;
  });
  const last = anchors.at(-1);
  const dot = last ? [`<circle cx="${last.x}" cy="${last.y}" r="7" fill="${PACKET}"/>`] : [];
  return [...line, ...outlines, ...dot];
}

/** How the picture is drawn beyond its theme. */
export interface SvgOptions {
  /** Leave out the theme's background: a slide's own background shows through (default false). */
  transparent?: boolean;
}

/**
 * The graph as an SVG document, the whole graph with a margin, in the app's light or dark
 * colours; with a trail, the request's path up to the current hop and its caption.
 */
export function graphToSvg(graph: ClusterGraph, theme: SvgTheme = SVG_THEMES.light, trail?: SvgTrail, options: SvgOptions = {}): string {
  const boxes = absoluteBoxes(graph);
  const extent = union([...boxes.values()]) ?? { x: 0, y: 0, width: 0, height: 0 };
  const [minX, minY, maxX, maxY] = [extent.x, extent.y, extent.x + extent.width, extent.y + extent.height];
  const width = Math.ceil(maxX - minX + 2 * PADDING);
  const caption = trail?.caption ? wrap(trail.caption, width - 2 * PADDING) : [];
  const captionHeight = caption.length ? caption.length * CAPTION_LINE + PADDING : 0;
  const height = Math.ceil(maxY - minY + 2 * PADDING + captionHeight);
  // Edges as on screen (RoutedEdge.tsx): around the elements, or beziers in a very large graph.
  const obstacles = routingObstacles(graph, boxes);
  const routed = routesEdges(graph);
  const edges = graph.edges.flatMap((e) => {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) return [];
    const [x1, y1, x2, y2] = [s.x + s.width, s.y + s.height / 2, t.x, t.y + t.height / 2];
    const bend = Math.max(30, Math.abs(x2 - x1) / 2);
    const d = routed
      ? pathOf(routeAround({ x: x1, y: y1 }, { x: x2, y: y2 }, obstacles))
      : `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`;
    const dash = DASHED_EDGES.has(e.type) ? ' stroke-dasharray="5 4"' : '';
    const path = `<path d="${d}" fill="none" stroke="${theme.edge}" stroke-width="1.2"${dash} marker-end="url(#arrow)"/>`;
    const label = e.label
      ? `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" text-anchor="middle" font-size="11" fill="${theme.muted}">${xmlText(e.label)}</text>`
      : '';
    return [path + label];
  });
  // Groups first, so the pods and kube-proxy inside them are drawn over their box.
  const nodes = [...graph.nodes].sort((a, b) => Number(b.type === 'cluster-node') - Number(a.type === 'cluster-node'));
  const body = nodes.map((n) => {
    const b = boxes.get(n.id);
    return b ? element(n, b, theme) : '';
  });
  const groups = nodes.filter((n) => n.type === 'cluster-node').length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${minX - PADDING} ${minY - PADDING} ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif">`,
    '<title>svcscope: the simulated cluster</title>',
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${theme.edge}"/></marker></defs>`,
    ...(options.transparent
      ? []
      : [`<rect x="${minX - PADDING}" y="${minY - PADDING}" width="${width}" height="${height}" fill="${theme.background}"/>`]),
    // Edges over the node boxes, under the elements (pods) they point at.
    ...body.slice(0, groups),
    ...edges,
    ...body.slice(groups),
    ...(trail ? trailMarks(trail, boxes, obstacles) : []),
    ...caption.map(
      (line, i) =>
        `<text x="${minX}" y="${maxY + PADDING + (i + 1) * CAPTION_LINE - 4}" font-size="15" fill="${theme.text}">${xmlText(line)}</text>`,
    ),
    '</svg>',
  ].join('\n');
}
