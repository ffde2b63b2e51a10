/**
 * The request on its way: the trail of places it has been, and the packet itself at the current
 * hop with the addresses it carries (src -> dst) and the rewrite it just went through (DNAT/SNAT).
 */
import { ViewportPortal } from '@xyflow/react';
import type { TraceResult } from '../../worker/protocol';
import { chainLadder, ladderBox, rungAnchor, rungTextEnd } from './ladder';
import type { Ladder } from './ladder';
import { labelWidth } from './camera';
import type { Rect } from './camera';
import { legRouter, packetAnchor, pathOf } from '../../graph/route';
import type { Point } from '../../graph/route';
import { useMemo } from 'react';

type Boxes = Map<string, { x: number; y: number; width: number; height: number }>;

/** Height of the packet's label and the gap under it (.packet-label: 12px text, 1px padding and border). */
const LABEL_ABOVE = 24;
/** Half the height of a NAT label (.packet-label.nat: 14px text, 2px padding and border). */
const NAT_LABEL_MIDDLE = 13;

/** What a NAT hop rewrote, before → after: the destination for DNAT, the source for SNAT, both for DNAT+SNAT. */
function natRewrite(nat: string, before: { src: string; dst: string }, after: { src: string; dst: string }): string {
  const parts: string[] = [];
  if (nat.includes('DNAT') && before.dst !== after.dst) parts.push(`dst ${before.dst} ⇒ ${after.dst}`);
  if (nat.includes('SNAT') && before.src !== after.src) parts.push(`src ${before.src} ⇒ ${after.src}`);
  return parts.join(' · ');
}

/** The packet's label at `step`: the rewrite a NAT hop made (`nat` set), else what the packet carries. */
function labelParts(result: TraceResult, step: number): { nat?: string; text: string } {
  const hop = step >= 0 ? result.placed.places[step]?.hop : undefined;
  const packet = hop?.packet;
  const before = step > 0 ? result.placed.places[step - 1]?.hop.packet : undefined;
  const rewrite = hop?.nat && packet && before ? natRewrite(hop.nat, before, packet) : undefined;
  if (hop?.nat && rewrite) return { nat: hop.nat, text: rewrite };
  return { text: packet ? `${packet.protocol} ${packet.src} → ${packet.dst}` : 'start' };
}

/** The packet's label as one line (its length places the camera, camera.ts). */
export function packetLabel(result: TraceResult, step: number): string {
  const { nat, text } = labelParts(result, step);
  return nat ? `${nat} ${text}` : text;
}

/**
 * The chain ladder on screen at `step` (ladder.ts), where it is drawn (`box`), and what the view
 * must hold of it (`reach`: the box and the packet's label, level with the current rung).
 */
export function ladderAt(result: TraceResult, step: number, boxes: Boxes): { ladder: Ladder; box: Rect; reach: Rect } | undefined {
  const ladder = chainLadder(result.placed, step);
  const proxy = ladder ? boxes.get(ladder.at) : undefined;
  if (!ladder || !proxy) return undefined;
  const box = ladderBox(ladder, proxy);
  const labelEnd = rungTextEnd(ladder) + labelWidth(packetLabel(result, step).length);
  return { ladder, box, reach: { ...box, width: Math.max(box.width, labelEnd) } };
}

/**
 * The trail's legs between one place and the next, each routed around `obstacles` (route.ts);
 * legs down a chain ladder's rungs are straight.
 */
function useLegs(points: readonly Point[], firstRung: number, obstacles: readonly Rect[]): Point[][] {
  const key = points.map((p) => `${p.x},${p.y}`).join(' ');
  // The legs already routed are kept while the boxes stay: each hop routes its new leg only.
  const route = useMemo(() => legRouter(obstacles), [obstacles]);
  return useMemo(
    () => points.slice(1).map((to, i) => (i + 1 > firstRung ? [points[i] as Point, to] : route(points[i] as Point, to))),
    // The points' values, not the array made anew each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, firstRung, route],
  );
}

export function PacketOverlay({
  result,
  step,
  boxes,
  obstacles,
  onLadder,
}: {
  result: TraceResult;
  step: number;
  boxes: Boxes;
  /** The elements the trail goes around (not the cluster-node boxes that hold them). */
  obstacles: readonly Rect[];
  /** The chain ladder at this hop, if the packet is on one (ladderAt). */
  onLadder: { ladder: Ladder; box: Rect } | undefined;
}) {
  const { placed, trace } = result;
  // On a ladder, the hops so far in this kube-proxy are its rungs: the packet goes down them.
  const rungs = onLadder ? onLadder.ladder.current + 1 : 0;
  const points = [placed.origin, ...placed.places.slice(0, step + 1 - rungs).map((p) => p.at)]
    .map((id) => {
      const b = boxes.get(id);
      return b && packetAnchor(b);
    })
    .filter((p): p is { x: number; y: number; rise: number } => !!p);
  if (onLadder) {
    const { ladder, box } = onLadder;
    for (let rung = 0; rung < rungs; rung++) {
      const point = rungAnchor({ ...ladder, current: rung }, box);
      points.push({ ...point, rise: point.y - box.y });
    }
  }
  const legs = useLegs(points, points.length - rungs, obstacles);
  const here = points.at(-1);
  if (!here) return null;
  const trail = legs.reduce<Point[]>((all, leg) => [...all, ...(all.length ? leg.slice(1) : leg)], []);
  const leg = legs.at(-1);
  const hop = step >= 0 ? placed.places[step]?.hop : undefined;
  const failedHere = !trace.ok && step === placed.places.length - 1;
  const label = labelParts(result, step);
  // Above the element's top edge, not over its name and addresses; on a chain ladder, level with
  // the current rung after its text (above the ladder is kube-proxy's own box).
  const labelAt = onLadder
    ? { top: -(label.nat ? NAT_LABEL_MIDDLE : LABEL_ABOVE / 2), left: rungTextEnd(onLadder.ladder) }
    : { top: -(here.rise + LABEL_ABOVE) };
  return (
    <ViewportPortal>
      <svg
        className="trail"
        style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible', pointerEvents: 'none' }}
        width={1}
        height={1}
      >
        <polyline points={(trail.length ? trail : points).map((p) => `${p.x},${p.y}`).join(' ')} />
      </svg>
      {onLadder ? (
        <ol
          className="chain-ladder"
          data-testid="chain-ladder"
          aria-label="kube-proxy's chains for this request"
          style={{ transform: `translate(${onLadder.box.x}px, ${onLadder.box.y}px)`, width: onLadder.box.width }}
        >
          {onLadder.ladder.rungs.map((rung, i) => {
            const now = onLadder.ladder.current;
            return (
              <li key={i} className={i < now ? 'done' : i === now ? 'current' : 'next'} aria-current={i === now ? 'step' : undefined}>
                {rung}
              </li>
            );
          })}
        </ol>
      ) : null}
      <div
        className={`packet${leg ? ' along' : ''}${failedHere ? ' failed' : ''}${hop?.nat ? ' nat' : ''}`}
        data-testid="packet"
        data-step={step}
        key={step}
        // Along the trail's last leg (CSS motion path), or at the start.
        style={
          leg
            ? { offsetPath: `path('${pathOf(leg)}')`, offsetRotate: '0deg', offsetDistance: '100%' }
            : { transform: `translate(${here.x}px, ${here.y}px)` }
        }
      >
        <span className="packet-dot" />
        {label.nat ? (
          <span className="packet-label nat" style={labelAt} data-testid="packet-nat">
            <b className="packet-nat">{label.nat}</b> {label.text}
          </span>
        ) : (
          <span className="packet-label" style={labelAt}>
            {label.text}
          </span>
        )}
      </div>
    </ViewportPortal>
  );
}
