import { describe, expect, it } from 'vitest';
import { EngineSession } from './session';
import { elkInProcess } from '../graph/elk-in-process';
import { createCluster } from '../engine/index';
import type { ClusterObject, SimulationAction } from '../engine/index';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';
import earlyClient from '../scenarios/builtin/early-client-pod.yaml?raw';

const SEED_13_1 = `${simpleService}\n---\n${deployment}`;
const input = (yaml: string, actions: SimulationAction[] = []) => ({ yaml, options: {}, actions, showSystem: false });

describe('the engine session the worker hosts', () => {
  it('simulates, lays out and locates every drawn user object in the YAML', async () => {
    const session = new EngineSession(elkInProcess());
    const snapshot = await session.simulate(input(SEED_13_1));
    expect(snapshot.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(snapshot.sources['svc:default/random-generator']?.line).toBe(1);
    const pods = snapshot.graph.nodes.filter((n) => n.type === 'pod');
    expect(pods.length).toBeGreaterThan(0);
    const deploymentLine = SEED_13_1.split('\n').indexOf('apiVersion: apps/v1') + 1;
    for (const pod of pods) expect(snapshot.sources[pod.id]?.line).toBe(deploymentLine);
    expect(snapshot.revision).toBe(1);
  });

  it('sends against the last simulated cluster and places the hops on its graph', async () => {
    const session = new EngineSession(elkInProcess());
    const snapshot = await session.simulate(input(SEED_13_1));
    const ip = snapshot.graph.nodes.find((n) => n.id === 'svc:default/random-generator')?.addresses[0];
    // A ClusterIP is virtual and only reachable inside the cluster: from outside nothing routes it.
    expect((await session.send({ from: { external: '192.0.2.10' }, to: `${ip}:80` })).trace.ok).toBe(false);
    const client = snapshot.graph.nodes.find((n) => n.type === 'pod')!.ref!.name;
    const { trace, placed } = await session.send({ from: { pod: client }, to: `${ip}:80` });
    expect(trace.ok).toBe(true);
    expect(placed.origin).toBe(`pod:default/${client}`);
    expect(placed.places.at(-1)?.at).toBe(`pod:default/${trace.pod?.name}`);
  });

  // kube-proxy's random probabilities 1/3, 1/2, 1 spread connections evenly over three endpoints.
  it('spreads many requests over the ready pods, about evenly', async () => {
    const session = new EngineSession(elkInProcess());
    const snapshot = await session.simulate(input(SEED_13_1));
    const client = snapshot.graph.nodes.find((n) => n.type === 'pod')!.ref!.name;
    const spread = await session.sendMany({ from: { pod: client }, to: 'http://random-generator/' }, 3000);
    const counts = Object.values(spread.counts);
    expect(counts).toHaveLength(3);
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
  });

  it('replays runtime actions and reports the ones that no longer apply', async () => {
    const session = new EngineSession(elkInProcess());
    const snapshot = await session.simulate(
      input(SEED_13_1, [
        { type: 'setNodeReady', node: 'node-2', ready: false },
        { type: 'restartPod', pod: 'gone' },
      ]),
    );
    expect(snapshot.graph.nodes.find((n) => n.id === 'node:node-2')?.status).toBe('error');
    expect(snapshot.actionDiagnostics.map((d) => d.message)).toEqual(['pods "gone" not found']);
  });
});

describe('service inspection', () => {
  // Kubernetes DNS spec (cluster-dns specification.md) 2.3.2/2.4.2: a ClusterIP service has one A
  // record; a headless one an A record per ready endpoint; SRV records exist for named ports.
  it('gives the env var names a Service produces and its DNS records (one A per pod when headless)', async () => {
    const session = new EngineSession(elkInProcess());
    const named = SEED_13_1.replace('- port: 80', '- name: http\n    port: 80');
    await session.simulate(input(named));
    const svc = await session.service('random-generator', 'default');
    expect(Object.keys(svc?.envVars ?? {})).toEqual(
      expect.arrayContaining([
        'RANDOM_GENERATOR_SERVICE_HOST',
        'RANDOM_GENERATOR_SERVICE_PORT',
        'RANDOM_GENERATOR_SERVICE_PORT_HTTP',
        'RANDOM_GENERATOR_PORT_80_TCP_ADDR',
      ]),
    );
    expect(svc?.dns[0]?.response.answers).toHaveLength(1);
    expect(svc?.dns[1]).toMatchObject({ query: '_http._tcp.random-generator.default.svc.cluster.local', type: 'SRV' });
    await session.simulate(input(named.replace('spec:\n  selector', 'spec:\n  clusterIP: None\n  selector')));
    const headless = await session.service('random-generator', 'default');
    expect(headless?.envVars).toEqual({});
    expect(headless?.dns[0]?.response.answers.map((a) => a.type)).toEqual(['A', 'A', 'A']);
    expect(await session.service('nope', 'default')).toBeUndefined();
  });
});

describe('edits applied to the living cluster (issue 13: identities stay put)', () => {
  const placed = (snapshot: { objects: readonly ClusterObject[] }) =>
    new Map(
      snapshot.objects.flatMap((o) =>
        o.kind === 'Pod' && o.metadata.namespace === 'default' ? [[o.metadata.name, `${o.spec.nodeName} ${o.status.podIP}`] as const] : [],
      ),
    );
  const CLIENT = 'apiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec:\n  containers: [{name: c, image: busybox}]\n';
  const withClient = (replicas: number) => `${SEED_13_1.replace('replicas: 3', `replicas: ${replicas}`)}\n---\n${CLIENT}`;

  // The ReplicaSet controller adds the one missing pod and kube-scheduler places only it
  // (pkg/controller/replicaset manageReplicas); the Service is not touched, so no event of it.
  it('scaling the Deployment 3 to 4 keeps every other pod (client included) on its node with its name and IP; the Timeline shows ScalingReplicaSet, not a new Service', async () => {
    const session = new EngineSession(elkInProcess());
    const first = await session.simulate(input(withClient(3)));
    const before = placed(first);
    const eventsBefore = first.events.length;
    const second = await session.simulate(input(withClient(4)));
    const after = placed(second);
    expect(before.size).toBe(4);
    expect(after.size).toBe(5);
    for (const [name, where] of before) expect(after.get(name)).toBe(where);
    const added = second.events.slice(eventsBefore);
    expect(added.find((e) => e.reason === 'ScalingReplicaSet')?.message).toMatch(
      /^Scaled up replica set random-generator-\w+ from 3 to 4$/,
    );
    expect(added.filter((e) => e.kind === 'Service')).toEqual([]);
    expect(added.filter((e) => e.reason === 'Started')).toHaveLength(1);
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The locations of the drawn objects follow the edited text.
    expect(second.sources['svc:default/random-generator']?.line).toBe(1);
  });

  it('a Service taken out of the document is deleted from the living cluster', async () => {
    const session = new EngineSession(elkInProcess());
    await session.simulate(input(withClient(3)));
    const snapshot = await session.simulate(input(`${deployment}\n---\n${CLIENT}`));
    expect(snapshot.objects.some((o) => o.kind === 'Service' && o.metadata.name === 'random-generator')).toBe(false);
    expect(snapshot.graph.nodes.some((n) => n.id === 'svc:default/random-generator')).toBe(false);
    expect(snapshot.events.at(-1)).toMatchObject({ reason: 'Deleted', kind: 'Service', name: 'random-generator' });
  });

  it('other options or actions build a new cluster, replaying the actions', async () => {
    const session = new EngineSession(elkInProcess());
    await session.simulate(input(SEED_13_1));
    const restart: SimulationAction[] = [{ type: 'setNodeReady', node: 'node-3', ready: false }];
    const second = await session.simulate(input(SEED_13_1, restart));
    expect(second.graph.nodes.find((n) => n.id === 'node:node-3')?.status).toBe('error');
    // A new cluster: its Timeline is that of the document with the action replayed, not the first one's continued.
    const fresh = createCluster(SEED_13_1);
    fresh.act(restart[0]!);
    expect(second.events).toEqual(fresh.events());
    const third = await session.simulate({ ...input(SEED_13_1, restart), options: { nodes: 2 } });
    expect(third.graph.nodes.some((n) => n.id === 'node:node-3')).toBe(false);
  });

  it('a document opened anew (another scenario, a link: a new `cluster` number) gets a new cluster, though the text matches the living one', async () => {
    // Example 13-2's point: a client created before its Service lacks the Service's variables. In a
    // cluster that already has the Service (another scenario with it was open), it would not.
    const session = new EngineSession(elkInProcess());
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n';
    const client = 'apiVersion: v1\nkind: Pod\nmetadata: {name: early}\nspec: {containers: [{name: c, image: busybox}]}\n';
    await session.simulate({ ...input(service), cluster: 1 });
    await session.simulate({ ...input(`${client}---\n${service}`), cluster: 1 });
    expect((await session.pod('early', 'default'))?.env).toHaveProperty('WEB_SERVICE_HOST');
    await session.simulate({ ...input(`${client}---\n${service}`), cluster: 2 });
    expect((await session.pod('early', 'default'))?.env).not.toHaveProperty('WEB_SERVICE_HOST');
  });
});

describe('the graph across edits', () => {
  it('scaling 3 to 4 keeps every element that was drawn where it was', async () => {
    const session = new EngineSession(elkInProcess());
    const before = structuredClone((await session.simulate(input(SEED_13_1))).graph);
    const after = (await session.simulate(input(SEED_13_1.replace('replicas: 3', 'replicas: 4')))).graph;
    expect(after.nodes.length).toBe(before.nodes.length + 1);
    for (const n of before.nodes)
      expect(
        after.nodes.find((m) => m.id === n.id),
        n.id,
      ).toMatchObject({ x: n.x, y: n.y });
  });

  it('gives the pod boxes their env badge from the living cluster: example 13-2 before and after the restart', async () => {
    const session = new EngineSession(elkInProcess());
    const yaml = `${earlyClient}---\n${SEED_13_1}`;
    const badge = (graph: { nodes: { id: string; lines: string[] }[] }) =>
      graph.nodes.find((n) => n.id === 'pod:default/early-client')?.lines.find((l) => l.startsWith('env:'));
    expect(badge((await session.simulate(input(yaml))).graph)).toBe('env: 0 Services');
    expect(badge((await session.simulate(input(yaml, [{ type: 'restartPod', pod: 'early-client' }]))).graph)).toBe('env: 1 Service');
  });

  // kubectl's YAML printer (sigs.k8s.io/yaml): keys sorted, sequences not indented, ambiguous strings quoted.
  it('inspects an EndpointSlice as `kubectl get endpointslice NAME -o yaml` prints it, a terminating endpoint included', async () => {
    const session = new EngineSession(elkInProcess());
    const first = await session.simulate(input(SEED_13_1));
    const victim = first.graph.nodes.find((n) => n.id.startsWith('pod:default/random-generator-'))!.ref!.name;
    const snapshot = await session.simulate(input(SEED_13_1, [{ type: 'delete', kind: 'Pod', name: victim, gracePeriodSeconds: 30 }]));
    const slice = snapshot.graph.nodes.find((n) => n.type === 'endpointslice')!.ref!;
    const inspection = await session.endpointSlice(slice.name, 'default');
    const yaml = inspection?.yaml ?? '';
    expect(yaml.split('\n').filter((l) => /^[a-z]/.test(l))).toEqual([
      'addressType: IPv4',
      'apiVersion: discovery.k8s.io/v1',
      'endpoints:',
      'kind: EndpointSlice',
      'metadata:',
      'ports:',
    ]);
    expect(yaml).toContain(
      `    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io\n    kubernetes.io/service-name: random-generator\n`,
    );
    expect(yaml).toContain(`  name: ${slice.name}\n`);
    expect(yaml).toMatch(/\n {2}creationTimestamp: "\d{4}-\d\d-\d\dT[\d:]+Z"\n/);
    expect(yaml).toContain('ports:\n- name: ""\n  port: 8080\n  protocol: TCP\n');
    expect(yaml).toContain(`    name: ${victim}\n`);
    expect(yaml).toContain('  conditions:\n    ready: false\n    serving: true\n    terminating: true\n');
    expect(yaml).toMatch(/ {2}nodeName: node-\d\n/);
    expect(yaml).toMatch(/ {2}zone: zone-[ab]\n/);
    expect(await session.endpointSlice('no-such-slice', 'default')).toBeUndefined();
  });
});
