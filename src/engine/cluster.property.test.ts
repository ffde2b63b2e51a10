/**
 * Properties that hold for any cluster (fast-check): random valid Services, Pods, Deployments,
 * manual Endpoints and Ingresses never crash the engine and give no errors; endpoints hold
 * exactly the ready pods a selector matches (pkg/controller/endpoint/endpoints_controller.go);
 * allocated addresses and ports are unique and inside their ranges, whatever the cluster options
 * (pkg/registry/core/service/ipallocator, portallocator); every trace ends at a pod, an external
 * target or an explained failure; the ingress controller routes as the Ingress specification's
 * matching rules say (https://kubernetes.io/docs/concepts/services-networking/ingress/#examples).
 * The run count of each property is in its name; the seeds are fixed so CI is reproducible.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { createCluster } from './index';
import type { Cluster, ClusterOptions, Trace } from './index';
import { READINESS_ANNOTATION } from './controllers/kubelet';
import { cidrContains, intToIp, ipToInt, parseCidr } from './net/ipv4';
import { matchesSet } from './util/labels';

const APPS = ['web', 'api', 'db'];
const EXTERNAL_CLIENT = '198.51.100.9';

const serviceArb = fc.record({
  app: fc.constantFrom(...APPS),
  // 'manual' is a Service without a selector whose Endpoints object is written by hand (seed 13-3/13-4).
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer', 'headless', 'manual'),
  port: fc.integer({ min: 1, max: 65535 }),
  namedTarget: fc.boolean(),
  policy: fc.constantFrom('Cluster', 'Local'),
  // Manual endpoint addresses in TEST-NET-1 (RFC 5737): outside every cluster range.
  manualIPs: fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: 1, maxLength: 3 }),
});

const podArb = fc.record({
  app: fc.constantFrom(...APPS),
  ready: fc.boolean(),
  viaDeployment: fc.boolean(),
  replicas: fc.integer({ min: 0, max: 3 }),
});

/** The value type an arbitrary generates. */
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;
type ServiceSpec = Generated<typeof serviceArb>;
type PodSpec = Generated<typeof podArb>;

function renderService(s: ServiceSpec, i: number): string {
  if (s.type === 'manual') {
    return `apiVersion: v1
kind: Service
metadata: {name: svc-${i}}
spec:
  ports: [{name: main, port: ${s.port}}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: svc-${i}}
subsets:
- addresses: [${s.manualIPs.map((n) => `{ip: 192.0.2.${n}}`).join(', ')}]
  ports: [{name: main, port: ${s.port}}]`;
  }
  const external = s.type === 'NodePort' || s.type === 'LoadBalancer';
  return `apiVersion: v1
kind: Service
metadata: {name: svc-${i}}
spec:
  ${s.type === 'headless' ? 'clusterIP: None' : `type: ${s.type}`}
  ${external ? `externalTrafficPolicy: ${s.policy}` : ''}
  selector: {app: ${s.app}}
  ports: [{name: main, port: ${s.port}, targetPort: ${s.namedTarget ? 'http' : 8080}}]`;
}

function renderPod(p: PodSpec, i: number): string {
  const meta = `labels: {app: ${p.app}}${p.ready ? '' : `\n      annotations: {${READINESS_ANNOTATION}: fail}`}`;
  const spec = '{containers: [{name: c, image: nginx, ports: [{name: http, containerPort: 8080}]}]}';
  return p.viaDeployment
    ? `apiVersion: apps/v1
kind: Deployment
metadata: {name: deploy-${i}}
spec:
  replicas: ${p.replicas}
  selector: {matchLabels: {app: ${p.app}}}
  template:
    metadata:
      ${meta}
    spec: ${spec}`
    : `apiVersion: v1
kind: Pod
metadata:
  name: pod-${i}
  ${meta.replace('\n      ', '\n  ')}
spec: ${spec}`;
}

function render(services: readonly ServiceSpec[], pods: readonly PodSpec[]): string {
  return [...services.map(renderService), ...pods.map(renderPod)].join('\n---\n');
}

function podsOf(cluster: Cluster) {
  return cluster.objects().flatMap((o) => (o.kind === 'Pod' ? [o] : []));
}
function servicesOf(cluster: Cluster) {
  return cluster.objects().flatMap((o) => (o.kind === 'Service' ? [o] : []));
}
type PodObject = ReturnType<typeof podsOf>[number];
const isReady = (p: PodObject): boolean => p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');

function endpointIPs(cluster: Cluster, service: string, list: 'addresses' | 'notReadyAddresses'): string[] {
  return (cluster.endpoints(service)?.subsets ?? []).flatMap((s) => (s[list] ?? []).map((a) => a.ip)).sort();
}

/** Every trace ends at a pod, at an external target, or fails with a reason. */
function expectExplained(trace: Trace): void {
  expect(trace.hops.length).toBeGreaterThan(0);
  if (trace.ok) expect(trace.pod ?? trace.external).toBeDefined();
  else expect(trace.reason).toBeTruthy();
}

function expectExactEndpoints(cluster: Cluster, services: readonly ServiceSpec[]): void {
  const pods = podsOf(cluster).filter((p) => p.metadata.namespace === 'default');
  services.forEach((s, i) => {
    const name = `svc-${i}`;
    if (s.type === 'manual') {
      // The endpoints controller leaves a selectorless Service's Endpoints alone.
      expect(endpointIPs(cluster, name, 'addresses')).toEqual(s.manualIPs.map((n) => `192.0.2.${n}`).sort());
      return;
    }
    const selected = pods.filter((p) => matchesSet({ app: s.app }, p.metadata.labels));
    expect(endpointIPs(cluster, name, 'addresses')).toEqual(
      selected
        .filter(isReady)
        .map((p) => p.status.podIP ?? '')
        .sort(),
    );
    expect(endpointIPs(cluster, name, 'notReadyAddresses')).toEqual(
      selected
        .filter((p) => !isReady(p))
        .map((p) => p.status.podIP ?? '')
        .sort(),
    );
  });
}

function expectUniqueInRange(values: readonly string[], inRange: (v: string) => boolean): void {
  expect(new Set(values).size).toBe(values.length);
  for (const v of values) expect(inRange(v), v).toBe(true);
}

function expectAllocations(cluster: Cluster): void {
  const { serviceCIDR, podCIDR, nodePortRange, loadBalancerPool } = cluster.options;
  const svcs = servicesOf(cluster);
  const clusterIPs = svcs.map((s) => s.spec.clusterIP).filter((ip): ip is string => ip !== undefined && ip !== 'None');
  expectUniqueInRange(clusterIPs, (ip) => cidrContains(serviceCIDR, ip));
  const nodePorts = svcs
    .flatMap((s) => [...s.spec.ports.map((p) => p.nodePort), s.spec.healthCheckNodePort])
    .filter((p): p is number => p !== undefined)
    .map(String);
  expectUniqueInRange(nodePorts, (p) => Number(p) >= nodePortRange.first && Number(p) <= nodePortRange.last);
  const lbIPs = svcs.flatMap((s) => (s.status.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])));
  expectUniqueInRange(lbIPs, (ip) => ipToInt(ip) >= loadBalancerPool.first && ipToInt(ip) <= loadBalancerPool.last);
  const podIPs = podsOf(cluster)
    .filter((p) => !p.spec.hostNetwork)
    .map((p) => p.status.podIP ?? '');
  expectUniqueInRange(podIPs, (ip) => cidrContains(podCIDR, ip));
}

describe('cluster properties (fast-check)', () => {
  it(`${runs(1500).toLocaleString('en')} random clusters of Services (all types, manual Endpoints), Pods and Deployments: no errors, exact endpoints, unique in-range allocations, explained traces`, () => {
    fc.assert(
      fc.property(
        fc.array(serviceArb, { maxLength: 5 }),
        fc.array(podArb, { maxLength: 6 }),
        fc.integer(),
        fc.boolean(),
        (services, pods, seed, fromPod) => {
          const cluster = createCluster(render(services, pods), { seed, ingressController: 'none' });
          expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          expectExactEndpoints(cluster, services);
          expectAllocations(cluster);
          const client = podsOf(cluster).find((p) => p.metadata.namespace === 'default');
          const from = fromPod && client ? { pod: client.metadata.name } : { external: EXTERNAL_CLIENT };
          for (const svc of servicesOf(cluster).filter((s) => s.metadata.namespace === 'default')) {
            const port = svc.spec.ports[0]?.port ?? 80;
            expectExplained(cluster.send({ from, to: `${svc.metadata.name}:${port}` }));
            for (const lb of svc.status.loadBalancer?.ingress ?? []) expectExplained(cluster.send({ from, to: `${lb.ip ?? ''}:${port}` }));
          }
        },
      ),
      { numRuns: runs(1500), seed: 424242 },
    );
  });

  it(`${runs(500).toLocaleString('en')} random clusters in both proxy modes (pkg/proxy/iptables and pkg/proxy/nftables): every trace explained, and a pod's connection to a Service port or load balancer IP ends the same way in both`, () => {
    fc.assert(
      fc.property(fc.array(serviceArb, { maxLength: 4 }), fc.array(podArb, { maxLength: 5 }), fc.integer(), (services, pods, seed) => {
        const yaml = render(services, pods);
        const ipt = createCluster(yaml, { seed, ingressController: 'none' });
        const nft = createCluster(yaml, { seed, ingressController: 'none', proxyMode: 'nftables' });
        expect(nft.nft('node-1')).toContain('table ip kube-proxy {');
        // The same seed gives the same objects: only kube-proxy's rules differ.
        const client = podsOf(nft).find((p) => p.metadata.namespace === 'default' && !p.spec.hostNetwork);
        const from = client ? { pod: client.metadata.name } : { external: EXTERNAL_CLIENT };
        for (const svc of servicesOf(nft).filter((s) => s.metadata.namespace === 'default')) {
          const port = svc.spec.ports[0]?.port ?? 80;
          const targets = [
            `${svc.metadata.name}:${port}`,
            ...(svc.status.loadBalancer?.ingress ?? []).map((lb) => `${lb.ip ?? ''}:${port}`),
          ];
          for (const to of targets) {
            const a = ipt.send({ from, to });
            const b = nft.send({ from, to });
            expectExplained(b);
            expect(b.verdict.kind).toBe(a.verdict.kind);
          }
        }
      }),
      { numRuns: runs(500), seed: 161616 },
    );
  });

  it(`${runs(1000).toLocaleString('en')} random cluster options (service/pod CIDRs, node ports, LB pool, nodes): every allocation unique and inside its range, exactly the Services the ranges hold admitted, the rest refused with "range is full"`, () => {
    const optionsArb = fc.record({
      nodes: fc.integer({ min: 1, max: 6 }),
      // A /28..../24 service range: small enough that 16 Services can exhaust a /28 (12 addresses
      // are left once the kubernetes Service and kube-dns hold theirs). Smaller ones are refused
      // as kubeadm refuses them (kube-dns needs the tenth address); ipam.test.ts covers a /29.
      serviceCIDR: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 28 })).map(([b, p]) => `10.${b}.0.0/${p}`),
      podCIDR: fc.constantFrom('10.244.0.0/16', '10.32.0.0/16', '172.16.0.0/16'),
      // 1 to 41 ports, at the top of the port space too: ranges of 16 or fewer have no static band.
      nodePortRange: fc
        .tuple(fc.integer({ min: 1, max: 41 }), fc.oneof(fc.integer({ min: 30000, max: 32000 }), fc.constant(undefined)))
        .map(([size, from = 65536 - size]) => `${from}-${from + size - 1}`),
      loadBalancerPool: fc
        .integer({ min: 1, max: 200 })
        .chain((from) =>
          fc
            .integer({ min: from, max: from + 6 })
            .map((to) => `${intToIp(ipToInt('203.0.113.0') + from)}-${intToIp(ipToInt('203.0.113.0') + to)}`),
        ),
      seed: fc.integer(),
    });
    const typeArb = fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer');
    let admittedTotal = 0;
    let refusedTotal = 0;
    fc.assert(
      fc.property(
        optionsArb,
        fc.array(typeArb, { maxLength: 16 }),
        fc.integer({ min: 0, max: 4 }),
        (options: ClusterOptions, types, replicas) => {
          // Two named ports (ValidateService requires names when a Service has more than one).
          const docs = types.map(
            (t, i) =>
              `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec: {type: ${t}, selector: {app: a}, ports: [{name: http, port: 80}, {name: https, port: 443}]}`,
          );
          docs.push(
            `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: ${replicas}, selector: {matchLabels: {app: a}}, template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, image: nginx}]}}}`,
          );
          const cluster = createCluster(docs.join('\n---\n'), { ...options, ingressController: 'none' });
          expect(cluster.diagnostics.filter((d) => d.severity === 'warning' && d.message.startsWith('option '))).toEqual([]);
          expect(parseCidr(cluster.options.serviceCIDR.text).text).toBe(options.serviceCIDR);
          expectAllocations(cluster);
          // What the ranges hold, in apply order: one ClusterIP each (the kubernetes Service and
          // kube-dns hold two of the size - 2), two node ports for a NodePort or LoadBalancer
          // Service (externalTrafficPolicy Cluster: no health check port); a Service that does
          // not get all it needs is refused and gives back what it got.
          let freeIPs = cluster.options.serviceCIDR.size - 2 - 2;
          let freePorts = cluster.options.nodePortRange.last - cluster.options.nodePortRange.first + 1;
          const expected = types.flatMap((t, i) => {
            const ports = t === 'ClusterIP' ? 0 : 2;
            if (freeIPs < 1 || freePorts < ports) return [];
            freeIPs -= 1;
            freePorts -= ports;
            return [`s${i}`];
          });
          const created = servicesOf(cluster)
            .map((s) => s.metadata.name)
            .filter((n) => /^s\d+$/.test(n));
          expect(created.sort()).toEqual([...expected].sort());
          admittedTotal += created.length;
          // A Service the allocators could not serve is refused with the API server's error.
          const refused = types.map((_, i) => `s${i}`).filter((n) => !created.includes(n));
          refusedTotal += refused.length;
          const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
          expect(errors.map((d) => d.name).sort()).toEqual(refused.sort());
          for (const e of errors)
            expect(e.message).toMatch(/^Internal error occurred: failed to allocate a (serviceIP|nodePort): range is full$/);
          const lbs = servicesOf(cluster).filter((s) => s.spec.type === 'LoadBalancer');
          for (const lb of lbs) expect(lb.spec.ports.every((p) => p.nodePort !== undefined)).toBe(true);
        },
      ),
      { numRuns: runs(1000), seed: 7071 },
    );
    // The generator admits Services and exhausts ranges, both (it once admitted none at all).
    expect(admittedTotal).toBeGreaterThan(runs(1000));
    expect(refusedTotal).toBeGreaterThan(0);
  });
});

/** Request paths tried against the generated Ingress rules: exact hits, trailing slashes, element-wise prefixes and misses. */
const REQUEST_PATHS = ['/', '/a', '/a/', '/a/b', '/a/b/c', '/ab', '/b', '/bb'];
const RULE_PATHS = ['/', '/a', '/a/b', '/ab', '/b'];
const RULE_HOSTS = [undefined, 'a.example.com', 'b.example.com'];
const REQUEST_HOSTS = ['a.example.com', 'b.example.com', 'c.example.com', undefined];
const INGRESS_ADDRESS = '203.0.113.250';

const ruleArb = fc.record({
  host: fc.constantFrom(...RULE_HOSTS),
  path: fc.constantFrom(...RULE_PATHS),
  pathType: fc.constantFrom('Prefix', 'Exact'),
  backend: fc.integer({ min: 0, max: 4 }), // svc-4 never exists: 503
});
type IngressRule = Generated<typeof ruleArb>;

/**
 * The Ingress specification's matching, written independently of src/engine/ingress: the rules of
 * the request's host (a Host with rules never falls back to the host-less rules), an Exact path
 * equal to the request path beats every Prefix, otherwise the longest Prefix that matches element
 * by element ("/a" matches "/a/b" and "/a/", not "/ab"); no match gives ingress-nginx's 404.
 */
function expectedRule(rules: readonly IngressRule[], host: string | undefined, path: string): IngressRule | undefined {
  const ofHost = rules.filter((r) => r.host !== undefined && r.host === host);
  const server = ofHost.length > 0 ? ofHost : rules.filter((r) => r.host === undefined);
  const exact = server.find((r) => r.pathType === 'Exact' && r.path === path);
  if (exact) return exact;
  const elements = (p: string): string[] => p.split('/').filter(Boolean);
  const prefixes = server.filter((r) => {
    if (r.pathType !== 'Prefix') return false;
    const want = elements(r.path);
    const got = elements(path);
    return want.length <= got.length && want.every((e, i) => got[i] === e);
  });
  return prefixes.sort((a, b) => elements(b.path).length - elements(a.path).length)[0];
}

describe('ingress routing properties (fast-check)', () => {
  it(`${runs(600).toLocaleString('en')} random Ingresses (x 32 requests each): every request through the controller gets the status the specification gives, and a 200 lands on a ready endpoint of the rule's backend`, () => {
    const backendsArb = fc.array(fc.record({ app: fc.constantFrom(...APPS), type: fc.constantFrom('ClusterIP', 'headless', 'manual') }), {
      minLength: 4,
      maxLength: 4,
    });
    fc.assert(
      fc.property(
        backendsArb,
        fc.array(podArb, { maxLength: 4 }),
        fc.uniqueArray(ruleArb, { minLength: 1, maxLength: 6, selector: (r) => `${r.host ?? ''} ${r.path} ${r.pathType}` }),
        fc.integer(),
        (backends, pods, rules, seed) => {
          const services = backends.map((b): ServiceSpec => ({
            app: b.app,
            type: b.type,
            port: 80,
            namedTarget: false,
            policy: 'Cluster',
            manualIPs: [7],
          }));
          const byHost = new Map<string | undefined, IngressRule[]>();
          for (const r of rules) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
          const ingress = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fuzz}
spec:
  rules:
${[...byHost]
  .map(
    ([host, list]) => `  - ${host ? `host: ${host}\n    ` : ''}http:
      paths:
${list.map((r) => `      - {path: ${r.path}, pathType: ${r.pathType}, backend: {service: {name: svc-${r.backend}, port: {number: 80}}}}`).join('\n')}`,
  )
  .join('\n')}`;
          const cluster = createCluster(`${render(services, pods)}\n---\n${ingress}`, { seed });
          expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
          for (const host of REQUEST_HOSTS) {
            for (const path of REQUEST_PATHS) {
              const trace = cluster.send({
                from: { external: EXTERNAL_CLIENT },
                to: `http://${INGRESS_ADDRESS}${path}`,
                ...(host ? { host } : {}),
              });
              expectExplained(trace);
              const rule = expectedRule(rules, host, path);
              const ready = rule ? endpointIPs(cluster, `svc-${rule.backend}`, 'addresses') : [];
              const status = !rule ? 404 : ready.length === 0 ? 503 : 200;
              expect(trace.http?.status, `${host ?? '(no host)'} ${path}`).toBe(status);
              expect(trace.ok).toBe(status === 200);
              if (status === 200) expect(ready).toContain(trace.pod?.ip ?? trace.external?.ip);
              else expect(trace.reason).toContain(String(status));
            }
          }
        },
      ),
      { numRuns: runs(600), seed: 1313 },
    );
  });
});
