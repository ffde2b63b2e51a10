/**
 * An EndpointSlice as the Service inspector lists it: who manages it (the
 * endpointslice.kubernetes.io/managed-by label: the slice controller for a selector, the mirroring
 * controller for hand-written Endpoints, nobody for a slice written by hand), and each endpoint
 * with what kube-proxy decides on: its conditions (ready, or terminating and still serving,
 * KEP-1669), its zone and its topology hints (KEP-2433, trafficDistribution).
 */
import type { EndpointSlice, EndpointSliceEndpoint } from '../../engine/index';

export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

export function sliceManager(slice: EndpointSlice): string {
  const by = slice.metadata.labels?.[MANAGED_BY_LABEL];
  return by ? `managed by ${by}` : 'written by hand (no managed-by label)';
}

function conditions(e: EndpointSliceEndpoint): string {
  const { ready, serving, terminating } = e.conditions;
  if (terminating) return serving === false ? ' (terminating, not serving)' : ' (terminating, serving)';
  return ready === false ? ' (not ready)' : '';
}

/** One endpoint: `10.244.1.5 web-2 (terminating, serving) · zone-a · hint zone-a`. */
export function sliceEndpoint(e: EndpointSliceEndpoint): string {
  const pod = e.targetRef?.kind === 'Pod' && e.targetRef.name ? ` ${e.targetRef.name}` : '';
  const zone = e.zone ? ` · ${e.zone}` : '';
  const hints = [...(e.hints?.forZones ?? []), ...(e.hints?.forNodes ?? [])].map((h) => h.name);
  return `${e.addresses.join(',')}${pod}${conditions(e)}${zone}${hints.length ? ` · hint ${hints.join(',')}` : ''}`;
}
