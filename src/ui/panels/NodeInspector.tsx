/** A node: kube-proxy's rules there (iptables-save), with the ones the last request went through highlighted. */
import { useMemo } from 'react';
import { useAnimation } from '../../app/stores/animation';
import { useWorker } from './useWorker';
import { markUsedRules, rulesUsedOn } from './iptables-highlight';

export function NodeInspector({ node }: { node: string }) {
  const { value, error } = useWorker((api) => api.iptables(node), `iptables:${node}`);
  const result = useAnimation((s) => s.result);
  const used = useMemo(() => rulesUsedOn(node, result?.trace.hops), [result, node]);
  if (error) return <p className="outcome failed">{error}</p>;
  const lines = markUsedRules(value ?? '', used);
  return (
    <div className="node-inspector">
      <p className="muted">
        {`$ iptables-save   # kube-proxy's nat and filter rules on ${node}`}
        {used.size
          ? ` — ${used.size} rule${used.size === 1 ? '' : 's'} used by the last request highlighted`
          : ' — send a request through this node to highlight the rules it uses'}
      </p>
      <pre className="iptables" data-testid="iptables">
        {lines.map((line, i) => (
          <div key={i} className={line.used ? 'used' : undefined}>
            {line.text || ' '}
          </div>
        ))}
      </pre>
    </div>
  );
}
