/**
 * Builds the `removeSelector` edit from what the simulated cluster has now: the Service's
 * ClusterIP and the ready addresses of its Endpoints. Those are exactly what "take the Service
 * away from the controller without clients noticing" must keep (the seed chapter, "Manual
 * service discovery": the selector can be removed and added back without the Service's IP changing).
 */
import type { Endpoints, Service } from '../engine/index';
import type { DocumentEdit, ManualSubset } from './types';

export function selectorRemovalFor(service: Service, endpoints: Endpoints | undefined): Extract<DocumentEdit, { type: 'removeSelector' }> {
  const subsets: ManualSubset[] = (endpoints?.subsets ?? [])
    .filter((s) => (s.addresses?.length ?? 0) > 0)
    .map((s) => ({
      // Only ready addresses: a manual Endpoints is what the user vouches for.
      addresses: (s.addresses ?? []).map((a) => (a.nodeName ? { ip: a.ip, nodeName: a.nodeName } : { ip: a.ip })),
      ports: (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
    }));
  const namespace = service.metadata.namespace;
  return {
    type: 'removeSelector',
    name: service.metadata.name,
    ...(namespace && namespace !== 'default' ? { namespace } : {}),
    clusterIP: service.spec.clusterIP ?? '',
    subsets,
  };
}
