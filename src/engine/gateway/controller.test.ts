/**
 * Envoy Gateway's statuses and proxies in the simulated cluster. Each case follows a test of the
 * Gateway API conformance suite (kubernetes-sigs/gateway-api conformance/tests/<file>.go, named in
 * the test), on the suite's base manifests (conformance/base/manifests.yaml) with class eg.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCluster } from '../index';
import type { Cluster } from '../cluster';
import type { Condition } from '../model/gateway-types';
import { CONFORMANCE_BASE, INFRA } from './conformance-base';
import { hashedName } from './envoy-gateway';

function withBase(yaml: string): Cluster {
  return createCluster(`${CONFORMANCE_BASE}---\n${yaml}`);
}

function routeConditions(c: Cluster, name: string, namespace = INFRA, parent = 0): Record<string, string> {
  const conditions: Condition[] = c.get('HTTPRoute', name, namespace)?.status.parents[parent]?.conditions ?? [];
  return Object.fromEntries(conditions.map((x) => [x.type, `${x.status}/${x.reason}`]));
}

const ROUTE = (name: string, namespace: string, parentRefs: string, backendRefs: string, extra = ''): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRefs:
${parentRefs}${extra}
  rules:
  - backendRefs:
${backendRefs}
`;

describe('GatewayClass and Gateway (Envoy Gateway as the implementation)', () => {
  it('the bootstrap GatewayClass eg is Accepted by gateway.envoyproxy.io/gatewayclass-controller', () => {
    const c = createCluster('');
    const gc = c.get('GatewayClass', 'eg');
    expect(gc?.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    expect(gc?.status.conditions?.map((x) => `${x.type}=${x.status}/${x.reason}`)).toEqual(['Accepted=True/Accepted']);
  });

  it('per Gateway, a proxy Deployment and LoadBalancer Service envoy-<ns>-<name>-<sha256[:8]> in envoy-gateway-system; the Gateway is Programmed with the LB address', () => {
    const c = withBase('');
    const hash = createHash('sha256').update(`${INFRA}/same-namespace`).digest('hex').slice(0, 8);
    const name = `envoy-${INFRA}-same-namespace-${hash}`;
    expect(hashedName(`${INFRA}/same-namespace`)).toBe(`${INFRA}-same-namespace-${hash}`);
    const service = c.get('Service', name, 'envoy-gateway-system');
    expect(service?.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
    expect(service?.spec.ports.map((p) => `${p.name} ${p.port}->${String(p.targetPort)}`)).toEqual(['http-80 80->10080']);
    expect(c.get('Deployment', name, 'envoy-gateway-system')?.spec.template.metadata.labels).toMatchObject({
      'gateway.envoyproxy.io/owning-gateway-name': 'same-namespace',
      'gateway.envoyproxy.io/owning-gateway-namespace': INFRA,
    });
    const gw = c.get('Gateway', 'same-namespace', INFRA);
    const ip = service?.status.loadBalancer.ingress?.[0]?.ip;
    expect(ip).toBeDefined();
    expect(gw?.status.addresses).toEqual([{ type: 'IPAddress', value: ip }]);
    expect(gw?.status.conditions?.map((x) => `${x.type}=${x.status}`)).toEqual(['Accepted=True', 'Programmed=True']);
    expect(gw?.status.listeners?.[0]?.conditions.map((x) => `${x.type}=${x.status}`)).toEqual([
      'Programmed=True',
      'Accepted=True',
      'ResolvedRefs=True',
    ]);
  });

  it('deleting the Gateway removes its proxy Deployment and Service', () => {
    const c = withBase('');
    const name = `envoy-${hashedName(`${INFRA}/all-namespaces`)}`;
    expect(c.get('Service', name, 'envoy-gateway-system')).toBeDefined();
    c.delete('Gateway', 'all-namespaces', INFRA);
    expect(c.get('Service', name, 'envoy-gateway-system')).toBeUndefined();
    expect(c.get('Deployment', name, 'envoy-gateway-system')).toBeUndefined();
  });

  it('gateway-invalid-route-kind.go GatewayInvalidRouteKind: ResolvedRefs False/InvalidRouteKinds, supportedKinds keeps only the valid kinds', () => {
    const gw = (name: string, kinds: string): string =>
      `---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: ${name}, namespace: ${INFRA}}\nspec:\n  gatewayClassName: eg\n  listeners:\n  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}, kinds: ${kinds}}}\n`;
    const c = withBase(
      gw('gateway-only-invalid-route-kind', '[{kind: InvalidRoute}]') +
        gw('gateway-supported-and-invalid-route-kind', '[{kind: InvalidRoute}, {kind: HTTPRoute}]'),
    );
    const only = c.get('Gateway', 'gateway-only-invalid-route-kind', INFRA)?.status.listeners?.[0];
    expect(only?.supportedKinds).toEqual([]);
    expect(only?.conditions.find((x) => x.type === 'ResolvedRefs')).toMatchObject({ status: 'False', reason: 'InvalidRouteKinds' });
    const both = c.get('Gateway', 'gateway-supported-and-invalid-route-kind', INFRA)?.status.listeners?.[0];
    expect(both?.supportedKinds).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }]);
    expect(both?.conditions.find((x) => x.type === 'ResolvedRefs')).toMatchObject({
      status: 'False',
      reason: 'InvalidRouteKinds',
      message: 'InvalidRoute is not supported, kind must be one of [HTTPRoute GRPCRoute]',
    });
    // Envoy Gateway testdata gateway-with-listener-with-invalid-allowed-routes-kind-and-supported.out.yaml
    expect(both?.conditions.find((x) => x.type === 'Programmed')).toMatchObject({ status: 'False', reason: 'Invalid' });
    expect(c.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('InvalidRouteKinds'))).toBe(true);
  });

  it('a Gateway of a class no controller here serves gets no status, and a warning at spec.gatewayClassName', () => {
    const c = createCluster(
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  gatewayClassName: istio\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n',
    );
    expect(c.get('Gateway', 'gw')?.status).toEqual({});
    const warning = c.diagnostics.find((d) => d.field === 'spec.gatewayClassName');
    expect(warning).toMatchObject({ severity: 'warning', line: 5 });
  });
});

describe('route attachment and references (HTTPRoute status.parents)', () => {
  it('httproute-simple-same-namespace.go HTTPRouteSimpleSameNamespace: Accepted and ResolvedRefs; the listener counts the route (gateway-with-attached-routes.go)', () => {
    const c = withBase(
      ROUTE('gateway-conformance-infra-test', INFRA, '  - name: same-namespace', '    - {name: infra-backend-v1, port: 8080}'),
    );
    expect(routeConditions(c, 'gateway-conformance-infra-test')).toEqual({ Accepted: 'True/Accepted', ResolvedRefs: 'True/ResolvedRefs' });
    const parent = c.get('HTTPRoute', 'gateway-conformance-infra-test', INFRA)?.status.parents[0];
    expect(parent?.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    expect(c.get('Gateway', 'same-namespace', INFRA)?.status.listeners?.[0]?.attachedRoutes).toBe(1);
  });

  it('httproute-invalid-cross-namespace-parent-ref.go HTTPRouteInvalidCrossNamespaceParentRef: NotAllowedByListeners, with a warning at the parentRef', () => {
    const yaml = ROUTE(
      'invalid-cross-namespace-parent-ref',
      'gateway-conformance-web-backend',
      '  - name: same-namespace\n    namespace: gateway-conformance-infra',
      '    - {name: web-backend, port: 8080}',
    );
    const c = withBase(yaml);
    expect(routeConditions(c, 'invalid-cross-namespace-parent-ref', 'gateway-conformance-web-backend').Accepted).toBe(
      'False/NotAllowedByListeners',
    );
    const warning = c.diagnostics.find((d) => d.name === 'invalid-cross-namespace-parent-ref');
    expect(warning?.field).toBe('spec.parentRefs[0]');
    expect(warning?.message).toContain('NotAllowedByListeners');
    expect(c.get('Gateway', 'same-namespace', INFRA)?.status.listeners?.[0]?.attachedRoutes).toBe(0);
  });

  it('the same route attaches through all-namespaces (from: All) and backend-namespaces (Selector gateway-conformance: backend)', () => {
    const refs =
      '  - {name: all-namespaces, namespace: gateway-conformance-infra}\n  - {name: backend-namespaces, namespace: gateway-conformance-infra}';
    const c = withBase(ROUTE('r', 'gateway-conformance-web-backend', refs, '    - {name: web-backend, port: 8080}'));
    expect(routeConditions(c, 'r', 'gateway-conformance-web-backend', 0).Accepted).toBe('True/Accepted');
    expect(routeConditions(c, 'r', 'gateway-conformance-web-backend', 1).Accepted).toBe('True/Accepted');
  });

  it.each([
    [
      'httproute-invalid-parentref-not-matching-section-name.go HTTPRouteInvalidParentRefNotMatchingSectionName',
      '  - {name: same-namespace, namespace: gateway-conformance-infra, port: 80, sectionName: http1}',
      'False/NoMatchingParent',
    ],
    [
      'httproute-invalid-parentref-not-matching-listener-port.go HTTPRouteInvalidParentRefNotMatchingListenerPort',
      '  - {name: same-namespace, port: 81}',
      'False/NoMatchingParent',
    ],
    [
      'httproute-listener-port-matching.go: a port that a listener has',
      '  - {name: same-namespace, port: 80, sectionName: http}',
      'True/Accepted',
    ],
  ])('%s', (_, parentRefs, accepted) => {
    const c = withBase(ROUTE('r', INFRA, parentRefs, '    - {name: infra-backend-v1, port: 8080}'));
    expect(routeConditions(c, 'r').Accepted).toBe(accepted);
  });

  it('httproute-hostname-intersection.go HTTPRouteHostnameIntersection: no-intersecting-hosts is NoMatchingListenerHostname', () => {
    const gw = `---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: httproute-hostname-intersection, namespace: ${INFRA}}\nspec:\n  gatewayClassName: eg\n  listeners:\n  - {name: listener-1, port: 80, protocol: HTTP, hostname: very.specific.com}\n  - {name: listener-2, port: 80, protocol: HTTP, hostname: "*.wildcard.io"}\n  - {name: listener-3, port: 80, protocol: HTTP, hostname: "*.anotherwildcard.io"}\n`;
    const route = ROUTE(
      'no-intersecting-hosts',
      INFRA,
      '  - name: httproute-hostname-intersection',
      '    - {name: infra-backend-v2, port: 8080}',
      '\n  hostnames: [specific.but.wrong.com, wildcard.io]',
    );
    const c = withBase(gw + route);
    expect(routeConditions(c, 'no-intersecting-hosts').Accepted).toBe('False/NoMatchingListenerHostname');
  });

  it.each([
    [
      'httproute-invalid-nonexistent-backendref.go HTTPRouteInvalidNonExistentBackendRef',
      '    - {name: nonexistent, port: 8080}',
      'False/BackendNotFound',
    ],
    [
      'httproute-invalid-cross-namespace-backend-ref.go HTTPRouteInvalidCrossNamespaceBackendRef',
      '    - {name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}',
      'False/RefNotPermitted',
    ],
    [
      'httproute-invalid-backendref-unknown-kind.go HTTPRouteInvalidBackendRefUnknownKind',
      '    - {group: unknownkind.example.com, kind: NonExistent, name: infra-backend-v1, port: 8080}',
      'False/InvalidKind',
    ],
  ])('%s: Accepted stays True, ResolvedRefs is False with the reason, and a warning sits at the backendRef', (_, backendRefs, resolved) => {
    const c = withBase(ROUTE('r', INFRA, '  - name: same-namespace', backendRefs));
    expect(routeConditions(c, 'r')).toEqual({ Accepted: 'True/Accepted', ResolvedRefs: resolved });
    const warning = c.diagnostics.find((d) => d.name === 'r' && d.kind === 'HTTPRoute');
    expect(warning?.field).toBe('spec.rules[0].backendRefs[0]');
    expect(warning?.message).toContain(resolved.split('/')[1]);
  });

  it('httproute-reference-grant.go HTTPRouteReferenceGrant: the ReferenceGrant in the backend namespace permits the reference', () => {
    const grant = `---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: reference-grant, namespace: gateway-conformance-web-backend}\nspec:\n  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: gateway-conformance-infra}]\n  to: [{group: "", kind: Service, name: web-backend}]\n`;
    const route = ROUTE(
      'reference-grant',
      INFRA,
      '  - name: same-namespace',
      '    - {name: web-backend, namespace: gateway-conformance-web-backend, port: 8080}',
    );
    expect(routeConditions(withBase(grant + route), 'reference-grant').ResolvedRefs).toBe('True/ResolvedRefs');
    // httproute-invalid-reference-grant.go: a grant naming another Service does not help.
    expect(
      routeConditions(withBase(grant.replace('name: web-backend}', 'name: not-web-backend}') + route), 'reference-grant').ResolvedRefs,
    ).toBe('False/RefNotPermitted');
  });

  it('an ExternalName Service backend is UnsupportedValue (Envoy Gateway route.go)', () => {
    const svc = `---\napiVersion: v1\nkind: Service\nmetadata: {name: ext, namespace: ${INFRA}}\nspec: {type: ExternalName, externalName: example.com}\n`;
    const c = withBase(svc + ROUTE('r', INFRA, '  - name: same-namespace', '    - {name: ext, port: 80}'));
    expect(routeConditions(c, 'r').ResolvedRefs).toBe('False/UnsupportedValue');
  });
});

describe('Programmed follows the proxy pod', () => {
  it('a failing readiness probe on the Envoy pod makes the Gateway Programmed False (NoResources), and back', () => {
    const c = withBase('');
    const name = `envoy-${hashedName(`${INFRA}/same-namespace`)}`;
    const pod = c.objects().find((o) => o.kind === 'Pod' && o.metadata.name.startsWith(name));
    expect(pod).toBeDefined();
    const programmed = (): string | undefined => {
      const condition = c.get('Gateway', 'same-namespace', INFRA)?.status.conditions?.find((x) => x.type === 'Programmed');
      return condition ? `${condition.status}/${condition.reason}` : undefined;
    };
    expect(programmed()).toBe('True/Programmed');
    c.setPodReady(pod?.metadata.name ?? '', false, 'envoy-gateway-system');
    expect(programmed()).toBe('False/NoResources');
    c.setPodReady(pod?.metadata.name ?? '', true, 'envoy-gateway-system');
    expect(programmed()).toBe('True/Programmed');
  });
});
