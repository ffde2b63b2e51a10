/**
 * What ingress-nginx does with one HTTP request: the server its Host header selects, the
 * location its path selects, and the path the backend sees after rewrite-target.
 */
import type { HostMatch } from './hosts';
import { selectServer } from './hosts';
import type { LocationMatch, NginxLocation } from './paths';
import { selectLocation } from './paths';
import { needsRewrite, rewriteUri } from './rewrite';
import type { LocationTarget, NginxConfig, ServerConfig } from './nginx-config';

export interface Route {
  server: ServerConfig;
  serverMatch: HostMatch | 'default';
  location?: NginxLocation<LocationTarget>;
  how: LocationMatch<LocationTarget>['how'];
  /** Locations whose path is not a valid regular expression (nginx would refuse the config). */
  invalid: string[];
  /** The request URI after rewrite-target, as the backend sees it. */
  backendPath: string;
  rewritten: boolean;
}

function pathOnly(uri: string): string {
  const cut = uri.search(/[?#]/);
  return cut >= 0 ? uri.slice(0, cut) : uri;
}

export function routeRequest(config: NginxConfig, host: string, uri: string): Route {
  const picked = selectServer(config.servers.keys(), host);
  const server = config.servers.get(picked.name) as ServerConfig;
  const match = selectLocation(server.locations, pathOnly(uri), server.regex);
  const invalid = match.how === 'none' ? match.invalid : [];
  let backendPath = uri;
  let rewritten = false;
  const location = match.location;
  const target = location?.payload.annotations?.rewriteTarget;
  if (location && needsRewrite(location.path, target)) {
    const out = rewriteUri(location.path, target, uri);
    if (out !== undefined) {
      backendPath = out;
      rewritten = true;
    }
  }
  return { server, serverMatch: picked.match, ...(location ? { location } : {}), how: match.how, invalid, backendPath, rewritten };
}
