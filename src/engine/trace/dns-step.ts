/**
 * The name lookup before a connection, as its own hop: a pod asks the nameserver of its
 * resolv.conf through its search path (queryDNS); a client outside the cluster can only ask the
 * public DNS, which knows nothing of cluster.local.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { queryDNS } from '../dns/query';
import { nodeResolver, resolvConfFor } from '../dns/resolv-conf';
import { answerUpstream } from '../dns/upstream';
import type { DnsRecord } from '../dns/types';
import { stream } from '../proxy/runtime';
import type { Hop } from './types';
import type { Flow } from './flow';
import { makeHop } from './flow';
import { publishedIngressHost } from '../ingress/public-dns';
import { publishedGatewayHost } from '../gateway/public-dns';
import { namespaceOf } from '../model/meta';

export type DnsStep =
  | { ok: true; hop: Hop; ip: string; canonical: string; addresses: number }
  | { ok: false; hop: Hop; reason: string; rcode: 'NXDOMAIN' | 'NOERROR' };

function recordText(r: DnsRecord): string {
  return `${r.name} ${r.ttl} IN ${r.type} ${r.data}`;
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function lookup(state: ClusterState, host: string, client: { pod: Pod; node: string } | { ip: string }, srcPort: number): DnsStep {
  let server: string;
  let searched: string[];
  let answers: DnsRecord[];
  let rcode: 'NOERROR' | 'NXDOMAIN';
  let who: string;
  let srcIP: string;
  if ('pod' in client) {
    const conf = resolvConfFor(client.pod, state.options);
    server = conf.nameservers[0] ?? nodeResolver(state.options);
    const response = queryDNS(state, host, {
      fromPod: { name: client.pod.metadata.name, namespace: namespaceOf(client.pod) },
    });
    ({ searched, answers, rcode } = response);
    who = response.server === 'cluster' ? 'cluster DNS (CoreDNS)' : 'the upstream resolver';
    srcIP = client.pod.status.podIP ?? '';
  } else {
    server = nodeResolver(state.options);
    const name = host.endsWith('.') ? host : `${host}.`;
    searched = [name];
    srcIP = client.ip;
    const published = publishedIngressHost(state, host);
    const gateway = published ? undefined : publishedGatewayHost(state, host);
    if (published) {
      answers = [{ name, type: 'A', ttl: 300, data: published.ip }];
      rcode = 'NOERROR';
      who = `public DNS, where ${host} points at the address of Ingress ${published.ingress} (rule host ${published.ruleHost}), as an operator or external-dns would publish it,`;
    } else if (gateway) {
      answers = [{ name, type: 'A', ttl: 300, data: gateway.ip }];
      rcode = 'NOERROR';
      who = `public DNS, where ${host} points at the address of Gateway ${gateway.gateway} (route hostname ${gateway.hostname}), as an operator or external-dns would publish it,`;
    } else {
      ({ answers, rcode } = answerUpstream(name, 'A'));
      who = 'public DNS, which has no cluster.local zone';
    }
  }
  const flow: Flow = { srcIP, srcPort, dstIP: server, dstPort: 53, protocol: 'UDP' };
  const node = 'pod' in client ? { node: client.node } : {};
  const a = answers.filter((r) => r.type === 'A');
  const tried = searched.join(', ');
  if (rcode !== 'NOERROR' || a.length === 0) {
    const result = rcode === 'NXDOMAIN' ? 'NXDOMAIN (no such name)' : 'no A record (NODATA)';
    return {
      ok: false,
      hop: makeHop('dns', `Looking up "${host}": tried ${tried}; ${who} answered ${result}.`, flow, node),
      reason: `DNS lookup of "${host}" failed: ${result}; names tried: ${tried}`,
      rcode: rcode === 'NXDOMAIN' ? 'NXDOMAIN' : 'NOERROR',
    };
  }
  // kubeadm's Corefile has the `loadbalance` plugin: the A records come back shuffled, and the
  // client connects to the first one.
  const chosen = a.length > 1 ? (stream(state, 'dns', 'loadbalance').pick(a) as DnsRecord) : (a[0] as DnsRecord);
  const cname = answers.filter((r) => r.type === 'CNAME');
  const via = cname.length ? ` via ${cname.map((c) => `CNAME ${trimDot(c.data)}`).join(', ')}` : '';
  const many =
    a.length > 1
      ? ` (${a.length} addresses, one per ready pod of a headless Service; CoreDNS shuffles them and the client takes the first)`
      : '';
  const resolved = searched.at(-1) ?? host;
  return {
    ok: true,
    hop: makeHop(
      'dns',
      `Looking up "${host}": tried ${tried}; ${who} answered ${trimDot(resolved)}${via} -> A ${chosen.data}${many}.`,
      flow,
      { ...node, rule: answers.map(recordText).join('\n') },
    ),
    ip: chosen.data,
    canonical: trimDot(chosen.name),
    addresses: a.length,
  };
}
