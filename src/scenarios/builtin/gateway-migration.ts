/**
 * Migrating the seed's Ingresses (examples 13-8 and 13-9) to the Gateway API, step by step:
 * ingress-nginx was retired (announced 2025-11-11, maintenance ended March 2026) and the Gateway
 * API is its successor. Each scenario sends the request through the Ingress, then applies what
 * ingress2gateway makes of it (builtin/gateway-13-*.yaml, checked against the converter in
 * gateway-migration.test.ts) next to the Ingress, as the tool's guide does, and sends the same
 * request to the Gateway's address. Envoy Gateway's proxy Service takes the first free load
 * balancer address, 203.0.113.10; ingress-nginx keeps the pool's last, 203.0.113.250.
 */
import type { Scenario } from '../types';
import { OUTSIDE_CLIENT, joinDocuments } from '../compose';
import ingressExample from '../seed/13-8-ingress.yaml?raw';
import nginxIngressExample from '../seed/13-9-nginx-ingress.yaml?raw';
import simpleService from '../seed/13-1-simple-service.yaml?raw';
import randomGenerator from '../seed/random-generator-deployment.yaml?raw';
import clusterStatus from './cluster-status.yaml?raw';
import randomGenerator8080 from './random-generator-8080.yaml?raw';
import gateway138 from './gateway-13-8.yaml?raw';
import gateway139 from './gateway-13-9.yaml?raw';
import { INGRESS_ADDRESS } from './ingress';

/** The converted Gateway's address: the first free address of the load balancer pool. */
export const GATEWAY_ADDRESS = '203.0.113.10';
const FROM_OUTSIDE = { external: OUTSIDE_CLIENT } as const;
const V1BETA1_DEPRECATED = 'networking.k8s.io/v1beta1 Ingress is deprecated';
const NO_PORT_8080 = 'has no port 8080';
const BACKEND_NOT_FOUND = 'BackendNotFound: TCP Port 8080 not found on service default/random-generator';
const RANDOM_GENERATOR = { labels: { app: 'random-generator' } };
const CLUSTER_STATUS = { labels: { app: 'cluster-status' } };

/** Example 13-9's Ingress with a rate limit, an ingress-nginx annotation the Gateway API has no field for. */
const RATE_LIMITED_13_9 = nginxIngressExample.replace(
  '    nginx.ingress.kubernetes.io/rewrite-target: /\n',
  '    nginx.ingress.kubernetes.io/rewrite-target: /\n    nginx.ingress.kubernetes.io/limit-rps: "5"\n',
);

/** The HTTPRoute document of a converted file. */
function routeOf(yaml: string): string {
  return yaml.split(/^---\n/m).find((doc) => doc.includes('kind: HTTPRoute')) ?? '';
}

/** The converted route of 13-9 attached to a listener the Gateway does not have. */
const ROUTE_ON_HTTPS = routeOf(gateway139).replace('    - name: nginx\n', '    - name: nginx\n      sectionName: https\n');

/** The converted route of 13-8 naming the Service's port. */
const ROUTE_13_8_PORT_80 = routeOf(gateway138).replace('port: 8080', 'port: 80');

export const GATEWAY_MIGRATION_SCENARIOS: readonly Scenario[] = [
  {
    id: 'gateway-migration-fanout',
    title: 'Gateway API: migrating the fanout (13-9)',
    summary:
      'ingress-nginx is retired: example 13-9 converted with ingress2gateway, the same request through the Ingress and the Gateway, what does not come across, a route not accepted.',
    mechanism: 'Ingress',
    yaml: joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, nginxIngressExample),
    steps: [
      {
        title: 'The Ingress answers',
        text: 'ingress-nginx was retired in March 2026; the Gateway API succeeds it. First the request to migrate: /cluster-status/info through the Ingress of example 13-9. The longest path wins and rewrite-target / makes the backend see /.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/cluster-status/info` },
        expect: {
          pod: CLUSTER_STATUS,
          backendPath: '/',
          http: { status: 200, server: 'ingress-nginx' },
          diagnostics: { includes: [V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'The Gateway version answers the same',
        text: 'Apply what ingress2gateway makes of it, next to the Ingress: Gateway nginx of class eg and an HTTPRoute with a rule per path, rewrite-target as a URLRewrite filter. The same request to the Gateway address reaches cluster-status, which again sees /.',
        edit: { type: 'apply', yaml: gateway139 },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/cluster-status/info` },
        expect: {
          pod: CLUSTER_STATUS,
          backendPath: '/',
          http: { status: 200, server: 'envoy-gateway' },
          routeStatus: { route: 'random-generator-all-hosts', accepted: true, resolvedRefs: 'ResolvedRefs' },
          yamlContains: ['kind: Gateway', 'kind: HTTPRoute', 'type: URLRewrite', 'replaceFullPath: /'],
          conversion: { unconverted: [] },
          diagnostics: { includes: [V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'An annotation with no equivalent',
        text: 'The Ingress gets limit-rps 5, a rate limit per client. The Gateway API has no field for it: the migration view lists it with why, and ingress2gateway leaves it out. One request is under any limit, so the Gateway still answers.',
        edit: { type: 'apply', yaml: RATE_LIMITED_13_9 },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/` },
        expect: {
          pod: RANDOM_GENERATOR,
          http: { status: 200, server: 'envoy-gateway' },
          yamlContains: ['nginx.ingress.kubernetes.io/limit-rps: "5"'],
          conversion: { unconverted: ['nginx.ingress.kubernetes.io/limit-rps'] },
          diagnostics: { includes: [V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'A route the Gateway does not accept',
        text: 'The route now names the listener https, which this Gateway does not have. Envoy Gateway sets Accepted False with reason NoMatchingParent: the route is red on the graph, Problems shows why at its parentRef, and the Gateway answers 404.',
        edit: { type: 'apply', yaml: ROUTE_ON_HTTPS },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/cluster-status/info` },
        expect: {
          fails: '^HTTP 404',
          http: { status: 404, server: 'envoy-gateway' },
          routeStatus: { route: 'random-generator-all-hosts', notAccepted: 'NoMatchingParent' },
          yamlContains: ['sectionName: https'],
          diagnostics: {
            includes: [V1BETA1_DEPRECATED, 'spec\\.parentRefs\\[0\\]: not attached to Gateway default/nginx: NoMatchingParent'],
          },
        },
      },
    ],
  },
  {
    id: 'gateway-migration-default-backend',
    title: 'Gateway API: migrating one Service behind the controller (13-8)',
    summary:
      'Example 13-8 converted with ingress2gateway: a targetPort ingress-nginx accepts and a backendRef does not, the fix, then the Ingress deleted.',
    mechanism: 'Ingress',
    yaml: joinDocuments(randomGenerator, simpleService, ingressExample),
    steps: [
      {
        title: 'The Ingress answers',
        text: 'Example 13-8 sends everything to random-generator on servicePort 8080, the targetPort of the Service port 80. ingress-nginx accepts that and reaches a pod, with a warning in Problems.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/` },
        expect: {
          pod: { ...RANDOM_GENERATOR, port: 8080 },
          http: { status: 200, server: 'ingress-nginx' },
          diagnostics: { includes: [NO_PORT_8080, V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'The converted route answers 500',
        text: 'Apply what ingress2gateway makes of it: the default backend becomes an HTTPRoute to random-generator port 8080. A backendRef names a Service port, so it does not resolve: ResolvedRefs False, BackendNotFound, and Envoy answers 500.',
        edit: { type: 'apply', yaml: gateway138 },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/` },
        expect: {
          fails: '^HTTP 500',
          http: { status: 500, server: 'envoy-gateway' },
          routeStatus: { route: 'random-generator-default-backend', accepted: true, resolvedRefs: 'BackendNotFound' },
          yamlContains: ['kind: HTTPRoute', 'name: random-generator-default-backend'],
          diagnostics: { includes: [NO_PORT_8080, V1BETA1_DEPRECATED, BACKEND_NOT_FOUND] },
        },
      },
      {
        title: 'Name the Service port',
        text: 'The backendRef now says port 80, the port the Service offers. The route resolves and the Gateway reaches a random-generator pod on 8080, as the Ingress did.',
        edit: { type: 'apply', yaml: ROUTE_13_8_PORT_80 },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/` },
        expect: {
          pod: { ...RANDOM_GENERATOR, port: 8080 },
          http: { status: 200, server: 'envoy-gateway' },
          routeStatus: { route: 'random-generator-default-backend', accepted: true, resolvedRefs: 'ResolvedRefs' },
          yamlContains: ['port: 80\n'],
          diagnostics: { includes: [NO_PORT_8080, V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'Delete the Ingress',
        text: 'Once DNS points at the Gateway the Ingress can go: the migration is done. Problems is empty, the v1beta1 and port warnings left with it, and the Gateway keeps answering.',
        edit: { type: 'delete', kind: 'Ingress', name: 'random-generator' },
        request: { from: FROM_OUTSIDE, to: `http://${GATEWAY_ADDRESS}/` },
        expect: {
          pod: RANDOM_GENERATOR,
          http: { status: 200, server: 'envoy-gateway' },
          yamlLacks: ['kind: Ingress'],
        },
      },
    ],
  },
];
