/**
 * Hostnames in the Gateway API (kubernetes-sigs/gateway-api apis/v1 httproute_types.go,
 * HTTPRouteSpec.Hostnames; gateway_types.go Listener.Hostname):
 *
 * - A wildcard `*.example.com` is a suffix match: it matches `test.example.com` and
 *   `foo.test.example.com` but not `example.com` (unlike an Ingress wildcard, which covers one
 *   label).
 * - A route attaches to a listener only when their hostnames intersect; the route's hostnames that
 *   do not match the listener's are ignored for that listener, and the intersection is what the
 *   proxy serves (Envoy Gateway's computeHosts, internal/gatewayapi/helpers.go).
 * - Among intersecting hostnames the proxy picks the most specific: an exact name, then the longest
 *   wildcard, then the catch-all (Envoy's virtual host selection, which Envoy Gateway relies on for
 *   "Characters in a matching non-wildcard hostname" precedence).
 */

/** A route or listener hostname (which may be a wildcard) matches a concrete request host. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  if (p === '*') return true;
  if (!p.startsWith('*.')) return p === host;
  return host.endsWith(p.slice(1)) && host.length > p.length - 1;
}

/** Whether wildcard `outer` covers `inner` (a name, or a narrower wildcard). */
function covers(outer: string, inner: string): boolean {
  if (!outer.startsWith('*.')) return false;
  const suffix = outer.slice(1);
  return inner.endsWith(suffix) && inner.length > suffix.length && inner !== outer;
}

/**
 * The hostnames a route serves on a listener: the intersection of the route's hostnames with the
 * listener's hostname. `['*']` when neither has any; empty when they do not intersect.
 */
export function intersectHostnames(listenerHostname: string | undefined, routeHostnames: readonly string[] | undefined): string[] {
  const routes = (routeHostnames ?? []).map((h) => h.toLowerCase());
  const listener = listenerHostname?.toLowerCase();
  if (!listener) return routes.length ? [...new Set(routes)] : ['*'];
  if (routes.length === 0) return [listener];
  const out: string[] = [];
  for (const h of routes) {
    if (h === listener || covers(listener, h)) out.push(h);
    else if (covers(h, listener)) out.push(listener);
  }
  return [...new Set(out)];
}

/**
 * The most specific of `hostnames` matching `host`: exact first, then the longest wildcard, then
 * `*`; undefined when none does.
 */
export function selectHostname(hostnames: Iterable<string>, host: string): string | undefined {
  let best: string | undefined;
  const rank = (h: string): number => (h === '*' ? 0 : h.startsWith('*.') ? h.length : 10000 + h.length);
  for (const h of hostnames) {
    if (!hostMatches(h, host)) continue;
    if (best === undefined || rank(h) > rank(best)) best = h;
  }
  return best;
}
