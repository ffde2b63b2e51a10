import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import type { ClusterObject, EndpointSlice, Endpoints } from '../../engine/index';
import { endpointsDeprecation, kubectlGetEndpointSlice, sliceEndpoints, sliceLabels, slicePorts, slicesOfService } from './endpointslice';
import simpleService from '../../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../../scenarios/seed/random-generator-deployment.yaml?raw';

const SEED_13_1 = `${simpleService}\n---\n${deployment}`;

const endpointsOf = (objects: readonly ClusterObject[], name: string) =>
  objects.find((o): o is Endpoints => o.kind === 'Endpoints' && o.metadata.name === name);

const HAND_WRITTEN: EndpointSlice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: {
    name: 'web-manual',
    namespace: 'shop',
    uid: 'b1946ac9-2f6e-4c5e-9d3a-1f0c7e0a5c11',
    resourceVersion: '7',
    creationTimestamp: '2026-01-01T00:00:05Z',
    labels: { 'kubernetes.io/service-name': 'web' },
  },
  addressType: 'IPv4',
  ports: [
    { name: 'http', port: 80, protocol: 'TCP', appProtocol: 'http' },
    { name: 'grpc', port: 9000, protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' },
    { name: 'metrics', port: 9100, protocol: 'TCP' },
    { name: 'all', protocol: 'UDP' },
  ],
  endpoints: [
    {
      addresses: ['10.1.0.1'],
      conditions: { ready: false, serving: true, terminating: true },
      nodeName: 'node-1',
      zone: 'zone-a',
      targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop' },
      hints: { forZones: [{ name: 'zone-a' }], forNodes: [{ name: 'node-1' }] },
    },
    { addresses: ['10.1.0.2'], conditions: {}, targetRef: { kind: 'Pod', name: 'web-2', namespace: 'other' } },
    { addresses: ['10.1.0.3'], conditions: { ready: true } },
    { addresses: ['10.1.0.4'], conditions: { ready: true } },
  ],
};

describe('the EndpointSlice inspector', () => {
  // printEndpointSlice (pkg/printers/internalversion/printers.go): formatDiscoveryPorts and
  // formatDiscoveryEndpoints list three, then "+ N more..."; a port without a number shows its name.
  it('kubectl get endpointslice: NAME ADDRESSTYPE PORTS ENDPOINTS AGE, three of each then "+ N more..."', () => {
    expect(kubectlGetEndpointSlice(HAND_WRITTEN, '5m').split('\n')).toEqual([
      'NAME         ADDRESSTYPE   PORTS                      ENDPOINTS                                AGE',
      'web-manual   IPv4          80,9000,9100 + 1 more...   10.1.0.1,10.1.0.2,10.1.0.3 + 1 more...   5m',
    ]);
    const empty = { ...HAND_WRITTEN, ports: [], endpoints: [] };
    expect(kubectlGetEndpointSlice(empty, '3s').split('\n')[1]).toBe('web-manual   IPv4          <unset>   <unset>     3s');
  });

  it('ports with name, port, protocol and appProtocol; an unnamed port is "", a port without number all ports', () => {
    expect(slicePorts(HAND_WRITTEN)).toEqual([
      { name: 'http', port: '80', protocol: 'TCP', appProtocol: 'http' },
      { name: 'grpc', port: '9000', protocol: 'TCP', appProtocol: 'kubernetes.io/h2c' },
      { name: 'metrics', port: '9100', protocol: 'TCP', appProtocol: '' },
      { name: 'all', port: '<all>', protocol: 'UDP', appProtocol: '' },
    ]);
    expect(slicePorts({ ...HAND_WRITTEN, ports: [{ name: '', port: 8080, protocol: 'TCP' }] })[0]?.name).toBe('""');
  });

  it('each endpoint: addresses, the three conditions as written (unset ones with how consumers read them), node, zone, target, hints', () => {
    expect(sliceEndpoints(HAND_WRITTEN).slice(0, 2)).toEqual([
      {
        addresses: '10.1.0.1',
        ready: 'false',
        serving: 'true',
        terminating: 'true',
        nodeName: 'node-1',
        zone: 'zone-a',
        targetRef: 'Pod/web-1',
        hints: 'zones: zone-a · nodes: node-1',
      },
      {
        addresses: '10.1.0.2',
        ready: 'unset (true)',
        serving: 'unset (true)',
        terminating: 'unset (false)',
        nodeName: '',
        zone: '',
        targetRef: 'Pod/other/web-2',
        hints: '',
      },
    ]);
  });

  it('the labels that tie a slice to its Service and say who writes it', () => {
    const cluster = createCluster(SEED_13_1);
    const [slice] = slicesOfService(cluster.objects(), 'default', 'random-generator');
    expect(slice?.metadata.name).toMatch(/^random-generator-[a-z0-9]{5}$/);
    expect(sliceLabels(slice!)).toEqual({ service: 'random-generator', managedBy: 'endpointslice-controller.k8s.io' });
    expect(sliceLabels(HAND_WRITTEN)).toEqual({ service: 'web' });
    // Its endpoints as the controller wrote them: every condition set, the pod's node and zone.
    expect(sliceEndpoints(slice!).map((e) => [e.ready, e.serving, e.terminating, e.targetRef.startsWith('Pod/random-generator-')])).toEqual(
      [
        ['true', 'true', 'false', true],
        ['true', 'true', 'false', true],
        ['true', 'true', 'false', true],
      ],
    );
    expect(sliceEndpoints(slice!).every((e) => /^node-\d$/.test(e.nodeName) && /^zone-[ab]$/.test(e.zone))).toBe(true);
  });
});

describe('the v1 Endpoints inspector: deprecated since 1.33 (KEP-4974)', () => {
  it('the endpoints controller’s object for a Service with a selector: a mirror; kube-proxy and CoreDNS read the slices', () => {
    const objects = createCluster(SEED_13_1).objects();
    const said = endpointsDeprecation(endpointsOf(objects, 'random-generator')!, objects);
    expect(said.kind).toBe('mirror');
    expect(said.text).toContain('deprecated since Kubernetes 1.33 (KEP-4974)');
    expect(said.text).toContain('kube-proxy and CoreDNS read EndpointSlices');
    expect(said.slices).toEqual(slicesOfService(objects, 'default', 'random-generator').map((s) => s.metadata.name));
    expect(said.slices).toHaveLength(1);
  });

  const manual = (labels = '') => `apiVersion: v1
kind: Service
metadata: {name: db}
spec: {ports: [{port: 5432}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: db${labels}}
subsets:
- addresses: [{ip: 172.20.0.1}]
  ports: [{port: 5432}]
`;

  it('hand-written Endpoints of a Service without a selector: copied by the mirroring controller into the slice the data plane reads', () => {
    const objects = createCluster(manual()).objects();
    const said = endpointsDeprecation(endpointsOf(objects, 'db')!, objects);
    expect(said.kind).toBe('mirrored');
    expect(said.text).toContain('endpointslicemirroring-controller.k8s.io');
    expect(said.slices).toHaveLength(1);
    expect(said.slices[0]).toMatch(/^db-[a-z0-9]{5}$/);
  });

  // endpointslicemirroring: Endpoints labelled skip-mirror "true" are not mirrored (shouldMirror).
  it('labelled skip-mirror: no slice, so nothing reads its addresses', () => {
    const objects = createCluster(manual(', labels: {endpointslice.kubernetes.io/skip-mirror: "true"}')).objects();
    const said = endpointsDeprecation(endpointsOf(objects, 'db')!, objects);
    expect(said).toMatchObject({ kind: 'unread', slices: [] });
    expect(said.text).toContain('no component uses its addresses');
  });
});
