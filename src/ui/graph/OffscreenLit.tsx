/**
 * When the camera follows the packet (camera.ts), an object whose rule decides the hop can lie
 * outside the view (the Ingress whose rule matched, far left of the controller pod it runs in).
 * A chip at the pane's edge, on the side where it lies, names it and says it is lit; a click
 * brings it into view. Only in the presentation view and embeds (focus).
 */
import { useReactFlow, useStore } from '@xyflow/react';
import type { Rect } from './camera';

export interface LitElement {
  id: string;
  /** What the chip says: the element's kind and name. */
  label: string;
  box: Rect;
}

/** A chip's height (app.css .offscreen-chip: 14 px text, padding and border). */
const CHIP_HEIGHT = 34;
const CHIP_GAP = 6;
/** Chips keep this far from the pane's top and bottom edges. */
const CHIP_MARGIN = 8;

/**
 * The tops of chips stacked on one side of a pane `height` px high, each as near as it can be to
 * where it wants to be (`wanted`, ascending): none over another, and none past the pane's bottom
 * (where the presentation view's caption is) — a stack that would run out at the bottom moves up.
 */
export function stackChips(wanted: readonly number[], height: number): number[] {
  const tops: number[] = [];
  let below = CHIP_MARGIN;
  for (const at of wanted) {
    const top = Math.max(at, below);
    tops.push(top);
    below = top + CHIP_HEIGHT + CHIP_GAP;
  }
  let above = height - CHIP_MARGIN - CHIP_HEIGHT;
  for (let i = tops.length - 1; i >= 0; i--) {
    tops[i] = Math.max(CHIP_MARGIN, Math.min(tops[i] as number, above));
    above = (tops[i] as number) - CHIP_HEIGHT - CHIP_GAP;
  }
  return tops;
}

export function OffscreenLit({ lit }: { lit: readonly LitElement[] }) {
  const [x, y, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const pane = { width, height };
  const flow = useReactFlow();
  const away = lit.flatMap((element) => {
    const left = element.box.x * zoom + x;
    const right = (element.box.x + element.box.width) * zoom + x;
    const top = element.box.y * zoom + y;
    const bottom = (element.box.y + element.box.height) * zoom + y;
    // Seen enough: half of it or more is in the pane.
    const seenWidth = Math.max(0, Math.min(right, pane.width) - Math.max(left, 0));
    const seenHeight = Math.max(0, Math.min(bottom, pane.height) - Math.max(top, 0));
    if (seenWidth * seenHeight >= 0.5 * (right - left) * (bottom - top)) return [];
    const side = right < pane.width / 2 ? 'left' : left > pane.width / 2 ? 'right' : top < 0 ? 'top' : 'bottom';
    const at = (top + bottom) / 2 - CHIP_HEIGHT / 2;
    return [{ ...element, side, at }];
  });
  if (pane.width === 0 || away.length === 0) return null;
  // Chips on one side stack, none over another, all inside the pane.
  for (const side of ['left', 'right']) {
    const chips = away.filter((c) => c.side === side).sort((a, b) => a.at - b.at);
    stackChips(
      chips.map((c) => c.at),
      pane.height,
    ).forEach((top, i) => ((chips[i] as (typeof chips)[number]).at = top));
  }
  return (
    <div className="offscreen-lit" data-testid="offscreen-lit">
      {away.map((element) => (
        <button
          type="button"
          key={element.id}
          className={`offscreen-chip ${element.side}`}
          style={element.side === 'left' || element.side === 'right' ? { top: element.at } : {}}
          title="Its rule decides this hop: click to see it"
          onClick={() => void flow.fitBounds(element.box, { padding: 0.2, duration: 300 })}
        >
          {element.side === 'left' ? '← ' : element.side === 'top' ? '↑ ' : ''}
          {element.label}
          {element.side === 'right' ? ' →' : element.side === 'bottom' ? ' ↓' : ''}
        </button>
      ))}
    </div>
  );
}
