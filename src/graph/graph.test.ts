import { describe, expect, it, vi } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createCluster } from '../engine/index';
import { buildGraph, EXTERNAL_CLIENT_IP } from './build';
import { ids } from './ids';
import { layoutGraph as layoutWith } from './layout';
import type { LayoutMemo } from './layout';
import type { ClusterGraph } from './types';
import { absoluteBoxes } from './boxes';
import { placeHops } from './hops';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';
import externalName from '../scenarios/seed/13-5-external-name.yaml?raw';
import manualEndpoints from '../scenarios/seed/13-4-endpoints-for-external-service.yaml?raw';
import serviceWithoutSelector from '../scenarios/seed/13-3-service-without-selector.yaml?raw';
import nodePort from '../scenarios/seed/13-6-node-port.yaml?raw';
import earlyClient from '../scenarios/builtin/early-client-pod.yaml?raw';
import type { Pod } from '../engine/index';

const SEED_13_1 = `${simpleService}\n---\n${deployment}`;
const elk = new ELK();
// One memo for the file's layouts, as a session keeps one (LayoutOptions.memo).
const memo: LayoutMemo = {};
const layoutGraph = (graph: ClusterGraph) => layoutWith(graph, elk, { memo });

function overlaps(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('the cluster graph', () => {
  it('puts the cluster-node boxes in a grid right of the rest, about twice as wide as tall, nothing overlapping (seed 13-6)', async () => {
    const graph = await layoutGraph(buildGraph(createCluster(`${nodePort}\n---\n${deployment}`).objects()));
    const top = graph.nodes.filter((n) => !n.parentId);
    const boxes = top.filter((n) => n.type === 'cluster-node');
    const rest = top.filter((n) => n.type !== 'cluster-node');
    expect(boxes).toHaveLength(3);
    const restRight = Math.max(...rest.map((n) => n.x + n.width));
    for (const b of boxes) expect(b.x).toBeGreaterThan(restRight);
    // Three boxes of one pod each: not one column (the layered layout's last layer) but a grid.
    expect(new Set(boxes.map((b) => b.x)).size).toBeGreaterThan(1);
    for (const [i, a] of top.entries()) for (const b of top.slice(i + 1)) expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
    const all = [...absoluteBoxes(graph).values()];
    const width = Math.max(...all.map((b) => b.x + b.width)) - Math.min(...all.map((b) => b.x));
    const height = Math.max(...all.map((b) => b.y + b.height)) - Math.min(...all.map((b) => b.y));
    expect(width / height).toBeGreaterThan(1.5);
    expect(width / height).toBeLessThan(3);
    expect(graph.width).toBeGreaterThanOrEqual(Math.max(...top.map((n) => n.x + n.width)));
    expect(graph.height).toBeGreaterThanOrEqual(Math.max(...top.map((n) => n.y + n.height)));
  });

  it('draws example 13-1: the Service, its EndpointSlice and one edge per ready pod, pods inside their nodes', async () => {
    const cluster = createCluster(SEED_13_1);
    const graph = await layoutGraph(buildGraph(cluster.objects()));
    const svc = graph.nodes.find((n) => n.id === ids.service('default', 'random-generator'));
    expect(svc?.lines[0]).toBe(`clusterIP ${cluster.get('Service', 'random-generator')?.spec.clusterIP}`);
    const pods = cluster.objects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'default');
    const slice = graph.nodes.find((n) => n.type === 'endpointslice');
    expect(graph.edges.filter((e) => e.source === svc?.id).map((e) => [e.target, e.type])).toEqual([
      [slice?.id, 'backend'],
      [ids.endpoints('default', 'random-generator'), 'mirror'],
    ]);
    const endpointEdges = graph.edges.filter((e) => e.source === slice?.id && e.type === 'endpoint');
    expect(endpointEdges.map((e) => e.target).sort()).toEqual(pods.map((p) => ids.pod('default', p.metadata.name)).sort());
    for (const p of pods) {
      const n = graph.nodes.find((g) => g.id === ids.pod('default', p.metadata.name));
      expect(n?.parentId).toBe(ids.node((p as { spec: { nodeName?: string } }).spec.nodeName ?? ''));
    }
    // System objects are hidden by default: no CoreDNS pods, no `kubernetes` Service.
    expect(graph.nodes.some((n) => n.id.includes('coredns') || n.id === ids.service('default', 'kubernetes'))).toBe(false);
    expect(buildGraph(cluster.objects(), { showSystem: true }).nodes.some((n) => n.id === ids.service('default', 'kubernetes'))).toBe(true);
  });

  it('lays out without overlaps and identically for the same objects', async () => {
    const objects = createCluster(SEED_13_1).objects();
    const a = await layoutGraph(buildGraph(objects));
    const b = await layoutGraph(buildGraph(objects));
    expect(b.nodes.map((n) => [n.id, n.x, n.y])).toEqual(a.nodes.map((n) => [n.id, n.x, n.y]));
    const boxes = absoluteBoxes(a);
    const top = a.nodes.filter((n) => !n.parentId);
    for (let i = 0; i < top.length; i++)
      for (let j = i + 1; j < top.length; j++)
        expect(overlaps(boxes.get(top[i]!.id)!, boxes.get(top[j]!.id)!), `${top[i]!.id} / ${top[j]!.id}`).toBe(false);
  });

  it('changing a field that adds or removes nothing moves nothing', async () => {
    const before = await layoutGraph(buildGraph(createCluster(SEED_13_1).objects()));
    const after = await layoutGraph(buildGraph(createCluster(SEED_13_1.replace('port: 80', 'port: 81')).objects()));
    expect(after.nodes.map((n) => [n.id, n.x, n.y])).toEqual(before.nodes.map((n) => [n.id, n.x, n.y]));
  });

  it('runs elkjs only when the shape of the graph changes: a same-shape edit reuses the positions', async () => {
    const layouts = vi.spyOn(elk, 'layout');
    const first = await layoutGraph(buildGraph(createCluster(SEED_13_1.replace('port: 80', 'port: 82')).objects()));
    const calls = layouts.mock.calls.length;
    const sameShape = await layoutGraph(buildGraph(createCluster(SEED_13_1.replace('port: 80', 'port: 83')).objects()));
    expect(layouts.mock.calls.length).toBe(calls);
    expect(sameShape.nodes.map((n) => [n.id, n.x, n.y])).toEqual(first.nodes.map((n) => [n.id, n.x, n.y]));
    await layoutGraph(
      buildGraph(
        createCluster(`${SEED_13_1}---\napiVersion: v1\nkind: Service\nmetadata: {name: more}\nspec: {ports: [{port: 80}]}\n`).objects(),
      ),
    );
    expect(layouts.mock.calls.length).toBe(calls + 1);
    layouts.mockRestore();
  });

  // Example 13-2: the kubelet fixes a container's Service variables when it starts
  // (getServiceEnvVarMap, pkg/kubelet/kubelet_pods.go); the pod box says how many it got.
  it('shows an env badge on user pods: 0 Services for a pod started before the Service, 1 after it or after a restart', () => {
    const cluster = createCluster(`${earlyClient}---\n${simpleService}---\n${deployment}`);
    const envServices = (pod: Pod) => cluster.envServices(pod.metadata.name, pod.metadata.namespace);
    const lines = (graph: ClusterGraph, pod: string) => graph.nodes.find((n) => n.id === ids.pod('default', pod))?.lines ?? [];
    const before = buildGraph(cluster.objects(), { envServices });
    expect(lines(before, 'early-client')).toContain('env: 0 Services');
    const generated = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'random-generator')!;
    expect(lines(before, generated.metadata.name)).toContain('env: 1 Service');
    expect(cluster.restartPod('early-client')).toEqual([]);
    expect(lines(buildGraph(cluster.objects(), { envServices }), 'early-client')).toContain('env: 1 Service');
    // No badge without the environment (a bare buildGraph), nor on the cluster's own pods.
    expect(lines(buildGraph(cluster.objects()), 'early-client').some((l) => l.startsWith('env:'))).toBe(false);
    const system = buildGraph(cluster.objects(), { envServices, showSystem: true }).nodes.filter((n) => n.id.includes('coredns'));
    expect(system.length).toBeGreaterThan(0);
    for (const n of system) expect(n.lines.some((l) => l.startsWith('env:'))).toBe(false);
  });

  it('says so when a pod turned service links off (enableServiceLinks: false)', () => {
    const cluster = createCluster(`${simpleService}---\n${earlyClient.replace('spec:\n', 'spec:\n  enableServiceLinks: false\n')}`);
    const graph = buildGraph(cluster.objects(), { envServices: (pod) => cluster.envServices(pod.metadata.name) });
    expect(graph.nodes.find((n) => n.id === ids.pod('default', 'early-client'))?.lines).toContain('env: service links off');
  });

  it('draws ExternalName targets and manual Endpoints addresses outside the cluster', () => {
    const ext = buildGraph(createCluster(externalName).objects());
    const target = ext.edges.find((e) => e.type === 'cname');
    expect(target?.target).toMatch(/^ext:/);
    const manual = buildGraph(createCluster(`${serviceWithoutSelector}\n---\n${manualEndpoints}`).objects());
    expect(manual.nodes.filter((n) => n.type === 'external').length).toBeGreaterThan(0);
  });

  it('places every hop of a ClusterIP request from a pod: client pod, DNS, kube-proxy, receiving pod', () => {
    const cluster = createCluster(SEED_13_1);
    const graph = buildGraph(cluster.objects());
    const client = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')!;
    const request = { from: { pod: client.metadata.name }, to: 'http://random-generator/' };
    const trace = cluster.send(request);
    expect(trace.ok).toBe(true);
    const { origin, places } = placeHops(graph, request, trace);
    expect(origin).toBe(ids.pod('default', client.metadata.name));
    expect(places[0]).toMatchObject({ at: ids.dns, roundTrip: true });
    expect(places.some((p) => p.at.startsWith('kube-proxy:'))).toBe(true);
    expect(places.at(-1)?.at).toBe(ids.pod('default', trace.pod!.name));
  });

  it('places an external NodePort request on the node it entered', () => {
    const cluster = createCluster(SEED_13_1.replace('spec:\n  selector', 'spec:\n  type: NodePort\n  selector'));
    const svc = cluster.get('Service', 'random-generator')!;
    expect(svc.spec.type).toBe('NodePort');
    const nodeIP = cluster.nodes()[1]!.status.addresses[0]!.address;
    const request = { from: { external: EXTERNAL_CLIENT_IP }, to: `${nodeIP}:${svc.spec.ports[0]!.nodePort}` };
    const trace = cluster.send(request);
    const { origin, places } = placeHops(buildGraph(cluster.objects()), request, trace);
    expect(origin).toBe(ids.client);
    expect(places.some((p) => p.at === ids.kubeProxy(cluster.nodes()[1]!.metadata.name))).toBe(true);
  });
});
