import { describe, expect, it } from 'vitest';
import { parseTarget } from './target';

describe('parseTarget: what curl, nc and ping would make of SendRequest.to', () => {
  it.each([
    ['http://web/healthz', { kind: 'connect', host: 'web', port: 80, scheme: 'http', path: '/healthz' }],
    ['https://api.example.com', { kind: 'connect', host: 'api.example.com', port: 443, scheme: 'https' }],
    ['http://user@web.shop:8080/?q=1', { kind: 'connect', host: 'web.shop', port: 8080, scheme: 'http', path: '/?q=1' }],
    ['web:8080', { kind: 'connect', host: 'web', port: 8080 }],
    ['10.96.0.10:53', { kind: 'connect', host: '10.96.0.10', port: 53 }],
    ['WEB.Default.svc.cluster.local.:80', { kind: 'connect', host: 'web.default.svc.cluster.local.', port: 80 }],
    ['web', { kind: 'connect', host: 'web', port: 80 }],
    [{ ping: '10.244.1.5' }, { kind: 'ping', host: '10.244.1.5' }],
    [{ ping: 'web' }, { kind: 'ping', host: 'web' }],
  ] as const)('%j', (target, expected) => {
    expect(parseTarget(target)).toEqual(expected);
  });

  it.each([
    ['web:0', 'port "0" is not a number from 1 to 65535'],
    ['web:http', 'port "http" is not a number from 1 to 65535'],
    ['ftp2://web', 'no port, and ftp2:// has no default port'],
    ['http://[::1]:80/', 'IPv6 addresses are not simulated'],
    ['http:///path', 'has no valid host'],
    ['we b:80', 'has no valid host'],
  ])('%s is rejected', (target, message) => {
    const parsed = parseTarget(target);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.message : '').toContain(message);
  });
});
