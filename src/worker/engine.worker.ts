/// <reference lib="webworker" />
/**
 * The worker entry: loads the engine session and exposes it over Comlink. The layout worker
 * (elkjs, 1.6 MB to compile) is started once the first simulation is answered, or when a layout
 * is needed before: the first graph of a built-in scenario is laid out from known answers
 * (src/graph/known-layouts.ts), so on a first load the two cores go to the page and the engine.
 *
 * It answers the app's pings at once (without waiting for the session) and beats while it
 * computes (src/worker/heartbeat.ts), so the app can tell a busy worker from a hung one.
 */
import { expose } from 'comlink';
import { startElk } from './elk-worker';
import type { ElkLayouter } from '../graph/layout';
import { Heartbeat, SESSION_LOAD_MS, allowanceForObjects, allowanceForText } from './heartbeat';
import type { EngineApi } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

const heartbeat = new Heartbeat((message) => self.postMessage(message));
let started: ElkLayouter | undefined;
const startedElk = (): ElkLayouter => (started ??= startElk());
const elk: ElkLayouter = { layout: (graph) => startedElk().layout(graph) };
// Evaluating the engine's code (a large chunk) keeps this thread from answering pings meanwhile.
heartbeat.step(SESSION_LOAD_MS);
const session = import('./session').then(({ EngineSession, onProgress, withKnownLayouts }) => {
  onProgress((chars) => heartbeat.step(allowanceForText(chars)));
  heartbeat.step();
  return new EngineSession(withKnownLayouts(elk), (allowMs) => heartbeat.step(allowMs));
});

/** The answer is about to be copied to the page, which takes time in proportion to its objects. */
function copying<T>(value: T, objects: number): T {
  heartbeat.step(allowanceForObjects(objects));
  return value;
}

/** Each call waits for the session (calls made while it loads are answered once it has). */
const api: EngineApi = {
  ping: async () => undefined,
  simulate: async (input) => {
    const snapshot = await (await session).simulate(input);
    return copying(snapshot, snapshot.objects.length);
  },
  simulateDelta: async (input, held) => {
    const update = await (await session).simulateDelta(input, held);
    // The first graph is answered: elkjs loads now, for the edits that will need it.
    if (!started) setTimeout(startedElk, 0);
    const changed = update.delta ? update.delta.objects.changed.length + update.delta.objects.added.length : 0;
    const objects = update.snapshot?.objects.length ?? changed;
    return copying(update, objects);
  },
  send: async (request) => (await session).send(request),
  sendMany: async (request, count) => (await session).sendMany(request, count),
  dns: async (query, options) => (await session).dns(query, options),
  pod: async (name, namespace) => (await session).pod(name, namespace),
  service: async (name, namespace) => (await session).service(name, namespace),
  endpointSlice: async (name, namespace) => (await session).endpointSlice(name, namespace),
  iptables: async (node) => (await session).iptables(node),
  proxyRules: async (node) => (await session).proxyRules(node),
  editorSchema: async () => (await session).editorSchema(),
  migrationPlan: async () => (await session).migrationPlan(),
  compareMigration: async (request) => (await session).compareMigration(request),
};

expose(api);
