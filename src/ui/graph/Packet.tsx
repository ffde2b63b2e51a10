/**
 * The request on its way: the trail of places it has been, and the packet itself at the current
 * hop with the addresses it carries (src -> dst) and the rewrite it just went through (DNAT/SNAT).
 */
import { ViewportPortal } from '@xyflow/react';
import type { TraceResult } from '../../worker/protocol';

type Boxes = Map<string, { x: number; y: number; width: number; height: number }>;

function center(boxes: Boxes, id: string): { x: number; y: number } | undefined {
  const b = boxes.get(id);
  return b ? { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 28) } : undefined;
}

export function PacketOverlay({ result, step, boxes }: { result: TraceResult; step: number; boxes: Boxes }) {
  const { placed, trace } = result;
  const points = [placed.origin, ...placed.places.slice(0, step + 1).map((p) => p.at)]
    .map((id) => center(boxes, id))
    .filter((p): p is { x: number; y: number } => !!p);
  const here = points.at(-1);
  if (!here) return null;
  const hop = step >= 0 ? placed.places[step]?.hop : undefined;
  const failedHere = !trace.ok && step === placed.places.length - 1;
  const packet = hop?.packet;
  return (
    <ViewportPortal>
      <svg className="trail" style={{ position: 'absolute', left: 0, top: 0, overflow: 'visible', pointerEvents: 'none' }} width={1} height={1}>
        <polyline points={points.map((p) => `${p.x},${p.y}`).join(' ')} />
      </svg>
      <div
        className={`packet${failedHere ? ' failed' : ''}${hop?.nat ? ' nat' : ''}`}
        data-testid="packet"
        data-step={step}
        style={{ transform: `translate(${here.x}px, ${here.y}px)` }}
      >
        <span className="packet-dot" />
        {packet ? (
          <span className="packet-label">
            {hop?.nat ? <b className="packet-nat">{hop.nat} </b> : null}
            {packet.protocol} {packet.src} → {packet.dst}
          </span>
        ) : (
          <span className="packet-label">start</span>
        )}
      </div>
    </ViewportPortal>
  );
}
