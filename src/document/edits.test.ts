/**
 * Spec-changing actions as YAML edits (issue #7). Each case checks the exact text (comments and
 * layout of untouched lines survive) and that the engine accepts the result with zero errors and
 * behaves as the new spec says. Field rules: ValidateService in
 * kubernetes/pkg/apis/core/validation/validation.go; fields the API server wipes on a type change:
 * dropTypeDependentFields in kubernetes/pkg/registry/core/service/strategy.go.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { Cluster } from '../engine/index';
import { DEFAULT_SCENARIO_YAML } from '../scenarios/seed/index';
import { applyEdit } from './edits';
import { selectorRemovalFor } from './from-cluster';
import type { DocumentEdit, EditResult } from './types';
import { describeEdit } from './types';

const DEPLOYMENT = `---
# the app
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: shell, image: busybox}]}
`;

const LB_SERVICE = `# Shop front end: the Service the trainer edits
apiVersion: v1
kind: Service
metadata:
  name: web      # clients use this name
spec:
  type: LoadBalancer   # the cloud gives us an address
  externalTrafficPolicy: Local
  loadBalancerIP: 203.0.113.20
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
    nodePort: 30080   # fixed for the firewall
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 600
`;

const CLUSTER_IP_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  # no type: ClusterIP by default
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

function ok(result: EditResult): Extract<EditResult, { ok: true }> {
  if (!result.ok) throw new Error(result.error);
  return result;
}

function cleanCluster(yaml: string): Cluster {
  const cluster = createCluster(yaml);
  expect(cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return cluster;
}

function podNodes(cluster: Cluster): string[] {
  return cluster
    .objects()
    .flatMap((o) => (o.kind === 'Pod' && o.metadata.labels?.app === 'web' && o.spec.nodeName ? [o.spec.nodeName] : []));
}

function nodeIP(cluster: Cluster, node: string): string {
  return (
    cluster
      .nodes()
      .find((n) => n.metadata.name === node)
      ?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? ''
  );
}

interface Case {
  name: string;
  yaml: string;
  edit: DocumentEdit;
  /** The edited first document (the rest of the text must be unchanged). */
  expected: string;
  changedRange?: { startLine: number; endLine: number };
  note?: RegExp;
  check: (cluster: Cluster) => void;
}

const CASES: Case[] = [
  {
    name: 'LoadBalancer -> ClusterIP drops nodePort (Forbidden for ClusterIP), externalTrafficPolicy ("may only be set for externally-accessible services") and loadBalancerIP',
    yaml: LB_SERVICE,
    edit: { type: 'setServiceType', name: 'web', serviceType: 'ClusterIP' },
    expected: `# Shop front end: the Service the trainer edits
apiVersion: v1
kind: Service
metadata:
  name: web      # clients use this name
spec:
  type: ClusterIP   # the cloud gives us an address
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 600
`,
    changedRange: { startLine: 7, endLine: 13 },
    check: (c) => {
      const svc = c.get('Service', 'web');
      expect(svc?.spec.type).toBe('ClusterIP');
      expect(svc?.spec.ports[0]?.nodePort).toBeUndefined();
      expect(c.send({ from: { external: '198.51.100.7' }, to: `${nodeIP(c, 'node-1')}:30080` }).ok).toBe(false);
    },
  },
  {
    name: 'LoadBalancer -> NodePort keeps the nodePort and the traffic policy, drops loadBalancerIP',
    yaml: LB_SERVICE,
    edit: { type: 'setServiceType', name: 'web', serviceType: 'NodePort' },
    expected: LB_SERVICE.replace('type: LoadBalancer', 'type: NodePort').replace('  loadBalancerIP: 203.0.113.20\n', ''),
    changedRange: { startLine: 7, endLine: 8 },
    check: (c) => {
      expect(c.get('Service', 'web')?.spec).toMatchObject({
        type: 'NodePort',
        externalTrafficPolicy: 'Local',
        ports: [{ nodePort: 30080 }],
      });
      const node = podNodes(c)[0]!;
      const trace = c.send({ from: { external: '198.51.100.7' }, to: `${nodeIP(c, node)}:30080` });
      expect(trace.ok).toBe(true);
      expect(trace.sourceIpSeenByPod).toBe('198.51.100.7'); // Local: no SNAT, the client's address is kept
    },
  },
  {
    name: 'LoadBalancer -> headless: clusterIP None (type ClusterIP), nodePorts and LB fields gone; clusterIP is immutable on a real cluster',
    yaml: LB_SERVICE,
    edit: { type: 'setServiceType', name: 'web', serviceType: 'Headless' },
    expected: `# Shop front end: the Service the trainer edits
apiVersion: v1
kind: Service
metadata:
  name: web      # clients use this name
spec:
  type: ClusterIP   # the cloud gives us an address
  selector:
    app: web
  ports:
  - name: http
    port: 80
    targetPort: 8080
  sessionAffinity: ClientIP
  sessionAffinityConfig:
    clientIP:
      timeoutSeconds: 600
  clusterIP: None
`,
    note: /immutable.*delete the Service and create it again/,
    check: (c) => {
      expect(c.get('Service', 'web')?.spec.clusterIP).toBe('None');
      const answer = c.dns('web.default.svc.cluster.local');
      const podIPs = c.objects().flatMap((o) => (o.kind === 'Pod' && o.metadata.labels?.app === 'web' ? [o.status.podIP] : []));
      expect(answer.answers.map((a) => a.data).sort()).toEqual(podIPs.sort()); // headless: A records of the pods
    },
  },
  {
    name: 'ClusterIP (type omitted) -> NodePort adds the type; a nodePort is allocated from 30000-32767',
    yaml: CLUSTER_IP_SERVICE,
    edit: { type: 'setServiceType', name: 'web', serviceType: 'NodePort' },
    expected: `${CLUSTER_IP_SERVICE}  type: NodePort\n`,
    changedRange: { startLine: 12, endLine: 12 },
    check: (c) => {
      const port = c.get('Service', 'web')?.spec.ports[0]?.nodePort ?? 0;
      expect(port).toBeGreaterThanOrEqual(30000);
      expect(port).toBeLessThanOrEqual(32767);
    },
  },
  {
    name: 'headless -> NodePort removes clusterIP: None ("may not be set to \'None\' for NodePort services")',
    yaml: CLUSTER_IP_SERVICE.replace('spec:\n', 'spec:\n  clusterIP: None\n'),
    edit: { type: 'setServiceType', name: 'web', serviceType: 'NodePort' },
    expected: `${CLUSTER_IP_SERVICE}  type: NodePort\n`,
    note: /immutable/,
    check: (c) => expect(c.get('Service', 'web')?.spec.clusterIP).toMatch(/^10\.9[6-9]|^10\.1[01]\d\./),
  },
  {
    name: 'externalTrafficPolicy Local -> Cluster on a NodePort Service: the pod sees the node, not the client (SNAT)',
    yaml: LB_SERVICE.replace('type: LoadBalancer', 'type: NodePort').replace('  loadBalancerIP: 203.0.113.20\n', ''),
    edit: { type: 'setExternalTrafficPolicy', name: 'web', policy: 'Cluster' },
    expected: LB_SERVICE.replace('type: LoadBalancer', 'type: NodePort')
      .replace('  loadBalancerIP: 203.0.113.20\n', '')
      .replace('Local', 'Cluster'),
    changedRange: { startLine: 8, endLine: 8 },
    check: (c) => {
      const trace = c.send({ from: { external: '198.51.100.7' }, to: `${nodeIP(c, 'node-1')}:30080` });
      expect(trace.ok).toBe(true);
      expect(trace.sourceIpSeenByPod).not.toBe('198.51.100.7');
    },
  },
  {
    name: 'externalTrafficPolicy Local on a Service without one: a new line in spec',
    yaml: CLUSTER_IP_SERVICE.replace('spec:\n', 'spec:\n  type: NodePort\n'),
    edit: { type: 'setExternalTrafficPolicy', name: 'web', policy: 'Local' },
    expected: `${CLUSTER_IP_SERVICE.replace('spec:\n', 'spec:\n  type: NodePort\n')}  externalTrafficPolicy: Local\n`,
    check: (c) => expect(c.get('Service', 'web')?.spec.externalTrafficPolicy).toBe('Local'),
  },
  {
    name: 'sessionAffinity None drops sessionAffinityConfig ("must not be set when session affinity is None")',
    yaml: LB_SERVICE,
    edit: { type: 'setSessionAffinity', name: 'web', affinity: 'None' },
    expected: LB_SERVICE.replace('sessionAffinity: ClientIP', 'sessionAffinity: None').replace(/ {2}sessionAffinityConfig:[\s\S]*$/, ''),
    check: (c) => expect(c.get('Service', 'web')?.spec.sessionAffinity).toBe('None'),
  },
  {
    name: 'sessionAffinity ClientIP: the same client keeps reaching the same pod',
    yaml: CLUSTER_IP_SERVICE,
    edit: { type: 'setSessionAffinity', name: 'web', affinity: 'ClientIP' },
    expected: `${CLUSTER_IP_SERVICE}  sessionAffinity: ClientIP\n`,
    check: (c) => {
      const traces = Array.from({ length: 10 }, () => c.send({ from: { pod: 'client' }, to: 'http://web/' }));
      expect(traces.every((t) => t.ok)).toBe(true);
      expect(new Set(traces.map((t) => t.pod?.name)).size).toBe(1);
    },
  },
];

describe('applyEdit on Services (table)', () => {
  it.each(CASES)('$name', ({ yaml, edit, expected, changedRange, note, check }) => {
    const result = ok(applyEdit(yaml + DEPLOYMENT, edit));
    expect(result.yaml).toBe(expected + DEPLOYMENT);
    if (changedRange) expect(result.changedRange).toEqual(changedRange);
    if (note) expect(result.note).toMatch(note);
    else expect(result.note).toBeUndefined();
    check(cleanCluster(result.yaml));
  });
});

describe('scale (kubectl scale deployment --replicas)', () => {
  it.each([0, 1, 5])('to %i replicas: only the replicas line changes and the endpoints follow', (replicas) => {
    const result = ok(applyEdit(DEFAULT_SCENARIO_YAML, { type: 'scale', name: 'random-generator', replicas }));
    expect(result.yaml).toBe(DEFAULT_SCENARIO_YAML.replace('replicas: 3', `replicas: ${replicas}`));
    expect(result.changedRange).toEqual({ startLine: 18, endLine: 18 });
    const cluster = cleanCluster(result.yaml);
    expect(cluster.endpoints('random-generator')?.subsets.flatMap((s) => s.addresses ?? [])).toHaveLength(replicas);
  });
});

describe('removing and restoring the selector keeps the ClusterIP (seed: "Manual service discovery")', () => {
  // The default document ends with its client pod.
  const CLIENT = DEFAULT_SCENARIO_YAML.split('---\n')[2]!;
  const BASE = DEFAULT_SCENARIO_YAML;
  const before = cleanCluster(BASE);
  const clusterIP = before.get('Service', 'random-generator')?.spec.clusterIP ?? '';
  const edit = selectorRemovalFor(before.get('Service', 'random-generator')!, before.endpoints('random-generator'));
  const removed = ok(applyEdit(BASE, edit));

  it('writes a selector-less Service with the ClusterIP pinned and an Endpoints object with the ready addresses', () => {
    const [service, endpoints, deployment, client] = removed.yaml.split('---\n');
    expect(service).toBe(
      DEFAULT_SCENARIO_YAML.split('---\n')[0]!.replace('  selector:\n    app: random-generator\n', '') + `  clusterIP: ${clusterIP}\n`,
    );
    expect(endpoints).toMatch(
      /^# Written by hand now: without a selector the endpoints controller no longer manages this object\.\napiVersion: v1\nkind: Endpoints\nmetadata:\n {2}name: random-generator\nsubsets:\n- addresses:\n/,
    );
    expect(deployment).toBe(DEFAULT_SCENARIO_YAML.split('---\n')[1]);
    expect(client).toBe(CLIENT);
    expect(removed.note).toBeUndefined();
  });

  it('the cluster built from it has the same ClusterIP and sends to the same pods, now through hand-written endpoints', () => {
    const after = cleanCluster(removed.yaml);
    expect(after.get('Service', 'random-generator')?.spec.selector).toBeUndefined();
    expect(after.get('Service', 'random-generator')?.spec.clusterIP).toBe(clusterIP);
    const ips = (c: Cluster): string[] =>
      c
        .endpoints('random-generator')!
        .subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip))
        .sort();
    expect(ips(after)).toEqual(ips(before));
    const trace = after.send({ from: { pod: 'client' }, to: 'http://random-generator/' });
    expect(trace.ok).toBe(true);
    expect(trace.hops.find((h) => h.nat === 'DNAT')?.packet.dst).toBe(`${trace.pod?.ip}:8080`);
    expect(ips(before)).toContain(trace.pod?.ip);
  });

  it('restoring the selector deletes the Endpoints document and keeps the pinned ClusterIP', () => {
    const restored = ok(
      applyEdit(removed.yaml, { type: 'restoreSelector', name: 'random-generator', selector: { app: 'random-generator' } }),
    );
    expect(restored.yaml).not.toContain('kind: Endpoints');
    expect(restored.yaml.split('---\n')[0]).toBe(
      DEFAULT_SCENARIO_YAML.split('---\n')[0]!.replace('  selector:\n    app: random-generator\n', '') +
        `  clusterIP: ${clusterIP}\n  selector:\n    app: random-generator\n`,
    );
    const cluster = cleanCluster(restored.yaml);
    expect(cluster.get('Service', 'random-generator')?.spec.clusterIP).toBe(clusterIP);
    expect(cluster.endpoints('random-generator')?.subsets[0]?.addresses).toHaveLength(3);
  });

  it('a stale hand-written Endpoints document is replaced, not duplicated', () => {
    const stale = `${BASE}---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: random-generator}\nsubsets: [{addresses: [{ip: 10.9.9.9}], ports: [{port: 1}]}]\n`;
    const result = ok(applyEdit(stale, edit));
    expect(result.yaml.match(/kind: Endpoints/g)).toHaveLength(1);
    expect(result.yaml).not.toContain('10.9.9.9');
    expect(result.yaml.endsWith(CLIENT)).toBe(true);
    cleanCluster(result.yaml);
  });
});

describe('other layouts', () => {
  it('flow-style ports are re-serialized in that document only, keeping its comments; other documents stay byte-for-byte', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: web}   # flow style
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30036}]
${DEPLOYMENT}`;
    const result = ok(applyEdit(yaml, { type: 'setServiceType', name: 'web', serviceType: 'ClusterIP' }));
    expect(result.yaml).toBe(`apiVersion: v1
kind: Service
metadata: {name: web} # flow style
spec:
  type: ClusterIP
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
${DEPLOYMENT}`);
    cleanCluster(result.yaml);
  });

  it("generated YAML follows the text's habit of indenting sequences under their key", () => {
    const yaml = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;
    const result = ok(
      applyEdit(yaml, {
        type: 'removeSelector',
        name: 'web',
        clusterIP: '10.96.0.20',
        subsets: [{ addresses: [{ ip: '10.244.0.9' }], ports: [{ port: 80 }] }],
      }),
    );
    expect(result.yaml).toBe(`apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
  clusterIP: 10.96.0.20
---
# Written by hand now: without a selector the endpoints controller no longer manages this object.
apiVersion: v1
kind: Endpoints
metadata:
  name: web
subsets:
  - addresses:
      - ip: 10.244.0.9
    ports:
      - port: 80
`);
    expect(cleanCluster(result.yaml).endpoints('web')?.subsets[0]?.addresses?.[0]?.ip).toBe('10.244.0.9');
  });

  it('a Service in another namespace with the same name is left alone', () => {
    const shop = CLUSTER_IP_SERVICE.replace('  name: web\n', '  name: web\n  namespace: shop\n');
    const yaml = `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${shop}---\n${CLUSTER_IP_SERVICE}`;
    const result = ok(applyEdit(yaml, { type: 'setServiceType', name: 'web', namespace: 'shop', serviceType: 'NodePort' }));
    expect(result.yaml).toBe(
      `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${shop}  type: NodePort\n---\n${CLUSTER_IP_SERVICE}`,
    );
    const cluster = cleanCluster(result.yaml);
    expect(cluster.get('Service', 'web', 'shop')?.spec.type).toBe('NodePort');
    expect(cluster.get('Service', 'web')?.spec.type).toBe('ClusterIP');
  });

  it('an object inside a kind: List (kubectl get -o yaml) is edited in place', () => {
    const yaml = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    selector:
      app: web
    ports:
    - port: 80
      targetPort: 8080
`;
    const result = ok(applyEdit(yaml, { type: 'setSessionAffinity', name: 'web', affinity: 'ClientIP' }));
    expect(result.yaml).toBe(`${yaml}    sessionAffinity: ClientIP\n`);
    expect(cleanCluster(result.yaml).get('Service', 'web')?.spec.sessionAffinity).toBe('ClientIP');
  });

  it('an edit that changes nothing returns the text as it was, without a changed range', () => {
    const result = ok(applyEdit(CLUSTER_IP_SERVICE, { type: 'setServiceType', name: 'web', serviceType: 'ClusterIP' }));
    expect(result).toEqual({ ok: true, yaml: CLUSTER_IP_SERVICE });
  });
});

/**
 * kubectl apply (staging/src/k8s.io/kubectl/pkg/cmd/apply/apply.go) creates an object or patches
 * the one stored under the same group, kind, namespace and name; networking.k8s.io/v1beta1 and v1
 * Ingress are one stored resource. kubectl delete (pkg/cmd/delete/delete.go) removes by kind and
 * name. As edits of the document, an apply replaces or adds a document and a delete removes it.
 */
describe('apply and delete (kubectl apply -f, kubectl delete) as whole documents', () => {
  const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  ports:
  - port: 80
`;
  const ENDPOINTS = `apiVersion: v1
kind: Endpoints
metadata:
  name: external-service
subsets:
  - addresses:
    - ip: 1.1.1.1
    ports:
    - port: 8080
`;
  const CLIENT = `# the client
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: shell, image: busybox}]}
`;

  it('apply of a new object adds its document at the end, comments and all', () => {
    const result = ok(applyEdit(`${SERVICE}---\n${CLIENT}`, { type: 'apply', yaml: `# by hand\n${ENDPOINTS}` }));
    expect(result.yaml).toBe(`${SERVICE}---\n${CLIENT}---\n# by hand\n${ENDPOINTS}`);
    expect(result.changedRange).toEqual({ startLine: 14, endLine: 24 });
    expect(cleanCluster(result.yaml).get('Endpoints', 'external-service')?.subsets[0]?.addresses?.[0]?.ip).toBe('1.1.1.1');
  });

  it('apply of an object already in the text replaces its document in place, even in another apiVersion', () => {
    const v1beta1 =
      'apiVersion: networking.k8s.io/v1beta1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  backend:\n    serviceName: web\n    servicePort: 80\n';
    const v1 =
      '# v1 now\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n';
    const result = ok(applyEdit(`${CLUSTER_IP_SERVICE}---\n${v1beta1}---\n${CLIENT}`, { type: 'apply', yaml: `---\n${v1}` }));
    expect(result.yaml).toBe(`${CLUSTER_IP_SERVICE}---\n${v1}---\n${CLIENT}`);
    const cluster = cleanCluster(result.yaml);
    expect(cluster.diagnostics.filter((d) => /deprecated/.test(d.message))).toEqual([]);
  });

  it('apply of several documents handles each, and an item of a kind: List is replaced inside the List', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${SERVICE.trimEnd().replaceAll('\n', '\n  ')}\n`;
    const changed = SERVICE.replace('port: 80', 'port: 81');
    const result = ok(applyEdit(list, { type: 'apply', yaml: `${changed}---\n${ENDPOINTS}` }));
    const cluster = cleanCluster(result.yaml);
    expect(cluster.get('Service', 'external-service')?.spec.ports[0]?.port).toBe(81);
    expect(cluster.get('Endpoints', 'external-service')).toBeDefined();
    expect(result.yaml.startsWith('apiVersion: v1\nkind: List\n')).toBe(true);
  });

  it("delete takes the object's document out and leaves the others byte for byte", () => {
    const result = ok(
      applyEdit(`${SERVICE}---\n${ENDPOINTS}---\n${CLIENT}`, { type: 'delete', kind: 'Endpoints', name: 'external-service' }),
    );
    expect(result.yaml).toBe(`${SERVICE}---\n${CLIENT}`);
    expect(cleanCluster(result.yaml).get('Endpoints', 'external-service')).toBeUndefined();
  });

  it('delete of the first document leaves no empty document at the top; of the last, no dangling ---', () => {
    expect(ok(applyEdit(`${SERVICE}---\n${CLIENT}`, { type: 'delete', kind: 'Service', name: 'external-service' })).yaml).toBe(CLIENT);
    expect(ok(applyEdit(`${SERVICE}---\n${CLIENT}`, { type: 'delete', kind: 'Pod', name: 'client' })).yaml).toBe(SERVICE);
  });

  it('delete of an item of a kind: List removes the item only', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- ${SERVICE.trimEnd().replaceAll('\n', '\n  ')}\n- ${ENDPOINTS.trimEnd().replaceAll('\n', '\n  ')}\n`;
    const result = ok(applyEdit(list, { type: 'delete', kind: 'Endpoints', name: 'external-service' }));
    const cluster = cleanCluster(result.yaml);
    expect(cluster.get('Endpoints', 'external-service')).toBeUndefined();
    expect(cluster.get('Service', 'external-service')).toBeDefined();
  });
});

describe('edits that cannot apply explain why', () => {
  it.each<[string, string, DocumentEdit, RegExp]>([
    ['no such Service', CLUSTER_IP_SERVICE, { type: 'setServiceType', name: 'api', serviceType: 'NodePort' }, /no Service "api"/],
    ['no such Deployment', CLUSTER_IP_SERVICE, { type: 'scale', name: 'web', replicas: 2 }, /no Deployment "web"/],
    [
      'wrong namespace',
      CLUSTER_IP_SERVICE,
      { type: 'setSessionAffinity', name: 'web', namespace: 'shop', affinity: 'ClientIP' },
      /in namespace "shop"/,
    ],
    ['negative replicas', DEFAULT_SCENARIO_YAML, { type: 'scale', name: 'random-generator', replicas: -1 }, /whole number, 0 or more/],
    ['fractional replicas', DEFAULT_SCENARIO_YAML, { type: 'scale', name: 'random-generator', replicas: 1.5 }, /whole number/],
    [
      'a YAML syntax error',
      'kind: Service\nmetadata: {name: web\n',
      { type: 'setSessionAffinity', name: 'web', affinity: 'None' },
      /syntax error/,
    ],
    [
      'externalTrafficPolicy on a ClusterIP Service',
      CLUSTER_IP_SERVICE,
      { type: 'setExternalTrafficPolicy', name: 'web', policy: 'Local' },
      /externally-accessible/,
    ],
    [
      'removing a selector that is not there',
      CLUSTER_IP_SERVICE.replace('  selector:\n    app: web\n', ''),
      { type: 'removeSelector', name: 'web', clusterIP: '10.96.0.20', subsets: [] },
      /no selector/,
    ],
    ['an empty selector', CLUSTER_IP_SERVICE, { type: 'restoreSelector', name: 'web', selector: {} }, /at least one label/],
    ['deleting what is not there', CLUSTER_IP_SERVICE, { type: 'delete', kind: 'Endpoints', name: 'web' }, /no Endpoints "web"/],
    [
      'applying broken YAML',
      CLUSTER_IP_SERVICE,
      { type: 'apply', yaml: 'kind: Pod\nmetadata: {name: x\n' },
      /YAML to apply has a syntax error/,
    ],
    [
      'applying a document without a name',
      CLUSTER_IP_SERVICE,
      { type: 'apply', yaml: 'apiVersion: v1\nkind: Pod\n' },
      /needs a kind and a metadata.name/,
    ],
  ])('%s', (_name, yaml, edit, error) => {
    expect(applyEdit(yaml, edit)).toEqual({ ok: false, error: expect.stringMatching(error) });
  });
});

describe('describeEdit', () => {
  it.each<[DocumentEdit, string]>([
    [{ type: 'scale', name: 'web', replicas: 3 }, 'kubectl scale deployment web --replicas=3'],
    [
      { type: 'scale', kind: 'ReplicaSet', name: 'web-1', namespace: 'shop', replicas: 0 },
      'kubectl scale replicaset web-1 --replicas=0 -n shop',
    ],
    [{ type: 'setServiceType', name: 'web', serviceType: 'Headless' }, 'service web: type ClusterIP, clusterIP: None (headless)'],
    [{ type: 'restoreSelector', name: 'web', selector: { app: 'web', tier: 'front' } }, 'service web: selector app=web,tier=front'],
    [
      { type: 'apply', yaml: 'kind: Endpoints\nmetadata:\n  name: db\n---\nkind: Service\nmetadata: {name: db}\n' },
      'kubectl apply -f - (endpoints/db, service/db)',
    ],
    [{ type: 'delete', kind: 'Endpoints', name: 'db', namespace: 'shop' }, 'kubectl delete endpoints db -n shop'],
  ])('%j', (edit, text) => expect(describeEdit(edit)).toBe(text));
});
