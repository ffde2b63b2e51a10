/**
 * What the packet walks read from an iptables rule's structure (ipt-rule.ts) rather than from its
 * text: where it jumps, the probability of its statistic match, and whether its address matches
 * hold for a packet.
 */
import { parseCidr } from '../net/ipv4';
import { inCidr } from '../trace/network';
import type { IptRule } from './ipt-rule';

/** The chain a rule jumps to (`-j KUBE-SVC-...`), undefined for a built-in target or none. */
export function jumpTarget(rule: IptRule): string | undefined {
  return rule.target?.kind === 'jump' ? rule.target.chain : undefined;
}

/** `--probability` of a statistic match; undefined for a rule without one (the last of a KUBE-SVC chain always matches). */
export function statisticProbability(rule: IptRule): number | undefined {
  for (const m of rule.matches) if (m.kind === 'statistic') return m.probability;
  return undefined;
}

/** The address of the rule's `-s` match (not negated), if it has one. */
export function sourceAddress(rule: IptRule): string | undefined {
  for (const m of rule.matches) if (m.kind === 'source' && !m.negated) return m.address;
  return undefined;
}

/** Whether `ip` is `address`, or in it when it is a CIDR (what `-s`/`-d` compare). */
export function addressHolds(address: string, ip: string): boolean {
  return address.includes('/') ? inCidr(parseCidr(address), ip) : address === ip;
}

/** Whether every `[!] -d` match of the rule holds for the destination `ip` (true when it has none). */
export function destinationHolds(rule: IptRule, ip: string): boolean {
  for (const m of rule.matches) {
    if (m.kind === 'destination' && addressHolds(m.address, ip) === m.negated) return false;
  }
  return true;
}
