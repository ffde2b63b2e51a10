/**
 * The migration scenarios apply what ingress2gateway makes of the seed's Ingresses: the YAML they
 * carry (gateway-13-8.yaml, gateway-13-9.yaml) is the converter's output for their own clusters,
 * so a change of the converter cannot leave a scenario showing an older conversion.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { convertIngresses, createCluster } from '../../engine/index';
import type { Ingress, Service } from '../../engine/index';
import { scenarioById } from '../catalog';
import { stateAtStep } from '../walk';
import { buildGraph } from '../../graph/build';
import { ids } from '../../graph/ids';
import gateway138 from './gateway-13-8.yaml?raw';
import gateway139 from './gateway-13-9.yaml?raw';

const objects = (yaml: string): unknown[] => parseAllDocuments(yaml).map((d) => d.toJS() as unknown);

describe.each([
  ['gateway-migration-default-backend', gateway138],
  ['gateway-migration-fanout', gateway139],
])('%s', (id, converted) => {
  it("applies the converter's output for the scenario's own Ingress", () => {
    const cluster = createCluster(scenarioById(id)!.yaml);
    const all = cluster.objects();
    const result = convertIngresses(
      all.filter((o): o is Ingress => o.kind === 'Ingress'),
      { services: all.filter((o): o is Service => o.kind === 'Service') },
    );
    expect(objects(converted)).toEqual(result.objects);
  });
});

describe('a route the Gateway does not accept (gateway-migration-fanout, last step)', () => {
  const scenario = scenarioById('gateway-migration-fanout')!;
  const state = stateAtStep(scenario, scenario.steps.length - 1);
  if (!state.ok) throw new Error(state.error);
  const cluster = createCluster(state.yaml);

  it('is listed in Problems at the line of its parentRef, with the reason', () => {
    const lines = state.yaml.split('\n');
    const route = lines.indexOf('kind: HTTPRoute');
    const parentRef = lines.findIndex((l, i) => i > route && l === '    - name: nginx') + 1;
    const problem = cluster.diagnostics.find((d) => d.message.includes('NoMatchingParent'));
    expect(problem).toMatchObject({ kind: 'HTTPRoute', name: 'random-generator-all-hosts', line: parentRef, severity: 'warning' });
    expect(lines[parentRef]).toBe('      sectionName: https');
  });

  it('is drawn red on the graph with its reason and the Gateway, its edge from the Gateway marked not accepted', () => {
    const graph = buildGraph(cluster.objects());
    const box = graph.nodes.find((n) => n.id === ids.route('HTTPRoute', 'default', 'random-generator-all-hosts'));
    expect(box?.status).toBe('error');
    expect(box?.lines[0]).toBe('✗ NoMatchingParent · nginx/https');
    const edge = graph.edges.find((e) => e.source === ids.gateway('default', 'nginx') && e.target === box?.id);
    expect(edge?.type).toBe('route-not-accepted');
  });
});
