import { describe, expect, it } from 'vitest';
import { matchHost, normalizeHost, selectServer } from './hosts';

describe('host matching: the Kubernetes Ingress documentation "Hostname wildcards" table', () => {
  // https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
  it.each([
    { rule: '*.foo.com', header: 'bar.foo.com', expected: 'wildcard', why: 'Matches based on shared suffix' },
    { rule: '*.foo.com', header: 'baz.bar.foo.com', expected: undefined, why: 'No match, wildcard only covers a single DNS label' },
    { rule: '*.foo.com', header: 'foo.com', expected: undefined, why: 'No match, wildcard only covers a single DNS label' },
  ])('host $rule, Host header $header -> $expected ($why)', ({ rule, header, expected }) => {
    expect(matchHost(rule, normalizeHost(header))).toBe(expected);
  });

  it.each([
    ['foo.bar.com', 'foo.bar.com', 'exact'],
    ['foo.bar.com', 'bar.foo.com', undefined],
    ['foo.bar.com', 'FOO.bar.com:8080', 'exact'],
    ['foo.bar.com', 'foo.bar.com.', 'exact'],
  ] as const)('exact host %s, Host header %s -> %s (case-insensitive, port and trailing dot ignored)', (rule, header, expected) => {
    expect(matchHost(rule, normalizeHost(header))).toBe(expected);
  });
});

describe('server selection (nginx server_name: exact names before regular expressions, else the default server)', () => {
  const names = ['_', '*.example.com', 'shop.example.com'];
  it.each([
    ['shop.example.com', 'shop.example.com', 'exact'],
    ['blog.example.com', '*.example.com', 'wildcard'],
    ['a.blog.example.com', '_', 'default'],
    ['203.0.113.250', '_', 'default'],
  ] as const)('Host %s -> server %s (%s)', (host, name, match) => {
    expect(selectServer(names, normalizeHost(host))).toEqual({ name, match });
  });
});
