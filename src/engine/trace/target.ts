/** Reading `SendRequest.to`: a URL, host:port, ip:port, a bare host (port 80, as curl does) or a ping. */
import type { TraceTarget } from './types';

export type ParsedTarget =
  | { kind: 'connect'; host: string; port: number; scheme?: string; path?: string }
  | { kind: 'ping'; host: string }
  | { kind: 'invalid'; message: string };

const DEFAULT_PORTS: Record<string, number> = {
  http: 80,
  https: 443,
  ws: 80,
  wss: 443,
  grpc: 80,
  postgres: 5432,
  mysql: 3306,
  redis: 6379,
};

const HOST = /^[a-z0-9]([-a-z0-9_]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9_]*[a-z0-9])?)*\.?$/i;

function parseHost(host: string): string | undefined {
  return HOST.test(host) ? host.toLowerCase() : undefined;
}

export function parseTarget(target: TraceTarget): ParsedTarget {
  if (typeof target !== 'string') {
    const host = parseHost(String(target.ping).trim());
    return host ? { kind: 'ping', host } : { kind: 'invalid', message: `cannot ping "${target.ping}": not an IPv4 address or host name` };
  }
  let rest = target.trim();
  let scheme: string | undefined;
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(rest);
  if (m?.[1]) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  }
  const cut = rest.search(/[/?#]/);
  const path = cut >= 0 ? rest.slice(cut) : undefined;
  let authority = cut >= 0 ? rest.slice(0, cut) : rest;
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  if (authority.startsWith('['))
    return { kind: 'invalid', message: `"${target}": IPv6 addresses are not simulated (the cluster is IPv4 single-stack)` };
  const colon = authority.lastIndexOf(':');
  const hostText = colon >= 0 ? authority.slice(0, colon) : authority;
  const portText = colon >= 0 ? authority.slice(colon + 1) : '';
  const host = parseHost(hostText);
  if (!host) return { kind: 'invalid', message: `"${target}" has no valid host (expected http://host:port/path, host:port or ip:port)` };
  let port: number | undefined;
  if (portText !== '') {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return { kind: 'invalid', message: `"${target}": port "${portText}" is not a number from 1 to 65535` };
  } else {
    port = DEFAULT_PORTS[scheme ?? 'http'];
    if (port === undefined) return { kind: 'invalid', message: `"${target}": no port, and ${scheme ?? ''}:// has no default port` };
  }
  return { kind: 'connect', host, port, ...(scheme ? { scheme } : {}), ...(path ? { path } : {}) };
}
