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
 *  - `<d>.<c>.<b>.<a>.in-addr.arpa`: PTR of ClusterIPs and headless endpoint IPs.
 * TTL 30 s, as kubeadm's Corefile sets it (`ttl 30`).
 */
import type { EndpointAddress, Service } from '../model/types';
import type { ClusterState } from '../state';
import { isIPv4 } from '../net/ipv4';
import { namespaceExists } from '../apiserver/kind';
import type { DnsRecord, RecordType } from './types';
import { namespaceOf } from '../model/meta';

export const CLUSTER_DNS_TTL = 30;

export interface ZoneAnswer {
  rcode: 'NOERROR' | 'NXDOMAIN';
  answers: DnsRecord[];
  additional: DnsRecord[];
}

const NXDOMAIN: ZoneAnswer = { rcode: 'NXDOMAIN', answers: [], additional: [] };
const NODATA: ZoneAnswer = { rcode: 'NOERROR', answers: [], additional: [] };

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

/** The answer for `name` (already absolute, without the trailing dot) if it is in the cluster zone. */
export function answerClusterName(state: ClusterState, name: string, type: RecordType): ZoneAnswer {
  const zone = state.options.clusterDomain;
  const labels = name.slice(0, -(zone.length + 1)).split('.');
  const kind = labels.at(-1);
  if (kind === 'svc') return answerServiceName(state, labels.slice(0, -1), name, type);
  if (kind === 'pod') {
    const [ip, namespace, ...rest] = labels.slice(0, -1);
    if (rest.length > 0 || !ip || !namespace || !namespaceExists(state, namespace)) return NXDOMAIN;
    const address = ip.replaceAll('-', '.');
    if (!isIPv4(address)) return NXDOMAIN;
    return type === 'A' ? { rcode: 'NOERROR', answers: [record(name, 'A', address)], additional: [] } : NODATA;
  }
  return NXDOMAIN;
}

function answerServiceName(state: ClusterState, labels: string[], name: string, type: RecordType): ZoneAnswer {
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
function srvAnswer(state: ClusterState, service: Service, name: string, svcFqdn: string, portNames: string[] | undefined): ZoneAnswer {
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

/** PTR for `d.c.b.a.in-addr.arpa`: ClusterIPs and headless endpoints of the cluster. */
export function answerReverse(state: ClusterState, name: string): ZoneAnswer | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (!m) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  const zone = state.options.clusterDomain;
  for (const service of state.store.list('Service')) {
    if (service.spec.clusterIP === ip) {
      return { rcode: 'NOERROR', answers: [record(name, 'PTR', fqdn(serviceName(service, zone)))], additional: [] };
    }
  }
  for (const service of state.store.list('Service')) {
    if (!isHeadless(service)) continue;
    const e = readyEndpoints(state, service).find((x) => x.address.ip === ip);
    if (e)
      return {
        rcode: 'NOERROR',
        answers: [record(name, 'PTR', fqdn(`${endpointLabel(e.address)}.${serviceName(service, zone)}`))],
        additional: [],
      };
  }
  // Unknown addresses fall through to the upstream resolver (`fallthrough in-addr.arpa ip6.arpa`).
  return undefined;
}
