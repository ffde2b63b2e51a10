/**
 * Every built-in scenario loads with zero errors, and at every step what the step says is what
 * the screen shows (issues #8 and #15): its request's outcome, the Problems panel, the YAML in
 * the editor, the endpoints, DNS and the graph, as the step's expectation states them. Each step
 * is checked twice: opened directly (a share link: a new cluster from the step's YAML, the
 * actions replayed) and reached by walking the steps in order as the app does (EngineSession:
 * the living cluster synced to the edited YAML while the actions stay the same).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { Cluster, Diagnostic, SimulationAction } from '../engine/index';
import { sharedScenarioSchema } from '../share/schema';
import { scenarioUrl } from '../share/url';
import { CATALOG, scenarioById } from './catalog';
import { MECHANISMS } from './types';
import type { Scenario, StepExpectation } from './types';
import { stateAtStep } from './walk';
import { unmetExpectations } from './verify';
import type { StepOutcome } from './verify';

function errors(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.kind ?? ''}/${d.name ?? ''}: ${d.message}`);
}

/** Pod names the ReplicaSet controller generated: random, so no step text may rely on them. */
function generatedPodNames(cluster: Cluster): string[] {
  return cluster
    .objects()
    .flatMap((o) => (o.kind === 'Pod' && o.metadata.ownerReferences?.some((r) => r.kind === 'ReplicaSet') ? [o.metadata.name] : []));
}

function state(scenario: Scenario, index: number) {
  const at = stateAtStep(scenario, index);
  if (!at.ok) throw new Error(at.error);
  return at;
}

/** Opening step `index` directly: a new cluster from its YAML, its actions replayed, its request sent. */
function open(scenario: Scenario, index: number, previous?: Cluster): StepOutcome {
  const { yaml, options, actions, request } = state(scenario, index);
  const cluster = createCluster(yaml, options);
  const diagnostics = [...cluster.diagnostics];
  const actionDiagnostics = actions.flatMap((a) => cluster.act(a));
  expect(errors([...diagnostics, ...actionDiagnostics])).toEqual([]);
  return { cluster, diagnostics, yaml, ...(request ? { request, trace: cluster.send(request) } : {}), ...(previous ? { previous } : {}) };
}

/**
 * Every step reached in order, as the app's EngineSession.update does: when the options and the
 * actions are the ones of the step before, the living cluster syncs to the new YAML (kubectl
 * apply --prune); otherwise a new cluster replays them.
 */
function walkInOrder(scenario: Scenario): string[][] {
  const outcomes: StepOutcome[] = [];
  const unmet: string[][] = [];
  let living: { cluster: Cluster; actions: string } | undefined;
  scenario.steps.forEach((_step, index) => {
    const { yaml, options, actions, request } = state(scenario, index);
    const key = JSON.stringify([options, actions]);
    const previous = outcomes.at(-1)?.cluster;
    // The previous step's cluster is about to change in place: keep a copy of what it was.
    const before = previous ? createCluster(outcomes.at(-1)!.yaml, state(scenario, index - 1).options) : undefined;
    if (before) state(scenario, index - 1).actions.forEach((a) => before.act(a));
    let diagnostics = living && living.actions === key ? living.cluster.sync(yaml) : undefined;
    const synced = diagnostics !== undefined;
    if (!living || !diagnostics) {
      const cluster = createCluster(yaml, options);
      diagnostics = [...cluster.diagnostics];
      expect(errors(actions.flatMap((a) => cluster.act(a)))).toEqual([]);
      living = { cluster, actions: key };
    }
    expect(errors(diagnostics)).toEqual([]);
    const { cluster } = living;
    const outcome = {
      cluster,
      diagnostics,
      yaml,
      ...(request ? { request, trace: cluster.send(request) } : {}),
      ...(before ? { previous: before } : {}),
      fromPreviousStep: synced,
    };
    outcomes.push(outcome);
    // Checked now: the next step changes the living cluster in place.
    unmet.push(unmetExpectations(outcome, scenario.steps[index]!.expect));
  });
  return unmet;
}

/**
 * Runtime actions stand only for what YAML cannot say; an apply or a delete of an object is an
 * edit of the document. A delete with a grace period is not: the pod stays, Terminating, for the
 * grace period (kubectl delete --grace-period), a state no document describes.
 */
function runtimeOnly(action: SimulationAction): boolean {
  if (action.type === 'delete') return action.kind === 'Pod' && (action.gracePeriodSeconds ?? 0) > 0;
  return ['restartPod', 'setPodReady', 'setNodeReady'].includes(action.type);
}

describe.each(CATALOG.map((s) => [s.id, s] as const))('scenario %s', (_id, scenario) => {
  it('loads with zero error diagnostics', () => {
    expect(errors(createCluster(scenario.yaml, scenario.options).diagnostics)).toEqual([]);
  });

  let walkedSteps: string[][] | undefined;
  const walked = (): string[][] => (walkedSteps ??= walkInOrder(scenario));

  it.each(scenario.steps.map((step, i) => [i, step.title] as const))(
    'step %i (%s): opened directly, the screen shows what the step says',
    (i) => {
      const step = scenario.steps[i]!;
      const previous = i > 0 ? open(scenario, i - 1).cluster : undefined;
      const outcome = open(scenario, i, previous);
      expect(unmetExpectations(outcome, step.expect)).toEqual([]);
      for (const name of generatedPodNames(outcome.cluster)) expect(step.text).not.toContain(name);
    },
  );

  it.each(scenario.steps.map((step, i) => [i, step.title] as const))(
    'step %i (%s): reached from the step before, as the app moves, the screen shows what the step says',
    (i) => {
      expect(walked()[i]).toEqual([]);
    },
  );

  it('changes the cluster by editing the YAML, and each edit is visible in it', () => {
    scenario.steps.forEach((step, i) => {
      for (const action of step.actions ?? []) expect(runtimeOnly(action), `${step.title}: ${action.type}`).toBe(true);
      if (!step.edit) return;
      expect(state(scenario, i).yaml, step.title).not.toBe(i > 0 ? state(scenario, i - 1).yaml : scenario.yaml);
      expect((step.expect.yamlContains?.length ?? 0) + (step.expect.yamlLacks?.length ?? 0), step.title).toBeGreaterThan(0);
    });
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
  const readiness = scenarioById('readiness')!;
  const outcome = open(readiness, 1, open(readiness, 0).cluster);
  it.each<[string, StepExpectation, RegExp]>([
    ['wrong pod', { pod: { labels: { instance: 'web-1' } } }, /without instance=web-1/],
    ['wrong node', { pod: { labels: { app: 'web' }, node: 'node-9' } }, /not on node-9/],
    ['wrong port', { pod: { labels: { app: 'web' }, port: 1 } }, /not 1$/],
    ['expected failure', { fails: 'refused' }, /succeeded but should fail/],
    ['expected external', { external: ['1.1.1.1:8080'] }, /not 1\.1\.1\.1:8080/],
    ['client address', { sourceIp: 'node' }, /not a node address/],
    ['source node', { sourceNode: 'node-1' }, /not an address of node-1/],
    ['kube-proxy', { kubeProxyDNAT: false }, /kube-proxy rewrote the destination/],
    ['backend path', { backendPath: '/x' }, /path \(no HTTP\), not \/x/],
    ['env', { env: { pod: 'client', present: ['NOPE_SERVICE_HOST'] } }, /client lacks NOPE_SERVICE_HOST/],
    ['spread with one ready pod', { sticky: false }, /all reached the same pod/],
    ['dns', { dns: { query: 'web', from: 'client', addresses: 2 } }, /with 1 A records, not 2/],
    ['dns cname', { dns: { query: 'web', from: 'client', cname: 'x.example.com' } }, /no CNAME to x\.example\.com/],
    ['ready endpoints', { endpoints: { service: 'web', ready: ['web-1'] } }, /ready endpoints of web are web-2, not web-1/],
    ['not-ready endpoints', { endpoints: { service: 'web', notReady: [] } }, /not-ready endpoints of web are web-1, not none/],
    ['ready count', { endpoints: { service: 'web', readyCount: 2 } }, /1 ready endpoints, not 2/],
    ['endpoints absent', { endpoints: { service: 'web', absent: true } }, /has an Endpoints object/],
    ['endpoints present', { endpoints: { service: 'nope' } }, /no Endpoints object/],
    ['same ClusterIP', { sameClusterIP: 'nope' }, /had ClusterIP none/],
    ['a diagnostic promised', { diagnostics: { includes: ['deprecated'] } }, /lists nothing matching \/deprecated\//],
    ['the YAML', { yamlContains: ['kind: Endpoints'] }, /does not contain "kind: Endpoints"/],
    ['the YAML still', { yamlLacks: ['kind: Service'] }, /still contains "kind: Service"/],
    ['a pod box', { podBox: { pod: 'client', lines: ['env: 7 Services'] } }, /does not say "env: 7 Services"/],
    ['zone', { pod: { labels: { app: 'web' }, zone: 'zone-b' } }, /a pod in zone-a, not in zone-b/],
    ['spread over pods', { spread: { pods: ['web-1', 'web-2'] } }, /20 requests reached web-2, not web-1, web-2/],
    ['spread over zones', { spread: { zones: ['zone-b'] } }, /reached pods in zone-a, not zone-b/],
    ['a terminating pod', { terminatingUsed: true }, /reached web-2, which is not Terminating/],
    [
      'proxy mode',
      { proxyMode: 'nftables' },
      /runs in iptables mode, not nftables[^]*a kube-proxy hop shows a rule of the other mode: -A /,
    ],
    ['a rule in the trace', { traceRules: { includes: ['^service-'] } }, /no kube-proxy hop shows a rule matching \/\^service-\//],
    ['a rule not in the trace', { traceRules: { excludes: ['KUBE-SVC-'] } }, /shows -A KUBE-S.*, which matches \/KUBE-SVC-\//],
    ['what the trace says', { traceSays: ['Topology hints'] }, /no hop of the trace says something matching \/Topology hints\//],
    ['slice count', { slices: { service: 'web', count: 2 } }, /web has 1 EndpointSlices, not 2/],
    ['slice manager', { slices: { service: 'web', managedBy: null } }, /managed by endpointslice-controller\.k8s\.io, not nobody/],
    [
      'slice names',
      { slices: { service: 'web', generatedNames: false } },
      /EndpointSlice web-[a-z0-9]{5} is named <service>-<five characters>/,
    ],
    [
      'terminating endpoints',
      { slices: { service: 'web', terminating: ['web-1'] } },
      /terminating, serving endpoints of web are none, not web-1/,
    ],
  ])('%s', (_name, expectation, message) => {
    expect(unmetExpectations(outcome, expectation).join('\n')).toMatch(message);
  });

  it('a diagnostic the step does not account for, or says is not there', () => {
    const ingress = scenarioById('ingress-default-backend')!;
    const first = open(ingress, 0);
    expect(unmetExpectations(first, { pod: { labels: { app: 'random-generator' } } }).join('\n')).toMatch(
      /Problems lists what the step does not account for: warning on Ingress random-generator: .*deprecated/,
    );
    expect(unmetExpectations(first, { diagnostics: { includes: ['.'], excludes: ['has no port 8080'] } }).join('\n')).toMatch(
      /Problems lists what the step says is not there: .*has no port 8080/,
    );
  });

  it('sticky fails without session affinity', () => {
    const spread = scenarioById('session-affinity')!;
    expect(unmetExpectations(open(spread, 0), { sticky: true }).join('\n')).toMatch(/reached 2 different pods/);
  });

  it('a ClusterIP claim needs a step before', () => {
    expect(unmetExpectations(open(readiness, 0), { sameClusterIP: 'web' }).join('\n')).toMatch(/no step before/);
  });
});

// --- The Gateway API and migrating to it (issue 17) ---
describe('the expectation checker can fail: HTTP answers, route status, the conversion', () => {
  const fanout = scenarioById('gateway-migration-fanout')!;
  const converted = open(fanout, 1);
  const refused = open(fanout, 3);
  it.each<[string, StepOutcome, StepExpectation, RegExp]>([
    ['status', converted, { http: { status: 404 } }, /the answer is HTTP 200, not 404/],
    ['server', converted, { http: { server: 'ingress-nginx' } }, /envoy-gateway read the request, not ingress-nginx/],
    ['accepted', refused, { routeStatus: { route: 'random-generator-all-hosts', accepted: true } }, /is not accepted: NoMatchingParent/],
    [
      'not accepted',
      converted,
      { routeStatus: { route: 'random-generator-all-hosts', notAccepted: 'NotAllowedByListeners' } },
      /is Accepted True \(Accepted\), not False \(NotAllowedByListeners\)/,
    ],
    [
      'marked on the graph',
      refused,
      { routeStatus: { route: 'random-generator-all-hosts', notAccepted: 'NoMatchingListenerHostname' } },
      /box of random-generator-all-hosts is not marked with NoMatchingListenerHostname/,
    ],
    [
      'resolved refs',
      converted,
      { routeStatus: { route: 'random-generator-all-hosts', resolvedRefs: 'BackendNotFound' } },
      /not BackendNotFound/,
    ],
    ['no such route', converted, { routeStatus: { route: 'nope', accepted: true } }, /no HTTPRoute default\/nope/],
    [
      'unconverted missing',
      converted,
      { conversion: { unconverted: ['nginx.ingress.kubernetes.io/limit-rps'] } },
      /does not flag .*limit-rps/,
    ],
    [
      'unconverted not accounted for',
      open(fanout, 2),
      { conversion: { unconverted: [] } },
      /flags .*limit-rps, which the step does not account/,
    ],
  ])('%s', (_name, outcome, expectation, message) => {
    expect(unmetExpectations(outcome, expectation).join('\n')).toMatch(message);
  });

  it('an HTTP answer needs a request', () => {
    expect(unmetExpectations({ ...converted, request: undefined, trace: undefined }, { http: { status: 200 } }).join('\n')).toMatch(
      /sends no request/,
    );
  });
});
