/** A v1 Endpoints: deprecated since 1.33 (KEP-4974); says which EndpointSlices the data plane reads instead. */
import type { ClusterObject, Endpoints } from '../../engine/index';
import { namespaceOf } from '../../engine/index';
import { actions } from '../../app/actions/index';
import { ids } from '../../graph/ids';
import { endpointsDeprecation } from './endpointslice';

export function EndpointsInspector({
  endpoints,
  objects,
  lines,
}: {
  endpoints: Endpoints;
  objects: readonly ClusterObject[];
  lines: string[];
}) {
  const { text, slices } = endpointsDeprecation(endpoints, objects);
  const namespace = namespaceOf(endpoints);
  return (
    <div className="endpoints-inspector">
      <p className="deprecated" data-testid="endpoints-deprecated">
        {text}
      </p>
      {slices.length ? (
        <p>
          EndpointSlices:{' '}
          {slices.map((name) => (
            <button key={name} type="button" onClick={() => void actions.inspect.run(ids.endpointSlice(namespace, name))}>
              {name}
            </button>
          ))}
        </p>
      ) : null}
      <ul className="lines">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
