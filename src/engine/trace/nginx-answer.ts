/**
 * The answers nginx writes itself (ingress-nginx's redirects, 400, 404 and 5xx): the status line
 * with nginx's reason phrases (src/http/ngx_http_header_filter_module.c ngx_http_status_lines), the
 * headers in the order ngx_http_header_filter writes them (Date, Content-Type, Content-Length,
 * Location, Connection), and the length of the built-in error page of
 * src/http/ngx_http_special_response.c (ngx_http_error_<code>_page plus the tail for
 * server_tokens off, "<hr><center>nginx</center>", which ingress-nginx's default server-tokens:
 * false selects).
 */
import type { TraceHttp } from './types';

const NGINX_REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  301: 'Moved Permanently',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  404: 'Not Found',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export function nginxReason(status: number): string {
  return NGINX_REASONS[status] ?? '';
}

const CRLF = '\r\n';
const TAIL = `<hr><center>nginx</center>${CRLF}</body>${CRLF}</html>${CRLF}`;

/**
 * ngx_http_special_response.c's page for `status`: its title and heading are the status line's
 * text; the page for a plain HTTP request on the HTTPS port (497, sent as 400) says so in its title
 * and in a line of its own.
 */
export function nginxErrorPage(status: number, plainHttpOnHttpsPort = false): string {
  const line = `${status} ${nginxReason(status)}`;
  if (plainHttpOnHttpsPort) {
    const text = 'The plain HTTP request was sent to HTTPS port';
    return `<html>${CRLF}<head><title>400 ${text}</title></head>${CRLF}<body>${CRLF}<center><h1>${line}</h1></center>${CRLF}<center>${text}</center>${CRLF}${TAIL}`;
  }
  return `<html>${CRLF}<head><title>${line}</title></head>${CRLF}<body>${CRLF}<center><h1>${line}</h1></center>${CRLF}${TAIL}`;
}

/**
 * The status line and headers of an answer nginx makes itself. `date` is the HTTP Date (the
 * simulated clock). A 400 closes the connection (ngx_http_special_response_handler clears
 * keepalive for the "bad request" family); the others keep it.
 */
export function nginxAnswer(
  status: number,
  date: string,
  options: { location?: string; plainHttpOnHttpsPort?: boolean } = {},
): Pick<TraceHttp, 'status' | 'reason' | 'statusLine' | 'headers'> {
  const reason = nginxReason(status);
  const page = nginxErrorPage(status, options.plainHttpOnHttpsPort);
  const headers: Record<string, string> = {
    Date: date,
    'Content-Type': 'text/html',
    'Content-Length': String(new TextEncoder().encode(page).length),
  };
  if (options.location !== undefined) headers.Location = options.location;
  headers.Connection = status === 400 ? 'close' : 'keep-alive';
  return { status, reason, statusLine: `HTTP/1.1 ${status} ${reason}`, headers };
}

/** The status line of a backend's answer passed through: its headers are the application's, which are not modelled. */
export function proxiedAnswer(status: number): Pick<TraceHttp, 'status' | 'reason' | 'statusLine' | 'headers'> {
  const reason = nginxReason(status);
  return { status, reason, statusLine: `HTTP/1.1 ${status} ${reason}`, headers: {} };
}
