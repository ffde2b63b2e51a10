import { describe, expect, it } from 'vitest';
import { healthCheckBody } from './health-check';

// hcHandler.ServeHTTP (pkg/proxy/healthcheck/service_health.go) writes
// strings.Trim(dedent.Dedent(fmt.Sprintf(`{ "service": {"namespace": %q, "name": %q}, "localEndpoints": %d,
// "serviceProxyHealthy": %v }`)), "\n"): the template's tabs, less the common indentation, and no
// final newline.
describe('the health check body (hcHandler.ServeHTTP)', () => {
  it.each([
    { name: 'a node with local endpoints', ns: 'default', svc: 'web', n: 2, healthy: true },
    { name: 'no local endpoint: the same shape with 0', ns: 'svc-lab', svc: 'hostnames-ext', n: 0, healthy: true },
    { name: 'kube-proxy unhealthy: serviceProxyHealthy false', ns: 'default', svc: 'web', n: 3, healthy: false },
  ])('$name', ({ ns, svc, n, healthy }) => {
    const text = healthCheckBody(ns, svc, n, healthy);
    expect(text.split('\n')).toEqual([
      '{',
      '\t"service": {',
      `\t\t"namespace": "${ns}",`,
      `\t\t"name": "${svc}"`,
      '\t},',
      `\t"localEndpoints": ${n},`,
      `\t"serviceProxyHealthy": ${healthy}`,
      '}',
    ]);
    expect(JSON.parse(text)).toEqual({ service: { namespace: ns, name: svc }, localEndpoints: n, serviceProxyHealthy: healthy });
  });

  // An nmap fingerprint of a real healthCheckNodePort: `Content-Length: 127` for default/wp-nginx-service, 1 endpoint.
  it('is 127 bytes for default/wp-nginx-service with one endpoint, as a real kube-proxy sent it', () => {
    expect(healthCheckBody('default', 'wp-nginx-service', 1, true)).toHaveLength(127);
  });
});
