/** In nftables mode the node inspector highlights the `nft list table` rule lines the request used (not chain headers). */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../engine/index';
import { markUsedRules, rulesUsedOn } from './iptables-highlight';

const YAML = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata: {name: web-a, labels: {app: web}}
spec: {nodeName: node-2, containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec: {nodeName: node-1, containers: [{name: c, image: busybox}]}
`;

describe('rulesUsedOn in nftables mode (pkg/proxy/nftables: nft list table ip kube-proxy)', () => {
  it('marks rule lines of the ruleset the kube-proxy hops on the client node used, never a chain header', () => {
    const cluster = createCluster(YAML, { proxyMode: 'nftables' });
    const trace = cluster.send({ from: { pod: 'client' }, to: 'http://web/' });
    expect(trace.ok).toBe(true);
    const used = rulesUsedOn('node-1', trace.hops, 'nftables');
    const lines = markUsedRules(cluster.nft('node-1'), used).filter((l) => l.used);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.some((l) => l.text.includes('default/web/tcp/'))).toBe(true);
    expect(lines.every((l) => !/^\s*(chain|map|set|table) /.test(l.text))).toBe(true);
    // Nothing is marked on a node the packet did not cross.
    expect(rulesUsedOn('node-3', trace.hops, 'nftables').size).toBe(0);
  });
});
