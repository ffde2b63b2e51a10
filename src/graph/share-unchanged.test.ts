import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import { buildGraph } from './build';
import { shareUnchanged } from './share-unchanged';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';

const SEED = `${simpleService}\n---\n${deployment}`;

describe('structural sharing between graph versions', () => {
  it('keeps the objects of unchanged elements and replaces only the changed ones', () => {
    const before = buildGraph(createCluster(SEED).objects());
    const after = shareUnchanged(before, buildGraph(createCluster(SEED.replace('port: 80', 'port: 81')).objects()));
    const changed = after.nodes.filter((n, i) => n !== before.nodes[i]).map((n) => n.id);
    expect(changed).toEqual(['svc:default/random-generator']);
    expect(after.nodes.find((n) => n.id === 'svc:default/random-generator')?.lines).toContain('81→8080/TCP');
  });

  it('returns the previous graph itself when nothing changed', () => {
    const before = buildGraph(createCluster(SEED).objects());
    expect(shareUnchanged(before, buildGraph(createCluster(SEED).objects()))).toBe(before);
  });
});
