/**
 * kube-proxy in nftables mode (ClusterOptions.proxyMode 'nftables'): the `ip kube-proxy` table of
 * pkg/proxy/nftables/proxier.go, and what traced connections do with it.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster, ClusterOptions } from '../index';
import type { ClusterState } from '../state';
import { clusterIP, nodeIP, podYaml, serviceYaml } from '../trace/fixtures';
import { nftDump } from './nft';

const service = (ns: string, name: string, spec: string): string => `---
apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
${spec}
`;
const slice = (ns: string, name: string, endpoints: string): string => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-1, namespace: ${ns}, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
endpoints: ${endpoints}
ports: [{name: p80, port: 80, protocol: TCP}]
`;

const stateOf = (c: Cluster): ClusterState => (c as unknown as { state: ClusterState }).state;

/**
 * TestOverallNFTablesRules (pkg/proxy/nftables/proxier_test.go) on a one-node svcscope cluster
 * laid out as NewFakeProxier's: pod CIDR 10.0.0.0/8, Service CIDR 172.30.0.0/16, node
 * "test-node" at 192.168.0.2, --nodeport-addresses its primary IP. The Services and EndpointSlices
 * are upstream's, with the changes svcscope's API server requires: svc4 ("create ExternalIP
 * service") is a ClusterIP Service, since a NodePort one would get a nodePort allocated (the fake
 * proxier's has none); svc5 has no healthCheckNodePort, which validation refuses for
 * externalTrafficPolicy Cluster; and the load balancer IPs are those the simulated cloud hands out.
 */
describe('TestOverallNFTablesRules (pkg/proxy/nftables/proxier_test.go), adapted', () => {
  const yaml =
    service('ns1', 'svc1', '  clusterIP: 172.30.0.41\n  ports: [{name: p80, port: 80, protocol: TCP}]') +
    service(
      'ns2',
      'svc2',
      '  type: LoadBalancer\n  externalTrafficPolicy: Local\n  clusterIP: 172.30.0.42\n  ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3001}]\n  externalIPs: [192.168.99.22]\n  healthCheckNodePort: 30000',
    ) +
    service('ns3', 'svc3', '  type: NodePort\n  clusterIP: 172.30.0.43\n  ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3003}]') +
    service(
      'ns4',
      'svc4',
      '  clusterIP: 172.30.0.44\n  externalIPs: [192.168.99.33]\n  ports: [{name: p80, port: 80, protocol: TCP, targetPort: 80}]',
    ) +
    service(
      'ns5',
      'svc5',
      '  type: LoadBalancer\n  externalTrafficPolicy: Cluster\n  clusterIP: 172.30.0.45\n  ports: [{name: p80, port: 80, protocol: TCP, nodePort: 3002}]\n  loadBalancerSourceRanges: [" 203.0.113.0/25"]\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 10800}}',
    ) +
    service('ns6', 'svc6', '  type: ClusterIP\n  clusterIP: 172.30.0.46\n  ports: [{name: p80, port: 80, protocol: TCP, targetPort: 80}]') +
    slice('ns1', 'svc1', '[{addresses: [10.180.0.1]}]') +
    // "Note that since we aren't setting its NodeName, this endpoint will be considered non-local and ignored."
    slice('ns2', 'svc2', '[{addresses: [10.180.0.2]}]') +
    slice('ns3', 'svc3', '[{addresses: [10.180.0.3]}]') +
    slice('ns4', 'svc4', '[{addresses: [10.180.0.4]}, {addresses: [10.180.0.5], nodeName: test-node}]') +
    slice('ns5', 'svc5', '[{addresses: [10.180.0.3]}]');
  const options: ClusterOptions = {
    proxyMode: 'nftables',
    nodes: ['test-node'],
    podCIDR: '10.0.0.0/8',
    serviceCIDR: '172.30.0.0/16',
    nodeCIDR: '192.168.0.0/24',
    nodePortRange: '3000-30001',
    loadBalancerPool: '1.2.3.4-1.2.3.5',
    ingressController: 'none',
  };
  const c = createCluster(yaml, options);
  const lb = (ns: string, name: string): string => c.get('Service', name, ns)?.status.loadBalancer.ingress?.[0]?.ip ?? '';

  it("writes upstream's rules, line for line, for the six Services (setupNFTables as of the filter-output-post-dnat layout)", () => {
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lb2 = lb('ns2', 'svc2');
    const lb5 = lb('ns5', 'svc5');
    expect(lb2).toBe('1.2.3.4');
    expect(lb5).not.toBe('');
    const T = 'ip kube-proxy';
    const base = `
add table ${T} { comment "rules for kube-proxy" ; }
add set ${T} cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
add set ${T} nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
add map ${T} firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
add map ${T} no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
add map ${T} no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
add map ${T} service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
add map ${T} service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }
add chain ${T} cluster-ips-check
add chain ${T} filter-prerouting { type filter hook prerouting priority -110 ; }
add chain ${T} filter-input { type filter hook input priority -110 ; }
add chain ${T} filter-forward { type filter hook forward priority -110 ; }
add chain ${T} filter-output { type filter hook output priority -110 ; }
add chain ${T} filter-output-post-dnat { type filter hook output priority -90 ; }
add chain ${T} firewall-check
add chain ${T} mark-for-masquerade
add chain ${T} masquerading
add chain ${T} nat-output { type nat hook output priority -100 ; }
add chain ${T} nat-postrouting { type nat hook postrouting priority 100 ; }
add chain ${T} nat-prerouting { type nat hook prerouting priority -100 ; }
add chain ${T} nodeport-endpoints-check
add chain ${T} reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
add chain ${T} services
add chain ${T} service-endpoints-check
add rule ${T} cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
add rule ${T} cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
add rule ${T} filter-prerouting ct state new jump firewall-check
add rule ${T} filter-forward ct state new jump service-endpoints-check
add rule ${T} filter-forward ct state new jump cluster-ips-check
add rule ${T} filter-input ct state new jump nodeport-endpoints-check
add rule ${T} filter-input ct state new jump service-endpoints-check
add rule ${T} filter-output ct state new jump service-endpoints-check
add rule ${T} filter-output ct state new jump firewall-check
add rule ${T} filter-output-post-dnat ct state new jump cluster-ips-check
add rule ${T} firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
add rule ${T} mark-for-masquerade mark set mark or 0x4000
add rule ${T} masquerading mark and 0x4000 == 0 return
add rule ${T} masquerading mark set mark xor 0x4000
add rule ${T} masquerading masquerade fully-random
add rule ${T} nat-output jump services
add rule ${T} nat-postrouting jump masquerading
add rule ${T} nat-prerouting jump services
add rule ${T} nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
add rule ${T} reject-chain reject
add rule ${T} services ip daddr . meta l4proto . th dport vmap @service-ips
add rule ${T} services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
add element ${T} nodeport-ips { 192.168.0.2 }
add rule ${T} service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services
`;
    const services = `
add chain ${T} service-ULMVA6XW-ns1/svc1/tcp/p80
add rule ${T} service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ${T} service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
add chain ${T} endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
add rule ${T} endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
add rule ${T} endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
add element ${T} cluster-ips { 172.30.0.41 }
add element ${T} service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

add chain ${T} service-42NFTM6N-ns2/svc2/tcp/p80
add rule ${T} service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ${T} service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
add chain ${T} external-42NFTM6N-ns2/svc2/tcp/p80
add rule ${T} external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
add rule ${T} external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
add rule ${T} external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
add chain ${T} endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
add rule ${T} endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
add rule ${T} endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80
add element ${T} cluster-ips { 172.30.0.42 }
add element ${T} service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
add element ${T} service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ${T} service-ips { ${lb2} . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ${T} service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ${T} no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
add element ${T} no-endpoint-services { ${lb2} . tcp . 80 comment "ns2/svc2:p80" : drop }
add element ${T} no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }

add chain ${T} service-4AT6LBPK-ns3/svc3/tcp/p80
add rule ${T} service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ${T} service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
add chain ${T} external-4AT6LBPK-ns3/svc3/tcp/p80
add rule ${T} external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
add rule ${T} external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
add chain ${T} endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
add rule ${T} endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ${T} endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
add element ${T} cluster-ips { 172.30.0.43 }
add element ${T} service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
add element ${T} service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }

add chain ${T} service-LAUZTJTB-ns4/svc4/tcp/p80
add rule ${T} service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ${T} service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
add chain ${T} external-LAUZTJTB-ns4/svc4/tcp/p80
add rule ${T} external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade
add rule ${T} external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80
add chain ${T} endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
add rule ${T} endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
add rule ${T} endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
add chain ${T} endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
add rule ${T} endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
add rule ${T} endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80
add element ${T} cluster-ips { 172.30.0.44 }
add element ${T} service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
add element ${T} service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }

add set ${T} affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
add chain ${T} service-HVFWP5L3-ns5/svc5/tcp/p80
add rule ${T} service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ${T} service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ${T} service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
add chain ${T} external-HVFWP5L3-ns5/svc5/tcp/p80
add rule ${T} external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
add rule ${T} external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80
add chain ${T} endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ${T} endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ${T} endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
add rule ${T} endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
add chain ${T} firewall-HVFWP5L3-ns5/svc5/tcp/p80
add rule ${T} firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop
add element ${T} cluster-ips { 172.30.0.45 }
add element ${T} service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ${T} service-ips { ${lb5} . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ${T} service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ${T} firewall-ips { ${lb5} . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }

add element ${T} cluster-ips { 172.30.0.46 }
add element ${T} no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
`;
    const lines = (text: string): string[] =>
      text
        .split('\n')
        .filter((l) => l !== '')
        .sort();
    // The bootstrap's Services (default/kubernetes, kube-system/kube-dns) are not in upstream's test.
    const bootstrapIPs = [clusterIP(c, 'kubernetes'), c.get('Service', 'kube-dns', 'kube-system')?.spec.clusterIP ?? ''];
    const ours = nftDump(stateOf(c), 'test-node').filter(
      (l) => !/default\/kubernetes|kube-system\//.test(l) && !bootstrapIPs.some((ip) => l.includes(`{ ${ip} }`)),
    );
    // Compared order-free (knftables' Fake.Dump orders objects its own way)...
    expect(ours.slice().sort()).toEqual(lines(base + services));
    // ...and each chain keeps its rules in the order written.
    const svc5 = ours.filter((l) => l.startsWith(`add rule ${T} service-HVFWP5L3`));
    expect(svc5.map((l) => l.split(' ')[5])).toEqual(['ip', 'ip', 'numgen']);
    expect(svc5[1]).toContain('@affinity-');
  });

  it('prints the same table as `nft list table ip kube-proxy` shows it', () => {
    const text = c.nft('test-node');
    expect(text).toContain('table ip kube-proxy {');
    expect(text).toContain(
      '\tchain service-ULMVA6XW-ns1/svc1/tcp/p80 {\n\t\tip daddr 172.30.0.41 tcp dport 80 ip saddr != 10.0.0.0/8 jump mark-for-masquerade\n',
    );
    expect(text).toContain(
      '\tchain nat-prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n\t\tjump services\n\t}',
    );
    expect(text).toContain('172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain');
  });
});

const YAML =
  serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, ports: '[{port: 80, targetPort: 8080, nodePort: 30080}]' }) +
  serviceYaml('empty', { type: 'NodePort', selector: { app: 'none' }, ports: '[{port: 80, targetPort: 8080, nodePort: 30081}]' }) +
  podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
  podYaml('client', { node: 'node-1' }) +
  podYaml('agent', { node: 'node-1', hostNetwork: true });

const cluster = (proxyMode: ClusterOptions['proxyMode']): Cluster => createCluster(YAML, { proxyMode });

describe('traces in nftables mode walk the nftables chains', () => {
  it('ClusterIP: services -> @service-ips -> service-<hash>-default/web/tcp/ -> numgen -> endpoint-<hash>-... dnat', () => {
    const c = cluster('nftables');
    const trace = c.send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    const rules = trace.hops.filter((h) => h.component === 'kube-proxy').map((h) => h.rule ?? '');
    expect(rules[0]).toContain('services: ip daddr . meta l4proto . th dport vmap @service-ips');
    expect(rules[0]).toMatch(
      new RegExp(`@service-ips: ${clusterIP(c, 'web').replace(/\./g, '\\.')} \\. tcp \\. 80 : goto service-[A-Z2-7]{8}-default/web/tcp/$`),
    );
    expect(rules[1]).toMatch(
      /^service-[A-Z2-7]{8}-default\/web\/tcp\/: numgen random mod 1 vmap \{ 0 : goto endpoint-[A-Z2-7]{8}-default\/web\/tcp\/__10\.244\.\d+\.\d+\/8080 \}$/,
    );
    expect(rules[2]).toMatch(
      /^endpoint-[A-Z2-7]{8}-default\/web\/tcp\/__10\.244\.\d+\.\d+\/8080: meta l4proto tcp dnat to 10\.244\.\d+\.\d+:8080$/,
    );
    expect(rules.join('\n')).not.toContain('KUBE-');
  });

  it('the same request in iptables mode walks KUBE-SERVICES and KUBE-SVC/KUBE-SEP', () => {
    const trace = cluster('iptables').send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    const rules = trace.hops.filter((h) => h.component === 'kube-proxy').map((h) => h.rule ?? '');
    expect(rules[0]).toMatch(/^-A KUBE-SERVICES .* -j KUBE-SVC-/);
    expect(rules.join('\n')).not.toContain('numgen');
  });

  it('NodePort on 127.0.0.1: allowed in iptables mode (localhost NodePorts), refused in nftables mode', () => {
    expect(cluster('iptables').send({ from: { pod: 'agent' }, to: '127.0.0.1:30080' }).verdict).toEqual({ kind: 'delivered' });
    const c = cluster('nftables');
    const trace = c.send({ from: { pod: 'agent' }, to: '127.0.0.1:30080' });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
    expect(trace.reason).toContain('nftables mode, which does not support localhost NodePorts');
    // The node's primary IP (the default --nodeport-addresses in nftables mode) does answer.
    const viaNode = c.send({ from: { pod: 'agent' }, to: `${nodeIP(c, 'node-1')}:30080` });
    expect(viaNode.verdict).toEqual({ kind: 'delivered' });
    expect(
      viaNode.hops.some((h) => h.rule?.includes('services: ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports')),
    ).toBe(true);
  });

  it('--nodeport-addresses defaults to the primary IP in nftables mode, MatchAll in iptables mode', () => {
    expect(cluster('nftables').options.kubeProxy.nodePortAddresses).toBe('primary');
    expect(cluster('iptables').options.kubeProxy.nodePortAddresses).toBe('all');
    const c = cluster('nftables');
    expect(c.nft('node-2')).toContain(
      `set nodeport-ips {\n\t\ttype ipv4_addr\n\t\tcomment "IPs that accept NodePort traffic"\n\t\telements = { ${nodeIP(c, 'node-2')} }`,
    );
    // An explicit --nodeport-addresses 0.0.0.0/0 is MatchAll: no set, `fib daddr type local` instead.
    const all = createCluster(YAML, { proxyMode: 'nftables', kubeProxy: { nodePortAddresses: ['0.0.0.0/0'] } });
    expect(all.nft('node-1')).not.toContain('set nodeport-ips');
    expect(all.nft('node-1')).toContain('fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap @service-nodeports');
    expect(all.send({ from: { pod: 'agent' }, to: '127.0.0.1:30080' }).verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
  });

  it('no endpoints: filter-forward -> service-endpoints-check -> @no-endpoint-services -> reject-chain (TestNoEndpointsReject)', () => {
    const c = cluster('nftables');
    const trace = c.send({ from: { pod: 'client' }, to: 'empty:80' });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'icmp-port-unreachable' });
    const last = trace.hops.filter((h) => h.component === 'kube-proxy').at(-1)?.rule ?? '';
    expect(last.split('\n')).toEqual([
      'filter-forward: ct state new jump service-endpoints-check',
      'service-endpoints-check: ip daddr . meta l4proto . th dport vmap @no-endpoint-services',
      `@no-endpoint-services: ${clusterIP(c, 'empty')} . tcp . 80 comment "default/empty" : goto reject-chain`,
      'reject-chain: reject',
    ]);
    // Its nodePort, on the node's address: filter-input -> nodeport-endpoints-check.
    const np = c.send({ from: { pod: 'agent' }, to: `${nodeIP(c, 'node-1')}:30081` });
    expect(np.verdict).toEqual({ kind: 'rejected', with: 'icmp-port-unreachable' });
    expect(np.hops.some((h) => h.rule?.includes('@no-endpoint-nodeports: tcp . 30081 comment "default/empty" : goto reject-chain'))).toBe(
      true,
    );
  });

  it('a cluster IP on a port no Service has is rejected by cluster-ips-check (iptables mode has no such rule)', () => {
    const c = cluster('nftables');
    const trace = c.send({ from: { pod: 'client' }, to: `${clusterIP(c, 'web')}:81` });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'icmp-port-unreachable' });
    expect(trace.hops.at(-1)?.rule).toContain(
      'cluster-ips-check: ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
    );
  });

  it('a ping to a cluster IP: lost in iptables mode, rejected (ICMP port unreachable) by cluster-ips-check in nftables mode', () => {
    const ipt = cluster('iptables');
    expect(ipt.send({ from: { pod: 'client' }, to: { ping: clusterIP(ipt, 'web') } }).verdict.kind).not.toBe('rejected');
    const c = cluster('nftables');
    const trace = c.send({ from: { pod: 'client' }, to: { ping: clusterIP(c, 'web') } });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'icmp-port-unreachable' });
    expect(trace.hops.at(-1)?.rule?.split('\n')).toEqual([
      'filter-forward: ct state new jump cluster-ips-check',
      'cluster-ips-check: ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
    ]);
  });

  it('a client outside the cluster CIDR is marked in the service chain and masqueraded by the masquerading chain', () => {
    const c = cluster('nftables');
    // A host-network process on node-1: its source is the node's address.
    const trace = c.send({ from: { pod: 'agent' }, to: `${clusterIP(c, 'web')}:80` });
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    expect(trace.sourceIpSeenByPod).toBe(nodeIP(c, 'node-1'));
    expect(trace.hops.some((h) => h.rule?.includes('ip saddr != 10.244.0.0/16 jump mark-for-masquerade'))).toBe(true);
    expect(trace.hops.some((h) => h.rule === 'masquerading: masquerade fully-random')).toBe(true);
  });
});

describe('nftables mode: options and loadBalancerSourceRanges', () => {
  it('an unknown proxy mode is reported and iptables used', () => {
    const c = createCluster(YAML, { proxyMode: 'ipvs' as unknown as 'iptables' });
    expect(c.options.proxyMode).toBe('iptables');
    expect(c.diagnostics.some((d) => d.message.includes('option proxyMode: "ipvs" is not one of iptables, nftables'))).toBe(true);
  });

  it('filter-prerouting -> firewall-check -> @firewall-ips -> firewall-<hash>: a source outside the ranges is dropped before DNAT', () => {
    const yaml =
      serviceYaml('ranged', {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: '[{port: 80, targetPort: 8080}]',
        extra: '  loadBalancerSourceRanges: [198.51.100.0/24]',
      }) +
      podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
      podYaml('client', { node: 'node-1' });
    const c = createCluster(yaml, { proxyMode: 'nftables', ingressController: 'none' });
    const ip = c.get('Service', 'ranged')?.status.loadBalancer.ingress?.[0]?.ip ?? '';
    expect(ip).not.toBe('');
    expect(c.nft('node-1')).toMatch(
      /chain firewall-[A-Z2-7]{8}-default\/ranged\/tcp\/ \{\n\t\tip saddr != \{ 198\.51\.100\.0\/24 \} drop\n/,
    );
    // A pod's packets to the load balancer IP never leave the node: its own kube-proxy table checks the ranges.
    const blocked = c.send({ from: { pod: 'client' }, to: `${ip}:80` });
    expect(blocked.verdict).toEqual({ kind: 'dropped' });
    expect(blocked.hops.at(-1)?.rule?.split('\n')[0]).toBe('filter-prerouting: ct state new jump firewall-check');
    expect(blocked.hops.some((h) => h.rule?.includes('firewall-check: ip daddr . meta l4proto . th dport vmap @firewall-ips'))).toBe(true);
    // With the pod network in the ranges, the same pod gets through (external-..., then the endpoint).
    const open = createCluster(yaml.replace('198.51.100.0/24', '10.244.0.0/16'), { proxyMode: 'nftables', ingressController: 'none' });
    expect(open.send({ from: { pod: 'client' }, to: `${ip}:80` }).verdict).toEqual({ kind: 'delivered' });
  });
});
