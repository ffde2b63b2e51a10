import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, nodeIP, podIP, podYaml, route, serviceYaml } from './fixtures';
import type { Trace } from './types';

const DNS = '10.96.0.10:53';

/** web-a on node-2, web-b on node-3 (port 8080), a client on node-1. */
function cluster(serviceExtra: Partial<Parameters<typeof serviceYaml>[1]> = {}, pods = ['web-a@node-2', 'web-b@node-3']) {
  const yaml =
    serviceYaml('web', { selector: { app: 'web' }, ...serviceExtra }) +
    pods.map((p) => podYaml(p.split('@')[0] as string, { labels: { app: 'web' }, node: p.split('@')[1] as string, port: 8080 })).join('') +
    podYaml('client', { node: 'node-1' });
  const c = createCluster(yaml);
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return c;
}

describe('pod -> ClusterIP (pkg/proxy/iptables/proxier.go: KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP DNAT)', () => {
  it('DNATs the cluster IP to the ready endpoint, routes to its node and keeps the pod source (no masquerade for pods)', () => {
    const c = cluster({}, ['web-a@node-2']);
    const vip = clusterIP(c, 'web');
    const client = podIP(c, 'client');
    const a = podIP(c, 'web-a');
    const trace = c.send({ from: { pod: 'client' }, to: 'http://web/healthz' });
    expect(trace.ok).toBe(true);
    expect(route(trace.hops)).toEqual([
      `dns@node-1 ${client} -> ${DNS}`,
      `client@node-1 ${client} -> ${vip}:80`,
      `kube-proxy@node-1 ${client} -> ${vip}:80`,
      `kube-proxy@node-1 ${client} -> ${vip}:80`,
      `kube-proxy@node-1 ${client} -> ${a}:8080 DNAT`,
      `node@node-2 ${client} -> ${a}:8080`,
      `pod@node-2 ${client} -> ${a}:8080`,
    ]);
    const [, , services, svc, sep] = trace.hops;
    expect(services?.rule).toMatch(
      new RegExp(
        `^-A KUBE-SERVICES -m comment --comment "default/web cluster IP" -m tcp -p tcp -d ${vip} --dport 80 -j KUBE-SVC-[A-Z2-7]{16}$`,
      ),
    );
    expect(svc?.rule).toMatch(
      new RegExp(`^-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default/web -> ${a}:8080" -j KUBE-SEP-[A-Z2-7]{16}$`),
    );
    expect(sep?.rule).toMatch(
      new RegExp(`^-A KUBE-SEP-[A-Z2-7]{16} -m comment --comment default/web -m tcp -p tcp -j DNAT --to-destination ${a}:8080$`),
    );
    expect(trace.pod).toEqual({ name: 'web-a', namespace: 'default', node: 'node-2', ip: a, port: 8080 });
    expect(trace.sourceIpSeenByPod).toBe(client);
    expect(trace.hops[0]?.rule).toBe(`web.default.svc.cluster.local. 30 IN A ${vip}`);
  });

  it('an endpoint on the client node needs no node hop', () => {
    const c = cluster({}, ['web-a@node-1']);
    const trace = c.send({ from: { pod: 'client' }, to: `${clusterIP(c, 'web')}:80` });
    expect(trace.hops.map((h) => h.component)).toEqual(['client', 'kube-proxy', 'kube-proxy', 'kube-proxy', 'pod']);
    expect(trace.pod?.name).toBe('web-a');
    expect(trace.sourceIpSeenByPod).toBe(podIP(c, 'client'));
  });

  it('a pod reaching itself through its Service is masqueraded to its bridge address (KUBE-SEP "-s <pod IP> -j KUBE-MARK-MASQ", hairpin)', () => {
    const c = cluster({}, ['web-a@node-2']);
    const a = podIP(c, 'web-a');
    const vip = clusterIP(c, 'web');
    const trace = c.send({ from: { pod: 'web-a' }, to: `${vip}:80` });
    expect(route(trace.hops)).toEqual([
      `client@node-2 ${a} -> ${vip}:80`,
      `kube-proxy@node-2 ${a} -> ${vip}:80`,
      `kube-proxy@node-2 ${a} -> ${vip}:80`,
      `kube-proxy@node-2 ${a} -> ${vip}:80`,
      `kube-proxy@node-2 ${a} -> ${a}:8080 DNAT`,
      `kube-proxy@node-2 10.244.1.1 -> ${a}:8080 SNAT`,
      `pod@node-2 10.244.1.1 -> ${a}:8080`,
    ]);
    expect(trace.hops[3]?.rule).toMatch(new RegExp(`-s ${a} -j KUBE-MARK-MASQ$`));
    expect(trace.hops[5]?.rule).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    );
    expect(trace.sourceIpSeenByPod).toBe('10.244.1.1');
  });

  it('a host-network pod is masqueraded ("! -s <cluster CIDR> -j KUBE-MARK-MASQ" in KUBE-SVC)', () => {
    const c = createCluster(
      serviceYaml('web', { selector: { app: 'web' } }) +
        podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
        podYaml('agent', { node: 'node-1', hostNetwork: true }),
    );
    const trace = c.send({ from: { pod: 'agent' }, to: `${clusterIP(c, 'web')}:80` });
    expect(trace.ok).toBe(true);
    const mark = trace.hops.find((h) => h.rule?.includes('! -s 10.244.0.0/16 -j KUBE-MARK-MASQ'));
    expect(mark?.node).toBe('node-1');
    expect(trace.hops.find((h) => h.nat === 'SNAT')?.packet.src).toMatch(new RegExp(`^${nodeIP(c, 'node-1')}:`));
    expect(trace.sourceIpSeenByPod).toBe(nodeIP(c, 'node-1'));
  });

  it('spreads connections over every ready endpoint and never picks an unready one', () => {
    const yaml =
      serviceYaml('web', { selector: { app: 'web' } }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('web-b', { labels: { app: 'web' }, node: 'node-3', port: 8080 }) +
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-c, labels: {app: web}, annotations: {svcscope.dev/readiness: fail}}\nspec: {nodeName: node-3, containers: [{name: c, image: nginx}]}\n` +
      podYaml('client', { node: 'node-1' });
    const c = createCluster(yaml);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) seen.add(c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name ?? 'none');
    expect([...seen].sort()).toEqual(['web-a', 'web-b']);
  });
});

describe('what a cluster IP does not do (kube-proxy writes rules only for declared ports)', () => {
  it.each([
    ['a port the Service does not declare', 'web:8080', 'timed out: default/web does not declare port 8080/TCP (it declares 80/TCP)'],
    ['UDP to a TCP-only port', 'web:80', 'timed out: default/web does not declare port 80/UDP'],
    ['an address no Service has', '10.96.123.123:80', 'timed out: no Service has the cluster IP 10.96.123.123'],
  ])('%s matches no rule and times out', (_, to, reason) => {
    const c = cluster();
    const trace = c.send({ from: { pod: 'client' }, to, ...(to === 'web:80' ? { protocol: 'UDP' as const } : {}) });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toContain(reason);
    const last = trace.hops.at(-1);
    expect(last).toMatchObject({ component: 'kube-proxy', node: 'node-1' });
    expect(last?.rule).toBeUndefined();
  });

  it('ping of a cluster IP gets no answer (no ICMP rule), ping of a pod IP does', () => {
    const c = cluster();
    const vip = clusterIP(c, 'web');
    const ping = c.send({ from: { pod: 'client' }, to: { ping: 'web' } });
    expect(ping.ok).toBe(false);
    expect(ping.reason).toMatch(/^ping 10\.\d+\.\d+\.\d+: 100% packet loss/);
    expect(ping.hops.at(-1)).toMatchObject({ component: 'kube-proxy', packet: { dst: vip, protocol: 'ICMP' } });

    const a = podIP(c, 'web-a');
    const direct = c.send({ from: { pod: 'client' }, to: { ping: a } });
    expect(direct.ok).toBe(true);
    expect(route(direct.hops)).toEqual([
      `client@node-1 ${podIP(c, 'client')} -> ${a}`,
      `node@node-2 ${podIP(c, 'client')} -> ${a}`,
      `pod@node-2 ${podIP(c, 'client')} -> ${a}`,
    ]);
  });

  it('a Service without ready endpoints is REJECTed in the filter table ("<svc> has no endpoints")', () => {
    const c = cluster({}, []);
    const vip = clusterIP(c, 'web');
    const trace = c.send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(/^connection refused: Service default\/web has no ready endpoints/);
    // A pod's packet for a cluster IP is routed on: FORWARD jumps to the filter table's KUBE-SERVICES.
    expect(trace.hops.at(-1)?.rule?.split('\n')).toEqual([
      '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      `-A KUBE-SERVICES -m comment --comment "default/web has no endpoints" -m tcp -p tcp -d ${vip} --dport 80 -j REJECT`,
    ]);
    for (const line of trace.hops.at(-1)?.rule?.split('\n') ?? []) expect(c.iptables('node-1')).toContain(line);
  });
});

describe('sessionAffinity: ClientIP (writeServiceToEndpointRules: -m recent --rcheck --seconds --reap)', () => {
  const affinity = { extra: '  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 5}}' };
  /** The KUBE-SVC hop: the rule of the Service's chain that chose the endpoint. */
  const svcHop = (t: Trace) => t.hops.find((h) => h.rule?.startsWith('-A KUBE-SVC-'));

  it('pins a client to the endpoint it first got, until the timeout (simulated seconds) has passed', () => {
    const c = cluster(affinity, ['web-a@node-2', 'web-b@node-3', 'web-c@node-3']);
    const first = c.send({ from: { pod: 'client' }, to: 'web:80' });
    const sticky = first.pod?.name;
    for (let i = 0; i < 30; i++) {
      const t = c.send({ from: { pod: 'client' }, to: 'web:80' });
      expect(t.pod?.name).toBe(sticky);
      expect(t.hops.find((h) => h.rule?.includes('--rcheck'))?.rule).toMatch(
        /-m recent --name KUBE-SEP-[A-Z2-7]{16} --rcheck --seconds 5 --reap -j KUBE-SEP-/,
      );
    }
    expect(first.hops.find((h) => h.nat === 'DNAT')?.rule).toMatch(/-m recent --name (KUBE-SEP-[A-Z2-7]{16}) --set -m tcp -p tcp -j DNAT/);
    // One second later (a Namespace applied one simulated second on) the client is still pinned.
    c.apply('apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    expect(svcHop(c.send({ from: { pod: 'client' }, to: 'web:80' }))?.rule).toContain('--rcheck --seconds 5');
    // Six more namespaces, one simulated second apart: the 5 s affinity has expired.
    c.apply(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join('---\n'));
    // The first request after expiry is not caught by the --rcheck rule (it finds the entry too old
    // and --reap drops it): it falls through to the -m statistic rules, as a new client would.
    const expired = svcHop(c.send({ from: { pod: 'client' }, to: 'web:80' }));
    expect(expired?.rule).not.toContain('--rcheck');
    expect(expired?.rule).toMatch(
      /^-A KUBE-SVC-[A-Z2-7]{16} -m comment --comment "default\/web -> [\d.]+:8080" (-m statistic --mode random --probability [\d.]+ )?-j KUBE-SEP-[A-Z2-7]{16}$/,
    );
    expect(expired?.note).toMatch(/ picks endpoint [1-3] of 3 /);
    // ...and pins the client anew: the next requests are caught by --rcheck again, all to one pod.
    const after = new Set<string | undefined>();
    for (let i = 0; i < 10; i++) {
      const t = c.send({ from: { pod: 'client' }, to: 'web:80' });
      expect(svcHop(t)?.rule).toContain('--rcheck');
      after.add(t.pod?.name);
    }
    expect(after.size).toBe(1);
  });

  it('after the timeout the pick is no longer forced: over seeds, the endpoint after expiry differs from the first one', () => {
    const yaml =
      serviceYaml('web', { selector: { app: 'web' }, ...affinity }) +
      ['web-a@node-2', 'web-b@node-3', 'web-c@node-3']
        .map((p) => podYaml(p.split('@')[0] as string, { labels: { app: 'web' }, node: p.split('@')[1] as string, port: 8080 }))
        .join('') +
      podYaml('client', { node: 'node-1' });
    const changed: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const c = createCluster(yaml, { seed });
      const first = c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name;
      c.apply(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`).join('---\n'));
      const later = c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name;
      expect(later).toMatch(/^web-[abc]$/);
      if (later !== first) changed.push(seed);
    }
    // With affinity never expiring every seed would give the first pod again; a fresh uniform pick
    // over 3 endpoints keeps it with probability 1/3, so some seeds must move.
    expect(changed.length).toBeGreaterThan(0);
  });

  it('without affinity the same client is spread over the endpoints', () => {
    const c = cluster({}, ['web-a@node-2', 'web-b@node-3', 'web-c@node-3']);
    const names = new Set(Array.from({ length: 30 }, () => c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name));
    expect(names.size).toBe(3);
  });
});

describe('internalTrafficPolicy: Local (CategorizeEndpoints, pkg/proxy/topology.go)', () => {
  it('uses only endpoints on the client node; with none there it DROPs ("has no local endpoints")', () => {
    const c = cluster({ extra: '  internalTrafficPolicy: Local' }, ['web-a@node-1', 'web-b@node-3']);
    for (let i = 0; i < 10; i++) expect(c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name).toBe('web-a');
    c.delete('Pod', 'web-a');
    const trace = c.send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.ok).toBe(false);
    expect(trace.hops.at(-1)?.rule?.split('\n').at(-1)).toBe(
      `-A KUBE-SERVICES -m comment --comment "default/web has no local endpoints" -m tcp -p tcp -d ${clusterIP(c, 'web')} --dport 80 -j DROP`,
    );
  });
});

describe('hops name the objects whose rules decided them (a picture lights them one at a time)', () => {
  // kube-proxy reads EndpointSlices, not v1 Endpoints (pkg/proxy/config EndpointSliceConfig).
  it('the KUBE-SVC jump uses the Service; the KUBE-SEP pick and the DNAT use the EndpointSlice the endpoint came from, with the endpoint picked', () => {
    const c = cluster();
    const trace = c.send({ from: { pod: 'client' }, to: 'http://web/' });
    expect(trace.ok).toBe(true);
    const proxy = trace.hops.filter((h) => h.component === 'kube-proxy');
    const service = { kind: 'Service', name: 'web', namespace: 'default' };
    expect(proxy[0]?.uses).toEqual([service]);
    const dnat = proxy.find((h) => h.nat === 'DNAT');
    const picked = `${trace.pod?.ip}:${trace.pod?.port}`;
    const slice = c
      .objects()
      .find((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'web' && o.endpoints.length > 0);
    expect(slice?.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(dnat?.uses).toEqual([service, { kind: 'EndpointSlice', name: slice?.metadata.name, namespace: 'default', address: picked }]);
    const pick = proxy.find((h) => h.uses?.length === 2 && h.nat === undefined);
    expect(pick?.uses).toEqual(dnat?.uses);
    // Hops that consult no Service's rules name nothing.
    expect(trace.hops.filter((h) => h.component === 'dns' || h.component === 'pod').every((h) => h.uses === undefined)).toBe(true);
  });
});
