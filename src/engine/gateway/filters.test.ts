import { describe, expect, it } from 'vitest';
import { modifyHeaders, replacePrefix } from './filters';
import { hostMatches, intersectHostnames, selectHostname } from './hostnames';
import { pickWeighted } from './weights';

describe('HTTPPathModifier ReplacePrefixMatch (the table in apis/v1 httproute_types.go)', () => {
  it.each([
    ['/foo/bar', '/foo', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo', '/xyz/', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz', '/xyz/bar'],
    ['/foo/bar', '/foo/', '/xyz/', '/xyz/bar'],
    ['/foo', '/foo', '/xyz', '/xyz'],
    ['/foo/', '/foo', '/xyz', '/xyz/'],
    ['/foo/bar', '/foo', '', '/bar'],
    ['/foo/', '/foo', '', '/'],
    ['/foo', '/foo', '', '/'],
    ['/foo/', '/foo', '/', '/'],
    ['/foo', '/foo', '/', '/'],
  ])('%s with prefix %s replaced by "%s" is %s', (path, prefix, replacement, expected) => {
    expect(replacePrefix(path, prefix, replacement)).toBe(expected);
  });
});

describe('HTTPHeaderFilter (httproute-request-header-modifier.go)', () => {
  it('set overwrites, add appends, remove drops; names are case-insensitive', () => {
    const out = modifyHeaders(
      { 'x-header-set': 'some-other-value', 'x-header-add': 'add-appends-values', 'x-header-remove': 'remove' },
      {
        set: [{ name: 'X-Header-Set', value: 'set-overwrites-values' }],
        add: [{ name: 'X-Header-Add', value: 'header-val-1' }],
        remove: ['X-Header-Remove'],
      },
    );
    expect(out).toEqual({ 'x-header-set': 'set-overwrites-values', 'x-header-add': 'add-appends-values,header-val-1' });
  });
});

describe('hostnames (HTTPRouteSpec.Hostnames)', () => {
  it('a wildcard is a suffix match over one or more labels, never the bare domain', () => {
    expect(hostMatches('*.example.com', 'test.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'foo.test.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
  });

  it.each([
    ['test.example.com', ['*.example.com'], ['test.example.com']],
    ['*.example.com', ['test.example.com', 'test.example.net'], ['test.example.com']],
    ['*.example.com', ['*.example.com', 'foo.test.example.com', 'example.com'], ['*.example.com', 'foo.test.example.com']],
    [undefined, [], ['*']],
    ['very.specific.com', ['non.matching.com', '*.specific.com'], ['very.specific.com']],
    ['*.wildcard.io', ['wildcard.io'], []],
  ] as const)('listener %s with route hostnames %j serves %j', (listener, route, expected) => {
    expect(intersectHostnames(listener, route)).toEqual(expected);
  });

  it('the most specific hostname wins: exact, then the longest wildcard, then *', () => {
    expect(selectHostname(['*', '*.example.com', '*.foo.example.com', 'a.foo.example.com'], 'a.foo.example.com')).toBe('a.foo.example.com');
    expect(selectHostname(['*', '*.example.com', '*.foo.example.com'], 'b.foo.example.com')).toBe('*.foo.example.com');
    expect(selectHostname(['*', '*.example.com'], 'other.net')).toBe('*');
  });
});

describe('weighted backendRefs', () => {
  it('weight 0 gets nothing; all weights 0 picks nothing', () => {
    expect(pickWeighted([{ weight: 0 }, { weight: 0 }], 'k')).toBeUndefined();
    for (let i = 0; i < 50; i++) expect(pickWeighted([{ weight: 0 }, { weight: 3 }], `k${i}`)).toBe(1);
  });
});
