/**
 * The document on screen: the YAML, the cluster options and the runtime actions taken since
 * (node failures, readiness, restarts). YAML undo/redo is Monaco's; the what-if steps have their
 * own undo/redo here, kept as small splices (src/app/edit-history.ts).
 *
 * Saving is not this store's business: src/app/autosave.ts keeps the user's own work in work
 * slots (src/app/stores/work-slots.ts). A document opened from a scenario or a shared link is
 * not saved until the user changes it (`edited`); then it becomes a work slot of its own.
 */
import { create } from 'zustand';
import type { ClusterOptions, SimulationAction } from '../../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../../scenarios/seed/index';
import { bounded, editEntry, redoText, undoText } from '../edit-history';
import type { HistoryEntry } from '../edit-history';

export type { HistoryEntry } from '../edit-history';

/** What a work slot keeps of a document (and what a shared link or a scenario step opens). */
export interface DocumentContent {
  yaml: string;
  options?: ClusterOptions;
  actions?: SimulationAction[];
  /** The undoable what-if steps (bounded). */
  history?: HistoryEntry[];
  /** The built-in scenario it started from, if any, and its guided step. */
  scenarioId?: string;
  step?: number;
}

/** The name a document's work slot gets when nothing better is known. */
export const DEFAULT_WORK_NAME = 'My work';

export interface DocumentState {
  yaml: string;
  options: ClusterOptions;
  actions: SimulationAction[];
  /** What-if steps taken, newest last (undo takes the last one back). */
  history: HistoryEntry[];
  /** Steps undone, newest last, for redo. */
  future: HistoryEntry[];
  /** The built-in scenario this document started from, if any, and its guided step. */
  scenarioId?: string;
  step?: number;
  /**
   * Which cluster the document lives in: a new number for each scenario, shared link or work
   * opened (a new cluster is built for it), the same while one edits it or moves between the
   * steps of one scenario (the edits are applied to the living cluster, as kubectl apply would).
   */
  cluster: number;
  /** The work slot this document is saved in; unset for a scenario, a link or a copy nobody has changed. */
  slotId?: string;
  /** The name of the work slot an unsaved document gets once it is changed. */
  saveAs: string;
  /** Changed by the user (typing, what-ifs) since it was opened. */
  edited: boolean;
  /** The user's own work this tab showed before a scenario or a link replaced it (a work slot's id). */
  previousSlot?: string;
  setYaml(yaml: string): void;
  setOptions(options: ClusterOptions): void;
  act(action: SimulationAction): void;
  /** A what-if change to the spec, made by rewriting the YAML (undoable from the toolbar too). */
  edit(after: string, description: string): void;
  undo(): void;
  redo(): void;
  /**
   * Replaces the whole document: a scenario, a shared link, a work slot. The work it replaces is
   * already in its slot (or was never changed), so nothing is kept here but the way back to it.
   */
  load(doc: DocumentContent, from?: { slotId?: string; saveAs?: string }): void;
}

/**
 * Takes the newest what-if step back. An action leaves the replayed list; an edit restores the
 * text from before it — unless the text was typed over since, in which case that edit is Monaco's
 * to undo (Ctrl+Z in the editor) and this one is dropped rather than clobbering the typing.
 */
function undoStep(s: DocumentState): Partial<DocumentState> {
  const last = s.history.at(-1);
  if (!last) return {};
  const history = s.history.slice(0, -1);
  const future = bounded([...s.future, last]);
  if (last.kind === 'action') {
    // By value, not identity: after a reload the autosave gives `history` and `actions` separate copies.
    const key = JSON.stringify(last.action);
    const at = s.actions.findLastIndex((a) => JSON.stringify(a) === key);
    return at >= 0
      ? { history, future, actions: [...s.actions.slice(0, at), ...s.actions.slice(at + 1)], edited: true }
      : { history, future };
  }
  const yaml = undoText(s.yaml, last);
  return yaml === undefined ? { history } : { history, future, yaml, edited: true };
}

function redoStep(s: DocumentState): Partial<DocumentState> {
  const next = s.future.at(-1);
  if (!next) return {};
  const future = s.future.slice(0, -1);
  const history = bounded([...s.history, next]);
  if (next.kind === 'action') return { future, history, actions: [...s.actions, next.action], edited: true };
  const yaml = redoText(s.yaml, next);
  return yaml === undefined ? { future } : { future, history, yaml, edited: true };
}

/** A document store (one per tab; tests make several to play several tabs). */
export function createDocumentStore() {
  return create<DocumentState>()((set) => ({
    yaml: DEFAULT_SCENARIO_YAML,
    cluster: 0,
    options: {},
    actions: [],
    history: [],
    future: [],
    saveAs: DEFAULT_WORK_NAME,
    edited: false,
    setYaml: (yaml) => set((s) => (s.yaml === yaml ? {} : { yaml, edited: true })),
    setOptions: (options) => set({ options, edited: true }),
    act: (action) =>
      set((s) => ({
        actions: [...s.actions, action],
        history: bounded([...s.history, { kind: 'action', action }]),
        future: [],
        edited: true,
      })),
    edit: (after, description) =>
      set((s) => ({ yaml: after, history: bounded([...s.history, editEntry(s.yaml, after, description)]), future: [], edited: true })),
    undo: () => set((s) => undoStep(s)),
    redo: () => set((s) => redoStep(s)),
    load: (doc, from = {}) =>
      set((s) => {
        const previousSlot = s.slotId ?? s.previousSlot;
        return {
          yaml: doc.yaml,
          options: doc.options ?? {},
          actions: doc.actions ?? [],
          history: bounded(doc.history ?? []),
          future: [],
          scenarioId: doc.scenarioId,
          step: doc.step,
          cluster: from.slotId === undefined && doc.scenarioId !== undefined && doc.scenarioId === s.scenarioId ? s.cluster : s.cluster + 1,
          slotId: from.slotId,
          saveAs: from.saveAs ?? DEFAULT_WORK_NAME,
          edited: false,
          previousSlot: previousSlot === from.slotId ? undefined : previousSlot,
        };
      }),
  }));
}

export type DocumentStore = ReturnType<typeof createDocumentStore>;

export const useDocument = createDocumentStore();
