/// <reference lib="webworker" />
/**
 * The worker entry: starts the layout worker, then loads the engine session and exposes it over
 * Comlink. The session is loaded with a dynamic import so this thread is free to start the layout
 * worker first: both then load side by side, and the first graph comes sooner.
 */
import { expose } from 'comlink';
import { startElk } from './elk-worker';
import type { EngineApi } from './protocol';

const elk = startElk();
const session = import('./session').then(({ EngineSession }) => new EngineSession(elk));

/** Each call waits for the session (calls made while it loads are answered once it has). */
const api: EngineApi = {
  simulate: async (input) => (await session).simulate(input),
  simulateDelta: async (input, held) => (await session).simulateDelta(input, held),
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
