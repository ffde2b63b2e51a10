/**
 * Requests through a Gateway's Envoy, traced from outside the cluster: each table follows a test
 * of the Gateway API conformance suite (kubernetes-sigs/gateway-api conformance/tests/<file>.go),
 * with its manifest from the matching .yaml, on the base manifests (conformance/base) with class eg.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { Trace } from '../trace/types';
import { CONFORMANCE_BASE, INFRA } from './conformance-base';

const CLIENT = '198.51.100.7';

interface Req {
  host?: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  sourcePort?: number;
}

function gatewayIP(c: Cluster, name = 'same-namespace'): string {
  const ip = c.get('Gateway', name, INFRA)?.status.addresses?.[0]?.value;
  if (!ip) throw new Error(`Gateway ${name} has no address`);
  return ip;
}

function send(c: Cluster, r: Req, gateway = 'same-namespace'): Trace {
  return c.send({
    from: { external: CLIENT },
    to: `http://${gatewayIP(c, gateway)}${r.path}`,
    ...(r.host ? { host: r.host } : {}),
    ...(r.method ? { method: r.method } : {}),
    ...(r.headers ? { headers: r.headers } : {}),
    ...(r.sourcePort ? { sourcePort: r.sourcePort } : {}),
  });
}

/** The backend Service (the app label of the pod that got the request), or the HTTP status Envoy answered with. */
function outcome(c: Cluster, trace: Trace): string {
  if (trace.pod) return c.get('Pod', trace.pod.name, trace.pod.namespace)?.metadata.labels?.app ?? '?';
  return String(trace.http?.status ?? trace.reason);
}

function cluster(yaml: string): Cluster {
  return createCluster(`${CONFORMANCE_BASE}---\n${yaml}`);
}

type Case = [string, Req, string];

function table(name: string, yaml: string, cases: Case[], gateway?: string): void {
  describe(name, () => {
    const c = cluster(yaml);
    it.each(cases)('%s', (_, req, expected) => {
      expect(outcome(c, send(c, req, gateway))).toBe(expected);
    });
  });
}

const V1 = 'infra-backend-v1';
const V2 = 'infra-backend-v2';
const V3 = 'infra-backend-v3';

table(
  'httproute-matching.go HTTPRouteMatching',
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /}
    - headers: [{name: version, value: one}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches:
    - path: {type: PathPrefix, value: /v2}
    - headers: [{name: version, value: two}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
  [
    ['/', { path: '/' }, V1],
    ['/example', { path: '/example' }, V1],
    ['/ with Version: one', { path: '/', headers: { Version: 'one' } }, V1],
    ['/v2', { path: '/v2' }, V2],
    ['/v2/example', { path: '/v2/example' }, V2],
    ['/ with Version: two', { path: '/', headers: { Version: 'two' } }, V2],
    ['/v2/', { path: '/v2/' }, V2],
    ['/v2example (not the /v2 element)', { path: '/v2example' }, V1],
    ['/foo/v2/example', { path: '/foo/v2/example' }, V1],
  ],
);

table(
  'httproute-matching-across-routes.go HTTPRouteMatchingAcrossRoutes',
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part1, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  hostnames: [example.com, example.net]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /}
    - headers: [{name: version, value: one}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: matching-part2, namespace: ${INFRA}}
spec:
  hostnames: [example.com]
  parentRefs: [{name: same-namespace}]
  rules:
  - matches:
    - path: {type: PathPrefix, value: /v2}
    - headers: [{name: version, value: two}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
  [
    ['example.com /', { host: 'example.com', path: '/' }, V1],
    ['example.com /example', { host: 'example.com', path: '/example' }, V1],
    ['example.net /example', { host: 'example.net', path: '/example' }, V1],
    ['example.com /example Version: one', { host: 'example.com', path: '/example', headers: { Version: 'one' } }, V1],
    ['example.com /v2', { host: 'example.com', path: '/v2' }, V2],
    ['example.net /v2 (part2 does not serve example.net)', { host: 'example.net', path: '/v2' }, V1],
    ['example.com /v2/example', { host: 'example.com', path: '/v2/example' }, V2],
    ['example.com / Version: two', { host: 'example.com', path: '/', headers: { Version: 'two' } }, V2],
  ],
);

table(
  'httproute-method-matching.go HTTPRouteMethodMatching',
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: method-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: POST}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{method: GET}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path1}, method: GET}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{headers: [{name: version, value: one}], method: PUT}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], method: POST}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
  - matches:
    - {path: {type: PathPrefix, value: /path3}, method: PATCH}
    - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], method: DELETE}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`,
  [
    ['POST /', { method: 'POST', path: '/' }, V1],
    ['GET /', { method: 'GET', path: '/' }, V2],
    ['HEAD / is 404', { method: 'HEAD', path: '/' }, '404'],
    ['GET /path1', { method: 'GET', path: '/path1' }, V1],
    ['PUT / version: one', { method: 'PUT', path: '/', headers: { version: 'one' } }, V2],
    ['POST /path2 version: two', { method: 'POST', path: '/path2', headers: { version: 'two' } }, V3],
    ['PATCH /path3', { method: 'PATCH', path: '/path3' }, V1],
    ['DELETE /path4 version: three', { method: 'DELETE', path: '/path4', headers: { version: 'three' } }, V1],
    ['PUT / without the header is 404', { method: 'PUT', path: '/' }, '404'],
    ['DELETE /path4 without the header is 404', { method: 'DELETE', path: '/path4' }, '404'],
  ],
);

table(
  'httproute-query-param-matching.go HTTPRouteQueryParamMatching',
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: query-param-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{queryParams: [{name: animal, value: whale}]}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{queryParams: [{name: animal, value: dolphin}]}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
  - matches:
    - queryParams: [{name: animal, value: dolphin}, {name: color, value: blue}]
    - queryParams: [{name: ANIMAL, value: Whale}]
    backendRefs: [{name: infra-backend-v3, port: 8080}]
`,
  [
    ['?animal=whale', { path: '/?animal=whale' }, V1],
    ['?animal=dolphin', { path: '/?animal=dolphin' }, V2],
    ['?animal=dolphin&color=blue (more query matches win)', { path: '/?animal=dolphin&color=blue' }, V3],
    ['?ANIMAL=Whale (names are case-sensitive)', { path: '/?ANIMAL=Whale' }, V3],
    ['?animal=whale&otherparam=irrelevant', { path: '/?animal=whale&otherparam=irrelevant' }, V1],
    ['?animal=dolphin&color=yellow', { path: '/?animal=dolphin&color=yellow' }, V2],
    ['?color=blue is 404', { path: '/?color=blue' }, '404'],
    ['?animal=Whale is 404 (values are case-sensitive)', { path: '/?animal=Whale' }, '404'],
  ],
);

table(
  'httproute-exact-path-matching.go HTTPRouteExactPathMatching',
  `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: exact-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: Exact, value: /one}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: Exact, value: /two}}]
    backendRefs: [{name: infra-backend-v2, port: 8080}]
`,
  [
    ['/one', { path: '/one' }, V1],
    ['/two', { path: '/two' }, V2],
    ['/ is 404', { path: '/' }, '404'],
    ['/one/example is 404', { path: '/one/example' }, '404'],
    ['/two/ is 404', { path: '/two/' }, '404'],
  ],
);

const HOSTNAME_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: httproute-hostname-intersection, namespace: ${INFRA}}
spec:
  gatewayClassName: eg
  listeners:
  - {name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com}
  - {name: listener-2, port: 80, protocol: HTTP, hostname: "*.wildcard.io"}
  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.anotherwildcard.io"}
`;
function hostRoute(name: string, hostnames: string, prefix: string, backend: string): string {
  return `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  parentRefs: [{name: httproute-hostname-intersection, namespace: ${INFRA}}]
  hostnames: ${hostnames}
  rules:
  - matches: [{path: {type: PathPrefix, value: ${prefix}}}]
    backendRefs: [{name: ${backend}, port: 8080}]
`;
}

table(
  'httproute-hostname-intersection.go HTTPRouteHostnameIntersection',
  HOSTNAME_GATEWAY +
    hostRoute(
      'specific-host-matches-listener-specific-host',
      '[non.matching.com, "*.nonmatchingwildcard.io", very.specific.com]',
      '/s1',
      V1,
    ) +
    hostRoute(
      'specific-host-matches-listener-wildcard-host',
      '[non.matching.com, wildcard.io, foo.wildcard.io, bar.wildcard.io, foo.bar.wildcard.io]',
      '/s2',
      V2,
    ) +
    hostRoute('wildcard-host-matches-listener-specific-host', '[non.matching.com, "*.specific.com"]', '/s3', V3) +
    hostRoute('wildcard-host-matches-listener-wildcard-host', '["*.anotherwildcard.io"]', '/s4', V1),
  [
    ['very.specific.com /s1', { host: 'very.specific.com', path: '/s1' }, V1],
    ['very.specific.com:1234 /s1 (the port is ignored)', { host: 'very.specific.com:1234', path: '/s1' }, V1],
    ['non.matching.com /s1 is 404', { host: 'non.matching.com', path: '/s1' }, '404'],
    ['foo.nonmatchingwildcard.io /s1 is 404', { host: 'foo.nonmatchingwildcard.io', path: '/s1' }, '404'],
    ['foo.wildcard.io /s1 is 404', { host: 'foo.wildcard.io', path: '/s1' }, '404'],
    ['foo.wildcard.io /s2', { host: 'foo.wildcard.io', path: '/s2' }, V2],
    ['foo.bar.wildcard.io /s2', { host: 'foo.bar.wildcard.io', path: '/s2' }, V2],
    ['wildcard.io /s2 is 404', { host: 'wildcard.io', path: '/s2' }, '404'],
    ['very.specific.com /s3', { host: 'very.specific.com', path: '/s3' }, V3],
    ['foo.specific.com /s3 is 404 (only the intersection very.specific.com is served)', { host: 'foo.specific.com', path: '/s3' }, '404'],
    ['foo.bar.anotherwildcard.io /s4', { host: 'foo.bar.anotherwildcard.io', path: '/s4' }, V1],
    ['anotherwildcard.io /s4 is 404', { host: 'anotherwildcard.io', path: '/s4' }, '404'],
  ],
  'httproute-hostname-intersection',
);

describe('filters', () => {
  const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: rewrite-path, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /full/one}}]
    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /full/rewrite-path-and-modify-headers}}]
    filters:
    - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /test}}}
    - type: RequestHeaderModifier
      requestHeaderModifier:
        set: [{name: X-Header-Set, value: set-overwrites-values}]
        add: [{name: X-Header-Add, value: header-val-1}]
        remove: [X-Header-Remove]
    - type: ResponseHeaderModifier
      responseHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}]}
    backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: redirect-path, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /original-prefix}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
  - matches: [{path: {type: PathPrefix, value: /full/path/original}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}}]
  - matches: [{path: {type: PathPrefix, value: /path-and-host}}]
    filters: [{type: RequestRedirect, requestRedirect: {hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}}]
  - matches: [{path: {type: PathPrefix, value: /path-and-status}}]
    filters: [{type: RequestRedirect, requestRedirect: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}, statusCode: 301}}]
  - matches: [{path: {type: PathPrefix, value: /scheme-and-host}}]
    filters: [{type: RequestRedirect, requestRedirect: {scheme: https, hostname: example.org}}]
  - matches: [{path: {type: PathPrefix, value: /port-8443}}]
    filters: [{type: RequestRedirect, requestRedirect: {port: 8443}}]
`);

  it.each([
    ['httproute-rewrite-path.go HTTPRouteRewritePath: /prefix/one/two -> /one/two', '/prefix/one/two', '/one/two'],
    ['httproute-rewrite-path.go: /strip-prefix/three -> /three', '/strip-prefix/three', '/three'],
    ['httproute-rewrite-path.go: /strip-prefix -> /', '/strip-prefix', '/'],
    ['httproute-rewrite-path.go: /full/one/two -> /one', '/full/one/two', '/one'],
  ])('%s', (_, path, backendPath) => {
    const trace = send(c, { path });
    expect(outcome(c, trace)).toBe(V1);
    expect(trace.http?.backendPath).toBe(backendPath);
  });

  it('httproute-rewrite-path.go: rewrite and header modifiers together; httproute-response-header-modifier.go: the response header is set', () => {
    const trace = send(c, {
      path: '/full/rewrite-path-and-modify-headers/test',
      headers: { 'X-Header-Set': 'some-other-value', 'X-Header-Add': 'add-appends-values', 'X-Header-Remove': 'remove' },
    });
    expect(trace.http?.backendPath).toBe('/test');
    expect(trace.http?.backendHeaders).toEqual({
      'x-header-set': 'set-overwrites-values',
      'x-header-add': 'add-appends-values,header-val-1',
    });
    expect(trace.http?.headers).toEqual({ 'x-header-set': 'set-overwrites-values' });
    expect(trace.http?.gateway).toMatchObject({ route: `${INFRA}/rewrite-path`, ruleIndex: 3, listener: 'http' });
  });

  it.each([
    [
      'httproute-redirect-path.go HTTPRouteRedirectPath: prefix replaced, 302',
      '/original-prefix/lemon',
      302,
      (ip: string) => `http://${ip}/replacement-prefix/lemon`,
    ],
    ['httproute-redirect-path.go: full path replaced', '/full/path/original', 302, (ip: string) => `http://${ip}/full-path-replacement`],
    ['httproute-redirect-path.go: path and host', '/path-and-host', 302, () => 'http://example.org/replacement-prefix'],
    ['httproute-redirect-path.go: path and status 301', '/path-and-status', 301, (ip: string) => `http://${ip}/replacement-prefix`],
    [
      'httproute-redirect-port-and-scheme.go: scheme https drops the listener port for 443',
      '/scheme-and-host',
      302,
      () => 'https://example.org/scheme-and-host',
    ],
    ['httproute-redirect-port.go HTTPRouteRedirectPort: port 8443', '/port-8443', 302, (ip: string) => `http://${ip}:8443/port-8443`],
  ])('%s', (_, path, status, location) => {
    const trace = send(c, { path });
    expect(trace.ok).toBe(false);
    expect(trace.http?.status).toBe(status);
    expect(trace.http?.headers?.location).toBe(location(gatewayIP(c)));
  });
});

describe('httproute-weight.go HTTPRouteWeight', () => {
  const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: weighted-backends, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs:
    - {name: infra-backend-v1, port: 8080, weight: 70}
    - {name: infra-backend-v2, port: 8080, weight: 30}
    - {name: infra-backend-v3, port: 8080, weight: 0}
`);

  it('500 requests from different source ports spread about 70/30/0 (the suite allows 5 percentage points)', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 500; i++) {
      const backend = outcome(c, send(c, { path: '/', sourcePort: 40000 + i }));
      counts[backend] = (counts[backend] ?? 0) + 1;
    }
    expect(counts[V3]).toBeUndefined();
    expect(Math.abs((counts[V1] ?? 0) / 500 - 0.7)).toBeLessThan(0.05);
    expect(Math.abs((counts[V2] ?? 0) / 500 - 0.3)).toBeLessThan(0.05);
  });

  it('the same connection (source port) always gets the same backend', () => {
    const first = outcome(c, send(c, { path: '/', sourcePort: 41234 }));
    for (let i = 0; i < 5; i++) expect(outcome(c, send(c, { path: '/', sourcePort: 41234 }))).toBe(first);
  });
});

describe('references at request time', () => {
  it('httproute-invalid-nonexistent-backendref.go: the request gets 500', () => {
    const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - backendRefs: [{name: nonexistent, port: 8080}]
`);
    expect(send(c, { path: '/' }).http?.status).toBe(500);
  });

  it('httproute-cross-namespace.go HTTPRouteCrossNamespace: a route in gateway-conformance-web-backend through backend-namespaces reaches web-backend', () => {
    const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cross-namespace, namespace: gateway-conformance-web-backend}
spec:
  parentRefs: [{name: backend-namespaces, namespace: ${INFRA}}]
  rules:
  - backendRefs: [{name: web-backend, port: 8080}]
`);
    expect(outcome(c, send(c, { path: '/' }, 'backend-namespaces'))).toBe('web-backend');
  });
});

describe('the trace of a request through the Gateway', () => {
  const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /}}]
    backendRefs: [{name: infra-backend-v1, port: 8080}]
`);

  it('goes cloud LB -> node -> kube-proxy -> Envoy pod (listener, route rule, backend) -> backend pod, with the HTTP answer', () => {
    const trace = c.send({ from: { external: CLIENT }, to: 'http://shop.example.com/cart?x=1', method: 'post' });
    expect(trace.ok).toBe(true);
    const components = trace.hops.map((h) => h.component);
    expect(components[0]).toBe('dns');
    expect(components).toEqual(expect.arrayContaining(['cloud-lb', 'node', 'kube-proxy', 'ingress-controller', 'pod']));
    expect(components.indexOf('cloud-lb')).toBeLessThan(components.indexOf('ingress-controller'));
    expect(components.at(-1)).toBe('pod');
    const envoy = trace.hops.filter((h) => h.component === 'ingress-controller');
    expect(envoy.map((h) => h.rule)).toEqual([
      'listener http :80/HTTP hostname * -> virtual host shop.example.com',
      `HTTPRoute ${INFRA}/web rules[0].matches[0]: PathPrefix /`,
      expect.stringContaining('infra-backend-v1:8080 weight 1'),
    ]);
    expect(trace.hops.find((h) => h.component === 'dns')?.note).toContain(`Gateway ${INFRA}/same-namespace`);
    expect(trace.http).toMatchObject({ server: 'envoy-gateway', status: 200, method: 'POST', host: 'shop.example.com', path: '/cart?x=1' });
    expect(trace.http?.gateway).toEqual({
      gateway: `${INFRA}/same-namespace`,
      listener: 'http',
      hostname: 'shop.example.com',
      route: `${INFRA}/web`,
      routeKind: 'HTTPRoute',
      ruleIndex: 0,
      matchIndex: 0,
      backend: `${INFRA}/infra-backend-v1:8080`,
    });
    expect(c.get('Pod', trace.pod?.name ?? '', INFRA)?.metadata.labels?.app).toBe(V1);
  });

  it('another Host is 404 from Envoy', () => {
    const trace = send(c, { path: '/', host: 'other.example.com' });
    expect(trace.http?.status).toBe(404);
    expect(trace.reason).toContain('404');
  });
});

describe('httproute-https-listener.go HTTPRouteHTTPSListener (Gateway same-namespace-with-https-listener)', () => {
  const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: same-namespace-with-https-listener, namespace: ${INFRA}}
spec:
  gatewayClassName: eg
  listeners:
  - {name: https, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: Same}}, tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: ${INFRA}}]}}
  - {name: https-with-hostname, port: 443, hostname: second-example.org, protocol: HTTPS, allowedRoutes: {namespaces: {from: Same}}, tls: {certificateRefs: [{group: "", kind: Secret, name: tls-validity-checks-certificate, namespace: ${INFRA}}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: httproute-https-test, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace-with-https-listener}]
  hostnames: [example.org]
  rules:
  - backendRefs: [{name: infra-backend-v1, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: httproute-https-test-no-hostname, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace-with-https-listener, sectionName: https-with-hostname}]
  rules:
  - backendRefs: [{name: infra-backend-v2, port: 8080}]
`);
  const https = (host: string): Trace =>
    c.send({ from: { external: CLIENT }, to: `https://${gatewayIP(c, 'same-namespace-with-https-listener')}/`, host });

  it.each([
    ['example.org', V1],
    ['second-example.org', V2],
  ])('https with Host %s reaches %s', (host, backend) => {
    expect(outcome(c, https(host))).toBe(backend);
  });

  it('the proxy Service maps 443 to container port 10443; plain http to it is reset', () => {
    expect(c.get('Gateway', 'same-namespace-with-https-listener', INFRA)?.status.listeners?.map((l) => l.attachedRoutes)).toEqual([1, 1]);
    const plain = c.send({
      from: { external: CLIENT },
      to: `http://${gatewayIP(c, 'same-namespace-with-https-listener')}:443/`,
      host: 'example.org',
    });
    expect(plain.ok).toBe(false);
    expect(plain.reason).toContain('HTTPS');
  });
});

describe('grpcroute-exact-method-matching.go GRPCExactMethodMatching (a gRPC call is POST /<service>/<method> over HTTP/2)', () => {
  const grpcBackend = (name: string): string => `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  selector: {app: ${name}}
  ports: [{protocol: TCP, appProtocol: kubernetes.io/h2c, port: 8080, targetPort: 3000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${INFRA}}
spec:
  replicas: 1
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: ${name}, image: registry.k8s.io/gateway-api/conformance/echo-basic:v0.1.0, ports: [{containerPort: 3000}]}]
`;
  const c = cluster(`apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: exact-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
${grpcBackend('grpc-infra-backend-v1')}${grpcBackend('grpc-infra-backend-v2')}`);
  const call = (method: string): Trace =>
    c.send({ from: { external: CLIENT }, to: `grpc://${gatewayIP(c)}/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/${method}` });

  it.each([
    ['Echo', 'grpc-infra-backend-v1'],
    ['EchoTwo', 'grpc-infra-backend-v2'],
  ])('%s reaches %s', (method, backend) => {
    const trace = call(method);
    expect(outcome(c, trace)).toBe(backend);
    expect(trace.http?.gateway?.routeKind).toBe('GRPCRoute');
  });

  it('EchoThree matches no rule: 404', () => {
    expect(call('EchoThree').http?.status).toBe(404);
  });

  it('the GRPCRoute is Accepted and counted on the listener', () => {
    expect(c.get('GRPCRoute', 'exact-matching', INFRA)?.status.parents[0]?.conditions.map((x) => `${x.type}=${x.status}`)).toEqual([
      'Accepted=True',
      'ResolvedRefs=True',
    ]);
    expect(c.get('Gateway', 'same-namespace', INFRA)?.status.listeners?.[0]?.attachedRoutes).toBe(1);
  });
});
