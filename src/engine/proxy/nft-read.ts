/**
 * What the nftables walk reads from a rule's structure (nft-rule.ts) rather than from its text:
 * the jump rules of the base chains, the addresses of an anonymous set, and whether a rule's
 * destination matches hold for a packet.
 */
import { addressHolds } from './ipt-read';
import type { NftRule, NftValue } from './nft-rule';
import type { NftRules, NftTable } from './nft-rules';

/** The rule of base chain `from` that jumps to `to` (nftablesJumpChains). */
export function jumpRule(nft: NftRules, from: string, to: string): NftRule {
  const rule = nft.fixed.jumps.find((r) => r.chain === from && r.verdict?.kind === 'jump' && r.verdict.chain === to);
  if (!rule) throw new Error(`no jump from ${from} to ${to}`);
  return rule;
}

/** The elements of the rule's `ip <field> [!=] { ... }` match (empty without one). */
export function anonymousSet(rule: NftRule, field: 'saddr' | 'daddr'): readonly string[] {
  for (const e of rule.exprs) {
    if (e.kind === 'ip' && e.field === field && typeof e.value !== 'string' && 'anonymous' in e.value) return e.value.anonymous;
  }
  return [];
}

/** Whether `address` is in `value`: an address or CIDR, a named set of the table, or an anonymous set. */
export function valueHolds(table: NftTable, value: NftValue, address: string): boolean {
  if (typeof value === 'string') return addressHolds(value, address);
  if ('set' in value) return table.sets.get(value.set)?.elements.some((e) => e.key === address) ?? false;
  return value.anonymous.some((a) => addressHolds(a, address));
}

/**
 * Whether every destination match of the rule holds for a packet to `address`: `ip daddr [!=]
 * <value>`, and `fib daddr type local` when the address is one of the node's own (`dstLocal`).
 */
export function destinationHolds(table: NftTable, rule: NftRule, address: string, dstLocal: boolean): boolean {
  for (const e of rule.exprs) {
    if (e.kind === 'ip' && e.field === 'daddr' && valueHolds(table, e.value, address) === e.negated) return false;
    if (e.kind === 'fib-local' && e.field === 'daddr' && !dstLocal) return false;
  }
  return true;
}
