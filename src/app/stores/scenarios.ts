/**
 * Built-in scenarios and their guided steps. The catalog (YAML + steps, and the YAML edit code
 * the steps use) is loaded on demand, so the first screen does not wait for it.
 */
import { create } from 'zustand';
import type { Scenario } from '../../scenarios/index';
import { useDocument } from './document';
import { queueRequest, useAnimation } from './animation';

type CatalogModule = typeof import('../../scenarios/index'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- the module is loaded lazily; only its type is needed here

let catalogPromise: Promise<CatalogModule> | undefined;

export function loadCatalog(): Promise<CatalogModule> {
  catalogPromise ??= import('../../scenarios/index');
  return catalogPromise;
}

export interface ScenarioState {
  /** The catalog, once loaded. */
  catalog?: readonly Scenario[];
  error?: string;
}

export const useScenarios = create<ScenarioState>()(() => ({}));

export async function ensureCatalog(): Promise<readonly Scenario[]> {
  const { CATALOG } = await loadCatalog();
  if (!useScenarios.getState().catalog) useScenarios.setState({ catalog: CATALOG });
  return CATALOG;
}

/**
 * Opens step `step` of a scenario: its YAML with the edits of the steps so far, the runtime
 * actions so far, and its request (sent once the cluster is simulated).
 */
export async function openScenario(id: string, step = 0, options: { autoplay?: boolean; keepPrevious?: boolean } = {}): Promise<boolean> {
  const { scenarioById, stateAtStep } = await loadCatalog();
  await ensureCatalog();
  const scenario = scenarioById(id);
  if (!scenario) {
    useScenarios.setState({ error: `There is no built-in scenario "${id}".` });
    return false;
  }
  const index = Math.max(0, Math.min(scenario.steps.length - 1, step));
  const state = stateAtStep(scenario, index);
  if (!state.ok) {
    useScenarios.setState({ error: state.error });
    return false;
  }
  const doc = useDocument.getState();
  // Moving between steps of the scenario already open does not replace "previous work".
  const keepPrevious = options.keepPrevious ?? doc.scenarioId !== id;
  doc.load(
    { yaml: state.yaml, actions: state.actions, scenarioId: id, step: index, ...(scenario.options ? { options: scenario.options } : {}) },
    keepPrevious,
  );
  useAnimation.getState().clear();
  if (state.request) {
    queueRequest(state.request, options.autoplay ?? true, useDocument.getState().yaml, useDocument.getState().actions);
  }
  useScenarios.setState({ error: undefined });
  return true;
}

/** Next (+1) or previous (-1) step of the open scenario. */
export async function moveStep(delta: number): Promise<void> {
  const { scenarioId, step } = useDocument.getState();
  if (!scenarioId) return;
  const catalog = await ensureCatalog();
  const scenario = catalog.find((s) => s.id === scenarioId);
  if (!scenario) return;
  const next = (step ?? 0) + delta;
  if (next < 0 || next >= scenario.steps.length) return;
  await openScenario(scenarioId, next, { keepPrevious: false });
}
