/**
 * Traces in structure: `trace.verdict` says how a request ended, and `trace.http` gives the status
 * line and headers of every HTTP answer the simulation models. Each case is a scenario the other
 * trace tests follow in words (`reason`); here only the structure is checked.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { clusterIP, nodeIP, podYaml, serviceYaml } from './fixtures';
import { nginxErrorPage } from './nginx-answer';

function cluster(serviceExtra: Partial<Parameters<typeof serviceYaml>[1]> = {}, pods = ['web-a@node-2']) {
  const yaml =
    serviceYaml('web', { selector: { app: 'web' }, ...serviceExtra }) +
    pods.map((p) => podYaml(p.split('@')[0] as string, { labels: { app: 'web' }, node: p.split('@')[1] as string, port: 8080 })).join('') +
    podYaml('client', { node: 'node-1' });
  return createCluster(yaml);
}

describe('trace.verdict', () => {
  it('a request a pod accepts is delivered', () => {
    const trace = cluster().send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.ok).toBe(true);
    expect(trace.verdict).toEqual({ kind: 'delivered' });
  });

  it('a Service without endpoints is rejected with ICMP port unreachable (proxier.go: "has no endpoints" -j REJECT, no --reject-with)', () => {
    const c = cluster({}, []);
    const trace = c.send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'icmp-port-unreachable' });
    expect(trace.hops.at(-1)?.rule).toMatch(/-j REJECT$/);
  });

  it('internalTrafficPolicy: Local without a local endpoint is dropped ("has no local endpoints" -j DROP)', () => {
    const trace = cluster({ extra: '  internalTrafficPolicy: Local' }, ['web-a@node-2']).send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.verdict).toEqual({ kind: 'dropped' });
    expect(trace.hops.at(-1)?.rule).toMatch(/-j DROP$/);
  });

  it('a port the Service does not declare matches no rule and times out', () => {
    const trace = cluster().send({ from: { pod: 'client' }, to: 'web:8081' });
    expect(trace.verdict).toEqual({ kind: 'timeout' });
  });

  it('a node port no Service has is refused by the node kernel: TCP RST, ICMP port unreachable for UDP', () => {
    const c = cluster();
    const ip = nodeIP(c, 'node-2');
    expect(c.send({ from: { external: '198.51.100.7' }, to: `${ip}:31999` }).verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
    expect(c.send({ from: { external: '198.51.100.7' }, to: `${ip}:31999`, protocol: 'UDP' }).verdict).toEqual({
      kind: 'rejected',
      with: 'icmp-port-unreachable',
    });
  });

  it('a name that does not resolve is a dns-failure with its rcode; a request that cannot start is not-sent', () => {
    const c = cluster();
    expect(c.send({ from: { pod: 'client' }, to: 'nothing:80' }).verdict).toEqual({ kind: 'dns-failure', rcode: 'NXDOMAIN' });
    expect(c.send({ from: { pod: 'ghost' }, to: 'web:80' }).verdict).toEqual({ kind: 'not-sent' });
  });

  it('ping of a cluster IP is lost (timeout), not rejected', () => {
    const c = cluster();
    expect(c.send({ from: { pod: 'client' }, to: { ping: clusterIP(c, 'web') } }).verdict).toEqual({ kind: 'timeout' });
  });
});

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
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  selector: {app: nobody}
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: app}
spec:
  ingressClassName: nginx
  rules:
  - host: example.test
    http:
      paths:
      - {path: /app/, pathType: Prefix, backend: {service: {name: echo, port: {number: 80}}}}
      - {path: /empty, pathType: Prefix, backend: {service: {name: empty, port: {number: 80}}}}
      - {path: /away, pathType: Prefix, backend: {service: {name: away, port: {number: 80}}}}
---
apiVersion: v1
kind: Service
metadata: {name: away}
spec:
  type: ExternalName
  externalName: missing.default.svc.cluster.local
`;

describe('trace.http: the status line and headers of every HTTP answer', () => {
  const c = createCluster(BACKEND);
  const get = (uri: string, to = 'http://203.0.113.250') =>
    c.send({ from: { external: '198.51.100.7' }, to: `${to}${uri}`, host: 'example.test' });

  it("nginx's automatic 301 has its status line, a Location and nginx's own headers in header-filter order", () => {
    const trace = get('/app?x=1');
    expect(trace.verdict).toEqual({ kind: 'http', status: 301 });
    expect(trace.http).toMatchObject({ status: 301, reason: 'Moved Permanently', statusLine: 'HTTP/1.1 301 Moved Permanently' });
    expect(Object.keys(trace.http?.headers ?? {})).toEqual(['Date', 'Content-Type', 'Content-Length', 'Location', 'Connection']);
    expect(trace.http?.headers).toMatchObject({
      'Content-Type': 'text/html',
      // ngx_http_error_301_page with the server_tokens-off tail: the well-known 162 bytes.
      'Content-Length': '162',
      Location: 'http://example.test/app/?x=1',
      Connection: 'keep-alive',
    });
    expect(trace.http?.headers.Date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  it("a path no rule matches is the default backend's 404 (nginx's 146-byte page)", () => {
    const trace = get('/nothing');
    expect(trace.verdict).toEqual({ kind: 'http', status: 404 });
    expect(trace.http).toMatchObject({ statusLine: 'HTTP/1.1 404 Not Found', headers: { 'Content-Length': '146' } });
    expect(trace.http?.headers.Location).toBeUndefined();
  });

  it("an empty upstream is nginx's 503 Service Temporarily Unavailable (nginx's phrase, not Go's)", () => {
    const trace = get('/empty');
    expect(trace.verdict).toEqual({ kind: 'http', status: 503 });
    expect(trace.http?.statusLine).toBe('HTTP/1.1 503 Service Temporarily Unavailable');
    expect(trace.http?.headers['Content-Length']).toBe(String(nginxErrorPage(503).length));
  });

  it('plain HTTP on the https port is a 400 that closes the connection (ngx_http_error_497_page)', () => {
    const trace = get('/app/', 'http://203.0.113.250:443');
    expect(trace.verdict).toEqual({ kind: 'http', status: 400 });
    expect(trace.http?.headers).toMatchObject({ Connection: 'close' });
    expect(nginxErrorPage(400, true)).toContain('<center>The plain HTTP request was sent to HTTPS port</center>');
  });

  it("a backend name that does not resolve is nginx's 502; upstreamVerdict keeps how the controller's own connection ended", () => {
    const trace = get('/away');
    expect(trace.verdict).toEqual({ kind: 'http', status: 502 });
    expect(trace.upstreamVerdict).toEqual({ kind: 'dns-failure', rcode: 'NXDOMAIN' });
    expect(trace.http).toMatchObject({ statusLine: 'HTTP/1.1 502 Bad Gateway', headers: { 'Content-Type': 'text/html' } });
  });

  it('TLS to the http port fails the handshake: tls-failure, no HTTP answer', () => {
    const trace = get('/app/', 'https://203.0.113.250:80');
    expect(trace.verdict).toEqual({ kind: 'tls-failure' });
    expect(trace.http).toBeUndefined();
  });

  it('a proxied request is delivered to the pod; its 200 has a status line, the application headers are not modelled', () => {
    const trace = get('/app/x');
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    expect(trace.pod?.name).toMatch(/^echo-/);
    expect(trace.http).toMatchObject({ status: 200, statusLine: 'HTTP/1.1 200 OK', headers: {} });
  });
});
