/**
 * The user's work: the YAML, the cluster options and the runtime actions taken since (node
 * failures, readiness, restarts). Autosaved to localStorage. YAML undo/redo is Monaco's; the
 * runtime actions have their own undo/redo here.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ClusterOptions, SimulationAction } from '../../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../../scenarios/seed/index';
import { safeStorage } from '../safe-storage';

export const AUTOSAVE_KEY = 'svcscope.document.v1';

/** One what-if step the toolbar's undo/redo can take back: a runtime action or a YAML edit it made. */
export type HistoryEntry =
  { kind: 'action'; action: SimulationAction } | { kind: 'edit'; description: string; before: string; after: string };

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
   * Which cluster the document lives in: a new number for each scenario, shared link or restored
   * work opened (a new cluster is built for it), the same while one edits it or moves between the
   * steps of one scenario (the edits are applied to the living cluster, as kubectl apply would).
   */
  cluster: number;
  /** The work replaced by the last scenario or shared link, so it can be brought back. */
  previous?: { yaml: string; options: ClusterOptions; actions: SimulationAction[] };
  setYaml(yaml: string): void;
  setOptions(options: ClusterOptions): void;
  act(action: SimulationAction): void;
  /** A what-if change to the spec, made by rewriting the YAML (undoable from the toolbar too). */
  edit(after: string, description: string): void;
  undo(): void;
  redo(): void;
  /**
   * Replaces the whole document (a scenario, a shared link). The replaced work is kept in
   * `previous` unless it is what a scenario step already wrote (moving between steps).
   */
  load(
    doc: { yaml: string; options?: ClusterOptions; actions?: SimulationAction[]; scenarioId?: string; step?: number },
    keepPrevious?: boolean,
  ): void;
  /** Brings back the work the last load replaced. */
  restorePrevious(): void;
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
  if (last.kind === 'action') {
    // By value, not identity: after a reload the autosave gives `history` and `actions` separate copies.
    const key = JSON.stringify(last.action);
    const at = s.actions.findLastIndex((a) => JSON.stringify(a) === key);
    return { history, future: [...s.future, last], actions: at >= 0 ? [...s.actions.slice(0, at), ...s.actions.slice(at + 1)] : s.actions };
  }
  return s.yaml === last.after ? { history, future: [...s.future, last], yaml: last.before } : { history };
}

function redoStep(s: DocumentState): Partial<DocumentState> {
  const next = s.future.at(-1);
  if (!next) return {};
  const future = s.future.slice(0, -1);
  if (next.kind === 'action') return { future, history: [...s.history, next], actions: [...s.actions, next.action] };
  return s.yaml === next.before ? { future, history: [...s.history, next], yaml: next.after } : { future };
}

export const useDocument = create<DocumentState>()(
  persist(
    (set) => ({
      yaml: DEFAULT_SCENARIO_YAML,
      cluster: 0,
      options: {},
      actions: [],
      history: [],
      future: [],
      setYaml: (yaml) => set({ yaml }),
      setOptions: (options) => set({ options }),
      act: (action) => set((s) => ({ actions: [...s.actions, action], history: [...s.history, { kind: 'action', action }], future: [] })),
      edit: (after, description) =>
        set((s) => ({ yaml: after, history: [...s.history, { kind: 'edit', description, before: s.yaml, after }], future: [] })),
      undo: () => set((s) => undoStep(s)),
      redo: () => set((s) => redoStep(s)),
      load: (doc, keepPrevious = true) =>
        set((s) => ({
          yaml: doc.yaml,
          options: doc.options ?? {},
          actions: doc.actions ?? [],
          history: [],
          future: [],
          scenarioId: doc.scenarioId,
          step: doc.step,
          cluster: doc.scenarioId !== undefined && doc.scenarioId === s.scenarioId ? s.cluster : s.cluster + 1,
          ...(keepPrevious ? { previous: { yaml: s.yaml, options: s.options, actions: s.actions } } : {}),
        })),
      restorePrevious: () =>
        set((s) =>
          s.previous
            ? {
                yaml: s.previous.yaml,
                options: s.previous.options,
                actions: s.previous.actions,
                history: [],
                future: [],
                scenarioId: undefined,
                step: undefined,
                cluster: s.cluster + 1,
                previous: { yaml: s.yaml, options: s.options, actions: s.actions },
              }
            : {},
        ),
    }),
    {
      name: AUTOSAVE_KEY,
      version: 1,
      storage: createJSONStorage(() => safeStorage),
      partialize: (s) => ({
        yaml: s.yaml,
        options: s.options,
        actions: s.actions,
        history: s.history,
        scenarioId: s.scenarioId,
        step: s.step,
        previous: s.previous,
      }),
    },
  ),
);
