/**
 * The UI's handle on the engine worker: typed calls over Comlink, a time limit on each, and a
 * restart when the worker dies (an uncaught error, out of memory, a runaway computation). After a
 * restart the caller re-runs the last good input; the user is told what happened.
 */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { EngineApi } from '../worker/protocol';

/** A call taking longer than this is treated as a hung worker. */
export const CALL_TIMEOUT_MS = 20_000;

export class WorkerCrashed extends Error {}

type Listener = (reason: string) => void;

export class EngineClient {
  private worker?: Worker;
  private remote?: Remote<EngineApi>;
  private pending = new Set<(reason: string) => void>();
  private crashListeners = new Set<Listener>();

  constructor(private readonly spawn: () => Worker) {}

  onCrash(listener: Listener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  private ensure(): Remote<EngineApi> {
    if (this.remote) return this.remote;
    const worker = this.spawn();
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.crash(`the simulation worker crashed (${event.message || 'unknown error'})`);
    });
    worker.addEventListener('messageerror', () => this.crash('the simulation worker sent an unreadable message'));
    this.worker = worker;
    this.remote = wrap<EngineApi>(worker);
    return this.remote;
  }

  private crash(reason: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.remote = undefined;
    for (const reject of this.pending) reject(reason);
    this.pending.clear();
    for (const l of this.crashListeners) l(reason);
  }

  /** Calls the worker; rejects with WorkerCrashed if it dies or hangs meanwhile. */
  async call<T>(fn: (api: Remote<EngineApi>) => Promise<T>): Promise<T> {
    const api = this.ensure();
    return new Promise<T>((resolve, reject) => {
      const fail = (reason: string) => reject(new WorkerCrashed(reason));
      this.pending.add(fail);
      const timer = setTimeout(
        () => this.crash(`the simulation took longer than ${CALL_TIMEOUT_MS / 1000} s and was stopped`),
        CALL_TIMEOUT_MS,
      );
      fn(api).then(
        (value) => {
          clearTimeout(timer);
          this.pending.delete(fail);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          this.pending.delete(fail);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
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
