/**
 * "What you should see" says every claim a step makes: each field of StepExpectation is one the
 * catalog test checks against the screen, so each must reach the learner in words.
 */
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../scenarios/index';
import type { StepExpectation } from '../../scenarios/index';
import { describeExpectation, readablePattern } from './expectation';

/** One value of every field: `Required` makes a new field of StepExpectation a compile error here until it is added. */
const EVERY_FIELD: Required<StepExpectation> = {
  pod: { labels: { app: 'web' }, node: 'node-2', port: 8080, zone: 'zone-a' },
  spread: { pods: ['web-a'], zones: ['zone-a'] },
  external: ['1.1.1.1:8080'],
  fails: '^connection refused: .* has no ready endpoints',
  sourceIp: 'preserved',
  sourceNode: 'node-1',
  kubeProxyDNAT: true,
  backendPath: '/',
  sticky: true,
  env: { pod: 'client', present: ['WEB_SERVICE_HOST'] },
  dns: { query: 'web', from: 'client', addresses: 1 },
  endpoints: { service: 'web', ready: ['web-1'], notReady: [] },
  sameClusterIP: 'web',
  diagnostics: { includes: ['v1 Endpoints is deprecated'] },
  yamlContains: ['replicas: 1'],
  yamlLacks: ['replicas: 3'],
  podBox: { pod: 'client', lines: ['env: 1 Service'] },
  proxyMode: 'nftables',
  traceRules: { includes: ['^service-[A-Z0-9]{8}-default/web/tcp/: '], excludes: ['KUBE-'] },
  traceSays: ['Topology hints'],
  slices: { service: 'web', count: 1, managedBy: 'endpointslice-controller.k8s.io', generatedNames: true, terminating: ['web-1'] },
  terminatingUsed: true,
  http: { status: 200, server: 'envoy-gateway' },
  routeStatus: { route: 'random-generator', notAccepted: 'NoMatchingParent' },
  conversion: { unconverted: ['nginx.ingress.kubernetes.io/limit-rps'] },
};

const ONE_FIELD = (Object.keys(EVERY_FIELD) as (keyof StepExpectation)[]).map((key) => [key, { [key]: EVERY_FIELD[key] }] as const);

describe('describeExpectation', () => {
  it.each(ONE_FIELD)('describes %s', (_key, expectation) => {
    expect(describeExpectation(expectation)).toMatch(/^([A-Z]|kube-proxy ).*\.$/);
  });

  it('describes every field of every step of the catalog, whatever its value', () => {
    const undescribed = CATALOG.flatMap((scenario) =>
      scenario.steps.flatMap((step) =>
        Object.entries(step.expect).flatMap(([key, value]) =>
          describeExpectation({ [key]: value } as StepExpectation) ? [] : [`${scenario.id} / ${step.title}: ${key}`],
        ),
      ),
    );
    expect(undescribed).toEqual([]);
  });

  it('says what each claim is', () => {
    expect(describeExpectation({ pod: EVERY_FIELD.pod, proxyMode: 'nftables' })).toBe(
      'The request reaches a pod labelled app=web; that pod is on node-2, in zone-a, listening on port 8080; kube-proxy runs in nftables mode.',
    );
    expect(describeExpectation({ fails: EVERY_FIELD.fails, diagnostics: { excludes: ['v1 Endpoints is deprecated'] } })).toBe(
      'The request fails: connection refused: … has no ready endpoints; Problems is empty: no “v1 Endpoints is deprecated”.',
    );
    expect(describeExpectation({ slices: EVERY_FIELD.slices })).toBe(
      'The Service web has 1 EndpointSlice, managed by endpointslice-controller.k8s.io, named web- plus five random characters; in the slices of web, web-1 is terminating but serving, not ready.',
    );
    expect(describeExpectation({ slices: { service: 'legacy', managedBy: null }, terminatingUsed: false, kubeProxyDNAT: false })).toBe(
      'kube-proxy rewrites nothing on the way; the EndpointSlices of legacy are written by hand (no managed-by label); the pod reached is not a Terminating one.',
    );
    expect(describeExpectation({ diagnostics: { afterPrevious: ['svcscope deleted the Service'] } })).toBe(
      'Problems is empty when the step is opened directly; coming from the step before, Problems lists “svcscope deleted the Service”.',
    );
  });

  // e2e/scenarios.spec.ts reads the labels and the external targets back out of the sentence.
  it('keeps the labels and the external targets readable by the end-to-end check', () => {
    const text = describeExpectation({ pod: EVERY_FIELD.pod, external: ['1.1.1.1:8080', '2.2.2.2:8080'] });
    expect(/reaches a pod labelled (.+?)(?:;|\.$)/.exec(text)?.[1]).toBe('app=web');
    expect(/leaves the cluster for (.+?)(?:;|\.$)/.exec(text)?.[1]).toBe('1.1.1.1:8080 or 2.2.2.2:8080');
  });

  it('turns a pattern into text to read', () => {
    expect(readablePattern('^-A KUBE-SVC-[A-Z0-9]{16} ')).toBe('-A KUBE-SVC-…');
    expect(readablePattern('^timed out: .*no ready endpoint on node-1')).toBe('timed out: …no ready endpoint on node-1');
    expect(readablePattern('-d 127\\.0\\.0\\.0/8 --dport 30080')).toBe('-d 127.0.0.0/8 --dport 30080');
    expect(readablePattern('Terminating web-1 .* is left out')).toBe('Terminating web-1 … is left out');
  });
});
