/**
 * The user's work: the YAML, the cluster options and the runtime actions taken since (node
 * failures, readiness, restarts). Autosaved to localStorage. YAML undo/redo is Monaco's; the
 * runtime actions have their own undo/redo here.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { ClusterOptions, SimulationAction } from '../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { safeStorage } from './safe-storage';

export const AUTOSAVE_KEY = 'svcscope.document.v1';

export interface DocumentState {
  yaml: string;
  options: ClusterOptions;
  actions: SimulationAction[];
  /** Actions undone, newest last, for redo. */
  undone: SimulationAction[];
  /** The built-in scenario this document started from, if any, and its guided step. */
  scenarioId?: string;
  step?: number;
  /** The work replaced by the last scenario or shared link, so it can be brought back. */
  previous?: { yaml: string; options: ClusterOptions; actions: SimulationAction[] };
  setYaml(yaml: string): void;
  setOptions(options: ClusterOptions): void;
  act(action: SimulationAction): void;
  undoAction(): void;
  redoAction(): void;
  /**
   * Replaces the whole document (a scenario, a shared link). The replaced work is kept in
   * `previous` unless it is what a scenario step already wrote (moving between steps).
   */
  load(doc: { yaml: string; options?: ClusterOptions; actions?: SimulationAction[]; scenarioId?: string; step?: number }, keepPrevious?: boolean): void;
  /** Brings back the work the last load replaced. */
  restorePrevious(): void;
}

export const useDocument = create<DocumentState>()(
  persist(
    (set) => ({
      yaml: DEFAULT_SCENARIO_YAML,
      options: {},
      actions: [],
      undone: [],
      setYaml: (yaml) => set({ yaml }),
      setOptions: (options) => set({ options }),
      act: (action) => set((s) => ({ actions: [...s.actions, action], undone: [] })),
      undoAction: () =>
        set((s) => {
          const last = s.actions.at(-1);
          return last ? { actions: s.actions.slice(0, -1), undone: [...s.undone, last] } : {};
        }),
      redoAction: () =>
        set((s) => {
          const next = s.undone.at(-1);
          return next ? { actions: [...s.actions, next], undone: s.undone.slice(0, -1) } : {};
        }),
      load: (doc, keepPrevious = true) =>
        set((s) => ({
          yaml: doc.yaml,
          options: doc.options ?? {},
          actions: doc.actions ?? [],
          undone: [],
          scenarioId: doc.scenarioId,
          step: doc.step,
          ...(keepPrevious ? { previous: { yaml: s.yaml, options: s.options, actions: s.actions } } : {}),
        })),
      restorePrevious: () =>
        set((s) =>
          s.previous
            ? { yaml: s.previous.yaml, options: s.previous.options, actions: s.previous.actions, undone: [], scenarioId: undefined, step: undefined, previous: { yaml: s.yaml, options: s.options, actions: s.actions } }
            : {},
        ),
    }),
    {
      name: AUTOSAVE_KEY,
      version: 1,
      storage: createJSONStorage(() => safeStorage),
      partialize: (s) => ({ yaml: s.yaml, options: s.options, actions: s.actions, scenarioId: s.scenarioId, step: s.step, previous: s.previous }),
    },
  ),
);
