/**
 * `Cluster.sync`: an edited document applied to the living cluster as `kubectl apply --prune -f`
 * of the edited file applies it (k8s.io/kubectl/pkg/cmd/apply: objects whose manifest changed
 * are patched, unchanged ones reported "unchanged" and not sent, objects no longer in the file
 * pruned), with createCluster's diagnostics for the whole document.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from './index';
import type { Cluster, Diagnostic } from './index';
import { deploymentYaml } from './test-support/fixtures';

const service = (name: string, extra = ''): string => `apiVersion: v1
kind: Service
metadata: {name: ${name}}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]${extra}
`;

const doc = (...parts: string[]): string => parts.join('---\n');

const summary = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`).sort();

function userObjects(cluster: Cluster): string[] {
  return cluster
    .objects()
    .filter((o) => o.metadata.namespace === 'default')
    .map((o) => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`);
}

describe('Cluster.sync: edits applied as the difference of the documents (kubectl apply --prune)', () => {
  it('an unchanged document changes nothing: no event, no new resourceVersion', () => {
    const yaml = doc(service('web'), deploymentYaml({ replicas: 2 }));
    const cluster = createCluster(yaml);
    const before = userObjects(cluster);
    const events = cluster.events().length;
    expect(cluster.sync(yaml)).toEqual([]);
    expect(userObjects(cluster)).toEqual(before);
    expect(cluster.events()).toHaveLength(events);
  });

  it('a Service taken out of the document is deleted, with its Endpoints; the others are untouched', () => {
    const cluster = createCluster(doc(service('web'), service('other'), deploymentYaml()));
    const web = cluster.get('Service', 'web')?.metadata.resourceVersion;
    expect(cluster.endpoints('other')).toBeDefined();
    cluster.sync(doc(service('web'), deploymentYaml()));
    expect(cluster.get('Service', 'other')).toBeUndefined();
    expect(cluster.endpoints('other')).toBeUndefined();
    expect(cluster.get('Service', 'web')?.metadata.resourceVersion).toBe(web);
    expect(cluster.events().find((e) => e.reason === 'Deleted' && e.name === 'other')).toMatchObject({ kind: 'Service' });
  });

  // The API server refuses an invalid update and keeps the stored object (registry rest.BeforeUpdate).
  it('an invalid edit leaves the old object in place and reports the error; fixing it applies it', () => {
    const cluster = createCluster(service('web'));
    const ip = cluster.get('Service', 'web')?.spec.clusterIP;
    const broken = cluster.sync(service('web').replace('port: 80', 'port: 0')) ?? [];
    expect(broken.some((d) => d.severity === 'error' && d.message.includes('spec.ports[0].port'))).toBe(true);
    expect(cluster.get('Service', 'web')?.spec.ports[0]?.port).toBe(80);
    cluster.sync(service('web').replace('port: 80', 'port: 81'));
    expect(cluster.get('Service', 'web')?.spec.ports[0]?.port).toBe(81);
    expect(cluster.get('Service', 'web')?.spec.clusterIP).toBe(ip);
  });

  it('while a document cannot be read (YAML error, no name yet) nothing is pruned; the other edits still apply', () => {
    const cluster = createCluster(doc(service('web'), service('other')));
    const unreadable = cluster.sync(doc(service('web', '\n  type: NodePort'), 'apiVersion: v1\nkind: Service\nmetadata: {name: [\n'));
    expect(unreadable?.some((d) => d.severity === 'error')).toBe(true);
    expect(cluster.get('Service', 'other')).toBeDefined();
    expect(cluster.get('Service', 'web')?.spec.type).toBe('NodePort');
    cluster.sync(doc(service('web', '\n  type: NodePort'), 'apiVersion: v1\nkind: Service\nmetadata: {}\n'));
    expect(cluster.get('Service', 'other')).toBeDefined();
    cluster.sync(doc(service('web', '\n  type: NodePort')));
    expect(cluster.get('Service', 'other')).toBeUndefined();
  });

  it('gives the diagnostics createCluster gives for the same document, moved with documents inserted above', () => {
    const noImage = deploymentYaml().replace('        image: nginx\n', '');
    const withWarnings = doc(service('web', '\n  clusterIP: 10.96.0.1'), noImage, service('lonely').replace('app: web', 'app: nothing'));
    const cluster = createCluster(withWarnings);
    expect(summary(cluster.diagnostics)).toEqual(summary(createCluster(withWarnings).diagnostics));
    const edited = doc(service('first'), withWarnings);
    const synced = cluster.sync(edited) ?? [];
    expect(synced.length).toBeGreaterThan(1);
    expect(summary(synced)).toEqual(summary(createCluster(edited).diagnostics));
  });

  it('sourceOf follows a document that moved, and its pods point at their Deployment', () => {
    const cluster = createCluster(doc(service('web'), deploymentYaml()));
    cluster.sync(doc(service('first'), service('web'), deploymentYaml()));
    const fresh = createCluster(doc(service('first'), service('web'), deploymentYaml()));
    expect(cluster.sourceOf('Service', 'web')).toEqual(fresh.sourceOf('Service', 'web'));
    expect(cluster.sourceOf('Deployment', 'web')).toEqual(fresh.sourceOf('Deployment', 'web'));
    const pod = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')?.metadata.name ?? '';
    expect(cluster.sourceOf('Pod', pod)).toEqual(fresh.sourceOf('Deployment', 'web'));
  });

  it('a document naming objects by generateName cannot be followed object by object: sync says so and changes nothing', () => {
    const cluster = createCluster(service('web'));
    const events = cluster.events().length;
    expect(
      cluster.sync(doc(service('web'), 'apiVersion: v1\nkind: Service\nmetadata: {generateName: gen-}\nspec:\n  ports: [{port: 80}]\n')),
    ).toBe(undefined);
    expect(cluster.events()).toHaveLength(events);
  });
});

/**
 * The endpoint controllers reconcile only the Services whose endpoints can have changed, as the
 * real ones queue a Service on its own update or a pod's (endpointslice_controller.go:
 * onServiceUpdate, onPodUpdate): an edit must still reach every Service it affects.
 */
describe('Cluster.sync: the endpoint controllers after an edit', () => {
  const slicePorts = (cluster: Cluster, service: string): number[] =>
    cluster
      .objects()
      .flatMap((o) =>
        o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service ? o.ports.map((p) => p.port ?? 0) : [],
      );
  const sliceAddresses = (cluster: Cluster, service: string): number =>
    cluster
      .objects()
      .flatMap((o) => (o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service ? o.endpoints : []))
      .length;
  const endpointsPorts = (cluster: Cluster, service: string): number[] =>
    cluster
      .objects()
      .flatMap((o) =>
        o.kind === 'Endpoints' && o.metadata.name === service ? o.subsets.flatMap((s) => s.ports?.map((p) => p.port) ?? []) : [],
      );
  const two = (targetPort: number, replicas: number): string =>
    doc(
      service('a').replace('targetPort: 8080', `targetPort: ${targetPort}`),
      service('b'),
      deploymentYaml({ replicas, containerPort: 8080 }),
    );

  it('an edited Service gets new slices and Endpoints; the other Service’s slices are not rewritten', () => {
    const cluster = createCluster(two(8080, 2));
    const untouched = cluster
      .objects()
      .filter((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'b');
    cluster.sync(two(9090, 2));
    expect(slicePorts(cluster, 'a')).toEqual([9090]);
    expect(endpointsPorts(cluster, 'a')).toEqual([9090]);
    expect(slicePorts(cluster, 'b')).toEqual([8080]);
    const after = cluster.objects().filter((o) => o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === 'b');
    expect(after.map((o) => o.metadata.resourceVersion)).toEqual(untouched.map((o) => o.metadata.resourceVersion));
  });

  it('a change to the pods (a Deployment scaled) reaches every Service selecting them, edited or not', () => {
    const cluster = createCluster(two(8080, 2));
    cluster.sync(two(8080, 3));
    expect(sliceAddresses(cluster, 'a')).toBe(3);
    expect(sliceAddresses(cluster, 'b')).toBe(3);
    // And the same as a cluster made from the edited document at once.
    const fresh = createCluster(two(8080, 3));
    expect(sliceAddresses(fresh, 'b')).toBe(3);
  });

  it('a Service deleted and written again with the same name gets its slices back', () => {
    const cluster = createCluster(two(8080, 2));
    cluster.sync(doc(service('a'), deploymentYaml({ replicas: 2 })));
    expect(sliceAddresses(cluster, 'b')).toBe(0);
    cluster.sync(two(8080, 2));
    expect(sliceAddresses(cluster, 'b')).toBe(2);
  });
});
