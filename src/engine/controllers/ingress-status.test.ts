import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { yaml } from '../test-support/yaml';

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');
const SEED_13_8 = [seed('random-generator-deployment.yaml'), seed('13-1-simple-service.yaml'), seed('13-8-ingress.yaml')].join('---\n');

function ingress(name: string, extra = ''): string {
  return [
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    `metadata: {name: ${name}}`,
    'spec:',
    `${extra}  defaultBackend:`,
    '    service: {name: random-generator, port: {number: 80}}',
    '',
  ].join('\n');
}

describe('the ingress controller a fresh cluster holds (ingress-nginx as its chart installs it)', () => {
  const c = createCluster('');

  it('runs ingress-nginx-controller in namespace ingress-nginx behind a LoadBalancer Service on the last pool address', () => {
    const service = c.get('Service', 'ingress-nginx-controller', 'ingress-nginx');
    expect(service?.spec.type).toBe('LoadBalancer');
    expect(service?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.250' }]);
    expect(service?.spec.ports.map((p) => `${p.name ?? ''} ${p.port}->${String(p.targetPort)}`)).toEqual(['http 80->http', 'https 443->https']);
    const pods = c.objects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'ingress-nginx');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' });
    expect(c.endpoints('ingress-nginx-controller', 'ingress-nginx')?.subsets[0]?.ports?.map((p) => p.port)).toEqual([80, 443]);
  });

  it('has the default IngressClass nginx for controller k8s.io/ingress-nginx', () => {
    expect(c.get('IngressClass', 'nginx')).toMatchObject({
      metadata: { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'k8s.io/ingress-nginx' },
    });
  });

  it("users' LoadBalancer Services still get the first pool addresses", () => {
    const user = createCluster(yaml`
      apiVersion: v1
      kind: Service
      metadata: {name: lb}
      spec: {type: LoadBalancer, ports: [{port: 80}]}
    `);
    expect(user.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.10' }]);
  });
});

describe('Ingress status and class (DefaultIngressClass admission, ingress-nginx status sync)', () => {
  it("the seed's class-less 13-8 gets ingressClassName nginx on create and the controller's address", () => {
    const c = createCluster(SEED_13_8);
    const ing = c.get('Ingress', 'random-generator');
    expect(ing?.spec.ingressClassName).toBe('nginx');
    expect(ing?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.250' }]);
  });

  it('with ingressController NodePort: a NodePort Service, and the InternalIP of the node the controller pod runs on', () => {
    const c = createCluster(SEED_13_8, { ingressController: 'NodePort' });
    expect(c.get('Service', 'ingress-nginx-controller', 'ingress-nginx')?.spec.type).toBe('NodePort');
    const pod = c.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'ingress-nginx');
    const node = pod?.kind === 'Pod' ? pod.spec.nodeName : undefined;
    const ip = c.nodes().find((n) => n.metadata.name === node)?.status.addresses[0]?.address;
    expect(c.get('Ingress', 'random-generator')?.status.loadBalancer.ingress).toEqual([{ ip }]);
  });

  it("with ingressController none: no controller, no address, and a warning that nothing serves the Ingress", () => {
    const c = createCluster(SEED_13_8, { ingressController: 'none' });
    expect(c.objects().filter((o) => o.metadata.namespace === 'ingress-nginx')).toEqual([]);
    expect(c.get('IngressClass', 'nginx')).toBeUndefined();
    expect(c.get('Ingress', 'random-generator')?.status.loadBalancer.ingress).toBeUndefined();
    expect(c.diagnostics.some((d) => d.name === 'random-generator' && d.message.includes('no ingress controller serves'))).toBe(true);
  });

  it('an Ingress of another class gets no address and a warning on spec.ingressClassName; a pasted status is dropped on create', () => {
    const c = createCluster(
      seed('13-1-simple-service.yaml') +
        ingress('other', '  ingressClassName: traefik\n') +
        'status:\n  loadBalancer:\n    ingress: [{ip: 1.2.3.4}]\n',
    );
    expect(c.get('Ingress', 'other')?.status.loadBalancer.ingress).toBeUndefined();
    const warning = c.diagnostics.find((d) => d.name === 'other' && d.message.includes('no ingress controller serves'));
    expect(warning).toMatchObject({ severity: 'warning', field: 'spec.ingressClassName' });
    expect(warning?.message).toContain('class "traefik": IngressClass "traefik" does not exist');
  });

  it('an invalid ingressController option is a warning and the default is used', () => {
    const c = createCluster('', { ingressController: 'Traefik' as never });
    expect(c.options.ingressController).toBe('LoadBalancer');
    expect(c.diagnostics[0]?.message).toContain('option ingressController: "Traefik" is not one of LoadBalancer, NodePort, none');
  });
});

describe('Ingress backend ports (the API means the Service port; ingress-nginx also accepts a targetPort)', () => {
  it("13-8's servicePort 8080 is the targetPort of port 80: a warning that names both", () => {
    const c = createCluster(SEED_13_8);
    const warning = c.diagnostics.find((d) => d.name === 'random-generator' && d.field === 'spec.backend');
    expect(warning?.message).toContain('Service "random-generator" has no port 8080 (its ports: 80->8080); ingress-nginx also accepts a targetPort and routes to port 80');
  });

  it('a port the Service does not have at all means 503', () => {
    const c = createCluster(seed('13-1-simple-service.yaml') + ingress('web').replace('number: 80', 'number: 9999'));
    expect(c.diagnostics.find((d) => d.name === 'web')?.message).toContain('has no port 9999 (its ports: 80->8080): the ingress controller answers 503');
  });
});

// kubectl apply's three-way merge keeps fields the server set and the user never wrote, such as the
// class the DefaultIngressClass admission plugin filled in on create.
describe('re-applying an Ingress without a class', () => {
  it('keeps the default class set on create, so the controller keeps serving it', () => {
    const c = createCluster(SEED_13_8);
    expect(c.get('Ingress', 'random-generator')?.spec.ingressClassName).toBe('nginx');
    expect(c.apply(seed('13-8-ingress.yaml')).filter((d) => d.severity === 'error' || d.message.includes('no ingress controller'))).toEqual([]);
    const again = c.get('Ingress', 'random-generator');
    expect(again?.spec.ingressClassName).toBe('nginx');
    expect(again?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.250' }]);
  });
});
