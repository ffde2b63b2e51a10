/**
 * A DNS query as a pod's resolver makes it: the name expanded through the resolv.conf search
 * path (glibc's res_search: names with fewer dots than `ndots` try the search domains first),
 * each candidate answered by cluster DNS (CoreDNS) or, outside the cluster domain, by the
 * upstream resolver; CNAMEs to names outside the cluster are followed.
 */
import type { Pod } from '../model/types';
import type { ClusterState } from '../state';
import { answerClusterName, answerReverse, fqdn } from './cluster-zone';
import type { ZoneAnswer } from './cluster-zone';
import { resolvConfFor } from './resolv-conf';
import type { ResolvConf } from './resolv-conf';
import type { DnsQueryOptions, DnsRecord, DnsResponse, RecordType } from './types';
import { answerUpstream } from './upstream';
import { namespaceOf } from '../model/meta';

const MAX_CNAME_CHAIN = 8;

function normalize(query: string): string {
  return query.trim().toLowerCase();
}

/** The answer for one absolute name, from cluster DNS when the pod uses it, else upstream. */
function answerOne(
  state: ClusterState,
  name: string,
  type: RecordType,
  useClusterDNS: boolean,
): ZoneAnswer & { server: 'cluster' | 'upstream' } {
  const host = name.replace(/\.$/, '');
  const zone = state.options.clusterDomain;
  if (useClusterDNS) {
    if (host === zone || host.endsWith(`.${zone}`)) return { ...answerClusterName(state, host, type), server: 'cluster' };
    if (type === 'PTR') {
      const reverse = answerReverse(state, host);
      if (reverse) return { ...reverse, server: 'cluster' };
    }
  }
  return { ...answerUpstream(host, type), additional: [], authority: [], server: 'upstream' };
}

/** Follows a CNAME answer out of the cluster (CoreDNS asks upstream for the target's A record). */
function followCname(state: ClusterState, answer: ZoneAnswer, type: RecordType, useClusterDNS: boolean): DnsRecord[] {
  const records = [...answer.answers];
  let last = records.at(-1);
  for (let i = 0; i < MAX_CNAME_CHAIN && last?.type === 'CNAME' && type !== 'CNAME'; i++) {
    const next = answerOne(state, last.data, type, useClusterDNS);
    records.push(...next.answers);
    last = next.answers.at(-1);
  }
  return records;
}

/** The order res_search tries names in. */
export function candidateNames(query: string, conf: Pick<ResolvConf, 'searches' | 'ndots'>): string[] {
  if (query.endsWith('.')) return [query];
  const dots = query.split('.').length - 1;
  const searched = conf.searches.map((domain) => `${query}.${domain}.`);
  return dots >= conf.ndots ? [`${query}.`, ...searched] : [...searched, `${query}.`];
}

export function queryDNS(state: ClusterState, query: string, options: DnsQueryOptions = {}): DnsResponse {
  const type = options.type ?? 'A';
  const name = normalize(query);
  let pod: Pod | undefined;
  if (options.fromPod) pod = state.store.get('Pod', options.fromPod.name, namespaceOf(options.fromPod));
  const conf: Pick<ResolvConf, 'searches' | 'ndots' | 'clusterDNS'> = pod
    ? resolvConfFor(pod, state.options)
    : { searches: [], ndots: 1, clusterDNS: true };
  const candidates = name === '' ? [] : candidateNames(name, conf);
  const searched: string[] = [];
  let nodata: DnsResponse | undefined;
  let lastAuthority: DnsRecord[] = [];
  for (const candidate of candidates) {
    searched.push(candidate);
    const answer = answerOne(state, candidate, type, conf.clusterDNS);
    lastAuthority = answer.authority;
    if (answer.rcode === 'NOERROR' && answer.answers.length > 0) {
      return {
        rcode: 'NOERROR',
        answers: followCname(state, answer, type, conf.clusterDNS),
        additional: answer.additional,
        authority: answer.authority,
        searched,
        resolvedName: candidate,
        server: answer.server,
      };
    }
    if (answer.rcode === 'NOERROR' && !nodata) {
      nodata = {
        rcode: 'NOERROR',
        answers: [],
        additional: [],
        authority: answer.authority,
        searched: [],
        resolvedName: candidate,
        server: answer.server,
      };
    }
  }
  if (nodata) return { ...nodata, searched };
  // res_search returns the last name's answer: its authority section (the cluster zone's SOA when
  // cluster DNS gave it).
  return {
    rcode: 'NXDOMAIN',
    answers: [],
    additional: [],
    authority: lastAuthority,
    searched,
    resolvedName: searched.at(-1) ?? fqdn(name),
    server: 'cluster',
  };
}
