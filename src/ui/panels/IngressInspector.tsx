/** An Ingress: its rules as a table, and which one the last request matched. */
import type { Ingress } from '../../engine/index';
import { useAnimation } from '../../state/animation';

export function IngressInspector({ ingress }: { ingress: Ingress }) {
  const http = useAnimation((s) => s.result?.trace.http);
  const matchedHere = http?.ingress === undefined || http.ingress === ingress.metadata.name || http.ingress === `${ingress.metadata.namespace ?? 'default'}/${ingress.metadata.name}`;
  const rows = (ingress.spec.rules ?? []).flatMap((r) =>
    (r.http?.paths ?? []).map((p) => ({
      host: r.host ?? '*',
      path: p.path ?? '/',
      pathType: p.pathType,
      backend: p.backend.service ? `${p.backend.service.name}:${p.backend.service.port.name ?? p.backend.service.port.number ?? ''}` : (p.backend.resource?.name ?? '?'),
    })),
  );
  const tls = (ingress.spec.tls ?? []).flatMap((t) => t.hosts ?? []);
  return (
    <div className="ingress-inspector">
      <p>
        Class <b>{ingress.spec.ingressClassName ?? '(none)'}</b> · address {(ingress.status.loadBalancer.ingress ?? []).map((i) => i.ip ?? i.hostname).join(', ') || '<pending>'}
        {tls.length ? ` · TLS for ${tls.join(', ')}` : ''}
      </p>
      <table className="rules" data-testid="ingress-rules">
        <thead>
          <tr>
            <th>Host</th>
            <th>Path</th>
            <th>pathType</th>
            <th>Backend</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>{r.host}</td>
              <td>{r.path}</td>
              <td>{r.pathType}</td>
              <td>{r.backend}</td>
            </tr>
          ))}
          {ingress.spec.defaultBackend?.service ? (
            <tr>
              <td colSpan={3}>(default backend)</td>
              <td>
                {ingress.spec.defaultBackend.service.name}:{ingress.spec.defaultBackend.service.port.name ?? ingress.spec.defaultBackend.service.port.number}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {http && matchedHere ? (
        <div className="last-match" data-testid="ingress-last-match">
          <h4>Last request</h4>
          <p>
            HTTP {http.status} for Host <b>{http.host}</b> path <b>{http.path}</b>
            {http.backendPath && http.backendPath !== http.path ? `, the backend saw ${http.backendPath}` : ''}
          </p>
          {http.rule ? <pre>{http.rule}</pre> : null}
        </div>
      ) : (
        <p className="muted">Send a request to the Ingress address to see which rule matches.</p>
      )}
    </div>
  );
}
