/**
 * What the simulation keeps beside the objects lives on each cluster's ClusterState
 * (src/engine/derived.ts): a second cluster neither sees nor moves the first one's data plane.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from './index';

const pod = (name: string, app: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {app: ${app}}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
`;
const yaml = (affinity: boolean) =>
  `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
${affinity ? '  sessionAffinity: ClientIP\n' : ''}` +
  pod('web-a', 'web') +
  pod('web-b', 'web') +
  pod('web-c', 'web') +
  pod('client', 'client');

const send = (c: ReturnType<typeof createCluster>) => c.send({ from: { pod: 'client' }, to: 'web:80' });

describe('each cluster keeps its own data plane (DataplaneState on its ClusterState)', () => {
  it('xt_recent lists: a client pinned in one cluster is a new client in another', () => {
    const first = createCluster(yaml(true));
    send(first);
    expect(send(first).hops.some((h) => h.rule?.includes('--rcheck'))).toBe(true);
    const second = createCluster(yaml(true));
    // Its first request finds no entry in the `-m recent` list: chosen by -m statistic, then pinned.
    expect(send(second).hops.some((h) => h.rule?.includes('--rcheck'))).toBe(false);
    expect(send(second).hops.some((h) => h.rule?.includes('--rcheck'))).toBe(true);
  });

  it('-m statistic randomness: a new cluster of the same seed picks as the first one did from its start', () => {
    const first = createCluster(yaml(false));
    const picks = Array.from({ length: 12 }, () => send(first).pod?.name);
    expect(new Set(picks).size).toBeGreaterThan(1); // the picks do vary
    const second = createCluster(yaml(false));
    expect(Array.from({ length: 12 }, () => send(second).pod?.name)).toEqual(picks);
    // ...and the first goes on from where it was, not moved by the second.
    const third = createCluster(yaml(false));
    const longer = Array.from({ length: 24 }, () => send(third).pod?.name);
    expect(Array.from({ length: 12 }, () => send(first).pod?.name)).toEqual(longer.slice(12));
  });
});
