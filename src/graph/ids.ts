/**
 * Graph element ids: the one place they are made and read. An element that stands for an object
 * has the id `<prefix>:<namespace>/<name>` (cluster-scoped: `<prefix>:<name>`); the elements with no
 * object of their own (the external client, the internet, cluster DNS, the cloud load balancer, a
 * node's kube-proxy, a host outside the cluster) have ids of their own. Share links carry these ids
 * (`view.selected`), so the format is part of the v1 link format: change it only with a new one.
 */
import type { EventRef, Kind } from '../engine/index';
import { DEFAULT_NAMESPACE, namespaceOf } from '../engine/index';

/** The element prefix of each kind the graph draws. */
const PREFIX = {
  Pod: 'pod',
  Service: 'svc',
  Endpoints: 'ep',
  EndpointSlice: 'slice',
  Ingress: 'ing',
  Node: 'node',
  Gateway: 'gw',
  // One prefix per route kind: an HTTPRoute and a GRPCRoute may share a name.
  HTTPRoute: 'httproute',
  GRPCRoute: 'grpcroute',
} as const satisfies Partial<Record<Kind, string>>;

type DrawnKind = keyof typeof PREFIX;
const KIND_OF_PREFIX = Object.fromEntries(Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind])) as Record<string, DrawnKind>;

export const ids = {
  pod: (ns: string, name: string) => `pod:${ns}/${name}`,
  service: (ns: string, name: string) => `svc:${ns}/${name}`,
  endpoints: (ns: string, name: string) => `ep:${ns}/${name}`,
  endpointSlice: (ns: string, name: string) => `slice:${ns}/${name}`,
  ingress: (ns: string, name: string) => `ing:${ns}/${name}`,
  gateway: (ns: string, name: string) => `gw:${ns}/${name}`,
  route: (kind: 'HTTPRoute' | 'GRPCRoute', ns: string, name: string) => `${PREFIX[kind]}:${ns}/${name}`,
  node: (name: string) => `node:${name}`,
  kubeProxy: (node: string) => `kube-proxy:${node}`,
  external: (host: string) => `ext:${host}`,
  client: 'client',
  internet: 'internet',
  dns: 'dns',
  cloudLb: 'cloud-lb',
} as const;

/** The element drawn for an object, if the graph draws its kind. */
export function elementIdOf(ref: EventRef): string | undefined {
  if (!(ref.kind in PREFIX)) return undefined;
  const prefix = PREFIX[ref.kind as DrawnKind];
  return ref.kind === 'Node' ? `${prefix}:${ref.name}` : `${prefix}:${namespaceOf(ref)}/${ref.name}`;
}

/** The object an element id stands for, if any (the reverse of elementIdOf). */
export function refOfElementId(id: string): EventRef | undefined {
  const colon = id.indexOf(':');
  const kind = colon > 0 ? KIND_OF_PREFIX[id.slice(0, colon)] : undefined;
  if (!kind) return undefined;
  const rest = id.slice(colon + 1);
  if (kind === 'Node') return { kind, name: rest };
  const slash = rest.indexOf('/');
  return slash < 0
    ? { kind, name: rest, namespace: DEFAULT_NAMESPACE }
    : { kind, namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
