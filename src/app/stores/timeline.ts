/**
 * The Timeline's scrubber: which event it is at (unset: the newest). The events it scrubs through
 * and the graph elements the current one involves are derived here, for the Timeline and the graph.
 */
import { create } from 'zustand';
import type { SimEvent } from '../../engine/index';
import { namespaceOf, SYSTEM_NAMESPACES } from '../../engine/index';
import { involvedElements } from '../../graph/event-elements';
import type { ClusterGraph } from '../../graph/types';

export interface TimelineState {
  /** The index of the event at the scrubber in `timelineEvents`; unset follows the newest. */
  at?: number;
}

export const useTimeline = create<TimelineState>()(() => ({}));

/** The events the Timeline lists: the user's objects' (the cluster's own only when there are no others). */
export function timelineEvents(events: readonly SimEvent[]): readonly SimEvent[] {
  const mine = events.filter((e) => !SYSTEM_NAMESPACES.has(namespaceOf(e)));
  return mine.length ? mine : events;
}

/** The index of the event at the scrubber (the newest while unset or past the end). */
export function scrubIndex(list: readonly SimEvent[], at: number | undefined): number {
  return Math.min(at ?? list.length - 1, list.length - 1);
}

/** The graph elements the event at the scrubber involves (outlined while the Timeline is open). */
export function involvedNow(events: readonly SimEvent[], at: number | undefined, graph: ClusterGraph): string[] {
  const list = timelineEvents(events);
  const current = list[scrubIndex(list, at)];
  return current ? involvedElements(current, new Set(graph.nodes.map((n) => n.id))) : [];
}
