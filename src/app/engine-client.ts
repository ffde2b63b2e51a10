/**
 * The UI's handle on the engine worker: typed calls over Comlink, a watchdog on the worker while
 * a call waits for it, and a restart when the worker dies (an uncaught error, out of memory) or
 * hangs (no sign of life for SILENCE_LIMIT_MS: src/app/watchdog.ts). After a restart the caller
 * rebuilds the worker's session from the document; the user is told what happened.
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { EngineApi } from '../worker/protocol';
import { SILENCE_LIMIT_MS, isHeartbeat } from '../worker/heartbeat';
import { Watchdog } from './watchdog';
import type { WatchdogOptions } from './watchdog';

/**
 * A call that keeps the worker busy this long is stopped even though the worker still beats: a
 * runaway computation that reports progress. Far above the largest simulation svcscope makes
 * (1,000 Services / 10,000 pods: about 4 s; `npm run bench`).
 */
export const CALL_TIMEOUT_MS = 60_000;

export class WorkerCrashed extends Error {}

type Listener = (reason: string) => void;

/** The watchdog's timing, replaceable in tests. */
export type WatchdogTiming = Omit<WatchdogOptions, 'ping' | 'onHung'>;

export class EngineClient {
  private worker?: Worker;
  private remote?: Remote<EngineApi>;
  private watchdog?: Watchdog;
  private pinging = false;
  private pending = new Set<(reason: string) => void>();
  private crashListeners = new Set<Listener>();

  constructor(
    private readonly spawn: () => Worker,
    private readonly timing: WatchdogTiming = {},
  ) {}

  onCrash(listener: Listener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  private ensure(): Remote<EngineApi> {
    if (this.remote) return this.remote;
    const worker = this.spawn();
    const remote = wrap<EngineApi>(worker);
    const limit = (this.timing.limitMs ?? SILENCE_LIMIT_MS) / 1000;
    const watchdog = new Watchdog({
      ...this.timing,
      ping: () => {
        if (this.pinging) return;
        this.pinging = true;
        void remote.ping().then(() => {
          if (this.remote === remote) this.pinging = false;
        });
      },
      onHung: () => this.crash(`the simulation stopped responding (no sign of life for ${limit} s) and was stopped`),
    });
    worker.addEventListener('message', (event) => {
      if (this.worker !== worker) return;
      const data: unknown = event.data;
      watchdog.alive(isHeartbeat(data) ? data.allowMs : undefined);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.worker === worker) this.crash(`the simulation worker crashed (${event.message || 'unknown error'})`);
    });
    worker.addEventListener('messageerror', () => {
      if (this.worker === worker) this.crash('the simulation worker sent an unreadable message');
    });
    this.worker = worker;
    this.remote = remote;
    this.watchdog = watchdog;
    this.pinging = false;
    return remote;
  }

  private crash(reason: string): void {
    this.watchdog?.stop();
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    this.watchdog = undefined;
    for (const reject of this.pending) reject(reason);
    this.pending.clear();
    for (const l of this.crashListeners) l(reason);
  }

  /** Calls the worker; rejects with WorkerCrashed if it dies or hangs meanwhile. */
  async call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    const api = this.ensure();
    const watchdog = this.watchdog;
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        this.pending.delete(fail);
        if (this.pending.size === 0) watchdog?.stop();
      };
      const fail = (reason: string) => {
        clearTimeout(timer);
        reject(new WorkerCrashed(reason));
      };
      this.pending.add(fail);
      watchdog?.start();
      const timer = setTimeout(
        () => this.crash(`the simulation took longer than ${CALL_TIMEOUT_MS / 1000} s and was stopped`),
        CALL_TIMEOUT_MS,
      );
      fn(api).then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  /**
   * Starts the worker now, or says why it cannot be: a frame sandboxed without
   * `allow-same-origin` has no origin of its own, and the browser refuses it a worker of this
   * site ("Failed to construct 'Worker': … cannot be accessed from origin 'null'").
   */
  start(): { ok: true } | { ok: false; error: string } {
    try {
      this.ensure();
      return { ok: true };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** For tests and the "crash the worker" debugging hook. */
  kill(reason = 'the simulation worker was stopped'): void {
    if (this.worker) this.crash(reason);
  }
}

let client: EngineClient | undefined;

/** The app's single engine worker. */
export function engine(): EngineClient {
  client ??= new EngineClient(
    () => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'svcscope-engine' }),
  );
  return client;
}

/** Tests run the stores against a client of their own (a worker in the same thread). */
export function setEngineClient(replacement: EngineClient): void {
  client = replacement;
}
