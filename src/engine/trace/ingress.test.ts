import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { Trace } from './types';
import { podYaml, serviceYaml } from './fixtures';

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');
const CLIENT = '198.51.100.7';
const INGRESS_IP = '203.0.113.250';

/** The cluster-status backend of the seed's 13-9 (the chapter shows only the Ingress). */
const CLUSTER_STATUS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cluster-status}
spec:
  replicas: 2
  selector: {matchLabels: {app: cluster-status}}
  template:
    metadata: {labels: {app: cluster-status}}
    spec:
      containers:
      - {name: cluster-status, image: k8spatterns/cluster-status:1.0, ports: [{containerPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: cluster-status}
spec:
  selector: {app: cluster-status}
  ports: [{port: 80, targetPort: 8080}]
`;

const BACKENDS = [seed('random-generator-deployment.yaml'), seed('13-1-simple-service.yaml')].join('---\n') + CLUSTER_STATUS;

/** 13-9 in networking.k8s.io/v1: pathType Prefix (what ingress-nginx makes of ImplementationSpecific) and the Service ports. */
const V1_13_9 = `
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: random-generator
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: random-generator, port: {number: 80}}
      - path: /cluster-status
        pathType: Prefix
        backend:
          service: {name: cluster-status, port: {number: 80}}
`;

function get(c: Cluster, path: string, extra: { host?: string; scheme?: string; to?: string } = {}): Trace {
  return c.send({
    from: { external: CLIENT },
    to: extra.to ?? `${extra.scheme ?? 'http'}://${INGRESS_IP}${path}`,
    ...(extra.host ? { host: extra.host } : {}),
  });
}

function components(trace: Trace): string[] {
  return [...new Set(trace.hops.map((h) => h.component))];
}

describe.each([
  ['seed 13-9 (networking.k8s.io/v1beta1)', seed('13-9-nginx-ingress.yaml')],
  ['13-9 in networking.k8s.io/v1', V1_13_9],
])('%s, traced from outside through the ingress controller', (_, ingress) => {
  const c = createCluster(`${BACKENDS}---\n${ingress}`);

  it('/ reaches a random-generator pod with path /', () => {
    for (let i = 0; i < 6; i++) {
      const trace = get(c, '/');
      expect(trace.ok, trace.reason).toBe(true);
      expect(trace.pod?.name).toMatch(/^random-generator-/);
      expect(trace.http).toMatchObject({ status: 200, path: '/', backendPath: '/', ingress: 'default/random-generator' });
    }
  });

  it('/cluster-status reaches a cluster-status pod, which sees the path / (rewrite-target /)', () => {
    const trace = get(c, '/cluster-status');
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.pod?.name).toMatch(/^cluster-status-/);
    expect(trace.http).toMatchObject({ status: 200, path: '/cluster-status', backendPath: '/' });
    expect(trace.http?.rule).toContain('path /cluster-status');
    const l7 = trace.hops.find((h) => h.component === 'ingress-controller');
    expect(l7?.note).toContain('~* "^/cluster-status"');
    expect(l7?.note).toContain('rewrite-target / → the backend sees GET /');
  });

  it('goes client -> cloud LB -> node -> kube-proxy -> the controller (L7) -> the backend pod, the last leg from the controller pod', () => {
    const trace = get(c, '/cluster-status/nodes');
    expect(components(trace)).toEqual(['client', 'cloud-lb', 'node', 'kube-proxy', 'ingress-controller', 'pod']);
    const controllerIP = c.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'ingress-nginx');
    const ip = controllerIP?.kind === 'Pod' ? controllerIP.status.podIP : '';
    expect(trace.sourceIpSeenByPod).toBe(ip);
    expect(trace.http?.backendPath).toBe('/');
    // The controller balances over the endpoints itself: no kube-proxy hop after it.
    const after = trace.hops.slice(trace.hops.findIndex((h) => h.component === 'ingress-controller'));
    expect(after.some((h) => h.component === 'kube-proxy')).toBe(false);
  });

  it('the L7 hop is case-insensitive in regex mode: /CLUSTER-STATUS goes to cluster-status too', () => {
    expect(get(c, '/CLUSTER-STATUS').pod?.name).toMatch(/^cluster-status-/);
  });
});

describe("seed 13-8: a default backend only (servicePort 8080, the Service's targetPort)", () => {
  const c = createCluster(`${BACKENDS}---\n${seed('13-8-ingress.yaml')}`);

  it.each(['/', '/anything/at/all'])('%s reaches a random-generator pod unchanged', (path) => {
    const trace = get(c, path);
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.pod?.name).toMatch(/^random-generator-/);
    expect(trace.http).toMatchObject({ status: 200, backendPath: path });
    expect(trace.hops.some((h) => h.note.includes('targetPort 8080 of port 80'))).toBe(true);
  });
});

const HOSTS = `${BACKENDS}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  tls:
  - hosts: [secure.example.com]
    secretName: secure-tls
  defaultBackend:
    service: {name: cluster-status, port: {number: 80}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: random-generator, port: {number: 80}}}}
      - {path: /api/status, pathType: Exact, backend: {service: {name: cluster-status, port: {number: 80}}}}
      - {path: /gone, pathType: Prefix, backend: {service: {name: no-such-service, port: {number: 80}}}}
      - {path: /idle, pathType: Prefix, backend: {service: {name: idle, port: {number: 80}}}}
      - {path: /badport, pathType: Prefix, backend: {service: {name: random-generator, port: {name: grpc}}}}
  - host: "*.example.com"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: cluster-status, port: {number: 80}}}}
  - host: secure.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: random-generator, port: {number: 80}}}}
---
${serviceYaml('idle', { selector: { app: 'nobody' } })}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: rewrite
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /$2}
spec:
  rules:
  - host: rewrite.bar.com
    http:
      paths:
      - {path: /something(/|$)(.*), pathType: ImplementationSpecific, backend: {service: {name: cluster-status, port: {number: 80}}}}
`;

describe('hosts, paths, default backend, 404 and 503 (v1 Ingress with several rules)', () => {
  const c = createCluster(HOSTS);

  it('an external client resolves a rule host to the Ingress address (public DNS, as external-dns would publish it)', () => {
    const trace = get(c, '', { to: 'http://shop.example.com/api/v1' });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.hops[0]?.component).toBe('dns');
    expect(trace.hops[0]?.note).toContain(`-> A ${INGRESS_IP}`);
    expect(trace.hops[0]?.note).toContain('Ingress default/shop');
    expect(trace.pod?.name).toMatch(/^random-generator-/);
  });

  it.each([
    ['shop.example.com', '/api', 'random-generator', 'Prefix /api'],
    ['shop.example.com', '/api/status', 'cluster-status', 'Exact beats the Prefix /api'],
    ['shop.example.com', '/api/status/x', 'random-generator', 'Exact matches only the exact path'],
    ['shop.example.com', '/apis', 'cluster-status', 'Prefix is element-wise, so the host falls to the defaultBackend'],
    ['blog.example.com', '/', 'cluster-status', 'wildcard *.example.com covers one label'],
    ['SHOP.example.com:80', '/api', 'random-generator', 'Host compared case-insensitively, without the port'],
  ])('Host %s, path %s -> %s (%s)', (host, path, backend) => {
    const trace = get(c, path, { host });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.pod?.name.startsWith(`${backend}-`)).toBe(true);
  });

  it.each([
    ['a.blog.example.com', '/', 'the wildcard does not cover two labels; the default server has no rule'],
    [INGRESS_IP, '/api', 'an address as Host selects the default server, which only has the controller default backend'],
  ])('Host %s, path %s -> 404 (%s)', (host, path) => {
    const trace = get(c, path, { host });
    expect(trace.ok).toBe(false);
    expect(trace.http?.status).toBe(404);
    expect(trace.reason).toContain('HTTP 404 Not Found');
    expect(trace.hops.at(-1)?.component).toBe('ingress-controller');
  });

  it.each([
    ['/gone', 'Service default/no-such-service does not exist'],
    ['/idle', 'Service idle has no ready endpoints'],
    ['/badport', 'Service random-generator has no port matching random-generator:grpc'],
  ])('%s -> 503 from the controller: %s', (path, why) => {
    const trace = get(c, path, { host: 'shop.example.com' });
    expect(trace.ok).toBe(false);
    expect(trace.http?.status).toBe(503);
    expect(trace.reason).toContain('HTTP 503 Service Temporarily Unavailable');
    expect(trace.reason).toContain(why);
  });

  it('the last ready endpoint going unready turns 200 into 503', () => {
    const d = createCluster(HOSTS);
    for (const o of d.objects())
      if (o.kind === 'Pod' && o.metadata.name.startsWith('cluster-status-')) d.setPodReady(o.metadata.name, false);
    expect(get(d, '/api/status', { host: 'shop.example.com' }).http?.status).toBe(503);
  });

  it.each([
    ['/something', '/'],
    ['/something/', '/'],
    ['/something/new', '/new'],
  ])(
    'rewrite-target /$2 with path /something(/|$)(.*): %s reaches the backend as %s (ingress-nginx rewrite example)',
    (path, backendPath) => {
      const trace = get(c, path, { host: 'rewrite.bar.com' });
      expect(trace.ok, trace.reason).toBe(true);
      expect(trace.http?.backendPath).toBe(backendPath);
    },
  );
});

describe('TLS at the controller (ssl-redirect defaults to true)', () => {
  const c = createCluster(HOSTS);

  it('https to a host in tls: TLS terminated with the Ingress secret, then proxied', () => {
    const trace = get(c, '/', { to: 'https://secure.example.com/' });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.hops.find((h) => h.component === 'ingress-controller')?.note).toContain(
      'TLS is terminated here with the certificate of Secret secure-tls',
    );
    expect(trace.hops[1]?.packet.dst).toBe(`${INGRESS_IP}:443`);
  });

  it('http to a host in tls: 308 Permanent Redirect to https', () => {
    const trace = get(c, '/a?b=1', { to: 'http://secure.example.com/a?b=1' });
    expect(trace.ok).toBe(false);
    expect(trace.http?.status).toBe(308);
    expect(trace.http?.headers.Location).toBe('https://secure.example.com/a?b=1');
    expect(trace.reason).toContain('HTTP 308 Permanent Redirect to https://secure.example.com/a?b=1');
  });

  it("https to a host not in tls: the controller's fake certificate, said in the note", () => {
    const trace = get(c, '/', { to: 'https://blog.example.com/' });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.hops.find((h) => h.component === 'ingress-controller')?.note).toContain('Kubernetes Ingress Controller Fake Certificate');
  });

  it('plain HTTP to the https port: 400', () => {
    const trace = get(c, '/', { to: `http://${INGRESS_IP}:443/`, host: 'shop.example.com' });
    expect(trace.http?.status).toBe(400);
    expect(trace.reason).toContain('plain HTTP request was sent to HTTPS port');
  });
});

describe('other ways in', () => {
  it("a pod inside the cluster reaches the ingress address through kube-proxy's load-balancer-IP rules", () => {
    const c = createCluster(`${BACKENDS}---\n${seed('13-9-nginx-ingress.yaml')}${podYaml('client')}`);
    const trace = c.send({ from: { pod: 'client' }, to: `http://${INGRESS_IP}/cluster-status` });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.hops.some((h) => h.rule?.includes('loadbalancer IP'))).toBe(true);
    expect(trace.pod?.name).toMatch(/^cluster-status-/);
  });

  it('with ingressController NodePort the controller answers on its nodePort', () => {
    const c = createCluster(`${BACKENDS}---\n${seed('13-9-nginx-ingress.yaml')}`, { ingressController: 'NodePort' });
    const nodePort = c.get('Service', 'ingress-nginx-controller', 'ingress-nginx')?.spec.ports[0]?.nodePort;
    const address = c.get('Ingress', 'random-generator')?.status.loadBalancer.ingress?.[0]?.ip ?? '';
    const trace = get(c, '', { to: `http://${address}:${String(nodePort)}/cluster-status` });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.pod?.name).toMatch(/^cluster-status-/);
    // The published address is a node's; port 80 there has no listener (baremetal: use the nodePort).
    expect(get(c, '', { to: `http://${address}/` }).reason).toContain('connection refused');
  });

  it('an Ingress of a class nobody serves routes nothing: its host gets the 404', () => {
    const c = createCluster(`${BACKENDS}---\n${V1_13_9.replace('ingressClassName: nginx', 'ingressClassName: traefik')}`);
    expect(get(c, '/cluster-status').http?.status).toBe(404);
  });
});

/**
 * A default backend that no rule uses: only an unmatched request can reach it. The Ingress
 * specification: "defaultBackend is the backend that should handle requests that don't match any
 * rule" (https://kubernetes.io/docs/concepts/services-networking/ingress/#default-backend); in
 * networking.k8s.io/v1beta1 the field is `backend` (serviceName/servicePort).
 */
const FALLBACK_BACKENDS =
  serviceYaml('web', { selector: { app: 'web' } }) +
  podYaml('web-1', { labels: { app: 'web' }, port: 8080 }) +
  serviceYaml('fallback', { selector: { app: 'fallback' } }) +
  podYaml('fallback-1', { labels: { app: 'fallback' }, port: 8080 });

describe.each([
  [
    'networking.k8s.io/v1 defaultBackend',
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop}
spec:
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`,
  ],
  [
    'networking.k8s.io/v1beta1 backend',
    `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: {name: shop}
spec:
  backend: {serviceName: fallback, servicePort: 80}
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /api, backend: {serviceName: web, servicePort: 80}}
`,
  ],
])('%s: a Service no rule uses serves the requests no rule matches', (_, ingress) => {
  const c = createCluster(`${FALLBACK_BACKENDS}---\n${ingress}`);

  it('no error; the fallback Service appears in no rule path', () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const paths = c.get('Ingress', 'shop')?.spec.rules?.flatMap((r) => r.http?.paths ?? []) ?? [];
    expect(paths.map((p) => p.backend.service?.name)).toEqual(['web']);
    expect(c.get('Ingress', 'shop')?.spec.defaultBackend?.service).toEqual({ name: 'fallback', port: { number: 80 } });
  });

  it.each(['/', '/other', '/apis'])(
    'Host shop.example.com, %s matches no rule path: the fallback pod gets it, and the L7 hop says the default backend served it',
    (path) => {
      const trace = get(c, path, { host: 'shop.example.com' });
      expect(trace.ok, trace.reason).toBe(true);
      expect(trace.pod?.name).toBe('fallback-1');
      expect(trace.http).toMatchObject({
        status: 200,
        path,
        backendPath: path,
        ingress: 'default/shop',
        rule: 'defaultBackend fallback:80 of Ingress default/shop',
      });
      const l7 = trace.hops.find((h) => h.component === 'ingress-controller');
      expect(l7?.rule).toBe('defaultBackend fallback:80 of Ingress default/shop');
      expect(l7?.note).toContain(`no path of the host's rules matches ${path}`);
      expect(l7?.note).toContain('the defaultBackend fallback:80 of Ingress default/shop serves it');
    },
  );

  it('a request a rule matches does not reach the default backend', () => {
    const trace = get(c, '/api/v1', { host: 'shop.example.com' });
    expect(trace.pod?.name).toBe('web-1');
    expect(trace.hops.find((h) => h.component === 'ingress-controller')?.note).not.toContain('defaultBackend');
  });

  it("another Host is not this Ingress's: the default server answers 404 (the Ingress has rules, so its default backend is not the catch-all)", () => {
    const trace = get(c, '/other', { host: 'other.example.com' });
    expect(trace.http?.status).toBe(404);
    expect(trace.pod).toBeUndefined();
  });
});

describe('a rule-less Ingress with a default backend takes the catch-all server (ingress-nginx createServers)', () => {
  it('seed 13-8: every Host and path reaches it, and the L7 hop names the default backend', () => {
    const c = createCluster(`${BACKENDS}---\n${seed('13-8-ingress.yaml')}`);
    const trace = get(c, '/x', { host: 'anything.example.org' });
    expect(trace.pod?.name).toMatch(/^random-generator-/);
    const note = trace.hops.find((h) => h.component === 'ingress-controller')?.note ?? '';
    expect(note).toContain(
      'the defaultBackend random-generator:8080 of Ingress default/random-generator serves it: that Ingress has no rules',
    );
  });
});

/**
 * The backend port by name: networking.k8s.io/v1 ServiceBackendPort `name`
 * (https://kubernetes.io/docs/reference/kubernetes-api/service-resources/ingress-v1/), which
 * ingress-nginx matches against the Service port's name (serviceEndpoints in
 * internal/ingress/controller/controller.go), then takes the Endpoints port of that name.
 */
describe('v1 backend service.port.name', () => {
  const yaml = `apiVersion: v1
kind: Service
metadata: {name: multi}
spec:
  selector: {app: multi}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: admin, port: 9000, targetPort: 9090}
---
apiVersion: v1
kind: Pod
metadata: {name: multi-1, labels: {app: multi}}
spec:
  containers: [{name: c, image: nginx, ports: [{containerPort: 8080}, {containerPort: 9090}]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: named}
spec:
  rules:
  - host: named.example.com
    http:
      paths:
      - {path: /admin, pathType: Prefix, backend: {service: {name: multi, port: {name: admin}}}}
      - {path: /, pathType: Prefix, backend: {service: {name: multi, port: {name: http}}}}
`;
  const c = createCluster(yaml);

  it.each([
    ['/admin/users', 'admin', 9000, 9090],
    ['/', 'http', 80, 8080],
  ])('%s -> port name %s: the Service port %i, the pod port %i', (path, name, servicePort, podPort) => {
    expect(c.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const trace = get(c, path, { host: 'named.example.com' });
    expect(trace.ok, trace.reason).toBe(true);
    expect(trace.pod).toMatchObject({ name: 'multi-1', port: podPort });
    expect(trace.http?.status).toBe(200);
    const [route, upstream] = trace.hops.filter((h) => h.component === 'ingress-controller');
    expect(route?.note).toContain(`backend multi:${name}.`);
    expect(upstream?.note).toContain(`The upstream default-multi-${name} is Service multi, port name ${name} (${servicePort})`);
    expect(upstream?.rule).toBe(`upstream default-multi-${name} { server ${trace.pod?.ip ?? ''}:${podPort}; }`);
  });
});
