import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { SendRequest, Trace } from './types';
import { nodeIP, podYaml, serviceYaml } from './fixtures';

const ALLOWED = '198.51.100.7';
const BLOCKED = '198.51.100.200';

// proxier_test.go TestLoadBalancer: loadBalancerSourceRanges ["192.168.0.0/24", " 203.0.113.0/25"],
// the node IP inside the first. Here: "vip" keeps its load balancer IP up to the node
// (allocateLoadBalancerNodePorts: false, so the cloud delivers the packet unchanged and KUBE-FW
// sees it); "np" is reached through nodePorts, and its ranges do not hold the node IPs.
const c = createCluster(
  serviceYaml('vip', {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    extra: '  allocateLoadBalancerNodePorts: false\n  loadBalancerSourceRanges: [192.168.49.0/24, " 198.51.100.0/25"]',
  }) +
    serviceYaml('np', { type: 'LoadBalancer', selector: { app: 'web' }, extra: '  loadBalancerSourceRanges: [198.51.100.0/25]' }) +
    serviceYaml('local', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      extra: '  externalTrafficPolicy: Local\n  allocateLoadBalancerNodePorts: false\n  loadBalancerSourceRanges: [198.51.100.0/25]',
    }) +
    serviceYaml('local-pods', {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      extra: '  externalTrafficPolicy: Local\n  allocateLoadBalancerNodePorts: false\n  loadBalancerSourceRanges: [10.244.0.0/16]',
    }) +
    podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
    podYaml('client', { node: 'node-2' }) +
    podYaml('agent', { node: 'node-2', hostNetwork: true }),
);
const lbOf = (name: string): string => c.get('Service', name)?.status.loadBalancer.ingress?.[0]?.ip as string;
const npOf = (name: string): number => c.get('Service', name)?.spec.ports[0]?.nodePort as number;

function rules(trace: Trace): string[] {
  return trace.hops.flatMap((h) => (h.rule ?? '').split('\n')).map((r) => r.replace(/KUBE-(EXT|FW|SVC)-[A-Z2-7]{16}/g, 'KUBE-$1-X'));
}

interface FlowCase {
  name: string;
  request: () => SendRequest;
  /** The endpoint reached, or the start of the failure reason. */
  output: string;
  masq?: boolean;
  /** A rule the packet went through (hashes as KUBE-FW-X...). */
  rule?: string;
}

describe("loadBalancerSourceRanges: KUBE-FW-<hash>, KUBE-PROXY-FIREWALL and the cloud's firewall (proxier_test.go TestLoadBalancer)", () => {
  it.each<FlowCase>([
    {
      name: 'accepted external to the load balancer IP: -s 198.51.100.0/25 -j KUBE-EXT, masqueraded (Cluster policy)',
      request: () => ({ from: { external: ALLOWED }, to: `${lbOf('vip')}:80` }),
      output: 'web-a',
      masq: true,
      rule: '-A KUBE-FW-X -m comment --comment "default/vip loadbalancer IP" -s 198.51.100.0/25 -j KUBE-EXT-X',
    },
    {
      name: 'blocked external to the load balancer IP: the cloud load balancer drops it before any node',
      request: () => ({ from: { external: BLOCKED }, to: `${lbOf('vip')}:80` }),
      output: `timed out: ${BLOCKED} is not in the loadBalancerSourceRanges of default/vip (192.168.49.0/24, 198.51.100.0/25)`,
    },
    {
      name: 'pod to the load balancer IP (blocked by loadBalancerSourceRanges): KUBE-FW falls through, FORWARD -> KUBE-PROXY-FIREWALL DROP',
      request: () => ({ from: { pod: 'client' }, to: `${lbOf('vip')}:80` }),
      output: 'timed out: 10.244.',
      rule: '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    },
    {
      name: 'node to the load balancer IP (allowed: 192.168.49.0/24 holds it)',
      request: () => ({ from: { pod: 'agent' }, to: `${lbOf('vip')}:80` }),
      output: 'web-a',
      masq: true,
      rule: '-A KUBE-FW-X -m comment --comment "default/vip loadbalancer IP" -s 192.168.49.0/24 -j KUBE-EXT-X',
    },
    {
      name: 'node to a load balancer IP whose ranges do not hold it: OUTPUT -> KUBE-PROXY-FIREWALL DROP',
      request: () => ({ from: { pod: 'agent' }, to: `${lbOf('np')}:80` }),
      output: `timed out: ${nodeIP(c, 'node-2')} is not in the loadBalancerSourceRanges of default/np (198.51.100.0/25), so kube-proxy DROPs`,
      rule: '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    },
    {
      name: 'Local policy, a pod refused by KUBE-FW on a node without a local endpoint: FORWARD meets KUBE-PROXY-FIREWALL before KUBE-EXTERNAL-SERVICES',
      request: () => ({ from: { pod: 'client' }, to: `${lbOf('local')}:80` }),
      output: 'timed out: 10.244.1.',
      rule: `-A KUBE-PROXY-FIREWALL -m comment --comment "default/local traffic not accepted by KUBE-FW-X" -m tcp -p tcp -d ${lbOf('local')} --dport 80 -j DROP`,
    },
    {
      name: 'Local policy, a pod KUBE-FW accepts (10.244.0.0/16): KUBE-EXT\'s "pod traffic" rule reaches the endpoint on another node',
      request: () => ({ from: { pod: 'client' }, to: `${lbOf('local-pods')}:80` }),
      output: 'web-a',
      rule: '-A KUBE-EXT-X -m comment --comment "pod traffic for default/local-pods external destinations" -s 10.244.0.0/16 -j KUBE-SVC-X',
    },
    {
      name: 'accepted external through the cloud load balancer to a nodePort',
      request: () => ({ from: { external: ALLOWED }, to: `${lbOf('np')}:80` }),
      output: 'web-a',
      masq: true,
    },
    {
      name: 'blocked external to the load balancer: the cloud drops it',
      request: () => ({ from: { external: BLOCKED }, to: `${lbOf('np')}:80` }),
      output: `timed out: ${BLOCKED} is not in the loadBalancerSourceRanges of default/np (198.51.100.0/25); the cloud load balancer`,
    },
    {
      name: "nodePort bypasses loadBalancerSourceRanges: the blocked client straight to a node's nodePort",
      request: () => ({ from: { external: BLOCKED }, to: `${nodeIP(c, 'node-3')}:${npOf('np')}` }),
      output: 'web-a',
      masq: true,
    },
  ])('$name', ({ request, output, masq, rule }) => {
    const trace = c.send(request());
    if (output === 'web-a') {
      expect(trace.reason).toBeUndefined();
      expect(trace.pod?.name).toBe('web-a');
      expect(trace.hops.some((h) => h.nat === 'SNAT')).toBe(masq ?? false);
    } else {
      expect(trace.ok).toBe(false);
      expect(trace.reason?.startsWith(output)).toBe(true);
      // KUBE-PROXY-FIREWALL's -j DROP and the cloud's firewall both drop: the client hears nothing.
      if (output.includes('loadBalancerSourceRanges')) expect(trace.verdict).toEqual({ kind: 'dropped' });
    }
    if (rule) expect(rules(trace)).toContain(rule);
  });

  it("the refused pod's trace: the load balancer capture, KUBE-FW's counting rule, then the filter DROP on its own node", () => {
    const trace = c.send({ from: { pod: 'client' }, to: `${lbOf('vip')}:80` });
    const proxy = trace.hops.filter((h) => h.component === 'kube-proxy');
    expect(proxy.every((h) => h.node === 'node-2')).toBe(true);
    expect(proxy.map((h) => (h.rule ?? '').replace(/KUBE-(EXT|FW)-[A-Z2-7]{16}/g, 'KUBE-$1-X'))).toEqual([
      `-A KUBE-SERVICES -m comment --comment "default/vip loadbalancer IP" -m tcp -p tcp -d ${lbOf('vip')} --dport 80 -j KUBE-FW-X`,
      '-A KUBE-FW-X -m comment --comment "other traffic to default/vip will be dropped by KUBE-PROXY-FIREWALL"',
      [
        '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
        `-A KUBE-PROXY-FIREWALL -m comment --comment "default/vip traffic not accepted by KUBE-FW-X" -m tcp -p tcp -d ${lbOf('vip')} --dport 80 -j DROP`,
      ].join('\n'),
    ]);
    for (const line of rules(trace)) expect(c.iptables('node-2').replace(/KUBE-(EXT|FW|SVC)-[A-Z2-7]{16}/g, 'KUBE-$1-X')).toContain(line);
  });
});
