/**
 * Runs the simulation in the worker whenever the input changes: the first edit goes at once,
 * edits made while the worker is busy collapse into one (the newest) that runs when it is done.
 * No fixed debounce, so a keystroke is simulated immediately and fast typing never queues stale
 * work. Started by the controller from store subscriptions (src/app/start.ts), not by a view.
 */
import { hasErrors } from '../engine/index';
import type { SimulationInput, SnapshotUpdate } from '../worker/protocol';
import type { EngineClient } from './engine-client';
import { WorkerCrashed } from './engine-client';
import { useSimulation } from './stores/simulation';
import { shareUnchanged } from '../graph/share-unchanged';
import { applySnapshotDelta } from '../worker/snapshot-diff';

export class SimulationRunner {
  private sequence = 0;
  private lastGood?: SimulationInput;
  private inFlight = false;
  private pending?: { input: SimulationInput; editedAt: number };
  /** Simulations waiting for the worker: a worker lost meanwhile is restarted by their own failure. */
  private simulating = 0;

  /** `onSettled` hears of each input whose simulation is on screen (a queued request may be waiting for it). */
  constructor(
    private readonly engine: () => EngineClient,
    private readonly onSettled: (input: SimulationInput, broken: boolean) => Promise<void> | void = () => undefined,
  ) {}

  schedule(input: SimulationInput, editedAt = performance.now()): void {
    if (this.inFlight) {
      this.pending = { input, editedAt: this.pending?.editedAt ?? editedAt };
      return;
    }
    this.inFlight = true;
    void this.simulate(input, editedAt).finally(() => {
      this.inFlight = false;
      const next = this.pending;
      this.pending = undefined;
      if (next) this.schedule(next.input, next.editedAt);
    });
  }

  /** Simulates the input in the worker; only the newest request's answer is used. */
  async simulate(input: SimulationInput, editedAt = performance.now()): Promise<void> {
    const mine = ++this.sequence;
    useSimulation.setState({ running: true });
    try {
      // The worker sends what changed since the snapshot on screen (by id), or the whole snapshot
      // when it cannot diff against it (the first one, after a crash, after a broken edit).
      const held = useSimulation.getState().snapshot;
      this.simulating += 1;
      const update: SnapshotUpdate = await this.engine()
        .call((api) => api.simulateDelta(input, held?.revision))
        .finally(() => (this.simulating -= 1));
      if (mine !== this.sequence) return;
      const snapshot = update.snapshot ?? (held && update.delta ? applySnapshotDelta(held, update.delta) : undefined);
      if (!snapshot) throw new Error('the worker sent changes to a snapshot this page does not hold');
      const broken = hasErrors(snapshot.diagnostics);
      // `held` is still what is on screen: only the newest request (this one) writes the store.
      const previous = held;
      if (!broken || !previous) this.lastGood = input;
      useSimulation.setState({
        // Unchanged elements keep their objects, so only what the edit changed is redrawn (a delta
        // keeps them by construction; a whole snapshot is matched against the one on screen).
        snapshot:
          broken && previous ? previous : update.delta ? snapshot : { ...snapshot, graph: shareUnchanged(previous?.graph, snapshot.graph) },
        diagnostics: snapshot.diagnostics,
        stale: broken && !!previous,
        running: false,
        lastLatencyMs: performance.now() - editedAt,
        settledInput: input,
      });
      await this.onSettled(input, broken);
    } catch (error) {
      if (mine !== this.sequence) return;
      const reason = error instanceof Error ? error.message : String(error);
      const crashed = error instanceof WorkerCrashed;
      const notice = crashed
        ? crashNotice(reason)
        : `The simulation failed: ${reason}. The last good graph stays on screen; your text is unchanged.`;
      useSimulation.setState({ running: false, stale: true, notice });
      if (crashed && this.lastGood && this.lastGood !== input) {
        const restart = this.lastGood;
        await this.simulate(restart);
        // The graph is the last good one, not the text's (which crashed the worker): say so.
        if (this.sequence === mine + 1) useSimulation.setState({ stale: true });
      }
    }
  }

  /**
   * The worker died or hung while answering something else (a request, an inspection): the new
   * worker holds no cluster yet. The document on screen is simulated again so that what follows
   * (a request, the inspector) runs against it; the picture does not change.
   */
  async workerLost(reason: string): Promise<void> {
    if (this.simulating > 0) return; // that simulation's failure restarts it
    const { settledInput, stale } = useSimulation.getState();
    useSimulation.setState({ notice: crashNotice(reason) });
    const input = settledInput ?? this.lastGood;
    if (!input) return;
    const mine = this.sequence + 1;
    await this.simulate(input);
    if (this.sequence === mine && stale) useSimulation.setState({ stale: true });
  }
}

/** What the user is told when the worker was lost: what happened, what is on screen, that the text is safe. */
function crashNotice(reason: string): string {
  return `${reason[0]?.toUpperCase() ?? ''}${reason.slice(1)}. It was restarted with your last good state; your text is unchanged.`;
}
