/**
 * EndpointSlices on the graph (issue 16): each Service leads to its slices and the slices to the
 * pods, as kube-proxy reads them (pkg/proxy/config EndpointSliceConfig); the v1 Endpoints hang off
 * the Service as the deprecated mirror (KEP-4974, Kubernetes 1.33) and lead nowhere; a traced
 * request lights the slice its endpoint came from.
 */
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createCluster } from '../engine/index';
import type { Cluster, ClusterObject, ClusterOptions, EndpointSlice, Pod } from '../engine/index';
import { GROUPING, buildGraph, conditionCounts, groupIds } from './build';
import { ids, refOfElementId } from './ids';
import { placeHops } from './hops';
import { layoutGraph } from './layout';
import { graphToSvg } from './svg';
import { isPickedLine } from './text';
import type { ClusterGraph, GraphNode } from './types';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';

const SEED_13_1 = `${simpleService}\n---\n${deployment}`;
const CLIENT = '---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: curl}]}\n';
const SERVICE = ids.service('default', 'random-generator');
const ENDPOINTS = ids.endpoints('default', 'random-generator');

function slicesOf(cluster: Cluster, service: string): EndpointSlice[] {
  return cluster
    .objects()
    .filter((o): o is EndpointSlice => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service);
}

function generatorPods(cluster: Cluster): Pod[] {
  return cluster.objects().filter((o): o is Pod => o.kind === 'Pod' && o.metadata.labels?.app === 'random-generator');
}

const element = (graph: ClusterGraph, id: string | undefined): GraphNode | undefined => graph.nodes.find((n) => n.id === id);
const sliceElements = (graph: ClusterGraph): GraphNode[] => graph.nodes.filter((n) => n.type === 'endpointslice');

function seed(options?: ClusterOptions): Cluster {
  return createCluster(SEED_13_1 + CLIENT, options);
}

describe('EndpointSlices on the graph', () => {
  it('example 13-1: Service → its one EndpointSlice → the three pods; "3 ready" and one line per endpoint', () => {
    const cluster = seed();
    const graph = buildGraph(cluster.objects());
    const [slice] = slicesOf(cluster, 'random-generator');
    const id = ids.endpointSlice('default', slice?.metadata.name ?? '');
    expect(id).toMatch(/^slice:default\/random-generator-[a-z0-9]{5}$/);
    expect(refOfElementId(id)).toEqual({ kind: 'EndpointSlice', name: slice?.metadata.name, namespace: 'default' });
    const ips = generatorPods(cluster).map((p) => p.status.podIP);
    expect(sliceElements(graph)).toEqual([
      expect.objectContaining({
        id,
        title: slice?.metadata.name,
        tag: 'EndpointSlice',
        status: 'ok',
        ref: { kind: 'EndpointSlice', name: slice?.metadata.name, namespace: 'default' },
        lines: ['3 ready', ...(slice?.endpoints ?? []).map((e) => `${e.addresses[0]}:8080 ready`)],
      }),
    ]);
    expect(
      element(graph, id)
        ?.lines.slice(1)
        .map((l) => l.split(':')[0]),
    ).toEqual(expect.arrayContaining(ips));
    expect(graph.edges.filter((e) => e.source === SERVICE).map((e) => [e.target, e.type])).toEqual([
      [id, 'backend'],
      [ENDPOINTS, 'mirror'],
    ]);
    expect(
      graph.edges
        .filter((e) => e.source === id)
        .map((e) => [e.target, e.type])
        .sort(),
    ).toEqual(
      generatorPods(cluster)
        .map((p) => [ids.pod('default', p.metadata.name), 'endpoint'])
        .sort(),
    );
  });

  it('the v1 Endpoints is the deprecated mirror: its own title, a leaf off the Service, no edge to a pod', () => {
    const graph = buildGraph(seed().objects());
    expect(element(graph, ENDPOINTS)).toMatchObject({
      type: 'endpoints',
      title: 'Endpoints (deprecated mirror)',
      tag: 'v1 Endpoints · random-generator',
    });
    expect(graph.edges.filter((e) => e.source === ENDPOINTS)).toEqual([]);
    expect(graph.edges.filter((e) => e.target === ENDPOINTS).map((e) => [e.source, e.type])).toEqual([[SERVICE, 'mirror']]);
  });

  it('manual Endpoints of a Service without a selector lead to the slice the mirroring controller copies them into', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Service
metadata: {name: db}
spec: {ports: [{port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: db}
subsets:
- addresses: [{ip: 172.20.0.1}, {ip: 172.20.0.2}]
  ports: [{port: 5432}]
`);
    const graph = buildGraph(cluster.objects());
    const [slice] = sliceElements(graph);
    expect(slice).toMatchObject({ tag: 'EndpointSlice · mirrored', lines: ['2 ready', '172.20.0.1:5432 ready', '172.20.0.2:5432 ready'] });
    expect(element(graph, ids.endpoints('default', 'db'))?.title).toBe('Endpoints (deprecated)');
    expect(graph.edges.filter((e) => e.source === ids.endpoints('default', 'db')).map((e) => [e.target, e.type])).toEqual([
      [slice?.id, 'mirror'],
    ]);
    expect(graph.edges.filter((e) => e.source === slice?.id).map((e) => [e.target, e.type])).toEqual([
      [ids.external('172.20.0.1'), 'endpoint'],
      [ids.external('172.20.0.2'), 'endpoint'],
    ]);
    expect(element(graph, ids.external('172.20.0.1'))?.lines).toEqual(['address from manual Endpoints']);
  });

  // pod-termination.ts: the EndpointSlice controller keeps a Terminating pod with ready false,
  // serving <its readiness>, terminating true (podToEndpoint); its ReplicaSet starts a replacement.
  it('a pod deleted with a grace period: Terminating on its box, "terminating" in the slice, a terminating edge', () => {
    const cluster = seed();
    const [victim] = generatorPods(cluster);
    const name = victim?.metadata.name ?? '';
    expect(cluster.act({ type: 'delete', kind: 'Pod', name, gracePeriodSeconds: 30 })).toEqual([]);
    const graph = buildGraph(cluster.objects());
    const [slice] = sliceElements(graph);
    expect(slice?.lines[0]).toBe('3 ready · 4 serving · 1 terminating');
    expect(slice?.lines).toContain(`${victim?.status.podIP}:8080 terminating`);
    expect(slice?.lines.filter((l) => l.endsWith(' ready'))).toHaveLength(3);
    expect(graph.edges.find((e) => e.source === slice?.id && e.target === ids.pod('default', name))?.type).toBe('endpoint-terminating');
    expect(element(graph, ids.pod('default', name))).toMatchObject({ status: 'warning' });
    expect(element(graph, ids.pod('default', name))?.lines[0]).toBe(`${victim?.status.podIP} · Terminating`);
    // The deprecated mirror leaves Terminating pods out altogether.
    expect(element(graph, ENDPOINTS)?.lines.some((l) => l.startsWith(`${victim?.status.podIP}:`))).toBe(false);
  });

  it('a failing readiness probe: "2 ready · 1 not ready" and a not-ready edge', () => {
    const cluster = seed();
    const [victim] = generatorPods(cluster);
    cluster.setPodReady(victim?.metadata.name ?? '', false);
    const graph = buildGraph(cluster.objects());
    const [slice] = sliceElements(graph);
    expect(slice?.lines[0]).toBe('2 ready · 1 not ready');
    expect(slice?.lines).toContain(`${victim?.status.podIP}:8080 not ready`);
    expect(graph.edges.find((e) => e.target === ids.pod('default', victim?.metadata.name ?? ''))?.type).toBe('endpoint-not-ready');
  });

  it('counts endpoints by condition, reading nil ready and serving as true and nil terminating as false', () => {
    const e = (conditions: EndpointSlice['endpoints'][number]['conditions']) => ({ addresses: ['10.0.0.1'], conditions });
    expect(conditionCounts([])).toBe('no endpoints');
    expect(conditionCounts([e({}), e({ ready: true })])).toBe('2 ready');
    expect(
      conditionCounts([e({ ready: false, serving: true, terminating: true }), e({ ready: false, serving: false, terminating: true })]),
    ).toBe('0 ready · 1 serving · 2 terminating');
    expect(conditionCounts([e({ ready: false, serving: false })])).toBe('0 ready · 1 not ready');
  });

  // endpointslice controller: trafficDistribution PreferClose gives each endpoint a hint for its own zone.
  it('topology hints show after the endpoint (→ zone)', () => {
    const cluster = createCluster(SEED_13_1.replace('spec:\n  selector', 'spec:\n  trafficDistribution: PreferClose\n  selector'));
    expect(cluster.get('Service', 'random-generator')?.spec.trafficDistribution).toBe('PreferClose');
    const [slice] = slicesOf(cluster, 'random-generator');
    const [drawn] = sliceElements(buildGraph(cluster.objects()));
    const lines = (slice?.endpoints ?? []).map((ep) => `${ep.addresses[0]}:8080 ready → ${ep.zone}`);
    expect(lines.some((l) => l.endsWith('→ zone-a'))).toBe(true);
    expect(drawn?.lines.slice(1)).toEqual(lines);
  });

  it('two ports: the ports after the address (ip:80,443), and the endpoint picked on either port marks that line', () => {
    const line = '10.244.1.5:80,443 ready';
    expect(isPickedLine(line, '10.244.1.5:443')).toBe(true);
    expect(isPickedLine(line, '10.244.1.5:80')).toBe(true);
    expect(isPickedLine(line, '10.244.1.5:8080')).toBe(false);
    expect(isPickedLine('10.244.1.5:8080 ready', '10.244.1.5:80')).toBe(false);
    expect(isPickedLine('10.244.1.50:80 ready', '10.244.1.5:80')).toBe(false);
    expect(isPickedLine('[1] /* → web:80', '[1] ')).toBe(true);
  });
});

describe('a traced request lights the EndpointSlice kube-proxy read, not the v1 Endpoints', () => {
  for (const proxyMode of ['iptables', 'nftables'] as const) {
    it(`${proxyMode} mode: the pick and the DNAT light the Service and the slice, the endpoint's line marked`, () => {
      const cluster = seed({ proxyMode });
      const graph = buildGraph(cluster.objects());
      const request = { from: { pod: 'client' }, to: 'http://random-generator/' };
      const trace = cluster.send(request);
      expect(trace.ok).toBe(true);
      const { places } = placeHops(graph, request, trace);
      const [slice] = sliceElements(graph);
      const dnat = places.find((p) => p.hop.nat === 'DNAT');
      expect(dnat?.lit).toEqual([SERVICE, slice?.id]);
      expect(dnat?.picked).toBe(`${trace.pod?.ip}:${trace.pod?.port}`);
      expect(slice?.lines.filter((l) => isPickedLine(l, dnat?.picked ?? ''))).toEqual([`${dnat?.picked} ready`]);
      expect(places.some((p) => p.lit.includes(ENDPOINTS))).toBe(false);
      expect(places.filter((p) => p.lit.includes(slice?.id ?? '')).every((p) => p.hop.component === 'kube-proxy')).toBe(true);
    });
  }

  it('with only a Terminating endpoint left, kube-proxy falls back to it (serving, KEP-1669) and the slice lights with it marked', () => {
    const cluster = createCluster(SEED_13_1.replace('replicas: 3', 'replicas: 1') + CLIENT);
    const [only] = generatorPods(cluster);
    // Without a grace period the replacement's readiness would win; fail it so the terminating one is all there is.
    cluster.act({ type: 'delete', kind: 'Pod', name: only?.metadata.name ?? '', gracePeriodSeconds: 30 });
    const replacement = generatorPods(cluster).find((p) => p.metadata.name !== only?.metadata.name);
    cluster.setPodReady(replacement?.metadata.name ?? '', false);
    const graph = buildGraph(cluster.objects());
    const request = { from: { pod: 'client' }, to: 'http://random-generator/' };
    const trace = cluster.send(request);
    expect(trace.pod?.name).toBe(only?.metadata.name);
    const dnat = placeHops(graph, request, trace).places.find((p) => p.hop.nat === 'DNAT');
    const [slice] = sliceElements(graph);
    expect(slice?.lines[0]).toBe('0 ready · 1 serving · 1 terminating · 1 not ready');
    expect(dnat?.lit).toEqual([SERVICE, slice?.id]);
    expect(slice?.lines.filter((l) => isPickedLine(l, dnat?.picked ?? ''))).toEqual([`${only?.status.podIP}:8080 terminating`]);
  });
});

/** A selector-less Service with `n` hand-written EndpointSlices (kube-proxy reads every slice labelled with its name). */
function handWrittenSlices(n: number): string {
  const slices = Array.from(
    { length: n },
    (_, i) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: legacy-${i}
  labels: {kubernetes.io/service-name: legacy}
addressType: IPv4
ports: [{port: 80, protocol: TCP}]
endpoints:
- addresses: [172.21.${i}.1]
- addresses: [172.21.${i}.2]
  conditions: {ready: false, serving: false}
`,
  );
  return `apiVersion: v1\nkind: Service\nmetadata: {name: legacy}\nspec: {ports: [{port: 80}]}\n${slices.join('')}${CLIENT}`;
}

describe('many EndpointSlices of one Service (GROUPING.slices)', () => {
  it(`up to ${GROUPING.slices} slices are drawn one by one, hand-written ones too`, () => {
    const graph = buildGraph(createCluster(handWrittenSlices(GROUPING.slices)).objects());
    expect(sliceElements(graph).map((n) => n.id)).toEqual(
      Array.from({ length: GROUPING.slices }, (_, i) => ids.endpointSlice('default', `legacy-${i}`)),
    );
    expect(sliceElements(graph)[0]?.lines).toEqual(['1 ready · 1 not ready', '172.21.0.1:80 ready', '172.21.0.2:80 not ready']);
    expect(graph.nodes.some((n) => n.group)).toBe(false);
  });

  it('an address a hand-written slice lists twice is one edge', () => {
    const twice = handWrittenSlices(1).replace('- addresses: [172.21.0.1]\n', '- addresses: [172.21.0.1]\n- addresses: [172.21.0.1]\n');
    const graph = buildGraph(createCluster(twice).objects());
    expect(graph.nodes.find((n) => n.id === ids.endpointSlice('default', 'legacy-0'))?.lines[0]).toBe('2 ready · 1 not ready');
    const from = graph.edges.filter((e) => e.source === ids.endpointSlice('default', 'legacy-0'));
    expect(from.map((e) => [e.target, e.type])).toEqual([
      [ids.external('172.21.0.1'), 'endpoint'],
      [ids.external('172.21.0.2'), 'endpoint-not-ready'],
    ]);
    expect(new Set(graph.edges.map((e) => e.id)).size).toBe(graph.edges.length);
  });

  it('past that, one element "N EndpointSlices" with the counts of all; expanding draws each; a trace lights the group', () => {
    const n = GROUPING.slices + 2;
    const cluster = createCluster(handWrittenSlices(n));
    const graph = buildGraph(cluster.objects());
    const id = groupIds.slices('default', 'legacy');
    expect(sliceElements(graph)).toEqual([
      expect.objectContaining({
        id,
        title: `${n} EndpointSlices`,
        tag: 'EndpointSlices · legacy',
        lines: [`${n} ready · ${n} not ready`, 'legacy-0, legacy-1, …'],
        group: { of: 'slices', count: n, members: Array.from({ length: n }, (_, i) => ids.endpointSlice('default', `legacy-${i}`)) },
      }),
    ]);
    expect(graph.edges.filter((e) => e.source === ids.service('default', 'legacy')).map((e) => e.target)).toEqual([id]);
    // The outside addresses of all of them fold too (more than GROUPING.externalAddresses), one edge each way.
    expect(graph.edges.filter((e) => e.source === id).map((e) => [e.target, e.type])).toEqual([
      [groupIds.addresses('default', 'legacy'), 'endpoint'],
      [groupIds.addresses('default', 'legacy'), 'endpoint-not-ready'],
    ]);
    const request = { from: { pod: 'client' }, to: 'legacy:80' };
    const trace = cluster.send(request);
    expect(trace.ok).toBe(true);
    expect(placeHops(graph, request, trace).places.find((p) => p.hop.nat === 'DNAT')?.lit).toEqual([ids.service('default', 'legacy'), id]);
    const expanded = buildGraph(cluster.objects(), { expand: [id] });
    expect(sliceElements(expanded).map((s) => s.id)).toEqual(graph.nodes.find((g) => g.id === id)?.group?.members);
  });
});

describe('identities and layout stay stable', () => {
  const elk = new ELK();
  const positions = (graph: ClusterGraph) => new Map(graph.nodes.map((n) => [n.id, [n.x, n.y]]));

  it('scaling 3 → 4 keeps the slice (updated, not re-created) and everything that was drawn where it was', async () => {
    const before = await layoutGraph(buildGraph(seed().objects()), elk);
    const scaled = createCluster(SEED_13_1.replace('replicas: 3', 'replicas: 4') + CLIENT);
    const after = await layoutGraph(buildGraph(scaled.objects()), elk, { previous: before });
    const [slice] = sliceElements(before);
    expect(sliceElements(after).map((n) => n.id)).toEqual([slice?.id]);
    expect(sliceElements(after)[0]?.lines[0]).toBe('4 ready');
    const was = positions(before);
    for (const n of after.nodes.filter((m) => was.has(m.id) && !m.parentId && m.type !== 'cluster-node'))
      expect([n.x, n.y], n.id).toEqual(was.get(n.id));
  });

  it('a readiness flip and back gives the same slice element and the same edges', () => {
    const cluster = seed();
    const first = buildGraph(cluster.objects());
    const [victim] = generatorPods(cluster);
    cluster.setPodReady(victim?.metadata.name ?? '', false);
    cluster.setPodReady(victim?.metadata.name ?? '', true);
    const again = buildGraph(cluster.objects());
    expect(sliceElements(again)).toEqual(sliceElements(first));
    expect(again.edges).toEqual(first.edges);
  });
});

describe('the SVG export draws the slices', () => {
  it('each slice as a box with its accent and lines, the mirror edge dashed', async () => {
    const graph = await layoutGraph(buildGraph(seed().objects()), new ELK());
    const svg = graphToSvg(graph);
    const [slice] = sliceElements(graph);
    expect(svg).toContain(`data-id="${slice?.id}"`);
    expect(svg).toContain('fill="#7950f2"');
    expect(svg).toMatch(/>3 ready<\/text>/);
    expect(svg).toContain('>Endpoints (deprecated mirror)</text>');
    // One dashed edge more than the seed's own: the Service to its deprecated mirror.
    const objects: ClusterObject[] = seed().objects();
    const dashed = (text: string) => (text.match(/stroke-dasharray="5 4"/g) ?? []).length;
    const mirrorless = buildGraph(objects);
    mirrorless.edges = mirrorless.edges.filter((e) => e.type !== 'mirror');
    expect(dashed(svg) - dashed(graphToSvg(await layoutGraph(mirrorless, new ELK())))).toBe(1);
  });
});
