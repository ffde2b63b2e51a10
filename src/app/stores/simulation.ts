/**
 * The simulation result on screen. The snapshot is the last *good* one: when the YAML has errors,
 * the graph of the last good YAML stays (dimmed) and the new diagnostics are listed.
 */
import { create } from 'zustand';
import { hasErrors } from '../../engine/index';
import type { Diagnostic } from '../../engine/index';
import type { SimulationInput, SimulationSnapshot } from '../../worker/protocol';
import { engine, WorkerCrashed } from '../engine-client';
import { sendQueued, useAnimation } from './animation';
import { shareUnchanged } from '../../graph/share-unchanged';

export interface SimulationState {
  snapshot?: SimulationSnapshot;
  /** Diagnostics of the current YAML (may differ from the snapshot's when it has errors). */
  diagnostics: Diagnostic[];
  /** The snapshot shown is older than the YAML (which has errors). */
  stale: boolean;
  running: boolean;
  /** Something the user must know (the worker crashed and was restarted...). */
  notice?: string;
  /** Time from the edit to the new snapshot, in ms. */
  lastLatencyMs?: number;
  /** The input of the newest finished simulation (its snapshot, or its diagnostics when broken). */
  settledInput?: SimulationInput;
  dismissNotice(): void;
}

export const useSimulation = create<SimulationState>()((set) => ({
  diagnostics: [],
  stale: false,
  running: false,
  dismissNotice: () => set({ notice: undefined }),
}));

let sequence = 0;
let lastGood: SimulationInput | undefined;
let inFlight = false;
let pending: { input: SimulationInput; editedAt: number } | undefined;

/**
 * Simulates as soon as the worker is free: the first edit goes at once, edits made while the
 * worker is busy collapse into one (the newest) that runs when it is done. No fixed debounce, so
 * a keystroke is simulated immediately and fast typing never queues stale work.
 */
export function scheduleSimulation(input: SimulationInput, editedAt = performance.now()): void {
  if (inFlight) {
    pending = { input, editedAt: pending?.editedAt ?? editedAt };
    return;
  }
  inFlight = true;
  void simulate(input, editedAt).finally(() => {
    inFlight = false;
    const next = pending;
    pending = undefined;
    if (next) scheduleSimulation(next.input, next.editedAt);
  });
}

/** Simulates the input in the worker; only the newest request's answer is used. */
export async function simulate(input: SimulationInput, editedAt = performance.now()): Promise<void> {
  const mine = ++sequence;
  useSimulation.setState({ running: true });
  try {
    const snapshot = await engine().call((api) => api.simulate(input));
    if (mine !== sequence) return;
    const broken = hasErrors(snapshot.diagnostics);
    const previous = useSimulation.getState().snapshot;
    if (!broken || !previous) lastGood = input;
    useSimulation.setState({
      // Unchanged elements keep their objects, so only what the edit changed is redrawn.
      snapshot: broken && previous ? previous : { ...snapshot, graph: shareUnchanged(previous?.graph, snapshot.graph) },
      diagnostics: snapshot.diagnostics,
      stale: broken && !!previous,
      running: false,
      lastLatencyMs: performance.now() - editedAt,
      settledInput: input,
    });
    const queued = useAnimation.getState().queued;
    if (queued && !broken && queued.yaml === input.yaml && JSON.stringify(queued.actions) === JSON.stringify(input.actions)) {
      await sendQueued(queued);
    }
  } catch (error) {
    if (mine !== sequence) return;
    const reason = error instanceof Error ? error.message : String(error);
    const crashed = error instanceof WorkerCrashed;
    const notice = crashed
      ? `${reason}. It was restarted with your last good state; your text is unchanged.`
      : `The simulation failed: ${reason}. The last good graph stays on screen; your text is unchanged.`;
    useSimulation.setState({ running: false, stale: true, notice });
    if (error instanceof WorkerCrashed && lastGood && lastGood !== input) {
      const restart = lastGood;
      await simulate(restart);
      // The graph is the last good one, not the text's (which crashed the worker): say so.
      if (sequence === mine + 1) useSimulation.setState({ stale: true });
    }
  }
}

/** Whether the screen shows the simulation of this input (no edit is still on its way to the worker). */
export function isSettled(settled: SimulationInput | undefined, current: SimulationInput): boolean {
  return (
    !!settled &&
    settled.yaml === current.yaml &&
    settled.showSystem === current.showSystem &&
    JSON.stringify(settled.options) === JSON.stringify(current.options) &&
    JSON.stringify(settled.actions) === JSON.stringify(current.actions)
  );
}
