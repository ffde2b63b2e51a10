import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { cidrContains, parseCidr } from '../net/ipv4';
import { K8S_ALPHANUMS, fnv32a, safeEncodeString } from '../util/hash';

const deployment = (replicas: number, image = 'nginx:1.27'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: random-generator
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: random-generator
  template:
    metadata:
      labels:
        app: random-generator
    spec:
      containers:
      - name: app
        image: ${image}
        ports:
        - containerPort: 8080
`;

const alphabet = `[${K8S_ALPHANUMS}]`;

describe('Deployment and ReplicaSet controllers (pkg/controller/deployment, pkg/controller/replicaset)', () => {
  it('FNV-32a matches the reference vectors of hash/fnv', () => {
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('rand.SafeEncodeString maps decimal digits onto the vowel-free alphabet', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('names the ReplicaSet <deployment>-<pod-template-hash> and pods <replicaset>-<5 chars>', () => {
    const cluster = createCluster(deployment(3));
    const rs = cluster.objects().filter((o) => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default');
    expect(rs).toHaveLength(1);
    const rsName = rs[0]?.metadata.name ?? '';
    expect(rsName).toMatch(new RegExp(`^random-generator-${alphabet}{6,10}$`));
    const pods = cluster.objects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'default');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^${rsName}-${alphabet}{5}$`));
      expect(pod.metadata.labels?.['pod-template-hash']).toBe(rsName.slice('random-generator-'.length));
      expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rsName, controller: true });
    }
  });

  it('spreads replicas over the nodes and gives each pod an IP from its node /24', () => {
    const cluster = createCluster(deployment(6));
    const pods = cluster.objects().flatMap((o) => (o.kind === 'Pod' && o.metadata.namespace === 'default' ? [o] : []));
    const perNode = new Map<string, number>();
    for (const pod of pods) {
      const node = cluster.get('Node', pod.spec.nodeName ?? '');
      expect(node).toBeDefined();
      expect(cidrContains(parseCidr(node?.spec.podCIDR ?? ''), pod.status.podIP ?? '')).toBe(true);
      expect(pod.status.hostIP).toBe(node?.status.addresses[0]?.address);
      expect(pod.status.phase).toBe('Running');
      perNode.set(pod.spec.nodeName ?? '', (perNode.get(pod.spec.nodeName ?? '') ?? 0) + 1);
    }
    expect([...perNode.values()]).toEqual([2, 2, 2]);
    expect(new Set(pods.map((p) => p.status.podIP)).size).toBe(6);
  });

  it('nodes get /24s of the pod CIDR in order: node-1 10.244.0.0/24, node-2 10.244.1.0/24', () => {
    const cluster = createCluster('', { nodes: ['a', 'b'] });
    expect(cluster.nodes().map((n) => [n.metadata.name, n.spec.podCIDR])).toEqual([
      ['a', '10.244.0.0/24'],
      ['b', '10.244.1.0/24'],
    ]);
  });

  it('scaling down through a later apply removes pods; changing the template rolls to a new ReplicaSet', () => {
    const cluster = createCluster(deployment(3));
    cluster.apply(deployment(1));
    const pods = () => cluster.objects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'default');
    expect(pods()).toHaveLength(1);
    const before = cluster.get('Deployment', 'random-generator');
    expect(before?.status).toMatchObject({ replicas: 1, readyReplicas: 1 });
    cluster.apply(deployment(2, 'nginx:1.28'));
    const replicaSets = cluster.objects().filter((o) => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default');
    expect(replicaSets).toHaveLength(2);
    const current = replicaSets.find((r) => r.kind === 'ReplicaSet' && r.spec.replicas === 2);
    expect(current).toBeDefined();
    expect(pods().every((p) => p.metadata.ownerReferences?.[0]?.name === current?.metadata.name)).toBe(true);
    expect(pods()).toHaveLength(2);
  });

  it('deleting a pod of a ReplicaSet brings a new pod with a new name and IP', () => {
    const cluster = createCluster(deployment(1));
    const first = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default');
    cluster.delete('Pod', first?.metadata.name ?? '');
    const second = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default');
    expect(second).toBeDefined();
    expect(second?.metadata.name).not.toBe(first?.metadata.name);
    expect(second?.kind === 'Pod' && first?.kind === 'Pod' && second.status.podIP !== first.status.podIP).toBe(true);
  });

  it('deleting the Deployment deletes its ReplicaSets and pods', () => {
    const cluster = createCluster(deployment(2));
    cluster.delete('Deployment', 'random-generator');
    expect(cluster.objects().filter((o) => o.metadata.namespace === 'default' && (o.kind === 'Pod' || o.kind === 'ReplicaSet'))).toEqual(
      [],
    );
  });

  // A ReplicaSet written by the user, not by a Deployment: the ReplicaSet controller
  // (pkg/controller/replicaset/replica_set.go) creates its pods with generateName "<rs>-"
  // (getPodsPrefix, pkg/controller/controller_utils.go), and the API server appends 5 random
  // characters (k8s.io/apiserver/pkg/storage/names/generate.go). No pod-template-hash: only the
  // Deployment controller adds that label.
  it('a user-written ReplicaSet creates its pods <rs>-<5 chars>, owned by it, and its Service selects them', () => {
    const replicaSet = (replicas: number): string => `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {tier: frontend}
  template:
    metadata:
      labels: {tier: frontend}
    spec:
      containers:
      - {name: php-redis, image: nginx, ports: [{containerPort: 80}]}
`;
    const yaml = `${replicaSet(3)}---
apiVersion: v1
kind: Service
metadata: {name: frontend}
spec:
  selector: {tier: frontend}
  ports: [{port: 80}]
`;
    const cluster = createCluster(yaml);
    expect(cluster.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const rs = cluster.get('ReplicaSet', 'frontend');
    expect(rs?.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    const pods = () => cluster.objects().flatMap((o) => (o.kind === 'Pod' && o.metadata.namespace === 'default' ? [o] : []));
    expect(pods()).toHaveLength(3);
    for (const pod of pods()) {
      expect(pod.metadata.name).toMatch(new RegExp(`^frontend-${alphabet}{5}$`));
      expect(pod.metadata.labels).toEqual({ tier: 'frontend' });
      expect(pod.metadata.ownerReferences).toEqual([
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'frontend', uid: rs?.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
      expect(pod.status.phase).toBe('Running');
    }
    expect(new Set(pods().map((p) => p.metadata.name)).size).toBe(3);
    // No Deployment made it, and the user's ReplicaSet keeps its own name and no owner.
    expect(cluster.objects().filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'default')).toEqual([]);
    expect(rs?.metadata.ownerReferences).toBeUndefined();
    const ips = pods()
      .map((p) => p.status.podIP)
      .sort();
    expect(
      cluster
        .endpoints('frontend')
        ?.subsets[0]?.addresses?.map((a) => a.ip)
        .sort(),
    ).toEqual(ips);

    // Scaling through a later apply, a deleted pod replaced, the ReplicaSet deleted with its pods.
    cluster.apply(replicaSet(1));
    expect(pods()).toHaveLength(1);
    const survivor = pods()[0]?.metadata.name ?? '';
    cluster.delete('Pod', survivor);
    expect(pods()).toHaveLength(1);
    expect(pods()[0]?.metadata.name).toMatch(new RegExp(`^frontend-${alphabet}{5}$`));
    expect(pods()[0]?.metadata.name).not.toBe(survivor);
    cluster.delete('ReplicaSet', 'frontend');
    expect(pods()).toEqual([]);
  });

  it('a pod pinned to a node that does not exist stays Pending with a located warning', () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  nodeName: minikube
  containers: [{name: c, image: nginx}]
`;
    const cluster = createCluster(yaml);
    expect(cluster.get('Pod', 'p')?.status.phase).toBe('Pending');
    const warning = cluster.diagnostics.find((d) => d.severity === 'warning');
    expect(warning).toMatchObject({ field: 'spec.nodeName', line: 5, column: 13 });
    expect(warning?.message).toContain('node "minikube" does not exist');
  });

  it('hostNetwork pods take the node IP', () => {
    const cluster = createCluster(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {hostNetwork: true, containers: [{name: c, image: nginx}]}
`);
    const pod = cluster.get('Pod', 'p');
    expect(pod?.status.podIP).toBe(pod?.status.hostIP);
  });
});
