import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { EndpointSlice } from '../model/types';
import { clusterIP, podYaml, serviceYaml } from '../trace/fixtures';

function slicesOf(cluster: Cluster, service: string): EndpointSlice[] {
  return cluster
    .objects()
    .filter((o): o is EndpointSlice => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

const selectorless = serviceYaml('ext', { ports: '[{name: http, port: 80, targetPort: 8080}]' });

function endpointsYaml(subsets: string, meta = ''): string {
  return `---\napiVersion: v1\nkind: Endpoints\nmetadata:\n  name: ext\n${meta}subsets:\n${subsets}`;
}

const oneSubset = '- addresses: [{ip: 10.0.0.1, hostname: pod-1, nodeName: node-1}]\n  ports: [{name: http, port: 80, protocol: TCP}]\n';

describe('EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring)', () => {
  // reconciler_test.go TestReconcile "Endpoints with 1 subset, port, and address".
  it('mirrors a hand-written Endpoints subset into one slice, labelled and owned as newEndpointSlice makes it', () => {
    const cluster = createCluster(
      selectorless +
        endpointsYaml(
          oneSubset,
          '  labels: {team: a}\n  annotations: {note: kept, kubectl.kubernetes.io/last-applied-configuration: "{}"}\n',
        ),
    );
    const endpoints = cluster.endpoints('ext');
    const [slice, ...rest] = slicesOf(cluster, 'ext');
    expect(rest).toEqual([]);
    expect(slice?.metadata.name).toMatch(/^ext-[a-z0-9]{5}$/);
    expect(slice?.metadata.labels).toEqual({
      team: 'a',
      'kubernetes.io/service-name': 'ext',
      'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io',
    });
    // Every annotation but last-change-trigger-time and last-applied-configuration is copied.
    expect(slice?.metadata.annotations).toEqual({ note: 'kept' });
    expect(slice?.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: endpoints?.metadata.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(slice?.addressType).toBe('IPv4');
    expect(slice?.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(slice?.endpoints).toEqual([{ addresses: ['10.0.0.1'], conditions: { ready: true }, nodeName: 'node-1', hostname: 'pod-1' }]);
  });

  // reconciler_test.go TestReconcile: "Endpoints with 2 subsets, multiple ports and addresses" (2 slices),
  // and notReadyAddresses mirrored with ready: false. (Its "some invalid addresses" case cannot
  // arise here: the API server's Endpoints validation already rejects an address that is not an IP.)
  it('one slice per subset; notReadyAddresses are ready: false', () => {
    const cluster = createCluster(
      selectorless +
        endpointsYaml(`- addresses: [{ip: 10.0.0.1}]
  notReadyAddresses: [{ip: 10.0.0.2}]
  ports: [{name: http, port: 80}, {name: https, port: 443, protocol: UDP}]
- addresses: [{ip: 10.0.1.1}, {ip: 10.0.1.2}, {ip: 10.0.1.3}]
  ports: [{name: http, port: 3000}, {name: https, port: 3001, protocol: UDP}]
`),
    );
    const slices = slicesOf(cluster, 'ext');
    expect(slices.map((s) => s.ports.map((p) => p.port)).sort()).toEqual([
      [3000, 3001],
      [80, 443],
    ]);
    const first = slices.find((s) => s.ports[0]?.port === 80);
    expect(first?.endpoints).toEqual([
      { addresses: ['10.0.0.1'], conditions: { ready: true } },
      { addresses: ['10.0.0.2'], conditions: { ready: false } },
    ]);
  });

  // endpointslicemirroring_controller_test.go TestSyncEndpoints / TestShouldMirror: what it refuses to mirror.
  it.each([
    [
      'Endpoints labelled endpointslice.kubernetes.io/skip-mirror: "true"',
      selectorless,
      '  labels: {endpointslice.kubernetes.io/skip-mirror: "true"}\n',
      0,
    ],
    ['skip-mirror: "false" is mirrored', selectorless, '  labels: {endpointslice.kubernetes.io/skip-mirror: "false"}\n', 1],
    [
      'Endpoints used as a leader-election lock (control-plane.alpha.kubernetes.io/leader)',
      selectorless,
      "  annotations: {control-plane.alpha.kubernetes.io/leader: '{}'}\n",
      0,
    ],
    ['no Service of that name', '', '', 0],
  ])('%s', (_, service, meta, count) => {
    const cluster = createCluster(service + endpointsYaml(oneSubset, meta));
    expect(slicesOf(cluster, 'ext').filter((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'])).toHaveLength(count);
  });

  it('a Service with a selector is not mirrored (its slices come from the EndpointSlice controller)', () => {
    const cluster = createCluster(
      serviceYaml('ext', { selector: { app: 'web' } }) + podYaml('a', { labels: { app: 'web' }, port: 8080 }) + endpointsYaml(oneSubset),
    );
    expect(slicesOf(cluster, 'ext').map((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'])).toEqual([
      'endpointslice-controller.k8s.io',
    ]);
  });

  // reconciler_test.go "Endpoints with 1001 addresses - 1 should not be mirrored" (maxEndpointsPerSubset 1000).
  it('mirrors at most 1000 addresses of a subset (--mirroring-max-endpoints-per-subset)', () => {
    const ips = Array.from({ length: 1001 }, (_, i) => `{ip: 10.1.${Math.floor(i / 250)}.${(i % 250) + 1}}`).join(', ');
    const cluster = createCluster(selectorless + endpointsYaml(`- addresses: [${ips}]\n  ports: [{name: http, port: 80}]\n`));
    expect(slicesOf(cluster, 'ext').map((s) => s.endpoints.length)).toEqual([1000]);
  });

  it('deleting the Endpoints, or giving the Service a selector, removes the mirrored slice', () => {
    const cluster = createCluster(selectorless + endpointsYaml(oneSubset));
    expect(slicesOf(cluster, 'ext')).toHaveLength(1);
    cluster.delete('Endpoints', 'ext');
    expect(slicesOf(cluster, 'ext')).toEqual([]);
    cluster.apply(endpointsYaml(oneSubset));
    expect(slicesOf(cluster, 'ext')).toHaveLength(1);
    cluster.apply(serviceYaml('ext', { selector: { app: 'none' }, ports: '[{name: http, port: 80, targetPort: 8080}]' }));
    expect(slicesOf(cluster, 'ext').map((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'])).toEqual([
      'endpointslice-controller.k8s.io',
    ]);
  });

  it('v1 Endpoints get the API server deprecation warning of Kubernetes 1.33+ (KEP-4974)', () => {
    const cluster = createCluster(selectorless + endpointsYaml(oneSubset));
    expect(cluster.diagnostics.filter((d) => d.kind === 'Endpoints').map((d) => [d.severity, d.message])).toEqual([
      ['warning', 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice'],
    ]);
  });
});

describe('user-written EndpointSlices carry traffic (kube-proxy reads every slice labelled with the Service name)', () => {
  const slice = `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels: {kubernetes.io/service-name: ext}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
- addresses: [192.0.2.42]
  conditions: {ready: true}
- addresses: [192.0.2.43]
  conditions: {ready: false}
`;

  it('a selector-less Service with a hand-written slice and no Endpoints: kube-proxy DNATs to the ready address', () => {
    const cluster = createCluster(selectorless + slice + podYaml('client', { node: 'node-2' }));
    const nat = cluster.iptables('node-1');
    expect(nat).toContain(
      `-A KUBE-SERVICES -m comment --comment "default/ext:http cluster IP" -m tcp -p tcp -d ${clusterIP(cluster, 'ext')} --dport 80 -j KUBE-SVC-`,
    );
    expect(nat).toMatch(/-A KUBE-SEP-\w+ -m comment --comment default\/ext:http -m tcp -p tcp -j DNAT --to-destination 192\.0\.2\.42:8080/);
    expect(nat).not.toContain('192.0.2.43');
    const trace = cluster.send({ from: { pod: 'client' }, to: `${clusterIP(cluster, 'ext')}:80` });
    expect(trace.hops.some((h) => h.packet.dst === '192.0.2.42:8080')).toBe(true);
  });

  it('a slice without the kubernetes.io/service-name label belongs to no Service and carries nothing', () => {
    const cluster = createCluster(selectorless + slice.replace('  labels: {kubernetes.io/service-name: ext}\n', ''));
    expect(cluster.iptables('node-1')).not.toContain('192.0.2.42');
  });
});

// ingress-nginx (internal/ingress/controller/endpointslices.go getEndpointsFromSlices) reads the
// slices too: an Ingress to a selector-less Service reaches the address of a hand-written slice.
describe('ingress-nginx reads EndpointSlices', () => {
  it('an Ingress backend whose Service has only a user-written slice proxies to its ready address', () => {
    const cluster = createCluster(`${selectorless}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels: {kubernetes.io/service-name: ext}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
- addresses: [192.0.2.42]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ext}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ext, port: {name: http}}}}
`);
    const trace = cluster.send({ from: { external: '198.51.100.7' }, to: 'http://203.0.113.250/' });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.hops.at(-1)?.packet.dst).toBe('192.0.2.42:8080');
  });
});

// "Custom EndpointSlices" (kubernetes.io/docs/concepts/services-networking/service/#custom-endpointslices):
// a selector-less Service served by a hand-written slice has no v1 Endpoints, and needs none.
describe('a hand-written EndpointSlice for a Service without a selector', () => {
  const slice = `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ext-1
  labels: {kubernetes.io/service-name: ext}
addressType: IPv4
ports: [{name: http, protocol: TCP, port: 8080}]
endpoints: [{addresses: [10.0.0.9]}]
`;

  it('serves the Service with no Endpoints object, no mirrored slice, and no "no Endpoints yet" hint', () => {
    const cluster = createCluster(selectorless + slice + podYaml('client'));
    expect(cluster.diagnostics).toEqual([]);
    expect(cluster.endpoints('ext')).toBeUndefined();
    expect(slicesOf(cluster, 'ext').map((s) => [s.metadata.name, s.metadata.labels?.['endpointslice.kubernetes.io/managed-by']])).toEqual([
      ['ext-1', undefined],
    ]);
    const trace = cluster.send({ from: { pod: 'client' }, to: `${clusterIP(cluster, 'ext')}:80` });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.external).toMatchObject({ ip: '10.0.0.9', port: 8080 });
  });

  it('without it the Service is reported as having nothing behind it', () => {
    const messages = createCluster(selectorless).diagnostics.map((d) => d.message);
    expect(messages).toEqual([
      'no selector and no Endpoints named "ext" yet, nor an EndpointSlice labelled kubernetes.io/service-name: ext: connections to this Service are rejected until one exists',
    ]);
  });
});
