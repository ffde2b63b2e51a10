/**
 * Share and embed URLs: the scenario in the fragment (never sent to a server), the embed
 * settings in the query string, and the `<iframe>` snippet that embeds one in a page or slide.
 *
 * Query parameters and their defaults (documented in README-url-format.md):
 *   embed=1        the bare embed view (no toolbar, no file menu)                default: off
 *   view=graph | graph+editor                                        default: graph when embedded, graph+editor otherwise
 *   autoplay=1     animate the scenario's request as soon as it is loaded        default: off
 *   step=N         open guided step N (0-based), over the step saved in the link default: the link's step, else 0
 *   readonly=1     the YAML cannot be edited (readonly=0 allows it in an embed)  default: on when embedded, off otherwise
 */
import { encodeScenario } from './codec';
import type { SharedScenario } from './schema';

export type ViewLayout = 'graph' | 'graph+editor';

export interface EmbedParams {
  embed?: boolean;
  view?: ViewLayout;
  autoplay?: boolean;
  step?: number;
  readonly?: boolean;
}

export interface ResolvedEmbedParams {
  embed: boolean;
  view: ViewLayout;
  autoplay: boolean;
  /** Undefined when the URL names no step: the link's own step (or 0) applies. */
  step?: number;
  readonly: boolean;
  /** Parameters present with a value that means nothing, e.g. `view=table`: ignored, defaults used. */
  ignored: string[];
}

const PARAM_NAMES = ['embed', 'view', 'autoplay', 'step', 'readonly'] as const;
const MAX_STEP = 999;

function flag(value: boolean): string {
  return value ? '1' : '0';
}

/** `baseUrl` with the embed parameters set (others kept) and the scenario as its fragment. */
export function scenarioUrl(baseUrl: string, state: SharedScenario, params: EmbedParams = {}): string {
  const url = new URL(baseUrl);
  for (const name of PARAM_NAMES) url.searchParams.delete(name);
  if (params.embed !== undefined) url.searchParams.set('embed', flag(params.embed));
  if (params.view !== undefined) url.searchParams.set('view', params.view);
  if (params.autoplay !== undefined) url.searchParams.set('autoplay', flag(params.autoplay));
  if (params.step !== undefined) url.searchParams.set('step', String(params.step));
  if (params.readonly !== undefined) url.searchParams.set('readonly', flag(params.readonly));
  url.hash = encodeScenario(state);
  return url.toString();
}

function parseFlag(value: string): boolean | undefined {
  if (value === '1' || value === 'true' || value === '') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

/** Reads the embed parameters of `location.search` (with or without the `?`); never throws. */
export function parseEmbedParams(search: string): ResolvedEmbedParams {
  const query = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const ignored: string[] = [];
  const readFlag = (name: 'embed' | 'autoplay' | 'readonly'): boolean | undefined => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    const value = parseFlag(raw);
    if (value === undefined) ignored.push(`${name}=${raw}`);
    return value;
  };
  const embed = readFlag('embed') ?? false;
  const autoplay = readFlag('autoplay') ?? false;
  const readonly = readFlag('readonly') ?? embed;

  let view: ViewLayout = embed ? 'graph' : 'graph+editor';
  const rawView = query.get('view');
  if (rawView !== null) {
    // A `+` typed by hand in a query string reads as a space (application/x-www-form-urlencoded).
    if (rawView === 'graph' || rawView === 'graph+editor') view = rawView;
    else if (rawView === 'graph editor') view = 'graph+editor';
    else ignored.push(`view=${rawView}`);
  }

  let step: number | undefined;
  const rawStep = query.get('step');
  if (rawStep !== null) {
    if (/^\d{1,3}$/.test(rawStep) && Number(rawStep) <= MAX_STEP) step = Number(rawStep);
    else ignored.push(`step=${rawStep}`);
  }
  return { embed, view, autoplay, ...(step === undefined ? {} : { step }), readonly, ignored };
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A size: pixels as a number, or a CSS length such as `100%` or `640px`. */
export type FrameSize = number | `${number}%` | `${number}px`;

function sizeAttribute(size: FrameSize, fallback: number): string {
  if (typeof size === 'number') return Number.isFinite(size) && size > 0 ? String(Math.round(size)) : String(fallback);
  return /^\d{1,5}(\.\d+)?(%|px)$/.test(size) ? size : String(fallback);
}

/** An `<iframe>` for pasting into a page or slide deck; the URL is attribute-escaped. */
export function iframeSnippet(url: string, size: { width?: FrameSize; height?: FrameSize } = {}): string {
  const width = sizeAttribute(size.width ?? 800, 800);
  const height = sizeAttribute(size.height ?? 450, 450);
  return `<iframe src="${escapeAttribute(url)}" width="${width}" height="${height}" title="svcscope scenario" loading="lazy" style="border: 0"></iframe>`;
}
