/**
 * kube-proxy's chain ladder (issue 13): a request goes through several chains inside one
 * kube-proxy (KUBE-SERVICES -> KUBE-NODEPORTS -> KUBE-EXT-... -> KUBE-SVC-... -> KUBE-SEP-...; in
 * nftables mode services -> service-...-> endpoint-...). Instead of a packet standing still on
 * kube-proxy for as many hops, the picture draws those hops as rungs under the kube-proxy element
 * and the packet goes down them, one rung a hop. Pure: where the ladder is and what it says.
 */
import type { Hop } from '../../engine/index';
import type { PlacedTrace } from '../../graph/hops';
import type { Rect } from './camera';

export interface Ladder {
  /** The kube-proxy element the hops happen at. */
  at: string;
  /** One short label a hop: the chain (or chains) that decided it. */
  rungs: string[];
  /** The rung of the hop on screen. */
  current: number;
}

/** Rung geometry on the canvas (app.css .chain-ladder: 12 px monospace, 20 px a rung). */
export const RUNG_HEIGHT = 20;
const LADDER_PADDING = 6;
/** 12 px DejaVu Sans Mono (Debian's monospace) is 7.2 px a character. */
const CHAR_WIDTH = 7.3;
/** The rung's mark (1.4em), the ladder's side padding (14 + 8 px) and borders (4 + 1 px), rounded up. */
const RUNG_CHROME = 50;
const GAP = 4;

/**
 * What a hop at kube-proxy did, in a few words: the chain named at the start of its note
 * ("KUBE-NODEPORTS: port 31244/TCP is ..." -> "KUBE-NODEPORTS"), else the chain its first rule is in.
 */
export function rungLabel(hop: Hop): string {
  const head = /^([^:;]{1,60}):\s/.exec(hop.note)?.[1];
  if (head) return head.replaceAll(' -> ', ' → ');
  return hop.rules?.[0]?.chain ?? hop.note.slice(0, 40);
}

/** Where the hop's rules send the packet: the target of the first rule that has one (a chain, or DNAT, MARK, ...). */
function jumpOf(hop: Hop): string | undefined {
  return hop.rules?.find((r) => r.target !== undefined)?.target;
}

/** The ladder at `step`: when the packet is at a kube-proxy for two hops or more in a row. */
export function chainLadder(placed: PlacedTrace, step: number): Ladder | undefined {
  const here = placed.places[step];
  if (!here || here.hop.component !== 'kube-proxy') return undefined;
  let first = step;
  while (first > 0 && placed.places[first - 1]?.at === here.at && placed.places[first - 1]?.hop.component === 'kube-proxy') first--;
  let last = step;
  while (placed.places[last + 1]?.at === here.at && placed.places[last + 1]?.hop.component === 'kube-proxy') last++;
  if (last === first) return undefined;
  const hops = placed.places.slice(first, last + 1).map((p) => p.hop);
  // Two hops in one chain (KUBE-EXT-… marks for masquerade, then jumps on) say where each jumps.
  const rungs = hops.map((hop, i) => {
    const label = rungLabel(hop);
    const twice = (i > 0 && rungLabel(hops[i - 1] as Hop) === label) || (i + 1 < hops.length && rungLabel(hops[i + 1] as Hop) === label);
    const jump = jumpOf(hop);
    return twice && jump ? `${label} → ${jump}` : label;
  });
  return { at: here.at, rungs, current: step - first };
}

/** Where the ladder is drawn: under its kube-proxy element, over what is below it. */
export function ladderBox(ladder: Ladder, proxy: Rect): Rect {
  const chars = Math.max(...ladder.rungs.map((r) => r.length));
  return {
    x: proxy.x + 8,
    y: proxy.y + proxy.height + GAP,
    width: Math.max(proxy.width - 16, chars * CHAR_WIDTH + RUNG_CHROME),
    height: ladder.rungs.length * RUNG_HEIGHT + 2 * LADDER_PADDING,
  };
}

/**
 * How far right of the ladder's left edge the current rung's text ends: on a ladder the packet's
 * label goes there, level with the rung, rather than above the ladder over kube-proxy's own lines.
 */
export function rungTextEnd(ladder: Ladder): number {
  return RUNG_CHROME + (ladder.rungs[ladder.current]?.length ?? 0) * CHAR_WIDTH;
}

/** Where the packet sits on the rung of the hop on screen: the ladder's left edge, level with the rung. */
export function rungAnchor(ladder: Ladder, box: Rect): { x: number; y: number } {
  return { x: box.x, y: box.y + LADDER_PADDING + (ladder.current + 0.5) * RUNG_HEIGHT };
}
