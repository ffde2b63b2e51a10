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
    expect(service?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.250', ipMode: 'VIP' }]);
    expect(service?.spec.ports.map((p) => `${p.name ?? ''} ${p.port}->${String(p.targetPort)}`)).toEqual([
      'http 80->http',
      'https 443->https',
    ]);
    const pods = c.objects().filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'ingress-nginx');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    });
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
    expect(user.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.10', ipMode: 'VIP' }]);
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

  it('with ingressController none: no controller, no address, and a warning that nothing serves the Ingress', () => {
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
    expect(warning?.message).toContain(
      'Service "random-generator" has no port 8080 (its ports: 80->8080); ingress-nginx also accepts a targetPort and routes to port 80',
    );
  });

  it('a port the Service does not have at all means 503', () => {
    const c = createCluster(seed('13-1-simple-service.yaml') + ingress('web').replace('number: 80', 'number: 9999'));
    expect(c.diagnostics.find((d) => d.name === 'web')?.message).toContain(
      'has no port 9999 (its ports: 80->8080): the ingress controller answers 503',
    );
  });
});

// kubectl apply's three-way merge keeps fields the server set and the user never wrote, such as the
// class the DefaultIngressClass admission plugin filled in on create.
describe('re-applying an Ingress without a class', () => {
  it('keeps the default class set on create, so the controller keeps serving it', () => {
    const c = createCluster(SEED_13_8);
    expect(c.get('Ingress', 'random-generator')?.spec.ingressClassName).toBe('nginx');
    expect(c.apply(seed('13-8-ingress.yaml')).filter((d) => d.severity === 'error' || d.message.includes('no ingress controller'))).toEqual(
      [],
    );
    const again = c.get('Ingress', 'random-generator');
    expect(again?.spec.ingressClassName).toBe('nginx');
    expect(again?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.250' }]);
  });
});

// ingress-nginx's status sync (internal/ingress/status/status.go, runningAddresses): without
// --publish-service (the NodePort/baremetal install) it publishes the node address of each
// Running and Ready controller pod; with it (the LoadBalancer install) the Service's load
// balancer address, whatever the pods' readiness. The node lifecycle controller marks a NotReady
// node's pods Ready=False (pkg/controller/nodelifecycle, MarkPodsNotReady). Each status write is
// an Ingress update that ingress-nginx answers with a Sync event "Scheduled for sync"
// (internal/ingress/controller/store/store.go).
describe('Ingress status follows the controller pods after runtime actions (status.go runningAddresses)', () => {
  type Cluster = ReturnType<typeof createCluster>;
  interface Controller {
    pod: string;
    node: string;
    /** A node that runs no controller pod. */
    other: string;
  }
  const controllerOf = (c: Cluster): Controller => {
    const pod = c.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'ingress-nginx');
    const node = pod?.kind === 'Pod' ? (pod.spec.nodeName ?? '') : '';
    const other = c.nodes().find((n) => n.metadata.name !== node)?.metadata.name ?? '';
    return { pod: pod?.metadata.name ?? '', node, other };
  };
  const ipOf = (c: Cluster, node: string): string =>
    c
      .nodes()
      .find((n) => n.metadata.name === node)
      ?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  const status = (c: Cluster) => c.get('Ingress', 'random-generator')?.status.loadBalancer.ingress;
  const syncEvents = (c: Cluster) => c.events().filter((e) => e.reason === 'Sync' && e.kind === 'Ingress' && e.name === 'random-generator');
  /** A second controller pod (as a DaemonSet or a second replica would run), on the node no controller pod is on. */
  const secondController = (node: string): string => yaml`
    apiVersion: v1
    kind: Pod
    metadata:
      name: ingress-nginx-controller-extra
      namespace: ingress-nginx
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/instance: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      nodeName: ${node}
      containers: [{name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.12.1}]
  `;

  const cases: {
    name: string;
    mode: 'NodePort' | 'LoadBalancer';
    act: (c: Cluster, ctl: Controller) => void;
    /** The addresses expected afterwards, from the cluster as it stands. */
    expected: (c: Cluster, ctl: Controller) => { ip: string }[] | undefined;
    /** Whether the action changes the status (and so records a Sync event). */
    changes: boolean;
  }[] = [
    {
      name: "NodePort: the controller's node fails, its pod is no longer Ready, the Ingress has no address left",
      mode: 'NodePort',
      act: (c, ctl) => c.setNodeReady(ctl.node, false),
      expected: () => undefined,
      changes: true,
    },
    {
      name: "NodePort: the controller's node fails and comes back, the address is published again",
      mode: 'NodePort',
      act: (c, ctl) => {
        c.setNodeReady(ctl.node, false);
        c.setNodeReady(ctl.node, true);
      },
      expected: (c, ctl) => [{ ip: ipOf(c, ctl.node) }],
      changes: true,
    },
    {
      name: 'NodePort: a node without a controller pod fails, the status is left as it was',
      mode: 'NodePort',
      act: (c, ctl) => c.setNodeReady(ctl.other, false),
      expected: (c, ctl) => [{ ip: ipOf(c, ctl.node) }],
      changes: false,
    },
    {
      name: "NodePort: the controller pod's readiness probe fails (act setPodReady), its node leaves the status",
      mode: 'NodePort',
      act: (c, ctl) => c.act({ type: 'setPodReady', pod: ctl.pod, namespace: 'ingress-nginx', ready: false }),
      expected: () => undefined,
      changes: true,
    },
    {
      name: 'NodePort: the probe fails and passes again, the node is back',
      mode: 'NodePort',
      act: (c, ctl) => {
        c.setPodReady(ctl.pod, false, 'ingress-nginx');
        c.setPodReady(ctl.pod, true, 'ingress-nginx');
      },
      expected: (c, ctl) => [{ ip: ipOf(c, ctl.node) }],
      changes: true,
    },
    {
      name: 'NodePort: restarting the controller pod leaves it Running and Ready, and the status as it was',
      mode: 'NodePort',
      act: (c, ctl) => c.act({ type: 'restartPod', pod: ctl.pod, namespace: 'ingress-nginx' }),
      expected: (c, ctl) => [{ ip: ipOf(c, ctl.node) }],
      changes: false,
    },
    {
      name: 'NodePort: two controller pods publish both nodes (sorted, standardizeLoadBalancerIngresses); one node fails, the other stays',
      mode: 'NodePort',
      act: (c, ctl) => {
        c.apply(secondController(ctl.other));
        expect(status(c)?.map((a) => a.ip)).toEqual(
          [ipOf(c, ctl.node), ipOf(c, ctl.other)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
        );
        c.setNodeReady(ctl.node, false);
      },
      expected: (c, ctl) => [{ ip: ipOf(c, ctl.other) }],
      changes: true,
    },
    {
      name: "LoadBalancer (--publish-service): the controller's node fails, the status keeps the Service's load balancer address",
      mode: 'LoadBalancer',
      act: (c, ctl) => c.setNodeReady(ctl.node, false),
      expected: () => [{ ip: '203.0.113.250' }],
      changes: false,
    },
    {
      name: "LoadBalancer (--publish-service): the controller pod's probe fails, the status keeps the Service's load balancer address",
      mode: 'LoadBalancer',
      act: (c, ctl) => c.setPodReady(ctl.pod, false, 'ingress-nginx'),
      expected: () => [{ ip: '203.0.113.250' }],
      changes: false,
    },
  ];

  it.each(cases)('$name', ({ mode, act, expected, changes }) => {
    const c = createCluster(SEED_13_8, { ingressController: mode });
    const ctl = controllerOf(c);
    expect(ctl.pod && ctl.node && ctl.other).toBeTruthy();
    expect(status(c)).toEqual(mode === 'NodePort' ? [{ ip: ipOf(c, ctl.node) }] : [{ ip: '203.0.113.250' }]);
    const syncsBefore = syncEvents(c).length;
    act(c, ctl);
    expect(status(c)).toEqual(expected(c, ctl));
    expect(syncEvents(c).length > syncsBefore).toBe(changes);
  });

  it('the Sync event says what the controller wrote: "Scheduled for sync", the new and the previous addresses', () => {
    const c = createCluster(SEED_13_8, { ingressController: 'NodePort' });
    const ctl = controllerOf(c);
    c.setNodeReady(ctl.node, false);
    expect(syncEvents(c).at(-1)).toMatchObject({
      type: 'Normal',
      kind: 'Ingress',
      namespace: 'default',
      message: `Scheduled for sync: ingress-nginx set status.loadBalancer.ingress to none (was ${ipOf(c, ctl.node)})`,
    });
    c.setNodeReady(ctl.node, true);
    expect(syncEvents(c).at(-1)?.message).toBe(
      `Scheduled for sync: ingress-nginx set status.loadBalancer.ingress to ${ipOf(c, ctl.node)} (was none)`,
    );
  });
});
