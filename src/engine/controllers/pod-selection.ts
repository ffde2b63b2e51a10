/**
 * The pods a Service's selector matches, through an index of the namespace's pods by label:
 * the controllers ask this for every Service, and scanning every pod for each of 1,000 Services
 * over 10,000 pods was ten million label comparisons. The index is rebuilt when a pod is stored
 * or removed (the store's Pod version), and what it yields is checked against the selector
 * again, so it answers exactly what `list('Pod', namespace).filter(matchesSet)` answers, in the
 * same (creation) order.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import type { Labels } from '../util/labels';
import { matchesSet } from '../util/labels';

/** A namespace's pods by label (`key\u0000value`). */
export interface PodLabelIndex {
  byLabel: Map<string, Pod[]>;
}

function namespaceIndex(state: ClusterState, namespace: string): PodLabelIndex {
  const { store } = state;
  const version = store.version('Pod');
  let cached = state.caches.podLabels;
  if (!cached || cached.version !== version) {
    cached = { version, namespaces: new Map() };
    state.caches.podLabels = cached;
  }
  let index = cached.namespaces.get(namespace);
  if (!index) {
    index = { byLabel: new Map() };
    for (const pod of store.list('Pod', namespace)) {
      for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
        const key = `${k}\u0000${v}`;
        const list = index.byLabel.get(key);
        if (list) list.push(pod);
        else index.byLabel.set(key, [pod]);
      }
    }
    cached.namespaces.set(namespace, index);
  }
  return index;
}

/** The pods of `namespace` a Service selector selects (labels.SelectorFromSet; an empty one selects none). */
export function podsSelectedBy(state: ClusterState, namespace: string, selector: Labels): Pod[] {
  const entries = Object.entries(selector ?? {});
  if (entries.length === 0) return [];
  const index = namespaceIndex(state, namespace);
  let fewest: Pod[] | undefined;
  for (const [k, v] of entries) {
    const pods = index.byLabel.get(`${k}\u0000${v}`);
    if (!pods) return [];
    if (!fewest || pods.length < fewest.length) fewest = pods;
  }
  return (fewest ?? []).filter((p) => matchesSet(selector, p.metadata.labels));
}
