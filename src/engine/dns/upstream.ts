/**
 * The world outside the cluster, as the node's upstream resolver answers for it. Every name with
 * at least two labels resolves to an address in 198.51.100.0/24 (TEST-NET-2, RFC 5737, reserved
 * for documentation), derived from the name so the same name always gets the same address.
 * Single-label names and reverse lookups are NXDOMAIN.
 */
import { fnv32a } from '../util/hash';
import type { DnsRecord, RecordType } from './types';

export const UPSTREAM_TTL = 300;

export function simulatedInternetAddress(name: string): string {
  const host = name.replace(/\.$/, '').toLowerCase();
  return `198.51.100.${1 + (fnv32a(host) % 254)}`;
}

export function answerUpstream(name: string, type: RecordType): { rcode: 'NOERROR' | 'NXDOMAIN'; answers: DnsRecord[] } {
  const host = name.replace(/\.$/, '');
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => l === '') || host.endsWith('.in-addr.arpa') || host.endsWith('.local')) {
    return { rcode: 'NXDOMAIN', answers: [] };
  }
  if (type !== 'A') return { rcode: 'NOERROR', answers: [] };
  return { rcode: 'NOERROR', answers: [{ name: `${host}.`, type: 'A', ttl: UPSTREAM_TTL, data: simulatedInternetAddress(host) }] };
}
