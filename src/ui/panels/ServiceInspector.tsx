/** A Service: kubectl's views, its Endpoints and EndpointSlices, its DNS records, the env vars it gives pods. */
import type { ClusterObject, EndpointSlice, Endpoints, Service } from '../../engine/index';
import { useWorker } from './useWorker';
import { age, kubectlDescribeService, kubectlGetService } from './kubectl';
import { formatDig } from './dig';
import { sliceEndpoint, sliceManager } from './slices';
import { namespaceOf, isObject } from '../../engine/index';

export function ServiceInspector({ service, objects, now }: { service: Service; objects: readonly ClusterObject[]; now?: string }) {
  const name = service.metadata.name;
  const namespace = namespaceOf(service);
  const { value } = useWorker((api) => api.service(name, namespace), `svc:${namespace}/${name}`);
  const endpoints = objects.find((o): o is Endpoints => isObject(o, 'Endpoints', name, namespace));
  const slices = objects.filter(
    (o): o is EndpointSlice =>
      o.kind === 'EndpointSlice' && namespaceOf(o) === namespace && o.metadata.labels?.['kubernetes.io/service-name'] === name,
  );
  const envNames = Object.keys(value?.envVars ?? {});
  return (
    <div className="service-inspector">
      <pre data-testid="kubectl-get">{`$ kubectl get svc ${name}${namespace === 'default' ? '' : ` -n ${namespace}`}\n${kubectlGetService(service, age(service.metadata.creationTimestamp, now))}`}</pre>
      <pre data-testid="kubectl-describe">{`$ kubectl describe svc ${name}\n${kubectlDescribeService(service, endpoints)}`}</pre>
      <h4>EndpointSlices</h4>
      {slices.length ? (
        <ul className="slices" data-testid="endpoint-slices">
          {slices.map((s) => (
            <li key={s.metadata.name}>
              <b>{s.metadata.name}</b> · <span data-testid="slice-manager">{sliceManager(s)}</span> · ports{' '}
              {s.ports.map((p) => `${p.name ? `${p.name}=` : ''}${p.port ?? '*'}/${p.protocol}`).join(', ')}
              {s.endpoints.length ? (
                <ul>
                  {s.endpoints.map((e, i) => (
                    <li key={i}>{sliceEndpoint(e)}</li>
                  ))}
                </ul>
              ) : (
                ' · no endpoints'
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None.</p>
      )}
      <h4>DNS records</h4>
      {(value?.dns ?? []).map((d) => (
        <pre key={d.query} className="dig" data-testid="service-dns">
          {formatDig(d.query, d.type, d.response)}
        </pre>
      ))}
      <h4>Environment variables it gives pods started after it</h4>
      {value ? (
        envNames.length ? (
          <p className="env-names" data-testid="service-env-names">
            {envNames.join(' ')}
          </p>
        ) : (
          <p className="muted">
            None:{' '}
            {service.spec.clusterIP === 'None'
              ? 'a headless Service has no ClusterIP to point at'
              : 'an ExternalName Service has no ClusterIP'}
            .
          </p>
        )
      ) : null}
    </div>
  );
}
