/**
 * The graph folds what would drown it (GROUPING in build.ts) into one element with a count and
 * the data to unfold it (GraphNode.group, BuildOptions.expand); graphs under the thresholds, the
 * built-in scenarios among them, are drawn element by element as before.
 */
import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createCluster } from '../engine/index';
import { CATALOG } from '../scenarios/index';
import { GROUPING, buildGraph, groupIds } from './build';
import { ids } from './ids';
import { layoutGraph } from './layout';
import { placeHops } from './hops';
import type { ClusterGraph } from './types';

const elk = new ELK();

const manualEndpoints = (addresses: number): string => `apiVersion: v1
kind: Service
metadata: {name: db}
spec: {ports: [{port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: db}
subsets:
- addresses: [${Array.from({ length: addresses }, (_, i) => `{ip: 172.20.${Math.floor(i / 256)}.${i % 256}}`).join(', ')}]
  ports: [{port: 5432}]
`;

const deployment = (name: string, replicas: number): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec: {selector: {app: ${name}}, ports: [{port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: nginx}]}
`;

const ONE_NODE = { nodes: 1, ingressController: 'none' as const };
const groups = (graph: ClusterGraph) => graph.nodes.filter((n) => n.group);

describe('grouping in the graph (GROUPING, GraphNode.group, BuildOptions.expand)', () => {
  it('no built-in scenario has a group element: small graphs are drawn as before', () => {
    for (const scenario of CATALOG) {
      const objects = createCluster(scenario.yaml, scenario.options).objects();
      expect(groups(buildGraph(objects)), scenario.id).toEqual([]);
      expect(groups(buildGraph(objects, { showSystem: true })), scenario.id).toEqual([]);
    }
  });

  it(`up to ${GROUPING.externalAddresses} outside addresses of an Endpoints are drawn one by one`, () => {
    const graph = buildGraph(createCluster(manualEndpoints(GROUPING.externalAddresses)).objects());
    expect(graph.nodes.filter((n) => n.type === 'external')).toHaveLength(GROUPING.externalAddresses);
    expect(groups(graph)).toEqual([]);
  });

  it('a 1,000-address manual Endpoints is one element "1,000 addresses", with the members to expand it', async () => {
    const objects = createCluster(manualEndpoints(1000)).objects();
    const graph = buildGraph(objects);
    const [group] = groups(graph);
    expect(group).toMatchObject({
      id: groupIds.addresses('default', 'db'),
      type: 'external',
      title: '1,000 addresses',
      lines: ['172.20.0.0', '172.20.0.1', '172.20.0.2', '+ 997 more'],
      group: { of: 'addresses', count: 1000 },
    });
    expect(group?.group?.members).toHaveLength(1000);
    expect(group?.group?.members[0]).toBe(ids.external('172.20.0.0'));
    expect(group?.addresses).toHaveLength(1000);
    expect(graph.nodes.filter((n) => n.type === 'external')).toHaveLength(1);
    // The mirroring controller copies the Endpoints into one slice (up to 1,000 addresses a subset): the slice leads to the group.
    const slice = graph.nodes.find((n) => n.type === 'endpointslice');
    expect(slice).toMatchObject({
      tag: 'EndpointSlice · mirrored',
      lines: ['1,000 ready', ...[0, 1, 2, 3, 4, 5].map((i) => `172.20.0.${i}:5432 ready`), '… 994 more'],
    });
    expect(graph.edges.filter((e) => e.source === slice?.id)).toEqual([expect.objectContaining({ target: group?.id, type: 'endpoint' })]);
    expect(graph.edges.filter((e) => e.source === ids.endpoints('default', 'db'))).toEqual([
      expect.objectContaining({ target: slice?.id, type: 'mirror' }),
    ]);
    await layoutGraph(graph, elk); // a handful of elements: elkjs has little to do
    // Expanded: one element per address, as before grouping.
    const expanded = buildGraph(objects, { expand: [group?.id ?? ''] });
    expect(expanded.nodes.filter((n) => n.type === 'external').map((n) => n.id)).toEqual(group?.group?.members);
  });

  it('a trace to a folded address lands on the group element', () => {
    const client = '---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: curl}]}\n';
    const cluster = createCluster(manualEndpoints(20) + client, ONE_NODE);
    const request = { from: { pod: 'client' }, to: 'db:5432' };
    const trace = cluster.send(request);
    expect(trace.ok).toBe(true);
    expect(trace.hops.at(-1)?.component).toBe('external');
    const last = placeHops(buildGraph(cluster.objects()), request, trace).places.at(-1);
    expect(last?.at).toBe(groupIds.addresses('default', 'db'));
  });

  it('100 pods of one ReplicaSet on a node: the first 4, then "+ 96 more pods" for the rest, one edge from the EndpointSlice', async () => {
    const cluster = createCluster(deployment('web', 100), ONE_NODE);
    const graph = buildGraph(cluster.objects());
    const pods = graph.nodes.filter((n) => n.type === 'pod');
    expect(pods).toHaveLength(GROUPING.ownerPodsShown + 1);
    const group = pods.find((n) => n.group);
    const rs = cluster.objects().find((o) => o.kind === 'ReplicaSet' && o.metadata.name.startsWith('web-'));
    expect(group).toMatchObject({
      id: groupIds.ownerPods('node-1', 'default', rs?.metadata.name ?? ''),
      title: '+ 96 more pods',
      tag: `ReplicaSet ${rs?.metadata.name ?? ''}`,
      parentId: ids.node('node-1'),
      lines: ['96 ready', 'app=web'],
      status: 'ok',
      group: { of: 'pods', count: 96, owner: { kind: 'ReplicaSet', name: rs?.metadata.name, namespace: 'default' } },
    });
    expect(group?.addresses).toHaveLength(96);
    const slice = graph.nodes.filter((n) => n.type === 'endpointslice');
    expect(slice).toHaveLength(1); // 100 endpoints fit one slice (--max-endpoints-per-slice)
    const fromSlice = graph.edges.filter((e) => e.source === slice[0]?.id);
    expect(fromSlice).toHaveLength(GROUPING.ownerPodsShown + 1);
    expect(fromSlice.filter((e) => e.target === group?.id)).toHaveLength(1);
    expect(graph.edges.filter((e) => e.source === ids.endpoints('default', 'web'))).toEqual([]);
    // In the node box, the group comes after the pods shown.
    const laid = await layoutGraph(graph, elk);
    const inBox = laid.nodes.filter((n) => n.parentId === ids.node('node-1') && n.type === 'pod');
    expect(Math.max(...inBox.filter((n) => !n.group).map((n) => n.y))).toBeLessThan(inBox.find((n) => n.group)?.y ?? 0);
    // Expanded: all 100 pods, none folded into the box's own group either.
    const expanded = buildGraph(cluster.objects(), { expand: [group?.id ?? ''] });
    expect(expanded.nodes.filter((n) => n.type === 'pod' && !n.group)).toHaveLength(100);
    expect(groups(expanded)).toEqual([]);
  });

  it(`${GROUPING.ownerPods} pods of one owner on a node are drawn one by one`, () => {
    const graph = buildGraph(createCluster(deployment('web', GROUPING.ownerPods), ONE_NODE).objects());
    expect(graph.nodes.filter((n) => n.type === 'pod')).toHaveLength(GROUPING.ownerPods);
    expect(groups(graph)).toEqual([]);
  });

  it(`past ${GROUPING.nodePods} elements in a node box, the first ${GROUPING.nodePodsShown} and "+ N more pods"`, () => {
    const yaml = Array.from({ length: 10 }, (_, i) => deployment(`app-${i}`, 5)).join('---\n');
    const graph = buildGraph(createCluster(yaml, ONE_NODE).objects());
    const pods = graph.nodes.filter((n) => n.type === 'pod');
    expect(pods).toHaveLength(GROUPING.nodePodsShown + 1);
    const group = pods.at(-1);
    expect(group).toMatchObject({
      id: groupIds.nodePods('node-1'),
      title: '+ 26 more pods',
      tag: 'Pods',
      group: { of: 'pods', count: 26 },
    });
    expect(group?.group?.owner).toBeUndefined();
    expect(
      buildGraph(createCluster(yaml, ONE_NODE).objects(), { expand: [group?.id ?? ''] }).nodes.filter((n) => n.type === 'pod'),
    ).toHaveLength(50);
  });

  it(`past ${GROUPING.services} Services: those an Ingress routes to and the first by name, "+ N more Services" for the rest`, () => {
    const services = Array.from({ length: 60 }, (_, i) => deployment(`s-${String(i).padStart(2, '0')}`, 1)).join('---\n');
    const ingress = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ing}
spec:
  rules:
  - http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: s-59, port: {number: 80}}}}]
`;
    const cluster = createCluster(services + ingress, { nodes: 3 });
    const graph = buildGraph(cluster.objects());
    const shown = graph.nodes.filter((n) => n.type === 'service' && !n.group).map((n) => n.title);
    expect(shown).toHaveLength(GROUPING.servicesShown);
    expect(graph.nodes.some((n) => n.id === ids.service('ingress-nginx', 'ingress-nginx-controller'))).toBe(true);
    expect(shown).toContain('s-59'); // routed to by the Ingress
    expect(shown).toContain('s-00');
    expect(shown).not.toContain('s-28');
    const group = graph.nodes.find((n) => n.group?.of === 'services');
    expect(group).toMatchObject({ id: groupIds.services('default'), title: '+ 31 more Services', group: { count: 31 } });
    expect(group?.lines).toEqual(['s-28, s-29, s-30, …', '31 with ready endpoints']);
    const slice28 = cluster
      .objects()
      .find((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 's-28');
    expect(group?.group?.members.slice(0, 3)).toEqual([
      ids.service('default', 's-28'),
      ids.endpointSlice('default', slice28?.metadata.name ?? ''),
      ids.endpoints('default', 's-28'),
    ]);
    // Their slices and Endpoints fold with them; the group leads to their pods.
    expect(graph.nodes.some((n) => n.id === ids.endpoints('default', 's-28'))).toBe(false);
    expect(graph.nodes.some((n) => n.id === ids.endpointSlice('default', slice28?.metadata.name ?? ''))).toBe(false);
    expect(graph.edges.filter((e) => e.source === group?.id && e.type === 'endpoint')).toHaveLength(31);
    expect(graph.edges.some((e) => e.source === ids.ingress('default', 'ing') && e.target === ids.service('default', 's-59'))).toBe(true);
    const expanded = buildGraph(cluster.objects(), { expand: [group?.id ?? ''] });
    expect(expanded.nodes.filter((n) => n.type === 'service')).toHaveLength(61); // and the ingress controller's
    expect(groups(expanded)).toEqual([]);
  });

  it('a request to a pod inside a group is placed on the group', () => {
    const cluster = createCluster(
      `${deployment('web', 40)}---\napiVersion: v1\nkind: Pod\nmetadata: {name: client}\nspec: {containers: [{name: c, image: curl}]}\n`,
      ONE_NODE,
    );
    const graph = buildGraph(cluster.objects());
    const group = graph.nodes.find((n) => n.group);
    const request = { from: { pod: 'client' }, to: 'http://web/' };
    const trace = cluster.send(request);
    expect(trace.ok).toBe(true);
    const last = placeHops(graph, request, trace).places.at(-1);
    const folded = group?.addresses.includes(trace.pod ? (cluster.get('Pod', trace.pod.name)?.status.podIP ?? '') : '');
    expect(last?.at).toBe(folded ? group?.id : ids.pod('default', trace.pod?.name ?? ''));
  });
});
