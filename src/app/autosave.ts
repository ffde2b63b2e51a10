/**
 * Autosave: the document on screen and the work slots (src/app/stores/work-slots.ts), wired
 * together in the full app (an embed never saves).
 *
 * - The user's own work is saved in its slot at every change. A scenario, a shared link or a copy
 *   is not saved until the user changes it (typing, a what-if); then it becomes a slot of its own,
 *   named after what it came from ("NodePort: a port on every node (edited)").
 * - What this tab shows survives a reload: sessionStorage (one per tab) says which slot, or holds
 *   the unsaved scenario or link document itself.
 * - A tab that opens a slot another tab has open gets a copy and is told so; the other tab keeps
 *   saving its own. Neither overwrites the other.
 */
import { DEFAULT_WORK_NAME, useDocument } from './stores/document';
import type { DocumentContent, DocumentState, DocumentStore } from './stores/document';
import { SLOT_INDEX_KEY, useWorkSlots } from './stores/work-slots';
import type { SlotChannel, WorkSlotsStore } from './stores/work-slots';
import { useSimulation } from './stores/simulation';

/** This tab's document across reloads (sessionStorage: each tab has its own). */
export const TAB_SESSION_KEY = 'svcscope.tab.v1';
const CHANNEL_NAME = 'svcscope.work.v1';

interface TabSession {
  /** The work slot open in this tab... */
  slotId?: string;
  /** ...or the unsaved document (a scenario, a link, a copy) and the name it gets when changed. */
  doc?: DocumentContent;
  saveAs?: string;
  previousSlot?: string;
}

/** The stores autosave joins, and how it tells the user something. */
export interface Workspace {
  document: DocumentStore;
  slots: WorkSlotsStore;
  notify(message: string): void;
}

export const workspace: Workspace = {
  document: useDocument,
  slots: useWorkSlots,
  notify: (notice) => useSimulation.setState({ notice }),
};

/** What a slot saves of the document on screen. */
function contentOf(s: DocumentState): DocumentContent {
  return {
    yaml: s.yaml,
    options: s.options,
    actions: s.actions,
    history: s.history,
    ...(s.scenarioId !== undefined ? { scenarioId: s.scenarioId } : {}),
    ...(s.step !== undefined ? { step: s.step } : {}),
  };
}

function contentChanged(a: DocumentState, b: DocumentState): boolean {
  return (
    a.yaml !== b.yaml ||
    a.options !== b.options ||
    a.actions !== b.actions ||
    a.history !== b.history ||
    a.scenarioId !== b.scenarioId ||
    a.step !== b.step
  );
}

function copyNotice(name: string): string {
  return `“${name}” is open in another tab, which keeps saving it. This tab shows a copy: what you change here is saved as “${name} (copy)”.`;
}

/** Opens a work slot in this tab: a copy when another tab has it open. False when it is gone. */
export function openSlot(id: string, w: Workspace = workspace): boolean {
  const { document, slots } = w;
  if (document.getState().slotId === id) return true;
  slots.getState().refresh();
  const meta = slots.getState().slots.find((m) => m.id === id);
  const doc = slots.getState().read(id);
  if (!meta || !doc) {
    w.notify('That work is no longer saved in this browser (another tab deleted it).');
    return false;
  }
  if (slots.getState().openElsewhere(id)) {
    document.getState().load(doc, { saveAs: `${meta.name} (copy)` });
    w.notify(copyNotice(meta.name));
    return true;
  }
  document.getState().load(doc, { slotId: id, saveAs: meta.name });
  return true;
}

/** An empty document, saved as a new slot once something is typed. */
export function newDocument(w: Workspace = workspace): void {
  w.document.getState().load({ yaml: '' }, { saveAs: DEFAULT_WORK_NAME });
}

export interface AutosaveOptions {
  /** This tab's sessionStorage (unset where storage is blocked). */
  session?: Pick<Storage, 'getItem' | 'setItem'>;
  /** How tabs talk to each other (unset where there is no BroadcastChannel). */
  channel?: SlotChannel;
  /** This page's id among the tabs (a new one at each load, so a duplicated tab is another tab). */
  tab: string;
  /**
   * When a change to the open slot is written: at once (unset), or a little later off the
   * keystroke (the app: when the page is idle; a big document is a JSON text and a storage write
   * each time). What waits is written before anything else happens to the slot, when the page is
   * hidden or left, and when autosave stops.
   */
  defer?: (write: () => void) => void;
}

/** Calls `write` when the page is next idle, and within half a second anyway. */
export function whenIdle(write: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(write, { timeout: 500 });
  else setTimeout(write, 50);
}

function readSession(session: AutosaveOptions['session']): TabSession | undefined {
  try {
    const parsed = JSON.parse(session?.getItem(TAB_SESSION_KEY) ?? 'null') as TabSession | null;
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Starts saving; opens what this tab showed before a reload (or the newest work). Returns the way to stop. */
export function startAutosave(w: Workspace, options: AutosaveOptions): () => void {
  const { document, slots } = w;
  /** This tab saved into its slot since it claimed it: if it must let go, its changes become a copy at once. */
  let savedSinceClaim = false;

  /** A change to the open slot not written yet (options.defer), with the state it left. */
  let waiting: { id: string; state: DocumentState } | undefined;
  let queued = false;
  const writeWaiting = () => {
    queued = false;
    const change = waiting;
    waiting = undefined;
    if (change) slots.getState().save(change.id, contentOf(change.state), change.state.saveAs);
  };
  const save = (id: string, state: DocumentState) => {
    waiting = { id, state };
    savedSinceClaim = true;
    if (!options.defer) writeWaiting();
    else if (!queued) {
      queued = true;
      options.defer(writeWaiting);
    }
  };

  const leave = options.channel
    ? slots.getState().connect(options.channel, options.tab, {
        onYield: (id, name) => {
          if (document.getState().slotId !== id) return;
          // The slot is the other tab's now: what waits goes into this tab's copy, not into it.
          waiting = undefined;
          document.setState({ slotId: undefined, saveAs: `${name} (copy)`, edited: savedSinceClaim });
          w.notify(copyNotice(name));
        },
        onContested: (id) => {
          // The other tab may have written before it heard of this one: this tab's work goes back in.
          const s = document.getState();
          if (s.slotId !== id) return;
          waiting = undefined;
          slots.getState().save(id, contentOf(s), s.saveAs);
        },
      })
    : () => undefined;

  const writeSession = (s: DocumentState) => {
    const session: TabSession = s.slotId
      ? { slotId: s.slotId, ...(s.previousSlot ? { previousSlot: s.previousSlot } : {}) }
      : { doc: contentOf(s), saveAs: s.saveAs, ...(s.previousSlot ? { previousSlot: s.previousSlot } : {}) };
    try {
      options.session?.setItem(TAB_SESSION_KEY, JSON.stringify(session));
    } catch {
      /* storage blocked or full: a reload shows the newest work instead */
    }
  };

  const onChange = (s: DocumentState, prev: DocumentState) => {
    // Another slot (or none) from now on: the one left gets what it was waiting for first.
    if (waiting && waiting.id !== s.slotId) writeWaiting();
    if (s.slotId === undefined && s.edited) {
      // Changed by the user: from now on it is their own work, in a slot of its own.
      const id = slots.getState().create(s.saveAs, contentOf(s));
      const name = slots.getState().slots.find((m) => m.id === id)?.name ?? s.saveAs;
      document.setState({ slotId: id, saveAs: name });
      return;
    }
    if (s.slotId !== prev.slotId) {
      savedSinceClaim = false;
      if (s.slotId) slots.getState().claim(s.slotId);
      else slots.getState().release();
    } else if (s.slotId && contentChanged(s, prev)) save(s.slotId, s);
    if (
      s.slotId !== prev.slotId ||
      s.previousSlot !== prev.previousSlot ||
      s.saveAs !== prev.saveAs ||
      (!s.slotId && contentChanged(s, prev))
    )
      writeSession(s);
  };

  slots.getState().refresh();
  const migrated = slots.getState().migrateLegacy();
  const session = readSession(options.session);
  const stopWatching = document.subscribe(onChange);
  if (session?.slotId && slots.getState().read(session.slotId)) {
    openSlot(session.slotId, w);
    document.setState({ previousSlot: session.previousSlot });
  } else if (session?.doc && typeof session.doc.yaml === 'string') {
    document.getState().load(session.doc, { saveAs: session.saveAs ?? DEFAULT_WORK_NAME });
    document.setState({ previousSlot: session.previousSlot });
  } else {
    const newest = migrated ?? slots.getState().slots[0]?.id;
    if (newest) openSlot(newest, w);
  }

  // Another tab changed the list (the storage event comes once this tab's localStorage shows it).
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === SLOT_INDEX_KEY) slots.getState().refresh();
  };
  // A page put in the back-forward cache lets go of its slot, and claims it again when it comes back.
  const onHide = () => {
    writeWaiting();
    slots.getState().release();
  };
  // A hidden page may be discarded without another word: what waits is written as it hides.
  const onVisibility = () => {
    if (globalThis.document?.visibilityState === 'hidden') writeWaiting();
  };
  const onShow = (event: PageTransitionEvent) => {
    const { slotId } = document.getState();
    if (event.persisted && slotId) slots.getState().claim(slotId);
  };
  globalThis.addEventListener?.('storage', onStorage);
  globalThis.addEventListener?.('pagehide', onHide);
  globalThis.addEventListener?.('pageshow', onShow);
  globalThis.addEventListener?.('visibilitychange', onVisibility);
  return () => {
    globalThis.removeEventListener?.('storage', onStorage);
    globalThis.removeEventListener?.('pagehide', onHide);
    globalThis.removeEventListener?.('pageshow', onShow);
    globalThis.removeEventListener?.('visibilitychange', onVisibility);
    writeWaiting();
    stopWatching();
    leave();
  };
}

/** The browser's BroadcastChannel as a SlotChannel, where there is one. */
export function browserChannel(): SlotChannel | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const channel = new BroadcastChannel(CHANNEL_NAME);
  const adapter: SlotChannel = {
    postMessage: (message) => channel.postMessage(message),
    onmessage: null,
    close: () => channel.close(),
  };
  channel.onmessage = (event: MessageEvent) => adapter.onmessage?.({ data: event.data });
  return adapter;
}

/** This tab's sessionStorage, unless the page may not use it. */
export function tabSession(): Pick<Storage, 'getItem' | 'setItem'> | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}
