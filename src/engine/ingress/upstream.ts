/**
 * The upstream of a location: ingress-nginx resolves an Ingress backend to the Service's
 * endpoints itself and load-balances over them in Lua (round_robin by default), bypassing the
 * ClusterIP and kube-proxy. `serviceEndpoints` (internal/ingress/controller/controller.go) picks
 * the first Service port whose `port`, `targetPort` or `name` equals the backend's port — so a
 * v1beta1 `servicePort: 8080` also finds a port 80 with targetPort 8080, as the seed's 13-8
 * relies on — then the ready addresses of the Endpoints for that port (matched by port name).
 * A missing Service, no matching port or no ready endpoint leave the upstream empty: the
 * controller answers 503 Service Temporarily Unavailable.
 */
import type { Service, ServicePort } from '../model/types';
import type { ClusterState } from '../state';
import type { BackendRef } from './nginx-config';
import { backendText } from './nginx-config';

export interface UpstreamEndpoint {
  ip: string;
  port: number;
  /** The EndpointSlice it was read from. */
  slice: string;
  pod?: { name: string; namespace: string };
  nodeName?: string;
}

export type Upstream =
  | {
      kind: 'endpoints';
      service: Service;
      servicePort: ServicePort;
      matchedBy: 'port' | 'targetPort' | 'name';
      endpoints: UpstreamEndpoint[];
    }
  | { kind: 'externalName'; service: Service; host: string; port: number }
  | { kind: 'unavailable'; reason: string };

function portText(p: ServicePort): string {
  return `${p.name ? `${p.name} ` : ''}${p.port}->${p.targetPort}/${p.protocol}`;
}

export function resolveUpstream(state: ClusterState, backend: BackendRef): Upstream {
  const service = state.store.get('Service', backend.service, backend.namespace);
  const wanted = backend.port.name ?? String(backend.port.number ?? '');
  if (!service) return { kind: 'unavailable', reason: `Service ${backend.namespace}/${backend.service} does not exist` };
  if (service.spec.type === 'ExternalName') {
    const named = service.spec.ports.find((p) => p.name === wanted);
    const port = backend.port.number ?? named?.port;
    if (!service.spec.externalName || port === undefined) {
      return { kind: 'unavailable', reason: `ExternalName Service ${backend.service} needs a numeric backend port (got "${wanted}")` };
    }
    return { kind: 'externalName', service, host: service.spec.externalName, port };
  }
  let matchedBy: 'port' | 'targetPort' | 'name' | undefined;
  const servicePort = service.spec.ports.find((p) => {
    matchedBy =
      String(p.port) === wanted ? 'port' : String(p.targetPort) === wanted ? 'targetPort' : p.name === wanted ? 'name' : undefined;
    return matchedBy !== undefined;
  });
  if (!servicePort || !matchedBy) {
    const ports = service.spec.ports.map(portText).join(', ') || 'none';
    return { kind: 'unavailable', reason: `Service ${backend.service} has no port matching ${backendText(backend)} (its ports: ${ports})` };
  }
  const endpoints: UpstreamEndpoint[] = [];
  // ingress-nginx reads the Service's EndpointSlices (internal/ingress/controller/endpointslices.go
  // getEndpointsFromSlices): endpoints whose ready condition is not false, once per ip:port.
  const seen = new Set<string>();
  for (const slice of state.store.list('EndpointSlice', backend.namespace)) {
    if (slice.metadata.labels?.['kubernetes.io/service-name'] !== service.metadata.name || slice.addressType !== 'IPv4') continue;
    const epPort = slice.ports.find((p) => (p.name ?? '') === (servicePort.name ?? '') && p.protocol === 'TCP');
    if (!epPort?.port) continue;
    for (const e of slice.endpoints) {
      const ip = e.addresses[0];
      if (ip === undefined || e.conditions.ready === false || seen.has(`${ip}:${epPort.port}`)) continue;
      seen.add(`${ip}:${epPort.port}`);
      endpoints.push({
        ip,
        port: epPort.port,
        slice: slice.metadata.name,
        ...(e.targetRef?.kind === 'Pod'
          ? { pod: { name: e.targetRef.name ?? '', namespace: e.targetRef.namespace ?? backend.namespace } }
          : {}),
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      });
    }
  }
  endpoints.sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : a.port - b.port));
  if (endpoints.length === 0) {
    return { kind: 'unavailable', reason: `Service ${backend.service} has no ready endpoints for port ${portText(servicePort)}` };
  }
  return { kind: 'endpoints', service, servicePort, matchedBy, endpoints };
}

/** round_robin over the upstream's endpoints, as ingress-nginx's default load-balance does. */
export function roundRobin(
  state: ClusterState,
  key: string,
  endpoints: readonly UpstreamEndpoint[],
  start: () => number,
): UpstreamEndpoint {
  const map = state.dataplane.roundRobin;
  const next = map.get(key) ?? start();
  map.set(key, next + 1);
  return endpoints[next % endpoints.length] as UpstreamEndpoint;
}
