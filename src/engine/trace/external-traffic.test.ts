import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { Trace } from './types';
import { ipOf, nodeIP, podIP, podYaml, route, serviceYaml } from './fixtures';

const seed = (file: string): string => readFileSync(new URL(`../../scenarios/seed/${file}`, import.meta.url), 'utf8');
const CLIENT = '203.0.113.77';
const NODES = ['node-1', 'node-2', 'node-3'] as const;

/** Where MASQUERADE puts the packet's source: the address of the interface it leaves `node` by. */
function masqueradeAddress(c: Cluster, node: string, podNode: string): string {
  return node === podNode ? `10.244.${NODES.indexOf(node as (typeof NODES)[number])}.1` : nodeIP(c, node);
}

function nodePortOf(c: Cluster, service: string): number {
  const port = c.get('Service', service)?.spec.ports[0]?.nodePort;
  if (!port) throw new Error('no nodePort');
  return port;
}

/** The hops of the Cluster-policy NodePort path on `node`, from arrival to the pod. */
function expectClusterPolicyPath(c: Cluster, trace: Trace, node: string, entry: string): void {
  const pod = trace.pod;
  if (!pod) throw new Error(`no pod: ${trace.reason ?? ''}`);
  const snat = masqueradeAddress(c, node, pod.node);
  expect(route(trace.hops.slice(-9 - (pod.node === node ? 0 : 1)))).toEqual([
    `node@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${entry}`,
    `kube-proxy@${node} ${CLIENT} -> ${pod.ip}:8080 DNAT`,
    `kube-proxy@${node} ${snat} -> ${pod.ip}:8080 SNAT`,
    ...(pod.node === node ? [] : [`node@${pod.node} ${snat} -> ${pod.ip}:8080`]),
    `pod@${pod.node} ${snat} -> ${pod.ip}:8080`,
  ]);
  const rules = trace.hops.map((h) => h.rule ?? '');
  expect(rules).toContain(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  expect(
    rules.some((r) =>
      /^-A KUBE-EXT-[A-Z2-7]{16} -m comment --comment "masquerade traffic for default\/random-generator external destinations" -j KUBE-MARK-MASQ$/.test(
        r,
      ),
    ),
  ).toBe(true);
  expect(trace.sourceIpSeenByPod).toBe(snat);
}

describe('NodePort, externalTrafficPolicy: Cluster (seed 13-6; KUBE-NODEPORTS -> KUBE-EXT -> KUBE-MARK-MASQ -> KUBE-SVC)', () => {
  const c = createCluster([seed('random-generator-deployment.yaml'), seed('13-6-node-port.yaml')].join('---\n'));

  it.each(NODES)('answers on %s:30036 from outside, may cross nodes, and masquerades the client', (node) => {
    const entry = `${nodeIP(c, node)}:30036`;
    const podNodes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const trace = c.send({ from: { external: CLIENT }, to: `http://${entry}/` });
      expect(trace.ok).toBe(true);
      expect(trace.hops[0]).toMatchObject({ component: 'client', packet: { dst: entry } });
      expectClusterPolicyPath(c, trace, node, entry);
      expect(trace.hops.find((h) => h.rule?.startsWith('-A KUBE-NODEPORTS'))?.rule).toMatch(
        /^-A KUBE-NODEPORTS -m comment --comment default\/random-generator -m tcp -p tcp --dport 30036 -j KUBE-EXT-[A-Z2-7]{16}$/,
      );
      podNodes.add(trace.pod?.node ?? '');
    }
    expect(podNodes.size).toBeGreaterThan(1);
  });

  it('a port that is no nodePort is refused by the node itself', () => {
    const trace = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-2')}:30037` });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toContain('connection refused: nothing listens on 192.168.49.3:30037/TCP');
    expect(trace.hops.at(-1)).toMatchObject({ component: 'node', node: 'node-2' });
  });

  it('a NodePort Service without endpoints REJECTs in KUBE-EXTERNAL-SERVICES', () => {
    const empty = createCluster(seed('13-6-node-port.yaml'));
    const trace = empty.send({ from: { external: CLIENT }, to: `${nodeIP(empty, 'node-3')}:30036` });
    expect(trace.ok).toBe(false);
    // The node's own address: INPUT jumps to KUBE-EXTERNAL-SERVICES.
    expect(trace.hops.at(-1)?.rule?.split('\n')).toEqual([
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
      '-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/random-generator has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30036 -j REJECT',
    ]);
    expect(trace.reason).toMatch(/^connection refused/);
  });
});

describe('NodePort, externalTrafficPolicy: Local (KUBE-EXT -> KUBE-SVL; filter DROP "has no local endpoints")', () => {
  const c = createCluster(
    serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('web-b', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('client', { node: 'node-3' }),
  );
  const np = nodePortOf(c, 'web');

  it.each([
    ['node-1', 'web-a'],
    ['node-2', 'web-b'],
  ])('%s sends to its own endpoint %s and the pod sees the real client address', (node, pod) => {
    for (let i = 0; i < 5; i++) {
      const trace = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, node)}:${np}` });
      expect(trace.pod).toMatchObject({ name: pod, node });
      expect(trace.sourceIpSeenByPod).toBe(CLIENT);
      expect(trace.hops.some((h) => h.nat === 'SNAT')).toBe(false);
      expect(trace.hops.every((h) => h.component === 'client' || h.node === node)).toBe(true);
      expect(trace.hops.find((h) => h.rule?.includes('-j KUBE-SVL-'))?.rule).toMatch(/^-A KUBE-EXT-([A-Z2-7]{16}) -j KUBE-SVL-\1$/);
    }
  });

  // proxier.go: KUBE-NODEPORTS still jumps to KUBE-EXT (hasEndpoints), KUBE-EXT keeps its
  // short-circuit rules but has no "-j KUBE-SVL" (hasExternalEndpoints is false), and the filter
  // table's KUBE-EXTERNAL-SERVICES DROPs what falls through (proxier_test.go TestOverallIPTablesRules, ns2/svc2).
  it('node-3 has no endpoint: KUBE-NODEPORTS -> KUBE-EXT (no jump for outside traffic) -> filter INPUT -> KUBE-EXTERNAL-SERVICES DROP', () => {
    const trace = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-3')}:${np}` });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(/^timed out: Service default\/web has no ready endpoint on node-3 and its traffic policy is Local/);
    const proxyHops = trace.hops.filter((h) => h.component === 'kube-proxy');
    expect(proxyHops.every((h) => h.node === 'node-3' && h.packet.dst === `${nodeIP(c, 'node-3')}:${np}`)).toBe(true);
    expect(proxyHops.map((h) => (h.rule ?? '').replace(/KUBE-(EXT|SVL)-[A-Z2-7]{16}/g, 'KUBE-$1-X').split('\n'))).toEqual([
      [
        '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      ],
      [`-A KUBE-NODEPORTS -m comment --comment default/web -m tcp -p tcp --dport ${np} -j KUBE-EXT-X`],
      [''],
      [
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport ${np} -j DROP`,
      ],
    ]);
    expect(proxyHops[2]?.note).toMatch(
      /^KUBE-EXT-[A-Z2-7]{16}: 203\.0\.113\.77 is neither a pod .* and the chain has no jump to KUBE-SVL-[A-Z2-7]{16}: node-3 runs no ready endpoint/,
    );
    expect(c.iptables('node-3')).not.toMatch(/:KUBE-SVL-/);
    expect(c.iptables('node-1')).toMatch(/:KUBE-SVL-/);
  });

  it('a pod sending to a node port skips the Local policy ("pod traffic for ... external destinations" -> KUBE-SVC)', () => {
    const trace = c.send({ from: { pod: 'client' }, to: `${nodeIP(c, 'node-3')}:${np}` });
    expect(trace.ok).toBe(true);
    expect(trace.hops.find((h) => h.rule?.includes('pod traffic for'))?.rule).toMatch(
      /^-A KUBE-EXT-([A-Z2-7]{16}) -m comment --comment "pod traffic for default\/web external destinations" -s 10\.244\.0\.0\/16 -j KUBE-SVC-\1$/,
    );
    expect(trace.sourceIpSeenByPod).toBe(podIP(c, 'client'));
  });
});

describe('LoadBalancer (seed 13-7): the cloud load balancer, then the NodePort path on the node it picks', () => {
  // The seed's clusterIP 10.0.171.239 lies outside this cluster's service CIDR, so it is left out.
  const lb = seed('13-7-load-balancer.yaml').replace(/ {2}clusterIP: .*\n/, '');
  const c = createCluster([seed('random-generator-deployment.yaml'), lb].join('---\n') + podYaml('client', { node: 'node-2' }));
  const np = nodePortOf(c, 'random-generator');

  it('keeps the status.loadBalancer address it was given and forwards to a Ready node', () => {
    expect(c.get('Service', 'random-generator')?.status.loadBalancer.ingress).toEqual([{ ip: '146.148.47.155', ipMode: 'VIP' }]);
    const nodes = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const trace = c.send({ from: { external: CLIENT }, to: 'http://146.148.47.155/' });
      expect(trace.ok).toBe(true);
      const [client, cloud] = trace.hops;
      expect(client).toMatchObject({
        component: 'client',
        packet: { src: expect.stringMatching(/^203\.0\.113\.77:/), dst: '146.148.47.155:80' },
      });
      expect(cloud?.component).toBe('cloud-lb');
      expect(cloud?.nat).toBe('DNAT');
      expect(ipOf(cloud?.packet.src ?? '')).toBe(CLIENT);
      const node = NODES.find((n) => cloud?.packet.dst === `${nodeIP(c, n)}:${np}`) as string;
      expect(node).toBeDefined();
      nodes.add(node);
      expect(cloud?.rule).toContain('healthy: node-1, node-2, node-3');
      expectClusterPolicyPath(c, trace, node, `${nodeIP(c, node)}:${np}`);
    }
    expect(nodes.size).toBeGreaterThan(1);
  });

  it('a pod reaching the load balancer IP is captured on its own node ("loadbalancer IP" rule): no cloud-lb hop', () => {
    const trace = c.send({ from: { pod: 'client' }, to: '146.148.47.155:80' });
    expect(trace.ok).toBe(true);
    expect(trace.hops.some((h) => h.component === 'cloud-lb')).toBe(false);
    expect(trace.hops[1]?.rule).toMatch(
      /^-A KUBE-SERVICES -m comment --comment "default\/random-generator loadbalancer IP" -m tcp -p tcp -d 146\.148\.47\.155 --dport 80 -j KUBE-EXT-[A-Z2-7]{16}$/,
    );
  });

  it('a port the Service does not declare has no listener on the load balancer', () => {
    const trace = c.send({ from: { external: CLIENT }, to: '146.148.47.155:443' });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toBe('timed out: the load balancer 146.148.47.155 has no listener for 443/TCP (its listeners: 80/TCP)');
    expect(trace.hops.at(-1)?.component).toBe('cloud-lb');
  });
});

describe('LoadBalancer, externalTrafficPolicy: Local (healthCheckNodePort tells the load balancer which nodes have endpoints)', () => {
  it('sends only to the node with a ready endpoint and keeps the client address', () => {
    const c = createCluster(
      serviceYaml('web', { type: 'LoadBalancer', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
        podYaml('web-a', { labels: { app: 'web' }, node: 'node-3', port: 8080 }),
    );
    const service = c.get('Service', 'web');
    const ip = service?.status.loadBalancer.ingress?.[0]?.ip;
    const hc = service?.spec.healthCheckNodePort;
    expect(hc).toBeGreaterThan(0);
    expect(c.iptables('node-1')).toContain(
      `-A KUBE-NODEPORTS -m comment --comment "default/web health check node port" -m tcp -p tcp --dport ${hc} -j ACCEPT`,
    );
    for (let i = 0; i < 10; i++) {
      const trace = c.send({ from: { external: CLIENT }, to: `${ip}:80` });
      expect(trace.ok).toBe(true);
      expect(trace.hops[1]?.rule).toContain(`health check GET :${hc}/healthz`);
      expect(trace.hops[1]?.rule).toContain('healthy: node-3]');
      expect(trace.pod).toMatchObject({ name: 'web-a', node: 'node-3' });
      expect(trace.sourceIpSeenByPod).toBe(CLIENT);
    }
  });

  it('with no ready endpoint anywhere, no node is healthy', () => {
    const c = createCluster(
      serviceYaml('web', { type: 'LoadBalancer', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }),
    );
    const ip = c.get('Service', 'web')?.status.loadBalancer.ingress?.[0]?.ip;
    const trace = c.send({ from: { external: CLIENT }, to: `${ip}:80` });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toBe(`timed out: the load balancer ${ip} of default/web has no healthy backend node`);
  });
});

// externalTrafficPolicy applies to a Service's externalIPs too ("how nodes distribute service
// traffic they receive on one of the Service's externally-facing addresses (NodePorts,
// ExternalIPs, and LoadBalancer IPs)", ServiceSpec in k8s.io/api/core/v1/types.go): a ClusterIP
// Service with externalIPs keeps the field (SetDefaults_Service defaults it to Cluster), and
// proxier.go's "Capture externalIPs" sends them to KUBE-EXT, whose Local rules then apply. Here the
// externalIPs are node addresses, as they often are, so outside traffic reaches those nodes.
describe('ClusterIP with externalIPs: externalTrafficPolicy (proxier.go "Capture externalIPs" -> KUBE-EXT)', () => {
  const build = () => {
    const empty = createCluster(''); // the node addresses, to write them as externalIPs
    const [n1, n3] = [nodeIP(empty, 'node-1'), nodeIP(empty, 'node-3')];
    const c = createCluster(
      serviceYaml('edge', { selector: { app: 'web' }, extra: `  externalTrafficPolicy: Local\n  externalIPs: [${n1}, ${n3}]` }) +
        serviceYaml('edge-cluster', {
          selector: { app: 'web' },
          ports: '[{port: 81, targetPort: 8080}]',
          extra: `  externalIPs: [${n1}, ${n3}]`,
        }) +
        podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
        podYaml('client', { node: 'node-3' }),
    );
    return { c, n1, n3 };
  };
  const { c, n1, n3 } = build();
  const norm = (rule: string | undefined): string => (rule ?? '').replace(/KUBE-(EXT|SVC|SVL)-[A-Z2-7]{16}/g, 'KUBE-$1-X');

  it('the stored Services keep Local, and default the other to Cluster', () => {
    expect(c.get('Service', 'edge')?.spec.externalTrafficPolicy).toBe('Local');
    expect(c.get('Service', 'edge-cluster')?.spec.externalTrafficPolicy).toBe('Cluster');
    expect(c.get('Service', 'edge')?.spec.healthCheckNodePort).toBeUndefined();
  });

  interface ExternalIPCase {
    name: string;
    from: { external: string } | { pod: string };
    to: string;
    pod: string | undefined;
    seenAs: () => string | undefined;
    rules: string[];
  }

  it.each<ExternalIPCase>([
    {
      name: 'Local, outside client to node-1 (an endpoint there): KUBE-EXT -> KUBE-SVL, the client address kept',
      from: { external: CLIENT },
      to: `${n1}:80`,
      pod: 'web-a',
      seenAs: () => CLIENT,
      rules: [
        `-A KUBE-SERVICES -m comment --comment "default/edge external IP" -m tcp -p tcp -d ${n1} --dport 80 -j KUBE-EXT-X`,
        '-A KUBE-EXT-X -j KUBE-SVL-X',
      ],
    },
    {
      name: 'Local, outside client to node-3 (no endpoint): KUBE-EXT falls through, KUBE-EXTERNAL-SERVICES DROPs',
      from: { external: CLIENT },
      to: `${n3}:80`,
      pod: undefined,
      seenAs: () => undefined,
      rules: [
        `-A KUBE-SERVICES -m comment --comment "default/edge external IP" -m tcp -p tcp -d ${n3} --dport 80 -j KUBE-EXT-X`,
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/edge has no local endpoints" -m tcp -p tcp -d ${n3} --dport 80 -j DROP`,
      ],
    },
    {
      name: 'Local, a pod on node-3 to node-3\'s externalIP: "pod traffic" short-circuits to KUBE-SVC',
      from: { pod: 'client' },
      to: `${n3}:80`,
      pod: 'web-a',
      seenAs: () => podIP(c, 'client'),
      rules: [
        `-A KUBE-SERVICES -m comment --comment "default/edge external IP" -m tcp -p tcp -d ${n3} --dport 80 -j KUBE-EXT-X`,
        '-A KUBE-EXT-X -m comment --comment "pod traffic for default/edge external destinations" -s 10.244.0.0/16 -j KUBE-SVC-X',
      ],
    },
    {
      name: 'Cluster (the default), outside client to node-3: KUBE-EXT marks for masquerade and crosses to node-1',
      from: { external: CLIENT },
      to: `${n3}:81`,
      pod: 'web-a',
      seenAs: () => n3,
      rules: [
        `-A KUBE-SERVICES -m comment --comment "default/edge-cluster external IP" -m tcp -p tcp -d ${n3} --dport 81 -j KUBE-EXT-X`,
        '-A KUBE-EXT-X -m comment --comment "masquerade traffic for default/edge-cluster external destinations" -j KUBE-MARK-MASQ',
      ],
    },
  ])('$name', ({ from, to, pod, seenAs, rules }) => {
    const trace = c.send({ from, to: `http://${to}/` });
    expect(trace.pod?.name).toBe(pod);
    expect(trace.sourceIpSeenByPod).toBe(seenAs());
    const seen = trace.hops.flatMap((h) => (h.rule ? h.rule.split('\n') : [])).map(norm);
    for (const rule of rules) expect(seen).toContain(rule);
    if (!pod)
      expect(trace.reason).toBe(
        `timed out: Service default/edge has no ready endpoint on node-3 and its traffic policy is Local, so kube-proxy DROPs traffic to ${to} in the filter table`,
      );
  });

  it("iptables: node-1's KUBE-EXT for edge jumps to KUBE-SVL; node-3's has the Local short-circuits only", () => {
    const edgeRules = (node: string) => {
      const chain = /-A (KUBE-EXT-[A-Z2-7]{16}) .*default\/edge external destinations/.exec(c.iptables(node))?.[1] ?? '';
      return c
        .iptables(node)
        .split('\n')
        .filter((l) => l.startsWith(`-A ${chain} `))
        .map(norm);
    };
    expect(edgeRules('node-1')).toEqual([
      '-A KUBE-EXT-X -m comment --comment "pod traffic for default/edge external destinations" -s 10.244.0.0/16 -j KUBE-SVC-X',
      '-A KUBE-EXT-X -m comment --comment "masquerade LOCAL traffic for default/edge external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
      '-A KUBE-EXT-X -m comment --comment "route LOCAL traffic for default/edge external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-X',
      '-A KUBE-EXT-X -j KUBE-SVL-X',
    ]);
    expect(edgeRules('node-3')).toEqual(edgeRules('node-1').slice(0, 3));
  });
});
