import { describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import { EngineClient, WorkerCrashed, engine, setEngineClient } from './engine-client';
import { EngineSession } from '../worker/session';
import { elkInProcess } from '../graph/elk-in-process';
import { useSimulation } from './stores/simulation';
import { useAnimation } from './stores/animation';
import { SimulationRunner } from './simulation';
import { queueRequest, sendQueuedFor } from './actions/request';
import { useSettings } from './stores/settings';
import type { SimulationInput } from '../worker/protocol';

/**
 * A worker in the same thread: a MessageChannel with the engine session exposed on one port, the
 * client on the other — the real Comlink protocol, without a browser. `crash()` fires the
 * `error` event a dying worker fires.
 */
class InThreadWorker extends EventTarget {
  private readonly channel = new MessageChannel();
  terminated = false;
  constructor(session: object) {
    super();
    expose(session, this.channel.port2);
    this.channel.port1.addEventListener('message', (event) =>
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data })),
    );
    this.channel.port1.start();
  }
  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.channel.port1.postMessage(message, transfer);
  }
  terminate(): void {
    this.terminated = true;
    this.channel.port1.close();
  }
  crash(message: string): void {
    const event = new Event('error') as Event & { message: string };
    event.message = message;
    this.dispatchEvent(event);
  }
}

const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n';
const input = (yaml: string): SimulationInput => ({ yaml, options: {}, actions: [], showSystem: false });

/** The controller's runner, with a queued request sent once its document is on screen. */
const runner = () => new SimulationRunner(engine, sendQueuedFor);

/** A session whose simulations never answer: the worker "hangs" until it crashes. */
class HangingSession extends EngineSession {
  override simulate(): Promise<never> {
    return new Promise(() => undefined);
  }
  override simulateDelta(): Promise<never> {
    return new Promise(() => undefined);
  }
}

/** A session whose simulations fail with an error (the app asks for them as deltas), the worker itself staying alive. */
class FailingSession extends EngineSession {
  override simulate(): Promise<never> {
    return Promise.reject(new Error('layout failed'));
  }
  override simulateDelta(): Promise<never> {
    return Promise.reject(new Error('layout failed'));
  }
}

describe('the engine worker client', () => {
  it('rejects calls in flight when the worker dies, tells its listeners, and starts a new worker on the next call', async () => {
    const workers: InThreadWorker[] = [];
    const client = new EngineClient(() => {
      const w = new InThreadWorker(workers.length === 0 ? new HangingSession(elkInProcess()) : new EngineSession(elkInProcess()));
      workers.push(w);
      return w as unknown as Worker;
    });
    const crashes: string[] = [];
    client.onCrash((reason) => crashes.push(reason));
    const inFlight = client.call((api) => api.simulate(input(SERVICE)));
    await new Promise((r) => setTimeout(r, 10));
    workers[0]?.crash('out of memory');
    await expect(inFlight).rejects.toBeInstanceOf(WorkerCrashed);
    expect(crashes).toEqual(['the simulation worker crashed (out of memory)']);
    expect(workers[0]?.terminated).toBe(true);
    const snapshot = await client.call((api) => api.simulate(input(SERVICE)));
    expect(workers).toHaveLength(2);
    expect(snapshot.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'web')).toBe(true);
  });

  it('the simulation store tells the user and re-runs the last good input on a fresh worker', async () => {
    const workers: InThreadWorker[] = [];
    let hangNext = false;
    setEngineClient(
      new EngineClient(() => {
        const w = new InThreadWorker(hangNext ? new HangingSession(elkInProcess()) : new EngineSession(elkInProcess()));
        hangNext = false;
        workers.push(w);
        return w as unknown as Worker;
      }),
    );
    const r = runner();
    await r.simulate(input(SERVICE));
    expect(useSimulation.getState().snapshot?.objects.some((o) => o.metadata.name === 'web')).toBe(true);
    // The next edit kills the worker (a runaway computation, say).
    workers[0]?.crash('boom');
    hangNext = true;
    const edit = r.simulate(input(`${SERVICE}---\napiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec:\n  ports: [{port: 81}]\n`));
    await new Promise((r) => setTimeout(r, 10));
    workers[1]?.crash('boom again');
    await edit;
    const state = useSimulation.getState();
    expect(state.notice).toMatch(/crashed \(boom again\)\. It was restarted with your last good state; your text is unchanged\./);
    // The last good input (with only `web`) was simulated again on the third worker.
    expect(workers).toHaveLength(3);
    expect(state.snapshot?.objects.some((o) => o.metadata.name === 'web')).toBe(true);
    expect(state.stale).toBe(true);
  });
});

/** A session whose requests never come back: the worker hangs in `send`. */
class HangingSendSession extends EngineSession {
  override send(): Promise<never> {
    return new Promise(() => undefined);
  }
}

describe('starting the worker where the browser refuses it', () => {
  it('says why (a frame sandboxed without allow-same-origin), and starts it where it may', () => {
    const refused = new EngineClient(() => {
      throw new DOMException("Failed to construct 'Worker': Script at 'x' cannot be accessed from origin 'null'.", 'SecurityError');
    });
    expect(refused.start()).toEqual({
      ok: false,
      error: "Failed to construct 'Worker': Script at 'x' cannot be accessed from origin 'null'.",
    });
    let spawned = 0;
    const allowed = new EngineClient(() => {
      spawned += 1;
      return new InThreadWorker(new EngineSession(elkInProcess())) as unknown as Worker;
    });
    expect(allowed.start()).toEqual({ ok: true });
    expect(allowed.start()).toEqual({ ok: true });
    expect(spawned).toBe(1);
    allowed.kill();
  });
});

describe('a worker lost while it answers something else than a simulation', () => {
  it('is rebuilt from the document on screen, so the next request runs against it; the user is told', async () => {
    const workers: InThreadWorker[] = [];
    const client = new EngineClient(() => {
      const w = new InThreadWorker(workers.length === 0 ? new HangingSendSession(elkInProcess()) : new EngineSession(elkInProcess()));
      workers.push(w);
      return w as unknown as Worker;
    });
    setEngineClient(client);
    useSimulation.setState({ notice: undefined, snapshot: undefined, settledInput: undefined });
    const r = runner();
    client.onCrash((reason) => void r.workerLost(reason)); // as startApp wires it
    const scenario = input(
      `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n`,
    );
    await r.simulate(scenario);
    const shown = useSimulation.getState().snapshot;

    const request = { from: { pod: 'client' }, to: 'http://web/' };
    const lost = client.call((api) => api.send(request));
    await new Promise((resolve) => setTimeout(resolve, 10));
    workers[0]?.crash('out of memory');
    await expect(lost).rejects.toBeInstanceOf(WorkerCrashed);
    expect(workers).toHaveLength(2);
    // The new worker simulated the document on screen: a snapshot of its own.
    await expect.poll(() => useSimulation.getState().snapshot !== shown && !useSimulation.getState().running).toBe(true);
    const state = useSimulation.getState();
    expect(state.notice).toBe(
      'The simulation worker crashed (out of memory). It was restarted with your last good state; your text is unchanged.',
    );
    expect(state.stale).toBe(false);
    expect(state.snapshot?.objects.map((o) => o.metadata.name)).toEqual(shown?.objects.map((o) => o.metadata.name));

    const { trace } = await client.call((api) => api.send(request));
    expect(trace.reason ?? '').not.toMatch(/not found/);
    expect(trace.hops[0]?.component).toBe('dns');
  });
});

describe('a simulation that fails without a crash', () => {
  it('keeps the last good graph and says the simulation failed, not that a worker was restarted', async () => {
    let failing = false;
    const workers: InThreadWorker[] = [];
    setEngineClient(
      new EngineClient(() => {
        const w = new InThreadWorker(failing ? new FailingSession(elkInProcess()) : new EngineSession(elkInProcess()));
        workers.push(w);
        return w as unknown as Worker;
      }),
    );
    useSimulation.setState({ notice: undefined });
    const r = runner();
    await r.simulate(input(SERVICE));
    // The next worker fails every simulation: crash the first one to get it.
    failing = true;
    workers[0]?.crash('boom');
    await r.simulate(input(SERVICE.replace('port: 80', 'port: 81')));
    const state = useSimulation.getState();
    expect(state.notice).toBe('The simulation failed: layout failed. The last good graph stays on screen; your text is unchanged.');
    expect(state.stale).toBe(true);
    expect(state.snapshot?.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web')).toMatchObject({
      spec: { ports: [{ port: 80 }] },
    });
  });
});

describe('scheduling simulations while typing', () => {
  it('runs the first edit at once and collapses edits made meanwhile into the newest', async () => {
    const seen: string[] = [];
    class CountingSession extends EngineSession {
      override simulateDelta(i: SimulationInput, held: number | undefined) {
        seen.push(i.yaml);
        return super.simulateDelta(i, held);
      }
    }
    setEngineClient(new EngineClient(() => new InThreadWorker(new CountingSession(elkInProcess())) as unknown as Worker));
    const texts = [1, 2, 3, 4].map((n) => SERVICE.replace('port: 80', `port: ${80 + n}`));
    const r = runner();
    for (const t of texts) r.schedule(input(t));
    await expect
      .poll(() => useSimulation.getState().snapshot?.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'web'))
      .toMatchObject({ spec: { ports: [{ port: 84 }] } });
    expect(seen).toEqual([texts[0], texts[3]]);
  });
});

describe('a request waiting for its scenario', () => {
  // A scenario step loads its YAML and queues its request; a simulation of the text from before
  // (still running in the worker) must not take the request, or it runs against the old cluster.
  it('is sent only once the YAML it belongs to is simulated', async () => {
    setEngineClient(new EngineClient(() => new InThreadWorker(new EngineSession(elkInProcess())) as unknown as Worker));
    const before = input(SERVICE);
    const scenario = input(
      `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n`,
    );
    const r = runner();
    r.schedule(before);
    useAnimation.setState({ result: undefined });
    queueRequest({ from: { pod: 'client' }, to: 'http://web/' }, false, scenario);
    r.schedule(scenario);
    await expect.poll(() => useAnimation.getState().result).toBeDefined();
    const trace = useAnimation.getState().result?.trace;
    expect(trace?.reason ?? '').not.toMatch(/pod "client" not found/);
    expect(trace?.hops[0]?.component).toBe('dns');
  });

  it('is sent at once when its document is already on screen (a step that changes only the request)', async () => {
    setEngineClient(new EngineClient(() => new InThreadWorker(new EngineSession(elkInProcess())) as unknown as Worker));
    const scenario = input(
      `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n`,
    );
    await runner().simulate(scenario);
    useAnimation.setState({ result: undefined });
    queueRequest({ from: { pod: 'client' }, to: 'http://web.default.svc.cluster.local/' }, false, scenario);
    await expect.poll(() => useAnimation.getState().result?.request.to).toBe('http://web.default.svc.cluster.local/');
    expect(useAnimation.getState().queued).toBeUndefined();
  });

  // A guided step that changes only a cluster option (kube-proxy's mode) keeps the YAML and the
  // actions: its request must wait for the cluster built with the new options.
  it('waits for its own cluster options when only they changed', async () => {
    setEngineClient(new EngineClient(() => new InThreadWorker(new EngineSession(elkInProcess())) as unknown as Worker));
    const iptables = input(
      `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n`,
    );
    const nftables: SimulationInput = { ...iptables, options: { proxyMode: 'nftables' } };
    const r = runner();
    await r.simulate(iptables);
    useAnimation.setState({ result: undefined });
    queueRequest({ from: { pod: 'client' }, to: 'http://web/' }, false, nftables);
    expect(useAnimation.getState().queued).toBeDefined();
    r.schedule(nftables);
    await expect.poll(() => useAnimation.getState().result).toBeDefined();
    const rules = useAnimation.getState().result?.trace.hops.flatMap((h) => (h.component === 'kube-proxy' && h.rule ? [h.rule] : []));
    expect(rules?.length).toBeGreaterThan(0);
    // nftables rules are written `<chain>: <rule>`; iptables-save lines start with -A.
    expect(rules?.filter((rule) => rule.startsWith('-A '))).toEqual([]);
  });

  it('opens the Trace tab when it arrives, unless the user picked another tab while it waited', async () => {
    setEngineClient(new EngineClient(() => new InThreadWorker(new EngineSession(elkInProcess())) as unknown as Worker));
    const r = runner();
    for (const [picked, shown] of [
      [undefined, 'trace'],
      ['timeline', 'timeline'],
    ] as const) {
      // A document not yet on screen, so the request waits for it.
      const scenario = input(
        `${SERVICE}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: busybox}]}\n# ${shown}\n`,
      );
      useSettings.getState().set({ panel: 'inspector' });
      useAnimation.setState({ result: undefined });
      queueRequest({ from: { pod: 'client' }, to: 'http://web/' }, false, scenario);
      if (picked) useSettings.getState().set({ panel: picked });
      r.schedule({ ...scenario });
      await expect.poll(() => useAnimation.getState().result).toBeDefined();
      expect(useSettings.getState().panel).toBe(shown);
    }
  });
});
