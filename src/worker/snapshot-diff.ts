/**
 * The worker's snapshot sent as what changed since the last one: an edit changes a few objects
 * and graph elements of thousands, so the main thread gets those (added, changed, removed, by
 * key) instead of ~1 MB it must decode. Pure functions over plain data:
 * `applySnapshotDelta(prev, diffSnapshot(prev, next))` deep-equals `next`, order included.
 */
import type { ClusterObject, SimEvent, SourceLocation } from '../engine/index';
import type { GraphEdge, GraphNode } from '../graph/types';
import type { SimulationSnapshot } from './protocol';

/** The changes that turn one keyed list into another, order included. */
export interface ListDelta<T> {
  /** Keys of the items of the old list that are not in the new one. */
  removed: string[];
  /** Items of both lists whose content changed (the new content). */
  changed: T[];
  /** Items only in the new list, with their index in it, ascending. */
  added: { index: number; item: T }[];
  /**
   * Only when the items of both lists are not in the same relative order in each: every key of
   * the new list, in order.
   */
  order?: string[];
  /**
   * Only when every key kept its place (nothing removed, added or moved): the index of each
   * changed item, in `changed`'s order, so the list is patched without reading every key.
   */
  at?: number[];
}

export interface SnapshotDelta {
  /** The revision of the snapshot this delta applies to. */
  base: number;
  revision: number;
  objects: ListDelta<ClusterObject>;
  graph: { nodes: ListDelta<GraphNode>; edges: ListDelta<GraphEdge>; width: number; height: number };
  /** Events appended to the old list, or (when the cluster was built anew) the whole new list. */
  events: { appended: SimEvent[] } | { all: SimEvent[] };
  sources: { set: Record<string, SourceLocation>; removed: string[] };
  diagnostics: SimulationSnapshot['diagnostics'];
  actionDiagnostics: SimulationSnapshot['actionDiagnostics'];
  now: string;
  timings: SimulationSnapshot['timings'];
}

/** An object's identity in a snapshot: kind, namespace and name (the API server's key). */
export function objectKeyOf(o: ClusterObject): string {
  return `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** An object changed when its resourceVersion did, or (the cheap test failing) its content. */
function sameObject(a: ClusterObject, b: ClusterObject): boolean {
  return a.metadata.resourceVersion === b.metadata.resourceVersion && same(a, b);
}

export function diffList<T>(
  prev: readonly T[],
  next: readonly T[],
  key: (item: T) => string,
  equal: (a: T, b: T) => boolean,
): ListDelta<T> {
  const before = new Map<string, T>();
  for (const item of prev) before.set(key(item), item);
  const nextKeys = new Set<string>();
  const changed: T[] = [];
  const at: number[] = [];
  const added: { index: number; item: T }[] = [];
  const keptOrder: string[] = [];
  next.forEach((item, index) => {
    const k = key(item);
    nextKeys.add(k);
    const old = before.get(k);
    if (old === undefined) {
      added.push({ index, item });
      return;
    }
    keptOrder.push(k);
    if (equal(old, item)) return;
    changed.push(item);
    at.push(index);
  });
  const removed: string[] = [];
  const prevKeptOrder: string[] = [];
  for (const item of prev) {
    const k = key(item);
    if (nextKeys.has(k)) prevKeptOrder.push(k);
    else removed.push(k);
  }
  const delta: ListDelta<T> = { removed, changed, added };
  if (keptOrder.length !== prevKeptOrder.length || keptOrder.some((k, i) => k !== prevKeptOrder[i])) delta.order = next.map(key);
  else if (removed.length === 0 && added.length === 0 && at.length) delta.at = at;
  return delta;
}

/**
 * The list `delta` was made from `prev` into. An item the delta does not change stays the same
 * object, and a delta that changes nothing gives `prev` itself (what a view memoized on it keeps).
 */
export function applyListDelta<T>(prev: readonly T[], delta: ListDelta<T>, key: (item: T) => string): T[] {
  const still = delta.removed.length === 0 && delta.added.length === 0 && !delta.order;
  // Snapshots are never changed in place (the stores replace them), so the list may be shared.
  if (still && delta.changed.length === 0) return prev as T[];
  if (still && delta.at?.length === delta.changed.length) {
    const out = [...prev];
    delta.at.forEach((index, i) => (out[index] = delta.changed[i] as T));
    return out;
  }
  const removed = new Set(delta.removed);
  const changed = new Map<string, T>();
  for (const item of delta.changed) changed.set(key(item), item);
  const kept = prev.filter((item) => !removed.has(key(item))).map((item) => changed.get(key(item)) ?? item);
  if (delta.order) {
    const byKey = new Map<string, T>();
    for (const item of kept) byKey.set(key(item), item);
    for (const { item } of delta.added) byKey.set(key(item), item);
    return delta.order.map((k) => {
      const item = byKey.get(k);
      if (item === undefined) throw new Error(`snapshot delta: no item ${k}`);
      return item;
    });
  }
  const out = kept;
  for (const { index, item } of delta.added) out.splice(index, 0, item);
  return out;
}

/** The events as a delta: appended to the old list when it is a prefix of the new one, else the whole new list. */
export function diffEvents(prev: readonly SimEvent[], next: readonly SimEvent[]): SnapshotDelta['events'] {
  if (next.length < prev.length) return { all: [...next] };
  for (let i = 0; i < prev.length; i++) if (!same(prev[i], next[i])) return { all: [...next] };
  return { appended: next.slice(prev.length) };
}

/** What turns `prev` into `next`; send it instead of `next` to whoever holds `prev`. */
export function diffSnapshot(prev: SimulationSnapshot, next: SimulationSnapshot): SnapshotDelta {
  const set: Record<string, SourceLocation> = {};
  for (const [id, location] of Object.entries(next.sources)) if (!same(prev.sources[id], location)) set[id] = location;
  return {
    base: prev.revision,
    revision: next.revision,
    objects: diffList(prev.objects, next.objects, objectKeyOf, sameObject),
    graph: {
      nodes: diffList(prev.graph.nodes, next.graph.nodes, (n) => n.id, same),
      edges: diffList(prev.graph.edges, next.graph.edges, (e) => e.id, same),
      width: next.graph.width,
      height: next.graph.height,
    },
    events: diffEvents(prev.events, next.events),
    sources: { set, removed: Object.keys(prev.sources).filter((id) => !(id in next.sources)) },
    diagnostics: next.diagnostics,
    actionDiagnostics: next.actionDiagnostics,
    now: next.now,
    timings: next.timings,
  };
}

/** The snapshot `delta` was made from; throws when `prev` is not the snapshot it applies to. */
export function applySnapshotDelta(prev: SimulationSnapshot, delta: SnapshotDelta): SimulationSnapshot {
  if (prev.revision !== delta.base) throw new Error(`snapshot delta for revision ${delta.base} applied to revision ${prev.revision}`);
  const sources: Record<string, SourceLocation> = { ...prev.sources };
  for (const id of delta.sources.removed) delete sources[id];
  Object.assign(sources, delta.sources.set);
  return {
    revision: delta.revision,
    objects: applyListDelta(prev.objects, delta.objects, objectKeyOf),
    diagnostics: delta.diagnostics,
    actionDiagnostics: delta.actionDiagnostics,
    events: 'all' in delta.events ? delta.events.all : [...prev.events, ...delta.events.appended],
    graph: {
      nodes: applyListDelta(prev.graph.nodes, delta.graph.nodes, (n) => n.id),
      edges: applyListDelta(prev.graph.edges, delta.graph.edges, (e) => e.id),
      width: delta.graph.width,
      height: delta.graph.height,
    },
    sources,
    now: delta.now,
    timings: delta.timings,
  };
}

/**
 * What the worker remembers of the last snapshot it sent, to diff the next one against without
 * keeping a copy: each item's key and content signature (its JSON: the cluster changes some objects
 * in place, so identity does not tell, and only some kinds may be trusted by resourceVersion:
 * SignatureCache),
 * and how many events it held (the caller tells how the events went on: diffFromSent).
 */
export interface SentSnapshot {
  revision: number;
  objects: Signed[];
  nodes: Signed[];
  edges: Signed[];
  events: number;
  sources: Record<string, string>;
}

interface Signed {
  key: string;
  sig: string;
}

function signed<T>(items: readonly T[], key: (item: T) => string, sign: (item: T) => string = (item) => JSON.stringify(item)): Signed[] {
  return items.map((item) => ({ key: key(item), sig: sign(item) }));
}

/**
 * Signatures kept from one fingerprint to the next (the session keeps one), for the kinds whose
 * every change comes with a write through the API server in the same simulation step, which gives
 * the object a new resourceVersion: the kubelet's status changes are written; a ReplicaSet's or
 * Deployment's status is set in place, but right after the write of the object it is about (the
 * replica counts follow a scale). So the same object at the same resourceVersion has the same
 * JSON. Other kinds are compared by content. These kinds are most of a cluster's objects.
 */
export type SignatureCache = WeakMap<ClusterObject, { version: string | undefined; sig: string }>;

const WRITTEN_THROUGH_THE_API: ReadonlySet<ClusterObject['kind']> = new Set([
  'Pod',
  'Service',
  'EndpointSlice',
  'Endpoints',
  'ReplicaSet',
  'Deployment',
]);

function objectSignature(cache: SignatureCache | undefined): (o: ClusterObject) => string {
  return (o) => {
    if (!cache || !WRITTEN_THROUGH_THE_API.has(o.kind)) return JSON.stringify(o);
    const known = cache.get(o);
    if (known && known.version === o.metadata.resourceVersion) return known.sig;
    const sig = JSON.stringify(o);
    cache.set(o, { version: o.metadata.resourceVersion, sig });
    return sig;
  };
}

/**
 * What signing may reuse: objects' signatures kept from one fingerprint to the next, and the
 * content of graph elements already written out (BuildCache.contents: the element as JSON but for
 * its placement, which is then all that is written).
 */
export interface Signatures {
  objects?: SignatureCache;
  elements?: WeakMap<GraphNode, string>;
}

function elementSignature(contents: WeakMap<GraphNode, string> | undefined): (n: GraphNode) => string {
  return (n) => {
    const content = contents?.get(n);
    return content === undefined ? JSON.stringify(n) : `${n.x},${n.y},${n.width},${n.height}|${content}`;
  };
}

/** The signatures of a snapshot, as SentSnapshot keeps them. */
export function fingerprint(snapshot: Omit<SimulationSnapshot, 'events'>, events: number, reuse: Signatures = {}): SentSnapshot {
  return {
    revision: snapshot.revision,
    objects: signed(snapshot.objects, objectKeyOf, objectSignature(reuse.objects)),
    nodes: signed(snapshot.graph.nodes, (n) => n.id, elementSignature(reuse.elements)),
    edges: signed(snapshot.graph.edges, (e) => e.id),
    events,
    sources: Object.fromEntries(Object.entries(snapshot.sources).map(([id, location]) => [id, JSON.stringify(location)])),
  };
}

/** diffList over signatures: the changed and added items are taken from `next`. */
function diffSigned<T>(prev: readonly Signed[], next: readonly T[], nextSigned: readonly Signed[]): ListDelta<T> {
  // Most edits keep every key in its place: then a walk side by side is the whole diff.
  if (prev.length === nextSigned.length && prev.every((p, i) => p.key === nextSigned[i]?.key)) {
    const changed: T[] = [];
    const at: number[] = [];
    nextSigned.forEach((x, i) => {
      if (x.sig === prev[i]?.sig) return;
      changed.push(next[i] as T);
      at.push(i);
    });
    return { removed: [], changed, added: [], ...(at.length ? { at } : {}) };
  }
  const delta = diffList(
    prev,
    nextSigned,
    (x) => x.key,
    (a, b) => a.sig === b.sig,
  );
  const byKey = new Map<string, T>();
  nextSigned.forEach((x, i) => byKey.set(x.key, next[i] as T));
  return {
    removed: delta.removed,
    changed: delta.changed.map((x) => byKey.get(x.key) as T),
    added: delta.added.map(({ index, item }) => ({ index, item: byKey.get(item.key) as T })),
    ...(delta.order ? { order: delta.order } : {}),
  };
}

/**
 * What turns the snapshot `prev` stands for into `next` — the same delta diffSnapshot gives,
 * computed from signatures. The events are the caller's to tell (the session knows whether its
 * cluster lived on, so that its events were only appended to: then it copies only the new ones),
 * with how many there are now. Returns the delta and `next`'s fingerprint (to keep for the next call).
 */
export function diffFromSent(
  prev: SentSnapshot,
  next: Omit<SimulationSnapshot, 'events'>,
  events: SnapshotDelta['events'],
  eventCount: number,
  reuse: Signatures = {},
): { delta: SnapshotDelta; sent: SentSnapshot } {
  const sent = fingerprint(next, eventCount, reuse);
  const set: Record<string, SourceLocation> = {};
  for (const [id, location] of Object.entries(next.sources)) if (prev.sources[id] !== sent.sources[id]) set[id] = location;
  return {
    sent,
    delta: {
      base: prev.revision,
      revision: next.revision,
      objects: diffSigned(prev.objects, next.objects, sent.objects),
      graph: {
        nodes: diffSigned(prev.nodes, next.graph.nodes, sent.nodes),
        edges: diffSigned(prev.edges, next.graph.edges, sent.edges),
        width: next.graph.width,
        height: next.graph.height,
      },
      events,
      sources: { set, removed: Object.keys(prev.sources).filter((id) => !(id in next.sources)) },
      diagnostics: next.diagnostics,
      actionDiagnostics: next.actionDiagnostics,
      now: next.now,
      timings: next.timings,
    },
  };
}
