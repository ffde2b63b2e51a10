/**
 * An Ingress as a rules table (one row per host and path, then its default backend, as
 * `kubectl describe ingress` lists them) and which row the last request matched. The engine
 * names the matched rule in `Trace.http.rule` — "host H, path P (T) -> svc:port of Ingress ns/name"
 * or "defaultBackend svc:port of Ingress ns/name" (src/engine/ingress/nginx-config.ts) — and
 * the row is found from that.
 */
import type { Ingress, TraceHttp } from '../../engine/index';
import { namespacedName } from '../../engine/index';

export interface IngressRow {
  /** The rule's host; undefined for a rule without one (it matches every Host). */
  host?: string;
  path: string;
  pathType?: string;
  backend: string;
  defaultBackend?: boolean;
}

export function ingressKeyOf(ingress: Ingress): string {
  return namespacedName(ingress);
}

export function ingressRows(ingress: Ingress): IngressRow[] {
  const rows: IngressRow[] = (ingress.spec.rules ?? []).flatMap((r) =>
    (r.http?.paths ?? []).map((p) => ({
      ...(r.host ? { host: r.host } : {}),
      path: p.path || '/',
      pathType: p.pathType,
      backend: p.backend.service
        ? `${p.backend.service.name}:${p.backend.service.port.name ?? p.backend.service.port.number ?? ''}`
        : `${p.backend.resource?.kind ?? '?'} ${p.backend.resource?.name ?? ''}`,
    })),
  );
  const def = ingress.spec.defaultBackend?.service;
  if (def) rows.push({ path: '', backend: `${def.name}:${def.port.name ?? def.port.number ?? ''}`, defaultBackend: true });
  return rows;
}

const PATH_RULE = /^host (.+), path (\S+) \((\w+)/;

/** The index of the row of `ingress` the request matched, or -1 (another Ingress, or none: the controller's own 404). */
export function matchedRow(ingress: Ingress, rows: readonly IngressRow[], http: TraceHttp | undefined): number {
  if (!http?.rule || http.ingress !== ingressKeyOf(ingress)) return -1;
  if (http.rule.startsWith('defaultBackend ')) return rows.findIndex((r) => r.defaultBackend);
  const m = PATH_RULE.exec(http.rule);
  if (!m) return -1;
  const host = m[1] === '* (none)' ? undefined : m[1];
  // ImplementationSpecific is reported as "ImplementationSpecific, which ingress-nginx treats as Prefix".
  return rows.findIndex((r) => !r.defaultBackend && r.host === host && r.path === m[2] && r.pathType === m[3]);
}
