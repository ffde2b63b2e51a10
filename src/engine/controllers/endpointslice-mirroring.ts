/**
 * The EndpointSliceMirroring controller (kubernetes/pkg/controller/endpointslicemirroring): the
 * Endpoints of a Service without a selector (hand-written, as in the seed's 13-3 and 13-4) are
 * mirrored into EndpointSlices managed by `endpointslicemirroring-controller.k8s.io`, one slice per
 * subset (ports) with at most --mirroring-max-endpoints-per-subset (1000) addresses. It refuses to
 * mirror (and deletes what it mirrored) when the Service is missing, is ExternalName or has a
 * selector, when the Endpoints carry `endpointslice.kubernetes.io/skip-mirror: "true"` or a
 * leader-election annotation, and it skips addresses that are not IPs.
 */
import type { EndpointAddress, EndpointSlice, EndpointSliceEndpoint, EndpointSlicePort, Endpoints } from '../model/types';
import type { ClusterState } from '../state';
import { namespaceOf } from '../model/meta';
import { isIP, isIPv4 } from '../net/ipv4';
import { progress } from '../util/progress';
import {
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  generatedSliceName,
  hasSelector,
  managedSlices,
  portMapKey,
  slicePrefix,
} from './endpointslice';

/** endpointslicemirroring.ControllerName. */
export const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
/** discovery.LabelSkipMirror. */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** resourcelock.LeaderElectionRecordAnnotationKey: Endpoints used as a leader-election lock are not mirrored. */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** kube-controller-manager --mirroring-max-endpoints-per-subset default. */
export const MAX_ENDPOINTS_PER_SUBSET = 1000;

const NOT_COPIED_ANNOTATIONS = new Set([
  'endpoints.kubernetes.io/last-change-trigger-time',
  'kubectl.kubernetes.io/last-applied-configuration',
]);

/** shouldMirror: not labelled skip-mirror "true" and not a leader-election lock. */
export function shouldMirror(endpoints: Endpoints): boolean {
  if (endpoints.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  return !Object.prototype.hasOwnProperty.call(endpoints.metadata.annotations ?? {}, LEADER_ELECTION_ANNOTATION);
}

/** addressToEndpoint: the (valid) IP, ready as listed, its targetRef, nodeName and hostname. */
function addressToEndpoint(addresses: readonly EndpointAddress[], ready: boolean): EndpointSliceEndpoint[] {
  return addresses
    .filter((a) => isIP(a.ip))
    .map((a) => ({
      addresses: [a.ip],
      conditions: { ready },
      ...(a.targetRef ? { targetRef: a.targetRef } : {}),
      ...(a.nodeName ? { nodeName: a.nodeName } : {}),
      ...(a.hostname ? { hostname: a.hostname } : {}),
    }));
}

/** newEndpointSlice (utils.go): the Endpoints' labels and annotations, owned by the Endpoints. */
function mirroredSlice(
  endpoints: Endpoints,
  ports: EndpointSlicePort[],
  addressType: string,
  items: EndpointSliceEndpoint[],
): EndpointSlice {
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(endpoints.metadata.annotations ?? {})) if (!NOT_COPIED_ANNOTATIONS.has(k)) annotations[k] = v;
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      generateName: slicePrefix(endpoints.metadata.name),
      namespace: namespaceOf(endpoints),
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: {
        ...(endpoints.metadata.labels ?? {}),
        [SERVICE_NAME_LABEL]: endpoints.metadata.name,
        [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER,
      },
      ...(Object.keys(annotations).length ? { annotations } : {}),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: endpoints.metadata.name,
          uid: endpoints.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: items,
    ports,
  };
}

/** The slices the Endpoints should be mirrored to, by address type and ports (reconciler.reconcile's desired state). */
export function desiredMirrors(endpoints: Endpoints, maxPerSubset = MAX_ENDPOINTS_PER_SUBSET): { key: string; slice: EndpointSlice }[] {
  const groups = new Map<string, { ports: EndpointSlicePort[]; addressType: string; endpoints: Map<string, EndpointSliceEndpoint> }>();
  for (const subset of endpoints.subsets) {
    // epPortsToEpsPorts: every port with its name ("" when unnamed), port, protocol, appProtocol.
    const ports: EndpointSlicePort[] = (subset.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: p.port,
      protocol: p.protocol,
      ...(p.appProtocol ? { appProtocol: p.appProtocol } : {}),
    }));
    // At most maxPerSubset addresses of each subset are mirrored, ready ones first.
    const listed = [...addressToEndpoint(subset.addresses ?? [], true), ...addressToEndpoint(subset.notReadyAddresses ?? [], false)].slice(
      0,
      maxPerSubset,
    );
    for (const ep of listed) {
      const addressType = isIPv4(ep.addresses[0] ?? '') ? 'IPv4' : 'IPv6';
      const key = `${addressType}-${portMapKey(ports)}`;
      let group = groups.get(key);
      if (!group) {
        group = { ports, addressType, endpoints: new Map() };
        groups.set(key, group);
      }
      group.endpoints.set(ep.addresses[0] ?? '', ep);
    }
  }
  return [...groups.entries()].map(([key, g]) => ({
    key,
    slice: mirroredSlice(endpoints, g.ports, g.addressType, [...g.endpoints.values()].slice(0, maxPerSubset)),
  }));
}

/** syncEndpoints for every Endpoints object, and the removal of mirrors whose Endpoints no longer qualify. */
export function reconcileEndpointSliceMirroring(state: ClusterState): void {
  const mirrored = new Set<string>();
  for (const endpoints of state.store.list('Endpoints')) {
    progress();
    const namespace = namespaceOf(endpoints);
    const service = state.store.get('Service', endpoints.metadata.name, namespace);
    if (!service || service.spec.type === 'ExternalName' || hasSelector(service) || !shouldMirror(endpoints)) continue;
    mirrored.add(`${namespace}/${endpoints.metadata.name}`);
    const existing = managedSlices(state, namespace, endpoints.metadata.name, MIRRORING_CONTROLLER);
    const byKey = new Map<string, EndpointSlice[]>();
    for (const slice of existing) {
      const key = `${slice.addressType}-${portMapKey(slice.ports)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), slice]);
    }
    const wanted = desiredMirrors(endpoints);
    const toCreate: EndpointSlice[] = [];
    const toDelete: EndpointSlice[] = [];
    const taken = new Set<string>();
    for (const { key, slice } of wanted) {
      // reconcileByPortMapping: the first existing slice of the key is updated, any others deleted.
      const [first, ...rest] = byKey.get(key) ?? [];
      toDelete.push(...rest);
      if (first) {
        taken.add(first.metadata.name);
        const updated: EndpointSlice = {
          ...slice,
          metadata: {
            ...slice.metadata,
            name: first.metadata.name,
            uid: first.metadata.uid,
            creationTimestamp: first.metadata.creationTimestamp,
          },
        };
        if (JSON.stringify(updated) !== JSON.stringify(first)) state.store.put(updated);
      } else {
        toCreate.push(slice);
      }
    }
    const wantedKeys = new Set(wanted.map((w) => w.key));
    for (const [key, slices] of byKey) if (!wantedKeys.has(key)) toDelete.push(...slices);
    // recycleSlices: a create reuses the name of a slice that would be deleted.
    for (const slice of toCreate) {
      const recycled = toDelete.findIndex((s) => s.addressType === slice.addressType);
      const old = recycled >= 0 ? toDelete.splice(recycled, 1)[0] : undefined;
      const name = old?.metadata.name ?? generatedSliceName(state, namespace, slice.metadata.generateName ?? '', taken);
      taken.add(name);
      slice.metadata.name = name;
      slice.metadata.uid = old?.metadata.uid ?? state.uid('EndpointSlice', namespace, name);
      slice.metadata.creationTimestamp = old?.metadata.creationTimestamp ?? state.timestamp();
      state.store.put(slice);
    }
    for (const slice of toDelete) state.store.remove('EndpointSlice', slice.metadata.name, namespace);
  }
  for (const slice of state.store.list('EndpointSlice')) {
    if (slice.metadata.labels?.[MANAGED_BY_LABEL] !== MIRRORING_CONTROLLER) continue;
    if (!mirrored.has(`${namespaceOf(slice)}/${slice.metadata.labels[SERVICE_NAME_LABEL] ?? ''}`)) {
      state.store.remove('EndpointSlice', slice.metadata.name, slice.metadata.namespace);
    }
  }
}
