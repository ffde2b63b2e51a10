/**
 * Answers for names in the cluster domain, as CoreDNS's kubernetes plugin gives them, following
 * the Kubernetes DNS-Based Service Discovery specification
 * (github.com/kubernetes/dns/blob/master/docs/specification.md):
 *  - `<svc>.<ns>.svc.<zone>`: A of the ClusterIP; for a headless Service one A per ready
 *    endpoint; for ExternalName a CNAME to `externalName`.
 *  - `<hostname>.<svc>.<ns>.svc.<zone>`: A of a headless Service's endpoint (its hostname, or its
 *    IP with dots turned into dashes).
 *  - `_<port>._<proto>.<svc>.<ns>.svc.<zone>`: SRV per named port (per endpoint when headless).
 *  - `<a-b-c-d>.<ns>.pod.<zone>`: A of a pod IP (`pods insecure`, kubeadm's Corefile).
 *  - `<d>.<c>.<b>.<a>.in-addr.arpa`: PTR of a ClusterIP, else of every Service endpoint with
 *    that IP (plugin/kubernetes/reverse.go serviceRecordForIP).
 *  - the zone apex: SOA and NS (`ns.dns.<zone>`, the kube-dns address); other types NODATA.
 *  - `dns-version.<zone>` TXT: the schema version of the specification (plugin/kubernetes/kubernetes.go).
 * NXDOMAIN and NODATA answers carry the zone's SOA in the authority section (plugin.BackendError).
 * TTL 30 s, as kubeadm's Corefile sets it (`ttl 30`).
 */
import type { EndpointAddress, Service } from '../model/types';
import type { ClusterState } from '../state';
import { isIPv4 } from '../net/ipv4';
import { namespaceExists } from '../apiserver/kind';
import type { DnsRecord, RecordType } from './types';
import { namespaceOf } from '../model/meta';
import { SIMULATION_EPOCH } from '../state';

export const CLUSTER_DNS_TTL = 30;

/** DNSSchemaVersion (plugin/kubernetes/kubernetes.go), served as TXT at `dns-version.<zone>` with TTL 28800. */
export const DNS_SCHEMA_VERSION = '1.1.0';
const DNS_VERSION_TTL = 28800;

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: DnsRecord[];
  additional: DnsRecord[];
  authority: DnsRecord[];
}

/**
 * The zone's SOA, as plugin.SOA (plugin/backend_lookup.go) builds it: `ns.dns.<zone>`,
 * `hostmaster.<zone>`, the serial (the kubernetes plugin's: when the cluster's objects last
 * changed, in Unix seconds; here the simulated clock), refresh 7200, retry 1800, expire 86400,
 * minimum and TTL the plugin's TTL (min(ttl, 300) for the record's own TTL).
 */
export function soaRecord(state: ClusterState): DnsRecord {
  const zone = state.options.clusterDomain;
  const serial = SIMULATION_EPOCH + state.now;
  return record(zone, 'SOA', `ns.dns.${zone}. hostmaster.${zone}. ${serial} 7200 1800 86400 ${CLUSTER_DNS_TTL}`);
}

/** plugin.BackendError: an answer without records, with the SOA in the authority section. */
function negative(state: ClusterState, rcode: 'NOERROR' | 'NXDOMAIN'): ZoneAnswer {
  return { rcode, answers: [], additional: [], authority: [soaRecord(state)] };
}

function positive(answers: DnsRecord[], additional: DnsRecord[] = []): ZoneAnswer {
  return { rcode: 'NOERROR', answers, additional, authority: [] };
}

/** The address CoreDNS gives for `ns.dns.<zone>` (nsAddrs: the kube-dns Service's ClusterIP). */
function nameserverIP(state: ClusterState): string | undefined {
  const ip = state.store.get('Service', 'kube-dns', 'kube-system')?.spec.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
}

export function fqdn(name: string): string {
  return name.endsWith('.') ? name : `${name}.`;
}

function record(name: string, type: RecordType, data: string): DnsRecord {
  return { name: fqdn(name), type, ttl: CLUSTER_DNS_TTL, data };
}

function dashed(ip: string): string {
  return ip.replaceAll('.', '-');
}

function isHeadless(service: Service): boolean {
  return service.spec.clusterIP === 'None';
}

/**
 * Ready endpoint addresses of a Service with the ports they serve, as CoreDNS's kubernetes plugin
 * reads them from the Service's EndpointSlices (plugin/kubernetes/object/endpoint.go
 * EndpointSliceToEndpoints): every address of every endpoint whose ready condition is not false,
 * with the slice's ports; FQDN slices give no records.
 */
function readyEndpoints(
  state: ClusterState,
  service: Service,
): { address: EndpointAddress; ports: { name?: string; port: number; protocol: string }[] }[] {
  const namespace = namespaceOf(service);
  const out: { address: EndpointAddress; ports: { name?: string; port: number; protocol: string }[] }[] = [];
  for (const slice of state.store.list('EndpointSlice', namespace)) {
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== service.metadata.name || slice.addressType === 'FQDN') continue;
    const ports = slice.ports.flatMap((p) =>
      p.port === undefined ? [] : [{ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol }],
    );
    for (const e of slice.endpoints) {
      if (e.conditions.ready === false) continue;
      for (const ip of e.addresses) {
        const address: EndpointAddress = { ip };
        if (e.hostname) address.hostname = e.hostname;
        if (e.nodeName) address.nodeName = e.nodeName;
        if (e.targetRef) address.targetRef = e.targetRef;
        out.push({ address, ports });
      }
    }
  }
  return out;
}

function endpointLabel(address: EndpointAddress): string {
  return address.hostname ?? dashed(address.ip);
}

function serviceName(service: Service, zone: string): string {
  return `${service.metadata.name}.${namespaceOf(service)}.svc.${zone}`;
}

type Found = { rcode: 'NXDOMAIN' } | { rcode: 'NOERROR'; answers: DnsRecord[]; additional: DnsRecord[] };
const NXDOMAIN: Found = { rcode: 'NXDOMAIN' };
const NODATA: Found = { rcode: 'NOERROR', answers: [], additional: [] };

/**
 * The answer for `name` (already absolute, without the trailing dot) if it is in the cluster zone,
 * as the kubernetes plugin's ServeDNS (plugin/kubernetes/handler.go) gives it.
 */
export function answerClusterName(state: ClusterState, name: string, type: RecordType): ZoneAnswer {
  const zone = state.options.clusterDomain;
  if (name === zone) {
    // The apex: SOA and NS are answered (handler.go), every other type is NODATA (checkForApex).
    if (type === 'SOA') return positive([soaRecord(state)]);
    const ns = nameserverIP(state);
    if (type === 'NS') return positive([record(zone, 'NS', `ns.dns.${zone}.`)], ns ? [record(`ns.dns.${zone}`, 'A', ns)] : []);
    // Services() for TXT finds nothing at the apex, so a TXT query there is NXDOMAIN.
    return negative(state, type === 'TXT' ? 'NXDOMAIN' : 'NOERROR');
  }
  if (name === `ns.dns.${zone}`) {
    // isDefaultNS (kubernetes.go): the nameserver's own name has its address and nothing else.
    const ns = nameserverIP(state);
    return type === 'A' && ns ? positive([record(name, 'A', ns)]) : negative(state, 'NOERROR');
  }
  if (type === 'TXT') {
    // kubernetes.go Services: the only TXT record is dns-version; another existing name is NODATA.
    if (name === `dns-version.${zone}`) return positive([{ ...record(name, 'TXT', `"${DNS_SCHEMA_VERSION}"`), ttl: DNS_VERSION_TTL }]);
    const a = findClusterName(state, name, 'A');
    return negative(state, a.rcode === 'NOERROR' && a.answers.length > 0 ? 'NOERROR' : 'NXDOMAIN');
  }
  const found = findClusterName(state, name, type);
  if (found.rcode === 'NXDOMAIN') return negative(state, 'NXDOMAIN');
  return found.answers.length > 0 ? positive(found.answers, found.additional) : negative(state, 'NOERROR');
}

function findClusterName(state: ClusterState, name: string, type: RecordType): Found {
  const zone = state.options.clusterDomain;
  const labels = name.slice(0, -(zone.length + 1)).split('.');
  const kind = labels.at(-1);
  if (kind === 'svc') return answerServiceName(state, labels.slice(0, -1), name, type);
  if (kind === 'pod') {
    const [ip, namespace, ...rest] = labels.slice(0, -1);
    if (!ip && !namespace) return NODATA; // "pod.<zone>" itself (parseRequest)
    if (rest.length > 0 || !ip || !namespace || !namespaceExists(state, namespace)) return NXDOMAIN;
    const address = ip.replaceAll('-', '.');
    if (!isIPv4(address)) return NXDOMAIN;
    return type === 'A' ? { rcode: 'NOERROR', answers: [record(name, 'A', address)], additional: [] } : NODATA;
  }
  return NXDOMAIN;
}

function answerServiceName(state: ClusterState, labels: string[], name: string, type: RecordType): Found {
  const zone = state.options.clusterDomain;
  // [..., service, namespace]
  const namespace = labels.at(-1);
  const svcName = labels.at(-2);
  const prefix = labels.slice(0, -2);
  if (!namespace) return NODATA; // "svc.<zone>" itself exists as an empty non-terminal
  if (!namespaceExists(state, namespace)) return NXDOMAIN;
  if (!svcName) return NODATA;
  const service = state.store.get('Service', svcName, namespace);
  if (!service) return NXDOMAIN;
  const svcFqdn = serviceName(service, zone);

  if (service.spec.type === 'ExternalName') {
    if (prefix.length > 0) return NXDOMAIN;
    const target = fqdn(service.spec.externalName ?? '');
    return { rcode: 'NOERROR', answers: [record(name, 'CNAME', target)], additional: [] };
  }

  // _port._proto.svc.ns.svc.zone
  if (prefix.length === 2 && prefix[0]?.startsWith('_') && prefix[1]?.startsWith('_')) {
    const portName = prefix[0].slice(1);
    const protocol = prefix[1].slice(1).toUpperCase();
    const ports = service.spec.ports.filter((p) => p.name === portName && p.protocol === protocol);
    if (ports.length === 0) return NXDOMAIN;
    return type === 'SRV'
      ? srvAnswer(
          state,
          service,
          name,
          svcFqdn,
          ports.map((p) => p.name as string),
        )
      : NODATA;
  }

  if (prefix.length === 1) {
    // An endpoint of a headless Service, by hostname or dashed IP.
    if (!isHeadless(service)) return NXDOMAIN;
    const matches = readyEndpoints(state, service).filter((e) => endpointLabel(e.address) === prefix[0]);
    if (matches.length === 0) return NXDOMAIN;
    if (type !== 'A') return NODATA;
    return { rcode: 'NOERROR', answers: uniqueIPs(matches.map((m) => m.address.ip)).map((ip) => record(name, 'A', ip)), additional: [] };
  }
  if (prefix.length > 0) return NXDOMAIN;

  if (type === 'SRV') return srvAnswer(state, service, name, svcFqdn, undefined);
  if (type !== 'A') return NODATA;
  if (!isHeadless(service)) return { rcode: 'NOERROR', answers: [record(name, 'A', service.spec.clusterIP ?? '')], additional: [] };
  const ips = uniqueIPs(readyEndpoints(state, service).map((e) => e.address.ip));
  return { rcode: 'NOERROR', answers: ips.map((ip) => record(name, 'A', ip)), additional: [] };
}

function uniqueIPs(ips: string[]): string[] {
  return [...new Set(ips)];
}

/**
 * SRV records: for a ClusterIP Service one per port, `0 100 <port> <svc fqdn>`; for a headless
 * Service one per endpoint and port, targeting the endpoint's name, with weights split evenly
 * as CoreDNS's backend_lookup computes them (floor(100 / records of the same priority)).
 */
function srvAnswer(state: ClusterState, service: Service, name: string, svcFqdn: string, portNames: string[] | undefined): Found {
  const ports = service.spec.ports.filter((p) => portNames === undefined || (p.name !== undefined && portNames.includes(p.name)));
  const answers: DnsRecord[] = [];
  const additional: DnsRecord[] = [];
  if (!isHeadless(service)) {
    const weight = Math.floor(100 / Math.max(1, ports.length));
    for (const p of ports) answers.push(record(name, 'SRV', `0 ${weight} ${p.port} ${fqdn(svcFqdn)}`));
    if (answers.length) additional.push(record(svcFqdn, 'A', service.spec.clusterIP ?? ''));
    return { rcode: 'NOERROR', answers, additional };
  }
  const targets: { target: string; ip: string; port: number }[] = [];
  for (const e of readyEndpoints(state, service)) {
    for (const p of ports) {
      const ep = e.ports.find((x) => x.name === p.name && x.protocol === p.protocol);
      if (ep) targets.push({ target: `${endpointLabel(e.address)}.${svcFqdn}`, ip: e.address.ip, port: ep.port });
    }
  }
  const weight = Math.floor(100 / Math.max(1, targets.length));
  for (const t of targets) {
    answers.push(record(name, 'SRV', `0 ${weight} ${t.port} ${fqdn(t.target)}`));
    additional.push(record(t.target, 'A', t.ip));
  }
  return { rcode: 'NOERROR', answers, additional };
}

/**
 * PTR for `d.c.b.a.in-addr.arpa` (plugin/kubernetes/reverse.go serviceRecordForIP): the Service
 * whose ClusterIP it is; else, for every Service with a ready endpoint at that IP (headless or
 * not), `<hostname or dashed IP>.<service>.<namespace>.svc.<zone>`.
 */
export function answerReverse(state: ClusterState, name: string): ZoneAnswer | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  const zone = state.options.clusterDomain;
  const services = state.store.list('Service');
  const owner = services.find((service) => service.spec.clusterIP === ip || (service.spec.clusterIPs ?? []).includes(ip));
  if (owner) return positive([record(name, 'PTR', fqdn(serviceName(owner, zone)))]);
  const answers: DnsRecord[] = [];
  for (const service of services) {
    for (const e of readyEndpoints(state, service)) {
      if (e.address.ip === ip) answers.push(record(name, 'PTR', fqdn(`${endpointLabel(e.address)}.${serviceName(service, zone)}`)));
    }
  }
  // Unknown addresses fall through to the upstream resolver (`fallthrough in-addr.arpa ip6.arpa`).
  return answers.length > 0 ? positive(uniqueRecords(answers)) : undefined;
}

function uniqueRecords(records: DnsRecord[]): DnsRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => !seen.has(r.data) && seen.add(r.data));
}
