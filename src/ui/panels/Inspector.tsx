/** The selected element: what the graph shows of it, where it is in the YAML. (Issue #7 adds the per-kind tabs.) */
import { useSelection } from '../../state/selection';
import { useSimulation } from '../../state/simulation';

export function Inspector() {
  const selected = useSelection((s) => s.selected);
  const snapshot = useSimulation((s) => s.snapshot);
  const element = snapshot?.graph.nodes.find((n) => n.id === selected);
  if (!element) return <p className="muted hint">Select an element in the graph (or put the cursor on an object in the YAML) to inspect it.</p>;
  const source = snapshot?.sources[element.id];
  return (
    <div className="inspector" data-testid="inspector">
      <div className="gnode-tag">{element.tag}</div>
      <h3>{element.title}</h3>
      <ul>
        {element.lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
      {source ? <p className="muted">YAML lines {source.line}–{source.endLine}</p> : <p className="muted">Made by the cluster, not written in the YAML.</p>}
    </div>
  );
}
