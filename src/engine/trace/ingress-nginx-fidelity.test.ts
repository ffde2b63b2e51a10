/**
 * ingress-nginx where it answers differently from the Ingress specification: nginx's automatic
 * 301 for a proxied location ending in `/` (ngx_http_core_find_static_location auto_redirect,
 * quoted in controller.go getConfiguration), and the admission webhook's strict-validate-path-type
 * (test/e2e/admission/admission.go "should return an error if there is an invalid path and wrong
 * pathType is set"; internal/ingress/inspector/inspector_test.go TestValidatePathType).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';

const BACKEND = `apiVersion: apps/v1
kind: Deployment
metadata: {name: echo}
spec:
  replicas: 1
  selector: {matchLabels: {app: echo}}
  template:
    metadata: {labels: {app: echo}}
    spec: {containers: [{name: echo, image: echo, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: echo}
spec:
  selector: {app: echo}
  ports: [{port: 80, targetPort: 8080}]
`;

const ingress = (name: string, path: string, pathType: string, annotations = ''): string => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}${annotations ? `\n  annotations:\n${annotations}` : ''}
spec:
  ingressClassName: nginx
  rules:
  - host: path-validation
    http:
      paths:
      - path: ${JSON.stringify(path)}
        pathType: ${pathType}
        backend:
          service: {name: echo, port: {number: 80}}
`;

describe("nginx's automatic 301 for a Prefix path written with a trailing slash", () => {
  const cluster = createCluster(BACKEND + ingress('app', '/app/', 'Prefix'));
  const get = (uri: string) =>
    cluster.send({ from: { external: '198.51.100.7' }, to: `http://203.0.113.250${uri}`, host: 'path-validation' });

  it('GET /app?x=1 is answered 301 with Location http://<host>/app/?x=1, not proxied', () => {
    const trace = get('/app?x=1');
    expect(trace.ok).toBe(false);
    expect(trace.http).toMatchObject({ server: 'ingress-nginx', status: 301, headers: { Location: 'http://path-validation/app/?x=1' } });
    expect(trace.reason).toContain('301 Moved Permanently');
  });

  it('GET /app/ and /app/x reach the backend', () => {
    expect(get('/app/').http?.status).toBe(200);
    expect(get('/app/x').http?.status).toBe(200);
  });
});

describe('ingress-nginx admission: strict-validate-path-type (on by default)', () => {
  const errors = (yaml: string) => createCluster(BACKEND + yaml).diagnostics.filter((d) => d.severity === 'error');

  it.each(['Exact', 'Prefix'])('a regular expression in a %s path is denied by the webhook, and the Ingress is not stored', (pathType) => {
    const cluster = createCluster(BACKEND + ingress('first-ingress', '/foo/bar/[a-z]{3}', pathType));
    const errs = cluster.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => d.message)).toEqual([
      `admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: path /foo/bar/[a-z]{3} cannot be used with pathType ${pathType}`,
    ]);
    expect(errs[0]).toMatchObject({ field: 'spec.rules[0].http.paths[0].path' });
    expect(cluster.get('Ingress', 'first-ingress')).toBeUndefined();
  });

  it('the same path as ImplementationSpecific with use-regex is accepted, and so is a plain path', () => {
    const annotations = '    nginx.ingress.kubernetes.io/use-regex: "true"\n    nginx.ingress.kubernetes.io/rewrite-target: /new/backend';
    expect(errors(ingress('pathspec-ingress', '/foo/bar/[a-z]{3}', 'ImplementationSpecific', annotations))).toEqual([]);
    expect(errors(ingress('second-ingress', '/bloblo', 'Prefix'))).toEqual([]);
  });

  it('TestValidatePathType "invalid should return multiple errors": one denial listing every bad path', () => {
    const yaml = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: many}
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - {path: /foo.+, pathType: Exact, backend: {service: {name: echo, port: {number: 80}}}}
      - {path: /xpto/lala, pathType: Exact, backend: {service: {name: echo, port: {number: 80}}}}
      - {path: "/$lala/test", pathType: Prefix, backend: {service: {name: echo, port: {number: 80}}}}
`;
    const [err, ...rest] = errors(yaml);
    expect(rest).toEqual([]);
    expect(err?.message).toBe(
      'admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: ingress contains invalid paths: ' +
        'path /foo.+ cannot be used with pathType Exact\npath /$lala/test cannot be used with pathType Prefix',
    );
  });

  it('an Ingress of another class is not checked: the webhook ignores what its controller does not serve', () => {
    const yaml = ingress('other', '/foo/bar/[a-z]{3}', 'Prefix').replace('ingressClassName: nginx', 'ingressClassName: traefik');
    expect(errors(yaml)).toEqual([]);
  });
});
