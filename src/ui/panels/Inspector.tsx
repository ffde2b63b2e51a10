/** The selected element, inspected: per kind, what each component holds; plus its what-if actions. */
import { useSelection } from '../../app/stores/selection';
import { useSimulation } from '../../app/stores/simulation';
import type { ClusterObject } from '../../engine/index';
import { whatIfActions } from '../../app/what-if-menu';
import { ActionsBar } from './ActionsBar';
import { PodInspector } from './PodInspector';
import { ServiceInspector } from './ServiceInspector';
import { NodeInspector } from './NodeInspector';
import { IngressInspector } from './IngressInspector';
import { EndpointSliceInspector } from './EndpointSliceInspector';
import { EndpointsInspector } from './EndpointsInspector';
import { namespaceOf, DEFAULT_NAMESPACE } from '../../engine/index';

function objectOf(objects: readonly ClusterObject[], kind: string, name: string, namespace?: string): ClusterObject | undefined {
  return objects.find(
    (o) => o.kind === kind && o.metadata.name === name && (kind === 'Node' || namespaceOf(o) === (namespace || DEFAULT_NAMESPACE)),
  );
}

/** The kinds with an inspector of their own; other elements list their lines. */
const INSPECTED: ReadonlySet<string> = new Set(['Pod', 'Service', 'Node', 'Ingress', 'EndpointSlice', 'Endpoints']);

export function Inspector() {
  const selected = useSelection((s) => s.selected);
  const snapshot = useSimulation((s) => s.snapshot);
  const element = snapshot?.graph.nodes.find((n) => n.id === selected);
  if (!element || !snapshot)
    return (
      <p className="muted hint">
        Select an element in the graph (or put the cursor on an object in the YAML) to inspect it. Right-click an element for what-if
        actions.
      </p>
    );
  const source = snapshot.sources[element.id];
  const obj = element.ref ? objectOf(snapshot.objects, element.ref.kind, element.ref.name, element.ref.namespace) : undefined;
  return (
    <div className="inspector" data-testid="inspector">
      <div className="inspector-head">
        <div className="gnode-tag">{element.tag}</div>
        <h3>{element.title}</h3>
        <span className="muted">
          {source ? `YAML lines ${source.line}–${source.endLine}` : 'made by the cluster, not written in the YAML'}
        </span>
      </div>
      <ActionsBar actions={whatIfActions(element, snapshot.objects)} />
      {obj?.kind === 'Pod' ? <PodInspector pod={obj} /> : null}
      {obj?.kind === 'Service' ? <ServiceInspector service={obj} objects={snapshot.objects} now={snapshot.now} /> : null}
      {obj?.kind === 'Node' ? <NodeInspector node={obj.metadata.name} zone={obj.metadata.labels?.['topology.kubernetes.io/zone']} /> : null}
      {obj?.kind === 'Ingress' ? <IngressInspector ingress={obj} /> : null}
      {obj?.kind === 'EndpointSlice' ? <EndpointSliceInspector slice={obj} now={snapshot.now} /> : null}
      {obj?.kind === 'Endpoints' ? <EndpointsInspector endpoints={obj} objects={snapshot.objects} lines={element.lines} /> : null}
      {!obj || !INSPECTED.has(obj.kind) ? (
        <ul className="lines">
          {element.lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
