/**
 * Path matching of an Ingress rule, as the Kubernetes Ingress specification defines it and as
 * ingress-nginx turns it into nginx `location` blocks.
 *
 * - Exact matches the URL path exactly, case-sensitively. Prefix matches element-wise on the
 *   `/`-separated path (`/foo` matches `/foo/bar` but not `/foobar`; a trailing slash on either
 *   side is ignored) — the "Examples" table of https://kubernetes.io/docs/concepts/services-networking/ingress/#examples.
 * - ImplementationSpecific (and a missing pathType) is Prefix for ingress-nginx:
 *   `SetDefaultNGINXPathType` (internal/k8s/main.go) rewrites it before building the config.
 * - The locations of a server are sorted by path descending, then (stably) by path length
 *   descending (getBackendServers, controller.go); only then does `updateServerLocations`
 *   (internal/ingress/controller/location.go, called from getConfiguration) turn each Prefix path
 *   `/foo` into `location /foo/` followed by an exact `location = /foo` (unless an Exact `/foo`
 *   exists), in place. Without regular expressions nginx takes an exact hit, else the longest
 *   matching prefix.
 * - nginx's automatic redirect: a request for `/foo` when a proxied location `/foo/` exists and no
 *   exact `/foo` does is answered with 301 to `/foo/` (ngx_http_core_find_static_location,
 *   auto_redirect; the comment above updateServerLocations' call quotes the nginx docs). This is
 *   what a Prefix path written with a trailing slash gets for the path without it, where the
 *   specification's table says it matches.
 * - When any Ingress of a host uses `use-regex` or `rewrite-target`, every location of that host
 *   becomes a case-insensitive regular expression `~* "^<path>"` (`buildLocation`, template.go;
 *   docs/user-guide/ingress-path-matching.md "Path Priority"), tried in that order, first match wins.
 */

export type MatchPathType = 'Exact' | 'Prefix';

export function pathElements(path: string): string[] {
  return path.split('/').filter((e) => e !== '');
}

/** The specification's Prefix match: every element of `path` equals the request's element at the same place. */
export function prefixMatches(path: string, request: string): boolean {
  const p = pathElements(path);
  const r = pathElements(request);
  return p.length <= r.length && p.every((e, i) => e === r[i]);
}

/** Whether a request path matches an Ingress path under the specification's rules. */
export function specMatches(pathType: MatchPathType, path: string, request: string): boolean {
  return pathType === 'Exact' ? path === request : prefixMatches(path, request);
}

export interface LocationInput<T> {
  /** The path as the Ingress wrote it ('' is '/'). */
  path: string;
  pathType: MatchPathType;
  /** The location's own Ingress has rewrite-target (≠ path) or use-regex: its path is never normalized. */
  regex: boolean;
  payload: T;
}

export interface NginxLocation<T> {
  /** The nginx location path, after normalization (`/foo/` for a Prefix `/foo`). */
  path: string;
  /** The path as written in the Ingress. */
  ingressPath: string;
  pathType: MatchPathType;
  /** The `= /foo` copy ingress-nginx adds for a Prefix path. */
  generatedExact: boolean;
  regex: boolean;
  payload: T;
}

/** ingress-nginx's sort (by path descending, then stably by length descending), then its updateServerLocations. */
export function nginxLocations<T>(inputs: readonly LocationInput<T>[]): NginxLocation<T>[] {
  const exact = new Set(inputs.filter((l) => l.pathType === 'Exact').map((l) => l.path || '/'));
  const out: NginxLocation<T>[] = [];
  const byPath = [...inputs].sort((a, b) => ((a.path || '/') > (b.path || '/') ? -1 : (a.path || '/') < (b.path || '/') ? 1 : 0));
  const sorted = byPath.sort((a, b) => (b.path || '/').length - (a.path || '/').length);
  for (const input of sorted) {
    const path = input.path || '/';
    const base = { ingressPath: path, pathType: input.pathType, regex: input.regex, payload: input.payload, generatedExact: false };
    if (path === '/' || input.pathType !== 'Prefix' || input.regex) {
      out.push({ ...base, path });
      continue;
    }
    out.push({ ...base, path: path.endsWith('/') ? path : `${path}/` });
    if (!exact.has(path)) out.push({ ...base, path, pathType: 'Exact', generatedExact: true });
  }
  return out;
}

export type LocationMatch<T> =
  { location: NginxLocation<T>; how: 'exact' | 'prefix' | 'regex' | 'redirect' } | { location?: undefined; how: 'none'; invalid: string[] };

function compile(path: string): RegExp | undefined {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return undefined;
  }
}

/**
 * The location nginx picks for a request path. Without regular expressions: an exact location
 * equal to the path, else nginx's automatic 301 when a location is the path plus `/` ('redirect',
 * with that location), else the longest location path that starts the request path. In regex
 * mode: the first location (in order) whose `^path` matches case-insensitively.
 */
export function selectLocation<T>(locations: readonly NginxLocation<T>[], request: string, regexMode: boolean): LocationMatch<T> {
  if (regexMode) {
    const invalid: string[] = [];
    for (const location of locations) {
      const re = compile(location.path);
      if (!re) {
        invalid.push(location.path);
        continue;
      }
      if (re.test(request)) return { location, how: 'regex' };
    }
    return { how: 'none', invalid };
  }
  const exact = locations.find((l) => l.pathType === 'Exact' && l.path === request);
  if (exact) return { location: exact, how: 'exact' };
  // Every ingress-nginx location proxies (proxy_pass), so one ending in "/" has auto_redirect.
  const redirect = locations.find((l) => l.path === `${request}/`);
  if (redirect) return { location: redirect, how: 'redirect' };
  let best: NginxLocation<T> | undefined;
  for (const l of locations) {
    if (l.pathType !== 'Prefix') continue;
    const hit = request.startsWith(l.path);
    if (hit && (!best || l.path.length > best.path.length)) best = l;
  }
  return best ? { location: best, how: 'prefix' } : { how: 'none', invalid: [] };
}
