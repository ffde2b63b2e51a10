import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { SendRequest, Trace } from './types';
import { nodeIP, podIP, podYaml, serviceYaml } from './fixtures';

const CLIENT = '198.51.100.9';

// A LoadBalancer Service with externalTrafficPolicy: Local and an externalIP, one endpoint on
// node-1; a pod and a host-network pod on node-3, which has no endpoint. The cases follow the
// packet flows proxier_test.go checks with runPacketFlowTests (TestOverallIPTablesRules,
// TestExternalTrafficPolicyLocal...): which KUBE-EXT rule a source takes, and whether it is masqueraded.
const c = createCluster(
  serviceYaml('web', {
    type: 'LoadBalancer',
    selector: { app: 'web' },
    extra: '  externalTrafficPolicy: Local\n  externalIPs: [198.51.100.22]',
  }) +
    podYaml('web-a', { labels: { app: 'web' }, node: 'node-1', port: 8080 }) +
    podYaml('client', { node: 'node-3' }) +
    podYaml('agent', { node: 'node-3', hostNetwork: true }),
);
const np = c.get('Service', 'web')?.spec.ports[0]?.nodePort as number;
const lb = c.get('Service', 'web')?.status.loadBalancer.ingress?.[0]?.ip as string;

/** The KUBE-EXT rule that sent the packet on ("pod traffic", "route LOCAL traffic", or the jump to KUBE-SVL). */
function extRule(trace: Trace): string {
  const rule = trace.hops.map((h) => h.rule ?? '').find((r) => /^-A KUBE-EXT-\S+ .*-j KUBE-S(VC|VL)-/.test(r)) ?? '';
  return rule.replace(/KUBE-(EXT|SVC|SVL)-[A-Z2-7]{16}/g, 'KUBE-$1-X');
}

const POD_TRAFFIC = '-A KUBE-EXT-X -m comment --comment "pod traffic for default/web external destinations" -s 10.244.0.0/16 -j KUBE-SVC-X';
const ROUTE_LOCAL =
  '-A KUBE-EXT-X -m comment --comment "route LOCAL traffic for default/web external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-X';
const TO_SVL = '-A KUBE-EXT-X -j KUBE-SVL-X';

interface FlowCase {
  name: string;
  request: () => SendRequest;
  ext: string;
  /** Marked by KUBE-MARK-MASQ ("masquerade LOCAL traffic") and masqueraded in POSTROUTING. */
  masq: boolean;
  seenAs: () => string;
}

describe('externalTrafficPolicy: Local, the short-circuit rules of KUBE-EXT (pkg/proxy/iptables/proxier.go)', () => {
  it.each<FlowCase>([
    {
      name: 'a pod on node-3 to node-3\'s nodePort: "pod traffic" -> KUBE-SVC reaches the endpoint on node-1, unmasqueraded',
      request: () => ({ from: { pod: 'client' }, to: `${nodeIP(c, 'node-3')}:${np}` }),
      ext: POD_TRAFFIC,
      masq: false,
      seenAs: () => podIP(c, 'client'),
    },
    {
      name: 'a pod on node-3 to the load balancer IP: captured on node-3 ("loadbalancer IP"), then "pod traffic"',
      request: () => ({ from: { pod: 'client' }, to: `${lb}:80` }),
      ext: POD_TRAFFIC,
      masq: false,
      seenAs: () => podIP(c, 'client'),
    },
    {
      name: 'a pod on node-3 to the externalIP: "external IP", then "pod traffic"',
      request: () => ({ from: { pod: 'client' }, to: '198.51.100.22:80' }),
      ext: POD_TRAFFIC,
      masq: false,
      seenAs: () => podIP(c, 'client'),
    },
    {
      name: "a pod on node-3 to node-1's nodePort: node-1's KUBE-EXT sees a pod source too",
      request: () => ({ from: { pod: 'client' }, to: `${nodeIP(c, 'node-1')}:${np}` }),
      ext: POD_TRAFFIC,
      masq: false,
      seenAs: () => podIP(c, 'client'),
    },
    {
      name: 'node-3 itself (a host-network pod) to its own nodePort: "masquerade LOCAL" + "route LOCAL" -> KUBE-SVC',
      request: () => ({ from: { pod: 'agent' }, to: `${nodeIP(c, 'node-3')}:${np}` }),
      ext: ROUTE_LOCAL,
      masq: true,
      seenAs: () => nodeIP(c, 'node-3'),
    },
    {
      name: 'node-3 itself to the load balancer IP: the LOCAL rules ("LOCAL, KUBE-MARK-MASQ" in TestOverallIPTablesRules\' flows)',
      request: () => ({ from: { pod: 'agent' }, to: `${lb}:80` }),
      ext: ROUTE_LOCAL,
      masq: true,
      seenAs: () => nodeIP(c, 'node-3'),
    },
    {
      name: "node-3 itself to node-1's nodePort: on node-1 the source is neither a pod nor LOCAL, so KUBE-SVL, unmasqueraded",
      request: () => ({ from: { pod: 'agent' }, to: `${nodeIP(c, 'node-1')}:${np}` }),
      ext: TO_SVL,
      masq: false,
      seenAs: () => nodeIP(c, 'node-3'),
    },
    {
      name: "an outside client to node-1's nodePort: KUBE-SVL, the client address kept",
      request: () => ({ from: { external: CLIENT }, to: `${nodeIP(c, 'node-1')}:${np}` }),
      ext: TO_SVL,
      masq: false,
      seenAs: () => CLIENT,
    },
    {
      name: 'an outside client to the load balancer: only node-1 passes the health check, then KUBE-SVL',
      request: () => ({ from: { external: CLIENT }, to: `${lb}:80` }),
      ext: TO_SVL,
      masq: false,
      seenAs: () => CLIENT,
    },
  ])('$name', ({ request, ext, masq, seenAs }) => {
    const trace = c.send(request());
    expect(trace.reason).toBeUndefined();
    expect(trace.pod).toMatchObject({ name: 'web-a', node: 'node-1' });
    expect(extRule(trace)).toBe(ext);
    const marked = trace.hops.some((h) => h.rule?.includes('"masquerade LOCAL traffic for default/web external destinations"'));
    expect(marked).toBe(masq);
    expect(trace.hops.some((h) => h.nat === 'SNAT')).toBe(masq);
    expect(trace.sourceIpSeenByPod).toBe(seenAs());
  });

  it.each(['node-2', 'node-3'])(
    "an outside client to %s's nodePort: KUBE-EXT lets it fall through and INPUT -> KUBE-EXTERNAL-SERVICES DROPs it",
    (node) => {
      const trace = c.send({ from: { external: CLIENT }, to: `${nodeIP(c, node)}:${np}` });
      expect(trace.ok).toBe(false);
      expect(trace.reason).toBe(
        `timed out: Service default/web has no ready endpoint on ${node} and its traffic policy is Local, so kube-proxy DROPs traffic to nodePort ${np} in the filter table`,
      );
      expect(trace.hops.at(-1)?.node).toBe(node);
      const [jump, drop] = trace.hops.at(-1)?.rule?.split('\n') ?? [];
      expect(jump).toBe(
        `-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
      );
      expect(drop).toMatch(/^-A KUBE-EXTERNAL-SERVICES -m comment --comment "default\/web has no local endpoints" .* -j DROP$/);
      expect(trace.hops.some((h) => h.nat)).toBe(false);
    },
  );
});
