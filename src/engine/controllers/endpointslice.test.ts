import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { EndpointSlice } from '../model/types';
import { podYaml, serviceYaml } from '../trace/fixtures';
import { READINESS_ANNOTATION } from './kubelet';
import { webDeployment } from '../../test-support/manifests';

function slicesOf(cluster: Cluster, service: string, namespace = 'default'): EndpointSlice[] {
  return cluster
    .objects()
    .filter(
      (o): o is EndpointSlice =>
        o.kind === 'EndpointSlice' && o.metadata.namespace === namespace && o.metadata.labels?.['kubernetes.io/service-name'] === service,
    )
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

const deployment = (replicas: number): string => `---\n${webDeployment({ replicas, containerPort: 8080, portName: 'http' })}`;

describe('EndpointSlice controller (staging/src/k8s.io/endpointslice reconciler.go, utils.go)', () => {
  // reconciler_test.go TestReconcile1Pod: one pod gives one slice with one endpoint whose
  // conditions, nodeName and targetRef come from the pod, and the Service's ports.
  it('one pod: a slice <service>-<suffix> with the labels, owner, addressType, ports and endpoint of TestReconcile1Pod', () => {
    const cluster = createCluster(
      serviceYaml('web', {
        selector: { app: 'web' },
        ports: '[{name: http, port: 80, targetPort: 8080, appProtocol: http}]',
      }).replace('metadata: {name: web}', 'metadata: {name: web, labels: {team: a}}') +
        podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }),
    );
    const [slice, ...others] = slicesOf(cluster, 'web');
    expect(others).toEqual([]);
    const service = cluster.get('Service', 'web');
    const pod = cluster.get('Pod', 'web-a');
    expect(slice?.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice?.metadata.generateName).toBe('web-');
    expect(slice?.metadata.labels).toEqual({
      team: 'a',
      'kubernetes.io/service-name': 'web',
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    });
    expect(slice?.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'web', uid: service?.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP', appProtocol: 'http' }]);
    expect(slice?.endpoints).toEqual([
      {
        addresses: [pod?.status.podIP],
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', namespace: 'default', name: 'web-a', uid: pod?.metadata.uid },
        nodeName: 'node-2',
        // The node's topology.kubernetes.io/zone (node-1 and node-2 are in zone-a by default).
        zone: 'zone-a',
      },
    ]);
  });

  it('the same document gives the same slice names (the generateName suffix comes from the seed and the Service name)', () => {
    const yaml = serviceYaml('web', { selector: { app: 'web' } }) + podYaml('a', { labels: { app: 'web' }, port: 8080 });
    const names = (c: Cluster): string[] => slicesOf(c, 'web').map((s) => s.metadata.name);
    expect(names(createCluster(yaml))).toEqual(names(createCluster(yaml)));
    expect(names(createCluster(yaml, { seed: 2 }))).not.toEqual(names(createCluster(yaml)));
  });

  // utils_test.go TestPodToEndpoint: an unready pod is ready=false, serving=false; with
  // publishNotReadyAddresses it is ready=true (serving stays false).
  it.each([
    { name: 'ready pod', fail: false, publish: false, conditions: { ready: true, serving: true, terminating: false } },
    { name: 'unready pod', fail: true, publish: false, conditions: { ready: false, serving: false, terminating: false } },
    {
      name: 'unready pod + publishNotReadyAddresses',
      fail: true,
      publish: true,
      conditions: { ready: true, serving: false, terminating: false },
    },
  ])('podToEndpoint conditions: $name (utils_test.go TestPodToEndpoint)', ({ fail, publish, conditions }) => {
    const pod = podYaml('a', { labels: { app: 'web' }, port: 8080 }).replace(
      'metadata: {name: a, labels: {app: web}}',
      `metadata: {name: a, labels: {app: web}${fail ? `, annotations: {${READINESS_ANNOTATION}: fail}` : ''}}`,
    );
    const cluster = createCluster(
      serviceYaml('web', { selector: { app: 'web' }, ...(publish ? { extra: '  publishNotReadyAddresses: true' } : {}) }) + pod,
    );
    expect(slicesOf(cluster, 'web')[0]?.endpoints[0]?.conditions).toEqual(conditions);
  });

  it('hostname is set when the pod names the Service as its subdomain (ShouldSetHostname); headless slices carry the headless label', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Service
metadata: {name: db}
spec: {clusterIP: None, selector: {app: db}, ports: [{port: 5432}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec: {hostname: db-0, subdomain: db, containers: [{name: pg, image: postgres}]}
`);
    const [slice] = slicesOf(cluster, 'db');
    expect(slice?.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(slice?.endpoints[0]?.hostname).toBe('db-0');
    // An unnamed Service port is named "" in the slice (getEndpointPorts takes &servicePort.Name).
    expect(slice?.ports).toEqual([{ name: '', port: 5432, protocol: 'TCP' }]);
  });

  // reconciler_test.go TestReconcileEmpty: a Service without endpoints gets one placeholder slice.
  it('no pods: one placeholder slice without ports or endpoints; the first pod reuses its name (finalize turns the create into an update)', () => {
    const cluster = createCluster(serviceYaml('web', { selector: { app: 'web' } }));
    const [placeholder, ...rest] = slicesOf(cluster, 'web');
    expect(rest).toEqual([]);
    expect(placeholder?.ports).toEqual([]);
    expect(placeholder?.endpoints).toEqual([]);
    cluster.apply(podYaml('a', { labels: { app: 'web' }, port: 8080 }));
    const after = slicesOf(cluster, 'web');
    expect(after.map((s) => s.metadata.name)).toEqual([placeholder?.metadata.name]);
    expect(after[0]?.endpoints).toHaveLength(1);
    expect(after[0]?.ports).toEqual([{ name: '', port: 8080, protocol: 'TCP' }]);
  });

  // reconciler_test.go TestReconcileManyPods: 250 pods make 3 slices (100, 100, 50); maxEndpointsPerSlice = 100.
  it('250 pods: three slices of 100, 100 and 50 endpoints (TestReconcileManyPods, --max-endpoints-per-slice 100)', () => {
    const cluster = createCluster(
      serviceYaml('web', { selector: { app: 'web' }, ports: '[{name: http, port: 80, targetPort: http}]' }) + deployment(250),
    );
    const slices = slicesOf(cluster, 'web');
    expect(slices.map((s) => s.endpoints.length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(new Set(slices.flatMap((s) => s.endpoints.map((e) => e.addresses[0]))).size).toBe(250);
    for (const s of slices) expect(s.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  // reconcileByPortMapping step 1: a slice keeps the endpoints still desired; scaling down removes
  // endpoints from the slices that hold them instead of repacking.
  it('scaling down removes endpoints where they are; scaling to zero leaves the placeholder', () => {
    const cluster = createCluster(
      serviceYaml('web', { selector: { app: 'web' }, ports: '[{name: http, port: 80, targetPort: http}]' }) + deployment(150),
    );
    const before = slicesOf(cluster, 'web').map((s) => s.metadata.name);
    expect(before).toHaveLength(2);
    cluster.apply(deployment(60));
    const after = slicesOf(cluster, 'web');
    expect(after.reduce((n, s) => n + s.endpoints.length, 0)).toBe(60);
    for (const s of after) expect(before).toContain(s.metadata.name);
    cluster.apply(deployment(0));
    const empty = slicesOf(cluster, 'web');
    expect(empty).toHaveLength(1);
    expect(empty[0]?.endpoints).toEqual([]);
    expect(empty[0]?.ports).toEqual([]);
  });

  // A pod whose named target port is missing serves another port set: getEndpointPorts differs, so
  // it goes in a slice of its own (slices are grouped by NewPortMapKey).
  it('pods with different resolved ports go to different slices', () => {
    const named = (name: string, port: number): string =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, labels: {app: web}}\nspec:\n  containers: [{name: c, image: nginx, ports: [{name: http, containerPort: ${port}}]}]\n`;
    const cluster = createCluster(
      serviceYaml('web', { selector: { app: 'web' }, ports: '[{name: http, port: 80, targetPort: http}]' }) +
        named('a', 8080) +
        named('b', 9090),
    );
    const ports = slicesOf(cluster, 'web').map((s) => s.ports.map((p) => p.port));
    expect(ports.sort()).toEqual([[8080], [9090]]);
  });

  // trafficdist_test.go: PreferSameNode gives each ready endpoint a hint for its zone and its node;
  // no trafficDistribution removes hints (defaultHeuristic).
  it('trafficDistribution: PreferSameNode hints each ready endpoint to its zone and node; removing it removes the hints', () => {
    const svc = (extra: string): string => serviceYaml('web', { selector: { app: 'web' }, ...(extra ? { extra } : {}) });
    const pods =
      podYaml('a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('b', { labels: { app: 'web' }, node: 'node-2', port: 8080 }).replace(
        'metadata: {name: b, labels: {app: web}}',
        `metadata: {name: b, labels: {app: web}, annotations: {${READINESS_ANNOTATION}: fail}}`,
      );
    const cluster = createCluster(svc('  trafficDistribution: PreferSameNode') + pods);
    const hints = (): Record<string, unknown> =>
      Object.fromEntries((slicesOf(cluster, 'web')[0]?.endpoints ?? []).map((e) => [e.targetRef?.name ?? '', e.hints]));
    // Not-ready endpoints get no hint (preferCloseHeuristic.update skips them).
    expect(hints()).toEqual({ a: { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-1' }] }, b: undefined });
    cluster.apply(svc(''));
    expect(hints()).toEqual({ a: undefined, b: undefined });
  });

  it('deleting the Service deletes its slices; an ExternalName Service has none', () => {
    const cluster = createCluster(serviceYaml('web', { selector: { app: 'web' } }) + podYaml('a', { labels: { app: 'web' }, port: 8080 }));
    expect(slicesOf(cluster, 'web')).toHaveLength(1);
    cluster.delete('Service', 'web');
    expect(slicesOf(cluster, 'web')).toEqual([]);
    const ext = createCluster(`apiVersion: v1
kind: Service
metadata: {name: db}
spec: {type: ExternalName, externalName: db.example.com, selector: {app: x}}
`);
    expect(slicesOf(ext, 'db')).toEqual([]);
  });

  // The API server's own slice for the kubernetes Service (pkg/controlplane/reconcilers endpointsadapter.go):
  // named after the Service, no managed-by label; the Endpoints carry skip-mirror so nothing mirrors them.
  it('the kubernetes Service has the API server slice "kubernetes" and no mirrored one', () => {
    const cluster = createCluster('');
    expect(slicesOf(cluster, 'kubernetes')).toMatchObject([
      {
        metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
        addressType: 'IPv4',
        endpoints: [{ addresses: ['192.168.49.2'], conditions: { ready: true } }],
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      },
    ]);
  });
});
