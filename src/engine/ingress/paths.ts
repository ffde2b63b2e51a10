/**
 * Path matching of an Ingress rule, as the Kubernetes Ingress specification defines it and as
 * ingress-nginx turns it into nginx `location` blocks.
 *
 * - Exact matches the URL path exactly, case-sensitively. Prefix matches element-wise on the
 *   `/`-separated path (`/foo` matches `/foo/bar` but not `/foobar`; a trailing slash on either
 *   side is ignored) — the "Examples" table of https://kubernetes.io/docs/concepts/services-networking/ingress/#examples.
 * - ImplementationSpecific (and a missing pathType) is Prefix for ingress-nginx:
 *   `SetDefaultNGINXPathType` (internal/k8s/main.go) rewrites it before building the config.
 * - `updateServerLocations` (internal/ingress/controller/location.go) turns a Prefix path `/foo`
 *   into `location /foo/` plus an exact `location = /foo` (unless an Exact `/foo` exists), so an
 *   exact hit beats any prefix, and among prefixes nginx takes the longest.
 *   Deviation: for a Prefix path written with a trailing slash (`/foo/`), ingress-nginx's exact
 *   copy is `= /foo/`, so a request for `/foo` falls to the default backend (ingress-nginx issue
 *   #6463 and kin); this simulation follows the specification's table, which says it matches.
 * - When any Ingress of a host uses `use-regex` or `rewrite-target`, every location of that host
 *   becomes a case-insensitive regular expression `~* "^<path>"` (`buildLocation`,
 *   template.go; docs/user-guide/ingress-path-matching.md), tried in order of descending path
 *   length, first match wins.
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

/** ingress-nginx's updateServerLocations, then its sort: by path descending, then stably by length descending. */
export function nginxLocations<T>(inputs: readonly LocationInput<T>[]): NginxLocation<T>[] {
  const exact = new Set(inputs.filter((l) => l.pathType === 'Exact').map((l) => l.path || '/'));
  const out: NginxLocation<T>[] = [];
  for (const input of inputs) {
    const path = input.path || '/';
    const base = { ingressPath: path, pathType: input.pathType, regex: input.regex, payload: input.payload, generatedExact: false };
    if (path === '/' || input.pathType !== 'Prefix' || input.regex) {
      out.push({ ...base, path });
      continue;
    }
    out.push({ ...base, path: path.endsWith('/') ? path : `${path}/` });
    if (!exact.has(path)) out.push({ ...base, path, pathType: 'Exact', generatedExact: true });
  }
  const byPath = [...out].sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
  return byPath.sort((a, b) => b.path.length - a.path.length);
}

export type LocationMatch<T> =
  { location: NginxLocation<T>; how: 'exact' | 'prefix' | 'regex' } | { location?: undefined; how: 'none'; invalid: string[] };

function compile(path: string): RegExp | undefined {
  try {
    return new RegExp(`^${path}`, 'i');
  } catch {
    return undefined;
  }
}

/**
 * The location nginx picks for a request path. Without regular expressions: an exact location
 * equal to the path, else the longest matching prefix location. In regex mode: the first
 * location (in the sorted order) whose `^path` matches case-insensitively.
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
  let best: NginxLocation<T> | undefined;
  for (const l of locations) {
    if (l.pathType !== 'Prefix') continue;
    const hit = l.path === '/' || prefixMatches(l.ingressPath, request);
    if (hit && (!best || l.path.length > best.path.length)) best = l;
  }
  return best ? { location: best, how: 'prefix' } : { how: 'none', invalid: [] };
}
