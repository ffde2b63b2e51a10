import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { SendRequest, Trace } from './types';
import { nodeIP, podYaml, serviceYaml } from './fixtures';

const CLIENT = '198.51.100.9';
const NODES = ['node-1', 'node-2', 'node-3'] as const;

// A LoadBalancer Service with externalTrafficPolicy: Local and two ports: two ready pods on node-1,
// one pod failing its readiness probe on node-2, nothing on node-3. kube-proxy serves its health
// check on spec.healthCheckNodePort on every node (pkg/proxy/healthcheck/service_health.go).
function cluster(): Cluster {
  const ports = '[{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9090}]';
  return createCluster(
    serviceYaml('web', { type: 'LoadBalancer', selector: { app: 'web' }, ports, extra: '  externalTrafficPolicy: Local' }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('web-b', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
      podYaml('web-c', { labels: { app: 'web' }, node: 'node-2', port: 8080 }).replace(
        'metadata: {',
        'metadata: {annotations: {svcscope.dev/readiness: fail}, ',
      ) +
      podYaml('client', { node: 'node-3' }) +
      podYaml('agent', { node: 'node-2', hostNetwork: true }),
  );
}

function healthPort(c: Cluster): number {
  const port = c.get('Service', 'web')?.spec.healthCheckNodePort;
  if (!port) throw new Error('no healthCheckNodePort');
  return port;
}

/** hcHandler.ServeHTTP's body: the dedented template, tab-indented, trimmed of its newlines. */
function body(localEndpoints: number): string {
  return `{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "web"\n\t},\n\t"localEndpoints": ${localEndpoints},\n\t"serviceProxyHealthy": true\n}`;
}

interface HealthCase {
  name: string;
  request: (c: Cluster, hc: number) => SendRequest;
  node: string;
  status: 200 | 503;
  localEndpoints: number;
  path: string;
}

describe('kube-proxy answers on healthCheckNodePort (pkg/proxy/healthcheck/service_health.go hcHandler.ServeHTTP)', () => {
  const c = cluster();
  const hc = healthPort(c);

  it.each<HealthCase>([
    {
      name: 'node-1 runs two ready endpoints: 200; LocalReadyEndpoints counts IPs, not IP:port pairs, so two ports still make 2',
      request: (c, hc) => ({ from: { external: CLIENT }, to: `http://${nodeIP(c, 'node-1')}:${hc}/healthz` }),
      node: 'node-1',
      status: 200,
      localEndpoints: 2,
      path: '/healthz',
    },
    {
      name: 'node-2 runs only an unready endpoint: 503 (only ready endpoints count)',
      request: (c, hc) => ({ from: { external: CLIENT }, to: `http://${nodeIP(c, 'node-2')}:${hc}/healthz` }),
      node: 'node-2',
      status: 503,
      localEndpoints: 0,
      path: '/healthz',
    },
    {
      name: 'node-3 runs none: 503, and any path gets the same answer (the handler ignores it)',
      request: (c, hc) => ({ from: { external: CLIENT }, to: `http://${nodeIP(c, 'node-3')}:${hc}/anything?x=1` }),
      node: 'node-3',
      status: 503,
      localEndpoints: 0,
      path: '/anything?x=1',
    },
    {
      name: 'a bare ip:port is read as HTTP, as curl reads it: path /',
      request: (c, hc) => ({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-1')}:${hc}` }),
      node: 'node-1',
      status: 200,
      localEndpoints: 2,
      path: '/',
    },
    {
      name: 'a pod on node-3 asking node-1: routed over the node network, node-1 answers 200',
      request: (c, hc) => ({ from: { pod: 'client' }, to: `http://${nodeIP(c, 'node-1')}:${hc}/healthz` }),
      node: 'node-1',
      status: 200,
      localEndpoints: 2,
      path: '/healthz',
    },
    {
      name: 'node-2 itself (a host-network pod) asking its own address: 503',
      request: (c, hc) => ({ from: { pod: 'agent' }, to: `http://${nodeIP(c, 'node-2')}:${hc}/healthz` }),
      node: 'node-2',
      status: 503,
      localEndpoints: 0,
      path: '/healthz',
    },
  ])('$name', ({ request, node, status, localEndpoints, path }) => {
    const trace = c.send(request(c, hc));
    expect(trace.ok).toBe(status === 200);
    expect(trace.http).toMatchObject({ server: 'kube-proxy', status, host: nodeIP(c, node), path });
    // hcHandler.ServeHTTP answers with Go's http.StatusText; the verdict is that HTTP answer.
    expect(trace.verdict).toEqual({ kind: 'http', status });
    expect(trace.http?.statusLine).toBe(status === 200 ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 503 Service Unavailable');
    expect(trace.http?.body).toBe(body(localEndpoints));
    expect(JSON.parse(trace.http?.body ?? '')).toEqual({
      service: { namespace: 'default', name: 'web' },
      localEndpoints,
      serviceProxyHealthy: true,
    });
    // hcHandler sets these three; Go's server adds Date and Content-Length after them.
    expect(Object.keys(trace.http?.headers ?? {})).toEqual([
      'Content-Type',
      'X-Content-Type-Options',
      'X-Load-Balancing-Endpoint-Weight',
      'Date',
      'Content-Length',
    ]);
    expect(trace.http?.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'X-Load-Balancing-Endpoint-Weight': String(localEndpoints),
      'Content-Length': String(body(localEndpoints).length),
    });
    expect(trace.http?.headers?.Date).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // The connection ends at kube-proxy on that node: the filter table's ACCEPT, then its answer.
    const [accept, answer] = trace.hops.slice(-2);
    expect(accept).toMatchObject({ component: 'kube-proxy', node });
    expect(accept?.rule?.split('\n')).toEqual([
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      `-A KUBE-NODEPORTS -m comment --comment "default/web:http health check node port" -m tcp -p tcp --dport ${hc} -j ACCEPT`,
    ]);
    expect(answer).toMatchObject({ component: 'kube-proxy', node, packet: { dst: `${nodeIP(c, node)}:${hc}` } });
    expect(answer?.note).toContain(`HTTP ${status} ${status === 200 ? 'OK' : 'Service Unavailable'}`);
    if (status === 200) expect(trace.external).toEqual({ host: 'kube-proxy', ip: nodeIP(c, node), port: hc });
    else
      expect(trace.reason).toBe(
        `HTTP 503 Service Unavailable from kube-proxy's health check on ${node}: ${node} has no ready endpoint of default/web ("localEndpoints": 0)`,
      );
  });

  it('the health check is plain HTTP: https:// fails the TLS handshake', () => {
    const trace = c.send({ from: { external: CLIENT }, to: `https://${nodeIP(c, 'node-1')}:${hc}/healthz` });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(
      /^TLS handshake failed: kube-proxy's health check server on 192\.168\.49\.2:\d+ \(default\/web\) speaks plain HTTP/,
    );
    expect(trace.http).toBeUndefined();
  });

  it('it listens on TCP only: UDP to the port finds nothing', () => {
    const trace = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-1')}:${hc}`, protocol: 'UDP' });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(/^connection refused: nothing listens on /);
  });

  it('a NotReady node answers nothing', () => {
    const down = cluster();
    down.setNodeReady('node-1', false);
    const trace = down.send({ from: { external: CLIENT }, to: `http://${nodeIP(down, 'node-1')}:${healthPort(down)}/healthz` });
    expect(trace.ok).toBe(false);
    expect(trace.reason).toMatch(/^timed out: node-1 is NotReady/);
  });

  it('Services without externalTrafficPolicy: Local on a LoadBalancer have no health check server (apiservice.NeedsHealthCheck)', () => {
    const np = createCluster(
      serviceYaml('np', { type: 'NodePort', selector: { app: 'web' }, extra: '  externalTrafficPolicy: Local' }) +
        serviceYaml('lb', { type: 'LoadBalancer', selector: { app: 'web' } }) +
        podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }),
    );
    expect(np.get('Service', 'np')?.spec.healthCheckNodePort).toBeUndefined();
    expect(np.get('Service', 'lb')?.spec.healthCheckNodePort).toBeUndefined();
    expect(np.iptables('node-1')).not.toContain('health check node port');
  });
});

/** The load balancer hop's health check verdict for each node, read from its rule. */
function lbHealthy(trace: Trace): string[] {
  const rule = trace.hops.find((h) => h.component === 'cloud-lb')?.rule ?? '';
  const healthy = /healthy: ([^\]]*)\]$/.exec(rule)?.[1] ?? '';
  return healthy === 'none' ? [] : healthy.split(', ');
}

/** The nodes whose kube-proxy answers 200 on the health check port, asked the way the load balancer asks. */
function answering200(c: Cluster): string[] {
  const hc = healthPort(c);
  return NODES.filter((n) => c.send({ from: { external: CLIENT }, to: `http://${nodeIP(c, n)}:${hc}/healthz` }).http?.status === 200);
}

describe('the cloud load balancer health-checks the same kube-proxy answers (externalTrafficPolicy: Local)', () => {
  interface LbCase {
    name: string;
    change: (c: Cluster) => void;
    healthy: string[];
    check: string[];
  }
  it.each<LbCase>([
    {
      name: 'node-1 answers 200; node-2 (an unready endpoint) and node-3 answer 503',
      change: () => undefined,
      healthy: ['node-1'],
      check: ['node-1 200 (localEndpoints 2)', 'node-2 503 (localEndpoints 0)', 'node-3 503 (localEndpoints 0)'],
    },
    {
      name: 'web-c passes its readiness probe: node-2 answers 200 too',
      change: (c) => c.setPodReady('web-c', true),
      healthy: ['node-1', 'node-2'],
      check: ['node-1 200 (localEndpoints 2)', 'node-2 200 (localEndpoints 1)', 'node-3 503 (localEndpoints 0)'],
    },
    {
      name: 'web-a fails its probe: node-1 still has web-b, localEndpoints 1',
      change: (c) => c.setPodReady('web-a', false),
      healthy: ['node-1'],
      check: ['node-1 200 (localEndpoints 1)', 'node-2 503 (localEndpoints 0)', 'node-3 503 (localEndpoints 0)'],
    },
    {
      name: 'node-1 fails: its kube-proxy does not answer, and no node is healthy',
      change: (c) => c.setNodeReady('node-1', false),
      healthy: [],
      check: ['node-1 no answer (NotReady)', 'node-2 503 (localEndpoints 0)', 'node-3 503 (localEndpoints 0)'],
    },
  ])('$name', ({ change, healthy, check }) => {
    const c = cluster();
    change(c);
    const lb = c.get('Service', 'web')?.status.loadBalancer.ingress?.[0]?.ip as string;
    const hc = healthPort(c);
    for (const port of [80, 9090]) {
      const trace = c.send({ from: { external: CLIENT }, to: `http://${lb}:${port}/` });
      expect(lbHealthy(trace)).toEqual(healthy);
      expect(answering200(c)).toEqual(healthy);
      expect(trace.hops.find((h) => h.component === 'cloud-lb')?.rule).toContain(
        `health check GET :${hc}/healthz, kube-proxy's healthCheckNodePort (externalTrafficPolicy: Local): ${check.join(', ')}`,
      );
      if (healthy.length === 0) {
        expect(trace.reason).toBe(
          `timed out: the load balancer ${lb} of default/web:${port === 80 ? 'http' : 'metrics'} has no healthy backend node`,
        );
      } else {
        expect(healthy).toContain(trace.pod?.node);
        expect(trace.sourceIpSeenByPod).toBe(CLIENT);
      }
    }
  });
});
