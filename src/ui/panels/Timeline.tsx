/**
 * What happened in the simulated cluster, in order (created, allocated an IP, scheduled, started
 * with N service env vars, endpoints changed, probes failed, nodes failed). The slider scrubs
 * through it; the element of the event at the slider is selected in the graph.
 */
import { useState } from 'react';
import { useSimulation } from '../../state/simulation';
import { useSelection } from '../../state/selection';
import type { SimEvent } from '../../engine/index';

function elementOf(e: SimEvent): string | undefined {
  const ns = e.namespace ?? 'default';
  switch (e.kind) {
    case 'Pod':
      return `pod:${ns}/${e.name}`;
    case 'Service':
      return `svc:${ns}/${e.name}`;
    case 'Endpoints':
      return `ep:${ns}/${e.name}`;
    case 'Ingress':
      return `ing:${ns}/${e.name}`;
    case 'Node':
      return `node:${e.name}`;
    default:
      return undefined;
  }
}

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(seconds % 60).padStart(2, '0')}`;
}

export function Timeline() {
  const events = useSimulation((s) => s.snapshot?.events ?? []);
  const showSystem = events.filter((e) => !['kube-system', 'ingress-nginx'].includes(e.namespace ?? 'default'));
  const list = showSystem.length ? showSystem : events;
  const [at, setAt] = useState<number | undefined>(undefined);
  const index = Math.min(at ?? list.length - 1, list.length - 1);
  const select = useSelection((s) => s.select);
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
        <input type="range" min={0} max={list.length - 1} value={index} onChange={(e) => scrub(Number(e.target.value))} aria-label="Scrub through the events" data-testid="timeline-scrub" />
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
