/**
 * Identities that stay put: the same document gives the same pod names, nodes and IPs, ClusterIPs
 * and NodePorts whatever edits led to it, and an edit applied to a living cluster changes only
 * what it touches, as `kubectl apply` to a real cluster does.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from './index';
import type { Cluster } from './index';
import { deploymentYaml } from './test-support/fixtures';

interface Placed {
  node: string | undefined;
  ip: string | undefined;
}

function podsOf(cluster: Cluster, namespace = 'default'): Map<string, Placed> {
  const pods = new Map<string, Placed>();
  for (const o of cluster.objects()) {
    if (o.kind === 'Pod' && o.metadata.namespace === namespace) pods.set(o.metadata.name, { node: o.spec.nodeName, ip: o.status.podIP });
  }
  return pods;
}

const CLIENT = `apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers: [{name: c, image: busybox}]
`;

const service = (type: string): string => `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: ${type}
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;

describe('identities independent of history (ReplicaSet names, scheduler, pod IPAM, service allocators)', () => {
  // The ReplicaSet controller creates only the missing pod (pkg/controller/replicaset
  // manageReplicas: diff < 0 creates -diff pods), and kube-scheduler places only that pod.
  it('scaling 3 to 4 through apply adds one pod and keeps the name, node and IP of every other pod, the client included', () => {
    const cluster = createCluster(`${CLIENT}---\n${deploymentYaml({ replicas: 3 })}`);
    const before = podsOf(cluster);
    expect(before.size).toBe(4);
    cluster.apply(deploymentYaml({ replicas: 4 }));
    const after = podsOf(cluster);
    expect(after.size).toBe(5);
    for (const [name, placed] of before) expect(after.get(name)).toEqual(placed);
    // And the cluster is the one a fresh simulation of the edited document gives.
    expect(after).toEqual(podsOf(createCluster(`${CLIENT}---\n${deploymentYaml({ replicas: 4 })}`)));
  });

  // controller.ActivePods ranks the newest pods first for deletion; pods created together are
  // then taken highest-numbered first, so scaling down undoes a scale-up.
  it('scaling 4 to 3 deletes the pod scaling 3 to 4 added, and gives the cluster a fresh simulation of 3 replicas gives', () => {
    const cluster = createCluster(deploymentYaml({ replicas: 3 }));
    const three = podsOf(cluster);
    cluster.apply(deploymentYaml({ replicas: 4 }));
    cluster.apply(deploymentYaml({ replicas: 3 }));
    expect(podsOf(cluster)).toEqual(three);
    const direct = createCluster(deploymentYaml({ replicas: 4 }));
    direct.apply(deploymentYaml({ replicas: 2 }));
    expect(podsOf(direct)).toEqual(podsOf(createCluster(deploymentYaml({ replicas: 2 }))));
  });

  it('the Deployment records ScalingReplicaSet "Scaled up replica set NAME from 3 to 4" (deployment/sync.go scaleReplicaSet)', () => {
    const cluster = createCluster(deploymentYaml({ replicas: 3 }));
    const rs = cluster.objects().find((o) => o.kind === 'ReplicaSet' && o.metadata.namespace === 'default')?.metadata.name ?? '';
    const from = cluster.events().length;
    cluster.apply(deploymentYaml({ replicas: 4 }));
    cluster.apply(deploymentYaml({ replicas: 1 }));
    const scaling = cluster
      .events()
      .slice(from)
      .filter((e) => e.reason === 'ScalingReplicaSet')
      .map((e) => e.message);
    expect(scaling).toEqual([`Scaled up replica set ${rs} from 3 to 4`, `Scaled down replica set ${rs} from 4 to 1`]);
  });

  it('the order of the documents does not change which node or IP a pod gets', () => {
    const other = deploymentYaml({ name: 'api', replicas: 5 });
    const a = createCluster(`${CLIENT}---\n${deploymentYaml({ replicas: 4 })}---\n${other}`);
    const b = createCluster(`${other}---\n${deploymentYaml({ replicas: 4 })}---\n${CLIENT}`);
    expect(podsOf(b)).toEqual(podsOf(a));
    // Nor do pods created and deleted before them.
    const c = createCluster(deploymentYaml({ name: 'tmp', replicas: 6 }));
    c.delete('Deployment', 'tmp');
    c.apply(`${other}---\n${CLIENT}---\n${deploymentYaml({ replicas: 4 })}`);
    expect(podsOf(c)).toEqual(podsOf(a));
  });

  it('replicas still spread evenly over the nodes (PodTopologySpread by hostname)', () => {
    const cluster = createCluster(deploymentYaml({ replicas: 7 }));
    const perNode = new Map<string, number>();
    for (const { node } of podsOf(cluster).values()) perNode.set(node ?? '', (perNode.get(node ?? '') ?? 0) + 1);
    expect([...perNode.values()].sort()).toEqual([2, 2, 3]);
  });

  // pkg/registry/core/service/storage alloc.go: an update keeps the ClusterIP; the nodePort
  // a ClusterIP -> NodePort change allocates is the one a new NodePort Service would get.
  it('changing a Service from ClusterIP to NodePort keeps its ClusterIP, and its nodePort is the one a fresh NodePort Service gets', () => {
    const cluster = createCluster(service('ClusterIP'));
    const clusterIP = cluster.get('Service', 'web')?.spec.clusterIP;
    cluster.apply(service('NodePort'));
    const updated = cluster.get('Service', 'web');
    const fresh = createCluster(service('NodePort')).get('Service', 'web');
    expect(updated?.spec.clusterIP).toBe(clusterIP);
    expect(fresh?.spec.clusterIP).toBe(clusterIP);
    expect(updated?.spec.ports[0]?.nodePort).toBeDefined();
    expect(updated?.spec.ports[0]?.nodePort).toBe(fresh?.spec.ports[0]?.nodePort);
    expect(cluster.events().at(-1)).toMatchObject({ reason: 'Updated', kind: 'Service', name: 'web' });
  });

  it('a Service gets the same ClusterIP and NodePort whatever Services were created (and deleted) before it', () => {
    const others = ['a', 'b', 'c', 'd'].map((n) => service('NodePort').replace('name: web', `name: ${n}`)).join('---\n');
    const alone = createCluster(service('NodePort')).get('Service', 'web');
    const crowded = createCluster(`${others}---\n${service('NodePort')}`).get('Service', 'web');
    expect(crowded?.spec.clusterIP).toBe(alone?.spec.clusterIP);
    expect(crowded?.spec.ports[0]?.nodePort).toBe(alone?.spec.ports[0]?.nodePort);
  });

  // An explicit ClusterIP or nodePort wins; a hashed allocation probes past it (the bitmap
  // allocator's scan skips allocated offsets).
  it('a Service whose hashed ClusterIP and NodePort another Service asked for explicitly gets the next free ones', () => {
    const alone = createCluster(service('NodePort')).get('Service', 'web');
    const ip = alone?.spec.clusterIP ?? '';
    const port = alone?.spec.ports[0]?.nodePort ?? 0;
    const squatter = `apiVersion: v1
kind: Service
metadata: {name: squatter}
spec:
  type: NodePort
  clusterIP: ${ip}
  ports: [{port: 80, nodePort: ${port}}]
`;
    const cluster = createCluster(`${squatter}---\n${service('NodePort')}`);
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(cluster.get('Service', 'squatter')?.spec.clusterIP).toBe(ip);
    expect(cluster.get('Service', 'squatter')?.spec.ports[0]?.nodePort).toBe(port);
    const web = cluster.get('Service', 'web');
    expect(web?.spec.clusterIP).not.toBe(ip);
    expect(web?.spec.ports[0]?.nodePort).not.toBe(port);
  });

  it('a pod deleted by hand is replaced by a pod of another name; scaling up later does not bring its name back', () => {
    const cluster = createCluster(deploymentYaml({ replicas: 2 }));
    const [first] = [...podsOf(cluster).keys()];
    cluster.delete('Pod', first ?? '');
    cluster.apply(deploymentYaml({ replicas: 3 }));
    const names = [...podsOf(cluster).keys()];
    expect(names).toHaveLength(3);
    expect(names).not.toContain(first);
  });
});
