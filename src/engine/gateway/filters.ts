/**
 * HTTPRoute filters as the Gateway API defines them (kubernetes-sigs/gateway-api apis/v1
 * httproute_types.go: HTTPHeaderFilter, HTTPRequestRedirectFilter, HTTPURLRewriteFilter,
 * HTTPPathModifier, HTTPRequestMirrorFilter), applied in the order written.
 */
import type { HTTPRouteFilter, HTTPRouteMatch, HeaderModifier, Listener, PathModifier } from '../model/gateway-types';

/**
 * HTTPPathModifier ReplacePrefixMatch: the matched prefix (whole path elements, a trailing `/`
 * ignored) is replaced, the rest of the path kept — the table in httproute_types.go:
 * /foo/bar with prefix /foo and /xyz is /xyz/bar; /foo/ with /xyz is /xyz/; /foo with "" is /.
 */
export function replacePrefix(path: string, prefix: string, replacement: string): string {
  const matched = prefix.replace(/\/+$/, '');
  const rest = path.slice(matched.length);
  const out = replacement.replace(/\/+$/, '') + rest;
  return out === '' ? '/' : out;
}

function modifiedPath(path: string, modifier: PathModifier | undefined, match: HTTPRouteMatch): string {
  if (!modifier) return path;
  if (modifier.type === 'ReplaceFullPath') return modifier.replaceFullPath ?? path;
  return replacePrefix(path, match.path?.value ?? '/', modifier.replacePrefixMatch ?? '');
}

/** HTTPHeaderFilter: set replaces, add appends (a second value joins with ","), remove drops; names case-insensitive. */
export function modifyHeaders(headers: Record<string, string>, modifier: HeaderModifier | undefined): Record<string, string> {
  if (!modifier) return headers;
  const out = { ...headers };
  for (const { name, value } of modifier.set ?? []) out[name.toLowerCase()] = value;
  for (const { name, value } of modifier.add ?? []) {
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  }
  for (const name of modifier.remove ?? []) delete out[name.toLowerCase()];
  return out;
}

export interface FilterInput {
  method: string;
  /** The Host header as sent (for a redirect without hostname), without a port. */
  host: string;
  path: string;
  /** The query string, with its `?`, or ''. */
  query: string;
  tls: boolean;
  headers: Record<string, string>;
  listener: Listener;
  match: HTTPRouteMatch;
}

export interface FilterResult {
  /** A redirect answer: the status and Location. */
  redirect?: { status: number; location: string };
  /** What Envoy answers itself for a filter it could not resolve (500). */
  directResponse?: { status: number; reason: string };
  /** The request as the backend sees it. */
  host: string;
  path: string;
  headers: Record<string, string>;
  responseHeaders: Record<string, string>;
  /** One line per filter applied, for the trace. */
  applied: string[];
}

/** HTTPRequestRedirectFilter: scheme, hostname, port and path of the Location, and 302 unless statusCode says otherwise. */
function redirectOf(filter: NonNullable<HTTPRouteFilter['requestRedirect']>, input: FilterInput): { status: number; location: string } {
  const scheme = filter.scheme ?? (input.tls ? 'https' : 'http');
  const host = filter.hostname ?? input.host;
  // Port: the filter's; else the well-known port of a scheme the filter sets; else the listener's.
  const port = filter.port ?? (filter.scheme ? (scheme === 'https' ? 443 : 80) : input.listener.port);
  const defaultPort = (scheme === 'http' && port === 80) || (scheme === 'https' && port === 443);
  const path = modifiedPath(input.path, filter.path, input.match);
  return { status: filter.statusCode, location: `${scheme}://${host}${defaultPort ? '' : `:${port}`}${path}${input.query}` };
}

export function applyFilters(
  filters: readonly HTTPRouteFilter[] | undefined,
  input: FilterInput,
  unresolved?: (f: HTTPRouteFilter) => string | undefined,
): FilterResult {
  const out: FilterResult = { host: input.host, path: input.path, headers: { ...input.headers }, responseHeaders: {}, applied: [] };
  for (const f of filters ?? []) {
    const problem = unresolved?.(f);
    if (problem) {
      out.directResponse = { status: 500, reason: problem };
      out.applied.push(`${f.type}: ${problem}; Envoy answers 500`);
      return out;
    }
    switch (f.type) {
      case 'RequestHeaderModifier':
        out.headers = modifyHeaders(out.headers, f.requestHeaderModifier);
        out.applied.push(`RequestHeaderModifier ${headerText(f.requestHeaderModifier)}`);
        break;
      case 'ResponseHeaderModifier':
        out.responseHeaders = modifyHeaders(out.responseHeaders, f.responseHeaderModifier);
        out.applied.push(`ResponseHeaderModifier ${headerText(f.responseHeaderModifier)}`);
        break;
      case 'RequestRedirect':
        if (f.requestRedirect) {
          out.redirect = redirectOf(f.requestRedirect, input);
          out.applied.push(`RequestRedirect → ${out.redirect.status} Location: ${out.redirect.location}`);
        }
        break;
      case 'URLRewrite': {
        const rewrite = f.urlRewrite;
        if (rewrite?.hostname) out.host = rewrite.hostname;
        out.path = modifiedPath(out.path, rewrite?.path, input.match);
        out.applied.push(`URLRewrite → Host ${out.host}, path ${out.path}`);
        break;
      }
      case 'RequestMirror': {
        const b = f.requestMirror?.backendRef;
        out.applied.push(
          `RequestMirror: a copy goes to Service ${b?.namespace ? `${b.namespace}/` : ''}${b?.name ?? ''}:${b?.port ?? ''}, whose answer Envoy discards (not traced)`,
        );
        break;
      }
      default:
        out.applied.push(`${f.type}: not simulated`);
    }
  }
  return out;
}

function headerText(m: HeaderModifier | undefined): string {
  const parts = [
    ...(m?.set ?? []).map((h) => `set ${h.name}: ${h.value}`),
    ...(m?.add ?? []).map((h) => `add ${h.name}: ${h.value}`),
    ...(m?.remove ?? []).map((h) => `remove ${h}`),
  ];
  return parts.join('; ');
}
