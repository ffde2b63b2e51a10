/**
 * The engine worker's signs of life, so the app can tell a worker that is merely busy from one
 * that hangs (src/app/watchdog.ts). While the worker computes it cannot answer the app's pings,
 * so the computation itself beats: the engine reports each step it finishes (engine `onProgress`:
 * each object applied, each Service whose endpoints are published) and the worker posts a beat
 * at most every BEAT_EVERY_MS. A step that cannot beat while it runs but whose time grows with
 * its input (parsing one large YAML document, drawing the graph of 15,000 objects, copying the
 * snapshot to the page) announces it first: the beat carries the silence it may need.
 */

/** The app gives up on a worker that shows no sign of life for this long while it waits for an answer. */
export const SILENCE_LIMIT_MS = 1500;
/** The worker posts a beat at most this often while it computes. */
export const BEAT_EVERY_MS = 250;

/** Silence allowed while the worker loads and evaluates the engine's code (2 MB), before its first answer. */
export const SESSION_LOAD_MS = 15_000;

/**
 * Silence allowed per character of YAML one parser call reads. Parsing a 3 MiB ConfigMap (the
 * API server's request limit) took 2.2-3.1 s on a loaded 2-core machine (~1 ms per 1,000
 * characters); four times that, so a slower machine is not taken for a hung one.
 */
const MS_PER_CHAR = 0.004;
/**
 * Silence allowed per object for a pass over all of them that cannot beat: drawing the graph
 * (buildGraph: 1.2-2.2 s for 15,084 objects, 1,000 Services / 10,000 pods, on a loaded 2-core
 * machine) or copying the snapshot (0.4-0.7 s to serialize them). About four times the slower.
 */
const MS_PER_OBJECT = 0.5;

export function allowanceForText(chars: number): number {
  return chars * MS_PER_CHAR;
}

export function allowanceForObjects(objects: number): number {
  return objects * MS_PER_OBJECT;
}

/** What a beat says: "alive; the next `allowMs` may pass without a beat" (0: the usual limit). */
export interface HeartbeatMessage {
  svcscope: 'heartbeat';
  allowMs: number;
}

export function isHeartbeat(data: unknown): data is HeartbeatMessage {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as { svcscope?: unknown }).svcscope === 'heartbeat' &&
    typeof (data as { allowMs?: unknown }).allowMs === 'number'
  );
}

/** Called at each step; decides whether this one is worth a message. */
export class Heartbeat {
  private nextBeat = -Infinity;

  constructor(
    private readonly post: (message: HeartbeatMessage) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A step is done; the next one may run `allowMs` without a sign of life. Posts when a beat is
   * due, or at once when the announced silence is long enough to matter.
   */
  step(allowMs = 0): void {
    const now = this.now();
    const announce = allowMs >= SILENCE_LIMIT_MS / 2;
    if (!announce && now < this.nextBeat) return;
    this.post({ svcscope: 'heartbeat', allowMs: announce ? allowMs : 0 });
    this.nextBeat = now + BEAT_EVERY_MS;
  }
}
