import { describe, expect, it } from 'vitest';
import { createCluster } from '../../index';
import { cidrContains, parseCidr } from '../../net/ipv4';

const svc = (name: string, spec: string): string => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec}`;

const errors = (yaml: string, options = {}) => createCluster(yaml, options).diagnostics.filter((d) => d.severity === 'error');

describe('Service registry allocation (pkg/registry/core/service/storage/alloc.go)', () => {
  it('allocates a ClusterIP inside the service CIDR, outside its static band, and fills the defaults', () => {
    const cluster = createCluster(svc('web', '  selector: {app: web}\n  ports: [{port: 80, targetPort: 8080}]\n'));
    const s = cluster.get('Service', 'web');
    expect(s?.spec.clusterIP).toBeDefined();
    expect(cidrContains(parseCidr('10.96.0.0/12'), s?.spec.clusterIP ?? '')).toBe(true);
    expect(cidrContains(parseCidr('10.96.0.0/24'), s?.spec.clusterIP ?? '')).toBe(false);
    expect(s?.spec).toMatchObject({
      type: 'ClusterIP',
      clusterIPs: [s?.spec.clusterIP],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    });
    expect(s?.spec.externalTrafficPolicy).toBeUndefined();
  });

  it('targetPort defaults to port (SetDefaults_Service)', () => {
    const s = createCluster(svc('web', '  selector: {app: web}\n  ports: [{port: 80}]\n')).get('Service', 'web');
    expect(s?.spec.ports[0]?.targetPort).toBe(80);
  });

  it('honours a valid spec.clusterIP', () => {
    const s = createCluster(svc('web', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n')).get('Service', 'web');
    expect(s?.spec.clusterIP).toBe('10.100.0.50');
  });

  it('refuses a ClusterIP another Service holds, with the registry message', () => {
    const yaml =
      svc('a', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n') + svc('b', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n');
    const [err] = errors(yaml);
    expect(err?.message).toBe(
      'spec.clusterIPs: Invalid value: []string{"10.100.0.50"}: failed to allocate IP 10.100.0.50: provided IP is already allocated',
    );
    expect(err?.name).toBe('b');
    expect(err?.line).toBe(15); // the clusterIP value of the second document
    expect(err?.column).toBe(14);
  });

  it('refuses the kubernetes Service address (the first of the range) and kube-dns (the tenth)', () => {
    expect(errors(svc('a', '  clusterIP: 10.96.0.1\n  ports: [{port: 80}]\n'))[0]?.message).toContain('provided IP is already allocated');
    expect(errors(svc('a', '  clusterIP: 10.96.0.10\n  ports: [{port: 80}]\n'))[0]?.message).toContain('provided IP is already allocated');
  });

  it('a ClusterIP freed by deleting its Service can be taken again', () => {
    const cluster = createCluster(svc('a', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n'));
    cluster.delete('Service', 'a');
    expect(cluster.apply(svc('b', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n')).filter((d) => d.severity === 'error')).toEqual([]);
    expect(cluster.get('Service', 'b')?.spec.clusterIP).toBe('10.100.0.50');
  });

  it('keeps the ClusterIP when the same Service is applied again, and refuses to change it', () => {
    const cluster = createCluster(svc('a', '  ports: [{port: 80}]\n'));
    const ip = cluster.get('Service', 'a')?.spec.clusterIP;
    cluster.apply(svc('a', '  ports: [{port: 81}]\n'));
    expect(cluster.get('Service', 'a')?.spec.clusterIP).toBe(ip);
    const [err] = cluster.apply(svc('a', '  clusterIP: 10.100.9.9\n  ports: [{port: 81}]\n')).filter((d) => d.severity === 'error');
    // validateUpgradeDowngradeClusterIPs (ValidateServiceUpdate), on the clusterIPs normalizeClusterIPs made from clusterIP
    expect(err?.message).toBe('spec.clusterIPs[0]: Invalid value: []string{"10.100.9.9"}: may not change once set');
  });

  it('allocates a NodePort in 30086-32767 for NodePort Services and honours a fixed one (seed 13-6)', () => {
    const cluster = createCluster(
      svc('fixed', '  type: NodePort\n  ports: [{port: 80, nodePort: 30036}]\n') +
        svc('random', '  type: NodePort\n  ports: [{port: 80}]\n'),
    );
    expect(cluster.get('Service', 'fixed')?.spec.ports[0]?.nodePort).toBe(30036);
    const random = cluster.get('Service', 'random')?.spec.ports[0]?.nodePort ?? 0;
    expect(random).toBeGreaterThanOrEqual(30086);
    expect(random).toBeLessThanOrEqual(32767);
    expect(cluster.get('Service', 'fixed')?.spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('refuses a nodePort outside the range and one already used', () => {
    const [outside] = errors(svc('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 8080}]\n'));
    expect(outside?.message).toBe(
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const [used] = errors(
      svc('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 30036}]\n') +
        svc('b', '  type: NodePort\n  ports: [{port: 80, nodePort: 30036}]\n'),
    );
    expect(used?.message).toBe('spec.ports[0].nodePort: Invalid value: 30036: provided port is already allocated');
    expect(used?.name).toBe('b');
  });

  it('a refused Service gives back what it had allocated (its ClusterIP stays free)', () => {
    const yaml =
      svc('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 30036}]\n') +
      svc('b', '  type: NodePort\n  clusterIP: 10.100.0.7\n  ports: [{port: 80, nodePort: 30036}]\n') +
      svc('c', '  clusterIP: 10.100.0.7\n  ports: [{port: 80}]\n');
    const cluster = createCluster(yaml);
    expect(cluster.get('Service', 'b')).toBeUndefined();
    expect(cluster.get('Service', 'c')?.spec.clusterIP).toBe('10.100.0.7');
  });

  it('respects a custom nodePortRange option', () => {
    const [err] = errors(svc('a', '  type: NodePort\n  ports: [{port: 80, nodePort: 30036}]\n'), { nodePortRange: '31000-31999' });
    expect(err?.message).toContain('The range of valid ports is 31000-31999');
  });

  // Issue 14: nodePortRange 65530-65535 with 20 NodePort Services used to hand out 65536-65545.
  // portallocator (allocator.go) over a 6-port range: no static band (calculateRangeOffset is 0
  // for 16 ports or fewer), six Services get the six ports, the rest are refused as initNodePorts
  // (storage/alloc.go) refuses them: an InternalError "failed to allocate a nodePort: range is full".
  it('a 6-port nodePortRange admits 6 NodePort Services of 20 and refuses the others with "range is full" (initNodePorts)', () => {
    const yaml = Array.from({ length: 20 }, (_, i) =>
      svc(`np-${i}`, `  type: NodePort\n  selector: {app: a}\n  ports: [{port: 80}]\n`),
    ).join('');
    const cluster = createCluster(yaml, { nodePortRange: '65530-65535', ingressController: 'none' });
    const admitted = cluster.objects().flatMap((o) => (o.kind === 'Service' && o.metadata.name.startsWith('np-') ? [o] : []));
    expect(admitted).toHaveLength(6);
    expect(admitted.map((s) => s.spec.ports[0]?.nodePort).sort()).toEqual([65530, 65531, 65532, 65533, 65534, 65535]);
    const refused = cluster.diagnostics.filter((d) => d.severity === 'error');
    expect(refused).toHaveLength(14);
    for (const d of refused) {
      expect(d.message).toBe('Internal error occurred: failed to allocate a nodePort: range is full');
      expect(d.field).toBe('spec.ports[0].nodePort');
    }
    // kube-proxy writes rules for the allocated ports only.
    const rules = cluster.iptables('node-1');
    expect(rules).toContain('--dport 65535');
    expect(rules).not.toMatch(/--dport 6553[6-9]|--dport 6554\d/);
  });

  it('a full range refuses the health check node port with the registry error (allocHealthCheckNodePort)', () => {
    const yaml = svc('lb', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  selector: {app: a}\n  ports: [{port: 80}]\n');
    const [err] = errors(yaml, { nodePortRange: '32000-32000', ingressController: 'none' });
    expect(err?.message).toBe('Internal error occurred: failed to allocate a HealthCheck NodePort 0: range is full');
  });

  it('a full service CIDR refuses the next Service with "failed to allocate a serviceIP: range is full" (allocClusterIPs)', () => {
    // A /28: 14 addresses, the kubernetes Service holds .1 and kube-dns .10; 12 are left.
    const yaml = Array.from({ length: 13 }, (_, i) => svc(`s-${i}`, '  selector: {app: a}\n  ports: [{port: 80}]\n')).join('');
    const cluster = createCluster(yaml, { serviceCIDR: '10.0.0.0/28', ingressController: 'none' });
    const ips = cluster.objects().flatMap((o) => (o.kind === 'Service' && o.spec.clusterIP ? [o.spec.clusterIP] : []));
    expect(ips.sort((a, b) => Number(a.split('.')[3]) - Number(b.split('.')[3]))).toEqual(
      Array.from({ length: 14 }, (_, i) => `10.0.0.${i + 1}`),
    );
    const errs = cluster.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => [d.name, d.message])).toEqual([
      ['s-12', 'Internal error occurred: failed to allocate a serviceIP: range is full'],
    ]);
  });

  it('gives a LoadBalancer Service a node port and an address from the pool', () => {
    const cluster = createCluster(svc('lb', '  type: LoadBalancer\n  ports: [{port: 80}]\n'));
    const s = cluster.get('Service', 'lb');
    expect(s?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.10', ipMode: 'VIP' }]); // SetDefaults_Service: ipMode VIP
    expect(s?.spec.ports[0]?.nodePort).toBeGreaterThanOrEqual(30000);
    expect(s?.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(s?.spec.healthCheckNodePort).toBeUndefined();
  });

  it('a LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort', () => {
    const s = createCluster(svc('lb', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n')).get(
      'Service',
      'lb',
    );
    expect(s?.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s?.spec.healthCheckNodePort).not.toBe(s?.spec.ports[0]?.nodePort);
  });

  it('honours loadBalancerIP, and a status pasted from kubectl (seed 13-7 in the AKS range 10.0.0.0/16)', () => {
    const requested = createCluster(svc('lb', '  type: LoadBalancer\n  loadBalancerIP: 78.11.24.19\n  ports: [{port: 80}]\n'));
    expect(requested.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '78.11.24.19', ipMode: 'VIP' }]);
    const pasted = createCluster(
      svc('lb', '  type: LoadBalancer\n  clusterIP: 10.0.171.239\n  loadBalancerIP: 78.11.24.19\n  ports: [{port: 80}]\n') +
        'status:\n  loadBalancer:\n    ingress:\n    - ip: 146.148.47.155\n',
      { serviceCIDR: '10.0.0.0/16' },
    );
    expect(pasted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pasted.get('Service', 'lb')?.spec.clusterIP).toBe('10.0.171.239');
    expect(pasted.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '146.148.47.155', ipMode: 'VIP' }]);
  });

  it('an exhausted load balancer pool leaves the Service pending with a warning', () => {
    const cluster = createCluster(
      svc('a', '  type: LoadBalancer\n  ports: [{port: 80}]\n') + svc('b', '  type: LoadBalancer\n  ports: [{port: 80}]\n'),
      { loadBalancerPool: '203.0.113.10-203.0.113.10' },
    );
    expect(cluster.get('Service', 'b')?.status.loadBalancer.ingress).toBeUndefined();
    expect(cluster.diagnostics.find((d) => d.name === 'b' && d.severity === 'warning')?.message).toContain('EXTERNAL-IP stays <pending>');
  });

  it('headless and ExternalName Services get no ClusterIP', () => {
    const cluster = createCluster(
      svc('h', '  clusterIP: None\n  selector: {app: h}\n  ports: [{port: 80}]\n') +
        svc('x', '  type: ExternalName\n  externalName: my.database.example.com\n'),
    );
    expect(cluster.get('Service', 'h')?.spec.clusterIP).toBe('None');
    expect(cluster.get('Service', 'x')?.spec.clusterIP).toBeUndefined();
    expect(cluster.get('Service', 'x')?.spec.externalName).toBe('my.database.example.com');
  });

  it('ClientIP session affinity gets the 10800 s default timeout', () => {
    const s = createCluster(svc('a', '  sessionAffinity: ClientIP\n  ports: [{port: 80}]\n')).get('Service', 'a');
    expect(s?.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
});

describe('loadBalancerIP outside type LoadBalancer (ValidateService has no rule for it)', () => {
  it('is accepted with a warning and has no effect', () => {
    const cluster = createCluster(svc('a', '  loadBalancerIP: 78.11.24.19\n  ports: [{port: 80}]\n'));
    expect(cluster.get('Service', 'a')?.status.loadBalancer.ingress).toBeUndefined();
    const warning = cluster.diagnostics.find((d) => d.severity === 'warning');
    expect(warning).toMatchObject({ field: 'spec.loadBalancerIP', line: 7, column: 19 });
  });
});

// SetDefaults_Service (pkg/apis/core/v1/defaults.go) defaults externalTrafficPolicy to Cluster when
// apiservice.ExternallyAccessible (NodePort, LoadBalancer, or ClusterIP with externalIPs);
// validateServiceExternalTrafficPolicy (pkg/apis/core/validation/validation.go) forbids it elsewhere;
// only apiservice.NeedsHealthCheck (LoadBalancer + Local) gets a healthCheckNodePort.
describe('externalTrafficPolicy defaulting and healthCheckNodePort (SetDefaults_Service, validateServiceExternalTrafficPolicy)', () => {
  interface PolicyCase {
    name: string;
    spec: string;
    policy: 'Cluster' | 'Local' | undefined;
    healthCheckNodePort: boolean;
  }
  it.each<PolicyCase>([
    {
      name: 'ClusterIP without externalIPs: not externally accessible, no policy',
      spec: '  ports: [{port: 80}]\n',
      policy: undefined,
      healthCheckNodePort: false,
    },
    {
      name: 'ClusterIP with externalIPs: defaulted to Cluster',
      spec: '  externalIPs: [198.51.100.22]\n  ports: [{port: 80}]\n',
      policy: 'Cluster',
      healthCheckNodePort: false,
    },
    {
      name: 'ClusterIP with externalIPs and Local: kept, and no healthCheckNodePort (NeedsHealthCheck wants a LoadBalancer)',
      spec: '  externalIPs: [198.51.100.22]\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n',
      policy: 'Local',
      healthCheckNodePort: false,
    },
    {
      name: 'ClusterIP with externalIPs and an empty policy: "" is unset, so Cluster',
      spec: '  externalIPs: [198.51.100.22]\n  externalTrafficPolicy: ""\n  ports: [{port: 80}]\n',
      policy: 'Cluster',
      healthCheckNodePort: false,
    },
    {
      name: 'headless ClusterIP with externalIPs: ExternallyAccessible looks only at type and externalIPs',
      spec: '  clusterIP: None\n  externalIPs: [198.51.100.22]\n  ports: [{port: 80}]\n',
      policy: 'Cluster',
      healthCheckNodePort: false,
    },
    {
      name: 'NodePort: defaulted to Cluster',
      spec: '  type: NodePort\n  ports: [{port: 80}]\n',
      policy: 'Cluster',
      healthCheckNodePort: false,
    },
    {
      name: 'NodePort with Local: no healthCheckNodePort',
      spec: '  type: NodePort\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n',
      policy: 'Local',
      healthCheckNodePort: false,
    },
    {
      name: 'LoadBalancer: defaulted to Cluster',
      spec: '  type: LoadBalancer\n  ports: [{port: 80}]\n',
      policy: 'Cluster',
      healthCheckNodePort: false,
    },
    {
      name: 'LoadBalancer with Local: a healthCheckNodePort',
      spec: '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n',
      policy: 'Local',
      healthCheckNodePort: true,
    },
    {
      name: 'ExternalName: no policy',
      spec: '  type: ExternalName\n  externalName: db.example.com\n',
      policy: undefined,
      healthCheckNodePort: false,
    },
  ])('$name', ({ spec, policy, healthCheckNodePort }) => {
    const cluster = createCluster(svc('s', spec));
    expect(cluster.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const s = cluster.get('Service', 's');
    expect(s?.spec.externalTrafficPolicy).toBe(policy);
    expect(s?.spec.healthCheckNodePort !== undefined).toBe(healthCheckNodePort);
  });

  it('a ClusterIP Service with an empty externalIPs list is not externally accessible: the policy is refused', () => {
    const [err] = errors(svc('s', '  externalIPs: []\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n'));
    expect(err?.message).toBe('spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services');
  });

  it('healthCheckNodePort: 0 is unset, and is not stored', () => {
    const s = createCluster(svc('s', '  type: NodePort\n  healthCheckNodePort: 0\n  ports: [{port: 80}]\n')).get('Service', 's');
    expect(s?.spec).not.toHaveProperty('healthCheckNodePort');
  });
});

const errorMessages = (diagnostics: readonly { severity: string; message: string }[]): string[] =>
  diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

// SetDefaults_Service (pkg/apis/core/v1/defaults.go) runs before the registry and validation, so
// what it fills is never reported missing and what it clears is never refused.
describe('SetDefaults_Service before validation (pkg/apis/core/v1/defaults_test.go)', () => {
  it('TestSetDefaultService: sessionAffinity None without a config, type ClusterIP', () => {
    const s = createCluster(svc('a', '  ports: [{port: 80}]\n')).get('Service', 'a');
    expect(s?.spec.sessionAffinity).toBe('None');
    expect(s?.spec).not.toHaveProperty('sessionAffinityConfig');
    expect(s?.spec.type).toBe('ClusterIP');
  });

  it('Go zero values count as unset: type "" and sessionAffinity "" are defaulted, not refused', () => {
    const cluster = createCluster(svc('a', '  type: ""\n  sessionAffinity: ""\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None' });
  });

  it('a sessionAffinityConfig next to sessionAffinity None is cleared, not refused (ValidateService would forbid it)', () => {
    const cluster = createCluster(svc('a', '  sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec).not.toHaveProperty('sessionAffinityConfig');
  });

  it.each([
    ['SessionAffinityConfig is empty', ''],
    ['ClientIP is empty', '  sessionAffinityConfig: {}\n'],
    ['TimeoutSeconds is empty', '  sessionAffinityConfig: {clientIP: {}}\n'],
  ])('TestSetDefaultServiceSessionAffinityConfig "%s": ClientIP gets timeoutSeconds 10800', (_name, config) => {
    const cluster = createCluster(svc('a', `  sessionAffinity: ClientIP\n${config}  ports: [{port: 80}]\n`));
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('TestSetDefaulServiceTargetPort: an absent targetPort becomes the port, a given one is unchanged', () => {
    const cluster = createCluster(svc('a', '  ports: [{port: 1234}]\n') + svc('b', '  ports: [{port: 1234, targetPort: 5678}]\n'));
    expect(cluster.get('Service', 'a')?.spec.ports[0]?.targetPort).toBe(1234);
    expect(cluster.get('Service', 'b')?.spec.ports[0]?.targetPort).toBe(5678);
  });

  it('TestSetDefaultServicePort: protocol and targetPort are kept when set; "" and 0 are defaulted (TCP, the port)', () => {
    const cluster = createCluster(
      svc(
        'kept',
        '  ports:\n  - {name: a, protocol: UDP, port: 9376, targetPort: p}\n  - {name: b, protocol: UDP, port: 8675, targetPort: 309}\n',
      ) +
        svc(
          'defaulted',
          '  ports:\n  - {name: a, protocol: "", port: 9376, targetPort: ""}\n  - {name: b, protocol: "", port: 8675, targetPort: 0}\n',
        ),
    );
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
    expect(cluster.get('Service', 'kept')?.spec.ports).toMatchObject([
      { protocol: 'UDP', targetPort: 'p' },
      { protocol: 'UDP', targetPort: 309 },
    ]);
    expect(cluster.get('Service', 'defaulted')?.spec.ports).toMatchObject([
      { protocol: 'TCP', targetPort: 9376 },
      { protocol: 'TCP', targetPort: 8675 },
    ]);
  });

  it('TestSetDefaulServiceExternalTraffic: empty for ClusterIP, Cluster for NodePort and LoadBalancer', () => {
    const cluster = createCluster(
      svc('c', '  ports: [{port: 80}]\n') +
        svc('n', '  type: NodePort\n  ports: [{port: 80}]\n') +
        svc('l', '  type: LoadBalancer\n  ports: [{port: 80}]\n'),
    );
    expect(cluster.get('Service', 'c')?.spec.externalTrafficPolicy).toBeUndefined();
    expect(cluster.get('Service', 'n')?.spec.externalTrafficPolicy).toBe('Cluster');
    expect(cluster.get('Service', 'l')?.spec.externalTrafficPolicy).toBe('Cluster');
  });

  it('internalTrafficPolicy defaults to Cluster for ClusterIP, NodePort and LoadBalancer, headless ones included, not for ExternalName', () => {
    const cluster = createCluster(
      svc('h', '  clusterIP: None\n  selector: {app: h}\n  ports: [{port: 80}]\n') +
        svc('x', '  type: ExternalName\n  externalName: db.example.com\n'),
    );
    expect(cluster.get('Service', 'h')?.spec.internalTrafficPolicy).toBe('Cluster');
    expect(cluster.get('Service', 'x')?.spec).not.toHaveProperty('internalTrafficPolicy');
  });
});

describe('ValidateService: source ranges, loadBalancerClass, appProtocol (pkg/apis/core/validation/validation.go)', () => {
  // Cases after TestValidateServiceCreate's source-range cases (validation_test.go).
  it('invalid source range for non LoadBalancer type service: Forbidden at spec.LoadBalancerSourceRanges, as ValidateService spells it', () => {
    const cluster = createCluster(svc('a', '  loadBalancerSourceRanges: [1.2.3.4/8, 5.6.7.8/16]\n  ports: [{port: 80}]\n'));
    const errs = cluster.diagnostics.filter((d) => d.severity === 'error');
    expect(errs.map((d) => d.message)).toEqual([
      "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    expect(errs[0]).toMatchObject({ line: 7, column: 3 }); // on the loadBalancerSourceRanges key the manifest wrote
    expect(cluster.get('Service', 'a')).toBeUndefined();
  });

  it('valid LoadBalancer source range, and space-padded values (the "historical accident" ValidateService allows)', () => {
    const cluster = createCluster(
      svc('a', '  type: LoadBalancer\n  loadBalancerSourceRanges: ["1.2.3.4/8", " 5.6.7.8/16 "]\n  ports: [{port: 80}]\n'),
    );
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
  });

  it('invalid LoadBalancer source range: IsValidCIDR', () => {
    const cluster = createCluster(svc('a', '  type: LoadBalancer\n  loadBalancerSourceRanges: [foo.bar]\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.diagnostics)).toEqual([
      'spec.LoadBalancerSourceRanges[0]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });

  it('invalid LoadBalancer source range annotation (hostname), on a ClusterIP Service: two errors', () => {
    const yaml = `---
apiVersion: v1
kind: Service
metadata:
  name: a
  annotations:
    service.beta.kubernetes.io/load-balancer-source-ranges: foo.bar
spec:
  ports: [{port: 80}]
`;
    expect(errorMessages(createCluster(yaml).diagnostics)).toEqual([
      "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Forbidden: may only be used when `type` is 'LoadBalancer'",
      'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]: Invalid value: "foo.bar": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });

  it('validateLoadBalancerClassField: loadBalancerClass only on a LoadBalancer, and it may not change once set', () => {
    expect(errorMessages(createCluster(svc('a', '  loadBalancerClass: example.com/lb\n  ports: [{port: 80}]\n')).diagnostics)).toEqual([
      "spec.loadBalancerClass: Forbidden: may only be used when `type` is 'LoadBalancer'",
    ]);
    const cluster = createCluster(svc('a', '  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.diagnostics)).toEqual([]);
    const update = cluster.apply(svc('a', '  type: LoadBalancer\n  loadBalancerClass: example.com/other\n  ports: [{port: 80}]\n'));
    expect(errorMessages(update)).toEqual(['spec.loadBalancerClass: Invalid value: "example.com/other": may not change once set']);
  });

  it('validateServicePort: appProtocol is a qualified name', () => {
    const cluster = createCluster(svc('a', '  ports: [{port: 80, appProtocol: "not a name"}]\n'));
    expect(errorMessages(cluster.diagnostics)[0]).toMatch(
      /^spec\.ports\[0\]\.appProtocol: Invalid value: "not a name": name part must consist of/,
    );
  });
});

describe('cluster IP fields as the registry prepares them (storage.go normalizeClusterIPs, alloc.go initIPFamilyFields)', () => {
  it('ValidateServiceClusterIPsRelatedFields: clusterIPs without clusterIP must be empty', () => {
    expect(errorMessages(createCluster(svc('a', '  clusterIPs: [10.96.0.50]\n  ports: [{port: 80}]\n')).diagnostics)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.0.50"}: must be empty when `clusterIP` is not specified',
    ]);
  });

  it('ValidateServiceClusterIPsRelatedFields: the first of clusterIPs must match clusterIP, and these errors come alone', () => {
    const cluster = createCluster(svc('a', '  clusterIP: 10.96.0.50\n  clusterIPs: [10.96.0.51]\n  ports: [{port: 0}]\n'));
    // initIPFamilyFields returns before ValidateService runs: the bad port is not reported yet.
    expect(errorMessages(cluster.diagnostics)).toEqual([
      'spec.clusterIPs: Invalid value: []string{"10.96.0.51"}: first value must match `clusterIP`',
    ]);
  });

  it('initIPFamilyFields: RequireDualStack and IPv6 are refused on a single-stack IPv4 cluster', () => {
    expect(errorMessages(createCluster(svc('a', '  ipFamilyPolicy: RequireDualStack\n  ports: [{port: 80}]\n')).diagnostics)).toEqual([
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ]);
    expect(errorMessages(createCluster(svc('a', '  ipFamilies: [IPv6]\n  ports: [{port: 80}]\n')).diagnostics)).toEqual([
      'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    ]);
    const prefer = createCluster(svc('a', '  ipFamilyPolicy: PreferDualStack\n  ports: [{port: 80}]\n')).get('Service', 'a');
    expect(prefer?.spec).toMatchObject({ ipFamilyPolicy: 'PreferDualStack', ipFamilies: ['IPv4'] });
  });

  it('initIPFamilyFields: a headless Service without selector is RequireDualStack with both families, even on a single-stack cluster', () => {
    const s = createCluster(svc('h', '  clusterIP: None\n  ports: [{port: 80}]\n')).get('Service', 'h');
    expect(s?.spec).toMatchObject({ clusterIPs: ['None'], ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv4', 'IPv6'] });
  });
});

describe('updates: patchAllocatedValues and ValidateServiceUpdate (storage.go, validation.go)', () => {
  it('re-applying without nodePort keeps the allocated one, matched by port name', () => {
    const cluster = createCluster(svc('a', '  type: NodePort\n  ports: [{name: http, port: 80}]\n'));
    const nodePort = cluster.get('Service', 'a')?.spec.ports[0]?.nodePort;
    expect(errorMessages(cluster.apply(svc('a', '  type: NodePort\n  ports: [{name: http, port: 8080}]\n')))).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec.ports[0]?.nodePort).toBe(nodePort);
  });

  it('TestValidateServiceUpdate "change cluster IP": a ClusterIP Service cannot become headless', () => {
    const cluster = createCluster(svc('a', '  clusterIP: 10.100.0.50\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.apply(svc('a', '  clusterIP: None\n  ports: [{port: 80}]\n')))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"None"}: may not change once set',
    ]);
    expect(cluster.get('Service', 'a')?.spec.clusterIP).toBe('10.100.0.50');
  });

  it('a headless Service re-applied without clusterIP stays headless (patchAllocatedValues puts None back)', () => {
    const cluster = createCluster(svc('h', '  clusterIP: None\n  selector: {app: h}\n  ports: [{port: 80}]\n'));
    expect(errorMessages(cluster.apply(svc('h', '  selector: {app: h}\n  ports: [{port: 80}]\n')))).toEqual([]);
    expect(cluster.get('Service', 'h')?.spec.clusterIP).toBe('None');
  });

  it('ExternalName to ClusterIP allocates an IP, and back releases it (validateUpgradeDowngradeClusterIPs skips ExternalName)', () => {
    const cluster = createCluster(svc('a', '  type: ExternalName\n  externalName: db.example.com\n'));
    expect(errorMessages(cluster.apply(svc('a', '  ports: [{port: 80}]\n')))).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec.clusterIP).toMatch(/^10\./);
    expect(errorMessages(cluster.apply(svc('a', '  type: ExternalName\n  externalName: db.example.com\n')))).toEqual([]);
    expect(cluster.get('Service', 'a')?.spec.clusterIP).toBeUndefined();
  });

  it('validateServiceExternalTrafficFieldsUpdate: healthCheckNodePort is immutable while the Service needs one', () => {
    const cluster = createCluster(svc('a', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n'));
    const hc = cluster.get('Service', 'a')?.spec.healthCheckNodePort ?? 0;
    const other = hc === 32000 ? 32001 : 32000;
    expect(
      errorMessages(
        cluster.apply(
          svc('a', `  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: ${other}\n  ports: [{port: 80}]\n`),
        ),
      ),
    ).toEqual(['spec.healthCheckNodePort: Forbidden: field is immutable']);
  });
});
