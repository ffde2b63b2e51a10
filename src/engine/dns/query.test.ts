/**
 * Cluster DNS, checked against the Kubernetes DNS-Based Service Discovery specification
 * (kubernetes/dns docs/specification.md, "2.3 Records for a Service with ClusterIP",
 * "2.4 Records for a Headless Service", "2.5 Records for External Name Services") and the pod
 * resolv.conf of pkg/kubelet/network/dns/dns.go.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { READINESS_ANNOTATION } from '../controllers/kubelet';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080}
  - {name: metrics, port: 9090, protocol: TCP}
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432}]
---
apiVersion: v1
kind: Service
metadata: {name: database-service}
spec: {type: ExternalName, externalName: my.database.example.com, ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-0, labels: {app: db}}
spec: {hostname: db-0, subdomain: db, containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-1, labels: {app: db}}
spec: {containers: [{name: pg, image: postgres}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db-2, labels: {app: db}, annotations: {${READINESS_ANNOTATION}: fail}}
spec: {containers: [{name: pg, image: postgres}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: curl}]}
`;

const cluster = createCluster(YAML);
const ip = (pod: string): string => cluster.get('Pod', pod)?.status.podIP ?? '?';
const webIP = cluster.get('Service', 'web')?.spec.clusterIP ?? '?';
const fromClient = { fromPod: { name: 'client' } };

describe('cluster DNS records (DNS spec 2.3-2.5)', () => {
  it('A record of a ClusterIP Service: <svc>.<ns>.svc.<zone> -> its ClusterIP', () => {
    const r = cluster.dns('web.default.svc.cluster.local.');
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers).toEqual([{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: webIP }]);
  });

  it('headless Service: one A record per ready endpoint, the unready pod left out', () => {
    const r = cluster.dns('db.default.svc.cluster.local.');
    expect(r.answers.map((a) => a.data).sort()).toEqual([ip('db-0'), ip('db-1')].sort());
  });

  it('headless endpoints by hostname (hostname + subdomain) and by dashed IP', () => {
    expect(cluster.dns('db-0.db.default.svc.cluster.local.').answers.map((a) => a.data)).toEqual([ip('db-0')]);
    const dashed = ip('db-1').replaceAll('.', '-');
    expect(cluster.dns(`${dashed}.db.default.svc.cluster.local.`).answers.map((a) => a.data)).toEqual([ip('db-1')]);
    expect(cluster.dns('db-2.db.default.svc.cluster.local.').rcode).toBe('NXDOMAIN');
  });

  it('ExternalName: a CNAME to externalName, followed to the address outside the cluster', () => {
    const r = cluster.dns('database-service.default.svc.cluster.local.');
    expect(r.answers[0]).toEqual({
      name: 'database-service.default.svc.cluster.local.',
      type: 'CNAME',
      ttl: 30,
      data: 'my.database.example.com.',
    });
    expect(r.answers[1]).toMatchObject({ name: 'my.database.example.com.', type: 'A' });
    expect(r.answers[1]?.data).toMatch(/^198\.51\.100\.\d+$/);
    expect(cluster.dns('database-service.default.svc.cluster.local.', { type: 'CNAME' }).answers).toHaveLength(1);
  });

  it('SRV for a named port of a ClusterIP Service: priority 0, weight 100, port, the Service name', () => {
    const r = cluster.dns('_http._tcp.web.default.svc.cluster.local.', { type: 'SRV' });
    expect(r.answers).toEqual([
      { name: '_http._tcp.web.default.svc.cluster.local.', type: 'SRV', ttl: 30, data: '0 100 80 web.default.svc.cluster.local.' },
    ]);
    expect(r.additional).toEqual([{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, data: webIP }]);
    expect(cluster.dns('_nope._tcp.web.default.svc.cluster.local.', { type: 'SRV' }).rcode).toBe('NXDOMAIN');
    expect(cluster.dns('_http._udp.web.default.svc.cluster.local.', { type: 'SRV' }).rcode).toBe('NXDOMAIN');
  });

  it('SRV for a headless Service: one record per ready endpoint, weights split evenly, targets by hostname', () => {
    const r = cluster.dns('_pg._tcp.db.default.svc.cluster.local.', { type: 'SRV' });
    const targets = r.answers.map((a) => a.data).sort();
    expect(targets).toEqual(
      [`0 50 5432 db-0.db.default.svc.cluster.local.`, `0 50 5432 ${ip('db-1').replaceAll('.', '-')}.db.default.svc.cluster.local.`].sort(),
    );
    expect(r.additional.map((a) => a.data).sort()).toEqual([ip('db-0'), ip('db-1')].sort());
  });

  it('PTR of a ClusterIP names its Service; of a headless endpoint, the endpoint', () => {
    const reverse = (addr: string): string => `${addr.split('.').reverse().join('.')}.in-addr.arpa.`;
    expect(cluster.dns(reverse(webIP), { type: 'PTR' }).answers[0]?.data).toBe('web.default.svc.cluster.local.');
    expect(cluster.dns(reverse(ip('db-0')), { type: 'PTR' }).answers[0]?.data).toBe('db-0.db.default.svc.cluster.local.');
    expect(cluster.dns(reverse('10.96.0.10'), { type: 'PTR' }).answers[0]?.data).toBe('kube-dns.kube-system.svc.cluster.local.');
  });

  it('pod A records <a-b-c-d>.<ns>.pod.<zone> (pods insecure)', () => {
    const dashed = ip('client').replaceAll('.', '-');
    expect(cluster.dns(`${dashed}.default.pod.cluster.local.`).answers[0]?.data).toBe(ip('client'));
  });

  it('NXDOMAIN for a missing Service or namespace; NOERROR without answers for AAAA of an IPv4 Service', () => {
    expect(cluster.dns('nope.default.svc.cluster.local.').rcode).toBe('NXDOMAIN');
    expect(cluster.dns('web.nowhere.svc.cluster.local.').rcode).toBe('NXDOMAIN');
    const aaaa = cluster.dns('web.default.svc.cluster.local.', { type: 'AAAA' });
    expect(aaaa.rcode).toBe('NOERROR');
    expect(aaaa.answers).toEqual([]);
  });

  it('the kubernetes Service resolves to the first address of the service CIDR', () => {
    expect(cluster.dns('kubernetes.default.svc.cluster.local.').answers[0]?.data).toBe('10.96.0.1');
  });
});

describe('search path from a pod (resolv.conf: search <ns>.svc.<zone> svc.<zone> <zone>, ndots:5)', () => {
  it('resolv.conf of a ClusterFirst pod', () => {
    expect(cluster.resolvConf('client')).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });

  it.each([
    ['web', ['web.default.svc.cluster.local.']],
    ['web.default', ['web.default.default.svc.cluster.local.', 'web.default.svc.cluster.local.']],
    [
      'web.default.svc.cluster.local',
      [
        'web.default.svc.cluster.local.default.svc.cluster.local.',
        'web.default.svc.cluster.local.svc.cluster.local.',
        'web.default.svc.cluster.local.cluster.local.',
        'web.default.svc.cluster.local.',
      ],
    ],
    ['web.default.svc.cluster.local.', ['web.default.svc.cluster.local.']],
  ])('%s resolves after trying %j', (query, searched) => {
    const r = cluster.dns(query, fromClient);
    expect(r.searched).toEqual(searched);
    expect(r.answers.map((a) => a.data)).toEqual([webIP]);
    expect(r.resolvedName).toBe('web.default.svc.cluster.local.');
  });

  it('a name outside the cluster walks the whole search path, then goes upstream', () => {
    const r = cluster.dns('example.com', fromClient);
    expect(r.searched).toEqual([
      'example.com.default.svc.cluster.local.',
      'example.com.svc.cluster.local.',
      'example.com.cluster.local.',
      'example.com.',
    ]);
    expect(r.server).toBe('upstream');
    expect(r.answers[0]?.data).toMatch(/^198\.51\.100\./);
  });

  it('a missing name is NXDOMAIN after every candidate', () => {
    const r = cluster.dns('missing', fromClient);
    expect(r.rcode).toBe('NXDOMAIN');
    expect(r.searched).toHaveLength(4);
  });

  it('from another namespace the short name does not reach default; <svc>.<ns> does', () => {
    const c = createCluster(`${YAML}---
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: Pod
metadata: {name: other, namespace: team}
spec: {containers: [{name: c, image: curl}]}
`);
    const from = { fromPod: { name: 'other', namespace: 'team' } };
    expect(c.dns('web', from).rcode).toBe('NXDOMAIN');
    expect(c.dns('web.default', from).answers[0]?.data).toBe(c.get('Service', 'web')?.spec.clusterIP);
  });

  it('dnsPolicy Default uses the node resolver: cluster names do not resolve', () => {
    const c = createCluster(`${YAML}---
apiVersion: v1
kind: Pod
metadata: {name: plain}
spec: {dnsPolicy: Default, containers: [{name: c, image: curl}]}
`);
    expect(c.resolvConf('plain')).toBe('nameserver 192.168.49.1\n');
    expect(c.dns('web.default.svc.cluster.local', { fromPod: { name: 'plain' } }).rcode).toBe('NXDOMAIN');
  });

  it('a custom cluster domain changes every name', () => {
    const c = createCluster(YAML, { clusterDomain: 'corp.internal' });
    expect(c.dns('web', { fromPod: { name: 'client' } }).resolvedName).toBe('web.default.svc.corp.internal.');
  });
});
