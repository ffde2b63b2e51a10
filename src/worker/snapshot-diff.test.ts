import { describe, expect, it } from 'vitest';
import { EngineSession } from './session';
import { applyListDelta, applySnapshotDelta, diffEvents, diffFromSent, diffList, diffSnapshot, fingerprint } from './snapshot-diff';
import type { SimulationInput, SimulationSnapshot } from './protocol';
import { elkInProcess } from '../graph/elk-in-process';
import { elementContent } from '../graph/build';
import { webApp } from '../test-support/manifests';
import type { GraphNode } from '../graph/types';
import { CATALOG } from '../scenarios/index';

const EXTRA_SERVICE = `apiVersion: v1
kind: Service
metadata: {name: added-later}
spec:
  type: NodePort
  selector: {app: nothing}
  ports: [{port: 8080}]
`;

/** Edits of a scenario's document: scale, a Service added, the first document taken out, another option (a new cluster). */
function edits(base: SimulationInput): [string, SimulationInput][] {
  const documents = base.yaml.split(/^---\s*$/m);
  return [
    ['scaled', { ...base, yaml: base.yaml.replace(/replicas: (\d+)/, (_, n: string) => `replicas: ${Number(n) + 1}`) }],
    ['a Service added', { ...base, yaml: `${base.yaml}\n---\n${EXTRA_SERVICE}` }],
    ['the first document removed', { ...base, yaml: documents.slice(1).join('---') }],
    ['the system objects shown', { ...base, showSystem: true }],
    ['another node count (a new cluster)', { ...base, options: { ...base.options, nodes: 2 } }],
  ];
}

type Item = { id: string; v: number };
const key = (x: Item) => x.id;
const eq = (a: Item, b: Item) => a.v === b.v;
/** Three items, a b c, each at version 1. */
const abc = (): Item[] => ['a', 'b', 'c'].map((id) => ({ id, v: 1 }));

describe('snapshot deltas (worker -> main thread)', () => {
  it('keyed lists: removed, changed, added at their index, and a new order only when the kept items moved', () => {
    const prev = abc();
    const next = [
      { id: 'x', v: 1 },
      { id: 'a', v: 2 },
      { id: 'c', v: 1 },
      { id: 'y', v: 1 },
    ];
    const delta = diffList(prev, next, key, eq);
    expect(delta).toEqual({
      removed: ['b'],
      changed: [{ id: 'a', v: 2 }],
      added: [
        { index: 0, item: { id: 'x', v: 1 } },
        { index: 3, item: { id: 'y', v: 1 } },
      ],
    });
    expect(applyListDelta(prev, delta, key)).toEqual(next);
    const swapped = [prev[2]!, prev[0]!];
    const moved = diffList(prev, swapped, key, eq);
    expect(moved.order).toEqual(['c', 'a']);
    expect(applyListDelta(prev, moved, key)).toEqual(swapped);
  });

  it('keyed lists whose keys kept their places: patched by index, unchanged items the same objects, no change the same list', () => {
    const prev = abc();
    const next = [prev[0]!, { id: 'b', v: 2 }, prev[2]!];
    const delta = diffList(prev, next, key, eq);
    expect(delta).toEqual({ removed: [], changed: [{ id: 'b', v: 2 }], added: [], at: [1] });
    const patched = applyListDelta(prev, delta, key);
    expect(patched).toEqual(next);
    expect(patched[0]).toBe(prev[0]);
    expect(patched[2]).toBe(prev[2]);
    expect(prev[1]).toEqual({ id: 'b', v: 1 }); // the held list itself is not changed
    const none = diffList(prev, [...prev], key, eq);
    expect(none).toEqual({ removed: [], changed: [], added: [] });
    expect(applyListDelta(prev, none, key)).toBe(prev);
  });

  it.each(CATALOG.map((s) => [s.id, s] as const))(
    '%s: applying the delta of each edit to the previous snapshot gives the next one',
    async (_, scenario) => {
      const session = new EngineSession(elkInProcess());
      const base: SimulationInput = { yaml: scenario.yaml, options: scenario.options ?? {}, actions: [], showSystem: false };
      for (const [what, input] of edits(base)) {
        // The snapshot the main thread holds is a copy (postMessage); the session's shares objects with the living cluster.
        const prev: SimulationSnapshot = structuredClone(await session.simulate(base));
        const next = await session.simulate(input);
        const delta = diffSnapshot(prev, next);
        expect(applySnapshotDelta(prev, delta), what).toEqual(next);
        // The worker diffs from signatures, not a copy: the same delta.
        expect(
          diffFromSent(fingerprint(prev, prev.events.length), next, diffEvents(prev.events, next.events), next.events.length).delta,
          what,
        ).toEqual(delta);
        expect(() => applySnapshotDelta({ ...prev, revision: prev.revision - 1 }, delta)).toThrow(/applied to revision/);
      }
    },
  );

  it('a pod written since the last snapshot is sent as changed (its signature kept from the last one is not reused)', async () => {
    const session = new EngineSession(elkInProcess());
    const pod = (tier: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web, tier: ${tier}}}\nspec: {containers: [{name: c, image: nginx}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\nspec: {containers: [{name: c, image: nginx}]}\n`;
    const input: SimulationInput = { yaml: pod('front'), options: {}, actions: [], showSystem: false };
    const first = await session.simulateDelta(input, undefined);
    const second = await session.simulateDelta({ ...input, yaml: pod('back') }, first.snapshot?.revision);
    const changed = second.delta?.objects.changed.filter((o) => o.kind === 'Pod') ?? [];
    expect(changed.map((o) => o.metadata.name)).toEqual(['web']);
    expect(changed[0]?.metadata.labels?.tier).toBe('back');
  });

  it('a scale from 3 to 4 sends a few objects and graph elements, not the whole snapshot; the Timeline as appended events', async () => {
    const session = new EngineSession(elkInProcess());
    const scenario = CATALOG.find((s) => s.id === 'clusterip')!;
    const input: SimulationInput = { yaml: scenario.yaml, options: {}, actions: [], showSystem: false };
    const first = await session.simulateDelta(input, undefined);
    expect(first.snapshot).toBeDefined();
    const held = structuredClone(first.snapshot!);
    const second = await session.simulateDelta({ ...input, yaml: input.yaml.replace('replicas: 3', 'replicas: 4') }, held.revision);
    const delta = second.delta!;
    expect(delta).toBeDefined();
    const objects = delta.objects;
    // The new pod, its ReplicaSet, Deployment, Endpoints and EndpointSlice (the Service untouched).
    expect(objects.added.map((a) => a.item.kind)).toEqual(['Pod']);
    expect(objects.removed).toEqual([]);
    expect(objects.changed.length).toBeLessThanOrEqual(6);
    expect(objects.changed.map((o) => o.kind)).not.toContain('Service');
    expect(delta.graph.nodes.added.map((a) => a.item.type)).toEqual(['pod']);
    expect('appended' in delta.events && delta.events.appended.some((e) => e.reason === 'ScalingReplicaSet')).toBe(true);
    expect(JSON.stringify(delta).length).toBeLessThan(JSON.stringify(held).length / 2);
    const next = applySnapshotDelta(held, delta);
    expect(next.objects.filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')).toHaveLength(5);
    // Only the new events were copied, and with the ones held they are the cluster's whole Timeline.
    const scaled = { ...input, yaml: input.yaml.replace('replicas: 3', 'replicas: 4') };
    const whole = await session.simulate(scaled);
    expect(next.events).toEqual(whole.events);
    // The signatures kept from the first snapshot missed no change (the ReplicaSet's and Deployment's counts).
    expect(next.objects).toEqual(whole.objects);
    expect(next.objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'random-generator')).toMatchObject({
      status: { replicas: 4 },
    });
    expect(next.graph).toEqual(whole.graph);
    expect(delta.events).toEqual({ appended: next.events.slice(held.events.length) });
    // A caller holding another revision gets the whole snapshot.
    expect((await session.simulateDelta(input, 999)).snapshot).toBeDefined();
  });

  it('edit after edit, the graph a delta gives is the whole graph: reused elements are signed by their content and placement', async () => {
    // 30 pods of one Deployment on one node: drawn as a few pods and a group, reused while no pod is written.
    const yaml = (port: number, replicas: number, tier: string) => webApp({ replicas, port, targetPort: 8080, containerPort: 8080, tier });
    const session = new EngineSession(elkInProcess());
    const input = (text: string): SimulationInput => ({ yaml: text, options: { nodes: 1 }, actions: [], showSystem: false });
    const first = await session.simulateDelta(input(yaml(80, 30, 'a')), undefined);
    let held = structuredClone(first.snapshot!);
    const steps = [yaml(81, 30, 'a'), yaml(81, 31, 'a'), yaml(82, 31, 'a'), yaml(82, 31, 'b'), yaml(82, 20, 'b'), yaml(83, 20, 'b')];
    let sentElements = 0;
    for (const text of steps) {
      const update = await session.simulateDelta(input(text), held.revision);
      expect(update.delta).toBeDefined();
      sentElements += update.delta!.graph.nodes.changed.length + update.delta!.graph.nodes.added.length;
      held = applySnapshotDelta(held, structuredClone(update.delta!));
      expect(held.graph, text).toEqual((await session.simulate(input(text))).graph);
    }
    // The port edits send the Service's elements, not the 30 pods' again.
    const portOnly = await session.simulateDelta(input(yaml(84, 20, 'b')), held.revision);
    expect(portOnly.delta!.graph.nodes.changed.map((n) => n.type)).not.toContain('pod');
    expect(sentElements).toBeGreaterThan(0);
  });

  it('signs an element whose content is known by that content and its placement: moved by layout, it is sent again', () => {
    const element: GraphNode = {
      ...{ id: 'pod:default/a', type: 'pod', title: 'a', tag: 'Pod', lines: ['10.244.1.2 · Ready'], status: 'ok', addresses: [] },
      ...{ x: 0, y: 0, width: 200, height: 80 },
    };
    const elements = new WeakMap([[element, elementContent(element)]]);
    const snapshot = (): Omit<SimulationSnapshot, 'events'> => ({
      ...{ revision: 1, objects: [], graph: { nodes: [element], edges: [], width: 200, height: 80 }, sources: {} },
      ...{ diagnostics: [], actionDiagnostics: [], now: '', timings: { simulateMs: 0, layoutMs: 0 } },
    });
    const sent = fingerprint(snapshot(), 0, { elements });
    expect(diffFromSent(sent, snapshot(), { appended: [] }, 0, { elements }).delta.graph.nodes.changed).toEqual([]);
    element.y = 120;
    expect(diffFromSent(sent, snapshot(), { appended: [] }, 0, { elements }).delta.graph.nodes.changed).toEqual([element]);
    element.y = 0;
    element.height = 96;
    expect(diffFromSent(sent, snapshot(), { appended: [] }, 0, { elements }).delta.graph.nodes.changed).toEqual([element]);
    // Its content is the element but for its placement.
    expect(JSON.parse(elementContent(element))).toEqual({ ...element, x: undefined, y: undefined, width: undefined, height: undefined });
  });
});
