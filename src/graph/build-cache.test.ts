/**
 * buildGraph's cache (BuildOptions.cache): between builds of one living cluster a pod's element
 * is made again only when the pod was written since (a new resourceVersion, as every write to the
 * API server gives); the graph is the same as one built without it.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import { buildCache, buildGraph } from './build';

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
});
