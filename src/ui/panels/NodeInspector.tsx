/** A node: kube-proxy's nat table there (iptables-save), with the rules the last request went through highlighted. */
import { useMemo } from 'react';
import { useAnimation } from '../../state/animation';
import { useWorker } from './useWorker';

export function NodeInspector({ node }: { node: string }) {
  const { value, error } = useWorker((api) => api.iptables(node), `iptables:${node}`);
  const result = useAnimation((s) => s.result);
  const used = useMemo(() => {
    const lines = new Set<string>();
    for (const hop of result?.trace.hops ?? []) {
      if (hop.node !== node || !hop.rule) continue;
      for (const line of hop.rule.split('\n')) if (line.trim()) lines.add(line.trim());
    }
    return lines;
  }, [result, node]);
  if (error) return <p className="outcome failed">{error}</p>;
  const lines = (value ?? '').split('\n');
  return (
    <div className="node-inspector">
      <p className="muted">
        {`$ iptables-save -t nat   # on ${node}`}
        {used.size ? ` — ${used.size} rule${used.size === 1 ? '' : 's'} used by the last request highlighted` : ' — send a request through this node to highlight the rules it uses'}
      </p>
      <pre className="iptables" data-testid="iptables">
        {lines.map((line, i) => (
          <div key={i} className={used.has(line.trim()) ? 'used' : undefined}>
            {line || ' '}
          </div>
        ))}
      </pre>
    </div>
  );
}
