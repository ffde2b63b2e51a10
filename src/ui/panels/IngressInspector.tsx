/** An Ingress: its rules as a table, with the row the last request matched highlighted. */
import type { Ingress } from '../../engine/index';
import { useAnimation } from '../../app/stores/animation';
import { ingressRows, matchedRow } from './ingress-rules';
import { RetirementNotice } from '../migration/RetirementNotice';

export function IngressInspector({ ingress }: { ingress: Ingress }) {
  // Only what ingress-nginx answered: kube-proxy's health check server answers HTTP too.
  const http = useAnimation((s) => (s.result?.trace.http?.server === 'ingress-nginx' ? s.result.trace.http : undefined));
  const rows = ingressRows(ingress);
  const matched = matchedRow(ingress, rows, http);
  const tls = (ingress.spec.tls ?? []).flatMap((t) => t.hosts ?? []);
  return (
    <div className="ingress-inspector">
      <RetirementNotice />
      <p>
        Class <b>{ingress.spec.ingressClassName ?? '(none)'}</b> · address{' '}
        {(ingress.status.loadBalancer.ingress ?? []).map((i) => i.ip ?? i.hostname).join(', ') || '<pending>'}
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
            <tr key={i} className={i === matched ? 'matched' : undefined} data-testid={i === matched ? 'ingress-matched-row' : undefined}>
              {r.defaultBackend ? <td colSpan={3}>(default backend)</td> : null}
              {r.defaultBackend ? null : <td>{r.host ?? '*'}</td>}
              {r.defaultBackend ? null : <td>{r.path}</td>}
              {r.defaultBackend ? null : <td>{r.pathType}</td>}
              <td>{r.backend}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {http && (matched >= 0 || !http.ingress) ? (
        <div className="last-match" data-testid="ingress-last-match">
          <h4>Last request</h4>
          <p>
            HTTP {http.status} for Host <b>{http.host}</b> path <b>{http.path}</b>
            {http.backendPath && http.backendPath !== http.path ? `, the backend saw ${http.backendPath}` : ''}
            {matched >= 0 ? ' — the highlighted row matched' : ''}
          </p>
          {http.rule ? <pre className="wrap">{http.rule}</pre> : null}
        </div>
      ) : http?.ingress ? (
        <p className="muted">The last request was served by Ingress {http.ingress}, not this one.</p>
      ) : (
        <p className="muted">Send a request to the Ingress address to see which rule matches.</p>
      )}
    </div>
  );
}
