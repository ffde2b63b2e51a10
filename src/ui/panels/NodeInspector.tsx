/**
 * A node: its zone (what topology-aware routing compares), and kube-proxy's rules there in the
 * mode the cluster runs it (`iptables-save`, or `nft list table ip kube-proxy` in nftables mode),
 * the ones the last request went through highlighted.
 */
import { useMemo } from 'react';
import { useAnimation } from '../../app/stores/animation';
import { useWorker } from './useWorker';
import { markUsedRules, rulesUsedOn } from './iptables-highlight';

export function NodeInspector({ node, zone }: { node: string; zone?: string | undefined }) {
  const { value, error } = useWorker((api) => api.proxyRules(node), `rules:${node}`);
  const result = useAnimation((s) => s.result);
  const mode = value?.mode ?? 'iptables';
  const used = useMemo(() => rulesUsedOn(node, result?.trace.hops, mode), [result, node, mode]);
  if (error) return <p className="outcome failed">{error}</p>;
  const lines = markUsedRules(value?.text ?? '', used);
  return (
    <div className="node-inspector">
      {zone ? <p data-testid="node-zone">topology.kubernetes.io/zone: {zone}</p> : null}
      <p className="muted" data-testid="node-inspector-command">
        {mode === 'nftables'
          ? `$ nft list table ip kube-proxy   # kube-proxy's nftables mode on ${node}`
          : `$ iptables-save   # kube-proxy's nat and filter rules on ${node}`}
        {used.size
          ? ` — ${used.size} rule${used.size === 1 ? '' : 's'} used by the last request highlighted`
          : ' — send a request through this node to highlight the rules it uses'}
      </p>
      <pre className="iptables" data-testid="iptables" data-mode={mode}>
        {lines.map((line, i) => (
          <div key={i} className={line.used ? 'used' : undefined}>
            {line.text || ' '}
          </div>
        ))}
      </pre>
    </div>
  );
}
