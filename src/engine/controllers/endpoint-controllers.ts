/**
 * The three controllers that publish a Service's endpoints, run in the order their outputs depend
 * on: the endpoints controller (v1 Endpoints, deprecated but still running), the EndpointSlice
 * controller (slices of Services with a selector) and the EndpointSlice mirroring controller
 * (slices of hand-written Endpoints). kube-proxy, CoreDNS and ingress-nginx read the slices.
 *
 * Like the real controllers, which queue a Service when it or a pod it selects changes
 * (endpointslice_controller.go: onServiceUpdate, onPodUpdate -> getPodServiceMemberships), a run
 * reconciles only the Services whose endpoints can have changed: all of them when a pod, node,
 * namespace, Endpoints or EndpointSlice was written since the last run by anyone but these
 * controllers, else only the Services written since (an edit of one Service's port reconciles
 * that Service, not the fifty others). Deleted Services' objects are collected every run.
 */
import type { ClusterState } from '../state';
import type { Service } from '../model/types';
import type { ObjectStore } from '../store';
import { namespaceOf } from '../model/meta';
import { reconcileEndpoints } from './endpoints';
import { reconcileEndpointSlices } from './endpointslice';
import { reconcileEndpointSliceMirroring } from './endpointslice-mirroring';

/** The kinds every Service's endpoints are computed from (besides the Service itself), and the controllers' own outputs. */
function inputs(store: ObjectStore): string {
  return (['Pod', 'Node', 'Namespace', 'Endpoints', 'EndpointSlice'] as const).map((kind) => store.version(kind)).join('/');
}

const serviceKey = (service: Service): string => `${namespaceOf(service)}/${service.metadata.name}`;

export function reconcileEndpointControllers(state: ClusterState): void {
  const memo = state.caches.endpointControllers;
  const everything = memo.inputs !== inputs(state.store);
  const due = (service: Service): boolean => everything || memo.services.get(serviceKey(service)) !== service.metadata.resourceVersion;
  reconcileEndpoints(state, due);
  reconcileEndpointSlices(state, undefined, due);
  reconcileEndpointSliceMirroring(state);
  memo.services = new Map(state.store.list('Service').map((s) => [serviceKey(s), s.metadata.resourceVersion]));
  memo.inputs = inputs(state.store);
}
