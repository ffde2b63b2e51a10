/**
 * The simulation result on screen. The snapshot is the last *good* one: when the YAML has errors,
 * the graph of the last good YAML stays (dimmed) and the new diagnostics are listed. Written by
 * the simulation runner (src/app/simulation.ts) only.
 */
import { create } from 'zustand';
import type { Diagnostic } from '../../engine/index';
import type { SimulationInput, SimulationSnapshot } from '../../worker/protocol';

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
}

export const useSimulation = create<SimulationState>()(() => ({ diagnostics: [], stale: false, running: false }));
