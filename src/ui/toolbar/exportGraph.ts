/**
 * The graph as an image for static slides: the whole graph (not just what is in view), rendered
 * with html-to-image the way React Flow's download-image example does it (fit the nodes' bounds
 * into the image size with getViewportForBounds and render the viewport element).
 */
import { getNodesBounds, getViewportForBounds } from '@xyflow/react';
import type { Node } from '@xyflow/react';

const PADDING = 0.05;

export async function exportGraph(format: 'png' | 'svg', nodes: Node[]): Promise<string> {
  const { toPng, toSvg } = await import('html-to-image');
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
  return format === 'png' ? toPng(viewport, options) : toSvg(viewport, options);
}

export function download(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  a.click();
}
