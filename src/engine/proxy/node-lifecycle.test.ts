import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { nodeIP, podYaml, serviceYaml } from '../trace/fixtures';

const CLIENT = '203.0.113.9';

function cluster() {
  const c = createCluster(
    serviceYaml('web', { type: 'LoadBalancer', selector: { app: 'web' } }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('web-b', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('client', { node: 'node-3' }) +
      podYaml('stranded', { node: 'node-2' }),
  );
  const lb = c.get('Service', 'web')?.status.loadBalancer.ingress?.[0]?.ip as string;
  return { c, lb };
}

describe('setNodeReady (node lifecycle controller: NodeStatusUnknown, MarkPodsNotReady)', () => {
  it("a NotReady node's pods become Ready=False and move to notReadyAddresses", () => {
    const { c } = cluster();
    c.setNodeReady('node-2', false);
    expect(c.nodes().find((n) => n.metadata.name === 'node-2')?.status.conditions).toEqual([
      { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' },
    ]);
    expect(c.get('Pod', 'web-b')?.status.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'NodeNotReady',
    });
    expect(c.get('Pod', 'web-a')?.status.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    const subset = c.endpoints('web')?.subsets[0];
    expect(subset?.addresses?.map((a) => a.targetRef?.name)).toEqual(['web-a']);
    expect(subset?.notReadyAddresses?.map((a) => a.targetRef?.name)).toEqual(['web-b']);
    expect(c.events().find((e) => e.kind === 'Node')).toMatchObject({
      type: 'Warning',
      reason: 'NodeNotReady',
      kind: 'Node',
      name: 'node-2',
      message: 'Node node-2 status is now: NodeNotReady',
    });
  });

  it('kube-proxy stops sending to it, the load balancer skips it, and its node port no longer answers', () => {
    const { c, lb } = cluster();
    c.setNodeReady('node-2', false);
    for (let i = 0; i < 30; i++) expect(c.send({ from: { pod: 'client' }, to: 'web:80' }).pod?.name).toBe('web-a');
    for (let i = 0; i < 30; i++) {
      const trace = c.send({ from: { external: CLIENT }, to: `${lb}:80` });
      expect(trace.ok).toBe(true);
      expect(trace.hops[1]?.rule).toContain('healthy: node-1, node-3]');
      expect(trace.hops[2]?.node).not.toBe('node-2');
    }
    const np = c.get('Service', 'web')?.spec.ports[0]?.nodePort;
    const down = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-2')}:${np}` });
    expect(down.ok).toBe(false);
    expect(down.reason).toBe(`timed out: node-2 is NotReady (node failure); the packet to ${nodeIP(c, 'node-2')}:${np} is lost`);
    expect(c.send({ from: { pod: 'stranded' }, to: 'web:80' }).reason).toBe(
      'pod default/stranded runs on node-2, which is NotReady (node failure): it cannot send',
    );
  });

  it("coming back, the node's pods are ready again and receive traffic", () => {
    const { c, lb } = cluster();
    c.setNodeReady('node-2', false);
    c.setNodeReady('node-2', true);
    expect(c.get('Pod', 'web-b')?.status.conditions.find((x) => x.type === 'Ready')?.status).toBe('True');
    expect(c.endpoints('web')?.subsets[0]?.addresses).toHaveLength(2);
    const names = new Set(Array.from({ length: 40 }, () => c.send({ from: { external: CLIENT }, to: `${lb}:80` }).pod?.name));
    expect([...names].sort()).toEqual(['web-a', 'web-b']);
  });

  it('a pod whose own readiness probe fails stays unready when its node comes back', () => {
    const c = createCluster(
      serviceYaml('web', { selector: { app: 'web' } }) +
        `---\napiVersion: v1\nkind: Pod\nmetadata: {name: sick, labels: {app: web}, annotations: {svcscope.dev/readiness: fail}}\nspec: {nodeName: node-2, containers: [{name: c, image: nginx}]}\n`,
    );
    c.setNodeReady('node-2', false);
    c.setNodeReady('node-2', true);
    expect(c.get('Pod', 'sick')?.status.conditions.find((x) => x.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ReadinessProbeFailed',
    });
  });

  it('throws for a node that does not exist', () => {
    expect(() => cluster().c.setNodeReady('node-7', false)).toThrow('nodes "node-7" not found');
  });
});
