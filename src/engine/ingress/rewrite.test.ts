import { describe, expect, it } from 'vitest';
import { needsRewrite, rewriteUri } from './rewrite';

describe('rewrite-target (ingress-nginx buildProxyPass: rewrite "(?i)<path>" <target> break;)', () => {
  it.each([
    // The seed's 13-9: rewrite-target / on path /cluster-status.
    ['/cluster-status', '/', '/cluster-status', '/'],
    ['/cluster-status', '/', '/cluster-status/nodes', '/'],
    ['/cluster-status', '/', '/Cluster-Status?x=1', '/?x=1'],
    // docs/examples/rewrite/README.md: path /something(/|$)(.*) with rewrite-target /$2.
    ['/something(/|$)(.*)', '/$2', '/something', '/'],
    ['/something(/|$)(.*)', '/$2', '/something/', '/'],
    ['/something(/|$)(.*)', '/$2', '/something/new', '/new'],
  ])('location %s, target %s: %s -> %s', (path, target, uri, expected) => {
    expect(rewriteUri(path, target, uri)).toBe(expected);
  });

  it.each([
    ['/', '/', false],
    ['/cluster-status', '/', true],
    ['/x', undefined, false],
  ] as const)('location %s with target %s needs a rewrite: %s (needsRewrite: target differs from path)', (path, target, expected) => {
    expect(needsRewrite(path, target)).toBe(expected);
  });
});
