import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, nodeIP, podIP, podYaml, route, serviceYaml } from './fixtures';

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');
const DNS = '10.96.0.10:53';

describe('a selector-less Service with hand-written Endpoints (seed 13-3 + 13-4; proxier.go treats their addresses like pods)', () => {
  const c = createCluster(
    [seed('13-3-service-without-selector.yaml'), seed('13-4-endpoints-for-external-service.yaml')].join('---\n') +
      podYaml('client', { node: 'node-2' }),
  );

  it('DNATs the cluster IP to 1.1.1.1:8080 or 2.2.2.2:8080, and the packet leaves the cluster with the node address', () => {
    const vip = clusterIP(c, 'external-service');
    const client = podIP(c, 'client');
    const node = nodeIP(c, 'node-2');
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const trace = c.send({ from: { pod: 'client' }, to: 'external-service:80' });
      expect(trace.ok).toBe(true);
      const ip = trace.external?.ip ?? '';
      seen.add(ip);
      expect(route(trace.hops)).toEqual([
        `dns@node-2 ${client} -> ${DNS}`,
        `client@node-2 ${client} -> ${vip}:80`,
        `kube-proxy@node-2 ${client} -> ${vip}:80`,
        `kube-proxy@node-2 ${client} -> ${vip}:80`,
        `kube-proxy@node-2 ${client} -> ${ip}:8080 DNAT`,
        `node@node-2 ${node} -> ${ip}:8080 SNAT`,
        `external@- ${node} -> ${ip}:8080`,
      ]);
      expect(trace.hops[4]?.rule).toContain(`-j DNAT --to-destination ${ip}:8080`);
      expect(trace.external).toEqual({ host: ip, ip, port: 8080 });
      expect(trace.pod).toBeUndefined();
    }
    expect([...seen].sort()).toEqual(['1.1.1.1', '2.2.2.2']);
  });
});

describe('ExternalName (seed 13-5): a CNAME in DNS, no proxying (ShouldSkipService skips it)', () => {
  it('resolves the CNAME to the outside address and connects to it directly, with no kube-proxy hop', () => {
    const c = createCluster(seed('13-5-external-name.yaml') + podYaml('client', { node: 'node-3' }));
    const trace = c.send({ from: { pod: 'client' }, to: 'http://database-service/' });
    expect(trace.ok).toBe(true);
    const client = podIP(c, 'client');
    const ip = trace.external?.ip ?? '';
    expect(ip).toMatch(/^198\.51\.100\.\d+$/);
    expect(route(trace.hops)).toEqual([
      `dns@node-3 ${client} -> ${DNS}`,
      `client@node-3 ${client} -> ${ip}:80`,
      `node@node-3 ${nodeIP(c, 'node-3')} -> ${ip}:80 SNAT`,
      `external@- ${nodeIP(c, 'node-3')} -> ${ip}:80`,
    ]);
    expect(trace.hops[0]?.rule).toBe(
      `database-service.default.svc.cluster.local. 30 IN CNAME my.database.example.com.\nmy.database.example.com. 300 IN A ${ip}`,
    );
    expect(trace.hops[0]?.note).toContain('tried database-service.default.svc.cluster.local.');
    expect(trace.hops.some((h) => h.component === 'kube-proxy')).toBe(false);
    expect(trace.external).toEqual({ host: 'my.database.example.com', ip, port: 80 });
    expect(c.iptables('node-3')).not.toContain('database-service');
  });
});

describe('headless Service (clusterIP: None): DNS returns the pods, no proxying', () => {
  it('connects straight to a pod IP from the A records, on the port the client names', () => {
    const c = createCluster(
      serviceYaml('db', { selector: { app: 'db' }, ports: '[{port: 5432}]', extra: '  clusterIP: None' }) +
        podYaml('db-0', { labels: { app: 'db' }, node: 'node-2', port: 5432 }) +
        podYaml('db-1', { labels: { app: 'db' }, node: 'node-3', port: 5432 }) +
        podYaml('client', { node: 'node-1' }),
    );
    const client = podIP(c, 'client');
    const names = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const trace = c.send({ from: { pod: 'client' }, to: 'db:5432' });
      expect(trace.ok).toBe(true);
      const pod = trace.pod;
      if (!pod) throw new Error('no pod');
      names.add(pod.name);
      expect(route(trace.hops)).toEqual([
        `dns@node-1 ${client} -> ${DNS}`,
        `client@node-1 ${client} -> ${pod.ip}:5432`,
        `node@${pod.node} ${client} -> ${pod.ip}:5432`,
        `pod@${pod.node} ${client} -> ${pod.ip}:5432`,
      ]);
      expect(trace.hops[0]?.rule?.split('\n')).toHaveLength(2);
      expect(trace.sourceIpSeenByPod).toBe(client);
    }
    expect([...names].sort()).toEqual(['db-0', 'db-1']);
  });
});

describe('names and addresses that go nowhere', () => {
  const c = createCluster(
    serviceYaml('web', { selector: { app: 'web' } }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('client', { node: 'node-1' }),
  );

  it('NXDOMAIN ends the trace at the dns hop, listing the search path tried', () => {
    const trace = c.send({ from: { pod: 'client' }, to: 'http://nope/' });
    expect(trace.ok).toBe(false);
    expect(trace.hops.map((h) => h.component)).toEqual(['dns']);
    expect(trace.reason).toBe(
      'DNS lookup of "nope" failed: NXDOMAIN (no such name); names tried: nope.default.svc.cluster.local., nope.svc.cluster.local., nope.cluster.local., nope.',
    );
  });

  it.each([
    [
      'a cluster name, through public DNS',
      'web.default.svc.cluster.local:80',
      /^DNS lookup of "web.default.svc.cluster.local" failed: NXDOMAIN/,
    ],
    ['a pod IP', () => `${podIP(c, 'web-a')}:8080`, /is in the pod network 10\.244\.0\.0\/16, which is routed only inside the cluster/],
    ['a cluster IP', () => `${clusterIP(c, 'web')}:80`, /is in the Service network 10\.96\.0\.0\/12/],
  ])('an outside client cannot reach %s', (_, to, reason) => {
    const trace = c.send({ from: { external: '203.0.113.50' }, to: typeof to === 'string' ? to : to() });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(reason);
  });

  it.each([
    [{ from: { pod: 'ghost' }, to: 'web:80' }, 'pod "ghost" not found in namespace "default"'],
    [{ from: { external: 'not-an-ip' }, to: 'web:80' }, 'the external client\'s address "not-an-ip" is not an IPv4 address'],
    [{ from: { pod: 'client' }, to: 'web:99999' }, '"web:99999": port "99999" is not a number from 1 to 65535'],
  ])('rejects a bad request %#', (request, reason) => {
    expect(c.send(request)).toEqual({ ok: false, verdict: { kind: 'not-sent' }, reason, hops: [] });
  });

  it('a pod reaches the API server through the kubernetes Service (default/kubernetes:https -> :6443 on the control plane)', () => {
    const trace = c.send({ from: { pod: 'client' }, to: 'https://kubernetes.default/' });
    expect(trace.ok).toBe(true);
    expect(trace.external).toEqual({ host: 'kube-apiserver', ip: nodeIP(c, 'node-1'), port: 6443 });
    expect(trace.hops.find((h) => h.nat === 'DNAT')?.rule).toMatch(
      /^-A KUBE-SEP-[A-Z2-7]{16} -m comment --comment default\/kubernetes:https -m tcp -p tcp -j DNAT --to-destination 192\.168\.49\.2:6443$/,
    );
  });
});

describe('externalIPs (KUBE-SERVICES "external IP" rule -> KUBE-EXT)', () => {
  const c = createCluster(
    serviceYaml('web', { selector: { app: 'web' }, extra: '  externalIPs: [192.168.49.4, 198.18.0.10]' }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('client', { node: 'node-1' }),
  );

  it("a pod's packet to an external IP is captured on its own node", () => {
    const trace = c.send({ from: { pod: 'client' }, to: '198.18.0.10:80' });
    expect(trace.ok).toBe(true);
    expect(trace.hops[1]?.rule).toMatch(
      /^-A KUBE-SERVICES -m comment --comment "default\/web external IP" -m tcp -p tcp -d 198\.18\.0\.10 --dport 80 -j KUBE-EXT-[A-Z2-7]{16}$/,
    );
    expect(trace.pod?.name).toBe('web-a');
  });

  it('from outside, an external IP that is a node address reaches kube-proxy there; one that no node holds is not routed', () => {
    const viaNode = c.send({ from: { external: '203.0.113.5' }, to: '192.168.49.4:80' });
    expect(viaNode.ok).toBe(true);
    expect(viaNode.hops.find((h) => h.rule?.includes('external IP'))?.node).toBe('node-3');
    expect(viaNode.sourceIpSeenByPod).toBe('192.168.49.4');
    const unrouted = c.send({ from: { external: '203.0.113.5' }, to: '198.18.0.10:80' });
    expect(unrouted.ok).toBe(false);
    expect(unrouted.reason).toContain('is a Service externalIP, but the simulated network routes it to no node');
  });
});

describe('host-network endpoints', () => {
  it('a Service over a hostNetwork pod DNATs to the node address and the pod there receives it', () => {
    const c = createCluster(
      serviceYaml('agent', { selector: { app: 'agent' }, ports: '[{port: 9100}]' }) +
        podYaml('agent-x', { labels: { app: 'agent' }, node: 'node-3', hostNetwork: true }) +
        podYaml('client', { node: 'node-1' }),
    );
    const trace = c.send({ from: { pod: 'client' }, to: 'agent:9100' });
    expect(trace.ok).toBe(true);
    expect(trace.pod).toEqual({ name: 'agent-x', namespace: 'default', node: 'node-3', ip: nodeIP(c, 'node-3'), port: 9100 });
    expect(trace.sourceIpSeenByPod).toBe(podIP(c, 'client'));
  });
});
