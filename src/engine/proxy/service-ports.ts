/**
 * What kube-proxy knows about each Service port before it looks at its own node: the
 * ServicePortMap (pkg/proxy/serviceport.go, newBaseServiceInfo) joined with the EndpointsMap
 * (pkg/proxy/endpointslicecache.go), built from the EndpointSlices as kube-proxy reads them.
 */
import type { EndpointSlice, Service, ServicePort } from '../model/types';
import type { ClusterState } from '../state';
import { DEFAULT_AFFINITY_TIMEOUT_SECONDS } from '../apiserver/registry/service';
import type { Cidr } from '../net/ipv4';
import { isIPv4, parseCidr } from '../net/ipv4';
import { extChain, fwChain, lowerProtocol, sepChain, servicePortName, svcChain, svlChain } from './chains';
import { namespaceOf } from '../model/meta';

export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** "ip:port", BaseEndpointInfo.String(). */
  address: string;
  nodeName?: string;
  /** The pod behind the address (its targetRef), when there is one. */
  pod?: { name: string; namespace: string };
  /** KUBE-SEP-<hash> of this endpoint for this Service port. */
  sep: string;
  /** The EndpointSlice kube-proxy read it from (a trace names it: Hop.uses). */
  slice: string;
  /** The EndpointSlice conditions (IsReady, IsServing, IsTerminating). */
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zone?: string;
  /** hints.forZones / hints.forNodes (ZoneHints, NodeHints). */
  zoneHints: string[];
  nodeHints: string[];
}

export interface ServicePortInfo {
  service: Service;
  port: ServicePort;
  namespace: string;
  /** proxy.ServicePortName.String(): "ns/name:port" or "ns/name". */
  spn: string;
  /** Lower-case protocol, as in `-m tcp -p tcp` and the chain hashes. */
  protocol: string;
  svc: string;
  svl: string;
  ext: string;
  /** KUBE-FW-<hash>: written only when the Service has loadBalancerSourceRanges and a load balancer IP. */
  fw: string;
  clusterIP: string;
  /** 0 when the port has no nodePort. */
  nodePort: number;
  loadBalancerIPs: string[];
  externalIPs: string[];
  /**
   * spec.loadBalancerSourceRanges as kube-proxy keeps them (newBaseServiceInfo, pkg/proxy/serviceport.go):
   * whitespace trimmed, parsed as CIDRs of this IP family (IPv4), the others and invalid ones dropped.
   */
  loadBalancerSourceRanges: Cidr[];
  /** 0 unless the Service is a LoadBalancer with externalTrafficPolicy: Local. */
  healthCheckNodePort: number;
  /** sessionAffinityConfig.clientIP.timeoutSeconds when sessionAffinity is ClientIP. */
  affinitySeconds: number | undefined;
  internalLocal: boolean;
  /** externalTrafficPolicy: Local, counted only when the port is externally accessible. */
  externalLocal: boolean;
  externallyAccessible: boolean;
  /** Every endpoint of the port (ready or not), sorted by "ip:port" as the EndpointsMap sorts them (byEndpoint). */
  endpoints: ProxyEndpoint[];
  /** The ready ones among them. */
  ready: ProxyEndpoint[];
}

/** ShouldSkipService: headless and ExternalName Services get no rules. */
function proxied(service: Service): boolean {
  const ip = service.spec.clusterIP;
  return service.spec.type !== 'ExternalName' && ip !== undefined && ip !== '' && ip !== 'None';
}

/**
 * The EndpointsMap entry of one Service port (endpointslicecache.go endpointInfoByServicePort,
 * addEndpoints): every slice labelled with the Service's name, of address type IPv4 (the proxier's
 * family; FQDN slices are ignored), contributes, for its port of the same name and protocol, one
 * endpoint per entry with a first address of that family; a nil ready or serving condition counts
 * as true, a nil terminating as false. The same "ip:port" in two slices is one endpoint (the local
 * one wins). Sorted by "ip:port" (byEndpoint).
 */
function endpointsFor(
  slices: readonly EndpointSlice[],
  port: ServicePort,
  spn: string,
  protocol: string,
  node: string | undefined,
): ProxyEndpoint[] {
  const found = new Map<string, ProxyEndpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    // Endpoint ports are matched to Service ports by name and protocol (ServicePortName).
    const match = slice.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol);
    if (!match || !match.port) continue;
    for (const e of slice.endpoints) {
      const ip = e.addresses[0];
      if (ip === undefined || !isIPv4(ip)) continue;
      const address = `${ip}:${match.port}`;
      const endpoint: ProxyEndpoint = {
        ip,
        port: match.port,
        address,
        sep: sepChain(spn, protocol, address),
        slice: slice.metadata.name,
        ready: e.conditions.ready !== false,
        serving: e.conditions.serving !== false,
        terminating: e.conditions.terminating === true,
        zoneHints: (e.hints?.forZones ?? []).map((z) => z.name),
        nodeHints: (e.hints?.forNodes ?? []).map((n) => n.name),
      };
      if (e.nodeName) endpoint.nodeName = e.nodeName;
      if (e.zone) endpoint.zone = e.zone;
      if (e.targetRef?.kind === 'Pod' && e.targetRef.name) {
        endpoint.pod = { name: e.targetRef.name, namespace: e.targetRef.namespace ?? namespaceOf(slice) };
      }
      if (!found.has(address) || (node !== undefined && e.nodeName === node)) found.set(address, endpoint);
    }
  }
  return [...found.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** MapCIDRsByIPFamily (pkg/proxy/util) of the trimmed ranges, IPv4 only; ParseCIDR's network address. */
function sourceRanges(ranges: unknown): Cidr[] {
  if (!Array.isArray(ranges)) return [];
  const out: Cidr[] = [];
  for (const range of ranges) {
    if (typeof range !== 'string') continue;
    try {
      out.push(parseCidr(range.trim()));
    } catch {
      // Not an IPv4 CIDR: kube-proxy's IPv4 proxier ignores it.
    }
  }
  return out;
}

function servicePortInfo(service: Service, port: ServicePort, slices: readonly EndpointSlice[]): ServicePortInfo {
  const namespace = namespaceOf(service);
  const spn = servicePortName(namespace, service.metadata.name, port.name);
  const protocol = lowerProtocol(port.protocol);
  const loadBalancerIPs = (service.status.loadBalancer.ingress ?? [])
    .filter((i) => i.ip && i.ipMode !== 'Proxy')
    .map((i) => i.ip as string);
  const externalIPs = service.spec.externalIPs ?? [];
  const nodePort = port.nodePort ?? 0;
  const externallyAccessible = nodePort !== 0 || loadBalancerIPs.length > 0 || externalIPs.length > 0;
  const externalLocal = externallyAccessible && service.spec.externalTrafficPolicy === 'Local';
  const endpoints = endpointsFor(slices, port, spn, protocol, undefined);
  return {
    service,
    port,
    namespace,
    spn,
    protocol,
    svc: svcChain(spn, protocol),
    svl: svlChain(spn, protocol),
    ext: extChain(spn, protocol),
    fw: fwChain(spn, protocol),
    clusterIP: service.spec.clusterIP ?? '',
    nodePort,
    loadBalancerIPs,
    externalIPs,
    loadBalancerSourceRanges: sourceRanges(service.spec.loadBalancerSourceRanges),
    // apiservice.NeedsHealthCheck: a LoadBalancer with externalTrafficPolicy Local, whatever its ports.
    healthCheckNodePort:
      service.spec.type === 'LoadBalancer' && service.spec.externalTrafficPolicy === 'Local' ? (service.spec.healthCheckNodePort ?? 0) : 0,
    affinitySeconds:
      service.spec.sessionAffinity === 'ClientIP'
        ? (service.spec.sessionAffinityConfig?.clientIP.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS)
        : undefined,
    internalLocal: service.spec.internalTrafficPolicy === 'Local',
    externalLocal,
    externallyAccessible,
    endpoints,
    ready: endpoints.filter((e) => e.ready),
  };
}

function byName(a: Service, b: Service): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Every proxied Service port of the cluster, Services in namespace/name order. */
export function servicePorts(state: ClusterState): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  // kube-proxy's EndpointSlice informer: every slice with a kubernetes.io/service-name label.
  const slicesByService = new Map<string, EndpointSlice[]>();
  for (const slice of state.store.list('EndpointSlice')) {
    const name = slice.metadata.labels?.['kubernetes.io/service-name'];
    if (!name) continue;
    const key = `${namespaceOf(slice)}/${name}`;
    slicesByService.set(key, [...(slicesByService.get(key) ?? []), slice]);
  }
  for (const service of state.store.list('Service').sort(byName)) {
    if (!proxied(service)) continue;
    const slices = slicesByService.get(`${namespaceOf(service)}/${service.metadata.name}`) ?? [];
    for (const port of service.spec.ports) out.push(servicePortInfo(service, port, slices));
  }
  return out;
}
