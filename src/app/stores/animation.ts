/** The request being animated: its trace, the current step, playback, and load-spread counters. */
import { create } from 'zustand';
import type { SendRequest, SimulationAction } from '../../engine/index';
import type { SpreadResult, TraceResult } from '../../worker/protocol';
import { engine } from '../engine-client';
import { useSettings } from './settings';
import type { Panel } from './settings';

export interface AnimationState {
  /** The request in the "Send request" fields. */
  request: SendRequest;
  /** The target as typed (kept apart from `request.to` so typing `ping ` is not normalised away). */
  toText: string;
  result?: TraceResult;
  /** -1: at the origin; i: the packet has reached place i. */
  step: number;
  playing: boolean;
  spread?: SpreadResult;
  error?: string;
  /**
   * A request to send as soon as the document it belongs to is simulated (a scenario step, a
   * shared link): `yaml` and `actions` say which, so a simulation of the text before it does not
   * take it.
   */
  queued?: QueuedRequest;
  setRequest(request: SendRequest): void;
  setToText(text: string): void;
  setStep(step: number): void;
  setPlaying(playing: boolean): void;
  clear(): void;
}

/** A request waiting for the simulation of its own document (see `AnimationState.queued`). */
export interface QueuedRequest {
  request: SendRequest;
  autoplay: boolean;
  yaml: string;
  actions: readonly SimulationAction[];
  /** The panel shown when it was queued: a user who picks another tab meanwhile keeps it. */
  panel: Panel;
}

export const useAnimation = create<AnimationState>()((set) => ({
  request: { from: { external: '192.0.2.10' }, to: '' },
  toText: '',
  step: -1,
  playing: false,
  setRequest: (request) => set({ request, toText: typeof request.to === 'string' ? request.to : `ping ${request.to.ping}` }),
  setToText: (toText) => set({ toText }),
  setStep: (step) => set({ step }),
  setPlaying: (playing) => set({ playing }),
  clear: () => set({ result: undefined, step: -1, playing: false, spread: undefined, error: undefined }),
}));

/** Puts the request in the fields and sends it once `yaml` with `actions` is simulated. */
export function queueRequest(request: SendRequest, autoplay: boolean, yaml: string, actions: readonly SimulationAction[]): void {
  useAnimation.getState().setRequest(request);
  useAnimation.setState({ queued: { request, autoplay, yaml, actions, panel: useSettings.getState().panel } });
}

/** Sends a queued request; the Trace tab opens unless the user chose another tab while it waited. */
export function sendQueued(queued: QueuedRequest): Promise<void> {
  useAnimation.setState({ queued: undefined });
  return sendRequest(queued.request, queued.autoplay, useSettings.getState().panel === queued.panel);
}

/** Traces the request in the worker and starts the animation from the origin. */
export async function sendRequest(request: SendRequest, play = true, showTrace = true): Promise<void> {
  useAnimation.getState().setRequest(request);
  useAnimation.setState({ error: undefined, spread: undefined });
  try {
    const result = await engine().call((api) => api.send(request));
    useAnimation.setState({ result, step: -1, playing: play });
    if (showTrace) useSettings.getState().set({ panel: 'trace' });
  } catch (error) {
    useAnimation.setState({ error: error instanceof Error ? error.message : String(error), playing: false });
  }
}

/** Sends many requests (new connections) and counts where they land. */
export async function sendMany(request: SendRequest, count: number): Promise<void> {
  useAnimation.getState().setRequest(request);
  useAnimation.setState({ error: undefined });
  try {
    const spread = await engine().call((api) => api.sendMany(request, count));
    useAnimation.setState({ spread });
    useSettings.getState().set({ panel: 'trace' });
  } catch (error) {
    useAnimation.setState({ error: error instanceof Error ? error.message : String(error) });
  }
}
