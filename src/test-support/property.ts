/**
 * Property tests (fast-check) run in a lane of their own (`*.property.test.ts`, vitest project
 * "property", no per-test time limit a loaded machine could hit). How many runs each makes is set
 * by PROPERTY_RUNS: unset or `full` (CI, `npm test`) runs each property its full count; `quick`
 * (`npm run test:quick`) a tenth of it (at least 20), for a fast local loop.
 */
const mode = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.PROPERTY_RUNS ?? 'full';

/** The number of runs for a property whose full count is `full`. */
export function runs(full: number): number {
  return mode === 'quick' ? Math.max(20, Math.round(full / 10)) : full;
}

/** Generous: a property's time depends on the machine's load, never its verdict. */
export const PROPERTY_TIMEOUT_MS = 15 * 60_000;
