/**
 * Which rule host a request's Host header selects, as ingress-nginx's generated nginx.conf does.
 *
 * - A rule host is a server block's `server_name`; nginx compares names case-insensitively and
 *   without the port or a trailing dot of the Host header.
 * - A wildcard rule host `*.foo.com` becomes the regular expression `~^(?<subdomain>[\w-]+)\.foo\.com$`
 *   (ingress-nginx `buildServerName`, internal/ingress/controller/template/template.go): it matches
 *   exactly one DNS label, as the Kubernetes Ingress documentation's "Hostname wildcards" table says.
 * - nginx tries exact names before regular-expression names; a request no server_name matches goes
 *   to the default server `_`, where rules without a host live.
 */

/** The catch-all server of ingress-nginx's nginx.conf: rules without `host`, and every unmatched Host. */
export const DEFAULT_SERVER = '_';

/** The Host header as nginx compares it: lower case, without a port or a trailing dot. */
export function normalizeHost(header: string): string {
  let host = header.trim().toLowerCase();
  if (!host.startsWith('[')) {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && /^\d*$/.test(host.slice(colon + 1))) host = host.slice(0, colon);
  }
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

export type HostMatch = 'exact' | 'wildcard';

/** How a rule host matches a (normalized) request host, or undefined when it does not. */
export function matchHost(ruleHost: string, host: string): HostMatch | undefined {
  const rule = ruleHost.toLowerCase();
  if (!rule.startsWith('*.')) return rule === host ? 'exact' : undefined;
  const suffix = rule.slice(1); // ".foo.com"
  if (!host.endsWith(suffix)) return undefined;
  const label = host.slice(0, host.length - suffix.length);
  return /^[\w-]+$/.test(label) ? 'wildcard' : undefined;
}

/**
 * The server name that serves `host` among `names` (server_name values; `_` is the default):
 * an exact name first, then a one-label wildcard, else the default server.
 */
export function selectServer(names: Iterable<string>, host: string): { name: string; match: HostMatch | 'default' } {
  let wildcard: string | undefined;
  for (const name of names) {
    if (name === DEFAULT_SERVER) continue;
    const m = matchHost(name, host);
    if (m === 'exact') return { name, match: 'exact' };
    if (m === 'wildcard' && wildcard === undefined) wildcard = name;
  }
  return wildcard !== undefined ? { name: wildcard, match: 'wildcard' } : { name: DEFAULT_SERVER, match: 'default' };
}
