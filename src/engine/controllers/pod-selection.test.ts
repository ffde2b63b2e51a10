import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Pod } from '../model/types';
import { resolveOptions } from '../options';
import { ClusterState } from '../state';
import { matchesSet } from '../util/labels';
import { podsSelectedBy } from './pod-selection';

/** An empty cluster state: its store, and the caches the index is kept in. */
const emptyState = (): ClusterState => new ClusterState(resolveOptions({}).options);

const pod = (name: string, labels: Record<string, string>, namespace = 'default'): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [] },
    status: { phase: 'Running', conditions: [] },
  }) as unknown as Pod;

describe('podsSelectedBy: the label index answers what a scan with labels.SelectorFromSet answers', () => {
  it('the same pods in the same order as list().filter(matchesSet), for every selector over a mix of labels', () => {
    const state = emptyState();
    const { store } = state;
    const apps = ['web', 'api', 'db'];
    const tiers = ['front', 'back'];
    for (let i = 0; i < 60; i++)
      store.put(pod(`p-${i}`, { app: apps[i % 3] ?? '', ...(i % 4 ? { tier: tiers[i % 2] ?? '' } : {}) }, i % 5 ? 'default' : 'other'));
    const selectors: Record<string, string>[] = [
      {},
      { app: 'web' },
      { tier: 'front' },
      { app: 'api', tier: 'back' },
      { app: 'none' },
      { app: 'web', other: 'x' },
    ];
    for (const namespace of ['default', 'other', 'empty'])
      for (const selector of selectors) {
        const scan = store.list('Pod', namespace).filter((p) => matchesSet(selector, p.metadata.labels));
        expect(podsSelectedBy(state, namespace, selector).map((p) => p.metadata.name)).toEqual(scan.map((p) => p.metadata.name));
      }
  });

  it('follows changes: a pod stored with new labels, a pod removed', () => {
    const state = emptyState();
    const { store } = state;
    store.put(pod('a', { app: 'web' }));
    store.put(pod('b', { app: 'web' }));
    expect(podsSelectedBy(state, 'default', { app: 'web' }).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    const b = store.get('Pod', 'b');
    if (!b) throw new Error('no pod b');
    b.metadata = { ...b.metadata, labels: { app: 'api' } };
    store.put(b);
    expect(podsSelectedBy(state, 'default', { app: 'web' }).map((p) => p.metadata.name)).toEqual(['a']);
    expect(podsSelectedBy(state, 'default', { app: 'api' }).map((p) => p.metadata.name)).toEqual(['b']);
    store.remove('Pod', 'a');
    expect(podsSelectedBy(state, 'default', { app: 'web' })).toEqual([]);
  });

  it('a relabelled pod leaves and joins Endpoints as before (endpoints controller through the index)', () => {
    const yaml = (label: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: ${label}}}\nspec: {containers: [{name: c, image: nginx}]}\n`;
    const cluster = createCluster(yaml('web'));
    expect(cluster.endpoints('web')?.subsets[0]?.addresses).toHaveLength(1);
    cluster.sync(yaml('other'));
    expect(cluster.endpoints('web')?.subsets ?? []).toEqual([]);
    cluster.sync(yaml('web'));
    expect(cluster.endpoints('web')?.subsets[0]?.addresses).toHaveLength(1);
  });
});
