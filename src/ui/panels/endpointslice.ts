/**
 * What the inspector says about an EndpointSlice and about the v1 Endpoints beside it: the
 * slice's ports and endpoints with their conditions, as kube-proxy reads them, `kubectl get
 * endpointslice` (printEndpointSlice, pkg/printers/internalversion/printers.go), and why the v1
 * Endpoints is only a deprecated mirror since Kubernetes 1.33 (KEP-4974). Pure: tested in Node.
 */
import type { ClusterObject, EndpointSlice, Endpoints } from '../../engine/index';
import { MANAGED_BY_LABEL, MIRRORING_CONTROLLER, SERVICE_NAME_LABEL, namespaceOf } from '../../engine/index';
import { table } from './kubectl';

/** formatDiscoveryPorts / formatDiscoveryEndpoints: the first three, then `+ N more...`; none is `<unset>`. */
function listWithMore(list: readonly string[]): string {
  if (!list.length) return '<unset>';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

/** `kubectl get endpointslice NAME`: NAME ADDRESSTYPE PORTS ENDPOINTS AGE. */
export function kubectlGetEndpointSlice(slice: EndpointSlice, age: string): string {
  const ports = slice.ports.map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
  const addresses = slice.endpoints.flatMap((e) => e.addresses);
  return table([
    ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    [slice.metadata.name, slice.addressType, listWithMore(ports), listWithMore(addresses), age],
  ]);
}

export interface SlicePortRow {
  name: string;
  port: string;
  protocol: string;
  appProtocol: string;
}

/** The slice's ports: an empty name is the Service's unnamed port; no port means all ports (headless). */
export function slicePorts(slice: EndpointSlice): SlicePortRow[] {
  return slice.ports.map((p) => ({
    name: p.name ? p.name : '""',
    port: p.port !== undefined ? String(p.port) : '<all>',
    protocol: p.protocol,
    appProtocol: p.appProtocol ?? '',
  }));
}

export interface SliceEndpointRow {
  addresses: string;
  /** As written: `true`, `false`, or unset (consumers read an unset ready or serving as true, terminating as false). */
  ready: string;
  serving: string;
  terminating: string;
  nodeName: string;
  zone: string;
  /** `Pod/name` (namespace when another), or empty. */
  targetRef: string;
  /** `zones: a · nodes: n`, or empty. */
  hints: string;
}

const written = (value: boolean | undefined, unset: boolean): string => (value === undefined ? `unset (${unset})` : String(value));

export function sliceEndpoints(slice: EndpointSlice): SliceEndpointRow[] {
  return slice.endpoints.map((e) => {
    const ref = e.targetRef;
    const refNs = ref?.namespace && ref.namespace !== namespaceOf(slice) ? `${ref.namespace}/` : '';
    const hints = [
      ...(e.hints?.forZones?.length ? [`zones: ${e.hints.forZones.map((z) => z.name).join(', ')}`] : []),
      ...(e.hints?.forNodes?.length ? [`nodes: ${e.hints.forNodes.map((n) => n.name).join(', ')}`] : []),
    ];
    return {
      addresses: e.addresses.join(', '),
      ready: written(e.conditions.ready, true),
      serving: written(e.conditions.serving, true),
      terminating: written(e.conditions.terminating, false),
      nodeName: e.nodeName ?? '',
      zone: e.zone ?? '',
      targetRef: ref ? `${ref.kind ?? ''}/${refNs}${ref.name ?? ''}` : '',
      hints: hints.join(' · '),
    };
  });
}

/** The two labels that make a slice a Service's, and say who writes it. */
export function sliceLabels(slice: EndpointSlice): { service?: string; managedBy?: string } {
  const labels = slice.metadata.labels ?? {};
  return {
    ...(labels[SERVICE_NAME_LABEL] !== undefined ? { service: labels[SERVICE_NAME_LABEL] } : {}),
    ...(labels[MANAGED_BY_LABEL] !== undefined ? { managedBy: labels[MANAGED_BY_LABEL] } : {}),
  };
}

/** The slices labelled with a Service's name, in name order: what kube-proxy and CoreDNS read for it. */
export function slicesOfService(objects: readonly ClusterObject[], namespace: string, service: string): EndpointSlice[] {
  return objects
    .filter(
      (o): o is EndpointSlice =>
        o.kind === 'EndpointSlice' && namespaceOf(o) === namespace && o.metadata.labels?.[SERVICE_NAME_LABEL] === service,
    )
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/**
 * Why a v1 Endpoints object is not what the data plane reads, and which slices are: the
 * endpoints controller's mirror of a Service with a selector; hand-written Endpoints the
 * mirroring controller copies into slices; or hand-written ones nothing mirrors (labelled
 * `endpointslice.kubernetes.io/skip-mirror`, or without a Service), which no component reads.
 */
export function endpointsDeprecation(
  endpoints: Endpoints,
  objects: readonly ClusterObject[],
): { kind: 'mirror' | 'mirrored' | 'unread'; text: string; slices: string[] } {
  const namespace = namespaceOf(endpoints);
  const name = endpoints.metadata.name;
  const slices = slicesOfService(objects, namespace, name);
  const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === name && namespaceOf(o) === namespace);
  const selects = service?.kind === 'Service' && Object.keys(service.spec.selector ?? {}).length > 0;
  const deprecated =
    'v1 Endpoints is deprecated since Kubernetes 1.33 (KEP-4974): the API server warns on every use. kube-proxy and CoreDNS read EndpointSlices instead';
  if (selects)
    return {
      kind: 'mirror',
      text: `${deprecated}. The endpoints controller still writes this object for Service ${name}, a mirror of its slices for older clients; no request goes through it.`,
      slices: slices.map((s) => s.metadata.name),
    };
  const mirrors = slices.filter((s) => s.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER);
  if (mirrors.length)
    return {
      kind: 'mirrored',
      text: `${deprecated}. Written by hand for a Service without a selector, it is copied by the EndpointSlice mirroring controller (${MIRRORING_CONTROLLER}) into the slices below, which the data plane reads.`,
      slices: mirrors.map((s) => s.metadata.name),
    };
  return {
    kind: 'unread',
    text: `${deprecated}, and no EndpointSlice mirrors this one (no Service of that name without a selector, or the label endpointslice.kubernetes.io/skip-mirror): no component uses its addresses.`,
    slices: [],
  };
}
