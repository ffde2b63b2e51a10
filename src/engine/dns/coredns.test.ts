/**
 * The CoreDNS kubernetes plugin's answers beyond the DNS specification's records: the zone apex,
 * the dns-version TXT record, the SOA in the authority section of negative answers
 * (plugin/kubernetes/handler_test.go dnsTestCases, with kubeadm's `ttl 30` instead of the tests'
 * 5) and PTR records for the endpoints of every Service (plugin/kubernetes/reverse_test.go TestReverse).
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { SIMULATION_EPOCH } from '../state';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: svc1, namespace: default}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: other}
spec:
  selector: {app: web}
  ports: [{name: http, port: 8080, targetPort: 80}]
---
apiVersion: v1
kind: Pod
metadata: {name: ep1a, labels: {app: web}}
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]}
`;

const cluster = createCluster(YAML);
const kubeDNS = cluster.get('Service', 'kube-dns', 'kube-system')?.spec.clusterIP ?? '?';

function soaData(): string {
  const serial = cluster.dns('cluster.local.', { type: 'SOA' }).answers[0]?.data.split(' ')[2] ?? '';
  return `ns.dns.cluster.local. hostmaster.cluster.local. ${serial} 7200 1800 86400 30`;
}
const soa = () => ({ name: 'cluster.local.', type: 'SOA', ttl: 30, data: soaData() });

describe('CoreDNS kubernetes plugin: the zone apex, dns-version, SOA in negative answers (handler_test.go dnsTestCases)', () => {
  it('SOA query at the apex: ns.dns.<zone>, hostmaster.<zone>, the serial, 7200 1800 86400 and the TTL', () => {
    const r = cluster.dns('cluster.local.', { type: 'SOA' });
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers).toHaveLength(1);
    expect(r.answers[0]?.data).toMatch(/^ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30$/);
    expect(Number(r.answers[0]?.data.split(' ')[2])).toBeGreaterThanOrEqual(SIMULATION_EPOCH);
  });

  it('A query for the zone apex: NOERROR without answers, the SOA in the authority section', () => {
    const r = cluster.dns('cluster.local.');
    expect(r).toMatchObject({ rcode: 'NOERROR', answers: [], authority: [soa()] });
  });

  it('NS query at the apex: ns.dns.<zone>, with its address (the kube-dns ClusterIP) in the additional section', () => {
    const r = cluster.dns('cluster.local.', { type: 'NS' });
    expect(r.answers).toEqual([{ name: 'cluster.local.', type: 'NS', ttl: 30, data: 'ns.dns.cluster.local.' }]);
    expect(r.additional).toEqual([{ name: 'ns.dns.cluster.local.', type: 'A', ttl: 30, data: kubeDNS }]);
    expect(cluster.dns('ns.dns.cluster.local.').answers).toEqual([{ name: 'ns.dns.cluster.local.', type: 'A', ttl: 30, data: kubeDNS }]);
  });

  it('TXT dns-version.<zone>: "1.1.0" with TTL 28800', () => {
    const r = cluster.dns('dns-version.cluster.local.', { type: 'TXT' });
    expect(r.answers).toEqual([{ name: 'dns-version.cluster.local.', type: 'TXT', ttl: 28800, data: '"1.1.0"' }]);
  });

  it('TXT for a Service name: NOERROR without answers (the name exists), SOA in authority; for a missing one NXDOMAIN', () => {
    expect(cluster.dns('svc1.default.svc.cluster.local.', { type: 'TXT' })).toMatchObject({
      rcode: 'NOERROR',
      answers: [],
      authority: [soa()],
    });
    expect(cluster.dns('nope.default.svc.cluster.local.', { type: 'TXT' })).toMatchObject({ rcode: 'NXDOMAIN', authority: [soa()] });
  });

  it('NXDOMAIN for a missing Service and NODATA for AAAA of an existing one both carry the SOA', () => {
    expect(cluster.dns('svcempty.default.svc.cluster.local.')).toMatchObject({ rcode: 'NXDOMAIN', answers: [], authority: [soa()] });
    expect(cluster.dns('svc1.default.svc.cluster.local.', { type: 'AAAA' })).toMatchObject({
      rcode: 'NOERROR',
      answers: [],
      authority: [soa()],
    });
  });

  it('a positive answer has no authority section', () => {
    expect(cluster.dns('svc1.default.svc.cluster.local.').authority).toEqual([]);
  });
});

describe('CoreDNS reverse lookups (plugin/kubernetes/reverse.go serviceRecordForIP, reverse_test.go TestReverse)', () => {
  const reverse = (ip: string): string => `${ip.split('.').reverse().join('.')}.in-addr.arpa.`;

  it('a ClusterIP names its Service', () => {
    const ip = cluster.get('Service', 'svc1')?.spec.clusterIP ?? '?';
    expect(cluster.dns(reverse(ip), { type: 'PTR' }).answers.map((a) => a.data)).toEqual(['svc1.default.svc.cluster.local.']);
  });

  it('an endpoint of a Service that is not headless has a PTR too, one per Service it backs', () => {
    const podIP = cluster.get('Pod', 'ep1a')?.status.podIP ?? '?';
    const dashed = podIP.replaceAll('.', '-');
    const r = cluster.dns(reverse(podIP), { type: 'PTR' });
    expect(r.rcode).toBe('NOERROR');
    expect(r.answers.map((a) => a.data).sort()).toEqual(
      [`${dashed}.other.default.svc.cluster.local.`, `${dashed}.svc1.default.svc.cluster.local.`].sort(),
    );
  });
});
