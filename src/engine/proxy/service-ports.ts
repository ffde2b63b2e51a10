/**
 * What kube-proxy knows about each Service port before it looks at its own node: the
 * ServicePortMap (pkg/proxy/serviceport.go, newBaseServiceInfo) joined with the EndpointsMap
 * (pkg/proxy/endpointslicecache.go). kube-proxy reads EndpointSlices; the simulation's Endpoints
 * hold the same addresses, ports and node names, so they are read instead.
 */
import type { Endpoints, Service, ServicePort } from '../model/types';
import type { ClusterState } from '../state';
import { DEFAULT_AFFINITY_TIMEOUT_SECONDS } from '../apiserver/registry/service';
import type { Cidr } from '../net/ipv4';
import { parseCidr } from '../net/ipv4';
import { extChain, fwChain, lowerProtocol, sepChain, servicePortName, svcChain, svlChain } from './chains';
import { namespaceOf, DEFAULT_NAMESPACE } from '../model/meta';

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
  /** Ready endpoints, sorted by "ip:port" as the EndpointsMap sorts them (byEndpoint). */
  ready: ProxyEndpoint[];
  /** How many addresses are listed as not ready (kept out of the rules). */
  notReady: number;
}

/** ShouldSkipService: headless and ExternalName Services get no rules. */
function proxied(service: Service): boolean {
  const ip = service.spec.clusterIP;
  return service.spec.type !== 'ExternalName' && ip !== undefined && ip !== '' && ip !== 'None';
}

function endpointsFor(
  endpoints: Endpoints | undefined,
  port: ServicePort,
  spn: string,
  protocol: string,
): { ready: ProxyEndpoint[]; notReady: number } {
  const ready = new Map<string, ProxyEndpoint>();
  const notReady = new Set<string>();
  for (const subset of endpoints?.subsets ?? []) {
    // Endpoint ports are matched to Service ports by name and protocol (ServicePortName).
    const match = subset.ports?.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol);
    if (!match) continue;
    for (const a of subset.addresses ?? []) {
      const address = `${a.ip}:${match.port}`;
      if (ready.has(address)) continue;
      const endpoint: ProxyEndpoint = { ip: a.ip, port: match.port, address, sep: sepChain(spn, protocol, address) };
      if (a.nodeName) endpoint.nodeName = a.nodeName;
      if (a.targetRef?.kind === 'Pod' && a.targetRef.name) {
        endpoint.pod = {
          name: a.targetRef.name,
          namespace: a.targetRef.namespace ?? (endpoints ? namespaceOf(endpoints) : DEFAULT_NAMESPACE),
        };
      }
      ready.set(address, endpoint);
    }
    for (const a of subset.notReadyAddresses ?? []) notReady.add(`${a.ip}:${match.port}`);
  }
  return {
    ready: [...ready.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0)),
    notReady: notReady.size,
  };
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

function servicePortInfo(service: Service, port: ServicePort, endpoints: Endpoints | undefined): ServicePortInfo {
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
  const { ready, notReady } = endpointsFor(endpoints, port, spn, protocol);
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
    ready,
    notReady,
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
  for (const service of state.store.list('Service').sort(byName)) {
    if (!proxied(service)) continue;
    const endpoints = state.store.get('Endpoints', service.metadata.name, service.metadata.namespace);
    for (const port of service.spec.ports) out.push(servicePortInfo(service, port, endpoints));
  }
  return out;
}
