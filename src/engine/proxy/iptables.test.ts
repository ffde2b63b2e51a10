import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, podYaml, serviceYaml } from '../trace/fixtures';
import { extChain, svlChain } from './chains';

interface Table {
  chains: Set<string>;
  rules: string[];
}

/** Splits iptables-save text into its tables. */
function parse(text: string): Map<string, Table> {
  const tables = new Map<string, Table>();
  let current: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      current = { chains: new Set(), rules: [] };
      tables.set(line.slice(1), current);
    } else if (line.startsWith(':')) current?.chains.add(line.slice(1).split(' ')[0] ?? '');
    else if (line.startsWith('-A ')) current?.rules.push(line);
  }
  return tables;
}

const TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MARK', 'MASQUERADE', 'DNAT']);

const yaml =
  serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, ports: '[{name: http, port: 80, targetPort: 8080}]' }) +
  serviceYaml('local', { type: 'LoadBalancer', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
  serviceYaml('sticky', { selector: { app: 'web' }, extra: '  sessionAffinity: ClientIP' }) +
  serviceYaml('empty', { type: 'NodePort', selector: { app: 'none' } }) +
  serviceYaml('ranged', {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    extra: '  externalTrafficPolicy: Local\n  loadBalancerSourceRanges: [192.168.49.0/24]',
  }) +
  ['a', 'b', 'c', 'd'].map((n, i) => podYaml(`web-${n}`, { labels: { app: 'web' }, node: `node-${(i % 3) + 1}`, port: 8080 })).join('');

describe('iptables(node): the tables syncProxyRules writes (pkg/proxy/iptables/proxier.go)', () => {
  const c = createCluster(yaml);

  it.each(['node-1', 'node-2', 'node-3'])('on %s every jump targets a declared chain (checkIPTablesRuleJumps, proxier_test.go)', (node) => {
    const tables = parse(c.iptables(node));
    expect([...tables.keys()]).toEqual(['nat', 'filter']);
    expect([...(tables.get('nat') as Table).chains].filter((n) => /^KUBE-(FW|EXT)-/.test(n)).length).toBeGreaterThanOrEqual(4);
    for (const table of tables.values()) {
      for (const rule of table.rules) {
        const chain = rule.split(' ')[1] as string;
        expect(table.chains.has(chain)).toBe(true);
        // A rule may have no target (KUBE-FW's last rule only counts packets); a target must exist.
        const target = / -j (\S+)/.exec(rule)?.[1];
        if (target !== undefined) expect(TARGETS.has(target) || table.chains.has(target)).toBe(true);
      }
    }
  });

  it('writes the fixed scaffolding: jumps into KUBE-SERVICES/KUBE-POSTROUTING, the masquerade mark, and KUBE-NODEPORTS last', () => {
    const nat = parse(c.iptables('node-1')).get('nat') as Table;
    for (const line of [
      '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]) {
      expect(nat.rules).toContain(line);
    }
    const services = nat.rules.filter((r) => r.startsWith('-A KUBE-SERVICES '));
    expect(services.at(-1)).toBe(
      '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    );
  });

  it('a Service without endpoints gets no nat chains, only REJECT rules in the filter table', () => {
    const tables = parse(c.iptables('node-2'));
    const vip = clusterIP(c, 'empty');
    expect((tables.get('nat') as Table).rules.filter((r) => r.includes('default/empty'))).toEqual([]);
    const np = c.get('Service', 'empty')?.spec.ports[0]?.nodePort;
    expect((tables.get('filter') as Table).rules.filter((r) => r.includes('default/empty'))).toEqual([
      `-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/empty has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport ${np} -j REJECT`,
      `-A KUBE-SERVICES -m comment --comment "default/empty has no endpoints" -m tcp -p tcp -d ${vip} --dport 80 -j REJECT`,
    ]);
  });

  it('four endpoints: probabilities 1/4, 1/3, 1/2, then an unconditional jump', () => {
    const nat = parse(c.iptables('node-3')).get('nat') as Table;
    const rules = nat.rules.filter((r) => r.includes('"default/web:http -> '));
    expect(rules.map((r) => /--probability (\S+)/.exec(r)?.[1] ?? '-')).toEqual(['0.2500000000', '0.3333333333', '0.5000000000', '-']);
  });

  it("externalTrafficPolicy: Local writes the short-circuit rules and a KUBE-SVL chain of the node's own endpoints", () => {
    const nat = parse(c.iptables('node-1')).get('nat') as Table;
    const ext = nat.rules.filter((r) => r.startsWith(`-A ${extChain('default/local', 'tcp')} `));
    expect(ext.map((r) => r.replace(/KUBE-(EXT|SVC|SVL)-[A-Z2-7]{16}/g, 'KUBE-$1-X'))).toEqual([
      '-A KUBE-EXT-X -m comment --comment "pod traffic for default/local external destinations" -s 10.244.0.0/16 -j KUBE-SVC-X',
      '-A KUBE-EXT-X -m comment --comment "masquerade LOCAL traffic for default/local external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-X -m comment --comment "route LOCAL traffic for default/local external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-X',
      '-A KUBE-EXT-X -j KUBE-SVL-X',
    ]);
    // web-a and web-d run on node-1: its KUBE-SVL chain has exactly those two.
    const svl = nat.rules.filter((r) => r.startsWith(`-A ${svlChain('default/local', 'tcp')} `));
    expect(svl).toHaveLength(2);
    expect(svl[0]).toContain('--probability 0.5000000000');
  });

  it('sessionAffinity: ClientIP puts a recent --rcheck rule per endpoint before the statistic rules, and --set in each KUBE-SEP', () => {
    const nat = parse(c.iptables('node-1')).get('nat') as Table;
    const sticky = nat.rules.filter((r) => r.includes('"default/sticky -> '));
    expect(sticky).toHaveLength(8);
    expect(
      sticky.slice(0, 4).every((r) => / -m recent --name (KUBE-SEP-[A-Z2-7]{16}) --rcheck --seconds 10800 --reap -j \1$/.test(r)),
    ).toBe(true);
    expect(sticky.slice(4).some((r) => r.includes('-m recent'))).toBe(false);
    const dnat = nat.rules.filter((r) => r.includes('--comment default/sticky') && r.includes('DNAT'));
    expect(dnat).toHaveLength(4);
    expect(dnat.every((r) => / -m recent --name (KUBE-SEP-[A-Z2-7]{16}) --set -m tcp -p tcp -j DNAT/.test(r))).toBe(true);
  });

  it('throws for a node that does not exist', () => {
    expect(() => c.iptables('node-9')).toThrow('nodes "node-9" not found');
  });
});

describe('large clusters (largeClusterEndpointsThreshold = 1000)', () => {
  it('above 1000 endpoints the per-endpoint rules lose their comments', () => {
    // Two Services over the same 501 pods: 1002 endpoints.
    const pods = Array.from({ length: 501 }, (_, i) => podYaml(`p${i}`, { labels: { app: 'big' }, port: 8080 })).join('');
    const c = createCluster(serviceYaml('one', { selector: { app: 'big' } }) + serviceYaml('two', { selector: { app: 'big' } }) + pods);
    const nat = parse(c.iptables('node-1')).get('nat') as Table;
    const sep = nat.rules.filter((r) => r.startsWith('-A KUBE-SEP-'));
    expect(sep.length).toBe(2 * (1002 + 7 + 2)); // and the 7 endpoints of kubernetes and kube-dns, the 2 (http, https) of ingress-nginx-controller
    expect(sep.some((r) => r.includes('--comment'))).toBe(false);
    expect(nat.rules.filter((r) => r.startsWith('-A KUBE-SVC-') && r.includes(' -> '))).toEqual([]);
    expect(nat.rules.some((r) => r.includes('"default/one cluster IP"'))).toBe(true);
  }, 20_000);
});
