import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { podYaml, serviceYaml } from '../trace/fixtures';

function threeEndpoints(seed?: number) {
  return createCluster(
    serviceYaml('web', { selector: { app: 'web' } }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('web-b', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('web-c', { labels: { app: 'web' }, node: 'node-3', port: 8080 }) +
      podYaml('client', { node: 'node-1' }),
    seed === undefined ? {} : { seed },
  );
}

describe('load balancing by -m statistic --mode random --probability 1/(n-i) (writeServiceToEndpointRules, proxier.go)', () => {
  it.each([1, 7, 42])('10,000 requests over 3 endpoints land within 3 percent of uniform (seed %i)', (seed) => {
    const c = threeEndpoints(seed);
    const counts = new Map<string, number>();
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const name = c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name ?? 'none';
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['web-a', 'web-b', 'web-c']);
    for (const count of counts.values()) expect(Math.abs(count / N - 1 / 3)).toBeLessThan(0.03 / 3);
  });

  it('the rules are tried in order: the first with p=1/3, the second with p=1/2, the last always', () => {
    const c = threeEndpoints();
    const svc = c
      .iptables('node-1')
      .split('\n')
      .filter((l) => /^-A KUBE-SVC-\S+ -m comment --comment "default\/web -> /.test(l));
    expect(svc.map((l) => /--probability (\S+)/.exec(l)?.[1] ?? 'always')).toEqual(['0.3333333333', '0.5000000000', 'always']);
    // Endpoints are ordered by "ip:port" as the EndpointsMap sorts them (byEndpoint in endpointslicecache.go).
    const order = svc.map((l) => /-> ([\d.]+:\d+)"/.exec(l)?.[1] ?? '');
    expect(order).toEqual([...order].sort());
    // Which rule a request matched shows in its trace.
    const matched = new Set<string>();
    for (let i = 0; i < 30; i++) matched.add(c.send({ from: { pod: 'client' }, to: 'web:80' }).hops[3]?.rule ?? '');
    expect([...matched].sort()).toEqual([...svc].sort());
  });

  it('is deterministic: the same seed and the same requests give the same choices', () => {
    const picks = (c: ReturnType<typeof threeEndpoints>): string[] =>
      Array.from({ length: 50 }, () => c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name ?? '');
    expect(picks(threeEndpoints(5))).toEqual(picks(threeEndpoints(5)));
    expect(picks(threeEndpoints(5))).not.toEqual(picks(threeEndpoints(6)));
  });
});
