import { describe, expect, it } from 'vitest';
import type { Hop } from '../../engine/index';
import type { PlacedTrace } from '../../graph/hops';
import { chainLadder, ladderBox, rungAnchor, rungLabel, rungTextEnd, RUNG_HEIGHT } from './ladder';

/** A hop; `rule` is one iptables rule, given as its chain and target (Hop.rules) and its text. */
const hop = (component: Hop['component'], note: string, rule?: { chain: string; target?: string; text: string }): Hop =>
  ({
    component,
    note,
    packet: { protocol: 'TCP', src: '1.1.1.1:1', dst: '2.2.2.2:2' },
    ...(rule ? { rule: rule.text, rules: [{ chain: rule.chain, ...(rule.target ? { target: rule.target } : {}) }] } : {}),
  }) as Hop;

/** A NodePort request as the engine traces it: the node, then five chains in its kube-proxy, then the pod. */
const placed: PlacedTrace = {
  origin: 'client',
  places: [
    { at: 'node:node-2', hop: hop('node', 'The packet arrives at node-2.'), roundTrip: false, lit: [] },
    ...['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXT-FLNJ4FGQ5UX5NSDC', 'KUBE-SVC-FLNJ4FGQ5UX5NSDC', 'KUBE-SEP-ABC'].map((chain) => ({
      at: 'kube-proxy:node-2',
      hop: hop('kube-proxy', `${chain}: a rule of this chain matched; jump on.`),
      roundTrip: false,
      lit: [],
    })),
    { at: 'pod:default/web', hop: hop('pod', 'Pod default/web accepts the connection.'), roundTrip: false, lit: [] },
  ],
};

describe('the chain ladder (issue 13: kube-proxy’s chains as sub-steps, not a packet standing still)', () => {
  it('names each rung after the chain at the start of its note, else the chain of its rule', () => {
    expect(
      rungLabel(hop('kube-proxy', 'KUBE-NODEPORTS: port 31244/TCP is the nodePort of default/random-generator; jump to KUBE-EXT-X.')),
    ).toBe('KUBE-NODEPORTS');
    expect(
      rungLabel(
        hop('kube-proxy', 'No chain named here.', {
          chain: 'KUBE-SVC-X',
          target: 'KUBE-SEP-Y',
          text: '-A KUBE-SVC-X -m statistic -j KUBE-SEP-Y',
        }),
      ),
    ).toBe('KUBE-SVC-X');
  });

  it('tells two hops in one chain apart by where each jumps', () => {
    const twice: PlacedTrace = {
      origin: 'client',
      places: [
        {
          at: 'kp',
          hop: hop('kube-proxy', 'KUBE-EXT-X: mark for masquerade.', {
            chain: 'KUBE-EXT-X',
            target: 'KUBE-MARK-MASQ',
            text: '-A KUBE-EXT-X -j KUBE-MARK-MASQ',
          }),
          roundTrip: false,
          lit: [],
        },
        {
          at: 'kp',
          hop: hop('kube-proxy', "KUBE-EXT-X: on to the Service's endpoints.", {
            chain: 'KUBE-EXT-X',
            target: 'KUBE-SVC-X',
            text: '-A KUBE-EXT-X -j KUBE-SVC-X',
          }),
          roundTrip: false,
          lit: [],
        },
      ],
    };
    expect(chainLadder(twice, 0)?.rungs).toEqual(['KUBE-EXT-X → KUBE-MARK-MASQ', 'KUBE-EXT-X → KUBE-SVC-X']);
  });

  it('is there while the packet is in one kube-proxy for several hops, with the hop on screen as its current rung', () => {
    expect(chainLadder(placed, 0)).toBeUndefined();
    for (let step = 1; step <= 5; step++) {
      const ladder = chainLadder(placed, step);
      expect(ladder?.rungs).toEqual([
        'KUBE-SERVICES',
        'KUBE-NODEPORTS',
        'KUBE-EXT-FLNJ4FGQ5UX5NSDC',
        'KUBE-SVC-FLNJ4FGQ5UX5NSDC',
        'KUBE-SEP-ABC',
      ]);
      expect(ladder?.current).toBe(step - 1);
    }
    expect(chainLadder(placed, 6)).toBeUndefined();
  });

  it('hangs under its kube-proxy, a rung a hop, and the packet moves down one rung a hop', () => {
    const ladder = chainLadder(placed, 3);
    if (!ladder) throw new Error('no ladder');
    const proxy = { x: 100, y: 50, width: 200, height: 60 };
    const box = ladderBox(ladder, proxy);
    expect(box.y).toBeGreaterThan(proxy.y + proxy.height);
    expect(box.height).toBeGreaterThanOrEqual(5 * RUNG_HEIGHT);
    const ys = [0, 1, 2, 3, 4].map((current) => rungAnchor({ ...ladder, current }, box).y);
    expect(ys.slice(1).map((y, i) => y - (ys[i] ?? 0))).toEqual([RUNG_HEIGHT, RUNG_HEIGHT, RUNG_HEIGHT, RUNG_HEIGHT]);
  });

  it('gives the packet’s label a place level with the current rung, after its text (not above the ladder, over kube-proxy’s lines)', () => {
    const ladder = chainLadder(placed, 3);
    if (!ladder) throw new Error('no ladder');
    const rungs = ladder.rungs.map((_, current) => ({ ...ladder, current }));
    const ends = rungs.map(rungTextEnd);
    // 12 px DejaVu Sans Mono is 7.2 px a character: the label starts past the rung's last one.
    rungs.forEach((r, i) => expect(ends[i]).toBeGreaterThan((r.rungs[i]?.length ?? 0) * 7.2));
    const longest = ladder.rungs.reduce((a, b) => (b.length > a.length ? b : a));
    expect(ends[ladder.rungs.indexOf(longest)]).toBe(Math.max(...ends));
  });
});
