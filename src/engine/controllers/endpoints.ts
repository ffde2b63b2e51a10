/**
 * The endpoints controller (kubernetes/pkg/controller/endpoint/endpoints_controller.go): for every
 * Service with a selector, the ready pods it selects become `addresses`, the others
 * `notReadyAddresses`, each with the target port resolved for that pod (podutil.FindPort).
 * Hand-written Endpoints of selector-less Services are kept as written (the EndpointSlice
 * mirroring controller, endpointslice-mirroring.ts, turns them into slices).
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service, ServicePort } from '../model/types';
import type { ClusterState, EventRef } from '../state';
import { podsSelectedBy } from './pod-selection';
import { namespaceOf, namespacedName } from '../model/meta';
import { isPodReady } from '../model/podutil';
import { progress } from '../util/progress';

/** Label the endpoints controller puts on headless Services' Endpoints (v1.IsHeadlessService). */
const HEADLESS_LABEL = 'service.kubernetes.io/headless';

/**
 * podutil.FindPort (pkg/api/v1/pod/util.go): a numeric targetPort as is; a named one looked up in
 * the pod's containers, then in its sidecar containers (init containers with `restartPolicy: Always`).
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  for (const container of [...pod.spec.containers, ...sidecars]) {
    for (const p of container.ports ?? []) {
      if (p.name === port.targetPort && (p.protocol ?? 'TCP') === port.protocol) return p.containerPort;
    }
  }
  return undefined;
}

/** maxCapacity and the `endpoints.kubernetes.io/over-capacity` annotation of the endpoints controller. */
export const ENDPOINTS_MAX_CAPACITY = 1000;
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/**
 * truncateEndpoints (pkg/controller/endpoint/endpoints_controller.go): past 1000 addresses, the
 * not-ready ones are cut first, each subset keeping its share (rounded up, the last subset taking
 * what is left); when the ready ones alone are too many, they are cut the same way and no
 * not-ready address is kept. Returns undefined when nothing had to be cut.
 */
export function truncateEndpoints(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= ENDPOINTS_MAX_CAPACITY) return undefined;
  const truncateReady = totalReady > ENDPOINTS_MAX_CAPACITY;
  const max = truncateReady ? ENDPOINTS_MAX_CAPACITY : ENDPOINTS_MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((subset) => {
    const list = (truncateReady ? subset.addresses : subset.notReadyAddresses) ?? [];
    const toBeAdded = Math.min(Math.ceil((list.length / numTotal) * max), canBeAdded);
    const kept = list.slice(0, toBeAdded);
    canBeAdded -= kept.length;
    const ready = truncateReady ? kept : (subset.addresses ?? []);
    const notReady = truncateReady ? [] : kept;
    const rest: EndpointSubset = { ...subset };
    delete rest.addresses;
    delete rest.notReadyAddresses;
    // An empty list is omitted when the object is written (omitempty).
    return { ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ...rest };
  });
}

/** shouldPodBeInEndpoints: it has an IP and has not finished. */
function podCanServe(pod: Pod): boolean {
  return Boolean(pod.status.podIP) && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

function compareIP(a: EndpointAddress, b: EndpointAddress): number {
  // LessEndpointAddress compares the IP strings byte-wise, then the target's UID.
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  return (a.targetRef?.uid ?? '') < (b.targetRef?.uid ?? '') ? -1 : 1;
}

function portKey(ports: readonly EndpointPort[]): string {
  return ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`).join(',');
}

/** RepackSubsets: addresses with the same set of ports share a subset. */
function repack(entries: { address: EndpointAddress; ready: boolean; ports: EndpointPort[] }[]): EndpointSubset[] {
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const e of entries) {
    const key = portKey(e.ports);
    let group = groups.get(key);
    if (!group) {
      group = { ports: e.ports, ready: [], notReady: [] };
      groups.set(key, group);
    }
    (e.ready ? group.ready : group.notReady).push(e.address);
  }
  return [...groups.values()].map((g) => {
    const subset: EndpointSubset = {};
    if (g.ready.length) subset.addresses = g.ready.sort(compareIP);
    if (g.notReady.length) subset.notReadyAddresses = g.notReady.sort(compareIP);
    if (g.ports.length) subset.ports = [...g.ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port);
    return subset;
  });
}

export function endpointsForService(state: ClusterState, service: Service): EndpointSubset[] {
  const namespace = namespaceOf(service);
  // ShouldPodBeInEndpoints(pod, includeTerminating: publishNotReadyAddresses): Terminating pods leave v1 Endpoints.
  const pods = podsSelectedBy(state, namespace, service.spec.selector).filter(
    (p) => podCanServe(p) && (p.metadata.deletionTimestamp === undefined || service.spec.publishNotReadyAddresses === true),
  );
  const entries: { address: EndpointAddress; ready: boolean; ports: EndpointPort[] }[] = [];
  for (const pod of pods) {
    const address: EndpointAddress = {
      ip: pod.status.podIP as string,
      ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    if (pod.spec.hostname && pod.spec.subdomain === service.metadata.name) address.hostname = pod.spec.hostname;
    const ready = isPodReady(pod) || service.spec.publishNotReadyAddresses === true;
    if (service.spec.ports.length === 0) {
      if (service.spec.clusterIP === 'None') entries.push({ address, ready, ports: [] });
      continue;
    }
    const ports: EndpointPort[] = [];
    for (const sp of service.spec.ports) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      ports.push({
        ...(sp.name ? { name: sp.name } : {}),
        port,
        protocol: sp.protocol,
        ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
      });
    }
    if (ports.length > 0) entries.push({ address: { ...address }, ready, ports });
  }
  return repack(entries);
}

function sameJSON(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Brings every Endpoints and EndpointSlice object in line with the Services and pods. */
function addressesOf(subsets: readonly EndpointSubset[] | undefined, key: 'addresses' | 'notReadyAddresses'): Map<string, EndpointAddress> {
  const out = new Map<string, EndpointAddress>();
  for (const subset of subsets ?? []) for (const a of subset[key] ?? []) out.set(a.ip, a);
  return out;
}

/**
 * A timeline entry when the endpoints controller changes which addresses a Service sends to.
 * (The real controller emits no Event for this; svcscope records it because it is the moment
 * discovery changes for every client.)
 */
function recordEndpointChanges(
  state: ClusterState,
  namespace: string,
  name: string,
  before: readonly EndpointSubset[] | undefined,
  after: readonly EndpointSubset[],
): void {
  const [readyBefore, readyAfter] = [addressesOf(before, 'addresses'), addressesOf(after, 'addresses')];
  const notReadyAfter = addressesOf(after, 'notReadyAddresses');
  const changes: string[] = [];
  const related: EventRef[] = [{ kind: 'Service', name, namespace }];
  const changed = (a: EndpointAddress): string => {
    if (a.targetRef?.kind === 'Pod' && a.targetRef.name)
      related.push({ kind: 'Pod', name: a.targetRef.name, namespace: a.targetRef.namespace ?? namespace });
    return a.targetRef?.name ?? a.ip;
  };
  for (const [ip, a] of readyAfter) if (!readyBefore.has(ip)) changes.push(`+${ip} (${changed(a)})`);
  for (const [ip, a] of readyBefore)
    if (!readyAfter.has(ip)) changes.push(`-${ip} (${changed(a)}${notReadyAfter.has(ip) ? ', now in notReadyAddresses' : ''})`);
  if (!changes.length) return;
  state.record({
    type: 'Normal',
    reason: 'EndpointsChanged',
    kind: 'Endpoints',
    name,
    namespace,
    message: `ready addresses ${changes.join(', ')}; ${readyAfter.size} ready in all`,
    related,
  });
}

/** `due`: whether a Service's Endpoints may have to change (reconcileEndpointControllers); every Service by default. */
export function reconcileEndpoints(state: ClusterState, due: (service: Service) => boolean = () => true): void {
  const services = state.store.list('Service');
  for (const service of services) {
    progress();
    if (!due(service)) continue;
    const namespace = namespaceOf(service);
    const name = service.metadata.name;
    const hasSelector = Object.keys(service.spec.selector ?? {}).length > 0;
    if (service.spec.type === 'ExternalName') continue;
    let endpoints = state.store.get('Endpoints', name, namespace);
    if (hasSelector) {
      const allSubsets = endpointsForService(state, service);
      const truncated = truncateEndpoints(allSubsets);
      const subsets = truncated ?? allSubsets;
      const annotations: Record<string, string> = truncated ? { [OVER_CAPACITY_ANNOTATION]: 'truncated' } : {};
      const labels = { ...(service.metadata.labels ?? {}), ...(service.spec.clusterIP === 'None' ? { [HEADLESS_LABEL]: '' } : {}) };
      // Hand-written Endpoints of a Service with a selector are overwritten by the controller.
      const userOwned = state.userEndpoints.delete(`${namespace}/${name}`);
      if (
        !endpoints ||
        userOwned ||
        !sameJSON(endpoints.subsets, subsets) ||
        !sameJSON(endpoints.metadata.labels ?? {}, labels) ||
        !sameJSON(endpoints.metadata.annotations ?? {}, annotations)
      ) {
        recordEndpointChanges(state, namespace, name, endpoints?.subsets, subsets);
        endpoints = {
          apiVersion: 'v1',
          kind: 'Endpoints',
          metadata: {
            name,
            namespace,
            uid: endpoints?.metadata.uid ?? state.uid('Endpoints', namespace, name),
            resourceVersion: '',
            creationTimestamp: endpoints?.metadata.creationTimestamp ?? state.timestamp(),
            ...(Object.keys(labels).length ? { labels } : {}),
            ...(truncated ? { annotations } : {}),
          },
          subsets,
        };
        state.store.put(endpoints);
      }
    }
  }
  // Endpoints the controller made for Services that are gone (or lost their selector) go too.
  for (const endpoints of state.store.list('Endpoints')) {
    const key = namespacedName(endpoints);
    if (state.userEndpoints.has(key) || state.systemEndpoints.has(key)) continue;
    const service = state.store.get('Service', endpoints.metadata.name, endpoints.metadata.namespace);
    if (!service || service.spec.type === 'ExternalName' || Object.keys(service.spec.selector ?? {}).length === 0) {
      state.store.remove('Endpoints', endpoints.metadata.name, endpoints.metadata.namespace);
    }
  }
}
