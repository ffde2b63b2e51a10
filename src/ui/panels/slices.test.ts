import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import type { EndpointSlice } from '../../engine/index';
import { sliceEndpoint, sliceManager } from './slices';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
  trafficDistribution: PreferSameZone
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec:
  nodeName: node-3
  containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: mine-1
  labels: {kubernetes.io/service-name: mine}
addressType: IPv4
ports: [{port: 80}]
endpoints: [{addresses: [10.0.0.9]}]
`;

function slice(cluster: ReturnType<typeof createCluster>, service: string): EndpointSlice {
  const found = cluster
    .objects()
    .find((o): o is EndpointSlice => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service);
  if (!found) throw new Error(`no slice for ${service}`);
  return found;
}

describe('EndpointSlices in the Service inspector', () => {
  it('says who manages a slice: the controller of a selector Service, nobody for one written by hand', () => {
    const cluster = createCluster(YAML);
    expect(sliceManager(slice(cluster, 'web'))).toBe('managed by endpointslice-controller.k8s.io');
    expect(sliceManager(slice(cluster, 'mine'))).toBe('written by hand (no managed-by label)');
  });

  it('shows each endpoint with its pod, its zone and its hints; a terminating one as serving but not ready (KEP-1669)', () => {
    const cluster = createCluster(YAML);
    const ip = cluster.get('Pod', 'web-1')?.status.podIP ?? '';
    expect(slice(cluster, 'web').endpoints.map(sliceEndpoint)).toEqual([`${ip} web-1 · zone-b · hint zone-b`]);
    cluster.delete('Pod', 'web-1', 'default', { gracePeriodSeconds: 30 });
    // A terminating endpoint is not ready, and the controller hints ready endpoints only (trafficdist.go).
    expect(slice(cluster, 'web').endpoints.map(sliceEndpoint)).toEqual([`${ip} web-1 (terminating, serving) · zone-b`]);
    cluster.setPodReady('web-1', false);
    expect(slice(cluster, 'web').endpoints.map(sliceEndpoint)).toEqual([`${ip} web-1 (terminating, not serving) · zone-b`]);
  });
});
