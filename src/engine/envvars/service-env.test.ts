import { describe, expect, it } from 'vitest';
import type { Protocol, Service } from '../model/types';
import { envFromServices } from './service-env';
import { createCluster } from '../index';
import { cidrContains, isIPv4 } from '../net/ipv4';

function service(name: string, clusterIP: string, ports: { name?: string; port: number; protocol: Protocol }[]): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: name, resourceVersion: '1', creationTimestamp: '' },
    spec: {
      type: 'ClusterIP',
      clusterIP,
      sessionAffinity: 'None',
      selector: { bar: 'baz' },
      ports: ports.map((p) => ({ ...p, targetPort: p.port })),
    },
    status: { loadBalancer: {} },
  };
}

describe('service environment variables (pkg/kubelet/envvars/envvars.go)', () => {
  it('FromServices gives the names, values and order of envvars_test.go TestFromServices', () => {
    const vars = envFromServices([
      service('foo-bar', '1.2.3.4', [{ port: 8080, protocol: 'TCP' }]),
      service('abc-123', '5.6.7.8', [
        { name: 'u-d-p', port: 8081, protocol: 'UDP' },
        { name: 't-c-p', port: 8081, protocol: 'TCP' },
      ]),
      service('q-u-u-x', '9.8.7.6', [
        { port: 8082, protocol: 'TCP' },
        { name: '8083', port: 8083, protocol: 'TCP' },
      ]),
      service('svrc-clusterip-none', 'None', [{ port: 8082, protocol: 'TCP' }]),
      service('svrc-clusterip-empty', '', [{ port: 8082, protocol: 'TCP' }]),
      service('super-ipv6', '2001:DB8::', [
        { name: 'u-d-p', port: 8084, protocol: 'UDP' },
        { name: 't-c-p', port: 8084, protocol: 'TCP' },
      ]),
      service('sctp-1', '1.2.3.4', [{ port: 777, protocol: 'SCTP' }]),
    ]);
    expect(vars).toEqual([
      ['FOO_BAR_SERVICE_HOST', '1.2.3.4'],
      ['FOO_BAR_SERVICE_PORT', '8080'],
      ['FOO_BAR_PORT', 'tcp://1.2.3.4:8080'],
      ['FOO_BAR_PORT_8080_TCP', 'tcp://1.2.3.4:8080'],
      ['FOO_BAR_PORT_8080_TCP_PROTO', 'tcp'],
      ['FOO_BAR_PORT_8080_TCP_PORT', '8080'],
      ['FOO_BAR_PORT_8080_TCP_ADDR', '1.2.3.4'],
      ['ABC_123_SERVICE_HOST', '5.6.7.8'],
      ['ABC_123_SERVICE_PORT', '8081'],
      ['ABC_123_SERVICE_PORT_U_D_P', '8081'],
      ['ABC_123_SERVICE_PORT_T_C_P', '8081'],
      ['ABC_123_PORT', 'udp://5.6.7.8:8081'],
      ['ABC_123_PORT_8081_UDP', 'udp://5.6.7.8:8081'],
      ['ABC_123_PORT_8081_UDP_PROTO', 'udp'],
      ['ABC_123_PORT_8081_UDP_PORT', '8081'],
      ['ABC_123_PORT_8081_UDP_ADDR', '5.6.7.8'],
      ['ABC_123_PORT_8081_TCP', 'tcp://5.6.7.8:8081'],
      ['ABC_123_PORT_8081_TCP_PROTO', 'tcp'],
      ['ABC_123_PORT_8081_TCP_PORT', '8081'],
      ['ABC_123_PORT_8081_TCP_ADDR', '5.6.7.8'],
      ['Q_U_U_X_SERVICE_HOST', '9.8.7.6'],
      ['Q_U_U_X_SERVICE_PORT', '8082'],
      ['Q_U_U_X_SERVICE_PORT_8083', '8083'],
      ['Q_U_U_X_PORT', 'tcp://9.8.7.6:8082'],
      ['Q_U_U_X_PORT_8082_TCP', 'tcp://9.8.7.6:8082'],
      ['Q_U_U_X_PORT_8082_TCP_PROTO', 'tcp'],
      ['Q_U_U_X_PORT_8082_TCP_PORT', '8082'],
      ['Q_U_U_X_PORT_8082_TCP_ADDR', '9.8.7.6'],
      ['Q_U_U_X_PORT_8083_TCP', 'tcp://9.8.7.6:8083'],
      ['Q_U_U_X_PORT_8083_TCP_PROTO', 'tcp'],
      ['Q_U_U_X_PORT_8083_TCP_PORT', '8083'],
      ['Q_U_U_X_PORT_8083_TCP_ADDR', '9.8.7.6'],
      ['SUPER_IPV6_SERVICE_HOST', '2001:DB8::'],
      ['SUPER_IPV6_SERVICE_PORT', '8084'],
      ['SUPER_IPV6_SERVICE_PORT_U_D_P', '8084'],
      ['SUPER_IPV6_SERVICE_PORT_T_C_P', '8084'],
      ['SUPER_IPV6_PORT', 'udp://[2001:DB8::]:8084'],
      ['SUPER_IPV6_PORT_8084_UDP', 'udp://[2001:DB8::]:8084'],
      ['SUPER_IPV6_PORT_8084_UDP_PROTO', 'udp'],
      ['SUPER_IPV6_PORT_8084_UDP_PORT', '8084'],
      ['SUPER_IPV6_PORT_8084_UDP_ADDR', '2001:DB8::'],
      ['SUPER_IPV6_PORT_8084_TCP', 'tcp://[2001:DB8::]:8084'],
      ['SUPER_IPV6_PORT_8084_TCP_PROTO', 'tcp'],
      ['SUPER_IPV6_PORT_8084_TCP_PORT', '8084'],
      ['SUPER_IPV6_PORT_8084_TCP_ADDR', '2001:DB8::'],
      ['SCTP_1_SERVICE_HOST', '1.2.3.4'],
      ['SCTP_1_SERVICE_PORT', '777'],
      ['SCTP_1_PORT', 'sctp://1.2.3.4:777'],
      ['SCTP_1_PORT_777_SCTP', 'sctp://1.2.3.4:777'],
      ['SCTP_1_PORT_777_SCTP_PROTO', 'sctp'],
      ['SCTP_1_PORT_777_SCTP_PORT', '777'],
      ['SCTP_1_PORT_777_SCTP_ADDR', '1.2.3.4'],
    ]);
  });
});

const RANDOM_GENERATOR_SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: random-generator
spec:
  selector:
    app: random-generator
  ports:
  - port: 80
    targetPort: 8080
    protocol: TCP
`;

const client = (name: string, extra = ''): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
${extra}  containers:
  - name: curl
    image: curlimages/curl
`;

describe('which Services a pod sees in its environment (pkg/kubelet/kubelet_pods.go getServiceEnvVarMap)', () => {
  it('seed example 13-2: a pod started after random-generator sees its ClusterIP and port 80', () => {
    const cluster = createCluster(`${RANDOM_GENERATOR_SERVICE}---\n${client('client')}`);
    const env = cluster.env('client');
    const clusterIP = cluster.get('Service', 'random-generator')?.spec.clusterIP;
    expect(clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(env?.RANDOM_GENERATOR_SERVICE_HOST).toBe(clusterIP);
    expect(env?.RANDOM_GENERATOR_SERVICE_PORT).toBe('80');
    expect(env?.RANDOM_GENERATOR_PORT).toBe(`tcp://${clusterIP}:80`);
  });

  it('a pod started before the Service gets none of its variables until it is restarted', () => {
    const cluster = createCluster(`${client('early')}---\n${RANDOM_GENERATOR_SERVICE}`);
    expect(cluster.env('early')?.RANDOM_GENERATOR_SERVICE_HOST).toBeUndefined();
    expect(cluster.env('early')?.KUBERNETES_SERVICE_HOST).toBe('10.96.0.1');
    expect(cluster.restartPod('early')).toEqual([]);
    // The ClusterIP is allocated from the service CIDR (kubeadm's default 10.96.0.0/12), so the
    // comparison below cannot pass on two undefined values.
    const clusterIP = cluster.get('Service', 'random-generator')?.spec.clusterIP ?? '';
    expect(isIPv4(clusterIP), clusterIP).toBe(true);
    expect(cluster.options.serviceCIDR.text).toBe('10.96.0.0/12');
    expect(cidrContains(cluster.options.serviceCIDR, clusterIP)).toBe(true);
    expect(clusterIP).not.toBe('10.96.0.1'); // the kubernetes Service's address
    expect(cluster.env('early')?.RANDOM_GENERATOR_SERVICE_HOST).toBe(clusterIP);
  });

  it('envServices names the Services behind the variables: kubernetes only before the restart, random-generator too after it', () => {
    const cluster = createCluster(`${client('early')}---\n${RANDOM_GENERATOR_SERVICE}---\n${client('late')}`);
    expect(cluster.envServices('early')).toEqual(['default/kubernetes']);
    expect(cluster.envServices('late')).toEqual(['default/kubernetes', 'default/random-generator']);
    expect(cluster.restartPod('early')).toEqual([]);
    expect(cluster.envServices('early')).toEqual(['default/kubernetes', 'default/random-generator']);
    expect(cluster.envServices('nope')).toBeUndefined();
    // enableServiceLinks: false keeps only the master Service (getServiceEnvVarMap).
    const unlinked = createCluster(`${RANDOM_GENERATOR_SERVICE}---\n${client('quiet', '  enableServiceLinks: false\n')}`);
    expect(unlinked.envServices('quiet')).toEqual(['default/kubernetes']);
  });

  it('a Service applied later does not reach running pods; a new pod of the Deployment gets it', () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  replicas: 1
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec: {containers: [{name: c, image: nginx}]}
`;
    const cluster = createCluster(deployment);
    const podName = (): string =>
      cluster.objects().find((o) => o.kind === 'Pod' && o.metadata.namespace === 'default')?.metadata.name ?? '';
    const first = podName();
    cluster.apply(RANDOM_GENERATOR_SERVICE);
    expect(cluster.env(first)?.RANDOM_GENERATOR_SERVICE_HOST).toBeUndefined();
    cluster.delete('Pod', first);
    expect(podName()).not.toBe(first);
    expect(cluster.env(podName())?.RANDOM_GENERATOR_SERVICE_HOST).toBeDefined();
  });

  it('only Services of the pod namespace, plus the kubernetes Service of default', () => {
    const yaml = `apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Service
metadata: {name: elsewhere, namespace: other}
spec: {ports: [{port: 1}]}
---
${RANDOM_GENERATOR_SERVICE}---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: other}
spec: {containers: [{name: c, image: nginx}]}
`;
    const env = createCluster(yaml).env('p', 'other') ?? {};
    expect(
      Object.keys(env)
        .filter((k) => k.endsWith('_SERVICE_HOST'))
        .sort(),
    ).toEqual(['ELSEWHERE_SERVICE_HOST', 'KUBERNETES_SERVICE_HOST']);
    expect(env.KUBERNETES_SERVICE_PORT).toBe('443');
    expect(env.KUBERNETES_SERVICE_PORT_HTTPS).toBe('443');
    expect(env.KUBERNETES_PORT_443_TCP_ADDR).toBe('10.96.0.1');
  });

  it('headless and ExternalName Services give no variables', () => {
    const yaml = `apiVersion: v1
kind: Service
metadata: {name: headless}
spec: {clusterIP: None, selector: {a: b}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: database-service}
spec: {type: ExternalName, externalName: my.database.example.com, ports: [{port: 80}]}
---
${client('p')}`;
    const env = createCluster(yaml).env('p') ?? {};
    expect(Object.keys(env).filter((k) => k.endsWith('_SERVICE_HOST'))).toEqual(['KUBERNETES_SERVICE_HOST']);
  });

  it('enableServiceLinks: false keeps only the kubernetes Service variables', () => {
    const env = createCluster(`${RANDOM_GENERATOR_SERVICE}---\n${client('p', '  enableServiceLinks: false\n')}`).env('p') ?? {};
    expect(Object.keys(env).filter((k) => k.endsWith('_SERVICE_HOST'))).toEqual(['KUBERNETES_SERVICE_HOST']);
  });

  it('unknown pods have no environment', () => {
    expect(createCluster('').env('nope')).toBeUndefined();
  });
});
