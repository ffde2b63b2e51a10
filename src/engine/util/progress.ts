/**
 * Signs of life from long computations, for a host that watches for a hung engine (the app's
 * engine worker cannot answer its heartbeat while it computes). The engine reports progress at
 * coarse steps: each object applied, each Service whose endpoints a controller publishes. One step
 * that runs on and on (a Deployment of a million replicas) reports nothing, so the host can tell
 * it from a large document that is merely long to simulate.
 *
 * A step whose time grows with the length of a text it reads in one go (the YAML parser reading one
 * document) says how long that text is, so the host can allow it time in proportion.
 *
 * The listener is called often (thousands of times for a large document): it must be cheap, e.g.
 * look at the clock and post a message only every few hundred milliseconds.
 */
type ProgressListener = (nextStepChars: number) => void;

let listener: ProgressListener | undefined;

/** Sets (or, with `undefined`, removes) the one listener told of each step. */
export function onProgress(next: ProgressListener | undefined): void {
  listener = next;
}

/** One step of a long computation is done; the next reads `nextStepChars` characters of text in one go. */
export function progress(nextStepChars = 0): void {
  listener?.(nextStepChars);
}
