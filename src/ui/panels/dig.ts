/**
 * A DNS answer printed the way `dig` prints it (BIND 9's dig: the HEADER line with the status,
 * then QUESTION, ANSWER and ADDITIONAL sections, one record per line as
 * `name. TTL IN TYPE data`), plus the names the resolver tried along the search path — what
 * `dig +search` does with the pod's resolv.conf.
 */
import type { DnsRecord, DnsResponse, RecordType } from '../../engine/index';

function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function record(r: DnsRecord): string {
  const data = r.type === 'CNAME' || r.type === 'PTR' ? fqdn(r.data) : r.type === 'SRV' ? r.data.replace(/(\S+)$/, (t) => fqdn(t)) : r.data;
  return `${fqdn(r.name)}\t\t${r.ttl}\tIN\t${r.type}\t${data}`;
}

export function formatDig(query: string, type: RecordType, response: DnsResponse, from?: string): string {
  const lines = [
    `; <<>> DiG (simulated) <<>> +search ${query} ${type}${from ? ` (from pod ${from})` : ''}`,
    `;; ->>HEADER<<- opcode: QUERY, status: ${response.rcode}, ANSWER: ${response.answers.length}, ADDITIONAL: ${response.additional.length}`,
    '',
    ';; QUESTION SECTION:',
    `;${fqdn(response.resolvedName)}\t\tIN\t${type}`,
  ];
  if (response.answers.length) lines.push('', ';; ANSWER SECTION:', ...response.answers.map(record));
  if (response.additional.length) lines.push('', ';; ADDITIONAL SECTION:', ...response.additional.map(record));
  lines.push(
    '',
    `;; SERVER: ${response.server === 'cluster' ? 'cluster DNS (CoreDNS, kube-dns Service)' : 'upstream resolver (outside the cluster)'}`,
  );
  if (response.searched.length > 1) lines.push(`;; search path tried: ${response.searched.map(fqdn).join(', ')}`);
  return lines.join('\n');
}
