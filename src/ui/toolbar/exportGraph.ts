/**
 * The graph as an image for static slides: the whole graph (not just what is in view). The PNG is
 * rendered with html-to-image the way React Flow's download-image example does it (fit the nodes'
 * bounds into the image size with getViewportForBounds and render the viewport element); the SVG
 * is drawn from the laid-out graph (src/graph/svg.ts), loaded on demand.
 */
import { getNodesBounds, getViewportForBounds } from '@xyflow/react';
import type { Node } from '@xyflow/react';
import type { ClusterGraph } from '../../graph/types';

const PADDING = 0.05;

/** The graph as an SVG file's data URL, in the app's light or dark colours. */
export async function svgDataUrl(graph: ClusterGraph | undefined, dark: boolean): Promise<string> {
  if (!graph || graph.nodes.length === 0) throw new Error('there is no graph to export yet');
  const { graphToSvg, SVG_THEMES } = await import('../../graph/svg');
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(graphToSvg(graph, SVG_THEMES[dark ? 'dark' : 'light']))}`;
}

/** The graph as drawn, as a PNG data URL. */
export async function pngDataUrl(nodes: Node[]): Promise<string> {
  const { toPng } = await import('html-to-image');
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport || nodes.length === 0) throw new Error('there is no graph to export yet');
  const bounds = getNodesBounds(nodes);
  const width = Math.min(4096, Math.max(800, Math.ceil(bounds.width * 1.1)));
  const height = Math.min(4096, Math.max(450, Math.ceil(bounds.height * 1.1)));
  const { x, y, zoom } = getViewportForBounds(bounds, width, height, 0.1, 2, PADDING);
  const background = getComputedStyle(document.body).backgroundColor || '#ffffff';
  const options = {
    backgroundColor: background,
    width,
    height,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${x}px, ${y}px) scale(${zoom})` },
  };
  return toPng(viewport, options);
}

export function download(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  a.click();
}
