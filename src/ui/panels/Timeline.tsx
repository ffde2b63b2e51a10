/**
 * What happened in the simulated cluster, in order (created, allocated an IP, scheduled, started
 * with N service env vars, endpoints changed, probes failed, nodes failed). The slider scrubs
 * through it; the element of the event at the slider is selected in the graph and every element
 * the event involves (the pods an Endpoints change names, the node a pod started on) is outlined.
 */
import { useEffect, useState } from 'react';
import { useSimulation } from '../../app/stores/simulation';
import { useSelection } from '../../app/stores/selection';
import { useTimeline } from '../../app/stores/timeline';
import { elementOf, involvedElements } from './timeline-involved';
import type { SimEvent } from '../../engine/index';
import { namespaceOf, SYSTEM_NAMESPACES } from '../../engine/index';

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

/** One empty list: a zustand selector must not return a new array each time (React error #185, an endless re-render). */
const NO_EVENTS: readonly SimEvent[] = [];

export function Timeline() {
  const events = useSimulation((s) => s.snapshot?.events ?? NO_EVENTS);
  const showSystem = events.filter((e) => !SYSTEM_NAMESPACES.has(namespaceOf(e)));
  const list = showSystem.length ? showSystem : events;
  const [at, setAt] = useState<number | undefined>(undefined);
  const index = Math.min(at ?? list.length - 1, list.length - 1);
  const select = useSelection((s) => s.select);
  const graph = useSimulation((s) => s.snapshot?.graph);
  const current = list[index];
  useEffect(() => {
    useTimeline.getState().setInvolved(current && graph ? involvedElements(current, new Set(graph.nodes.map((n) => n.id))) : []);
  }, [current, graph]);
  useEffect(() => () => useTimeline.getState().setInvolved([]), []);
  if (!list.length) return <p className="muted hint">No events yet.</p>;
  const scrub = (i: number) => {
    setAt(i);
    const id = list[i] ? elementOf(list[i]) : undefined;
    if (id) select(id, 'other');
  };
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
