/**
 * The Ingress -> Gateway API conversion (ingress2gateway's ingress-nginx provider, see
 * ingress2gateway.ts), on the seed chapter's Ingress examples 13-8 and 13-9 and on cases of
 * kubernetes-sigs/ingress2gateway's provider tests; the converted objects are applied to the same
 * cluster and the same request is sent through ingress-nginx and through the Gateway.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { Ingress } from '../model/types';
import { convertIngresses, nameFromHost } from './ingress2gateway';

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');
const CLIENT = '198.51.100.7';
const INGRESS_IP = '203.0.113.250';

const CLUSTER_STATUS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cluster-status}
spec:
  replicas: 1
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

function convert(c: Cluster): ReturnType<typeof convertIngresses> {
  const objects = c.objects();
  const ingresses = objects.filter((o): o is Ingress => o.kind === 'Ingress');
  return convertIngresses(ingresses, { services: c.objects().flatMap((o) => (o.kind === 'Service' ? [o] : [])) });
}

function app(c: Cluster, pod: { name: string; namespace: string } | undefined): string | undefined {
  return pod ? c.get('Pod', pod.name, pod.namespace)?.metadata.labels?.app : undefined;
}

function gatewayIP(c: Cluster): string {
  return c.get('Gateway', 'nginx')?.status.addresses?.[0]?.value ?? '';
}

describe('seed 13-9 (v1beta1, rewrite-target /, no host, no class: admitted with the default class nginx)', () => {
  const c = createCluster(`${BACKENDS}---\n${seed('13-9-nginx-ingress.yaml')}`);
  const result = convert(c);

  it('becomes Gateway nginx (class eg, listener http) and HTTPRoute random-generator-all-hosts with a rule per path and URLRewrite ReplaceFullPath /', () => {
    const [gateway, route] = result.objects;
    expect(gateway).toMatchObject({
      kind: 'Gateway',
      metadata: { name: 'nginx', namespace: 'default' },
      spec: { gatewayClassName: 'eg', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] },
    });
    expect(route).toMatchObject({
      kind: 'HTTPRoute',
      metadata: { name: 'random-generator-all-hosts' },
      spec: { parentRefs: [{ name: 'nginx' }] },
    });
    const rules = (route?.spec as { rules: { matches: unknown; filters: unknown; backendRefs: unknown }[] }).rules;
    expect(rules.map((r) => r.matches)).toEqual([
      [{ path: { type: 'PathPrefix', value: '/' } }],
      [{ path: { type: 'PathPrefix', value: '/cluster-status' } }],
    ]);
    expect(rules[0]?.filters).toEqual([{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/' } } }]);
    expect(rules.map((r) => r.backendRefs)).toEqual([[{ name: 'random-generator', port: 8080 }], [{ name: 'cluster-status', port: 80 }]]);
    expect(result.yaml).toContain('kind: HTTPRoute');
  });

  it('flags servicePort 8080: the targetPort ingress-nginx accepts, which a Gateway backendRef cannot name', () => {
    const warning = result.notes.find((n) => n.field === 'spec.rules[0].http.paths[0].backend');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toContain('changed to 80');
  });

  it('applied, /cluster-status/x reaches cluster-status as / through both; / shows the port problem (500 via the Gateway)', () => {
    const applied = c.apply(result.yaml);
    expect(applied.filter((d) => d.severity === 'error')).toEqual([]);
    expect(applied.some((d) => d.field === 'spec.rules[0].backendRefs[0]' && d.message.includes('BackendNotFound'))).toBe(true);
    const viaIngress = c.send({ from: { external: CLIENT }, to: `http://${INGRESS_IP}/cluster-status/x` });
    const viaGateway = c.send({ from: { external: CLIENT }, to: `http://${gatewayIP(c)}/cluster-status/x` });
    expect([app(c, viaIngress.pod), viaIngress.http?.backendPath]).toEqual(['cluster-status', '/']);
    expect([app(c, viaGateway.pod), viaGateway.http?.backendPath]).toEqual(['cluster-status', '/']);
    expect(c.send({ from: { external: CLIENT }, to: `http://${INGRESS_IP}/` }).http?.status).toBe(200);
    expect(c.send({ from: { external: CLIENT }, to: `http://${gatewayIP(c)}/` }).http?.status).toBe(500);
    c.apply(result.yaml.replace('port: 8080', 'port: 80'));
    const fixed = c.send({ from: { external: CLIENT }, to: `http://${gatewayIP(c)}/` });
    expect(app(c, fixed.pod)).toBe('random-generator');
  });
});

describe('seed 13-8 (v1beta1 backend only)', () => {
  const c = createCluster(`${BACKENDS}---\n${seed('13-8-ingress.yaml')}`);
  const result = convert(c);

  it('becomes HTTPRoute random-generator-default-backend, and a Gateway with an http listener the tool would not emit (noted)', () => {
    expect(result.objects.map((o) => `${String(o.kind)}/${(o.metadata as { name: string }).name}`)).toEqual([
      'Gateway/nginx',
      'HTTPRoute/random-generator-default-backend',
    ]);
    expect(result.notes.some((n) => n.severity === 'info' && n.message.includes('only a defaultBackend'))).toBe(true);
    expect(result.notes.some((n) => n.field === 'spec.defaultBackend' && n.message.includes('targetPort'))).toBe(true);
  });
});

describe('annotations and hosts (ingress2gateway providers/ingressnginx)', () => {
  const ingress = (annotations: string, spec: string): string => `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: ${annotations}
spec:
  ingressClassName: nginx
${spec}`;
  const rules = `  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /app, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;
  const service =
    '---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n';

  function run(yaml: string): ReturnType<typeof convertIngresses> {
    return convert(createCluster(service + yaml));
  }

  it('NameFromHost replaces everything but letters and digits with -', () => {
    expect(nameFromHost('shop.example.com')).toBe('shop-example-com');
    expect(nameFromHost('*.example.com')).toBe('example-com');
    expect(nameFromHost('')).toBe('all-hosts');
  });

  it('use-regex on a host: case-insensitive RegularExpression paths (regex.go), with an info note', () => {
    const result = run(ingress('{nginx.ingress.kubernetes.io/use-regex: "true"}', rules));
    const route = result.objects.find((o) => o.kind === 'HTTPRoute') as {
      metadata: { name: string };
      spec: { hostnames: string[]; rules: { matches: unknown }[] };
    };
    expect(route.metadata.name).toBe('web-shop-example-com');
    expect(route.spec.hostnames).toEqual(['shop.example.com']);
    expect(route.spec.rules[0]?.matches).toEqual([{ path: { type: 'RegularExpression', value: '(?i)/app.*' } }]);
    expect(result.notes.some((n) => n.message.includes('case-insensitive regex'))).toBe(true);
  });

  it('an annotation without equivalent is flagged at its field ("Unsupported annotation"); one converted elsewhere says so', () => {
    const result = run(
      ingress(
        '{nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers X: y;", nginx.ingress.kubernetes.io/enable-cors: "true"}',
        rules,
      ),
    );
    const snippet = result.notes.find((n) => n.field === 'metadata.annotations[nginx.ingress.kubernetes.io/configuration-snippet]');
    expect(snippet?.message).toContain('Unsupported annotation');
    expect(result.notes.find((n) => n.field?.includes('enable-cors'))?.message).toContain('CORS');
  });

  it('permanent-redirect becomes a RequestRedirect 301 (redirect.go)', () => {
    const result = run(ingress('{nginx.ingress.kubernetes.io/permanent-redirect: "https://www.example.org/new"}', rules));
    const route = result.objects.find((o) => o.kind === 'HTTPRoute') as { spec: { rules: { filters: unknown; backendRefs?: unknown }[] } };
    expect(route.spec.rules[0]?.filters).toEqual([
      {
        type: 'RequestRedirect',
        requestRedirect: {
          scheme: 'https',
          hostname: 'www.example.org',
          path: { type: 'ReplaceFullPath', replaceFullPath: '/new' },
          statusCode: 301,
        },
      },
    ]);
    expect(route.spec.rules[0]?.backendRefs).toBeUndefined();
  });

  it('tls for the host: an https listener with the Secret, the route on it, and <route>-http answering 308 to https (addSSLAndTrailingSlashRedirects)', () => {
    const result = run(ingress('{}', `  tls: [{hosts: [shop.example.com], secretName: shop-tls}]\n${rules}`));
    const [gateway, route, redirect] = result.objects as { metadata: { name: string }; spec: Record<string, unknown> }[];
    expect(gateway?.spec.listeners).toEqual([
      { name: 'shop-example-com-http', hostname: 'shop.example.com', port: 80, protocol: 'HTTP' },
      {
        name: 'shop-example-com-https',
        hostname: 'shop.example.com',
        port: 443,
        protocol: 'HTTPS',
        tls: { certificateRefs: [{ group: '', kind: 'Secret', name: 'shop-tls' }] },
      },
    ]);
    expect(route?.spec.parentRefs).toEqual([{ name: 'nginx', sectionName: 'shop-example-com-https' }]);
    expect(redirect?.metadata.name).toBe('web-shop-example-com-http');
    expect(redirect?.spec.parentRefs).toEqual([{ name: 'nginx', port: 80 }]);
    expect(redirect?.spec.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/app' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }],
      },
    ]);
  });
});
