/** The worker's heartbeat: few messages while it computes, and at once for a long step announced. */
import { describe, expect, it } from 'vitest';
import { BEAT_EVERY_MS, Heartbeat, SILENCE_LIMIT_MS, allowanceForObjects, allowanceForText, isHeartbeat } from './heartbeat';
import type { HeartbeatMessage } from './heartbeat';
import { EngineSession } from './session';
import { elkInProcess } from '../graph/elk-in-process';

function beating() {
  let clock = 0;
  const posted: { at: number; message: HeartbeatMessage }[] = [];
  const heartbeat = new Heartbeat(
    (message) => posted.push({ at: clock, message }),
    () => clock,
  );
  return { heartbeat, posted, advance: (ms: number) => (clock += ms) };
}

describe('the engine worker heartbeat', () => {
  it('posts a beat at most every BEAT_EVERY_MS however many steps are done', () => {
    const { heartbeat, posted, advance } = beating();
    for (let i = 0; i < 10_000; i++) {
      heartbeat.step();
      advance(0.1); // 10,000 steps in 1 s
    }
    expect(posted.length).toBeLessThanOrEqual(1000 / BEAT_EVERY_MS + 1);
    expect(posted.length).toBeGreaterThanOrEqual(1000 / BEAT_EVERY_MS);
    expect(posted.every((p) => p.message.allowMs === 0)).toBe(true);
  });

  it('announces a long step at once, even right after a beat, and ends it with the next beat', () => {
    const { heartbeat, posted, advance } = beating();
    heartbeat.step();
    advance(1);
    const parsing3MiB = allowanceForText(3 * 1024 * 1024);
    heartbeat.step(parsing3MiB);
    expect(posted.map((p) => p.message.allowMs)).toEqual([0, parsing3MiB]);
    expect(parsing3MiB).toBeGreaterThan(3100 * 4); // 4 times the 3.1 s measured on a loaded machine
    advance(3000);
    heartbeat.step();
    expect(posted.at(-1)?.message.allowMs).toBe(0);
  });

  it('does not announce a step short enough for the usual limit (a small document)', () => {
    const { heartbeat, posted, advance } = beating();
    heartbeat.step();
    advance(1);
    heartbeat.step(allowanceForText(2000));
    expect(posted).toHaveLength(1);
    expect(allowanceForText(2000)).toBeLessThan(SILENCE_LIMIT_MS / 2);
  });

  it('tells its messages from Comlink answers', () => {
    expect(isHeartbeat({ svcscope: 'heartbeat', allowMs: 0 })).toBe(true);
    expect(isHeartbeat({ id: '1-2', type: 'RAW', value: undefined })).toBe(false);
    expect(isHeartbeat({ svcscope: 'heartbeat' })).toBe(false);
    expect(isHeartbeat(null)).toBe(false);
  });
});

describe('the session beats around the steps the engine cannot report', () => {
  const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n';
  const DEPLOYMENT =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n';
  const input = { yaml: `${SERVICE}---\n${DEPLOYMENT}`, options: {}, actions: [], showSystem: false };

  it('announces drawing the graph and comparing the snapshot, in proportion to the objects', async () => {
    const allowances: number[] = [];
    const session = new EngineSession(elkInProcess(), (ms) => allowances.push(ms));
    const { snapshot } = await session.simulateDelta(input, undefined);
    const objects = snapshot?.objects.length ?? 0;
    expect(objects).toBeGreaterThan(10);
    expect(allowances.filter((ms) => ms === allowanceForObjects(objects))).toHaveLength(2);
  });

  it("announces writing a node's kube-proxy rules, in proportion to the cluster's objects", async () => {
    const allowances: number[] = [];
    const session = new EngineSession(elkInProcess(), (ms) => allowances.push(ms));
    const snapshot = await session.simulate(input);
    allowances.length = 0;
    await session.proxyRules('node-1');
    await session.iptables('node-1');
    expect(allowances).toEqual([allowanceForObjects(snapshot.objects.length), allowanceForObjects(snapshot.objects.length)]);
  });

  it('beats for each request of "send many"', async () => {
    let beats = 0;
    const session = new EngineSession(elkInProcess(), () => (beats += 1));
    await session.simulate(input);
    beats = 0;
    await session.sendMany({ from: { external: '192.0.2.10' }, to: 'http://web/' }, 200);
    expect(beats).toBe(200);
  });
});
