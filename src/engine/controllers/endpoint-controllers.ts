/**
 * The three controllers that publish a Service's endpoints, run in the order their outputs depend
 * on: the endpoints controller (v1 Endpoints, deprecated but still running), the EndpointSlice
 * controller (slices of Services with a selector) and the EndpointSlice mirroring controller
 * (slices of hand-written Endpoints). kube-proxy, CoreDNS and ingress-nginx read the slices.
 */
import type { ClusterState } from '../state';
import { reconcileEndpoints } from './endpoints';
import { reconcileEndpointSlices } from './endpointslice';
import { reconcileEndpointSliceMirroring } from './endpointslice-mirroring';

export function reconcileEndpointControllers(state: ClusterState): void {
  reconcileEndpoints(state);
  reconcileEndpointSlices(state);
  reconcileEndpointSliceMirroring(state);
}
