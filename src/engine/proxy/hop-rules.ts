/**
 * What a kube-proxy hop shows of the rules that decided it: their text, one a line, as
 * iptables-save or `nft list table` prints them (Hop.rule), and the same rules as structure, the
 * chain each is in and where it sends the packet (Hop.rules).
 */
import type { HopRule } from '../trace/types';
import type { IptRule } from './ipt-rule';
import type { NftRule } from './nft-rule';

export interface ShownRules {
  rule: string;
  rules: HopRule[];
}

function iptHopRule(r: IptRule): HopRule {
  const t = r.target;
  if (!t) return { chain: r.chain };
  return { chain: r.chain, target: t.kind === 'jump' ? t.chain : t.kind };
}

/** iptables rules, each shown as its `-A <chain> ...` line. */
export function iptShown(...rules: IptRule[]): ShownRules {
  let text = '';
  const shown: HopRule[] = [];
  for (const r of rules) {
    text = text ? `${text}\n${r.text}` : r.text;
    shown.push(iptHopRule(r));
  }
  return { rule: text, rules: shown };
}

/** An element of a verdict map that matched, shown as `@<map>: <element>`. */
export interface MapElementLine {
  map: string;
  element: string;
}

function nftHopRule(r: NftRule): HopRule {
  const v = r.verdict;
  if (v?.kind === 'jump' || v?.kind === 'goto') return { chain: r.chain, target: v.chain };
  if (v?.kind === 'drop' || v?.kind === 'return') return { chain: r.chain, target: v.kind };
  return { chain: r.chain };
}

/** nftables rules, each shown as `<chain>: <rule>`, and the map elements between them. */
export function nftShown(...parts: (NftRule | MapElementLine)[]): ShownRules {
  let text = '';
  const rules: HopRule[] = [];
  for (const part of parts) {
    let line: string;
    if (isElement(part)) line = `@${part.map}: ${part.element}`;
    else {
      line = `${part.chain}: ${part.text}`;
      rules.push(nftHopRule(part));
    }
    text = text ? `${text}\n${line}` : line;
  }
  return { rule: text, rules };
}

function isElement(part: NftRule | MapElementLine): part is MapElementLine {
  return (part as Partial<MapElementLine>).element !== undefined;
}
