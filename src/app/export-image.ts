/**
 * The graph as an image for static slides: the whole laid-out graph drawn as vector shapes and
 * text (src/graph/svg.ts). The PNG is that same drawing rasterised at 1× or 2×, so both carry
 * the same picture; slide tools that ignore HTML inside SVG (PowerPoint, Keynote, Inkscape) show
 * the SVG as well. With a trail, the picture shows the request's path up to the current hop.
 * Transparent, the theme's background is left out, so a slide's own background shows through.
 */
import type { ClusterGraph } from '../graph/types';
import { graphToSvg, SVG_THEMES } from '../graph/svg';
import type { SvgTrail } from '../graph/svg';

/** How a picture is drawn: the app's dark colours, no background. */
export interface ImageLook {
  dark: boolean;
  transparent?: boolean;
}

async function svgText(
  graph: ClusterGraph | undefined,
  look: ImageLook,
  trail?: SvgTrail,
): Promise<{ text: string; width: number; height: number }> {
  if (!graph || graph.nodes.length === 0) throw new Error('there is no graph to export yet');
  const text = graphToSvg(graph, SVG_THEMES[look.dark ? 'dark' : 'light'], trail, { transparent: look.transparent ?? false });
  const size = /<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(text);
  return { text, width: Number(size?.[1] ?? graph.width), height: Number(size?.[2] ?? graph.height) };
}

/** The graph as an SVG file's data URL, in the app's light or dark colours. */
export async function svgDataUrl(graph: ClusterGraph | undefined, look: ImageLook, trail?: SvgTrail): Promise<string> {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent((await svgText(graph, look, trail)).text)}`;
}

/** The same drawing as a PNG data URL, `scale` device pixels per CSS pixel. */
export async function pngDataUrl(graph: ClusterGraph | undefined, look: ImageLook, trail?: SvgTrail, scale = 2): Promise<string> {
  const { text, width, height } = await svgText(graph, look, trail);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.min(8192, Math.ceil(width * scale));
  canvas.height = Math.min(8192, Math.ceil(height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw into a canvas');
  context.scale(canvas.width / width, canvas.height / height);
  context.drawImage(image, 0, 0, width, height);
  return canvas.toDataURL('image/png');
}

/** The bytes of a base64 data URL (what canvas.toDataURL gives). */
export function dataUrlBytes(dataUrl: string): Uint8Array {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Offers bytes (a zip) as a download. */
export function downloadBytes(bytes: Uint8Array, type: string, filename: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  download(url, filename);
  // The click has started the download; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function download(dataUrl: string, filename: string): void {
  const a = document.createElement('a');
  a.href = dataUrl;
  a.download = filename;
  a.click();
}
