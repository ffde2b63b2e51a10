/**
 * The EndpointSlice controller (kubernetes/pkg/controller/endpointslice, whose reconciler lives in
 * staging/src/k8s.io/endpointslice: reconciler.go, utils.go, trafficdist/trafficdist.go). For
 * every Service with a selector it keeps EndpointSlices named `<service>-<suffix>` (generateName)
 * labelled `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
 * endpointslice-controller.k8s.io`, one group of slices per distinct set of ports, at most
 * --max-endpoints-per-slice (100) endpoints each, and one endpoint per pod with its conditions
 * (ready, serving, terminating), nodeName, zone, targetRef and, when the Service's
 * trafficDistribution asks for them, hints.
 *
 * Names: the API server completes generateName with five random characters; here they come from
 * the seed, the namespace and the Service's name (and a counter for further slices), so the same
 * document always gives the same slice names. Endpoints are taken in address order where the real
 * controller pops them from a set in no particular order.
 */
import type { EndpointSlice, EndpointSliceEndpoint, EndpointSlicePort, Node, Pod, Service } from '../model/types';
import type { ClusterState } from '../state';
import { podsSelectedBy } from './pod-selection';
import { namespaceOf } from '../model/meta';
import { isPodReady } from '../model/podutil';
import { findPort } from './endpoints';
import { progress } from '../util/progress';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** v1.IsHeadlessService. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** v1.LabelTopologyZone: the node label the controller copies into each endpoint's `zone`. */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
/** endpointslice.ControllerName. */
export const ENDPOINTSLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
/** kube-controller-manager --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

/** The trafficDistribution values preferCloseHeuristic handles (trafficdist.go closeTrafficDistribution). */
const CLOSE_TRAFFIC_DISTRIBUTION: ReadonlySet<string> = new Set(['PreferClose', 'PreferSameZone', 'PreferSameNode']);

/** Whether the Service selects pods (a Service without a selector gets no slices from this controller). */
export function hasSelector(service: Service): boolean {
  return Object.keys(service.spec.selector ?? {}).length > 0;
}

/** isServiceIPSet: a ClusterIP other than None. */
function isServiceIPSet(service: Service): boolean {
  return service.spec.clusterIP !== undefined && service.spec.clusterIP !== '' && service.spec.clusterIP !== 'None';
}

/** ShouldPodBeInEndpoints(pod, includeTerminating=true): not terminal, with an IP. */
function shouldPodBeInSlices(pod: Pod): boolean {
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return false;
  return Boolean(pod.status.podIP) || (pod.status.podIPs ?? []).length > 0;
}

/** ShouldSetHostname: the pod's hostname, when its subdomain is the Service's name. */
function shouldSetHostname(pod: Pod, service: Service): boolean {
  return Boolean(pod.spec.hostname) && pod.spec.subdomain === service.metadata.name && namespaceOf(pod) === namespaceOf(service);
}

/**
 * podToEndpoint (utils.go): serving is the pod's readiness, terminating whether it has a
 * deletionTimestamp, and ready is serving and not terminating ("for compatibility reasons")
 * unless the Service publishes not-ready addresses.
 */
export function podToEndpoint(pod: Pod, node: Node | undefined, service: Service): EndpointSliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = service.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const addresses = (pod.status.podIPs ?? []).map((p) => p.ip).filter((ip) => !ip.includes(':'));
  const endpoint: EndpointSliceEndpoint = {
    addresses: addresses.length > 0 ? addresses : [pod.status.podIP ?? ''],
    conditions: { ready, serving, terminating },
  };
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec.hostname as string;
  endpoint.targetRef = { kind: 'Pod', namespace: namespaceOf(pod), name: pod.metadata.name, uid: pod.metadata.uid };
  if (pod.spec.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  if (zone) endpoint.zone = zone;
  return endpoint;
}

/** getEndpointPorts (utils.go): each Service port whose target port the pod has; none for a portless headless Service. */
export function getEndpointPorts(service: Service, pod: Pod): EndpointSlicePort[] {
  if (service.spec.ports.length === 0 && service.spec.clusterIP === 'None') return [];
  const out: EndpointSlicePort[] = [];
  for (const sp of service.spec.ports) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', port, protocol: sp.protocol, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** NewPortMapKey: the slices of a Service are grouped by their (sorted) set of ports. */
export function portMapKey(ports: readonly EndpointSlicePort[]): string {
  return ports
    .map((p) => `${p.name ?? ''}/${p.port ?? ''}/${p.protocol}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
}

/** The identity of an endpoint within a set (EndpointSet hashes addresses, node and targetRef). */
function endpointKey(ep: EndpointSliceEndpoint): string {
  return `${[...ep.addresses].sort().join(',')}|${ep.nodeName ?? ''}|${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}`;
}

function byAddress(a: EndpointSliceEndpoint, b: EndpointSliceEndpoint): number {
  const [x, y] = [a.addresses[0] ?? '', b.addresses[0] ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * setEndpointSliceLabels: the Service's labels without the reserved ones, the headless label when
 * the Service has no ClusterIP, and the service-name and managed-by labels.
 */
function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata.labels ?? {})) {
    if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  }
  if (!isServiceIPSet(service)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = service.metadata.name;
  labels[MANAGED_BY_LABEL] = ENDPOINTSLICE_CONTROLLER;
  return labels;
}

/**
 * The name the API server gives a slice created with generateName `<prefix>`: the prefix and five
 * characters, here drawn from the seed and the prefix (a counter for the second and further
 * slices), skipping names in use. The first slice of a Service keeps the same name whichever
 * controller (this one or the mirroring controller) creates it.
 */
export function generatedSliceName(state: ClusterState, namespace: string, prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.endsWith('-') ? prefix.slice(0, -1) : prefix;
  for (let n = 0; ; n++) {
    const key = n === 0 ? [namespace, base] : [namespace, base, String(n)];
    const name = `${prefix}${state.random('endpointslice', ...key).k8sString(5)}`;
    if (!taken.has(name) && !state.store.get('EndpointSlice', name, namespace)) return name;
  }
}

/** getEndpointSlicePrefix: `<service>-` unless that is too long for a name, then the name itself. */
export function slicePrefix(name: string): string {
  return name.length + 1 > 253 - 5 ? name : `${name}-`;
}

/** A new slice as newEndpointSlice makes it, owned by the Service (metav1.NewControllerRef). */
function newSlice(service: Service, ports: EndpointSlicePort[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      generateName: slicePrefix(service.metadata.name),
      namespace: namespaceOf(service),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: sliceLabels(service),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: service.metadata.name,
          uid: service.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints: [],
    ports,
  };
}

function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1',
  );
}

/**
 * trafficdist.ReconcileHints with preferCloseHeuristic: each ready endpoint gets a hint for its own
 * zone and, for PreferSameNode, its own node; with no (or another) trafficDistribution the hints
 * go (defaultHeuristic).
 */
export function applyHints(slice: EndpointSlice, trafficDistribution: string | undefined): void {
  const close = trafficDistribution !== undefined && CLOSE_TRAFFIC_DISTRIBUTION.has(trafficDistribution);
  for (const ep of slice.endpoints) {
    if (!close) {
      delete ep.hints;
      continue;
    }
    if (ep.conditions.ready !== true) continue;
    const forZones = ep.zone ? [{ name: ep.zone }] : undefined;
    const forNodes = ep.nodeName && trafficDistribution === 'PreferSameNode' ? [{ name: ep.nodeName }] : undefined;
    if (forZones || forNodes) ep.hints = { ...(forZones ? { forZones } : {}), ...(forNodes ? { forNodes } : {}) };
    else delete ep.hints;
  }
}

/** The endpoints the Service should have, grouped by port map (reconcileByAddressType, desired state). */
function desiredState(
  state: ClusterState,
  service: Service,
): Map<string, { ports: EndpointSlicePort[]; endpoints: EndpointSliceEndpoint[] }> {
  const namespace = namespaceOf(service);
  const desired = new Map<string, { ports: EndpointSlicePort[]; endpoints: EndpointSliceEndpoint[] }>();
  const pods = podsSelectedBy(state, namespace, service.spec.selector);
  for (const pod of pods) {
    if (!shouldPodBeInSlices(pod)) continue;
    const ports = getEndpointPorts(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (!group) {
      group = { ports, endpoints: [] };
      desired.set(key, group);
    }
    const node = pod.spec.nodeName ? state.store.get('Node', pod.spec.nodeName) : undefined;
    // A pod on a node that does not exist is skipped unless the Service publishes not-ready addresses.
    if (!node && service.spec.publishNotReadyAddresses !== true) continue;
    const endpoint = podToEndpoint(pod, node, service);
    if (endpoint.addresses.length > 0 && endpoint.addresses[0] !== '') group.endpoints.push(endpoint);
  }
  for (const group of desired.values()) group.endpoints.sort(byAddress);
  return desired;
}

interface Plan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  remove: EndpointSlice[];
  unchanged: EndpointSlice[];
}

/**
 * reconcileByPortMapping: (1) existing slices keep the desired endpoints they hold (updated) and
 * lose the others, emptied slices are deleted; (2) slices already being updated are filled up,
 * fullest first; (3) what is left goes into an unchanged slice it fits in (getSliceToFill) or into
 * new slices of at most maxEndpoints.
 */
function reconcileByPortMapping(
  service: Service,
  existing: readonly EndpointSlice[],
  desiredEndpoints: EndpointSliceEndpoint[],
  ports: EndpointSlicePort[],
  maxEndpoints: number,
): Plan {
  const plan: Plan = { create: [], update: [], remove: [], unchanged: [] };
  const desired = new Map(desiredEndpoints.map((e) => [endpointKey(e), e]));
  const labels = sliceLabels(service);
  const toUpdate: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  for (const slice of existing) {
    const kept: EndpointSliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const ep of slice.endpoints) {
      const key = endpointKey(ep);
      const got = desired.get(key);
      if (!got) continue;
      kept.push(got);
      if (!same({ ...got, hints: undefined }, { ...ep, hints: undefined })) endpointUpdated = true;
      desired.delete(key);
    }
    const labelsChanged = !same(slice.metadata.labels ?? {}, labels);
    if (endpointUpdated || kept.length !== slice.endpoints.length) {
      if (kept.length === 0) plan.remove.push(slice);
      else toUpdate.push({ ...structuredClone(slice), endpoints: kept, metadata: { ...structuredClone(slice.metadata), labels } });
    } else if (labelsChanged) {
      toUpdate.push({ ...structuredClone(slice), metadata: { ...structuredClone(slice.metadata), labels } });
    } else {
      unchanged.push(slice);
    }
  }
  const remaining = [...desired.values()];
  if (remaining.length > 0 && toUpdate.length > 0) {
    for (const slice of [...toUpdate].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
      while (remaining.length > 0 && slice.endpoints.length < maxEndpoints)
        slice.endpoints.push(remaining.shift() as EndpointSliceEndpoint);
    }
  }
  while (remaining.length > 0) {
    let fill: EndpointSlice | undefined;
    if (remaining.length < maxEndpoints && unchanged.length > 0) {
      // getSliceToFill: the unchanged slice that will be closest to full.
      let closest = maxEndpoints;
      for (const slice of unchanged) {
        const diff = maxEndpoints - (remaining.length + slice.endpoints.length);
        if (diff >= 0 && diff < closest) {
          closest = diff;
          fill = slice;
        }
      }
    }
    if (fill) {
      unchanged.splice(unchanged.indexOf(fill), 1);
      fill = structuredClone(fill);
      toUpdate.push(fill);
    } else {
      fill = newSlice(service, ports);
      plan.create.push(fill);
    }
    while (remaining.length > 0 && fill.endpoints.length < maxEndpoints) fill.endpoints.push(remaining.shift() as EndpointSliceEndpoint);
  }
  plan.update = toUpdate;
  plan.unchanged = unchanged;
  return plan;
}

/** Reconcile (reconciler.go) for one Service: creates, updates and deletes its slices. */
function reconcileService(state: ClusterState, service: Service, existing: EndpointSlice[], maxEndpoints: number): void {
  const namespace = namespaceOf(service);
  const plan: Plan = { create: [], update: [], remove: [], unchanged: [] };
  const byKey = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    // Slices of the wrong address type, or owned by an older Service of the same name, go.
    if (slice.addressType !== 'IPv4' || !ownedBy(slice, service)) {
      plan.remove.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    byKey.set(key, [...(byKey.get(key) ?? []), slice]);
  }
  const desired = desiredState(state, service);
  for (const [key, group] of desired) {
    const part = reconcileByPortMapping(service, byKey.get(key) ?? [], group.endpoints, group.ports, maxEndpoints);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.remove.push(...part.remove);
    plan.unchanged.push(...part.unchanged);
  }
  for (const [key, slices] of byKey) if (!desired.has(key)) plan.remove.push(...slices);
  // A Service with no endpoints at all still gets one empty slice (the placeholder).
  if (existing.length === plan.remove.length && plan.create.length === 0) {
    const placeholder = newSlice(service, []);
    const only = plan.remove[0];
    if (
      plan.remove.length === 1 &&
      only &&
      only.ports.length === 0 &&
      only.endpoints.length === 0 &&
      same(only.metadata.labels, placeholder.metadata.labels)
    ) {
      plan.remove = [];
      plan.unchanged.push(only);
    } else {
      plan.create.push(placeholder);
    }
  }
  // Hints (trafficdist.ReconcileHints): unchanged slices with missing or stale hints are updated too.
  const distribution = typeof service.spec.trafficDistribution === 'string' ? service.spec.trafficDistribution : undefined;
  for (const slice of plan.unchanged) {
    const copy = structuredClone(slice);
    applyHints(copy, distribution);
    if (!same(copy.endpoints, slice.endpoints)) plan.update.push(copy);
  }
  for (const slice of [...plan.create, ...plan.update]) applyHints(slice, distribution);
  // finalize: creates become updates of slices that would be deleted.
  while (plan.create.length > 0) {
    const index = plan.remove.findIndex((s) => s.addressType === 'IPv4' && ownedBy(s, service));
    if (index < 0) break;
    const [recycled] = plan.remove.splice(index, 1);
    const slice = plan.create.pop() as EndpointSlice;
    if (!recycled) break;
    plan.update.push({ ...slice, metadata: { ...slice.metadata, name: recycled.metadata.name } });
  }
  for (const slice of plan.remove) state.store.remove('EndpointSlice', slice.metadata.name, namespace);
  const taken = new Set<string>();
  for (const slice of plan.update) {
    const current = state.store.get('EndpointSlice', slice.metadata.name, namespace);
    slice.metadata.uid = current?.metadata.uid ?? state.uid('EndpointSlice', namespace, slice.metadata.name);
    slice.metadata.creationTimestamp = current?.metadata.creationTimestamp ?? state.timestamp();
    slice.metadata.generateName = slicePrefix(service.metadata.name);
    taken.add(slice.metadata.name);
    state.store.put(slice);
  }
  for (const slice of plan.create) {
    const name = generatedSliceName(state, namespace, slice.metadata.generateName ?? slicePrefix(service.metadata.name), taken);
    taken.add(name);
    slice.metadata.name = name;
    slice.metadata.uid = state.uid('EndpointSlice', namespace, name);
    slice.metadata.creationTimestamp = state.timestamp();
    state.store.put(slice);
  }
}

/** The slices this controller manages for a Service (its informer's label selector). */
export function managedSlices(state: ClusterState, namespace: string, name: string, controller: string): EndpointSlice[] {
  return state.store
    .list('EndpointSlice', namespace)
    .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === name && s.metadata.labels[MANAGED_BY_LABEL] === controller);
}

/**
 * syncService for every Service: ExternalName Services and Services without a selector get no
 * slices from this controller. (The real controller leaves the slices of a Service whose selector
 * was removed in place until the Service goes; here they go at once, as the Endpoints do, so the
 * "take the selector away" what-if leaves only the mirrored slices.)
 */
/** `due`: whether a Service's slices may have to change (reconcileEndpointControllers); every Service by default. */
export function reconcileEndpointSlices(
  state: ClusterState,
  maxEndpoints = MAX_ENDPOINTS_PER_SLICE,
  due: (service: Service) => boolean = () => true,
): void {
  const served = new Set<string>();
  for (const service of state.store.list('Service')) {
    progress();
    if (service.spec.type === 'ExternalName' || !hasSelector(service)) continue;
    const namespace = namespaceOf(service);
    served.add(`${namespace}/${service.metadata.name}`);
    if (!due(service)) continue;
    reconcileService(state, service, managedSlices(state, namespace, service.metadata.name, ENDPOINTSLICE_CONTROLLER), maxEndpoints);
  }
  // The garbage collector removes the slices of deleted Services (they are owned by them).
  for (const slice of state.store.list('EndpointSlice')) {
    if (slice.metadata.labels?.[MANAGED_BY_LABEL] !== ENDPOINTSLICE_CONTROLLER) continue;
    const key = `${namespaceOf(slice)}/${slice.metadata.labels[SERVICE_NAME_LABEL] ?? ''}`;
    if (!served.has(key)) state.store.remove('EndpointSlice', slice.metadata.name, slice.metadata.namespace);
  }
}
