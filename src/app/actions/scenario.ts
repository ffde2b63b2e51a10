/** Built-in scenarios and their guided steps. */
import { defineAction } from './registry';
import { queueRequest } from './request';
import { ensureCatalog, loadCatalog, useScenarios } from '../stores/scenarios';
import { useDocument } from '../stores/document';
import { useSettings } from '../stores/settings';
import { useAnimation } from '../stores/animation';

export interface OpenOptions {
  /** Animate the scenario's request as soon as it is traced (default true). */
  autoplay?: boolean;
}

/** Forgets the request on screen: a new document is coming. */
export function clearRequest(): void {
  useAnimation.setState({ result: undefined, step: -1, playing: false, spread: undefined, error: undefined, queued: undefined });
}

/**
 * Opens step `step` of a scenario: its YAML with the edits of the steps so far, its options with
 * the option changes so far (a changed option builds a new cluster), the runtime actions so far,
 * and its request (sent once the cluster is simulated).
 */
async function openScenario(id: string, step = 0, options: OpenOptions = {}): Promise<boolean> {
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
  // Whoever opens a scenario has found what the first-run introduction points to: it makes room
  // for the guided step (at 960×540 both together leave the graph no height).
  useSettings.getState().set({ introDismissed: true });
  // Not saved unless changed: then it becomes a work slot of its own, named after the scenario.
  useDocument
    .getState()
    .load(
      { yaml: state.yaml, actions: state.actions, scenarioId: id, step: index, options: state.options },
      { saveAs: `${scenario.title} (edited)` },
    );
  clearRequest();
  if (state.request) queueRequest(state.request, options.autoplay ?? true, useDocument.getState());
  useScenarios.setState({ error: undefined });
  return true;
}

/** The number of guided steps of the open scenario (0 when none is open or the catalog is not loaded). */
function stepCount(): number {
  const { scenarioId } = useDocument.getState();
  return useScenarios.getState().catalog?.find((s) => s.id === scenarioId)?.steps.length ?? 0;
}

/** Next (+1) or previous (-1) step of the open scenario. */
async function moveStep(delta: number, options: OpenOptions = {}): Promise<void> {
  const { scenarioId, step } = useDocument.getState();
  if (!scenarioId) return;
  const catalog = await ensureCatalog();
  const scenario = catalog.find((s) => s.id === scenarioId);
  if (!scenario) return;
  const next = (step ?? 0) + delta;
  if (next < 0 || next >= scenario.steps.length) return;
  await openScenario(scenarioId, next, options);
}

export const scenarios = {
  openScenario: defineAction<[string, number?, OpenOptions?]>({
    id: 'open-scenario',
    label: 'Open a built-in scenario',
    embed: true,
    run: (id, step, options) => openScenario(id, step, options),
  }),
  nextStep: defineAction({
    id: 'next-step',
    label: 'Next guided step',
    keys: ['PageDown'],
    embed: true,
    enabled: () => (useDocument.getState().step ?? 0) < stepCount() - 1,
    run: () => moveStep(1),
  }),
  previousStep: defineAction({
    id: 'previous-step',
    label: 'Previous guided step',
    keys: ['PageUp'],
    embed: true,
    enabled: () => stepCount() > 0 && (useDocument.getState().step ?? 0) > 0,
    run: () => moveStep(-1),
  }),
  goToStep: defineAction<[number, OpenOptions?]>({
    id: 'go-to-step',
    label: 'Go to a guided step',
    embed: true,
    enabled: () => useDocument.getState().scenarioId !== undefined,
    run: (step, options) => moveStep(step - (useDocument.getState().step ?? 0), options),
  }),
  closeGuide: defineAction({
    id: 'close-guide',
    label: 'Close the guide',
    embed: false,
    run: () => {
      useDocument.setState({ scenarioId: undefined, step: undefined });
    },
  }),
};
