/**
 * The app controller's start: it owns the stores' wiring, so views only read state and run
 * actions. In the full app it opens this tab's work and autosaves it (an embed never saves).
 * It schedules a simulation whenever the simulation input changes (store
 * subscriptions, not a component effect), runs the playback clock, listens to the keyboard, and
 * opens a link pasted into the address bar (the fragment changes without a reload) — in the full
 * app and in an embed alike.
 */
import { engine } from './engine-client';
import { SimulationRunner } from './simulation';
import { currentInput, sameInput } from './simulation-input';
import type { SimulationInput } from '../worker/protocol';
import { useDocument } from './stores/document';
import type { DocumentState } from './stores/document';
import { useSettings } from './stores/settings';
import { useView } from './stores/view';
import { useSimulation } from './stores/simulation';
import { useAnimation } from './stores/animation';
import { useTimeline } from './stores/timeline';
import { defaultRequest } from './request-presets';
import { sendQueuedFor } from './actions/request';
import { actions } from './actions/index';
import type { AppMode } from './actions/index';
import type { OpenLinkOptions } from './actions/link';
import { installKeys } from './keys';
import { startPlaybackClock } from './playback-clock';
import { browserChannel, startAutosave, tabSession, whenIdle, workspace } from './autosave';

export interface StartOptions {
  mode: AppMode;
  /** Play the request again and again (an embed with `autoplay=1`). */
  loop?: boolean;
  /**
   * How the link in the fragment is opened, on start and whenever the fragment changes (read each
   * time: an embed's `step` and `autoplay` parameters apply to every scenario its deck points it at).
   */
  linkOptions?: () => OpenLinkOptions;
}

export interface AppController {
  /** The runner that simulates the input in the worker (exposed for tests). */
  readonly runner: SimulationRunner;
  /** Settles once the link the app started with (if any) is open. */
  readonly ready: Promise<void>;
  stop(): void;
}

/**
 * Schedules a simulation whenever the input changes; changes made in one task count once, but a
 * keystroke (the text alone changed) is scheduled at once.
 */
export function watchInput(runner: Pick<SimulationRunner, 'schedule'>): () => void {
  let last: SimulationInput | undefined;
  let queued = false;
  const check = () => {
    queued = false;
    const input = currentInput();
    if (sameInput(last, input)) return;
    last = input;
    runner.schedule(input);
  };
  const later = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(check);
  };
  // A keystroke (the text alone changed) is the whole change: simulated at once, so the worker
  // starts while the editor is still finishing the keystroke (its view, its cursor).
  const onDocument = (s: DocumentState, prev: DocumentState) => {
    const textOnly =
      s.yaml !== prev.yaml && (Object.keys(s) as (keyof DocumentState)[]).every((k) => k === 'yaml' || k === 'edited' || s[k] === prev[k]);
    if (textOnly) check();
    else later();
  };
  const stops = [useDocument.subscribe(onDocument), useSettings.subscribe(later), useView.subscribe(later)];
  check();
  return () => stops.forEach((stop) => stop());
}

/** Opens the link in the address bar's fragment, now and whenever it changes. */
function watchFragment(mode: AppMode, options: () => OpenLinkOptions): { stop(): void; opened: Promise<void> } {
  const open = async () => {
    if (!location.hash || location.hash === '#') return;
    const fragment = location.hash;
    await actions.openLink.run(fragment, options());
    // The full app autosaves what the link opened: the fragment leaves the address bar, so a
    // reload shows the work, not the link again. An embed keeps its address as the deck wrote it.
    if (mode === 'full' && location.hash === fragment) history.replaceState(null, '', `${location.pathname}${location.search}`);
  };
  const onChange = () => void open();
  window.addEventListener('hashchange', onChange);
  return { stop: () => window.removeEventListener('hashchange', onChange), opened: open() };
}

/** The first simulation on screen: a sensible request in the empty fields. */
function offerDefaultRequest(): void {
  const objects = useSimulation.getState().snapshot?.objects;
  if (!objects || useAnimation.getState().toText) return;
  const first = defaultRequest(objects);
  if (first) void actions.setRequest.run(first);
}

export function startApp(options: StartOptions): AppController {
  const runner = new SimulationRunner(engine, async (input, broken) => {
    // A new cluster on screen: the Timeline follows its newest event again.
    if (!broken) useTimeline.setState({ at: undefined });
    offerDefaultRequest();
    await sendQueuedFor(input, broken);
  });
  const stops: (() => void)[] = [];
  // Before the first simulation is scheduled: it is of this tab's work.
  if (options.mode === 'full' && typeof window !== 'undefined')
    stops.push(
      startAutosave(workspace, {
        session: tabSession(),
        channel: browserChannel(),
        tab: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
        defer: whenIdle,
      }),
    );
  stops.push(
    watchInput(runner),
    startPlaybackClock({ loop: options.loop ?? false }),
    // A worker lost while it answered a request or an inspection is rebuilt from the document.
    engine().onCrash((reason) => void runner.workerLost(reason)),
  );
  let ready = Promise.resolve();
  if (typeof window !== 'undefined') {
    const fragment = watchFragment(options.mode, options.linkOptions ?? (() => ({})));
    stops.push(installKeys(options.mode), fragment.stop);
    ready = fragment.opened;
  }
  return { runner, ready, stop: () => stops.forEach((stop) => stop()) };
}
