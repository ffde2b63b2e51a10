/**
 * Which lines of a node's `iptables-save` output the last request went through: each kube-proxy
 * hop carries the rules that decided it (`Hop.rule`, iptables-save syntax, one rule a line), and
 * a rule is highlighted on the node where that hop happened — the same rule text exists on every
 * node, but only the node the packet crossed used it.
 */
import type { Hop } from '../../engine/index';

/**
 * The rule lines the hops used on `node`: `-A …` lines of iptables-save; in nftables mode each
 * hop's rule line reads `<chain>: <rule>` (or `@<map>: <element>` for the map element that
 * matched), and the rule or element text after the prefix is what `nft list table` prints.
 */
export function rulesUsedOn(node: string, hops: readonly Hop[] | undefined, mode: 'iptables' | 'nftables' = 'iptables'): Set<string> {
  const used = new Set<string>();
  for (const hop of hops ?? []) {
    if (hop.node !== node || !hop.rule || hop.component !== 'kube-proxy') continue;
    for (const raw of hop.rule.split('\n')) {
      const line = raw.trim();
      if (mode === 'iptables') {
        if (line.startsWith('-A ')) used.add(line);
      } else {
        const colon = line.indexOf(': ');
        if (colon > 0 && !/\s/.test(line.slice(0, colon))) used.add(normalize(line.slice(colon + 2)));
      }
    }
  }
  return used;
}

/** A ruleset line as compared: trimmed, without the comma that separates a map's elements. */
function normalize(text: string): string {
  return text.trim().replace(/,$/, '');
}

export interface IptablesLine {
  text: string;
  used: boolean;
}

/** The iptables-save output as lines, each marked when the last request used it. */
export function markUsedRules(iptablesSave: string, used: ReadonlySet<string>): IptablesLine[] {
  return iptablesSave.split('\n').map((text) => ({ text, used: used.has(normalize(text)) }));
}
