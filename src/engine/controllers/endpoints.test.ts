import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { READINESS_ANNOTATION } from './kubelet';

const service = (extra = ''): string => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: http
${extra}`;

const pod = (name: string, opts: { port?: string; ready?: 'fail' | 'pass'; labels?: string; statusReady?: 'False' } = {}): string => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels:
    ${opts.labels ?? 'app: web'}
${opts.ready ? `  annotations:\n    ${READINESS_ANNOTATION}: ${opts.ready}\n` : ''}spec:
  containers:
  - name: app
    image: nginx
    ports:
    - name: ${opts.port ?? 'http'}
      containerPort: 8080
${opts.statusReady ? `status:\n  conditions:\n  - type: Ready\n    status: "${opts.statusReady}"\n` : ''}`;

describe('endpoints controller (pkg/controller/endpoint/endpoints_controller.go)', () => {
  it('puts ready pods in addresses and unready ones in notReadyAddresses', () => {
    const cluster = createCluster(service() + pod('a') + pod('b', { ready: 'fail' }) + pod('c', { statusReady: 'False' }));
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ep = cluster.endpoints('web');
    const ip = (name: string): string | undefined => cluster.get('Pod', name)?.status.podIP;
    expect(ep?.subsets).toHaveLength(1);
    expect(ep?.subsets[0]?.addresses?.map((a) => a.ip)).toEqual([ip('a')]);
    expect(ep?.subsets[0]?.notReadyAddresses?.map((a) => a.ip).sort()).toEqual([ip('b'), ip('c')].sort());
    expect(ep?.subsets[0]?.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(ep?.subsets[0]?.addresses?.[0]?.targetRef).toMatchObject({ kind: 'Pod', name: 'a', namespace: 'default' });
    expect(cluster.get('Pod', 'b')?.status.conditions.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReadinessProbeFailed',
    });
  });

  it('resolves a named targetPort per pod and leaves out pods without that port (podutil.FindPort)', () => {
    const other = pod('d', { port: 'web' });
    const cluster = createCluster(service() + pod('a') + other);
    const ep = cluster.endpoints('web');
    const all = ep?.subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]) ?? [];
    expect(all.map((a) => a.targetRef?.name)).toEqual(['a']);
  });

  it('groups pods whose named port resolves to different numbers into separate subsets (RepackSubsets)', () => {
    const yaml = `${service()}${pod('a')}---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: web}}
spec:
  containers:
  - name: app
    image: nginx
    ports: [{name: http, containerPort: 9090}]
`;
    const ep = createCluster(yaml).endpoints('web');
    expect(ep?.subsets.map((s) => s.ports?.[0]?.port).sort()).toEqual([8080, 9090]);
  });

  it('publishNotReadyAddresses puts unready pods in addresses', () => {
    const yaml = service('  publishNotReadyAddresses: true\n') + pod('a', { ready: 'fail' });
    const ep = createCluster(yaml).endpoints('web');
    expect(ep?.subsets[0]?.addresses).toHaveLength(1);
    expect(ep?.subsets[0]?.notReadyAddresses).toBeUndefined();
  });

  it('only pods in the Service namespace whose labels match every selector key are selected', () => {
    const yaml = `apiVersion: v1
kind: Namespace
metadata: {name: other}
---
${service().replace('app: web', 'app: web\n    tier: front')}${pod('a', { labels: 'app: web' })}${pod('b', { labels: '{app: web, tier: front}' })}---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: other, labels: {app: web, tier: front}}
spec: {containers: [{name: app, image: nginx, ports: [{name: http, containerPort: 8080}]}]}
`;
    const ep = createCluster(yaml).endpoints('web');
    expect(ep?.subsets.flatMap((s) => s.addresses ?? []).map((a) => a.targetRef?.name)).toEqual(['b']);
  });

  it('a headless Service gets Endpoints labelled service.kubernetes.io/headless and pod hostnames for its subdomain', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec:
  hostname: db-0
  subdomain: db
  containers: [{name: pg, image: postgres}]
`;
    const cluster = createCluster(yaml);
    const ep = cluster.endpoints('db');
    expect(ep?.metadata.labels).toMatchObject({ 'service.kubernetes.io/headless': '' });
    expect(ep?.subsets[0]?.addresses?.[0]).toMatchObject({ hostname: 'db-0', ip: cluster.get('Pod', 'db-0')?.status.podIP });
    expect(ep?.subsets[0]?.ports).toEqual([{ port: 5432, protocol: 'TCP' }]);
  });

  it('keeps hand-written Endpoints of a selector-less Service and mirrors them to an EndpointSlice (seed 13-3 + 13-4)', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: external-service}
spec:
  type: ClusterIP
  ports: [{protocol: TCP, port: 80}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: external-service}
subsets:
- addresses: [{ip: 1.1.1.1}, {ip: 2.2.2.2}]
  ports: [{port: 8080}]
`;
    const cluster = createCluster(yaml);
    expect(cluster.endpoints('external-service')?.subsets).toEqual([
      { addresses: [{ ip: '1.1.1.1' }, { ip: '2.2.2.2' }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
    const slice = cluster
      .objects()
      .find((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'external-service');
    expect(slice?.metadata.labels?.['endpointslice.kubernetes.io/managed-by']).toBe('endpointslicemirroring-controller.k8s.io');
  });

  it('replaces hand-written Endpoints of a Service with a selector and warns where they were written', () => {
    const yaml = `${service()}${pod('a')}---
apiVersion: v1
kind: Endpoints
metadata: {name: web}
subsets:
- addresses: [{ip: 1.1.1.1}]
  ports: [{name: http, port: 8080}]
`;
    const cluster = createCluster(yaml);
    const warning = cluster.diagnostics.find((d) => d.kind === 'Endpoints' && d.severity === 'warning' && d.field === 'subsets');
    expect(warning?.message).toContain('endpoints controller owns these Endpoints');
    expect(warning?.line).toBe(yaml.split('\n').indexOf('subsets:') + 1);
    expect(cluster.endpoints('web')?.subsets[0]?.addresses?.map((a) => a.ip)).toEqual([cluster.get('Pod', 'a')?.status.podIP]);
  });

  // An Endpoints object belongs to the Service of the same name in the same namespace
  // (https://kubernetes.io/docs/concepts/services-networking/service/#services-without-selectors);
  // the API server accepts one without a Service, it just serves nobody (controllers/references.ts).
  it.each([
    ['no Service of that name anywhere', '', 'orphan', 'default'],
    [
      'a Service "web" exists, but in another namespace',
      `${service()}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\n`,
      'web',
      'team-a',
    ],
  ])('warns on metadata.name of Endpoints whose Service does not exist (%s), and keeps them', (_, before, name, ns) => {
    const endpoints = `apiVersion: v1
kind: Endpoints
metadata:
  name: ${name}
  namespace: ${ns}
subsets:
- addresses: [{ip: 192.0.2.10}]
  ports: [{port: 8080}]
`;
    const yaml = `${before}${endpoints}`;
    const cluster = createCluster(yaml);
    const lines = yaml.split('\n');
    const nameLine = lines.indexOf(`  name: ${name}`, lines.indexOf('kind: Endpoints')) + 1;
    // Besides the API server's deprecation warning on apiVersion (v1 Endpoints, v1.33+).
    const found = cluster.diagnostics.filter((d) => d.kind === 'Endpoints' && d.field !== 'apiVersion');
    expect(found).toEqual([
      {
        severity: 'warning',
        field: 'metadata.name',
        type: 'Hint',
        message: `metadata.name: no Service "${name}" in namespace "${ns}": Endpoints are used only by the Service of the same name`,
        kind: 'Endpoints',
        name,
        namespace: ns,
        document: before ? 2 : 0,
        line: nameLine,
        column: 9,
        endLine: nameLine,
        endColumn: 9 + name.length,
      },
    ]);
    expect(nameLine).toBeGreaterThan(1);
    expect(cluster.endpoints(name, ns)?.subsets[0]?.addresses).toEqual([{ ip: '192.0.2.10' }]);
  });

  it('Endpoints whose Service exists (without a selector) get no such warning', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {ports: [{port: 80, targetPort: 8080}]}
---
apiVersion: v1
kind: Endpoints
metadata: {name: ext}
subsets:
- addresses: [{ip: 192.0.2.10}]
  ports: [{port: 8080}]
`);
    expect(cluster.diagnostics.filter((d) => d.kind === 'Endpoints').map((d) => d.field)).toEqual(['apiVersion']);
  });

  // A user-written EndpointSlice is stored as written (with the API server's defaults) and listed.
  // The EndpointSlice controller manages only slices labelled
  // endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io, and the mirroring
  // controller only mirrors Endpoints into slices, never back
  // (https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#management).
  it("keeps and lists a user-written EndpointSlice, beside the controller's own slice, and derives no Endpoints from it", () => {
    const slice = (name: string, service: string, ip: string): string => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}
  labels:
    kubernetes.io/service-name: ${service}
addressType: IPv4
ports:
- {name: http, port: 8080}
endpoints:
- addresses: [${ip}]
  conditions: {ready: true}
`;
    const yaml = `${service()}${pod('a')}---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {ports: [{name: http, port: 80, targetPort: 8080}]}
${slice('ext-1', 'ext', '192.0.2.42')}${slice('web-extra', 'web', '192.0.2.43')}`;
    const cluster = createCluster(yaml);
    expect(cluster.diagnostics.filter((d) => d.kind === 'EndpointSlice')).toEqual([]);
    const written = cluster.get('EndpointSlice', 'ext-1');
    expect(written).toMatchObject({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'ext-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'ext' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.0.2.42'], conditions: { ready: true } }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
    expect(written?.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(written?.metadata.ownerReferences).toBeUndefined();
    expect(cluster.sourceOf('EndpointSlice', 'ext-1')?.line).toBe(yaml.split('\n').indexOf('  name: ext-1') - 2);

    const slicesOf = (svc: string) =>
      cluster
        .objects()
        .filter((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === svc)
        .map((o) => o.metadata.name)
        .sort();
    expect(slicesOf('ext')).toEqual(['ext-1']);
    // The Service with a selector has the controller's slice and, untouched, the user's.
    const web = slicesOf('web');
    expect(web).toHaveLength(2);
    expect(web).toContain('web-extra');
    expect(cluster.get('EndpointSlice', 'web-extra')?.endpoints).toEqual([{ addresses: ['192.0.2.43'], conditions: { ready: true } }]);
    // No Endpoints object comes from a slice; the web Endpoints hold only the selected pod.
    expect(cluster.endpoints('ext')).toBeUndefined();
    expect(cluster.endpoints('web')?.subsets[0]?.addresses?.map((a) => a.ip)).toEqual([cluster.get('Pod', 'a')?.status.podIP]);

    // A later change to pods and Services leaves both user slices in place.
    cluster.apply(pod('b'));
    expect(slicesOf('ext')).toEqual(['ext-1']);
    expect(slicesOf('web')).toContain('web-extra');
    cluster.delete('EndpointSlice', 'ext-1');
    expect(slicesOf('ext')).toEqual([]);
  });

  it('ExternalName Services get no Endpoints', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Service
metadata: {name: db}
spec: {type: ExternalName, externalName: my.database.example.com, selector: {app: x}}
`);
    expect(cluster.endpoints('db')).toBeUndefined();
  });

  it('deleting a pod removes it from the endpoints; deleting the Service removes its Endpoints', () => {
    const cluster = createCluster(service() + pod('a') + pod('b'));
    expect(cluster.endpoints('web')?.subsets[0]?.addresses).toHaveLength(2);
    cluster.delete('Pod', 'a');
    expect(cluster.endpoints('web')?.subsets[0]?.addresses?.map((a) => a.targetRef?.name)).toEqual(['b']);
    cluster.delete('Service', 'web');
    expect(cluster.endpoints('web')).toBeUndefined();
  });

  it('pods applied later join the endpoints of an existing Service', () => {
    const cluster = createCluster(service());
    expect(cluster.endpoints('web')?.subsets).toEqual([]);
    cluster.apply(pod('late').replace('---\n', ''));
    expect(cluster.endpoints('web')?.subsets[0]?.addresses?.[0]?.targetRef?.name).toBe('late');
  });
});
