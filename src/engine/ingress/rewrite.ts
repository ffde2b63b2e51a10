/**
 * `nginx.ingress.kubernetes.io/rewrite-target`: ingress-nginx writes
 * `rewrite "(?i)<location path>" <target> break;` into the location (`buildProxyPass`,
 * internal/ingress/controller/template/template.go) when the target differs from the path
 * (`needsRewrite`). nginx's rewrite replaces the whole URI with the target when the regular
 * expression matches anywhere in it, substituting `$1`..`$9` with the capture groups; the query
 * string is kept (https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#rewrite).
 * So with the seed's 13-9 (`rewrite-target: /`), `/cluster-status` and `/cluster-status/x`
 * both reach the backend as `/`; the docs' `path: /something(/|$)(.*)` with `/$2` keeps the rest.
 */

export function needsRewrite(locationPath: string, target: string | undefined): target is string {
  return target !== undefined && target !== '' && target !== locationPath;
}

/** The URI the backend sees, or undefined when the rewrite's expression does not match (the URI stays). */
export function rewriteUri(locationPath: string, target: string, uri: string): string | undefined {
  const q = uri.indexOf('?');
  const path = q >= 0 ? uri.slice(0, q) : uri;
  const query = q >= 0 ? uri.slice(q + 1) : '';
  let re: RegExp;
  try {
    re = new RegExp(locationPath, 'i');
  } catch {
    return undefined;
  }
  const m = re.exec(path);
  if (!m) return undefined;
  const rewritten = target.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '');
  if (!query) return rewritten;
  return `${rewritten}${rewritten.includes('?') ? '&' : '?'}${query}`;
}
