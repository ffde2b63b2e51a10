export type RecordType = 'A' | 'AAAA' | 'SRV' | 'CNAME' | 'PTR' | 'TXT' | 'SOA' | 'NS';

export interface DnsRecord {
  name: string;
  type: RecordType;
  ttl: number;
  /**
   * A: the address; CNAME/PTR/NS: the target name; SRV: `priority weight port target`; TXT: the
   * quoted text; SOA: `mname rname serial refresh retry expire minimum`, as dig prints them.
   */
  data: string;
}

export interface DnsQueryOptions {
  type?: RecordType;
  /** Resolve as this pod would, through its resolv.conf search path; otherwise the name is taken as absolute. */
  fromPod?: { name: string; namespace?: string };
}

export interface DnsResponse {
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: DnsRecord[];
  /** The additional section (A records of SRV targets). */
  additional: DnsRecord[];
  /**
   * The authority section: for an NXDOMAIN or empty NOERROR (NODATA) answer from cluster DNS, the
   * zone's SOA record (CoreDNS plugin.BackendError), which also tells resolvers how long to cache
   * the negative answer. Empty otherwise.
   */
  authority: DnsRecord[];
  /** Every name tried, in order, following the search path. */
  searched: string[];
  /**
   * The name that gave the answer: the one with records; for an empty NOERROR (NODATA) the first
   * name that existed, as res_search keeps it (got_nodata); for NXDOMAIN the last one tried.
   */
  resolvedName: string;
  /** Who answered: cluster DNS (CoreDNS) or the upstream resolver for names outside the cluster. */
  server: 'cluster' | 'upstream';
}
