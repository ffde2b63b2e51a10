/**
 * kube-proxy's flags as cluster options (ClusterOptions.kubeProxy): the rules syncProxyRules
 * (pkg/proxy/iptables/proxier.go) writes for --masquerade-all, --cluster-cidr, --nodeport-addresses
 * and --iptables-localhost-nodeports, and what a traced connection does with them.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { ClusterOptions } from '../index';
import { clusterIP, nodeIP, podIP, podYaml, serviceYaml } from '../trace/fixtures';

const YAML =
  serviceYaml('web', { type: 'NodePort', selector: { app: 'web' }, ports: '[{port: 80, targetPort: 8080, nodePort: 30080}]' }) +
  podYaml('web-a', { labels: { app: 'web' }, node: 'node-2', port: 8080 }) +
  podYaml('client', { node: 'node-1' }) +
  podYaml('agent', { node: 'node-1', hostNetwork: true });

function cluster(kubeProxy: ClusterOptions['kubeProxy'] = {}) {
  const c = createCluster(YAML, { kubeProxy });
  expect(c.diagnostics.filter((d) => d.severity !== 'info' && d.field === '')).toEqual([]);
  return c;
}

const natRules = (text: string): string[] => {
  const nat = text.split('*filter')[0] ?? '';
  return nat.split('\n').filter((l) => l.startsWith('-A '));
};
/** The KUBE-SVC masquerade rules of default/web. */
const svcMasq = (rules: string[]): string[] =>
  rules.filter((r) => /^-A KUBE-SVC-\S+ -m comment --comment "default\/web cluster IP".*KUBE-MARK-MASQ$/.test(r));
const NODEPORTS_COMMENT = '-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

describe('--masquerade-all and --cluster-cidr (proxier.go "Set up internal traffic handling")', () => {
  it('by default the cluster CIDR is the pod network: "! -s 10.244.0.0/16 -j KUBE-MARK-MASQ", and a pod keeps its source', () => {
    const c = cluster();
    expect(svcMasq(natRules(c.iptables('node-1')))).toEqual([
      expect.stringMatching(
        new RegExp(
          `cluster IP" -m tcp -p tcp -d ${clusterIP(c, 'web').replace(/\./g, '\\.')} --dport 80 ! -s 10\\.244\\.0\\.0/16 -j KUBE-MARK-MASQ$`,
        ),
      ),
    ]);
    expect(c.send({ from: { pod: 'client' }, to: 'web:80' }).sourceIpSeenByPod).toBe(podIP(c, 'client'));
  });

  it('masqueradeAll: the rule loses its source condition, and even a pod is masqueraded to its node', () => {
    const c = cluster({ masqueradeAll: true });
    const [rule] = svcMasq(natRules(c.iptables('node-1')));
    expect(rule).toMatch(/--dport 80 -j KUBE-MARK-MASQ$/);
    expect(rule).not.toContain('! -s');
    const trace = c.send({ from: { pod: 'client' }, to: 'web:80' });
    expect(trace.hops.some((h) => h.rule === rule)).toBe(true);
    expect(trace.sourceIpSeenByPod).toBe(nodeIP(c, 'node-1'));
  });

  it('clusterCIDR: a narrower range is written as is, and a pod outside it is masqueraded', () => {
    const c = cluster({ clusterCIDR: '10.244.1.0/24' });
    expect(svcMasq(natRules(c.iptables('node-1')))[0]).toMatch(/! -s 10\.244\.1\.0\/24 -j KUBE-MARK-MASQ$/);
    // client runs on node-1 (10.244.0.0/24): not "local" for this detector.
    expect(c.send({ from: { pod: 'client' }, to: 'web:80' }).sourceIpSeenByPod).toBe(nodeIP(c, 'node-1'));
  });

  it("clusterCIDR '': the no-op local detector writes no masquerade rule, so the node's own traffic is not marked", () => {
    const unset = cluster({ clusterCIDR: '' });
    expect(svcMasq(natRules(unset.iptables('node-1')))).toEqual([]);
    const marks = (c: ReturnType<typeof cluster>) =>
      c.send({ from: { pod: 'agent' }, to: `${clusterIP(c, 'web')}:80` }).hops.filter((h) => h.rule?.endsWith('-j KUBE-MARK-MASQ'));
    expect(marks(unset)).toEqual([]);
    // With the default detector the host-network sender is "not local" and is marked.
    expect(marks(cluster()).map((h) => h.rule)).toEqual([expect.stringContaining('! -s 10.244.0.0/16 -j KUBE-MARK-MASQ')]);
  });
});

describe('--nodeport-addresses (proxier.go "Finally, tail-call to the nodePorts chain"; proxier_test.go TestNodePorts)', () => {
  it('unset (MatchAll): one jump for every local address, and a NodePort answers on the pod bridge address too', () => {
    const c = cluster();
    expect(natRules(c.iptables('node-1')).filter((r) => r.includes('KUBE-NODEPORTS') && r.startsWith('-A KUBE-SERVICES'))).toEqual([
      `-A KUBE-SERVICES ${NODEPORTS_COMMENT} -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
    ]);
    const bridge = c
      .nodes()
      .find((n) => n.metadata.name === 'node-1')
      ?.spec.podCIDR.replace(/0\/24$/, '1');
    expect(c.send({ from: { pod: 'client' }, to: `${bridge}:30080` }).verdict).toEqual({ kind: 'delivered' });
  });

  it('primary: one \'-d <node IP>\' jump; the node IP still works, the bridge address is refused ("secondary nodeIP ignores NodePorts")', () => {
    const c = cluster({ nodePortAddresses: ['primary'] });
    expect(natRules(c.iptables('node-1')).filter((r) => r.includes('-j KUBE-NODEPORTS') && r.startsWith('-A KUBE-SERVICES'))).toEqual([
      `-A KUBE-SERVICES ${NODEPORTS_COMMENT} -d ${nodeIP(c, 'node-1')} -j KUBE-NODEPORTS`,
    ]);
    expect(c.send({ from: { external: '198.51.100.7' }, to: `${nodeIP(c, 'node-1')}:30080` }).verdict).toEqual({ kind: 'delivered' });
    const bridge = c
      .nodes()
      .find((n) => n.metadata.name === 'node-1')
      ?.spec.podCIDR.replace(/0\/24$/, '1');
    const refused = c.send({ from: { pod: 'client' }, to: `${bridge}:30080` });
    expect(refused.verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
    expect(refused.reason).toContain('--nodeport-addresses does not select');
  });

  it('a CIDR selects the node addresses inside it, each with its own jump', () => {
    const c = cluster({ nodePortAddresses: ['127.0.0.0/8', '192.168.49.0/24'] });
    expect(natRules(c.iptables('node-2')).filter((r) => r.includes('-j KUBE-NODEPORTS') && r.startsWith('-A KUBE-SERVICES'))).toEqual([
      `-A KUBE-SERVICES ${NODEPORTS_COMMENT} -d 127.0.0.1 -j KUBE-NODEPORTS`,
      `-A KUBE-SERVICES ${NODEPORTS_COMMENT} -d ${nodeIP(c, 'node-2')} -j KUBE-NODEPORTS`,
    ]);
  });

  it('rejects "primary" next to a CIDR and falls back to the default, saying so', () => {
    const c = createCluster(YAML, { kubeProxy: { nodePortAddresses: ['primary', '10.0.0.0/8'] } });
    expect(c.diagnostics.some((d) => d.type === 'Hint' && d.message.includes('"primary" must be the only value'))).toBe(true);
    expect(c.options.kubeProxy.nodePortAddresses).toBe('all');
  });
});

describe('localhost NodePorts (--iptables-localhost-nodeports, route_localnet)', () => {
  it('by default a host-network process reaches a NodePort on 127.0.0.1 through the counted localhost rule, masqueraded', () => {
    const c = cluster();
    const text = c.iptables('node-1');
    expect(text).toContain('-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections"');
    const trace = c.send({ from: { pod: 'agent' }, to: '127.0.0.1:30080' });
    expect(trace.verdict).toEqual({ kind: 'delivered' });
    expect(
      trace.hops.some((h) => h.rule?.includes('-d 127.0.0.0/8 --dport 30080 -m nfacct --nfacct-name localhost_nps_accepted_pkts')),
    ).toBe(true);
    expect(trace.sourceIpSeenByPod).toBe(nodeIP(c, 'node-1'));
  });

  it('localhostNodePorts false: "! -d 127.0.0.0/8" on the jump, no nfacct rule, no KUBE-FIREWALL, and 127.0.0.1 is refused', () => {
    const c = cluster({ localhostNodePorts: false });
    const text = c.iptables('node-1');
    expect(natRules(text)).toContain(
      `-A KUBE-SERVICES ${NODEPORTS_COMMENT} -m addrtype --dst-type LOCAL ! -d 127.0.0.0/8 -j KUBE-NODEPORTS`,
    );
    expect(text).not.toContain('localhost_nps_accepted_pkts');
    expect(text).not.toContain('block incoming localnet connections');
    const trace = c.send({ from: { pod: 'agent' }, to: '127.0.0.1:30080' });
    expect(trace.verdict).toEqual({ kind: 'rejected', with: 'tcp-reset' });
    expect(trace.reason).toContain('--iptables-localhost-nodeports=false');
    // The node's own address still works.
    expect(c.send({ from: { pod: 'agent' }, to: `${nodeIP(c, 'node-1')}:30080` }).verdict).toEqual({ kind: 'delivered' });
  });
});
