import { describe, expect, it } from 'vitest';
import type { ProxyEndpoint } from './service-ports';
import type { TopologyServicePort } from './topology';
import { categorizeEndpoints } from './topology';
import { createCluster } from '../index';
import { podYaml, serviceYaml } from '../trace/fixtures';

const NODE = 'node-a1';

interface EndpointSpec {
  zones?: string[];
  nodes?: string[];
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  local?: boolean;
}

/** BaseEndpointInfo as topology_test.go writes it (Ready/Serving/Terminating, IsLocal, ZoneHints). */
function ep(address: string, spec: EndpointSpec = {}): ProxyEndpoint {
  const [ip = '', port = '80'] = address.split(':');
  const ready = spec.ready ?? true;
  return {
    ip,
    port: Number(port),
    address,
    sep: '',
    ready,
    serving: spec.serving ?? ready,
    terminating: spec.terminating ?? false,
    slice: 'web-abcde',
    zoneHints: spec.zones ?? [],
    nodeHints: spec.nodes ?? [],
    ...(spec.local ? { nodeName: NODE } : { nodeName: 'elsewhere' }),
  };
}

function svc(spec: Partial<TopologyServicePort> & { nodePort?: boolean } = {}): TopologyServicePort {
  const externallyAccessible = spec.nodePort === true;
  return {
    internalLocal: spec.internalLocal ?? false,
    externalLocal: externallyAccessible && (spec.externalLocal ?? false),
    externallyAccessible,
  };
}

const FOUR_HINTED = [
  ep('10.1.2.3:80', { zones: ['zone-a'] }),
  ep('10.1.2.4:80', { zones: ['zone-b'] }),
  ep('10.1.2.5:80', { zones: ['zone-c'] }),
  ep('10.1.2.6:80', { zones: ['zone-a'] }),
];

interface Case {
  name: string;
  zone?: string;
  service: TopologyServicePort;
  endpoints: ProxyEndpoint[];
  cluster: string[] | null;
  local: string[] | null;
  all?: string[];
  onlyRemote?: boolean;
}

// pkg/proxy/topology_test.go TestCategorizeEndpoints, the cases that hold today (hints honoured
// whenever every ready endpoint has one, ProxyTerminatingEndpoints GA). null: the Service never
// uses that kind of endpoints; []: it does but has none.
const cases: Case[] = [
  {
    name: 'normal endpoint filtering',
    zone: 'zone-a',
    service: svc(),
    endpoints: FOUR_HINTED,
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: null,
  },
  {
    name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    service: svc({ externalLocal: true, nodePort: true }),
    endpoints: [
      ep('10.1.2.3:80', { zones: ['zone-a'], local: true }),
      ep('10.1.2.4:80', { zones: ['zone-b'], local: true }),
      ep('10.1.2.5:80', { zones: ['zone-c'] }),
      ep('10.1.2.6:80', { zones: ['zone-a'] }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
  },
  {
    name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    zone: 'zone-a',
    service: svc({ internalLocal: true, nodePort: true }),
    endpoints: [
      ep('10.1.2.3:80', { zones: ['zone-a'], local: true }),
      ep('10.1.2.4:80', { zones: ['zone-b'], local: true }),
      ep('10.1.2.5:80', { zones: ['zone-c'] }),
      ep('10.1.2.6:80', { zones: ['zone-a'] }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.6:80'],
    local: ['10.1.2.3:80', '10.1.2.4:80'],
    all: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
  },
  {
    name: 'empty zone label',
    zone: '',
    service: svc(),
    endpoints: [ep('10.1.2.3:80', { zones: ['zone-a'] })],
    cluster: ['10.1.2.3:80'],
    local: null,
  },
  {
    name: 'node in different zone, no endpoint filtering',
    zone: 'zone-b',
    service: svc(),
    endpoints: [ep('10.1.2.3:80', { zones: ['zone-a'] })],
    cluster: ['10.1.2.3:80'],
    local: null,
  },
  {
    name: 'unready endpoint',
    zone: 'zone-a',
    service: svc(),
    endpoints: [...FOUR_HINTED.slice(0, 3), ep('10.1.2.6:80', { zones: ['zone-a'], ready: false })],
    cluster: ['10.1.2.3:80'],
    local: null,
  },
  {
    name: 'only unready endpoints in same zone (should not filter)',
    zone: 'zone-a',
    service: svc(),
    endpoints: [
      ep('10.1.2.3:80', { zones: ['zone-a'], ready: false }),
      ep('10.1.2.4:80', { zones: ['zone-b'] }),
      ep('10.1.2.5:80', { zones: ['zone-c'] }),
      ep('10.1.2.6:80', { zones: ['zone-a'], ready: false }),
    ],
    cluster: ['10.1.2.4:80', '10.1.2.5:80'],
    local: null,
  },
  {
    name: 'missing hints, no filtering applied',
    zone: 'zone-a',
    service: svc(),
    endpoints: [...FOUR_HINTED.slice(0, 2), ep('10.1.2.5:80'), FOUR_HINTED[3] as ProxyEndpoint],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'],
    local: null,
  },
  {
    name: 'multiple hints per endpoint, filtering includes any endpoint with zone included',
    zone: 'zone-c',
    service: svc(),
    endpoints: [
      ep('10.1.2.3:80', { zones: ['zone-a', 'zone-b', 'zone-c'] }),
      ep('10.1.2.4:80', { zones: ['zone-b', 'zone-c'] }),
      ep('10.1.2.5:80', { zones: ['zone-b', 'zone-d'] }),
      ep('10.1.2.6:80', { zones: ['zone-c'] }),
    ],
    cluster: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    local: null,
  },
  {
    name: 'conflicting topology and localness require merging allEndpoints',
    zone: 'zone-a',
    service: svc({ externalLocal: true, nodePort: true }),
    endpoints: [
      ep('10.0.0.0:80', { zones: ['zone-a'], local: true }),
      ep('10.0.0.1:80', { zones: ['zone-b'], local: true }),
      ep('10.0.0.2:80', { zones: ['zone-a'] }),
      ep('10.0.0.3:80', { zones: ['zone-b'] }),
    ],
    cluster: ['10.0.0.0:80', '10.0.0.2:80'],
    local: ['10.0.0.0:80', '10.0.0.1:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80', '10.0.0.2:80'],
  },
  {
    name: 'internalTrafficPolicy: Local, with empty endpoints',
    service: svc({ internalLocal: true }),
    endpoints: [],
    cluster: null,
    local: [],
  },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    service: svc({ internalLocal: true }),
    endpoints: [ep('10.0.0.0:80'), ep('10.0.0.1:80')],
    cluster: null,
    local: [],
    onlyRemote: true,
  },
  {
    name: 'internalTrafficPolicy: Local, some endpoints are local',
    service: svc({ internalLocal: true }),
    endpoints: [ep('10.0.0.0:80', { local: true }), ep('10.0.0.1:80')],
    cluster: null,
    local: ['10.0.0.0:80'],
  },
  {
    name: 'Cluster traffic policy, endpoints not Ready',
    service: svc(),
    endpoints: [ep('10.0.0.0:80', { ready: false }), ep('10.0.0.1:80', { ready: false })],
    cluster: [],
    local: null,
  },
  {
    name: 'Cluster traffic policy, some endpoints are Ready',
    service: svc(),
    endpoints: [ep('10.0.0.0:80', { ready: false }), ep('10.0.0.1:80')],
    cluster: ['10.0.0.1:80'],
    local: null,
  },
  {
    name: 'Cluster traffic policy, PTE enabled, all endpoints are terminating',
    service: svc(),
    endpoints: [
      ep('10.0.0.0:80', { ready: false, serving: true, terminating: true, local: true }),
      ep('10.0.0.1:80', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: null,
  },
  {
    name: 'iTP: Local, eTP: Cluster, some endpoints local',
    service: svc({ internalLocal: true, nodePort: true }),
    endpoints: [ep('10.0.0.0:80', { local: true }), ep('10.0.0.1:80')],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: ['10.0.0.0:80'],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote',
    service: svc({ internalLocal: true, externalLocal: true, nodePort: true }),
    endpoints: [ep('10.0.0.0:80'), ep('10.0.0.1:80')],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'iTP: Local, eTP: Local, PTE enabled, all endpoints remote and terminating',
    service: svc({ internalLocal: true, externalLocal: true, nodePort: true }),
    endpoints: [
      ep('10.0.0.0:80', { ready: false, serving: true, terminating: true }),
      ep('10.0.0.1:80', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: [],
    all: ['10.0.0.0:80', '10.0.0.1:80'],
    onlyRemote: true,
  },
  {
    name: 'iTP: Cluster, eTP: Local, PTE enabled, with terminating endpoints',
    service: svc({ externalLocal: true, nodePort: true }),
    endpoints: [
      ep('10.0.0.0:80'),
      ep('10.0.0.1:80', { ready: false, serving: false, local: true }),
      ep('10.0.0.2:80', { ready: false, serving: true, terminating: true, local: true }),
      ep('10.0.0.3:80', { ready: false, serving: true, terminating: true }),
    ],
    cluster: ['10.0.0.0:80'],
    local: ['10.0.0.2:80'],
    all: ['10.0.0.0:80', '10.0.0.2:80'],
  },
  {
    name: 'externalTrafficPolicy ignored if not externally accessible',
    service: svc({ externalLocal: true }),
    endpoints: [ep('10.0.0.0:80'), ep('10.0.0.1:80', { local: true })],
    cluster: ['10.0.0.0:80', '10.0.0.1:80'],
    local: null,
  },
  {
    name: 'no cluster endpoints for iTP:Local internal-only service',
    service: svc({ internalLocal: true }),
    endpoints: [ep('10.0.0.0:80'), ep('10.0.0.1:80', { local: true })],
    cluster: null,
    local: ['10.0.0.1:80'],
  },
  // topologyModeFromHints with PreferSameTrafficDistribution (trafficDistribution: PreferSameNode).
  {
    name: 'PreferSameNode: every ready endpoint has a node hint and one is for this node',
    zone: 'zone-a',
    service: svc(),
    endpoints: [
      ep('10.0.0.0:80', { zones: ['zone-a'], nodes: [NODE], local: true }),
      ep('10.0.0.1:80', { zones: ['zone-a'], nodes: ['node-a2'] }),
      ep('10.0.0.2:80', { zones: ['zone-b'], nodes: ['node-b1'] }),
    ],
    cluster: ['10.0.0.0:80'],
    local: null,
  },
  {
    name: 'PreferSameNode: no endpoint for this node, falls back to the zone hints',
    zone: 'zone-a',
    service: svc(),
    endpoints: [ep('10.0.0.1:80', { zones: ['zone-a'], nodes: ['node-a2'] }), ep('10.0.0.2:80', { zones: ['zone-b'], nodes: ['node-b1'] })],
    cluster: ['10.0.0.1:80'],
    local: null,
  },
];

describe('CategorizeEndpoints (pkg/proxy/topology.go; topology_test.go TestCategorizeEndpoints)', () => {
  it.each(cases)('$name', ({ zone, service, endpoints, cluster, local, all, onlyRemote }) => {
    const got = categorizeEndpoints(endpoints, service, NODE, zone ?? '');
    const addresses = (list: ProxyEndpoint[]): string[] => list.map((e) => e.address).sort();
    if (cluster === null) expect(got.clusterEndpoints).toEqual([]);
    else expect(addresses(got.clusterEndpoints)).toEqual([...cluster].sort());
    if (local === null) expect(got.localEndpoints).toEqual([]);
    else expect(addresses(got.localEndpoints)).toEqual([...local].sort());
    const expectedAll = cluster !== null && local === null ? cluster : local !== null && cluster === null ? local : (all ?? []);
    expect(addresses(got.allReachableEndpoints)).toEqual([...expectedAll].sort());
    expect(got.hasAnyEndpoints).toBe(expectedAll.length > 0 || onlyRemote === true);
  });
});

describe('zones and topology in the simulated cluster', () => {
  const pods =
    podYaml('web-1', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
    podYaml('web-3', { labels: { app: 'web' }, node: 'node-3', port: 8080 });

  it('nodes carry topology.kubernetes.io/zone: by default two per zone; the nodes option takes { name, zone }', () => {
    expect(
      createCluster('')
        .nodes()
        .map((n) => [n.metadata.name, n.metadata.labels?.['topology.kubernetes.io/zone']]),
    ).toEqual([
      ['node-1', 'zone-a'],
      ['node-2', 'zone-a'],
      ['node-3', 'zone-b'],
    ]);
    const custom = createCluster('', { nodes: [{ name: 'a1', zone: 'eu-west-1a' }, { name: 'b1', zone: 'eu-west-1b' }, { name: 'x' }] });
    expect(custom.nodes().map((n) => n.metadata.labels?.['topology.kubernetes.io/zone'])).toEqual(['eu-west-1a', 'eu-west-1b', undefined]);
    expect(createCluster('', { nodes: [{ name: 'a1', zone: 'bad zone!' }] }).diagnostics[0]?.message).toContain(
      'is not a valid label value',
    );
  });

  it('trafficDistribution: PreferClose: node-2 (zone-a) sends only to the zone-a endpoint; node-3 (zone-b) to its own', () => {
    const c = createCluster(serviceYaml('web', { selector: { app: 'web' }, extra: '  trafficDistribution: PreferClose' }) + pods);
    const ip1 = c.get('Pod', 'web-1')?.status.podIP as string;
    const ip3 = c.get('Pod', 'web-3')?.status.podIP as string;
    expect(c.iptables('node-2')).toContain(`--to-destination ${ip1}:8080`);
    expect(c.iptables('node-2')).not.toContain(`--to-destination ${ip3}:8080`);
    expect(c.iptables('node-3')).toContain(`--to-destination ${ip3}:8080`);
    expect(c.iptables('node-3')).not.toContain(`--to-destination ${ip1}:8080`);
    // Without trafficDistribution every node uses both.
    const plain = createCluster(serviceYaml('web', { selector: { app: 'web' } }) + pods);
    for (const ip of [plain.get('Pod', 'web-1')?.status.podIP, plain.get('Pod', 'web-3')?.status.podIP]) {
      expect(plain.iptables('node-2')).toContain(`--to-destination ${ip}:8080`);
    }
  });

  it('internalTrafficPolicy: Local: a node with no local endpoint DROPs ("has no local endpoints"), one with one uses only it', () => {
    const c = createCluster(serviceYaml('web', { selector: { app: 'web' }, extra: '  internalTrafficPolicy: Local' }) + pods);
    expect(c.iptables('node-2')).toMatch(/-A KUBE-SERVICES -m comment --comment "default\/web has no local endpoints" .* -j DROP/);
    const ip1 = c.get('Pod', 'web-1')?.status.podIP as string;
    expect(c.iptables('node-1')).toContain(`--to-destination ${ip1}:8080`);
    expect(c.iptables('node-1')).not.toContain(`--to-destination ${c.get('Pod', 'web-3')?.status.podIP}:8080`);
  });
});

/** The note of the kube-proxy hop that picked the endpoint (KUBE-SVC/KUBE-SVL, or service-/local- in nftables mode). */
function pickNote(trace: { hops: { component: string; note: string }[] }): string {
  return trace.hops.find((h) => h.component === 'kube-proxy' && /picks|numgen/.test(h.note))?.note ?? '';
}

describe('the trace says why the chain holds the endpoints it picks from (pkg/proxy/topology.go, KEP-1669)', () => {
  const pods =
    podYaml('web-2', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
    podYaml('web-3', { labels: { app: 'web' }, node: 'node-3', port: 8080 }) +
    podYaml('client', { node: 'node-1' });
  const zoned = serviceYaml('web', { selector: { app: 'web' }, extra: '  trafficDistribution: PreferSameZone' });

  it.each(['iptables', 'nftables'] as const)(
    '%s: hints narrow node-1 (zone-a) to the zone-a endpoint, and are ignored once none is for zone-a',
    (proxyMode) => {
      const c = createCluster(zoned + pods, { proxyMode });
      const trace = c.send({ from: { pod: 'client' }, to: 'http://web/' });
      expect(trace.pod?.name).toBe('web-2');
      expect(pickNote(trace)).toContain(
        "every ready endpoint is hinted for a zone, and 1 of the 2 for zone-a, node-1's zone, so the chain holds only that one",
      );
      c.delete('Pod', 'web-2');
      const fallback = c.send({ from: { pod: 'client' }, to: 'http://web/' });
      expect(fallback.pod?.name).toBe('web-3');
      expect(pickNote(fallback)).toContain("Topology hints are ignored: no ready endpoint is hinted for zone-a, node-1's zone");
    },
  );

  it('without trafficDistribution the note says nothing of topology', () => {
    const c = createCluster(serviceYaml('web', { selector: { app: 'web' } }) + pods);
    expect(pickNote(c.send({ from: { pod: 'client' }, to: 'http://web/' }))).not.toContain('opology');
  });

  it.each(['iptables', 'nftables'] as const)(
    '%s, externalTrafficPolicy: Local: a ready local endpoint is preferred to a terminating one, which serves only as the fallback',
    (proxyMode) => {
      const c = createCluster(
        serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
          podYaml('old', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
          podYaml('new', { labels: { app: 'web' }, node: 'node-1', port: 8080 }),
        { proxyMode },
      );
      const nodePort = c.get('Service', 'web')?.spec.ports[0]?.nodePort;
      const request = { from: { external: '198.51.100.77' }, to: `http://192.168.49.2:${nodePort}/` };
      c.delete('Pod', 'old', 'default', { gracePeriodSeconds: 30 });
      const preferred = c.send(request);
      expect(preferred.pod?.name).toBe('new');
      expect(pickNote(preferred)).toMatch(/Terminating old \(10\.244\.\d+\.\d+:8080\) on node-1 is left out/);
      c.setPodReady('new', false);
      const fallback = c.send(request);
      expect(fallback.pod?.name).toBe('old');
      expect(pickNote(fallback)).toContain('It is Terminating but still serving: node-1 has no ready local endpoint');
    },
  );
});
