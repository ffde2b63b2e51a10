/**
 * The graph elements a timeline event involves: its object, plus what its message names — the
 * node a pod was scheduled to, the pods an Endpoints change added or removed (and the Service
 * the Endpoints belong to, which has the same name). Only ids present in the graph are returned.
 */
import type { SimEvent } from '../../engine/index';
import { namespaceOf } from '../../engine/index';

export function elementOf(e: Pick<SimEvent, 'kind' | 'name' | 'namespace'>): string | undefined {
  const ns = namespaceOf(e);
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

export function involvedElements(e: SimEvent, inGraph: ReadonlySet<string>): string[] {
  const ns = namespaceOf(e);
  const ids = [elementOf(e)];
  if (e.kind === 'Endpoints') ids.push(`svc:${ns}/${e.name}`);
  // "scheduled to node-1, IP ..." (the kubelet's Started event).
  for (const m of e.message.matchAll(/scheduled to (\S+?),/g)) ids.push(`node:${m[1]}`);
  // "+10.244.0.3 (web-abc)" / "-10.244.0.3 (web-abc, now in notReadyAddresses)" (the endpoints controller's change).
  for (const m of e.message.matchAll(/[+-]\d+\.\d+\.\d+\.\d+ \(([a-z0-9.-]+)/g)) ids.push(`pod:${ns}/${m[1]}`);
  return [...new Set(ids)].filter((id): id is string => !!id && inGraph.has(id));
}
