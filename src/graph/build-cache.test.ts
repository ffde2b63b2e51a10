/**
 * buildGraph's cache (BuildOptions.cache): between builds of one living cluster a pod's element
 * is made again only when the pod was written since (a new resourceVersion, as every write to the
 * API server gives); the graph is the same as one built without it.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import { buildCache, buildGraph, GROUPING, groupIds } from './build';
import { webApp } from '../test-support/manifests';

const pod = (label: string) => `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web, tier: ${label}}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
`;
const other = `---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: other}}
spec: {containers: [{name: c, image: nginx}]}
`;

describe('buildGraph with a cache kept between builds of a living cluster', () => {
  it('gives the graph a build without it gives, with elements of their own (layout moves them)', () => {
    const cluster = createCluster(pod('front') + other);
    const cache = buildCache();
    const first = buildGraph(cluster.objects({ copy: false }), { cache });
    const again = buildGraph(cluster.objects({ copy: false }), { cache });
    expect(again).toEqual(buildGraph(cluster.objects({ copy: false })));
    const element = (g: typeof first) => g.nodes.find((n) => n.id === 'pod:default/web');
    expect(element(again)).toEqual(element(first));
    expect(element(again)).not.toBe(element(first));
  });

  it('makes a pod’s element again once the pod was written (its labels edited), and only that one', () => {
    const cluster = createCluster(pod('front') + other);
    const cache = buildCache();
    const before = buildGraph(cluster.objects({ copy: false }), { cache });
    cluster.sync(pod('back') + other);
    const after = buildGraph(cluster.objects({ copy: false }), { cache });
    const lines = (g: typeof before, id: string) => g.nodes.find((n) => n.id === id)?.lines.join(' | ');
    expect(lines(before, 'pod:default/web')).toContain('tier=front');
    expect(lines(after, 'pod:default/web')).toContain('tier=back');
    expect(lines(after, 'pod:default/other')).toBe(lines(before, 'pod:default/other'));
    expect(after).toEqual(buildGraph(cluster.objects({ copy: false })));
  });

  // 30 pods of one Deployment on one node (past GROUPING.ownerPods): the first few and one group.
  const grouped = (port: number, replicas = 30) => webApp({ replicas, port, targetPort: 8080, containerPort: 8080 });
  const groupOf = (g: ReturnType<typeof buildGraph>) => g.nodes.find((n) => n.group?.of === 'pods');

  it('reuses the pod elements and groups while no pod was written (a Service edited), and makes them again once one was (a scale)', () => {
    const cluster = createCluster(grouped(80), { nodes: 1 });
    const cache = buildCache();
    const first = buildGraph(cluster.objects({ copy: false }), { cache });
    expect(groupOf(first)?.group?.count).toBe(30 - GROUPING.ownerPodsShown);
    cluster.sync(grouped(81));
    const edited = buildGraph(cluster.objects({ copy: false }), { cache });
    expect(edited).toEqual(buildGraph(cluster.objects({ copy: false })));
    expect(edited.nodes.find((n) => n.id === 'svc:default/web')?.lines.join(' ')).toContain('81');
    expect(groupOf(edited)).toEqual(groupOf(first));
    expect(groupOf(edited)).not.toBe(groupOf(first)); // a copy: layout moves it
    cluster.sync(grouped(81, 20));
    const scaled = buildGraph(cluster.objects({ copy: false }), { cache });
    expect(scaled).toEqual(buildGraph(cluster.objects({ copy: false })));
    expect(groupOf(scaled)?.group?.count).toBe(20 - GROUPING.ownerPodsShown);
  });

  it('draws a group member by member once it is unfolded, with the same pods', () => {
    const cluster = createCluster(grouped(80), { nodes: 1 });
    const cache = buildCache();
    const folded = buildGraph(cluster.objects({ copy: false }), { cache });
    const id = groupOf(folded)?.id ?? '';
    expect(id).toBe(groupIds.ownerPods('node-1', 'default', groupOf(folded)?.group?.owner?.name ?? ''));
    const unfolded = buildGraph(cluster.objects({ copy: false }), { cache, expand: [id] });
    expect(unfolded).toEqual(buildGraph(cluster.objects({ copy: false }), { expand: [id] }));
    expect(groupOf(unfolded)).toBeUndefined();
    expect(unfolded.nodes.filter((n) => n.type === 'pod')).toHaveLength(30);
  });
});
