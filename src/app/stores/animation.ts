/** The request being animated: its trace, the current step, playback, and load-spread counters. */
import { create } from 'zustand';
import type { ClusterOptions, SendRequest, SimulationAction } from '../../engine/index';
import type { SpreadResult, TraceResult } from '../../worker/protocol';
import type { Panel } from './settings';
import { EXTERNAL_CLIENT_IP } from '../../graph/build';

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
   * shared link): `yaml`, `options` and `actions` say which, so a simulation of the text (or the
   * cluster options, e.g. kube-proxy's mode) before it does not take it.
   */
  queued?: QueuedRequest;
  /**
   * The external clients the From list offers: the app's own and every other address a request
   * here came from (a scenario's client at 198.51.100.77), so the list shows the address the trace uses.
   */
  externalClients: readonly string[];
}

/** A request waiting for the simulation of its own document (see `AnimationState.queued`). */
export interface QueuedRequest {
  request: SendRequest;
  autoplay: boolean;
  yaml: string;
  options: ClusterOptions;
  actions: readonly SimulationAction[];
  /** The panel shown when it was queued: a user who picks another tab meanwhile keeps it. */
  panel: Panel;
}

export const useAnimation = create<AnimationState>()(() => ({
  request: { from: { external: EXTERNAL_CLIENT_IP }, to: '' },
  toText: '',
  step: -1,
  playing: false,
  externalClients: [EXTERNAL_CLIENT_IP],
}));

// A request from an address not in the list yet adds it (see `externalClients`).
useAnimation.subscribe((s) => {
  const from = s.request.from;
  if ('external' in from && !s.externalClients.includes(from.external))
    useAnimation.setState({ externalClients: [...s.externalClients, from.external] });
});

/** The index of the trace's last hop (-1 without a trace): where the packet arrives. */
export function lastHop(state: Pick<AnimationState, 'result'>): number {
  return state.result ? state.result.placed.places.length - 1 : -1;
}

/** The request's path up to the current hop and that hop's explanation, for pictures of the graph. */
export function trailNow(state: Pick<AnimationState, 'result' | 'step'>): { path: string[]; caption?: string } | undefined {
  const placed = state.result?.placed;
  if (!placed) return undefined;
  const reached = placed.places.slice(0, state.step + 1);
  const caption = reached.at(-1)?.hop.note;
  return { path: [placed.origin, ...reached.map((p) => p.at)], ...(caption ? { caption } : {}) };
}
