/**
 * Share links: the current state as a URL (document, options, actions, scenario step, request,
 * view) and the reverse when the app opens with a fragment. The codec (zod, fflate) is loaded on
 * demand: most visits have no fragment.
 */
import type { SharedScenario } from '../share/index';
import { useDocument } from './stores/document';
import { queueRequest, useAnimation } from './stores/animation';
import { useSimulation } from './stores/simulation';
import { useSelection } from './stores/selection';

type ShareModule = typeof import('../share/index'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- the module is loaded lazily; only its type is needed here

export function loadShare(): Promise<ShareModule> {
  return import('../share/index');
}

/** Everything a link must restore. */
export function currentSharedState(layout: 'graph' | 'graph+editor' = 'graph+editor'): SharedScenario {
  const doc = useDocument.getState();
  const { request, toText } = useAnimation.getState();
  const selected = useSelection.getState().selected;
  return {
    yaml: doc.yaml,
    ...(Object.keys(doc.options).length ? { options: doc.options } : {}),
    ...(doc.actions.length ? { actions: doc.actions } : {}),
    ...(doc.scenarioId ? { scenarioId: doc.scenarioId } : {}),
    ...(doc.step !== undefined ? { step: doc.step } : {}),
    ...(toText.trim() ? { request } : {}),
    view: { layout, ...(selected ? { selected } : {}) },
  };
}

/**
 * Opens the state in a fragment. A bad link leaves the document (the autosaved work) untouched
 * and tells the user why; a good one replaces it, keeping the old work to bring back.
 */
export async function openFragment(
  fragment: string,
  options: { autoplay?: boolean; step?: number; keepPrevious?: boolean } = {},
): Promise<SharedScenario | undefined> {
  const { decodeScenario } = await loadShare();
  const result = decodeScenario(fragment);
  if (!result.ok) {
    useSimulation.setState({ notice: `This link could not be opened: ${result.error} Your own work is unchanged.` });
    return undefined;
  }
  const state = result.state;
  useDocument.getState().load(
    {
      yaml: state.yaml,
      ...(state.options ? { options: state.options } : {}),
      ...(state.actions ? { actions: state.actions } : {}),
      ...(state.scenarioId ? { scenarioId: state.scenarioId } : {}),
      ...((options.step ?? state.step) !== undefined ? { step: options.step ?? state.step } : {}),
    },
    options.keepPrevious ?? true,
  );
  useAnimation.getState().clear();
  if (state.request) {
    queueRequest(state.request, options.autoplay ?? true, useDocument.getState().yaml, useDocument.getState().actions);
  }
  if (state.view?.selected) useSelection.getState().select(state.view.selected, 'other');
  return state;
}
