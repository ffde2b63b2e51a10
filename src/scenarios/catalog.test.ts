/**
 * Every built-in scenario loads with zero errors, and at every step its request reaches the
 * place the step promises (issue #8). Steps are walked in order, as a trainer would.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { Cluster, Trace } from '../engine/index';
import { sharedScenarioSchema } from '../share/schema';
import { scenarioUrl } from '../share/url';
import { CATALOG, scenarioById } from './catalog';
import { MECHANISMS } from './types';
import type { Scenario } from './types';
import { stateAtStep } from './walk';
import { unmetExpectations } from './verify';

function errors(cluster: Cluster): string[] {
  return cluster.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.kind ?? ''}/${d.name ?? ''}: ${d.message}`);
}

/** Pod names the ReplicaSet controller generated: random, so no step text may rely on them. */
function generatedPodNames(cluster: Cluster): string[] {
  return cluster
    .objects()
    .flatMap((o) => (o.kind === 'Pod' && o.metadata.ownerReferences?.some((r) => r.kind === 'ReplicaSet') ? [o.metadata.name] : []));
}

function walk(scenario: Scenario, index: number): { cluster: Cluster; trace?: Trace } {
  const state = stateAtStep(scenario, index);
  if (!state.ok) throw new Error(state.error);
  const cluster = createCluster(state.yaml, scenario.options);
  expect(errors(cluster)).toEqual([]);
  for (const action of state.actions) {
    expect(
      cluster
        .act(action)
        .filter((d) => d.severity === 'error')
        .map((d) => d.message),
    ).toEqual([]);
  }
  return state.request ? { cluster, trace: cluster.send(state.request) } : { cluster };
}

describe.each(CATALOG.map((s) => [s.id, s] as const))('scenario %s', (_id, scenario) => {
  it('loads with zero error diagnostics', () => {
    expect(errors(createCluster(scenario.yaml, scenario.options))).toEqual([]);
  });

  it.each(scenario.steps.map((step, i) => [i, step.title] as const))('step %i (%s): the request reaches the expected place', (i) => {
    const step = scenario.steps[i]!;
    const { cluster, trace } = walk(scenario, i);
    expect(unmetExpectations(cluster, step.request, trace, step.expect)).toEqual([]);
    for (const name of generatedPodNames(cluster)) expect(step.text).not.toContain(name);
  });

  it('steps are short plain prose, each with something to check', () => {
    expect(scenario.steps.length).toBeGreaterThan(0);
    for (const step of scenario.steps) {
      expect(step.text).not.toMatch(/[*`#]|\]\(/); // no markdown
      expect(step.text.length).toBeLessThan(400);
      expect(Object.keys(step.expect).length).toBeGreaterThan(0);
    }
  });

  it('fits in a share link well under 2,000 characters, and its id is a valid link scenarioId', () => {
    const state = { yaml: scenario.yaml, scenarioId: scenario.id, step: 0, ...(scenario.options ? { options: scenario.options } : {}) };
    expect(sharedScenarioSchema.safeParse(state).success).toBe(true);
    expect(scenarioUrl('https://svcscope.example.org/', state).length).toBeLessThan(1500);
  });
});

describe('the catalog', () => {
  it('has unique, stable-looking ids', () => {
    const ids = CATALOG.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(scenarioById('clusterip')?.example).toBe('13-1');
    expect(scenarioById('nope')).toBeUndefined();
  });

  it('covers the seed examples 13-1 to 13-9, one scenario each', () => {
    expect(CATALOG.flatMap((s) => (s.example ? [s.example] : [])).sort()).toEqual([
      '13-1',
      '13-2',
      '13-3',
      '13-4',
      '13-5',
      '13-6',
      '13-7',
      '13-8',
      '13-9',
    ]);
  });

  it('covers every row of table 13-1', () => {
    const covered = new Set(CATALOG.map((s) => s.mechanism));
    expect(MECHANISMS.filter((m) => !covered.has(m))).toEqual([]);
  });
});

describe('the expectation checker can fail', () => {
  const scenario = scenarioById('readiness')!;
  const { cluster, trace } = walk(scenario, 1);
  it.each<[string, Parameters<typeof unmetExpectations>[3], RegExp]>([
    ['wrong pod', { pod: { labels: { instance: 'web-1' } } }, /without instance=web-1/],
    ['expected failure', { fails: 'refused' }, /succeeded but should fail/],
    ['expected external', { external: ['1.1.1.1:8080'] }, /not 1\.1\.1\.1:8080/],
    ['client address', { sourceIp: 'node' }, /not a node address/],
    ['env', { env: { pod: 'client', present: ['NOPE_SERVICE_HOST'] } }, /client lacks NOPE_SERVICE_HOST/],
    ['spread with one ready pod', { sticky: false }, /all reached the same pod/],
  ])('%s', (_name, expectation, message) => {
    expect(unmetExpectations(cluster, scenario.steps[1]!.request, trace, expectation).join('\n')).toMatch(message);
  });

  it('sticky fails without session affinity', () => {
    const spread = scenarioById('session-affinity')!;
    const first = walk(spread, 0);
    expect(unmetExpectations(first.cluster, spread.steps[0]!.request, first.trace, { sticky: true }).join('\n')).toMatch(
      /reached 2 different pods/,
    );
  });
});
