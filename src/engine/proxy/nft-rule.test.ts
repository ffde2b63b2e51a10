/**
 * The nftables rule model and its one renderer (nft-rule.ts): every expression and verdict
 * kube-proxy writes in nftables mode (pkg/proxy/nftables/proxier.go), rendered as knftables hands
 * it to nft. Expected rule texts are those of TestOverallNFTablesRules
 * (pkg/proxy/nftables/proxier_test.go).
 */
import { describe, expect, it } from 'vitest';
import type { NftExpr, NftVerdict } from './nft-rule';
import {
  DROP,
  MASQUERADE,
  REJECT,
  RETURN,
  ctState,
  dnat,
  dport,
  fibLocal,
  goto,
  ip,
  jump,
  l4proto,
  markSet,
  markUnset,
  nftRule,
  numgen,
  renderNftRule,
  update,
  vmap,
} from './nft-rule';
import { anonymousSet, destinationHolds, valueHolds } from './nft-read';
import { NftTable } from './nft-rules';

const text = (exprs: NftExpr[], verdict?: NftVerdict, comment?: string): string => nftRule('chain', exprs, verdict, comment).text;

describe('renderNftRule: the rule text from the structure (pkg/proxy/nftables/proxier.go, TestOverallNFTablesRules)', () => {
  it("the base chains' jumps (nftablesJumpChains): with `ct state new` and without", () => {
    expect(text([ctState('new')], jump('firewall-check'))).toBe('ct state new jump firewall-check');
    expect(text([], jump('services'))).toBe('jump services');
  });

  it('the masquerade mark: mark set mark or / xor, mark and ... == 0 return, masquerade fully-random', () => {
    expect(text([markSet('or', '0x4000')])).toBe('mark set mark or 0x4000');
    expect(text([markUnset('0x4000')], RETURN)).toBe('mark and 0x4000 == 0 return');
    expect(text([markSet('xor', '0x4000')])).toBe('mark set mark xor 0x4000');
    expect(text([MASQUERADE])).toBe('masquerade fully-random');
  });

  it('ip daddr/saddr against a named set, an anonymous set and an address, with and without "!="', () => {
    expect(text([ip('daddr', { set: 'cluster-ips' }), REJECT], undefined, 'Reject traffic to invalid ports of ClusterIPs')).toBe(
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
    );
    expect(text([ip('daddr', { anonymous: ['172.30.0.0/16'] })], DROP, 'Drop traffic to unallocated ClusterIPs')).toBe(
      'ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"',
    );
    expect(text([ip('saddr', { anonymous: ['203.0.113.0/25', '192.168.0.0/16'] }, true)], DROP)).toBe(
      'ip saddr != { 203.0.113.0/25, 192.168.0.0/16 } drop',
    );
    expect(text([ip('daddr', '172.30.0.41'), dport('tcp', 80), ip('saddr', '10.0.0.0/8', true)], jump('mark-for-masquerade'))).toBe(
      'ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade',
    );
  });

  it('the verdict maps: `<key> vmap @<map>` and numgen over the endpoint chains', () => {
    expect(text([], vmap(['ip daddr', 'meta l4proto', 'th dport'], 'service-ips'))).toBe(
      'ip daddr . meta l4proto . th dport vmap @service-ips',
    );
    expect(text([fibLocal('daddr'), ip('daddr', '127.0.0.0/8', true)], vmap(['meta l4proto', 'th dport'], 'service-nodeports'))).toBe(
      'fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports',
    );
    expect(
      text([], numgen(['endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80', 'endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80'])),
    ).toBe(
      'numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }',
    );
  });

  it("the external chain's short-circuits: goto and jump with a comment, fib saddr type local", () => {
    expect(text([ip('saddr', '10.0.0.0/8')], goto('service-42NFTM6N-ns2/svc2/tcp/p80'), 'short-circuit pod traffic')).toBe(
      'ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"',
    );
    expect(text([fibLocal('saddr')], jump('mark-for-masquerade'), 'masquerade local traffic')).toBe(
      'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"',
    );
    expect(text([], goto('service-4AT6LBPK-ns3/svc3/tcp/p80'))).toBe('goto service-4AT6LBPK-ns3/svc3/tcp/p80');
  });

  it('an endpoint chain: the affinity set update, then meta l4proto ... dnat to; reject alone in reject-chain', () => {
    expect(text([update('affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80')])).toBe(
      'update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }',
    );
    expect(text([l4proto('tcp'), dnat('10.180.0.3:80')])).toBe('meta l4proto tcp dnat to 10.180.0.3:80');
    expect(text([REJECT])).toBe('reject');
  });

  it('text is renderNftRule of the structure, without the chain, written once and kept', () => {
    const rule = nftRule('endpoint-x', [ip('saddr', '10.180.0.3')], jump('mark-for-masquerade'));
    expect(rule.text).toBe(renderNftRule(rule));
    expect(rule.text).toBe('ip saddr 10.180.0.3 jump mark-for-masquerade');
    expect(rule.chain).toBe('endpoint-x');
  });
});

describe('what the nftables walk reads from a rule (nft-read.ts)', () => {
  const table = new NftTable();
  table.set({ kind: 'set', name: 'nodeport-ips', type: 'ipv4_addr' });
  table.element('nodeport-ips', { key: '192.168.49.2' });

  it('the anonymous set of `ip saddr != { ... }`', () => {
    const rule = nftRule('firewall-x', [ip('saddr', { anonymous: ['203.0.113.0/25', '198.51.100.7'] }, true)], DROP);
    expect(anonymousSet(rule, 'saddr')).toEqual(['203.0.113.0/25', '198.51.100.7']);
    expect(anonymousSet(rule, 'daddr')).toEqual([]);
    expect(valueHolds(table, { anonymous: anonymousSet(rule, 'saddr') }, '203.0.113.9')).toBe(true);
    expect(valueHolds(table, { anonymous: anonymousSet(rule, 'saddr') }, '198.51.100.7')).toBe(true);
    expect(valueHolds(table, { anonymous: anonymousSet(rule, 'saddr') }, '198.51.100.8')).toBe(false);
  });

  it('destination matches: a named set, "!=" a CIDR, fib daddr type local', () => {
    const inSet = nftRule('services', [ip('daddr', { set: 'nodeport-ips' })], vmap(['meta l4proto', 'th dport'], 'service-nodeports'));
    const matchAll = nftRule('services', [fibLocal('daddr'), ip('daddr', '127.0.0.0/8', true)], vmap(['meta l4proto', 'th dport'], 'x'));
    expect(destinationHolds(table, inSet, '192.168.49.2', true)).toBe(true);
    expect(destinationHolds(table, inSet, '192.168.49.3', true)).toBe(false);
    expect(destinationHolds(table, matchAll, '192.168.49.3', true)).toBe(true);
    expect(destinationHolds(table, matchAll, '192.168.49.3', false)).toBe(false);
    expect(destinationHolds(table, matchAll, '127.0.0.1', true)).toBe(false);
  });
});
