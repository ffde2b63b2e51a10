import { createCluster } from '../engine/index';
import type { ClusterObject, Diagnostic } from '../engine/index';

export interface Simulation {
  objects: ClusterObject[];
  diagnostics: Diagnostic[];
}

/**
 * Runs the engine on the text. The engine reports bad input as diagnostics; a thrown error
 * (a bug) is turned into one too, so the caller can keep showing the last good result.
 */
export function simulate(yaml: string): Simulation | { crashed: string } {
  try {
    const cluster = createCluster(yaml);
    return { objects: cluster.objects(), diagnostics: [...cluster.diagnostics] };
  } catch (error) {
    return { crashed: error instanceof Error ? error.message : String(error) };
  }
}
