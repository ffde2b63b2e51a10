/** Built-in scenarios and their guided steps. */
import { defineAction } from './registry';
import { queueRequest } from './request';
import { ensureCatalog, loadCatalog, useScenarios } from '../stores/scenarios';
import { useDocument } from '../stores/document';
import { useSettings } from '../stores/settings';
import { lastHop, trailNow, useAnimation } from '../stores/animation';
import { useSimulation } from '../stores/simulation';
import { useView } from '../stores/view';
import { dataUrlBytes, downloadBytes, pngDataUrl } from '../export-image';
import { stepFileName, stepsZipName, zipSteps } from '../export-steps';
import { imageLook } from './view';

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

/**
 * Resolves once `ready()` holds, checked whenever the animation or the simulation changes (the
 * worker answers the step's simulation, then its request's trace); rejects after `ms`.
 */
function whenReady(ready: () => boolean, ms = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const stops: (() => void)[] = [];
    const timer = setTimeout(() => finish(new Error('a step took too long to simulate')), ms);
    function finish(error?: Error): void {
      for (const stop of stops) stop();
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    }
    const check = () => {
      if (ready()) finish();
    };
    stops.push(useAnimation.subscribe(check), useSimulation.subscribe(check));
    check();
  });
}

/**
 * Every guided step of the open scenario as a PNG (2×) in one zip: each step is entered as the
 * user would (its YAML, options and request, simulated and traced in the worker) and drawn with
 * its request's whole path, as at the end of its animation. The document, the request on screen
 * and the tab shown are put back afterwards.
 */
async function exportSteps(): Promise<void> {
  const id = useDocument.getState().scenarioId;
  const catalog = await ensureCatalog();
  const scenario = catalog.find((s) => s.id === id);
  if (!id || !scenario || scenario.steps.length === 0) return;
  const { stateAtStep } = await loadCatalog();
  const { yaml, options, actions, history, future, step, cluster, slotId, saveAs, edited, previousSlot } = useDocument.getState();
  const { result, step: hop, request, toText, queued } = useAnimation.getState();
  const { panel } = useSettings.getState();
  const files: { name: string; png: Uint8Array }[] = [];
  useView.setState({ exportError: undefined });
  try {
    for (const [i, guided] of scenario.steps.entries()) {
      useView.setState({ exportProgress: `Exporting step ${i + 1} of ${scenario.steps.length}…` });
      if (!(await openScenario(id, i, { autoplay: false }))) throw new Error(`step ${i + 1} cannot be opened`);
      const traced = stateAtStep(scenario, i);
      const doc = useDocument.getState();
      const stepRequest = traced.ok ? traced.request : undefined;
      await whenReady(() => {
        const a = useAnimation.getState();
        const sim = useSimulation.getState();
        if (sim.running || sim.settledInput?.yaml !== doc.yaml) return false;
        // The step's own trace (not one the user started before the export, still on its way).
        if (stepRequest)
          return a.queued === undefined && (JSON.stringify(a.result?.request) === JSON.stringify(stepRequest) || a.error !== undefined);
        return true;
      });
      const shown = useAnimation.getState();
      if (shown.error) throw new Error(shown.error);
      const trail = trailNow({ result: shown.result, step: lastHop(shown) });
      const url = await pngDataUrl(useSimulation.getState().snapshot?.graph, imageLook(), trail, 2);
      files.push({ name: stepFileName(i, guided.title), png: dataUrlBytes(url) });
    }
    downloadBytes(zipSteps(files), 'application/zip', stepsZipName(id));
  } catch (e) {
    useView.setState({ exportError: `Export failed: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    // Back to the step (and the user's what-if changes on it) and the hop that were on screen.
    // The work slot too: the export's steps are not the user's work and are never saved as such.
    useDocument.setState({ yaml, options, actions, history, future, scenarioId: id, step, cluster, slotId, saveAs, edited, previousSlot });
    useAnimation.setState({ result, step: hop, request, toText, playing: false, queued, error: undefined });
    // The step's request had not come back yet when the export began: it is sent again.
    const own = step === undefined ? undefined : stateAtStep(scenario, step);
    if (!result && !queued && own?.ok && own.request) queueRequest(own.request, true, useDocument.getState());
    useSettings.getState().set({ panel });
    useView.setState({ exportProgress: undefined });
  }
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
  exportSteps: defineAction({
    id: 'export-steps',
    label: 'Export every step (zip of PNGs): one picture per guided step, for slides that cannot embed',
    embed: false,
    enabled: () => stepCount() > 0 && useView.getState().exportProgress === undefined,
    run: () => exportSteps(),
  }),
};
