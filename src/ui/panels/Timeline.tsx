/**
 * What happened in the simulated cluster, in order (created, allocated an IP, scheduled, started
 * with N service env vars, endpoints changed, probes failed, nodes failed). The slider scrubs
 * through it; the element of the event at the slider is selected in the graph and every element
 * the event involves (the pods an Endpoints change names, the node a pod started on) is outlined.
 */
import { useSimulation } from '../../app/stores/simulation';
import { scrubIndex, timelineEvents, useTimeline } from '../../app/stores/timeline';
import { actions } from '../../app/actions/index';
import type { SimEvent } from '../../engine/index';

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

/** One empty list: a zustand selector must not return a new array each time (React error #185, an endless re-render). */
const NO_EVENTS: readonly SimEvent[] = [];

export function Timeline() {
  const events = useSimulation((s) => s.snapshot?.events ?? NO_EVENTS);
  const list = timelineEvents(events);
  const index = scrubIndex(
    list,
    useTimeline((s) => s.at),
  );
  if (!list.length) return <p className="muted hint">No events yet.</p>;
  const scrub = (i: number) => void actions.scrubTimeline.run(i);
  return (
    <div className="timeline" data-testid="timeline">
      <label className="scrubber">
        <span>
          t = {clock(list[index]?.time ?? 0)} · event {index + 1}/{list.length}
        </span>
        <input
          type="range"
          min={0}
          max={list.length - 1}
          value={index}
          onChange={(e) => scrub(Number(e.target.value))}
          aria-label="Scrub through the events"
          data-testid="timeline-scrub"
        />
      </label>
      <ol>
        {list.slice(0, index + 1).map((e, i) => (
          <li key={i} className={`${e.type === 'Warning' ? 'warning' : ''}${i === index ? ' current' : ''}`} onClick={() => scrub(i)}>
            <span className="t">{clock(e.time)}</span> <b>{e.reason}</b> {e.kind.toLowerCase()}/{e.name}: {e.message}
          </li>
        ))}
      </ol>
    </div>
  );
}
