import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Hop } from '../index';
import { clusterIP, nodeIP, podYaml, serviceYaml } from '../trace/fixtures';

const YAML =
  serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, ports: '[{port: 80, targetPort: 8080, nodePort: 30080}]' }) +
  serviceYaml('sticky', { selector: { app: 'web' }, extra: '  sessionAffinity: ClientIP' }) +
  serviceYaml('local', {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    extra: '  externalTrafficPolicy: Local\n  loadBalancerSourceRanges: [192.168.49.0/24]',
  }) +
  serviceYaml('empty', { type: 'NodePort', selector: { app: 'none' } }) +
  podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
  podYaml('web-b', { labels: { app: 'web' }, node: 'node-3', port: 8080 }) +
  podYaml('client', { node: 'node-1' }) +
  podYaml('agent', { node: 'node-1', hostNetwork: true });

/** Every kube-proxy hop with rules, of requests to each Service's addresses from a pod, the node and outside. */
function proxyHops(proxyMode: 'iptables' | 'nftables'): Hop[] {
  const c = createCluster(YAML, { proxyMode });
  const lb = c.get('Service', 'local')?.status.loadBalancer.ingress?.[0]?.ip ?? '';
  const targets = [
    'web:80',
    'sticky:80',
    'local:80',
    'empty:80',
    `${clusterIP(c, 'web')}:81`,
    `${nodeIP(c, 'node-1')}:30080`,
    `${nodeIP(c, 'node-2')}:30080`,
    `${lb}:80`,
  ];
  const hops: Hop[] = [];
  for (const from of [
    { pod: 'client' },
    { pod: 'agent' },
    { pod: 'web-a' },
    { external: '198.51.100.7' },
    { external: '192.168.49.200' },
  ]) {
    for (const to of targets) hops.push(...c.send({ from, to }).hops.filter((h) => h.component === 'kube-proxy' && h.rule));
  }
  return hops;
}

describe('Hop.rules: the rules a kube-proxy hop shows, as structure beside their text', () => {
  it('iptables: one entry a `-A` line, with its chain and its -j target', () => {
    const hops = proxyHops('iptables');
    expect(hops.length).toBeGreaterThan(40);
    for (const hop of hops) {
      const lines = (hop.rule ?? '').split('\n');
      expect(hop.rules?.map((r) => r.chain)).toEqual(lines.map((l) => /^-A (\S+)/.exec(l)?.[1]));
      expect(hop.rules?.map((r) => r.target)).toEqual(lines.map((l) => / -j (\S+)/.exec(l)?.[1]));
    }
  });

  it('nftables: one entry a `<chain>: <rule>` line (map elements are not rules), with the chain it jumps or goes to', () => {
    const hops = proxyHops('nftables');
    expect(hops.length).toBeGreaterThan(40);
    for (const hop of hops) {
      const lines = (hop.rule ?? '').split('\n').filter((l) => !l.startsWith('@'));
      expect(hop.rules?.map((r) => r.chain)).toEqual(lines.map((l) => l.slice(0, l.indexOf(': '))));
      for (const [i, rule] of (hop.rules ?? []).entries()) {
        const verdict =
          / (?:jump|goto) (\S+)(?: comment "[^"]*")?$/.exec(lines[i] ?? '')?.[1] ?? / (drop|return)$/.exec(lines[i] ?? '')?.[1];
        if (!lines[i]?.includes(' vmap ')) expect(rule.target).toBe(verdict);
      }
    }
  });
});
