import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { runs } from '../test-support/property';
import { createCluster } from './index';
import { parseManifests } from './parse/manifests';
import { deploymentYaml } from './test-support/fixtures';

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  selector: {app: web}
  ports:
  - name: http
    port: 80
    targetPort: 8080
---
${deploymentYaml()}`;

describe('bad input yields diagnostics, never an exception', () => {
  it('empty text and whitespace give an empty cluster with no diagnostics', () => {
    for (const text of ['', '   \n\n', '---\n---\n', '# just a comment\n']) {
      const cluster = createCluster(text);
      expect(cluster.diagnostics).toEqual([]);
      expect(cluster.get('Service', 'kubernetes')).toBeDefined();
    }
  });

  it('binary junk gives located errors', () => {
    const junk = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256));
    const cluster = createCluster(junk);
    expect(cluster.diagnostics.length).toBeGreaterThan(0);
    for (const d of cluster.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('a 5 MB document is refused with the API server size limit', () => {
    const big = `apiVersion: v1\nkind: Service\nmetadata:\n  name: big\n  annotations:\n    a: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    const cluster = createCluster(big);
    expect(cluster.diagnostics).toHaveLength(1);
    expect(cluster.diagnostics[0]?.message).toContain('limit is 3145728 bytes');
    expect(cluster.get('Service', 'big')).toBeUndefined();
  });

  it('deeply nested YAML is refused, not recursed into', () => {
    const deep = `apiVersion: v1\nkind: Service\nmetadata:\n  name: deep\nspec:\n  x: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`;
    const cluster = createCluster(deep);
    expect(cluster.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    let indented = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: deep\nspec:\n';
    for (let i = 0; i < 300; i++) indented += `${'  '.repeat(i + 1)}k${i}:\n`;
    expect(createCluster(indented).diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('__proto__ and constructor keys cannot pollute objects and are reported as unknown fields', () => {
    const text = `apiVersion: v1
kind: Service
metadata:
  name: proto
  labels:
    __proto__: {polluted: "yes"}
spec:
  __proto__:
    polluted: "yes"
  constructor: {prototype: {polluted: "yes"}}
  ports: [{port: 80}]
`;
    const cluster = createCluster(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(cluster.diagnostics.length).toBeGreaterThan(0);
    const spec = createCluster(text.replace(/ {2}labels:\n {4}__proto__: \{polluted: "yes"\}\n/, '')).diagnostics;
    expect(spec.some((d) => d.message.includes('unknown field "spec.__proto__"'))).toBe(true);
  });

  /** Valid documents of every simulated kind, to corrupt: seed-style Service + Deployment, a Pod, manual Endpoints, an Ingress (v1 and v1beta1). */
  const VALID_DOCUMENTS = [
    SERVICE,
    `apiVersion: v1
kind: Pod
metadata:
  name: client
  labels: {app: client, tier: "front"}
  annotations:
    note: "hello: world"
spec:
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    ports: [{name: http, containerPort: 8080, protocol: TCP}]
`,
    `apiVersion: v1
kind: Service
metadata: {name: external-service}
spec:
  ports:
  - {protocol: TCP, port: 80}
---
apiVersion: v1
kind: Endpoints
metadata: {name: external-service}
subsets:
  - addresses:
    - ip: 1.1.1.1
    - ip: 2.2.2.2
    ports:
    - port: 8080
`,
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$1
spec:
  tls: [{hosts: [web.example.com], secretName: web-tls}]
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /api/(.*)
        pathType: ImplementationSpecific
        backend: {service: {name: web, port: {name: http}}}
  defaultBackend: {service: {name: web, port: {number: 80}}}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec:
  backend: {serviceName: web, servicePort: 80}
`,
  ];

  it(`${runs(3000).toLocaleString('en')} random corruptions of valid YAML (every kind) yield located diagnostics, never an exception`, () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...VALID_DOCUMENTS)
          .chain((doc) =>
            fc.tuple(
              fc.constant(doc),
              fc.array(
                fc.tuple(
                  fc.nat(doc.length),
                  fc.nat(8),
                  fc.oneof(
                    fc.string({ maxLength: 6 }),
                    fc.constantFrom(':', '- ', '{', ']', '&a', '*a', '!!binary', '"', '\t', '\n  ', '#'),
                  ),
                ),
                { minLength: 1, maxLength: 6 },
              ),
            ),
          ),
        fc.nat(9),
        ([doc, edits], variant) => {
          const withController = variant === 0; // one in ten also bootstraps the ingress controller (slower)
          let text = doc;
          for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove);
          const cluster = createCluster(text, withController ? {} : { ingressController: 'none' });
          const lines = text.split('\n').length;
          for (const d of cluster.diagnostics) {
            expect(d.line).toBeGreaterThanOrEqual(1);
            expect(d.line).toBeLessThanOrEqual(lines + 1);
            expect(d.column).toBeGreaterThanOrEqual(1);
            expect(typeof d.message).toBe('string');
            expect(d.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: runs(3000), seed: 20261125 },
    );
  });

  it(`${runs(1000).toLocaleString('en')} arbitrary texts (any Unicode, YAML punctuation, tabs, BOM, NUL) through the parser: located diagnostics, never an exception`, () => {
    const yamlish = fc
      .array(
        fc.oneof(
          fc.string({ unit: 'grapheme', maxLength: 10 }),
          fc.string({ unit: 'binary', maxLength: 4 }),
          fc.constantFrom(
            '\n',
            '\n  ',
            ': ',
            '- ',
            '---\n',
            '? ',
            '|',
            '>-',
            '&x ',
            '*x',
            '!!str ',
            '%YAML 1.2\n',
            '\t',
            '\uFEFF',
            '\0',
            '{',
            '}',
            '[',
            ']',
            ',',
            '"',
            "'",
          ),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(yamlish, (text) => {
        const { manifests, diagnostics } = parseManifests(text);
        for (const d of diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
        for (const m of manifests) expect(m.location.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: runs(1000), seed: 8080 },
    );
  });
});

describe('determinism', () => {
  it('the same text and seed give the same cluster, a different seed a different one', () => {
    const names = (seed: number) =>
      createCluster(SERVICE, { seed })
        .objects()
        .map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.uid}/${o.kind === 'Service' ? o.spec.clusterIP : ''}`);
    expect(names(7)).toEqual(names(7));
    expect(names(7)).not.toEqual(names(8));
  });

  it("one Service's ClusterIP does not change when another Service is added before it", () => {
    const other = 'apiVersion: v1\nkind: Service\nmetadata: {name: other}\nspec: {ports: [{port: 1}]}\n---\n';
    const before = createCluster(SERVICE).get('Service', 'web')?.spec.clusterIP;
    const after = createCluster(other + SERVICE).get('Service', 'web')?.spec.clusterIP;
    expect(after).toBe(before);
  });

  it('documents are applied one simulated second apart, in order', () => {
    const cluster = createCluster(SERVICE);
    const created = (kind: 'Service' | 'Deployment') => Date.parse(cluster.get(kind, 'web')?.metadata.creationTimestamp ?? '');
    expect(created('Deployment') - created('Service')).toBe(1000);
  });

  it('invalid options are reported and replaced by defaults', () => {
    const cluster = createCluster(SERVICE, { serviceCIDR: 'not-a-cidr', nodes: 0 });
    expect(cluster.options.serviceCIDR.text).toBe('10.96.0.0/12');
    expect(cluster.options.nodes).toEqual(['node-1', 'node-2', 'node-3']);
    expect(cluster.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message.split(':')[0])).toEqual([
      'option nodes',
      'option serviceCIDR',
    ]);
  });
});
