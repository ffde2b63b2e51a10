/**
 * Share links: the current state as a URL (document, options, actions, scenario step, request,
 * selection) and the reverse, a link opened on load or when the address's fragment changes. The
 * codec (zod, fflate) is loaded on demand: most visits have no fragment.
 */
import type { SharedScenario } from '../../share/index';
import { defineAction } from './registry';
import { queueRequest } from './request';
import { clearRequest, scenarios } from './scenario';
import type { OpenOptions } from './scenario';
import { useDocument } from '../stores/document';
import { useAnimation } from '../stores/animation';
import { useSimulation } from '../stores/simulation';
import { useSelection } from '../stores/selection';
import { useView } from '../stores/view';

type ShareModule = typeof import('../../share/index'); // eslint-disable-line @typescript-eslint/consistent-type-imports -- the module is loaded lazily; only its type is needed here

export function loadShare(): Promise<ShareModule> {
  return import('../../share/index');
}

/** Everything a link must restore. */
export function currentSharedState(): SharedScenario {
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
    ...(selected ? { view: { selected } } : {}),
  };
}

export interface OpenLinkOptions extends OpenOptions {
  /** Open this guided step instead of the link's own (an embed's `&step=N`). */
  step?: number;
}

/**
 * Opens the state in a fragment. A bad link leaves the document (the autosaved work) untouched
 * and tells the user why; a good one replaces it (one's own work stays in its work slot; the
 * link's document is saved as a slot of its own once changed). Another
 * guided step than the link's is that step as the scenario builds it; the link's own step keeps
 * its exact YAML.
 */
async function openLink(fragment: string, options: OpenLinkOptions = {}): Promise<SharedScenario | undefined> {
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
      ...(state.step !== undefined ? { step: state.step } : {}),
    },
    { saveAs: 'Shared link (edited)' },
  );
  clearRequest();
  if (state.request) queueRequest(state.request, options.autoplay ?? true, useDocument.getState());
  if (state.view?.selected) useSelection.getState().select(state.view.selected, 'other');
  if (state.scenarioId && options.step !== undefined && options.step !== state.step) {
    await scenarios.openScenario.run(state.scenarioId, options.step, {
      ...(options.autoplay !== undefined ? { autoplay: options.autoplay } : {}),
    });
  }
  return state;
}

export const links = {
  openLink: defineAction<[string, OpenLinkOptions?]>({
    id: 'open-link',
    label: 'Open a shared link',
    embed: true,
    run: (fragment, options) => openLink(fragment, options),
  }),
  share: defineAction({
    id: 'share',
    label: 'Share: a link or an embed snippet that restores exactly this state',
    embed: false,
    run: () => useView.setState({ sharing: true }),
  }),
  closeShare: defineAction({ id: 'close-share', label: 'Close', embed: false, run: () => useView.setState({ sharing: false }) }),
};
