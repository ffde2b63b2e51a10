/**
 * The built-in scenarios, in picker order. Ids are stable: share links name them. The seed's
 * examples are used verbatim (src/scenarios/seed); builtin/ holds the extra objects they need.
 */
import type { Scenario } from './types';
import { NODE_IP, OUTSIDE_CLIENT, joinDocuments } from './compose';
import simpleService from './seed/13-1-simple-service.yaml?raw';
import serviceWithoutSelector from './seed/13-3-service-without-selector.yaml?raw';
import externalEndpoints from './seed/13-4-endpoints-for-external-service.yaml?raw';
import externalName from './seed/13-5-external-name.yaml?raw';
import nodePortService from './seed/13-6-node-port.yaml?raw';
import loadBalancerService from './seed/13-7-load-balancer.yaml?raw';
import randomGenerator from './seed/random-generator-deployment.yaml?raw';
import clientPod from './builtin/client-pod.yaml?raw';
import earlyClientPod from './builtin/early-client-pod.yaml?raw';
import headlessService from './builtin/headless-service.yaml?raw';
import webPods from './builtin/web-pods.yaml?raw';
import webService from './builtin/web-service.yaml?raw';
import webNodePort from './builtin/web-node-port.yaml?raw';
import { INGRESS_SCENARIOS } from './builtin/ingress';
import { DATAPLANE_SCENARIOS } from './builtin/dataplane';
import { GATEWAY_MIGRATION_SCENARIOS } from './builtin/gateway-migration';

const RANDOM_GENERATOR = { labels: { app: 'random-generator' } };
const FROM_CLIENT = { pod: 'client' } as const;
const FROM_OUTSIDE = { external: OUTSIDE_CLIENT } as const;
/** What Problems says about a selector-less Service without Endpoints, and about a v1 Endpoints object. */
const NO_ENDPOINTS_YET = 'no selector and no Endpoints named "external-service" yet';
const ENDPOINTS_DEPRECATED = 'v1 Endpoints is deprecated';

export const CATALOG: readonly Scenario[] = [
  {
    id: 'clusterip',
    title: 'ClusterIP: a stable address for changing pods',
    summary: 'Example 13-1: a Service selects the random-generator pods; clients use its name, kube-proxy picks a pod.',
    mechanism: 'ClusterIP',
    example: '13-1',
    yaml: joinDocuments(simpleService, randomGenerator, clientPod),
    steps: [
      {
        title: 'Ask by name',
        text: "The client pod calls http://random-generator/. Cluster DNS answers with the Service's ClusterIP, and kube-proxy's rules on the client's node rewrite it to one of the three pods, on port 8080.",
        request: { from: FROM_CLIENT, to: 'http://random-generator/' },
        expect: {
          pod: { ...RANDOM_GENERATOR, port: 8080 },
          dns: { query: 'random-generator', from: 'client', addresses: 1 },
          kubeProxyDNAT: true,
          endpoints: { service: 'random-generator', readyCount: 3 },
        },
      },
      {
        title: 'The fully qualified name',
        text: 'The same Service as random-generator.default.svc.cluster.local: name, namespace, svc, and the cluster domain. Inside the namespace the short name is enough thanks to the search path in resolv.conf.',
        request: { from: FROM_CLIENT, to: 'http://random-generator.default.svc.cluster.local/' },
        expect: { pod: RANDOM_GENERATOR, dns: { query: 'random-generator.default.svc.cluster.local', addresses: 1 } },
      },
      {
        title: 'Scale down to one pod',
        text: 'The Deployment goes down to one replica: the YAML now says replicas: 1. The ClusterIP does not change; the endpoints controller now lists one address, and every request lands on that pod.',
        edit: { type: 'scale', name: 'random-generator', replicas: 1 },
        request: { from: FROM_CLIENT, to: 'http://random-generator/' },
        expect: {
          pod: RANDOM_GENERATOR,
          sticky: true,
          endpoints: { service: 'random-generator', readyCount: 1 },
          sameClusterIP: 'random-generator',
          yamlContains: ['replicas: 1'],
          yamlLacks: ['replicas: 3'],
        },
      },
    ],
  },
  {
    id: 'env-vs-dns',
    title: 'Environment variables or DNS: the start-order pitfall',
    summary: 'Example 13-2: a pod started before the Service has no RANDOM_GENERATOR_SERVICE_HOST; DNS works for it anyway.',
    mechanism: 'ClusterIP',
    example: '13-2',
    yaml: joinDocuments(earlyClientPod, simpleService, randomGenerator),
    steps: [
      {
        title: 'Started too early',
        text: "early-client started before the Service existed. The kubelet injects Service variables only when containers start, so it has none for random-generator: early-client's box on the graph says env: 0 Services. DNS knows every Service at once, so calling it by name still works.",
        request: { from: { pod: 'early-client' }, to: 'http://random-generator/' },
        expect: {
          pod: RANDOM_GENERATOR,
          env: { pod: 'early-client', absent: ['RANDOM_GENERATOR_SERVICE_HOST', 'RANDOM_GENERATOR_SERVICE_PORT'] },
          podBox: { pod: 'early-client', lines: ['env: 0 Services'] },
          dns: { query: 'random-generator', from: 'early-client', addresses: 1 },
        },
      },
      {
        title: 'Restart the pod',
        text: "After a restart the containers get the environment of the Services that exist now, and early-client's box says env: 1 Service. Its Inspector shows RANDOM_GENERATOR_SERVICE_HOST holding the ClusterIP and RANDOM_GENERATOR_SERVICE_PORT the port 80, as in example 13-2.",
        actions: [{ type: 'restartPod', pod: 'early-client' }],
        request: { from: { pod: 'early-client' }, to: 'http://random-generator/' },
        expect: {
          pod: RANDOM_GENERATOR,
          env: { pod: 'early-client', present: ['RANDOM_GENERATOR_SERVICE_HOST', 'RANDOM_GENERATOR_SERVICE_PORT'] },
          podBox: { pod: 'early-client', lines: ['env: 1 Service'] },
        },
      },
    ],
  },
  {
    id: 'service-without-selector',
    title: 'A Service without a selector',
    summary: 'Example 13-3: no selector, so no controller fills its endpoints; requests are refused until an Endpoints object is written.',
    mechanism: 'Manual IP',
    example: '13-3',
    yaml: joinDocuments(serviceWithoutSelector, clientPod),
    steps: [
      {
        title: 'Nobody behind the address',
        text: 'external-service got a ClusterIP, but without a selector the endpoints controller leaves it alone: it has no Endpoints, as Problems notes. With no endpoints, kube-proxy rejects connections to it.',
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          fails: '^connection refused: .* has no ready endpoints',
          endpoints: { service: 'external-service', absent: true },
          diagnostics: { includes: [NO_ENDPOINTS_YET] },
        },
      },
      {
        title: 'Write the endpoints by hand',
        text: 'Apply example 13-4: an Endpoints object with the same name, listing 1.1.1.1 and 2.2.2.2 on port 8080, joins the YAML. The same ClusterIP now leads out of the cluster. Problems only warns that v1 Endpoints is deprecated in favour of EndpointSlice; it still works.',
        edit: { type: 'apply', yaml: externalEndpoints },
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          external: ['1.1.1.1:8080', '2.2.2.2:8080'],
          endpoints: { service: 'external-service', ready: ['1.1.1.1', '2.2.2.2'] },
          sameClusterIP: 'external-service',
          yamlContains: ['kind: Endpoints', 'ip: 1.1.1.1', 'ip: 2.2.2.2'],
          diagnostics: { includes: [ENDPOINTS_DEPRECATED], excludes: [NO_ENDPOINTS_YET] },
        },
      },
    ],
  },
  {
    id: 'manual-endpoints',
    title: 'Manual endpoints for an external service',
    summary: 'Examples 13-3 and 13-4: a selector-less Service plus a hand-written Endpoints object pointing outside the cluster.',
    mechanism: 'Manual IP',
    example: '13-4',
    yaml: joinDocuments(serviceWithoutSelector, externalEndpoints, clientPod),
    steps: [
      {
        title: 'Out of the cluster by a Service name',
        text: 'The client calls http://external-service/. kube-proxy picks one of the two addresses of the Endpoints object and rewrites port 80 to 8080; the request leaves the cluster. Problems warns that v1 Endpoints is deprecated in favour of EndpointSlice; it still works.',
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          external: ['1.1.1.1:8080', '2.2.2.2:8080'],
          kubeProxyDNAT: true,
          endpoints: { service: 'external-service', ready: ['1.1.1.1', '2.2.2.2'] },
          diagnostics: { includes: [ENDPOINTS_DEPRECATED] },
        },
      },
      {
        title: 'Delete the Endpoints',
        text: 'The Endpoints document leaves the YAML. Without it the Service has nothing to send to, connections are refused again, and Problems notes the missing Endpoints. The ClusterIP stays the same, so clients need no change when the endpoints come back.',
        edit: { type: 'delete', kind: 'Endpoints', name: 'external-service' },
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          fails: '^connection refused: .* has no ready endpoints',
          endpoints: { service: 'external-service', absent: true },
          sameClusterIP: 'external-service',
          yamlLacks: ['kind: Endpoints'],
          diagnostics: { includes: [NO_ENDPOINTS_YET], excludes: [ENDPOINTS_DEPRECATED] },
        },
      },
    ],
  },
  {
    id: 'external-name',
    title: 'ExternalName: a DNS alias',
    summary: 'Example 13-5: database-service is a CNAME to my.database.example.com; no virtual IP and no proxying.',
    mechanism: 'Manual FQDN',
    example: '13-5',
    yaml: joinDocuments(externalName, clientPod),
    steps: [
      {
        title: 'A CNAME, not a proxy',
        text: 'Cluster DNS answers database-service.default.svc.cluster.local with a CNAME to my.database.example.com, which the upstream resolver turns into an address. The client connects there directly; kube-proxy plays no part.',
        request: { from: FROM_CLIENT, to: 'http://database-service/' },
        expect: {
          external: ['my.database.example.com'],
          dns: { query: 'database-service', from: 'client', cname: 'my.database.example.com' },
          kubeProxyDNAT: false,
        },
      },
    ],
  },
  {
    id: 'headless',
    title: 'Headless: DNS without a virtual IP',
    summary: 'clusterIP: None: the Service name resolves to the ready pods themselves, and the client connects to a pod directly.',
    mechanism: 'Headless',
    yaml: joinDocuments(headlessService, randomGenerator, clientPod),
    steps: [
      {
        title: 'Straight to a pod',
        text: 'DNS answers random-generator with one A record per ready pod. The client connects to one of them on port 8080 itself: there is no ClusterIP, so no kube-proxy rule rewrites anything.',
        request: { from: FROM_CLIENT, to: 'http://random-generator:8080/' },
        expect: {
          pod: { ...RANDOM_GENERATOR, port: 8080 },
          dns: { query: 'random-generator', from: 'client', addresses: 3 },
          kubeProxyDNAT: false,
        },
      },
      {
        title: 'Give it a virtual IP',
        text: 'clusterIP: None leaves the YAML: a normal ClusterIP Service. On a real cluster clusterIP cannot be changed in place: the Service must be deleted and created again, as Problems notes when you come from the step before. Now the name resolves to one virtual IP, and kube-proxy picks the pod.',
        edit: { type: 'setServiceType', name: 'random-generator', serviceType: 'ClusterIP' },
        request: { from: FROM_CLIENT, to: 'http://random-generator:8080/' },
        expect: {
          pod: RANDOM_GENERATOR,
          dns: { query: 'random-generator', from: 'client', addresses: 1 },
          kubeProxyDNAT: true,
          yamlLacks: ['clusterIP: None'],
          diagnostics: { afterPrevious: ['svcscope deleted the Service and created it again'] },
        },
      },
    ],
  },
  {
    id: 'node-port',
    title: 'NodePort: a port on every node',
    summary: 'Example 13-6: port 30036 on every node leads to the random-generator pods; the client address is replaced by a node address.',
    mechanism: 'NodePort',
    example: '13-6',
    yaml: joinDocuments(randomGenerator, nodePortService),
    steps: [
      {
        title: 'From outside, through any node',
        text: `A client outside the cluster calls node-1 at ${NODE_IP['node-1']}:30036. kube-proxy on node-1 sends it to any of the pods, possibly on another node, and masquerades the source: the pod sees a node address, not the client.`,
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:30036/` },
        expect: { pod: RANDOM_GENERATOR, sourceIp: 'node', sourceNode: 'node-1' },
      },
      {
        title: 'externalTrafficPolicy: Local',
        text: 'With externalTrafficPolicy Local, a node only sends to pods on itself and keeps the client address. Every node runs one of the three pods here, so node-1 still answers, and the pod sees the real client.',
        edit: { type: 'setExternalTrafficPolicy', name: 'random-generator', policy: 'Local' },
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:30036/` },
        expect: {
          pod: { ...RANDOM_GENERATOR, node: 'node-1' },
          sourceIp: 'preserved',
          yamlContains: ['externalTrafficPolicy: Local'],
        },
      },
    ],
  },
  {
    id: 'load-balancer',
    title: 'LoadBalancer: the cloud in front of the nodes',
    summary: 'Example 13-7 as kubectl shows it on AKS: the cloud load balancer at 146.148.47.155 spreads clients over the nodes.',
    mechanism: 'LoadBalancer',
    example: '13-7',
    // 10.0.171.239 is from AKS's default service CIDR, 10.0.0.0/16.
    options: { serviceCIDR: '10.0.0.0/16' },
    yaml: joinDocuments(randomGenerator, loadBalancerService),
    steps: [
      {
        title: 'Through the cloud load balancer',
        text: 'The client calls the address in status.loadBalancer.ingress. The cloud load balancer picks a healthy node and forwards to its node port; kube-proxy takes it from there to a pod, masquerading the source.',
        request: { from: FROM_OUTSIDE, to: 'http://146.148.47.155/' },
        expect: { pod: RANDOM_GENERATOR, sourceIp: 'node' },
      },
    ],
  },
  {
    id: 'session-affinity',
    title: 'Session affinity by client IP',
    summary: 'sessionAffinity: ClientIP keeps one client on one pod; it is L4 stickiness, not cookies.',
    mechanism: 'ClusterIP',
    yaml: joinDocuments(webPods, webService, clientPod),
    steps: [
      {
        title: 'Spread by default',
        text: 'Send a few requests from the client: kube-proxy picks web-1 or web-2 at random for each new connection.',
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: { pod: { labels: { app: 'web' } }, sticky: false },
      },
      {
        title: 'Stick to one pod',
        text: 'With sessionAffinity ClientIP, kube-proxy remembers which pod each client address went to (the iptables recent module, three hours by default) and sends it there again. Send a few requests: they all reach the same pod.',
        edit: { type: 'setSessionAffinity', name: 'web', affinity: 'ClientIP' },
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: { pod: { labels: { app: 'web' } }, sticky: true, yamlContains: ['sessionAffinity: ClientIP'] },
      },
    ],
  },
  {
    id: 'readiness',
    title: 'Readiness: only ready pods get traffic',
    summary: 'A failing readiness probe takes a pod out of the endpoints even though the selector still matches it.',
    mechanism: 'ClusterIP',
    yaml: joinDocuments(webPods, webService, clientPod),
    steps: [
      {
        title: 'Both pods ready',
        text: 'web-1 and web-2 match the selector and pass their readiness probes, so both are endpoints of the web Service.',
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: { pod: { labels: { app: 'web' } }, endpoints: { service: 'web', ready: ['web-1', 'web-2'], notReady: [] } },
      },
      {
        title: 'web-1 fails its probe',
        text: 'The readiness probe of web-1 starts failing. It keeps running and still matches the selector, but the endpoints controller moves it to notReadyAddresses, and every request goes to web-2.',
        actions: [{ type: 'setPodReady', pod: 'web-1', ready: false }],
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          pod: { labels: { app: 'web', instance: 'web-2' } },
          sticky: true,
          endpoints: { service: 'web', ready: ['web-2'], notReady: ['web-1'] },
        },
      },
      {
        title: 'No pod is ready',
        text: 'Now web-2 fails too. The Service has no ready endpoints, and kube-proxy rejects the connection at once instead of letting it time out.',
        actions: [{ type: 'setPodReady', pod: 'web-2', ready: false }],
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          fails: '^connection refused: .* has no ready endpoints',
          endpoints: { service: 'web', ready: [], notReady: ['web-1', 'web-2'] },
        },
      },
      {
        title: 'web-1 recovers',
        text: 'The probe of web-1 passes again; it is back in the endpoints and receives every request.',
        actions: [{ type: 'setPodReady', pod: 'web-1', ready: true }],
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          pod: { labels: { app: 'web', instance: 'web-1' } },
          sticky: true,
          endpoints: { service: 'web', ready: ['web-1'], notReady: ['web-2'] },
        },
      },
    ],
  },
  {
    id: 'external-traffic-policy',
    title: 'externalTrafficPolicy: Cluster or Local',
    summary: 'One pod on node-2: Cluster reaches it from any node but hides the client; Local keeps the client but only node-2 answers.',
    mechanism: 'NodePort',
    yaml: joinDocuments(webNodePort),
    steps: [
      {
        title: 'Cluster: any node, the client hidden',
        text: `The client calls node-1 at ${NODE_IP['node-1']}:30080. node-1 has no web pod, so kube-proxy forwards to node-2 and masquerades the source: the pod sees node-1's address.`,
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:30080/` },
        expect: { pod: { labels: { app: 'web' }, node: 'node-2' }, sourceIp: 'node', sourceNode: 'node-1' },
      },
      {
        title: 'Local: node-1 drops it',
        text: 'With externalTrafficPolicy Local, a node only uses its own pods. node-1 has none, so it drops the packets and the connection times out. This is why load balancers health-check nodes under this policy.',
        edit: { type: 'setExternalTrafficPolicy', name: 'web', policy: 'Local' },
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:30080/` },
        expect: {
          fails: '^timed out: .*no ready endpoint on node-1 and its traffic policy is Local',
          yamlContains: ['externalTrafficPolicy: Local'],
        },
      },
      {
        title: 'Local: node-2 keeps the client address',
        text: `Call node-2 at ${NODE_IP['node-2']}:30080 instead. Its own pod answers, and no source NAT is needed: the pod sees the real client address.`,
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-2']}:30080/` },
        expect: { pod: { labels: { app: 'web' }, node: 'node-2' }, sourceIp: 'preserved' },
      },
    ],
  },
  ...INGRESS_SCENARIOS,
  ...DATAPLANE_SCENARIOS,
  ...GATEWAY_MIGRATION_SCENARIOS,
];

export function scenarioById(id: string): Scenario | undefined {
  return CATALOG.find((s) => s.id === id);
}
