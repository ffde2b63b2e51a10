import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import type { Ingress } from '../../engine/index';
import { ingressRows, matchedRow } from './ingress-rules';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fanout, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {number: 80}}}
  rules:
  - host: a.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api/v1, pathType: ImplementationSpecific, backend: {service: {name: web, port: {name: http}}}}
      - {path: /exact, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: other, namespace: shop}
spec:
  rules:
  - host: c.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

describe('the Ingress rule the last request matched', () => {
  const cluster = createCluster(YAML);
  const fanout = cluster.get('Ingress', 'fanout', 'shop') as Ingress;
  const rows = ingressRows(fanout);

  it('lists one row per host and path, then the default backend', () => {
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(rows.map((r) => `${r.host ?? '*'} ${r.path} ${r.pathType ?? ''} ${r.backend}${r.defaultBackend ? ' (default)' : ''}`)).toEqual([
      'a.example.com /api Prefix web:80',
      'a.example.com /api/v1 ImplementationSpecific web:http',
      'a.example.com /exact Exact web:80',
      '* / Prefix web:80',
      '*   web:80 (default)',
    ]);
  });

  // Matching per https://kubernetes.io/docs/concepts/services-networking/ingress/#examples:
  // the longest Prefix wins, element-wise; ImplementationSpecific is Prefix for ingress-nginx;
  // a Host matching a rule host never falls back to the host-less rules, but to the Ingress's
  // defaultBackend; any other Host goes to the host-less rules.
  const cases: { name: string; host: string; path: string; row: number }[] = [
    { name: 'Prefix /api matches /api/x', host: 'a.example.com', path: '/api/x', row: 0 },
    {
      name: 'the longer ImplementationSpecific (Prefix) /api/v1 beats /api for /api/v1/x',
      host: 'a.example.com',
      path: '/api/v1/x',
      row: 1,
    },
    { name: 'Exact /exact', host: 'a.example.com', path: '/exact', row: 2 },
    { name: 'an unmatched path of a rule host goes to the defaultBackend', host: 'a.example.com', path: '/nothing', row: 4 },
    { name: 'another Host goes to the rule without a host', host: 'b.example.com', path: '/x', row: 3 },
    { name: 'a request to another Ingress’s host matches no row of this one', host: 'c.example.com', path: '/x', row: -1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const trace = cluster.send({ from: { external: '192.0.2.10' }, to: `http://203.0.113.250${c.path}`, host: c.host });
      expect(trace.http?.status).toBe(200);
      expect(matchedRow(fanout, rows, trace.http)).toBe(c.row);
    });
  }

  it('no request, or the controller’s own 404, matches no row', () => {
    expect(matchedRow(fanout, rows, undefined)).toBe(-1);
    const bare = createCluster(YAML.replace(/ {2}defaultBackend:.*\n/, '').replace(/ {2}- http:\n(?: {6}.*\n)+/, ''));
    const noCatchAll = bare.get('Ingress', 'fanout', 'shop') as Ingress;
    const trace = bare.send({ from: { external: '192.0.2.10' }, to: 'http://203.0.113.250/x', host: 'b.example.com' });
    expect(trace.http?.status).toBe(404);
    expect(matchedRow(noCatchAll, ingressRows(noCatchAll), trace.http)).toBe(-1);
  });
});
