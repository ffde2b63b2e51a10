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
      'spec.clusterIP: Invalid value: "10.100.0.50": failed to allocate IP 10.100.0.50: provided IP is already allocated',
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
    expect(err?.message).toContain('field is immutable');
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

  it('gives a LoadBalancer Service a node port and an address from the pool', () => {
    const cluster = createCluster(svc('lb', '  type: LoadBalancer\n  ports: [{port: 80}]\n'));
    const s = cluster.get('Service', 'lb');
    expect(s?.status.loadBalancer.ingress).toEqual([{ ip: '203.0.113.10' }]);
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
    expect(requested.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '78.11.24.19' }]);
    const pasted = createCluster(
      svc('lb', '  type: LoadBalancer\n  clusterIP: 10.0.171.239\n  loadBalancerIP: 78.11.24.19\n  ports: [{port: 80}]\n') +
        'status:\n  loadBalancer:\n    ingress:\n    - ip: 146.148.47.155\n',
      { serviceCIDR: '10.0.0.0/16' },
    );
    expect(pasted.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(pasted.get('Service', 'lb')?.spec.clusterIP).toBe('10.0.171.239');
    expect(pasted.get('Service', 'lb')?.status.loadBalancer.ingress).toEqual([{ ip: '146.148.47.155' }]);
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
