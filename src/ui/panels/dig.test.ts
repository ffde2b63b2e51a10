import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import { formatDig } from './dig';
import { deploymentYaml } from '../../engine/test-support/fixtures';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
${deploymentYaml({ containerPort: 80 })}`;

describe('dig-style output', () => {
  const cluster = createCluster(YAML);
  const pod = cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')!.metadata.name;

  // dig prints names fully qualified with a trailing dot and records as `name. TTL IN TYPE data`.
  it('prints a headless service as one A record per pod, after the search path tries', () => {
    const text = formatDig('web', 'A', cluster.dns('web', { type: 'A', fromPod: { name: pod } }), pod);
    expect(text).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, ANSWER: 2');
    expect(text).toContain(';web.default.svc.cluster.local.\t\tIN\tA');
    expect(text.match(/^web\.default\.svc\.cluster\.local\.\t\t30\tIN\tA\t10\.244\.\d+\.\d+$/gm)).toHaveLength(2);
    expect(text).not.toContain('search path tried');
  });

  it('prints NXDOMAIN with every name the search path tried', () => {
    const text = formatDig('nope', 'A', cluster.dns('nope', { type: 'A', fromPod: { name: pod } }), pod);
    expect(text).toContain('status: NXDOMAIN, ANSWER: 0');
    expect(text).toContain(';; search path tried: nope.default.svc.cluster.local., nope.svc.cluster.local., nope.cluster.local., nope.');
  });

  it('prints SRV targets fully qualified', () => {
    const text = formatDig(
      '_http._tcp.web.default.svc.cluster.local',
      'SRV',
      cluster.dns('_http._tcp.web.default.svc.cluster.local', { type: 'SRV' }),
    );
    expect(text).toMatch(
      /^_http\._tcp\.web\.default\.svc\.cluster\.local\.\t\t30\tIN\tSRV\t0 50 80 [a-z0-9-]+\.web\.default\.svc\.cluster\.local\.$/m,
    );
  });
});
