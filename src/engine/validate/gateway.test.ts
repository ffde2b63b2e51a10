/**
 * The Gateway API kinds at the simulated API server: decoded, defaulted and validated as their
 * CRDs do it. Cases follow kubernetes-sigs/gateway-api tests/cel (gateway_test.go,
 * httproute_test.go, gatewayclass_test.go), which run the CRDs' CEL rules against a real API server.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import { kindJsonSchemas } from '../apiserver/json-schema';

function errorsOf(yaml: string): { message: string; line: number }[] {
  const c = createCluster('');
  return c
    .apply(yaml)
    .filter((d) => d.severity === 'error')
    .map((d) => ({ message: d.message, line: d.line }));
}

const GATEWAY = (listeners: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: eg
  listeners:
${listeners}`;

describe('Gateway validation (tests/cel/gateway_test.go)', () => {
  it.each([
    [
      'tls config present with http protocol',
      '  - {name: http, protocol: HTTP, port: 8080, tls: {}}',
      "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
    ],
    [
      'https protocol with Passthrough tls mode',
      '  - {name: https, protocol: HTTPS, port: 8443, tls: {mode: Passthrough}}',
      'tls mode must be Terminate for protocol HTTPS',
    ],
    ['tls protocol without tls config', '  - {name: tls, protocol: TLS, port: 8443}', 'tls mode must be set for protocol TLS'],
    [
      'hostname present with tcp protocol',
      '  - {name: tcp, protocol: TCP, port: 8080, hostname: foo.bar.com}',
      "hostname must not be specified for protocols ['TCP', 'UDP']",
    ],
    [
      'certificateRefs not set with https protocol and TLS terminate mode',
      '  - {name: https, protocol: HTTPS, port: 8443, tls: {mode: Terminate}}',
      'certificateRefs or options must be specified when mode is Terminate',
    ],
    [
      'names are not unique',
      '  - {name: foo, protocol: HTTP, port: 80}\n  - {name: foo, protocol: HTTP, port: 8080}',
      'Listener name must be unique within the Gateway',
    ],
    [
      'combination of port, protocol, and hostname are not unique for each listener',
      '  - {name: foo, protocol: HTTP, port: 80, hostname: foo.com}\n  - {name: bar, protocol: HTTP, port: 80, hostname: foo.com}',
      'Combination of port, protocol and hostname must be unique for each listener',
    ],
  ])('%s is rejected', (_, listeners, message) => {
    const errors = errorsOf(GATEWAY(listeners));
    expect(errors.map((e) => e.message).join('\n')).toContain(message);
  });

  it('an HTTP listener with allowedRoutes from All is admitted, with defaults filled in', () => {
    const c = createCluster(
      GATEWAY(
        '  - {name: http, protocol: HTTP, port: 80}\n  - {name: all, protocol: HTTP, port: 8080, allowedRoutes: {namespaces: {from: All}}}',
      ),
    );
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const gw = c.get('Gateway', 'gw');
    expect(gw?.spec.listeners.map((l) => l.allowedRoutes.namespaces.from)).toEqual(['Same', 'All']);
    expect(gw?.metadata.generation).toBe(1);
  });
});

const ROUTE = (rules: string): string => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r}
spec:
  parentRefs: [{name: gw}]
  rules:
${rules}`;

describe('HTTPRoute validation (tests/cel/httproute_test.go)', () => {
  it.each([
    [
      "invalid because path does not start with '/'",
      '  - matches: [{path: {type: PathPrefix, value: foo}}]',
      "value must be an absolute path and start with '/'",
    ],
    ['invalid httpRoute prefix (/.)', '  - matches: [{path: {type: PathPrefix, value: /.}}]', "must not end with '/..' or '/.'"],
    ['invalid exact (/./)', '  - matches: [{path: {type: Exact, value: /foo/./bar}}]', "must not contain '/./'"],
    [
      'invalid type',
      '  - matches: [{path: {type: FooBar, value: /path}}]',
      "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']",
    ],
    ['invalid prefix path (/[])', '  - matches: [{path: {type: PathPrefix, value: "/[]"}}]', 'must only contain valid characters'],
    ['default groupkind with no port', '  - backendRefs: [{name: foo}]', 'Must have port for Service reference'],
    [
      'invalid HTTPRouteFilterRequestHeaderModifier type filter with empty value field',
      '  - filters: [{type: RequestHeaderModifier}]',
      'filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type',
    ],
    [
      'invalid HTTPRouteFilterRequestRedirect type filter with non-matching field',
      '  - filters: [{type: RequestRedirect, requestMirror: {backendRef: {name: m, port: 80}}}]',
      'filter.requestMirror must be nil if the filter.type is not RequestMirror',
    ],
    [
      'redirect together with backendRefs',
      '  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 301}}]\n    backendRefs: [{name: foo, port: 80}]',
      'RequestRedirect filter must not be used together with backendRefs',
    ],
    [
      'replacePrefixMatch without a single PathPrefix match',
      '  - matches: [{path: {type: Exact, value: /foo}}]\n    filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /bar}}}]',
      'When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified',
    ],
    [
      'redirect and rewrite together',
      '  - filters: [{type: RequestRedirect, requestRedirect: {}}, {type: URLRewrite, urlRewrite: {}}]',
      'May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both',
    ],
    [
      'unsupported redirect status code',
      '  - filters: [{type: RequestRedirect, requestRedirect: {statusCode: 304}}]',
      'Unsupported value: 304',
    ],
  ])('%s is rejected', (_, rules, message) => {
    const errors = errorsOf(ROUTE(rules));
    expect(errors.map((e) => e.message).join('\n')).toContain(message);
  });

  it('places the error on the line of the offending field', () => {
    const errors = errorsOf(ROUTE('  - matches:\n    - path: {type: PathPrefix, value: foo}'));
    expect(errors[0]?.line).toBe(8);
  });

  it('stores the CRD defaults: parentRef group/kind, match PathPrefix /, backendRef kind Service and weight 1, redirect 302', () => {
    const c = createCluster(
      ROUTE('  - backendRefs: [{name: foo, port: 8080}]\n  - filters: [{type: RequestRedirect, requestRedirect: {scheme: https}}]'),
    );
    const route = c.get('HTTPRoute', 'r');
    expect(route?.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'gw' }]);
    expect(route?.spec.rules[0]?.matches).toEqual([{ path: { type: 'PathPrefix', value: '/' } }]);
    expect(route?.spec.rules[0]?.backendRefs).toEqual([{ group: '', kind: 'Service', name: 'foo', port: 8080, weight: 1 }]);
    expect(route?.spec.rules[1]?.filters?.[0]?.requestRedirect?.statusCode).toBe(302);
  });
});

describe('GatewayClass and ReferenceGrant', () => {
  it('a GatewayClass needs a domain-prefixed controllerName (tests/cel/gatewayclass_test.go)', () => {
    const errors = errorsOf(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: x}\nspec: {controllerName: nodomain}\n',
    );
    expect(errors[0]?.message).toContain('spec.controllerName');
  });

  it('ReferenceGrant is served at v1beta1 (its storage version) and v1', () => {
    const yaml = (v: string): string =>
      `apiVersion: gateway.networking.k8s.io/${v}\nkind: ReferenceGrant\nmetadata: {name: g}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: a}]\n  to: [{group: "", kind: Service}]\n`;
    expect(errorsOf(yaml('v1beta1'))).toEqual([]);
    expect(errorsOf(yaml('v1'))).toEqual([]);
    expect(errorsOf(yaml('v1alpha2'))[0]?.message).toContain('no matches for kind "ReferenceGrant"');
  });

  it('every Gateway API kind has an editor JSON Schema', () => {
    const kinds = kindJsonSchemas().map((s) => `${s.apiVersion}/${s.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'gateway.networking.k8s.io/v1/GatewayClass',
        'gateway.networking.k8s.io/v1/Gateway',
        'gateway.networking.k8s.io/v1/HTTPRoute',
        'gateway.networking.k8s.io/v1/GRPCRoute',
        'gateway.networking.k8s.io/v1beta1/ReferenceGrant',
      ]),
    );
  });
});
