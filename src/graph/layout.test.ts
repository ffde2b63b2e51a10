import { describe, expect, it } from 'vitest';
import ELK from 'elkjs/lib/elk.bundled.js';
import { createCluster } from '../engine/index';
import type { Cluster } from '../engine/index';
import { buildGraph } from './build';
import { layoutGraph } from './layout';
import type { ClusterGraph, GraphNode } from './types';
import { absoluteBoxes } from './boxes';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../scenarios/seed/random-generator-deployment.yaml?raw';
import clientPod from '../scenarios/builtin/client-pod.yaml?raw';

const elk = new ELK();
const SEED = (replicas: number, extra = '') =>
  `${simpleService}\n---\n${deployment.replace('replicas: 3', `replicas: ${replicas}`)}\n---\n${clientPod}${extra}`;

const positions = (graph: ClusterGraph) => new Map(graph.nodes.map((n) => [n.id, { x: n.x, y: n.y, parent: n.parentId }]));

function expectNoOverlap(graph: ClusterGraph): void {
  const boxes = absoluteBoxes(graph);
  const byParent = new Map<string | undefined, GraphNode[]>();
  for (const n of graph.nodes) byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  for (const siblings of byParent.values()) {
    for (const a of siblings) {
      for (const b of siblings) {
        if (a === b) continue;
        const p = boxes.get(a.id)!;
        const q = boxes.get(b.id)!;
        const overlap = p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height;
        expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
      }
    }
  }
}

async function laidOut(cluster: Cluster, previous?: ClusterGraph): Promise<ClusterGraph> {
  return layoutGraph(buildGraph(cluster.objects()), elk, previous ? { previous } : {});
}

describe('incremental layout (LayoutOptions.previous)', () => {
  it('scaling 3 to 4 keeps the x/y of every element that was there; the new pod goes in its node box without covering anything', async () => {
    const cluster = createCluster(SEED(3));
    const before = await laidOut(cluster);
    cluster.sync(SEED(4));
    const after = await laidOut(cluster, before);
    const was = positions(before);
    const now = positions(after);
    const added = [...now.keys()].filter((id) => !was.has(id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^pod:default\/random-generator-/);
    for (const [id, p] of was) expect(now.get(id), id).toEqual(p);
    expectNoOverlap(after);
    // The box holding the new pod grew around it.
    const pod = after.nodes.find((n) => n.id === added[0])!;
    const box = after.nodes.find((n) => n.id === pod.parentId)!;
    expect(pod.y + pod.height).toBeLessThanOrEqual(box.height);
  });

  it('new elements outside the boxes (a Service and its Endpoints) are placed without covering the ones that stayed', async () => {
    const cluster = createCluster(SEED(3));
    const before = await laidOut(cluster);
    const extra = `\n---\napiVersion: v1\nkind: Service\nmetadata: {name: second}\nspec:\n  selector: {app: random-generator}\n  ports: [{port: 81, targetPort: 8080}]\n`;
    cluster.sync(SEED(3, extra));
    const after = await laidOut(cluster, before);
    const was = positions(before);
    for (const [id, p] of positions(after)) if (was.has(id)) expect(p, id).toEqual(was.get(id));
    expect(after.nodes.some((n) => n.id === 'svc:default/second')).toBe(true);
    expectNoOverlap(after);
    expect(after.width).toBeGreaterThanOrEqual(Math.max(...after.nodes.filter((n) => !n.parentId).map((n) => n.x + n.width)));
  });

  it('without a previous graph the layout is the one from scratch', async () => {
    const cluster = createCluster(SEED(4));
    const scratch = await laidOut(cluster);
    const again = await laidOut(createCluster(SEED(4)));
    expect(positions(again)).toEqual(positions(scratch));
  });
});
