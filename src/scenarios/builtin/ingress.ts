/**
 * The Ingress scenarios (examples 13-8 and 13-9, and name-based hosting). The simulated
 * ingress-nginx controller listens on the load balancer pool's last address (203.0.113.250 by
 * default) and public DNS points each Ingress rule host at it.
 */
import type { Scenario } from '../types';
import { OUTSIDE_CLIENT, joinDocuments } from '../compose';
import ingressExample from '../seed/13-8-ingress.yaml?raw';
import nginxIngressExample from '../seed/13-9-nginx-ingress.yaml?raw';
import simpleService from '../seed/13-1-simple-service.yaml?raw';
import randomGenerator from '../seed/random-generator-deployment.yaml?raw';
import clusterStatus from './cluster-status.yaml?raw';
import randomGenerator8080 from './random-generator-8080.yaml?raw';
import ingressFixed from './ingress-v1-fixed.yaml?raw';
import ingressHosts from './ingress-hosts.yaml?raw';

/** The ingress controller's address: the last address of the default load balancer pool. */
export const INGRESS_ADDRESS = '203.0.113.250';
const FROM_OUTSIDE = { external: OUTSIDE_CLIENT } as const;
/** Problems on the seed's networking.k8s.io/v1beta1 Ingresses (removed in Kubernetes 1.22). */
const V1BETA1_DEPRECATED = 'networking.k8s.io/v1beta1 Ingress is deprecated';
const NO_PORT_8080 = 'has no port 8080';

export const INGRESS_SCENARIOS: readonly Scenario[] = [
  {
    id: 'ingress-default-backend',
    title: 'Ingress: one Service behind the controller',
    summary: 'Example 13-8: a default backend sends everything to random-generator; servicePort should name a port of the Service.',
    mechanism: 'Ingress',
    example: '13-8',
    yaml: joinDocuments(randomGenerator, simpleService, ingressExample),
    steps: [
      {
        title: 'Everything to one Service',
        text: 'Example 13-8 sends every request to random-generator on servicePort 8080. The Service of example 13-1 offers port 80 and 8080 is its targetPort: ingress-nginx accepts that and still reaches a pod, but other controllers answer 503, as a warning says. Another warns that its API, v1beta1, was removed in 1.22.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/` },
        expect: {
          pod: { labels: { app: 'random-generator' }, port: 8080 },
          diagnostics: { includes: [NO_PORT_8080, V1BETA1_DEPRECATED] },
        },
      },
      {
        title: 'The same Ingress in networking.k8s.io/v1',
        text: "Apply it in today's API: the v1 document replaces the v1beta1 one in the YAML (same name, same Ingress), with defaultBackend on the Service port number 80 and ingressClassName nginx. The controller proxies to a random-generator pod on 8080, and Problems is empty: no port warning, no deprecation.",
        edit: { type: 'apply', yaml: ingressFixed },
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/` },
        expect: {
          pod: { labels: { app: 'random-generator' }, port: 8080 },
          yamlContains: ['apiVersion: networking.k8s.io/v1\n', 'ingressClassName: nginx', 'number: 80'],
          yamlLacks: ['v1beta1', 'servicePort: 8080'],
          diagnostics: { excludes: [NO_PORT_8080, V1BETA1_DEPRECATED] },
        },
      },
    ],
  },
  {
    id: 'ingress-fanout',
    title: 'Ingress: a fanout by path',
    summary: 'Example 13-9: one address, two Services chosen by the URL path, with nginx rewrite-target.',
    mechanism: 'Ingress',
    example: '13-9',
    yaml: joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, nginxIngressExample),
    steps: [
      {
        title: 'The root path',
        text: 'A request for / matches the rule for / and goes to random-generator. Problems warns that example 13-9 uses networking.k8s.io/v1beta1, removed in Kubernetes 1.22; svcscope reads it as v1.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/` },
        expect: { pod: { labels: { app: 'random-generator' } }, diagnostics: { includes: [V1BETA1_DEPRECATED] } },
      },
      {
        title: 'The longer path wins',
        text: 'A request for /cluster-status matches both paths; the longest match wins, so it goes to cluster-status. rewrite-target / replaces the matched path, so the backend sees /.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/cluster-status` },
        expect: { pod: { labels: { app: 'cluster-status' } }, backendPath: '/', diagnostics: { includes: [V1BETA1_DEPRECATED] } },
      },
    ],
  },
  {
    id: 'ingress-hosts',
    title: 'Ingress: name-based virtual hosting',
    summary: 'One controller address serves two host names, each routed to its own Service by the Host header.',
    mechanism: 'Ingress',
    yaml: joinDocuments(randomGenerator, randomGenerator8080, clusterStatus, ingressHosts),
    steps: [
      {
        title: 'random.example.com',
        text: 'Public DNS points random.example.com at the controller. The Host header selects the first rule: random-generator.',
        request: { from: FROM_OUTSIDE, to: 'http://random.example.com/' },
        expect: { pod: { labels: { app: 'random-generator' } } },
      },
      {
        title: 'status.example.com',
        text: 'Same address, other Host header: the second rule sends it to cluster-status.',
        request: { from: FROM_OUTSIDE, to: 'http://status.example.com/' },
        expect: { pod: { labels: { app: 'cluster-status' } } },
      },
      {
        title: 'An unknown host',
        text: 'Call the controller by its address with a Host header no rule names, like curl -H Host: other.example.com. No rule matches and there is no default backend: the controller answers 404.',
        request: { from: FROM_OUTSIDE, to: `http://${INGRESS_ADDRESS}/`, host: 'other.example.com' },
        expect: { fails: '^HTTP 404 Not Found from the ingress controller' },
      },
    ],
  },
];
