/**
 * The engine client with its watchdog, on a fake clock, against a scripted worker that speaks
 * Comlink's wire format: the test decides whether it answers pings, beats or stays silent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CALL_TIMEOUT_MS, EngineClient, WorkerCrashed } from './engine-client';
import { TICK_MS } from './watchdog';
import { SILENCE_LIMIT_MS } from '../worker/heartbeat';
import type { HeartbeatMessage } from '../worker/heartbeat';

interface Request {
  id: string;
  path: string[];
}

/** A worker the test drives: it records Comlink requests, and answers only when told to. */
class ScriptedWorker extends EventTarget {
  readonly requests: Request[] = [];
  terminated = false;
  answerPings = false;
  postMessage(message: Request): void {
    if (this.terminated) return;
    this.requests.push(message);
    if (this.answerPings && message.path[0] === 'ping') queueMicrotask(() => this.reply(message.id, undefined));
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(id: string, value: unknown): void {
    this.dispatchEvent(new MessageEvent('message', { data: { id, type: 'RAW', value } }));
  }
  /** Answers the oldest call that is not a ping. */
  answer(value: unknown): void {
    const call = this.requests.find((r) => r.path[0] !== 'ping');
    if (call) this.reply(call.id, value);
  }
  beat(allowMs = 0): void {
    const data: HeartbeatMessage = { svcscope: 'heartbeat', allowMs };
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

let workers: ScriptedWorker[];
let crashes: string[];

function client(): EngineClient {
  const c = new EngineClient(() => {
    const w = new ScriptedWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  c.onCrash((reason) => crashes.push(reason));
  return c;
}

/** A call's outcome, looked at without waiting for it. */
function track<T>(promise: Promise<T>): { value?: T; error?: unknown } {
  const outcome: { value?: T; error?: unknown } = {};
  promise.then(
    (value) => (outcome.value = value),
    (error: unknown) => (outcome.error = error),
  );
  return outcome;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date', 'performance'] });
  workers = [];
  crashes = [];
});
afterEach(() => vi.useRealTimers());

describe('the engine client stops a hung worker', () => {
  it('a worker that answered once, then neither answers nor beats, is stopped within 2 s; the next call gets a new worker', async () => {
    const engine = client();
    const first = track(engine.call((api) => api.ping()));
    workers[0]?.reply(workers[0].requests[0]?.id ?? '', undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.error).toBeUndefined();

    const call = track(engine.call((api) => api.iptables('node-1')));
    await vi.advanceTimersByTimeAsync(SILENCE_LIMIT_MS - TICK_MS);
    expect(call.error).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2000 - (SILENCE_LIMIT_MS - TICK_MS));
    expect(call.error).toBeInstanceOf(WorkerCrashed);
    expect((call.error as Error).message).toBe('the simulation stopped responding (no sign of life for 1.5 s) and was stopped');
    expect(crashes).toEqual([(call.error as Error).message]);
    expect(workers[0]?.terminated).toBe(true);

    const again = track(engine.call((api) => api.iptables('node-1')));
    expect(workers).toHaveLength(2);
    workers[1]?.answer('*nat');
    await vi.advanceTimersByTimeAsync(0);
    expect(again.value).toBe('*nat');
  });

  it('keeps a worker that beats while it computes, for as long as it beats', async () => {
    const engine = client();
    const call = track(engine.call((api) => api.iptables('node-1')));
    for (let t = 0; t < 20_000; t += 250) {
      workers[0]?.beat();
      await vi.advanceTimersByTimeAsync(250);
    }
    workers[0]?.answer('*nat');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.value).toBe('*nat');
    expect(crashes).toEqual([]);
  });

  it('keeps a free worker that answers its pings while the answer waits on something else (the layout worker)', async () => {
    const engine = client();
    const call = track(engine.call((api) => api.iptables('node-1')));
    const worker = workers[0];
    if (!worker) throw new Error('no worker');
    worker.answerPings = true;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(worker.requests.filter((r) => r.path[0] === 'ping').length).toBeGreaterThan(10);
    worker.answer('*nat');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.value).toBe('*nat');
    expect(crashes).toEqual([]);
  });

  it('asks with one ping at a time: a busy worker is not flooded with pings it will answer later', async () => {
    const engine = client();
    void engine.call((api) => api.iptables('node-1')).catch(() => undefined);
    for (let t = 0; t < 5000; t += 250) {
      workers[0]?.beat();
      await vi.advanceTimersByTimeAsync(250);
    }
    expect(workers[0]?.requests.filter((r) => r.path[0] === 'ping')).toHaveLength(1);
  });

  it('a computation that beats forever is stopped at the call limit', async () => {
    const engine = client();
    const call = track(engine.call((api) => api.iptables('node-1')));
    for (let t = 0; t <= CALL_TIMEOUT_MS && !call.error; t += 250) {
      workers[0]?.beat();
      await vi.advanceTimersByTimeAsync(250);
    }
    expect((call.error as Error).message).toBe(`the simulation took longer than ${CALL_TIMEOUT_MS / 1000} s and was stopped`);
  });

  it('does not watch a worker no call waits for', async () => {
    const engine = client();
    const call = track(engine.call((api) => api.iptables('node-1')));
    workers[0]?.answer('*nat');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.value).toBe('*nat');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(crashes).toEqual([]);
    expect(workers[0]?.requests.filter((r) => r.path[0] === 'ping')).toHaveLength(0);
  });
});
