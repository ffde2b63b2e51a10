/**
 * An EndpointSlice, as kube-proxy, CoreDNS and the ingress controllers read it: who it belongs to
 * and who writes it (its two labels), `kubectl get`, its ports, each endpoint with its conditions,
 * node, zone, target and hints, and `kubectl get -o yaml` from the worker.
 */
import type { EndpointSlice } from '../../engine/index';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, namespaceOf } from '../../engine/index';
import { useWorker } from './useWorker';
import { age } from './kubectl';
import { kubectlGetEndpointSlice, sliceEndpoints, sliceLabels, slicePorts } from './endpointslice';

export function EndpointSliceInspector({ slice, now }: { slice: EndpointSlice; now?: string }) {
  const name = slice.metadata.name;
  const namespace = namespaceOf(slice);
  const { value } = useWorker((api) => api.endpointSlice(name, namespace), `slice:${namespace}/${name}`);
  const { service, managedBy } = sliceLabels(slice);
  const ns = namespace === 'default' ? '' : ` -n ${namespace}`;
  return (
    <div className="slice-inspector">
      <p>
        {service
          ? `kube-proxy on every node, CoreDNS and the ingress controllers read this slice for Service ${service}: it carries the label ${SERVICE_NAME_LABEL}.`
          : `No ${SERVICE_NAME_LABEL} label: no Service's traffic uses it.`}{' '}
        Address type <b>{slice.addressType}</b>.
      </p>
      <ul data-testid="slice-labels">
        <li>
          {SERVICE_NAME_LABEL}={service ?? '<unset>'}
        </li>
        <li>
          {MANAGED_BY_LABEL}={managedBy ?? '<unset>'}
        </li>
      </ul>
      <pre data-testid="kubectl-get-slice">{`$ kubectl get endpointslice ${name}${ns}\n${kubectlGetEndpointSlice(slice, age(slice.metadata.creationTimestamp, now))}`}</pre>
      <h4>Ports</h4>
      <table className="rules" data-testid="slice-ports">
        <thead>
          <tr>
            <th>name</th>
            <th>port</th>
            <th>protocol</th>
            <th>appProtocol</th>
          </tr>
        </thead>
        <tbody>
          {slicePorts(slice).map((p, i) => (
            <tr key={i}>
              <td>{p.name}</td>
              <td>{p.port}</td>
              <td>{p.protocol}</td>
              <td>{p.appProtocol}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Endpoints ({slice.endpoints.length})</h4>
      <table className="rules" data-testid="slice-endpoints">
        <thead>
          <tr>
            <th>addresses</th>
            <th>ready</th>
            <th>serving</th>
            <th>terminating</th>
            <th>nodeName</th>
            <th>zone</th>
            <th>targetRef</th>
            <th>hints</th>
          </tr>
        </thead>
        <tbody>
          {sliceEndpoints(slice).map((e, i) => (
            <tr key={i}>
              <td>{e.addresses}</td>
              <td>{e.ready}</td>
              <td>{e.serving}</td>
              <td>{e.terminating}</td>
              <td>{e.nodeName}</td>
              <td>{e.zone}</td>
              <td>{e.targetRef}</td>
              <td>{e.hints}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>YAML</h4>
      {value ? <pre data-testid="slice-yaml">{`$ kubectl get endpointslice ${name}${ns} -o yaml\n${value.yaml}`}</pre> : null}
    </div>
  );
}
