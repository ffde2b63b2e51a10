/**
 * Properties that hold for any cluster: random valid Services, Deployments and Pods never crash
 * the engine; endpoints hold exactly the ready pods a selector matches; allocated addresses and
 * ports are unique and inside their ranges; every trace ends at a pod, an external target or an
 * explained failure.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createCluster } from './index';
import { READINESS_ANNOTATION } from './controllers/kubelet';
import { cidrContains, parseCidr } from './net/ipv4';
import { matchesSet } from './util/labels';

const APPS = ['web', 'api', 'db'];

const serviceArb = fc.record({
  app: fc.constantFrom(...APPS),
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'headless'),
  port: fc.integer({ min: 1, max: 65535 }),
  namedTarget: fc.boolean(),
  policy: fc.constantFrom('Cluster', 'Local'),
});

const podArb = fc.record({
  app: fc.constantFrom(...APPS),
  ready: fc.boolean(),
  viaDeployment: fc.boolean(),
  replicas: fc.integer({ min: 0, max: 3 }),
});

/** The value type an arbitrary generates. */
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function render(services: Generated<typeof serviceArb>[], pods: Generated<typeof podArb>[]): string {
  const docs: string[] = [];
  services.forEach((s, i) => {
    const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
    docs.push(`apiVersion: v1
kind: Service
metadata: {name: svc-${i}}
spec:
  ${s.type === 'headless' ? 'clusterIP: None' : `type: ${s.type}`}
  ${external ? `externalTrafficPolicy: ${s.policy}` : ''}
  selector: {app: ${s.app}}
  ports: [{name: main, port: ${s.port}, targetPort: ${s.namedTarget ? 'http' : 8080}}]`);
  });
  pods.forEach((p, i) => {
    const meta = `labels: {app: ${p.app}}${p.ready ? '' : `\n      annotations: {${READINESS_ANNOTATION}: fail}`}`;
    const spec = '{containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}';
    docs.push(
      p.viaDeployment
        ? `apiVersion: apps/v1
kind: Deployment
metadata: {name: deploy-${i}}
spec:
  replicas: ${p.replicas}
  selector: {matchLabels: {app: ${p.app}}}
  template:
    metadata:
      ${meta}
    spec: ${spec}`
        : `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  ${meta.replace('\n      ', '\n  ')}
spec: ${spec}`,
    );
  });
  return docs.join('\n---\n');
}

describe('cluster properties (fast-check)', () => {
  it('random valid clusters: no errors, exact endpoints, unique in-range allocations, explained traces', () => {
    fc.assert(
      fc.property(fc.array(serviceArb, { maxLength: 5 }), fc.array(podArb, { maxLength: 6 }), fc.integer(), (services, pods, seed) => {
        const cluster = createCluster(render(services, pods), { seed });
        expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const objects = cluster.objects();
        const allPods = objects.flatMap((o) => (o.kind === 'Pod' ? [o] : []));
        const svcs = objects.flatMap((o) => (o.kind === 'Service' ? [o] : []));

        // Endpoints: exactly the ready pods the selector matches, unready ones in notReadyAddresses.
        for (const svc of svcs.filter((s) => s.metadata.namespace === 'default' && s.spec.selector)) {
          const ep = cluster.endpoints(svc.metadata.name);
          const selected = allPods.filter((p) => p.metadata.namespace === 'default' && matchesSet(svc.spec.selector, p.metadata.labels));
          const ready = (p: (typeof allPods)[number]): boolean => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
          const ips = (list: 'addresses' | 'notReadyAddresses'): string[] =>
            (ep?.subsets ?? []).flatMap((s) => (s[list] ?? []).map((a) => a.ip)).sort();
          expect(ips('addresses')).toEqual(selected.filter(ready).map((p) => p.status.podIP ?? '').sort());
          expect(ips('notReadyAddresses')).toEqual(selected.filter((p) => !ready(p)).map((p) => p.status.podIP ?? '').sort());
        }

        // Allocations: unique and inside their ranges.
        const clusterIPs = svcs.map((s) => s.spec.clusterIP).filter((ip): ip is string => ip !== undefined && ip !== 'None');
        expect(new Set(clusterIPs).size).toBe(clusterIPs.length);
        for (const ip of clusterIPs) expect(cidrContains(parseCidr('10.96.0.0/12'), ip)).toBe(true);
        const nodePorts = svcs.flatMap((s) => [...s.spec.ports.map((p) => p.nodePort), s.spec.healthCheckNodePort]).filter((p): p is number => p !== undefined);
        expect(new Set(nodePorts).size).toBe(nodePorts.length);
        for (const p of nodePorts) expect(p >= 30000 && p <= 32767).toBe(true);
        const podIPs = allPods.filter((p) => !p.spec.hostNetwork).map((p) => p.status.podIP);
        expect(new Set(podIPs).size).toBe(podIPs.length);
        for (const ip of podIPs) expect(cidrContains(parseCidr('10.244.0.0/16'), ip ?? '')).toBe(true);

        // Every trace ends at a pod, an external target, or a failure with a reason.
        const client = allPods.find((p) => p.metadata.namespace === 'default');
        for (const svc of svcs.filter((s) => s.metadata.namespace === 'default')) {
          const from = client ? { pod: client.metadata.name } : { external: '198.51.100.9' };
          const trace = cluster.send({ from, to: `${svc.metadata.name}:${svc.spec.ports[0]?.port ?? 80}` });
          if (trace.ok) expect(trace.pod ?? trace.external).toBeDefined();
          else expect(trace.reason).toBeTruthy();
          expect(trace.hops.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 150, seed: 424242 },
    );
  });
});
