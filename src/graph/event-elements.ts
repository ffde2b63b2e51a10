/**
 * The graph elements a timeline event involves: the object it is about and the objects it names as
 * related (the node a pod started on; the Service and the pods of an Endpoints change). Only ids
 * present in the graph are returned.
 */
import type { SimEvent } from '../engine/index';
import { elementIdOf } from './ids';

export function elementOf(e: Pick<SimEvent, 'kind' | 'name' | 'namespace'>): string | undefined {
  return elementIdOf(e);
}

export function involvedElements(e: SimEvent, inGraph: ReadonlySet<string>): string[] {
  const ids = [elementOf(e), ...(e.related ?? []).map(elementIdOf)];
  return [...new Set(ids)].filter((id): id is string => !!id && inGraph.has(id));
}
