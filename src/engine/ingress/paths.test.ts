import { describe, expect, it } from 'vitest';
import type { LocationInput, MatchPathType } from './paths';
import { nginxLocations, prefixMatches, selectLocation, specMatches } from './paths';

type Row = {
  kind: string;
  paths: [MatchPathType, string][];
  request: string;
  match: string | undefined;
  note?: string;
  /** What ingress-nginx does instead, where it differs from the table: nginx's automatic 301 to the path with a slash. */
  nginx?: string;
};

/**
 * The "Examples" table of https://kubernetes.io/docs/concepts/services-networking/ingress/#examples
 * (one row per request path). `match` is the path that wins, undefined for "No" (the request
 * goes to the default backend). Where ingress-nginx answers otherwise, `nginx` says how.
 */
const EXAMPLES: Row[] = [
  { kind: 'Prefix', paths: [['Prefix', '/']], request: '/', match: '/' },
  { kind: 'Prefix', paths: [['Prefix', '/']], request: '/any/thing', match: '/', note: '(all paths)' },
  { kind: 'Exact', paths: [['Exact', '/foo']], request: '/foo', match: '/foo' },
  { kind: 'Exact', paths: [['Exact', '/foo']], request: '/bar', match: undefined },
  { kind: 'Exact', paths: [['Exact', '/foo']], request: '/foo/', match: undefined },
  { kind: 'Exact', paths: [['Exact', '/foo/']], request: '/foo', match: undefined, nginx: '301 Exact /foo/' },
  { kind: 'Prefix', paths: [['Prefix', '/foo']], request: '/foo', match: '/foo' },
  { kind: 'Prefix', paths: [['Prefix', '/foo']], request: '/foo/', match: '/foo' },
  { kind: 'Prefix', paths: [['Prefix', '/foo/']], request: '/foo', match: '/foo/', nginx: '301 Prefix /foo/' },
  { kind: 'Prefix', paths: [['Prefix', '/foo/']], request: '/foo/', match: '/foo/' },
  { kind: 'Prefix', paths: [['Prefix', '/aaa/bb']], request: '/aaa/bbb', match: undefined },
  { kind: 'Prefix', paths: [['Prefix', '/aaa/bbb']], request: '/aaa/bbb', match: '/aaa/bbb' },
  {
    kind: 'Prefix',
    paths: [['Prefix', '/aaa/bbb/']],
    request: '/aaa/bbb',
    match: '/aaa/bbb/',
    note: 'ignores trailing slash',
    nginx: '301 Prefix /aaa/bbb/',
  },
  { kind: 'Prefix', paths: [['Prefix', '/aaa/bbb']], request: '/aaa/bbb/', match: '/aaa/bbb', note: 'matches trailing slash' },
  { kind: 'Prefix', paths: [['Prefix', '/aaa/bbb']], request: '/aaa/bbb/ccc', match: '/aaa/bbb', note: 'matches subpath' },
  { kind: 'Prefix', paths: [['Prefix', '/aaa/bbb']], request: '/aaa/bbbxyz', match: undefined, note: 'does not match string prefix' },
  {
    kind: 'Prefix',
    paths: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
    ],
    request: '/aaa/ccc',
    match: '/aaa',
    note: 'matches /aaa prefix',
  },
  {
    kind: 'Prefix',
    paths: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    request: '/aaa/bbb',
    match: '/aaa/bbb',
    note: 'matches /aaa/bbb prefix',
  },
  {
    kind: 'Prefix',
    paths: [
      ['Prefix', '/'],
      ['Prefix', '/aaa'],
      ['Prefix', '/aaa/bbb'],
    ],
    request: '/ccc',
    match: '/',
    note: 'matches / prefix',
  },
  { kind: 'Prefix', paths: [['Prefix', '/aaa']], request: '/ccc', match: undefined, note: 'uses default backend' },
  {
    kind: 'Mixed',
    paths: [
      ['Prefix', '/foo'],
      ['Exact', '/foo'],
    ],
    request: '/foo',
    match: 'Exact /foo',
    note: 'prefers Exact',
  },
];

/** The locations of one server: ingress-nginx's default root location, then the rule paths. */
function server(paths: [MatchPathType, string][], regex = false): LocationInput<string>[] {
  const root: LocationInput<string> = { path: '/', pathType: 'Prefix', regex: false, payload: 'default' };
  const inputs = paths.map(([pathType, path]): LocationInput<string> => ({ path, pathType, regex, payload: `${pathType} ${path}` }));
  // A rule path / replaces the default root location of the same pathType (createServers).
  return inputs.some((i) => i.path === '/' && i.pathType === 'Prefix') ? inputs : [root, ...inputs];
}

function winner(paths: [MatchPathType, string][], request: string, regexMode = false): string | undefined {
  const match = selectLocation(nginxLocations(server(paths)), request, regexMode);
  if (match.how === 'redirect') return `301 ${match.location.payload}`;
  return match.location?.payload === 'default' ? undefined : match.location?.payload;
}

describe('path matching: the Kubernetes Ingress documentation "Examples" table, as ingress-nginx serves it', () => {
  it.each(EXAMPLES)('$kind $paths.0.1 (+$paths.length) with request $request -> $match $note', ({ paths, request, match, nginx }) => {
    const expected =
      match === undefined ? undefined : match.includes(' ') ? match : `${paths.find(([, p]) => p === match)?.[0] ?? ''} ${match}`;
    expect(winner(paths, request)).toBe(nginx ?? expected);
  });

  it.each(EXAMPLES.filter((r) => r.paths.length === 1))(
    'the specification itself: $kind $paths.0.1 with request $request -> $match',
    ({ paths, request, match }) => {
      const [type, path]: [MatchPathType, string] = paths[0] ?? ['Prefix', ''];
      expect(specMatches(type, path, request)).toBe(match !== undefined);
    },
  );

  it("nginx's automatic 301 (auto_redirect of a proxied location ending in /) loses to an exact location of the path", () => {
    expect(
      winner(
        [
          ['Prefix', '/foo/'],
          ['Exact', '/foo'],
        ],
        '/foo',
      ),
    ).toBe('Exact /foo');
  });

  it.each([
    ['/foo/bar', '/foo/bar/baz', true],
    ['/foo/bar', '/foo/barbaz', false],
    ['/', '/x', true],
    ['/Foo', '/foo', false],
  ] as const)('Prefix %s vs %s is %s (element-wise, case-sensitive: HTTPIngressPath pathType docs)', (path, request, expected) => {
    expect(prefixMatches(path, request)).toBe(expected);
    expect(specMatches('Prefix', path, request)).toBe(expected);
  });
});

describe("ingress-nginx's locations (internal/ingress/controller/location.go updateServerLocations)", () => {
  it('a Prefix /foo becomes location /foo/ plus an exact = /foo; / is left alone', () => {
    const locations = nginxLocations(server([['Prefix', '/foo']]));
    expect(locations.map((l) => `${l.pathType === 'Exact' ? '= ' : ''}${l.path}`)).toEqual(['/foo/', '= /foo', '/']);
  });

  it('no exact copy when an Exact path of the same text exists', () => {
    const locations = nginxLocations(
      server([
        ['Prefix', '/foo'],
        ['Exact', '/foo'],
      ]),
    );
    expect(locations.filter((l) => l.generatedExact)).toEqual([]);
  });

  it('a path with its own rewrite-target or use-regex is not normalized', () => {
    const locations = nginxLocations([{ path: '/foo', pathType: 'Prefix', regex: true, payload: 'x' }]);
    expect(locations.map((l) => l.path)).toEqual(['/foo']);
  });
});

describe('regex mode (docs/user-guide/ingress-path-matching.md, "Path Priority" and "Warning")', () => {
  // The "Path Priority" example: test-ingress-1 has plain Prefix paths, test-ingress-2 a
  // rewrite-target, on the same host. getBackendServers sorts the Ingress paths, then
  // updateServerLocations adds the normalized and exact copies of test-ingress-1's paths in place.
  const pathPriority = (): LocationInput<string>[] => [
    { path: '/foo/bar', pathType: 'Prefix', regex: false, payload: 'service1' },
    { path: '/foo/bar/', pathType: 'Prefix', regex: false, payload: 'service2' },
    { path: '/foo/bar/(.+)', pathType: 'Prefix', regex: true, payload: 'service3' },
  ];

  it('Path Priority: the locations, in the order nginx tries them', () => {
    expect(nginxLocations(pathPriority()).map((l) => `~* "^${l.path}" ${l.payload}`)).toEqual([
      '~* "^/foo/bar/(.+)" service3',
      '~* "^/foo/bar/" service2',
      '~* "^/foo/bar/" service2',
      '~* "^/foo/bar/" service1',
      '~* "^/foo/bar" service1',
    ]);
  });

  it.each([
    ['/foo/bar/1', 'service3'],
    ['/foo/bar/', 'service2'],
    ['/foo/bar', 'service1'],
  ])('Path Priority: test.com%s goes to %s', (request, expected) => {
    expect(selectLocation(nginxLocations(pathPriority()), request, true).location?.payload).toBe(expected);
  });

  function regexWinner(paths: string[], request: string): string | undefined {
    const inputs = paths.map((path): LocationInput<string> => ({ path, pathType: 'Prefix', regex: true, payload: path }));
    return selectLocation(nginxLocations(inputs), request, true).location?.payload;
  }

  it.each([
    ['/foo/bar/1', '/foo/bar/(.+)'],
    ['/foo/bar/', '/foo/bar/'],
    ['/foo/bar', '/foo/bar'],
  ])('%s goes to %s: locations are tried by descending path length, first match wins', (request, expected) => {
    expect(regexWinner(['/foo/bar', '/foo/bar/', '/foo/bar/(.+)'], request)).toBe(expected);
  });

  it('the documented pitfall: /foo/bar/bar matches the longer /foo/bar/[A-Z0-9]{3}, not the exact text', () => {
    expect(regexWinner(['/foo/bar/bar', '/foo/bar/[A-Z0-9]{3}'], '/foo/bar/bar')).toBe('/foo/bar/[A-Z0-9]{3}');
  });

  it('regular-expression locations are case-insensitive (~*) and anchored only at the start', () => {
    expect(regexWinner(['/cluster-status'], '/CLUSTER-STATUS')).toBe('/cluster-status');
    expect(regexWinner(['/cluster-status'], '/cluster-statusXYZ')).toBe('/cluster-status');
    expect(regexWinner(['/cluster-status'], '/x/cluster-status')).toBeUndefined();
  });

  it('a path that is no valid regular expression is reported, not thrown', () => {
    const match = selectLocation(nginxLocations([{ path: '/a(', pathType: 'Prefix', regex: true, payload: 'x' }]), '/a(', true);
    expect(match).toEqual({ how: 'none', invalid: ['/a('] });
  });
});
