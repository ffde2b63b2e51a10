/**
 * The endpoints controller where it goes beyond the plain selector-to-addresses mapping:
 * podutil.FindPort's sidecar containers (pkg/api/v1/pod/util.go, util_test.go TestFindPort) and
 * the 1000-address cap (pkg/controller/endpoint/endpoints_controller.go truncateEndpoints,
 * endpoints_controller_test.go TestTruncateEndpoints).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { EndpointAddress, EndpointSubset, Pod, ServicePort } from '../model/types';
import { ENDPOINTS_MAX_CAPACITY, OVER_CAPACITY_ANNOTATION, findPort, truncateEndpoints } from './endpoints';

const pod = (spec: Partial<Pod['spec']>): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', uid: 'u', resourceVersion: '', creationTimestamp: '' },
    spec: { containers: [], enableServiceLinks: true, dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', ...spec },
    status: { phase: 'Running', conditions: [] },
  }) as Pod;
const svcPort = (targetPort: number | string, protocol: 'TCP' | 'UDP' = 'TCP'): ServicePort => ({ port: 80, targetPort, protocol });

describe('FindPort (pkg/api/v1/pod/util.go, TestFindPort)', () => {
  const sidecar = {
    name: 'proxy',
    image: 'envoy',
    restartPolicy: 'Always',
    ports: [{ name: 'proxy', containerPort: 15001, protocol: 'TCP' as const }],
  };
  const plainInit = { name: 'setup', image: 'busybox', ports: [{ name: 'setup', containerPort: 9000, protocol: 'TCP' as const }] };
  const main = { name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' as const }] };

  it('a number is the port, whatever the pod holds', () => {
    expect(findPort(pod({ containers: [main] }), svcPort(93))).toBe(93);
  });

  it('a name is looked up in the containers, with the protocol', () => {
    expect(findPort(pod({ containers: [main] }), svcPort('http'))).toBe(8080);
    expect(findPort(pod({ containers: [main] }), svcPort('http', 'UDP'))).toBeUndefined();
  });

  it('a name is also looked up in sidecar containers (init containers with restartPolicy: Always)', () => {
    expect(findPort(pod({ containers: [main], initContainers: [sidecar] }), svcPort('proxy'))).toBe(15001);
  });

  it('an init container without restartPolicy: Always is not searched', () => {
    expect(findPort(pod({ containers: [main], initContainers: [plainInit] }), svcPort('setup'))).toBeUndefined();
  });

  it('the controller puts a sidecar port into the Endpoints', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Service
metadata: {name: mesh}
spec:
  selector: {app: mesh}
  ports: [{name: proxy, port: 80, targetPort: proxy}]
---
apiVersion: v1
kind: Pod
metadata: {name: mesh-0, labels: {app: mesh}}
spec:
  initContainers: [{name: proxy, image: envoy, restartPolicy: Always, ports: [{name: proxy, containerPort: 15001}]}]
  containers: [{name: web, image: nginx}]
`);
    expect(cluster.get('Endpoints', 'mesh')?.subsets[0]?.ports).toEqual([{ name: 'proxy', port: 15001, protocol: 'TCP' }]);
  });
});

function addresses(n: number, prefix: string): EndpointAddress[] {
  return Array.from({ length: n }, (_, i) => ({ ip: `10.${prefix}.${Math.floor(i / 250)}.${i % 250}` }));
}

function subsets(ready: number[], notReady: number[]): EndpointSubset[] {
  return ready.map((r, i) => ({
    addresses: addresses(r, `${i}`),
    notReadyAddresses: addresses(notReady[i] ?? 0, `${100 + i}`),
    ports: [{ port: 8000 + i, protocol: 'TCP' as const }],
  }));
}

const counts = (result: EndpointSubset[] | undefined) => ({
  ready: (result ?? []).map((s) => s.addresses?.length ?? 0),
  notReady: (result ?? []).map((s) => s.notReadyAddresses?.length ?? 0),
});

describe('truncateEndpoints (pkg/controller/endpoint/endpoints_controller.go, TestTruncateEndpoints)', () => {
  it('total endpoints = max capacity: nothing is cut', () => {
    expect(truncateEndpoints(subsets([100, 100, 100, 100, 100], [100, 100, 100, 100, 100]))).toBeUndefined();
  });

  it('total ready endpoints > max capacity: ready ones cut in proportion (rounded up, the last takes the rest), no not-ready left', () => {
    const result = truncateEndpoints(subsets([205, 400, 402, 400, 693], [100, 200, 200, 200, 300]));
    expect(counts(result)).toEqual({ ready: [98, 191, 192, 191, 328], notReady: [0, 0, 0, 0, 0] });
    expect(result?.[0]?.ports).toEqual([{ port: 8000, protocol: 'TCP' }]);
    expect(result?.[0]).not.toHaveProperty('notReadyAddresses');
  });

  it('only one subset: the first 1000 ready addresses', () => {
    const result = truncateEndpoints(subsets([2000], [100]));
    expect(counts(result)).toEqual({ ready: [ENDPOINTS_MAX_CAPACITY], notReady: [0] });
    expect(result?.[0]?.addresses?.[0]?.ip).toBe('10.0.0.0');
  });

  it('ready ones under the cap: only not-ready ones are cut, to fill what is left', () => {
    const result = truncateEndpoints(subsets([600], [600]));
    expect(counts(result)).toEqual({ ready: [600], notReady: [400] });
  });
});

describe('the over-capacity annotation on a Service with more than 1000 endpoints', () => {
  it('Endpoints keep 1000 addresses and say endpoints.kubernetes.io/over-capacity: truncated; the EndpointSlice keeps all', () => {
    const cluster = createCluster(
      `apiVersion: v1
kind: Service
metadata: {name: big}
spec:
  selector: {app: big}
  ports: [{port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: big}
spec:
  replicas: 1001
  selector: {matchLabels: {app: big}}
  template:
    metadata: {labels: {app: big}}
    spec: {containers: [{name: web, image: nginx}]}
`,
      { nodes: 5 },
    );
    const endpoints = cluster.get('Endpoints', 'big');
    const kept = (endpoints?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
    expect(kept).toBe(ENDPOINTS_MAX_CAPACITY);
    expect(endpoints?.metadata.annotations?.[OVER_CAPACITY_ANNOTATION]).toBe('truncated');
    const sliced = cluster
      .objects()
      .filter((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'big');
    expect(sliced.reduce((n, o) => n + (o.kind === 'EndpointSlice' ? o.endpoints.length : 0), 0)).toBe(1001);
  });
});
