import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import { podYaml, serviceYaml } from '../trace/fixtures';
import { sepChain, svcChain, svlChain } from '../proxy/chains';

/** The endpoint-dispatch rules of a KUBE-SVC/KUBE-SVL chain (its masquerade rule left out). */
function chain(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`-A ${name} `) && l.includes(' -> '));
}

function sliceEndpoint(cluster: Cluster, service: string, pod: string) {
  return cluster
    .objects()
    .flatMap((o) => (o.kind === 'EndpointSlice' && o.metadata.labels?.['kubernetes.io/service-name'] === service ? o.endpoints : []))
    .find((e) => e.targetRef?.name === pod);
}

const deployment = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: nginx, ports: [{containerPort: 8080}]}]
`;

describe('graceful pod deletion: Terminating pods and serving-terminating endpoints (KEP-1669)', () => {
  it('delete --grace-period=30 sets deletionTimestamp, records Killing, and the ReplicaSet starts a replacement (FilterActivePods)', () => {
    const c = createCluster(serviceYaml('web', { selector: { app: 'web' } }) + deployment);
    const [old] = c.objects().filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web');
    const name = old?.metadata.name as string;
    const before = c.now();
    expect(c.act({ type: 'delete', kind: 'Pod', name, gracePeriodSeconds: 30 })).toEqual([]);
    const pod = c.get('Pod', name);
    expect(pod?.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(Date.parse(pod?.metadata.deletionTimestamp ?? '') - Date.parse(before)).toBe(31_000);
    expect(c.events().find((e) => e.reason === 'Killing')).toMatchObject({ kind: 'Pod', name, message: 'Stopping container app' });
    const pods = c.objects().filter((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'web');
    expect(pods).toHaveLength(2);
    const replacement = pods.find((p) => p.metadata.name !== name)?.metadata.name as string;

    // podToEndpoint: serving (still Ready), terminating, and therefore not ready.
    expect(sliceEndpoint(c, 'web', name)?.conditions).toEqual({ ready: false, serving: true, terminating: true });
    expect(sliceEndpoint(c, 'web', replacement)?.conditions).toEqual({ ready: true, serving: true, terminating: false });
    // The endpoints controller leaves Terminating pods out of v1 Endpoints.
    expect(
      c
        .endpoints('web')
        ?.subsets.flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])])
        .map((a) => a.targetRef?.name),
    ).toEqual([replacement]);
    // kube-proxy sends only to the ready replacement while there is one.
    const rules = c.iptables('node-1');
    expect(rules).toContain(`--to-destination ${c.get('Pod', replacement)?.status.podIP}:8080`);
    expect(rules).not.toContain(`--to-destination ${pod?.status.podIP}:8080`);
    // Deleting it again ends the termination.
    c.delete('Pod', name);
    expect(c.get('Pod', name)).toBeUndefined();
    expect(sliceEndpoint(c, 'web', name)).toBeUndefined();
  });

  // proxier_test.go TestEndpointSliceWithTerminatingEndpointsTrafficPolicyCluster: with no ready
  // endpoint left, the serving-terminating ones are used; not-serving ones never are.
  it('Cluster policy: the only pod Terminating but serving still gets traffic; once it stops serving the Service has no endpoints', () => {
    const c = createCluster(
      serviceYaml('web', { selector: { app: 'web' } }) + podYaml('a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }),
    );
    const ip = c.get('Pod', 'a')?.status.podIP as string;
    c.delete('Pod', 'a', 'default', { gracePeriodSeconds: 30 });
    const svc = svcChain('default/web', 'tcp');
    expect(chain(c.iptables('node-1'), svc)).toEqual([
      `-A ${svc} -m comment --comment "default/web -> ${ip}:8080" -j ${sepChain('default/web', 'tcp', `${ip}:8080`)}`,
    ]);
    c.setPodReady('a', false);
    expect(sliceEndpoint(c, 'web', 'a')?.conditions).toEqual({ ready: false, serving: false, terminating: true });
    expect(c.iptables('node-1')).toContain('"default/web has no endpoints"');
  });

  // proxier_test.go TestEndpointSliceWithTerminatingEndpointsTrafficPolicyLocal and topology_test.go
  // "iTP: Cluster, eTP: Local, with terminating endpoints": a node whose only local endpoint is
  // Terminating still serves external traffic with it; the cluster chain uses the ready ones.
  it('externalTrafficPolicy: Local: node-1 with only a serving-terminating local endpoint uses it in KUBE-SVL; KUBE-SVC keeps the ready one', () => {
    const c = createCluster(
      serviceYaml('web', { type: 'LoadBalancer', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
        podYaml('a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
        podYaml('b', { labels: { app: 'web' }, node: 'node-2', port: 8080 }),
    );
    const [a, b] = ['a', 'b'].map((n) => `${c.get('Pod', n)?.status.podIP}:8080`) as [string, string];
    c.delete('Pod', 'a', 'default', { gracePeriodSeconds: 30 });
    const rules = c.iptables('node-1');
    const spn = 'default/web';
    expect(chain(rules, svlChain(spn, 'tcp'))).toEqual([
      `-A ${svlChain(spn, 'tcp')} -m comment --comment "${spn} -> ${a}" -j ${sepChain(spn, 'tcp', a)}`,
    ]);
    expect(chain(rules, svcChain(spn, 'tcp'))).toEqual([
      `-A ${svcChain(spn, 'tcp')} -m comment --comment "${spn} -> ${b}" -j ${sepChain(spn, 'tcp', b)}`,
    ]);
    // node-3 has no local endpoint at all: its external traffic is dropped.
    expect(c.iptables('node-3')).toContain(`"${spn} has no local endpoints"`);
  });

  it('a grace period of 0 removes the pod at once, as before', () => {
    const c = createCluster(podYaml('a', { labels: { app: 'web' }, port: 8080 }));
    c.act({ type: 'delete', kind: 'Pod', name: 'a', gracePeriodSeconds: 0 });
    expect(c.get('Pod', 'a')).toBeUndefined();
  });
});
