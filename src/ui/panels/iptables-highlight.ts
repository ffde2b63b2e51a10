/**
 * Which lines of a node's `iptables-save` output the last request went through: each kube-proxy
 * hop carries the rules that decided it (`Hop.rule`, iptables-save syntax, one rule a line), and
 * a rule is highlighted on the node where that hop happened — the same rule text exists on every
 * node, but only the node the packet crossed used it.
 */
import type { Hop } from '../../engine/index';

/** The rule lines (trimmed) the hops used on `node`. */
export function rulesUsedOn(node: string, hops: readonly Hop[] | undefined): Set<string> {
  const used = new Set<string>();
  for (const hop of hops ?? []) {
    if (hop.node !== node || !hop.rule || hop.component !== 'kube-proxy') continue;
    for (const line of hop.rule.split('\n')) if (line.trim().startsWith('-A ')) used.add(line.trim());
  }
  return used;
}

export interface IptablesLine {
  text: string;
  used: boolean;
}

/** The iptables-save output as lines, each marked when the last request used it. */
export function markUsedRules(iptablesSave: string, used: ReadonlySet<string>): IptablesLine[] {
  return iptablesSave.split('\n').map((text) => ({ text, used: used.has(text.trim()) }));
}
