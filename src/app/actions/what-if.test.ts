/**
 * The what-if "Delete pod (graceful, Terminating)": offered on a pod's menu, it records
 * `kubectl delete pod NAME --grace-period=30` as a runtime action; replayed by the worker, the pod
 * is Terminating and its slice says so; undo takes it back.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { useDocument } from '../stores/document';
import { whatIfActions } from '../what-if-menu';
import { GRACE_PERIOD_SECONDS, whatIf } from './what-if';
import { EngineSession } from '../../worker/session';
import { elkInProcess } from '../../graph/elk-in-process';
import type { ClusterGraph, GraphNode } from '../../graph/types';
import type { ClusterObject } from '../../engine/index';
import simpleService from '../../scenarios/seed/13-1-simple-service.yaml?raw';
import deployment from '../../scenarios/seed/random-generator-deployment.yaml?raw';

const YAML = `${simpleService}\n---\n${deployment}`;

async function simulate(session: EngineSession): Promise<{ graph: ClusterGraph; objects: ClusterObject[] }> {
  const { yaml, options, actions } = useDocument.getState();
  return session.simulate({ yaml, options, actions, showSystem: false });
}

const replicas = (graph: ClusterGraph): GraphNode[] => graph.nodes.filter((n) => n.id.startsWith('pod:default/random-generator-'));
const slice = (graph: ClusterGraph): GraphNode | undefined => graph.nodes.find((n) => n.type === 'endpointslice');

describe('what-if: delete a pod gracefully', () => {
  beforeEach(() => useDocument.getState().load({ yaml: YAML }));

  it('is registered, with the label the menu shows', () => {
    expect(whatIf.deletePodGracefully).toMatchObject({
      id: 'delete-pod-graceful',
      label: 'Delete pod (graceful, Terminating)',
      embed: false,
    });
    expect(GRACE_PERIOD_SECONDS).toBe(30); // the default terminationGracePeriodSeconds
  });

  it('a pod’s menu offers it; running it makes the pod Terminating and its slice endpoint terminating; undo brings it back', async () => {
    const session = new EngineSession(elkInProcess());
    const before = await simulate(session);
    const [victim] = replicas(before.graph);
    const name = victim?.ref?.name ?? '';
    const menu = whatIfActions(victim, before.objects);
    expect(menu.map((a) => a.id)).toEqual(['readiness-fail', 'restart', 'delete-graceful', 'delete', 'scale-up', 'scale-down']);
    const item = menu.find((a) => a.id === 'delete-graceful');
    expect(item?.label).toBe('Delete pod (graceful, Terminating)');
    expect(slice(before.graph)?.lines[0]).toBe('3 ready');

    await item?.run();
    const action = { type: 'delete', kind: 'Pod', name, namespace: 'default', gracePeriodSeconds: 30 };
    expect(useDocument.getState().actions).toEqual([action]);
    expect(useDocument.getState().history).toEqual([{ kind: 'action', action }]);

    const after = await simulate(session);
    const pod = after.graph.nodes.find((n) => n.id === victim?.id);
    expect(pod?.lines[0]).toMatch(/ · Terminating$/);
    expect(slice(after.graph)?.lines[0]).toBe('3 ready · 4 serving · 1 terminating');
    expect(slice(after.graph)?.lines).toContain(`${victim?.addresses[0]}:8080 terminating`);
    // Once Terminating, the menu offers to end it (delete again, at once) instead.
    const again = whatIfActions(pod, after.objects);
    expect(again.map((a) => a.id)).not.toContain('delete-graceful');
    expect(again.find((a) => a.id === 'delete')?.label).toBe('Delete it now (end its termination)');

    useDocument.getState().undo();
    expect(useDocument.getState().actions).toEqual([]);
    const undone = await simulate(session);
    expect(slice(undone.graph)?.lines[0]).toBe('3 ready');
    expect(undone.graph.nodes.find((n) => n.id === victim?.id)?.lines[0]).toMatch(/ · Ready$/);
  });
});
