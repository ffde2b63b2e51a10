/**
 * Edits as deltas give the cluster a fresh simulation gives (fast-check): for random sequences
 * of documents (Deployments scaled and re-templated, Services added, removed and changing type,
 * bare pods, in any order), createCluster(first) then sync(each next) ends with the objects of
 * createCluster(last): the same names, pods on the same nodes, the same ClusterIPs, NodePorts,
 * endpoints and diagnostics. What may differ, by design: timestamps, resourceVersions, events,
 * the service env vars of pods started before a Service (the kubelet's, history-dependent as in
 * Kubernetes), a Deployment's old ReplicaSets scaled to 0 (its rollout history), and an address that probing moved because its hashed home address was taken
 * when it was allocated (checked: every such difference is explained by a probe).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { createCluster } from './index';
import type { Cluster, ClusterObject, Diagnostic } from './index';
import { NodePodIPAM } from './controllers/ipam';
import { ipToInt } from './net/ipv4';

const APPS = ['web', 'api', 'db'] as const;

const deploymentArb = fc.record({
  app: fc.constantFrom(...APPS),
  replicas: fc.integer({ min: 0, max: 5 }),
  image: fc.constantFrom('nginx:1.27', 'nginx:1.28'),
});
const serviceArb = fc.record({
  name: fc.constantFrom('s1', 's2', 's3'),
  app: fc.constantFrom(...APPS),
  type: fc.constantFrom('ClusterIP', 'NodePort', 'headless'),
  ports: fc.constantFrom(1, 2),
});
const podArb = fc.record({ name: fc.constantFrom('client', 'tester'), app: fc.constantFrom(...APPS) });

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function renderDeployment(d: Generated<typeof deploymentArb>): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${d.app}}
spec:
  replicas: ${d.replicas}
  selector: {matchLabels: {app: ${d.app}}}
  template:
    metadata: {labels: {app: ${d.app}}}
    spec:
      containers: [{name: c, image: "${d.image}", ports: [{name: http, containerPort: 8080}]}]
`;
}

function renderService(s: Generated<typeof serviceArb>): string {
  const ports = [`{name: http, port: 80, targetPort: http}`, `{name: metrics, port: 9090, targetPort: 9090}`].slice(0, s.ports);
  return `apiVersion: v1
kind: Service
metadata: {name: ${s.name}}
spec:
  ${s.type === 'headless' ? 'clusterIP: None' : `type: ${s.type}`}
  selector: {app: ${s.app}}
  ports: [${ports.join(', ')}]
`;
}

function renderPod(p: Generated<typeof podArb>): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${p.name}, labels: {app: ${p.app}}}
spec:
  containers: [{name: c, image: busybox}]
`;
}

/** One document: at most one object of each name (the document is a set of objects), shuffled. */
const documentArb = fc
  .record({
    deployments: fc.uniqueArray(deploymentArb, { selector: (d) => d.app, maxLength: 3 }),
    services: fc.uniqueArray(serviceArb, { selector: (s) => s.name, maxLength: 3 }),
    pods: fc.uniqueArray(podArb, { selector: (p) => p.name, maxLength: 2 }),
  })
  .chain(({ deployments, services, pods }) =>
    fc.shuffledSubarray([...deployments.map(renderDeployment), ...services.map(renderService), ...pods.map(renderPod)], {
      minLength: deployments.length + services.length + pods.length,
    }),
  )
  .map((parts) => parts.join('---\n'));

interface Identity {
  /** kind/name of every object in the default namespace. */
  names: string[];
  nodes: Map<string, string | undefined>;
  podIPs: Map<string, string | undefined>;
  clusterIPs: Map<string, string | undefined>;
  nodePorts: Map<string, (number | undefined)[]>;
  /** Service -> the pods its Endpoints hold, ready and not. */
  endpoints: Map<string, string[]>;
}

function identity(cluster: Cluster): Identity {
  const objects: ClusterObject[] = cluster.objects().filter((o) => o.metadata.namespace === 'default');
  const id: Identity = {
    names: [],
    nodes: new Map(),
    podIPs: new Map(),
    clusterIPs: new Map(),
    nodePorts: new Map(),
    endpoints: new Map(),
  };
  for (const o of objects) {
    // A Deployment keeps the ReplicaSets of its earlier templates, scaled to 0 (its rollout
    // history, revisionHistoryLimit): history by design, left out on both sides.
    if (o.kind === 'ReplicaSet' && o.spec.replicas === 0 && o.metadata.ownerReferences?.length) continue;
    // EndpointSlice names are generateName-random upstream, and the reconciler's finalize step
    // hands the name of a slice it would delete to one it creates (pkg/controller/endpointslice
    // reconciler.go): which name a Service's slice has depends on its history. Counted by Service.
    if (o.kind === 'EndpointSlice') id.names.push(`EndpointSlice of ${o.metadata.labels?.['kubernetes.io/service-name'] ?? '?'}`);
    else id.names.push(`${o.kind}/${o.metadata.name}`);
    if (o.kind === 'Pod') {
      id.nodes.set(o.metadata.name, o.spec.nodeName);
      id.podIPs.set(o.metadata.name, o.status.podIP);
    } else if (o.kind === 'Service') {
      id.clusterIPs.set(o.metadata.name, o.spec.clusterIP);
      id.nodePorts.set(
        o.metadata.name,
        o.spec.ports.map((p) => p.nodePort),
      );
    } else if (o.kind === 'Endpoints') {
      const pods = o.subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])].map((a) => a.targetRef?.name ?? a.ip));
      id.endpoints.set(o.metadata.name, [...new Set(pods)].sort());
    }
  }
  id.names.sort();
  return id;
}

/** Notes that an immutable field's change re-created the object: the only diagnostics a fresh build cannot have. */
const RECREATED = /svcscope deleted the \w+ and created it again/;
let recreations = 0;
const diagnosticsOf = (ds: readonly Diagnostic[]): string[] =>
  ds
    .filter((d) => {
      const note = RECREATED.test(d.message);
      if (note) recreations++;
      return !note;
    })
    .map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`)
    .sort();

describe('edits as deltas (Cluster.sync) agree with a fresh simulation of the final document', () => {
  it('names, nodes, ClusterIPs, NodePorts, endpoints and diagnostics are those of createCluster(final); pod IPs too unless a probe explains the difference (400 runs)', () => {
    let podsCompared = 0;
    let podIPsEqual = 0;
    let edits = 0;
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 2, maxLength: 5 }), (documents) => {
        const living = createCluster(documents[0] ?? '');
        let last: Diagnostic[] = [...living.diagnostics];
        for (const document of documents.slice(1)) {
          const diagnostics = living.sync(document);
          if (!diagnostics) throw new Error('sync refused a document without generateName');
          last = diagnostics;
          edits++;
        }
        const final = documents.at(-1) ?? '';
        const fresh = createCluster(final);
        expect(diagnosticsOf(last)).toEqual(diagnosticsOf(fresh.diagnostics));
        const a = identity(living);
        const b = identity(fresh);
        expect(a.names).toEqual(b.names);
        expect(a.nodes).toEqual(b.nodes);
        expect(a.clusterIPs).toEqual(b.clusterIPs);
        expect(a.nodePorts).toEqual(b.nodePorts);
        expect(a.endpoints).toEqual(b.endpoints);
        for (const [pod, ip] of a.podIPs) {
          podsCompared++;
          const freshIP = b.podIPs.get(pod);
          if (ip === freshIP) {
            podIPsEqual++;
            continue;
          }
          // Different addresses: at least one of them is not the pod's home address, taken when it was allocated.
          const node = living.nodes().find((n) => n.metadata.name === a.nodes.get(pod));
          const ipam = new NodePodIPAM(ipToInt(node?.spec.podCIDR?.split('/')[0] ?? '0.0.0.0'));
          const home = ipam.homeAddress(`default/${pod}`);
          expect(ip === home && freshIP === home).toBe(false);
        }
      }),
      { numRuns: runs(400), seed: 2026 },
    );
    // What the property covered: many edits and pods, and nearly every pod kept the address a fresh simulation gives.
    expect(edits).toBeGreaterThan(runs(400));
    expect(podsCompared).toBeGreaterThan(runs(400));
    expect(podIPsEqual / podsCompared).toBeGreaterThan(0.9);
    // Edits between a headless Service and a ClusterIP one happened and re-created the Service.
    expect(recreations).toBeGreaterThan(0);
  });
});
