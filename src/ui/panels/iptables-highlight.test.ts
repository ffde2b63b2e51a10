import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import type { Cluster } from '../../engine/index';
import { markUsedRules, rulesUsedOn } from './iptables-highlight';

// One pod behind a NodePort Service with externalTrafficPolicy: Local, and a client pod.
const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  externalTrafficPolicy: Local
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30036}]
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {containers: [{name: c, image: busybox}]}
`;

function nodeIp(cluster: Cluster, node: string): string {
  return (
    cluster
      .nodes()
      .find((n) => n.metadata.name === node)
      ?.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? ''
  );
}

function usedLines(cluster: Cluster, node: string, hops: Parameters<typeof rulesUsedOn>[1]): string[] {
  return markUsedRules(cluster.iptables(node), rulesUsedOn(node, hops))
    .filter((l) => l.used)
    .map((l) => l.text);
}

describe('the rules of the last request, highlighted in a node’s iptables-save', () => {
  const cluster = createCluster(YAML);
  const podNode = cluster.get('Pod', 'web')?.spec.nodeName ?? '';
  const clientNode = cluster.get('Pod', 'client')?.spec.nodeName ?? '';
  const otherNode = ['node-1', 'node-2', 'node-3'].find((n) => n !== podNode) ?? '';

  // The chain walk of pkg/proxy/iptables/proxier.go: KUBE-SERVICES matches the ClusterIP and
  // jumps to KUBE-SVC-<hash>, which picks an endpoint chain KUBE-SEP-<hash>, which DNATs.
  it('a ClusterIP request: KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP (DNAT), on the client’s node only', () => {
    const trace = cluster.send({ from: { pod: 'client' }, to: 'http://web/' });
    expect(trace.ok).toBe(true);
    const used = usedLines(cluster, clientNode, trace.hops);
    expect(used).toHaveLength(3);
    // In the order iptables-save prints them, which need not be the order the packet took.
    expect(used).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^-A KUBE-SERVICES .*--comment "default\/web cluster IP" .*-j KUBE-SVC-[A-Z0-9]{16}$/),
        expect.stringMatching(/^-A KUBE-SVC-[A-Z0-9]{16} .*-j KUBE-SEP-[A-Z0-9]{16}$/),
        expect.stringMatching(/^-A KUBE-SEP-[A-Z0-9]{16} .*-j DNAT --to-destination 10\.244\.\d+\.\d+:8080$/),
      ]),
    );
    for (const node of ['node-1', 'node-2', 'node-3'].filter((n) => n !== clientNode))
      expect(usedLines(cluster, node, trace.hops)).toEqual([]);
  });

  // Local policy, node with the pod: KUBE-EXT jumps straight to KUBE-SVL (local endpoints only),
  // without KUBE-MARK-MASQ, so the source IP survives (proxier.go, "externalTrafficPolicy=Local").
  it('a NodePort request with Local policy on the pod’s node: KUBE-NODEPORTS -> KUBE-EXT -> KUBE-SVL -> KUBE-SEP, no masquerade', () => {
    const trace = cluster.send({ from: { external: '192.0.2.10' }, to: `${nodeIp(cluster, podNode)}:30036` });
    expect(trace.ok).toBe(true);
    const used = usedLines(cluster, podNode, trace.hops);
    expect(used.some((l) => /^-A KUBE-NODEPORTS .*--dport 30036 -j KUBE-EXT-/.test(l))).toBe(true);
    expect(used.some((l) => /^-A KUBE-EXT-\S+ -j KUBE-SVL-/.test(l))).toBe(true);
    expect(used.some((l) => l.includes('-j DNAT --to-destination'))).toBe(true);
    expect(used.some((l) => l.includes('KUBE-MARK-MASQ'))).toBe(false);
  });

  // Local policy, node without the pod: the filter table's KUBE-EXTERNAL-SERVICES drops it
  // ("has no local endpoints", proxier.go writes DROP for externalTrafficPolicy Local).
  it('a NodePort request with Local policy on a node without the pod: the filter table’s DROP rule is highlighted', () => {
    const trace = cluster.send({ from: { external: '192.0.2.10' }, to: `${nodeIp(cluster, otherNode)}:30036` });
    expect(trace.ok).toBe(false);
    const used = usedLines(cluster, otherNode, trace.hops);
    expect(used.at(-1)).toMatch(/^-A KUBE-EXTERNAL-SERVICES .*"default\/web has no local endpoints" .*--dport 30036 -j DROP$/);
    expect(used.some((l) => l.includes('DNAT'))).toBe(false);
  });

  it('hops that are not kube-proxy’s (the DNS answer, the pod) highlight nothing', () => {
    const trace = cluster.send({ from: { pod: 'client' }, to: 'http://web/' });
    const others = trace.hops.filter((h) => h.component !== 'kube-proxy');
    expect(others.some((h) => h.rule)).toBe(true); // the DNS hop carries its answer as its rule
    expect(rulesUsedOn(clientNode, others).size).toBe(0);
    expect(rulesUsedOn(clientNode, undefined).size).toBe(0);
  });
});
