import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, nodeIP, podYaml, serviceYaml } from '../trace/fixtures';
import { filterPath } from './builtin-jumps';

describe('filterPath: the built-in filter chains a packet goes through (netfilter: INPUT for the node, FORWARD routed on, OUTPUT sent by it)', () => {
  it.each([
    { from: 'a pod or the network', to: 'another host', srcLocal: false, dstLocal: false, path: ['FORWARD'] },
    { from: 'a pod or the network', to: 'the node', srcLocal: false, dstLocal: true, path: ['INPUT'] },
    { from: 'the node', to: 'another host', srcLocal: true, dstLocal: false, path: ['OUTPUT'] },
    { from: 'the node', to: 'itself', srcLocal: true, dstLocal: true, path: ['OUTPUT', 'INPUT'] },
  ])('from $from to $to: $path', ({ srcLocal, dstLocal, path }) => {
    expect(filterPath(srcLocal, dstLocal)).toEqual(path);
  });
});

const JUMP = {
  forwardServices: '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  outputServices: '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  forwardExternal:
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
  inputExternal:
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
};

// A LoadBalancer Service without endpoints: proxier.go writes no nat rule for it, only REJECTs in
// the filter table (proxier_test.go TestNoEndpointsReject), which the packet meets only through
// the jumps of iptablesJumpChains: OUTPUT has none to KUBE-EXTERNAL-SERVICES.
describe('the filter table a Service without endpoints meets (iptablesJumpChains, pkg/proxy/iptables/proxier.go)', () => {
  const c = createCluster(
    serviceYaml('empty', { type: 'LoadBalancer', selector: { app: 'none' } }) +
      podYaml('client', { node: 'node-2' }) +
      podYaml('agent', { node: 'node-2', hostNetwork: true }),
  );
  const lb = c.get('Service', 'empty')?.status.loadBalancer.ingress?.[0]?.ip as string;
  const np = c.get('Service', 'empty')?.spec.ports[0]?.nodePort as number;

  it.each([
    {
      name: 'a pod to the cluster IP: FORWARD -> KUBE-SERVICES',
      from: 'client',
      to: () => `${clusterIP(c, 'empty')}:80`,
      jump: JUMP.forwardServices,
      on: 'node-2',
    },
    {
      name: 'the node to the cluster IP: OUTPUT -> KUBE-SERVICES',
      from: 'agent',
      to: () => `${clusterIP(c, 'empty')}:80`,
      jump: JUMP.outputServices,
      on: 'node-2',
    },
    {
      name: 'a pod to the load balancer IP: FORWARD -> KUBE-EXTERNAL-SERVICES on its node',
      from: 'client',
      to: () => `${lb}:80`,
      jump: JUMP.forwardExternal,
      on: 'node-2',
    },
    {
      name: "a pod to its node's nodePort: INPUT -> KUBE-EXTERNAL-SERVICES",
      from: 'client',
      to: () => `${nodeIP(c, 'node-2')}:${np}`,
      jump: JUMP.inputExternal,
      on: 'node-2',
    },
    {
      name: 'the node to its own nodePort: OUTPUT, then INPUT -> KUBE-EXTERNAL-SERVICES',
      from: 'agent',
      to: () => `${nodeIP(c, 'node-2')}:${np}`,
      jump: JUMP.inputExternal,
      on: 'node-2',
    },
  ])('$name: REJECT', ({ from, to, jump, on }) => {
    const trace = c.send({ from: { pod: from }, to: to() });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(/^connection refused: Service default\/empty has no ready endpoints, so kube-proxy REJECTs /);
    const last = trace.hops.at(-1);
    expect(last).toMatchObject({ component: 'kube-proxy', node: on });
    const [first, reject] = last?.rule?.split('\n') ?? [];
    expect(first).toBe(jump);
    expect(reject).toMatch(/^-A KUBE-(EXTERNAL-)?SERVICES -m comment --comment "default\/empty has no endpoints" .* -j REJECT$/);
    expect(c.iptables(on)).toContain(reject);
  });

  it("the node to the load balancer IP: nothing in OUTPUT rejects it, so it goes out to the cloud load balancer and a node's nodePort REJECTs it", () => {
    const trace = c.send({ from: { pod: 'agent' }, to: `${lb}:80` });
    expect(trace.ok).toBe(false);
    expect(trace.hops.map((h) => h.component)).toEqual(['client', 'cloud-lb', 'node', 'kube-proxy']);
    expect(trace.hops.at(-1)?.rule?.split('\n')[0]).toBe(JUMP.inputExternal);
    expect(trace.reason).toBe(
      `connection refused: Service default/empty has no ready endpoints, so kube-proxy REJECTs traffic to nodePort ${np} in the filter table`,
    );
  });
});
