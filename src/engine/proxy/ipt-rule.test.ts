/**
 * The iptables rule model and its one renderer (ipt-rule.ts): every match and target kube-proxy
 * writes, rendered as syncProxyRules and writeServiceToEndpointRules write them to
 * iptables-restore (pkg/proxy/iptables/proxier.go). Expected lines are those of
 * pkg/proxy/iptables/proxier_test.go (TestOverallIPTablesRules and the tests named).
 */
import { describe, expect, it } from 'vitest';
import { probability } from './chains';
import type { IptMatch, IptTarget } from './ipt-rule';
import {
  addrtype,
  comment,
  ctstate,
  destination,
  dnatTo,
  dport,
  iptRule,
  jumpTo,
  mark,
  markWith,
  nfacct,
  protocol,
  recentCheck,
  recentSet,
  renderRule,
  source,
  statistic,
  verdict,
} from './ipt-rule';
import { destinationHolds, jumpTarget, sourceAddress, statisticProbability } from './ipt-read';

const text = (chain: string, matches: IptMatch[], target?: IptTarget): string => iptRule(chain, matches, target).text;

describe('renderRule: one iptables-restore line from the structure (pkg/proxy/iptables/proxier.go)', () => {
  it('a cluster IP capture: comment, protocol, -d, --dport, jump (TestOverallIPTablesRules)', () => {
    expect(
      text(
        'KUBE-SERVICES',
        [comment('ns1/svc1:p80 cluster IP'), protocol('tcp'), destination('172.30.0.41'), dport(80)],
        jumpTo('KUBE-SVC-XPGD46QRK7WJZT7O'),
      ),
    ).toBe(
      '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
    );
  });

  it('quotes a comment with a space, as kube-proxy puts the quotes in the argument (fmt.Sprintf(`"%s cluster IP"`)), and writes a bare svcPortNameString without', () => {
    expect(text('KUBE-SEP-SXIVWICOYRO3J4NJ', [comment('ns1/svc1:p80'), source('10.180.0.1')], jumpTo('KUBE-MARK-MASQ'))).toBe(
      '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
    );
    expect(text('KUBE-SVC-XPGD46QRK7WJZT7O', [comment('ns1/svc1:p80 -> 10.180.0.1:80')], jumpTo('KUBE-SEP-SXIVWICOYRO3J4NJ'))).toBe(
      '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -j KUBE-SEP-SXIVWICOYRO3J4NJ',
    );
  });

  it('negates -s, -d, --mark and --ctstate with "!" where iptables reads it', () => {
    expect(text('KUBE-SVC-GNZBNJ2PO5MGZ6GT', [source('10.0.0.0/8', true)], jumpTo('KUBE-MARK-MASQ'))).toBe(
      '-A KUBE-SVC-GNZBNJ2PO5MGZ6GT ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
    );
    expect(text('KUBE-SERVICES', [addrtype('dst'), destination('127.0.0.0/8', true)], jumpTo('KUBE-NODEPORTS'))).toBe(
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS',
    );
    // KUBE-POSTROUTING's first rule (TestOverallIPTablesRules).
    expect(text('KUBE-POSTROUTING', [mark('0x4000/0x4000', true)], verdict('RETURN'))).toBe(
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    );
    // The route_localnet mitigation (issue 90259).
    expect(
      text(
        'KUBE-FIREWALL',
        [
          comment('block incoming localnet connections'),
          destination('127.0.0.0/8'),
          source('127.0.0.0/8', true),
          ctstate('RELATED,ESTABLISHED,DNAT', true),
        ],
        verdict('DROP'),
      ),
    ).toBe(
      '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    );
  });

  it('the matches without negation: addrtype --src-type, nfacct, mark, conntrack', () => {
    expect(text('KUBE-EXT-GNZBNJ2PO5MGZ6GT', [addrtype('src')], jumpTo('KUBE-SVC-GNZBNJ2PO5MGZ6GT'))).toBe(
      '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -m addrtype --src-type LOCAL -j KUBE-SVC-GNZBNJ2PO5MGZ6GT',
    );
    expect(
      text(
        'KUBE-NODEPORTS',
        [comment('ns2/svc2:p80'), protocol('tcp'), destination('127.0.0.0/8'), dport(3001), nfacct('localhost_nps_accepted_pkts')],
        jumpTo('KUBE-EXT-GNZBNJ2PO5MGZ6GT'),
      ),
    ).toBe(
      '-A KUBE-NODEPORTS -m comment --comment ns2/svc2:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3001 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-GNZBNJ2PO5MGZ6GT',
    );
    expect(text('KUBE-FORWARD', [comment('kubernetes forwarding rules'), mark('0x4000/0x4000')], verdict('ACCEPT'))).toBe(
      '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    );
    expect(text('KUBE-FORWARD', [ctstate('INVALID'), nfacct('ct_state_invalid_dropped_pkts')], verdict('DROP'))).toBe(
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name ct_state_invalid_dropped_pkts -j DROP',
    );
  });

  it('ClientIP affinity: -m recent --rcheck --seconds --reap in KUBE-SVC, --set before the DNAT in KUBE-SEP (writeServiceToEndpointRules)', () => {
    const sep = 'KUBE-SEP-I77PXRDZVX7PMWMN';
    expect(text('KUBE-SVC-NUKIZ6OKUXPJNT4C', [comment('ns5/svc5:p80 -> 10.180.0.3:80'), recentCheck(sep, 10800)], jumpTo(sep))).toBe(
      `-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment "ns5/svc5:p80 -> 10.180.0.3:80" -m recent --name ${sep} --rcheck --seconds 10800 --reap -j ${sep}`,
    );
    expect(text(sep, [comment('ns5/svc5:p80'), recentSet(sep), protocol('tcp')], dnatTo('10.180.0.3:80'))).toBe(
      `-A ${sep} -m comment --comment ns5/svc5:p80 -m recent --name ${sep} --set -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80`,
    );
  });

  it('-m statistic writes computeProbability\'s "%0.10f" from the number the walk compares (1/n for n up to 2,000)', () => {
    for (let n = 1; n <= 2000; n++) {
      const rule = iptRule('KUBE-SVC-X', [statistic(Number(probability(n)))], jumpTo('KUBE-SEP-Y'));
      expect(rule.text).toBe(`-A KUBE-SVC-X -m statistic --mode random --probability ${probability(n)} -j KUBE-SEP-Y`);
      expect(statisticProbability(rule)).toBe(Number(probability(n)));
    }
  });

  it('the built-in targets: MARK --or-mark / --xor-mark, MASQUERADE --random-fully, ACCEPT, DROP, REJECT, RETURN', () => {
    expect(text('KUBE-MARK-MASQ', [], markWith('or', '0x4000'))).toBe('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000');
    expect(text('KUBE-POSTROUTING', [], markWith('xor', '0x4000'))).toBe('-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000');
    expect(text('KUBE-POSTROUTING', [comment('kubernetes service traffic requiring SNAT')], verdict('MASQUERADE'))).toBe(
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    );
    for (const v of ['ACCEPT', 'DROP', 'REJECT', 'RETURN'] as const)
      expect(text('KUBE-SERVICES', [], verdict(v))).toBe(`-A KUBE-SERVICES -j ${v}`);
    // TestNoEndpointsReject's filter rule.
    expect(
      text(
        'KUBE-SERVICES',
        [comment('ns1/svc1:p80 has no endpoints'), protocol('tcp'), destination('172.30.0.41'), dport(80)],
        verdict('REJECT'),
      ),
    ).toBe('-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j REJECT');
  });

  it("a rule without a target: KUBE-FW-<hash>'s last rule only counts the packet (TestLoadBalancer)", () => {
    const rule = iptRule('KUBE-FW-GNZBNJ2PO5MGZ6GT', [comment('other traffic to ns2/svc2:p80 will be dropped by KUBE-PROXY-FIREWALL')]);
    expect(rule.text).toBe(
      '-A KUBE-FW-GNZBNJ2PO5MGZ6GT -m comment --comment "other traffic to ns2/svc2:p80 will be dropped by KUBE-PROXY-FIREWALL"',
    );
    expect(rule.target).toBeUndefined();
    expect(jumpTarget(rule)).toBeUndefined();
    expect(text('KUBE-EXT-GNZBNJ2PO5MGZ6GT', [], jumpTo('KUBE-SVL-GNZBNJ2PO5MGZ6GT'))).toBe(
      '-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVL-GNZBNJ2PO5MGZ6GT',
    );
  });

  it('text is renderRule of the structure, written once and kept', () => {
    const rule = iptRule('KUBE-SERVICES', [comment('a b'), protocol('udp'), dport(53)], jumpTo('KUBE-SVC-TCOU7JCQXEZGVUNU'));
    expect(rule.text).toBe(renderRule(rule));
    expect(rule.text).toBe(rule.text);
  });
});

describe('what the walks read from a rule (ipt-read.ts)', () => {
  it('the jump target, none for a built-in target', () => {
    expect(jumpTarget(iptRule('INPUT', [], jumpTo('KUBE-NODEPORTS')))).toBe('KUBE-NODEPORTS');
    expect(jumpTarget(iptRule('KUBE-SERVICES', [], verdict('REJECT')))).toBeUndefined();
  });

  it('no probability without a statistic match: the last rule of a KUBE-SVC chain always matches', () => {
    expect(statisticProbability(iptRule('KUBE-SVC-X', [comment('x')], jumpTo('KUBE-SEP-Y')))).toBeUndefined();
  });

  it('-s: the address of a match that is not negated', () => {
    expect(sourceAddress(iptRule('KUBE-FW-X', [comment('x'), source('192.168.49.0/24')], jumpTo('KUBE-EXT-X')))).toBe('192.168.49.0/24');
    expect(sourceAddress(iptRule('KUBE-SVC-X', [source('10.0.0.0/8', true)], jumpTo('KUBE-MARK-MASQ')))).toBeUndefined();
  });

  it('-d holds for an address or a CIDR, "! -d" for what is outside it, and a rule without -d for every destination', () => {
    const any = iptRule('KUBE-SERVICES', [addrtype('dst')], jumpTo('KUBE-NODEPORTS'));
    const notLoopback = iptRule('KUBE-SERVICES', [addrtype('dst'), destination('127.0.0.0/8', true)], jumpTo('KUBE-NODEPORTS'));
    const one = iptRule('KUBE-SERVICES', [destination('192.168.49.2')], jumpTo('KUBE-NODEPORTS'));
    expect([any, notLoopback, one].map((r) => destinationHolds(r, '127.0.0.1'))).toEqual([true, false, false]);
    expect([any, notLoopback, one].map((r) => destinationHolds(r, '192.168.49.2'))).toEqual([true, true, true]);
    expect([any, notLoopback, one].map((r) => destinationHolds(r, '192.168.49.3'))).toEqual([true, true, false]);
  });
});
