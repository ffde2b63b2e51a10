import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { SimulationAction } from '../index';
import { deploymentYaml } from '../test-support/fixtures';

const APP = `${deploymentYaml({ readinessProbe: true })}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
`;

function podNames(cluster: ReturnType<typeof createCluster>): string[] {
  return cluster.objects().flatMap((o) => (o.kind === 'Pod' && o.metadata.namespace === 'default' ? [o.metadata.name] : []));
}

describe('runtime actions', () => {
  // The endpoints controller puts pods whose Ready condition is False in notReadyAddresses
  // (pkg/controller/endpoint/endpoints_controller.go, podToEndpointAddressForService + ShouldPodBeInEndpoints).
  it('a failing readiness probe moves the pod to notReadyAddresses and traffic avoids it; passing brings it back', () => {
    const cluster = createCluster(APP);
    const [first, second] = podNames(cluster);
    expect(first && second).toBeTruthy();
    expect(cluster.act({ type: 'setPodReady', pod: first!, ready: false })).toEqual([]);
    const subset = cluster.endpoints('web')?.subsets?.[0];
    expect(subset?.addresses?.map((a) => a.targetRef?.name)).toEqual([second]);
    expect(subset?.notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual([first]);
    const ready = cluster.get('Pod', first!)?.status.conditions.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'False', reason: 'ReadinessProbeFailed', message: 'Readiness probe of container web failed' });
    for (let i = 0; i < 50; i++)
      expect(cluster.send({ from: { external: '1.2.3.4' }, to: `${cluster.get('Service', 'web')?.spec.clusterIP}:80` }).pod?.name).not.toBe(
        first,
      );
    expect(cluster.events().some((e) => e.reason === 'Unhealthy' && e.name === first)).toBe(true);
    cluster.act({ type: 'setPodReady', pod: first!, ready: true });
    expect(cluster.endpoints('web')?.subsets?.[0]?.addresses).toHaveLength(2);
  });

  it('unknown pods and nodes give a located error instead of throwing', () => {
    const cluster = createCluster(APP);
    for (const action of [
      { type: 'setPodReady', pod: 'nope', ready: false },
      { type: 'restartPod', pod: 'nope' },
      { type: 'setNodeReady', node: 'node-9', ready: false },
    ] satisfies SimulationAction[]) {
      const [diagnostic] = cluster.act(action);
      expect(diagnostic?.severity).toBe('error');
      expect(diagnostic?.message).toMatch(/not found/);
    }
  });

  // kubectl delete of a ReplicaSet's pod: the ReplicaSet controller creates a replacement.
  it('deleting a Deployment pod yields a replacement with a new name', () => {
    const cluster = createCluster(APP);
    const before = podNames(cluster);
    cluster.act({ type: 'delete', kind: 'Pod', name: before[0]! });
    const after = podNames(cluster);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
  });
});

describe('sourceOf', () => {
  it('locates user objects, and generated objects at their owner', () => {
    const cluster = createCluster(APP);
    const deployment = cluster.sourceOf('Deployment', 'web');
    const service = cluster.sourceOf('Service', 'web');
    expect(deployment?.line).toBe(1);
    expect(service?.line).toBe(16);
    expect(cluster.sourceOf('Pod', podNames(cluster)[0]!)).toEqual(deployment);
    expect(cluster.sourceOf('Endpoints', 'web')).toEqual(service);
    expect(cluster.sourceOf('Service', 'kube-dns', 'kube-system')).toBeUndefined();
    cluster.apply('apiVersion: v1\nkind: Service\nmetadata: {name: later}\nspec: {ports: [{port: 80}]}\n');
    expect(cluster.sourceOf('Service', 'later')).toBeUndefined();
  });
});

describe('the timeline of endpoint changes', () => {
  it('records when a pod joins the ready addresses and when it leaves them', () => {
    const cluster = createCluster(APP);
    const [first] = podNames(cluster);
    const ip = cluster.get('Pod', first!)?.status.podIP;
    const joined = cluster.events().filter((e) => e.reason === 'EndpointsChanged' && e.name === 'web');
    expect(joined.map((e) => e.message).join(' ')).toContain(`+${ip} (${first})`);
    cluster.act({ type: 'setPodReady', pod: first!, ready: false });
    const left = cluster
      .events()
      .filter((e) => e.reason === 'EndpointsChanged' && e.name === 'web')
      .at(-1);
    expect(left?.message).toBe(`ready addresses -${ip} (${first}, now in notReadyAddresses); 1 ready in all`);
  });
});
