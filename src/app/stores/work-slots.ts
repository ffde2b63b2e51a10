/**
 * Work slots: the user's own documents, saved in the browser apart from scenarios and shared
 * links, so that opening a scenario, then another, then a link never pushes one's work out.
 *
 * Storage (localStorage, through src/app/safe-storage.ts, which reports what cannot be saved):
 * - `svcscope.document.slots.v1`: the list, `{ version: 1, slots: SlotMeta[] }`;
 * - `svcscope.document.slot.v1.<id>`: one slot's document (YAML, options, actions, what-if history,
 *   scenario and step), written alone, so a keystroke rewrites one document, not all of them.
 * The keys start with `svcscope.document` as the single autosave of older versions did
 * (`svcscope.document.v1`, migrated into slots on first load and then removed).
 *
 * Bounds: at most MAX_SLOTS slots and SLOT_BUDGET characters; beyond them, or when the browser
 * says its storage is full, the oldest slots the user never named are evicted — never the one this
 * tab or another tab has open.
 *
 * Tabs: each tab has its own slot open. A tab that opens (claims) a slot says so on a
 * BroadcastChannel; a tab holding that slot since earlier answers, and the later one lets go
 * (the app then shows it a copy, saved as a slot of its own once changed). The lists of all tabs
 * follow every change.
 */
import { create } from 'zustand';
import type { ClusterOptions, SimulationAction } from '../../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../../scenarios/seed/index';
import { bounded, fromLegacyHistory } from '../edit-history';
import type { HistoryEntry } from '../edit-history';
import { itemKeys, readItem, removeItem, writeItem } from '../safe-storage';
import type { DocumentContent } from './document';
import type { StorageProblem } from './storage';

/** The single autosave of svcscope before work slots: `{ state: { yaml, options, actions, history, scenarioId, step, previous } }`. */
export const LEGACY_AUTOSAVE_KEY = 'svcscope.document.v1';
export const SLOT_INDEX_KEY = 'svcscope.document.slots.v1';
export const SLOT_KEY_PREFIX = 'svcscope.document.slot.v1.';
export const MAX_SLOTS = 20;
/** Characters of saved documents (about 7 MB of UTF-16; browsers give an origin 5-10 MB). */
export const SLOT_BUDGET = 3_500_000;
/** The longest name a slot can be given. */
export const MAX_NAME_LENGTH = 80;

export interface SlotMeta {
  id: string;
  name: string;
  /** The user named it: it is never evicted to make room. */
  named: boolean;
  /** When it was last saved (ms since the epoch). */
  updatedAt: number;
  /** Characters its saved document takes. */
  size: number;
}

/** Where slots are kept: localStorage through safe-storage in the app, a map in tests. */
export interface SlotStorage {
  getItem(key: string): string | null;
  /** 'ok', or why the value did not reach storage (it is then still read back from memory). */
  setItem(key: string, value: string): 'ok' | StorageProblem;
  removeItem(key: string): void;
  keys(prefix: string): string[];
}

/** What tabs tell each other. */
export type SlotMessage =
  | { type: 'hello'; tab: string }
  | { type: 'claim' | 'held'; tab: string; slot: string; at: number }
  | { type: 'release'; tab: string }
  /** The list changed; it comes along: another tab's localStorage may show the change a moment later. */
  | { type: 'changed'; tab: string; slots: SlotMeta[] };

/** A BroadcastChannel, or a fake of one in tests. */
export interface SlotChannel {
  postMessage(message: SlotMessage): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface TabHandlers {
  /** Another tab has had this slot open since earlier: this tab must let go of it (show a copy). */
  onYield(id: string, name: string): void;
  /** A later tab opened this tab's slot and was told to let go: save again whatever it may have written. */
  onContested(id: string): void;
}

export interface WorkSlotsState {
  /** The slots, newest first. */
  slots: SlotMeta[];
  /** The slot this tab has open. */
  current?: string;
  /** The other tabs of this browser that have a slot open: tab id → slot id. */
  others: Record<string, string>;
  /** The slot deleted last, to undo. */
  deleted?: { meta: SlotMeta; saved: string };
  /** Reads the list again (another tab changed it). */
  refresh(): void;
  read(id: string): DocumentContent | undefined;
  /** Saves a new slot and returns its id. */
  create(name: string, doc: DocumentContent, named?: boolean): string;
  /** Saves the document of a slot (re-listing it under `name` if another tab dropped it meanwhile). */
  save(id: string, doc: DocumentContent, name: string): void;
  rename(id: string, name: string): boolean;
  /** Deletes a slot no tab has open (it can be undone); false when it is open somewhere. */
  remove(id: string): boolean;
  undoRemove(): string | undefined;
  /** Whether another tab has the slot open. */
  openElsewhere(id: string): boolean;
  /** A name no slot has yet: `name`, else `name 2`, `name 3`... */
  uniqueName(name: string): string;
  /** This tab opens the slot (other tabs are told). */
  claim(id: string): void;
  /** This tab shows no slot any more. */
  release(): void;
  /** Joins the other tabs; returns the way to leave. */
  connect(channel: SlotChannel, tab: string, handlers: TabHandlers): () => void;
  /**
   * Moves the single autosave of an older svcscope into slots: the work a scenario or a link had
   * replaced, and the document it showed. Returns the slot to open (what that version showed).
   */
  migrateLegacy(): string | undefined;
}

export interface WorkSlotsDeps {
  storage: SlotStorage;
  now?: () => number;
  newId?: () => string;
}

const slotKey = (id: string) => `${SLOT_KEY_PREFIX}${id}`;

function randomId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

function isMeta(value: unknown): value is SlotMeta {
  const m = value as Partial<SlotMeta> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.name === 'string' &&
    typeof m.updatedAt === 'number' &&
    typeof m.size === 'number'
  );
}

/** A saved document as it can be trusted: anything else in storage (another version, a hand edit) is left out. */
function parseDocument(raw: string | null): DocumentContent | undefined {
  if (raw === null) return undefined;
  try {
    const d = JSON.parse(raw) as Record<string, unknown> | null;
    if (typeof d !== 'object' || d === null || typeof d.yaml !== 'string') return undefined;
    return {
      yaml: d.yaml,
      ...(typeof d.options === 'object' && d.options !== null ? { options: d.options as ClusterOptions } : {}),
      ...(Array.isArray(d.actions) ? { actions: d.actions as SimulationAction[] } : {}),
      ...(Array.isArray(d.history) ? { history: d.history as HistoryEntry[] } : {}),
      ...(typeof d.scenarioId === 'string' ? { scenarioId: d.scenarioId } : {}),
      ...(typeof d.step === 'number' ? { step: d.step } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A document as saved: its empty parts left out, its history bounded. */
function serialize(doc: DocumentContent): string {
  return JSON.stringify({
    yaml: doc.yaml,
    ...(doc.options && Object.keys(doc.options).length ? { options: doc.options } : {}),
    ...(doc.actions?.length ? { actions: doc.actions } : {}),
    ...(doc.history?.length ? { history: bounded(doc.history) } : {}),
    ...(doc.scenarioId !== undefined ? { scenarioId: doc.scenarioId } : {}),
    ...(doc.step !== undefined ? { step: doc.step } : {}),
  });
}

const newestFirst = (a: SlotMeta, b: SlotMeta) => b.updatedAt - a.updatedAt;

/** Whether a message is one of ours (another version of the app could send anything). */
function isMessage(data: unknown): data is SlotMessage {
  const m = data as Partial<Record<string, unknown>> | null;
  if (typeof m !== 'object' || m === null || typeof m.tab !== 'string') return false;
  if (m.type === 'claim' || m.type === 'held') return typeof m.slot === 'string' && typeof m.at === 'number';
  if (m.type === 'changed') return Array.isArray(m.slots);
  return m.type === 'hello' || m.type === 'release';
}

export function createWorkSlots({ storage, now = Date.now, newId = randomId }: WorkSlotsDeps) {
  let channel: SlotChannel | undefined;
  let tab = '';
  let handlers: TabHandlers | undefined;
  /** When this tab claimed its slot: of two tabs, the earlier claim keeps it. */
  let claimedAt = 0;

  const post = (message: SlotMessage) => {
    try {
      channel?.postMessage(message);
    } catch {
      /* a closed channel */
    }
  };

  return create<WorkSlotsState>()((set, get) => {
    /** The list as stored; slots whose document is there but not listed (a write cut short) are listed again. */
    function readIndex(): SlotMeta[] {
      let metas: SlotMeta[] = [];
      try {
        const parsed = JSON.parse(storage.getItem(SLOT_INDEX_KEY) ?? 'null') as { slots?: unknown } | null;
        if (Array.isArray(parsed?.slots)) metas = parsed.slots.filter(isMeta);
      } catch {
        /* unreadable: rebuilt from the documents below */
      }
      const listed = new Set(metas.map((m) => m.id));
      for (const key of storage.keys(SLOT_KEY_PREFIX)) {
        const id = key.slice(SLOT_KEY_PREFIX.length);
        if (listed.has(id)) continue;
        const raw = storage.getItem(key);
        if (!parseDocument(raw)) continue;
        metas.push({ id, name: 'Recovered work', named: false, updatedAt: 0, size: raw?.length ?? 0 });
        listed.add(id);
      }
      return metas.sort(newestFirst);
    }

    /** Slots that must stay: the one this tab has open, those other tabs have open, and `keep`. */
    function pinned(keep?: string): Set<string> {
      const { current, others } = get();
      return new Set([current, keep, ...Object.values(others)].filter((id): id is string => id !== undefined));
    }

    function evict(metas: SlotMeta[], id: string): SlotMeta[] {
      storage.removeItem(slotKey(id));
      return metas.filter((m) => m.id !== id);
    }

    /** The oldest slot that may go to make room, if any. */
    function victim(metas: SlotMeta[], keep: Set<string>): SlotMeta | undefined {
      return metas.filter((m) => !m.named && !keep.has(m.id)).sort((a, b) => a.updatedAt - b.updatedAt)[0];
    }

    /** Within MAX_SLOTS and SLOT_BUDGET, evicting the oldest unnamed slots. */
    function withinBounds(metas: SlotMeta[], keep: Set<string>): SlotMeta[] {
      let list = metas;
      const total = () => list.reduce((sum, m) => sum + m.size, 0);
      while (list.length > MAX_SLOTS || total() > SLOT_BUDGET) {
        const v = victim(list, keep);
        if (!v) break;
        list = evict(list, v.id);
      }
      return list;
    }

    /**
     * Writes a slot's document; when storage is full, evicts the oldest unnamed slots until it
     * fits (or none is left). Returns the list left and whether the document reached storage.
     */
    function writeDocument(id: string, saved: string, metas: SlotMeta[]): { list: SlotMeta[]; ok: boolean } {
      let list = metas;
      const keep = pinned(id);
      let result = storage.setItem(slotKey(id), saved);
      while (result === 'quota') {
        const v = victim(list, keep);
        if (!v) break;
        list = evict(list, v.id);
        result = storage.setItem(slotKey(id), saved);
      }
      return { list, ok: result === 'ok' };
    }

    function writeIndex(metas: SlotMeta[]): void {
      const slots = [...metas].sort(newestFirst);
      storage.setItem(SLOT_INDEX_KEY, JSON.stringify({ version: 1, slots }));
      set({ slots });
      post({ type: 'changed', tab, slots });
    }

    function uniqueName(name: string, metas = get().slots): string {
      const taken = new Set(metas.map((m) => m.name));
      if (!taken.has(name)) return name;
      for (let n = 2; ; n++) if (!taken.has(`${name} ${n}`)) return `${name} ${n}`;
    }

    /** Saves a document under an id, listed under `name` when it is not listed yet; true when it reached storage. */
    function put(id: string, doc: DocumentContent, name: string, named = false): boolean {
      const saved = serialize(doc);
      let metas = readIndex();
      const old = metas.find((m) => m.id === id);
      const meta: SlotMeta = {
        id,
        name: old?.name ?? uniqueName(name, metas),
        named: old?.named ?? named,
        updatedAt: now(),
        size: saved.length,
      };
      metas = withinBounds([meta, ...metas.filter((m) => m.id !== id)], pinned(id));
      const { list, ok } = writeDocument(id, saved, metas);
      writeIndex(list);
      return ok;
    }

    function yieldSlot(): void {
      const id = get().current;
      if (!id) return;
      const name = get().slots.find((m) => m.id === id)?.name ?? 'This work';
      set({ current: undefined });
      // The tab that keeps it must not go on counting this one as having it open.
      post({ type: 'release', tab });
      handlers?.onYield(id, name);
    }

    /** Whether this tab's claim came before the other tab's (the earlier claim keeps the slot). */
    const mineFirst = (at: number, other: string) => claimedAt < at || (claimedAt === at && tab < other);

    function receive(message: SlotMessage): void {
      if (message.tab === tab) return;
      const { current } = get();
      switch (message.type) {
        case 'hello':
          if (current) post({ type: 'held', tab, slot: current, at: claimedAt });
          return;
        case 'changed': {
          // The list as stored here, with what the message knows better: entries this tab's
          // localStorage does not show yet, or shows older. (A message may also be older than this
          // tab's own latest write: then storage wins. The storage event settles anything left.)
          const list = new Map(readIndex().map((m) => [m.id, m]));
          for (const m of message.slots.filter(isMeta)) if (m.updatedAt > (list.get(m.id)?.updatedAt ?? -1)) list.set(m.id, m);
          set({ slots: [...list.values()].sort(newestFirst) });
          return;
        }
        case 'release': {
          const others = { ...get().others };
          delete others[message.tab];
          set({ others });
          return;
        }
        case 'claim':
        case 'held':
          set({ others: { ...get().others, [message.tab]: message.slot } });
          if (message.slot !== current) return;
          if (!mineFirst(message.at, message.tab)) yieldSlot();
          else if (message.type === 'claim') {
            post({ type: 'held', tab, slot: current, at: claimedAt });
            handlers?.onContested(current);
          }
      }
    }

    return {
      slots: [],
      others: {},
      refresh: () => set({ slots: readIndex() }),
      read: (id) => parseDocument(storage.getItem(slotKey(id))),
      create: (name, doc, named = false) => {
        const id = newId();
        put(id, doc, name, named);
        return id;
      },
      save: (id, doc, name) => put(id, doc, name),
      rename: (id, name) => {
        const trimmed = name.trim().slice(0, MAX_NAME_LENGTH);
        const metas = readIndex();
        const meta = metas.find((m) => m.id === id);
        if (!trimmed || !meta) return false;
        if (meta.name === trimmed) return true;
        writeIndex(metas.map((m) => (m.id === id ? { ...m, name: uniqueName(trimmed, metas), named: true } : m)));
        return true;
      },
      remove: (id) => {
        if (id === get().current || get().openElsewhere(id)) return false;
        const metas = readIndex();
        const meta = metas.find((m) => m.id === id);
        const saved = storage.getItem(slotKey(id));
        if (!meta || saved === null) return false;
        storage.removeItem(slotKey(id));
        writeIndex(metas.filter((m) => m.id !== id));
        set({ deleted: { meta, saved } });
        return true;
      },
      undoRemove: () => {
        const deleted = get().deleted;
        if (!deleted) return undefined;
        const metas = readIndex().filter((m) => m.id !== deleted.meta.id);
        const meta = { ...deleted.meta, name: uniqueName(deleted.meta.name, metas) };
        writeIndex(writeDocument(meta.id, deleted.saved, withinBounds([meta, ...metas], pinned(meta.id))).list);
        set({ deleted: undefined });
        return meta.id;
      },
      openElsewhere: (id) => Object.values(get().others).includes(id),
      uniqueName: (name) => uniqueName(name, readIndex()),
      claim: (id) => {
        claimedAt = now();
        set({ current: id });
        post({ type: 'claim', tab, slot: id, at: claimedAt });
      },
      release: () => {
        if (get().current === undefined) return;
        set({ current: undefined });
        post({ type: 'release', tab });
      },
      connect: (ch, tabId, h) => {
        channel = ch;
        tab = tabId;
        handlers = h;
        ch.onmessage = (event) => {
          if (isMessage(event.data)) receive(event.data);
        };
        post({ type: 'hello', tab });
        return () => {
          post({ type: 'release', tab });
          ch.onmessage = null;
          ch.close();
          channel = undefined;
          handlers = undefined;
        };
      },
      migrateLegacy: () => {
        const raw = storage.getItem(LEGACY_AUTOSAVE_KEY);
        if (raw === null) return undefined;
        let state: Record<string, unknown> | undefined;
        try {
          state = (JSON.parse(raw) as { state?: Record<string, unknown> } | null)?.state;
        } catch {
          state = undefined;
        }
        const current = parseDocument(JSON.stringify(state ?? null));
        const previous = parseDocument(JSON.stringify(state?.previous ?? null));
        if (current) current.history = fromLegacyHistory(state?.history);
        const existing = readIndex()
          .map((m) => get().read(m.id))
          .filter((d) => d !== undefined);
        const same = (a: DocumentContent, b: DocumentContent) =>
          a.yaml === b.yaml &&
          JSON.stringify(a.options ?? {}) === JSON.stringify(b.options ?? {}) &&
          JSON.stringify(a.actions ?? []) === JSON.stringify(b.actions ?? []);
        const worthKeeping = (d: DocumentContent | undefined): d is DocumentContent =>
          d !== undefined &&
          !(d.yaml === DEFAULT_SCENARIO_YAML && !d.actions?.length && !Object.keys(d.options ?? {}).length) &&
          !existing.some((e) => same(e, d));
        let open: string | undefined;
        let saved = true;
        if (worthKeeping(previous)) {
          open = newId();
          saved = put(open, previous, 'My work (kept when a scenario or link replaced it)') && saved;
          existing.push(previous);
        }
        if (worthKeeping(current)) {
          open = newId();
          saved = put(open, current, current.scenarioId ? `Scenario ${current.scenarioId} (from your last visit)` : 'My work') && saved;
        }
        // Only once everything reached storage (a full storage keeps the old key for next time).
        if (saved) storage.removeItem(LEGACY_AUTOSAVE_KEY);
        return open;
      },
    };
  });
}

export type WorkSlotsStore = ReturnType<typeof createWorkSlots>;

/** The slots of this browser (localStorage; in memory where the page may not store anything). */
export const useWorkSlots = createWorkSlots({
  storage: { getItem: readItem, setItem: writeItem, removeItem, keys: itemKeys },
});
