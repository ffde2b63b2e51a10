/**
 * The migration view's engine side (migration.ts): the plan ingress2gateway makes of the seed's
 * Ingresses 13-8 and 13-9 and of a name-based one, and the same request through ingress-nginx
 * (the cluster on screen) and through the converted Gateway (a second cluster of the same
 * document with the Gateway and HTTPRoutes applied, the Ingresses kept).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { SendRequest, SimulationAction } from '../engine/index';
import { joinDocuments, OUTSIDE_CLIENT } from '../scenarios/compose';
import randomGenerator from '../scenarios/seed/random-generator-deployment.yaml?raw';
import simpleService from '../scenarios/seed/13-1-simple-service.yaml?raw';
import ingress138 from '../scenarios/seed/13-8-ingress.yaml?raw';
import ingress139 from '../scenarios/seed/13-9-nginx-ingress.yaml?raw';
import randomGenerator8080 from '../scenarios/builtin/random-generator-8080.yaml?raw';
import clusterStatus from '../scenarios/builtin/cluster-status.yaml?raw';
import ingressHosts from '../scenarios/builtin/ingress-hosts.yaml?raw';
import { compare, gatewayCluster, gatewayDocument, migrationPlan } from './migration';
import type { MigrationSource } from './migration';
import { EngineSession } from './session';
import { elkInProcess } from '../graph/elk-in-process';

const FANOUT = joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, ingress139);
const DEFAULT_BACKEND = joinDocuments(randomGenerator, simpleService, ingress138);
const HOSTS = joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, ingressHosts);
const INGRESS_IP = '203.0.113.250';
const from = { external: OUTSIDE_CLIENT } as const;

function source(yaml: string, actions: SimulationAction[] = []): MigrationSource {
  const cluster = createCluster(yaml);
  for (const a of actions) cluster.act(a);
  return { cluster, yaml, options: {}, actions };
}

function run(yaml: string, request: SendRequest) {
  const s = source(yaml);
  const plan = migrationPlan(s);
  const gateways = gatewayCluster(s, plan);
  if (typeof gateways === 'string') throw new Error(gateways);
  return { plan, gateways, result: compare(s, gateways, request) };
}

describe('the plan: what ingress2gateway makes of the Ingresses on screen', () => {
  it('13-9: the Ingress as written (v1beta1, its line), Gateway nginx and HTTPRoute random-generator-all-hosts, a request per path', () => {
    const plan = migrationPlan(source(FANOUT));
    expect(plan.problem).toBeUndefined();
    const line = FANOUT.split('\n').indexOf('apiVersion: networking.k8s.io/v1beta1') + 1;
    expect(plan.ingresses).toEqual([
      expect.objectContaining({ name: 'random-generator', namespace: 'default', line, address: INGRESS_IP }),
    ]);
    expect(plan.ingresses[0]?.yaml).toBe(ingress139.trimEnd());
    expect(plan.objects).toEqual(['Gateway/nginx', 'HTTPRoute/random-generator-all-hosts']);
    expect(plan.yaml).toContain('type: URLRewrite');
    expect(plan.unconverted).toEqual([]);
    expect(plan.suggestions).toEqual([`http://${INGRESS_IP}/`, `http://${INGRESS_IP}/cluster-status`]);
  });

  it('an ingress-nginx annotation with no Gateway API equivalent is listed with its value and why', () => {
    const limited = FANOUT.replace('rewrite-target: /', 'rewrite-target: /\n    nginx.ingress.kubernetes.io/limit-rps: "5"');
    const plan = migrationPlan(source(limited));
    expect(plan.unconverted).toEqual([
      {
        ingress: 'default/random-generator',
        annotation: 'nginx.ingress.kubernetes.io/limit-rps',
        value: '5',
        why: expect.stringMatching(/^Unsupported annotation .*no Gateway API equivalent/),
      },
    ]);
  });

  it('no Ingress: nothing to migrate, and it says so', () => {
    expect(migrationPlan(source(randomGenerator)).problem).toMatch(/no Ingress/);
  });

  it('the Gateway document is the YAML with the converted objects added, the Ingress kept; applying it twice changes nothing', () => {
    const plan = migrationPlan(source(FANOUT));
    const once = gatewayDocument(FANOUT, plan);
    if (!once.ok) throw new Error(once.error);
    expect(once.yaml.startsWith(FANOUT.trimEnd())).toBe(true);
    expect(once.yaml).toContain('kind: HTTPRoute');
    expect(once.yaml).toContain('kind: Ingress');
    const twice = gatewayDocument(once.yaml, plan);
    expect(twice.ok && twice.yaml).toBe(once.yaml);
    expect(plan.applied).toBe(false);
    expect(migrationPlan(source(once.yaml)).applied).toBe(true);
  });
});

describe('the same request through both', () => {
  it('13-9 /cluster-status/info: the same answer, backend and path (rewrite-target / became URLRewrite ReplaceFullPath /)', () => {
    const { result } = run(FANOUT, { from, to: `http://${INGRESS_IP}/cluster-status/info` });
    expect(result.ingress).toMatchObject({
      ok: true,
      answer: 'HTTP 200 OK',
      backend: 'Deployment cluster-status',
      backendPath: '/',
      servedBy: 'ingress-nginx: Ingress default/random-generator',
    });
    expect(result.gateway).toMatchObject({
      ok: true,
      status: 200,
      backend: 'Deployment cluster-status',
      backendPath: '/',
      servedBy: 'Envoy: HTTPRoute default/random-generator-all-hosts rule 2, listener http',
    });
    // The Gateway's own address (the next free pool address), not the controller's.
    expect(result.gateway.request.to).toBe('http://203.0.113.10/cluster-status/info');
    expect(result.gateway.request.host).toBeUndefined();
    expect(result.differences).toEqual([]);
    expect(result.throughIngress).toBe(true);
    expect(result.note).toContain('Gateway default/nginx at 203.0.113.10');
  });

  it('13-8: ingress-nginx accepts servicePort 8080 (a targetPort), the Gateway backendRef does not: 200 against 500, highlighted', () => {
    const { result, plan } = run(DEFAULT_BACKEND, { from, to: `http://${INGRESS_IP}/` });
    expect(plan.notes.some((n) => n.message.includes('targetPort'))).toBe(true);
    expect(result.ingress).toMatchObject({ ok: true, status: 200, backend: 'Deployment random-generator' });
    expect(result.gateway).toMatchObject({ ok: false, status: 500 });
    expect(result.gateway.backend).toBeUndefined();
    expect(result.differences).toEqual(['answer', 'backend', 'backendPath']);
  });

  it('name-based hosting: the Gateway side goes to the Gateway address with the Host the controller read', () => {
    const { result } = run(HOSTS, { from, to: 'http://status.example.com/' });
    expect(result.gateway.request).toMatchObject({ to: 'http://203.0.113.10/', host: 'status.example.com' });
    expect(result.gateway.sent).toBe('http://203.0.113.10/ (Host: status.example.com)');
    expect([result.ingress.backend, result.gateway.backend]).toEqual(['Deployment cluster-status', 'Deployment cluster-status']);
    expect(result.differences).toEqual([]);
  });

  it('a host with TLS: plain HTTP gets 308 to https from both, the same Location', () => {
    const tls = HOSTS.replace(
      '  rules:\n  - host: random.example.com',
      '  tls:\n  - hosts: [random.example.com]\n    secretName: random-tls\n  rules:\n  - host: random.example.com',
    );
    const { result } = run(tls, { from, to: 'http://random.example.com/x' });
    expect([result.ingress.status, result.gateway.status]).toEqual([308, 308]);
    expect(result.ingress.location).toBe('https://random.example.com/x');
    expect(result.gateway.location).toBe(result.ingress.location);
    expect(result.differences).toEqual([]);
  });

  it('a Prefix path with a trailing slash: nginx answers /app with 301 to /app/, the Gateway serves it (a difference, Location marked)', () => {
    const slash = HOSTS.replace(
      '  - host: random.example.com\n    http:\n      paths:\n      - path: /\n',
      '  - host: random.example.com\n    http:\n      paths:\n      - path: /app/\n',
    );
    const { result } = run(slash, { from, to: 'http://random.example.com/app' });
    expect(result.ingress).toMatchObject({ status: 301, location: 'http://random.example.com/app/' });
    expect(result.gateway).toMatchObject({ status: 200, backend: 'Deployment random-generator', backendPath: '/app' });
    expect(result.differences).toEqual(['answer', 'backend', 'backendPath', 'location']);
  });

  it('a Host no rule names: 404 from both, told apart by who answered', () => {
    const { result } = run(HOSTS, { from, to: `http://${INGRESS_IP}/`, host: 'other.example.com' });
    expect([result.ingress.status, result.gateway.status]).toEqual([404, 404]);
    expect(result.gateway.request).toMatchObject({ to: 'http://203.0.113.10/', host: 'other.example.com' });
    expect(result.gateway.servedBy).toMatch(/^Envoy \(Gateway default\/nginx\): no route/);
  });

  it('a request that does not go through the ingress controller is sent unchanged to both', () => {
    const { result } = run(FANOUT, { from, to: '192.168.49.2:1' });
    expect(result.gateway.request).toEqual(result.ingress.request);
    expect(result.note).toMatch(/does not go through the ingress controller/);
    expect(result.throughIngress).toBe(false);
  });
});

describe('in the worker session', () => {
  it('plans and compares against the document on screen, and follows its edits', async () => {
    const session = new EngineSession(elkInProcess());
    await session.simulate({ yaml: FANOUT, options: {}, actions: [], showSystem: false });
    expect((await session.migrationPlan()).objects).toEqual(['Gateway/nginx', 'HTTPRoute/random-generator-all-hosts']);
    const compared = await session.compareMigration({ from, to: `http://${INGRESS_IP}/` });
    expect([compared.ingress.backend, compared.gateway.backend]).toEqual(['Deployment random-generator', 'Deployment random-generator']);
    await session.simulate({ yaml: randomGenerator, options: {}, actions: [], showSystem: false });
    expect((await session.migrationPlan()).problem).toMatch(/no Ingress/);
    await expect(session.compareMigration({ from, to: `http://${INGRESS_IP}/` })).rejects.toThrow(/no Ingress/);
  });
});
