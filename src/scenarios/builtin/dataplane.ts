/**
 * Today's Kubernetes data plane (issue 16): EndpointSlices and their mirroring, kube-proxy's
 * nftables mode, zone-local routing and terminating endpoints, each as the upstream code has it:
 * pkg/controller/endpointslice and endpointslicemirroring, pkg/proxy/nftables/proxier.go,
 * pkg/proxy/topology.go (KEP-2433 hints, KEP-4444 trafficDistribution, KEP-3015 PreferSameZone),
 * KEP-1669 (proxy terminating endpoints) and KEP-4974 (v1 Endpoints deprecated in 1.33).
 */
import type { Scenario } from '../types';
import { NODE_IP, OUTSIDE_CLIENT, joinDocuments } from '../compose';
import serviceWithoutSelector from '../seed/13-3-service-without-selector.yaml?raw';
import externalEndpoints from '../seed/13-4-endpoints-for-external-service.yaml?raw';
import clientPod from './client-pod.yaml?raw';
import webPods from './web-pods.yaml?raw';
import webService from './web-service.yaml?raw';
import webNodePort from './web-node-port.yaml?raw';
import externalServiceSlice from './external-service-slice.yaml?raw';
import nodeShell from './node-shell.yaml?raw';
import zonalWeb from './zonal-web.yaml?raw';
import webLocalService from './web-local-service.yaml?raw';
import rolloutPods from './rollout-pods.yaml?raw';

const FROM_CLIENT = { pod: 'client' } as const;
const FROM_OUTSIDE = { external: OUTSIDE_CLIENT } as const;
const WEB = { labels: { app: 'web' } };
/** What Problems says about a v1 Endpoints object (the API server's warning since 1.33, KEP-4974), and about a selector-less Service with nothing behind it. */
const ENDPOINTS_DEPRECATED = 'v1 Endpoints is deprecated';
const NO_ENDPOINTS_YET = 'no selector and no Endpoints named "external-service" yet';
const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
const MIRRORING_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
const EXTERNAL = ['1.1.1.1:8080', '2.2.2.2:8080'];
/** kube-proxy's chain names for default/web, port unnamed: KUBE-SVC-<16> (iptables), service-<8>-default/web/tcp/ (nftables, servicePortChainName). */
const IPTABLES_SVC_CHAIN = '^-A KUBE-SVC-[A-Z0-9]{16} ';
const NFT_SVC_CHAIN = '^service-[A-Z0-9]{8}-default/web/tcp/: ';
const NODE_PORT = 30080;

/** Four nodes, two per zone: the zones are the nodes' topology.kubernetes.io/zone labels. */
const ZONED_NODES = [
  { name: 'node-1', zone: 'zone-a' },
  { name: 'node-2', zone: 'zone-a' },
  { name: 'node-3', zone: 'zone-b' },
  { name: 'node-4', zone: 'zone-b' },
];

export const DATAPLANE_SCENARIOS: readonly Scenario[] = [
  {
    id: 'endpointslices',
    title: 'EndpointSlices: who writes them',
    summary:
      'kube-proxy reads EndpointSlices: the slice controller writes them for a selector, the mirroring controller copies hand-written Endpoints, and you can write one yourself.',
    mechanism: 'Manual IP',
    yaml: joinDocuments(webPods, webService, clientPod),
    steps: [
      {
        title: 'A Service with a selector',
        text: 'Click the web Service: the Inspector lists one EndpointSlice, named web- plus five random characters, labelled kubernetes.io/service-name: web and managed by endpointslice-controller.k8s.io. kube-proxy builds its rules from these slices, not from the v1 Endpoints beside them.',
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          pod: WEB,
          slices: { service: 'web', count: 1, managedBy: SLICE_CONTROLLER, generatedNames: true },
          endpoints: { service: 'web', ready: ['web-1', 'web-2'] },
        },
      },
      {
        title: 'Hand-written Endpoints, mirrored',
        text: 'Examples 13-3 and 13-4 join the YAML: a Service without a selector and an Endpoints object. The mirroring controller copies the Endpoints into a slice managed by endpointslicemirroring-controller.k8s.io, and kube-proxy uses that. Problems shows the warning the API server gives since 1.33: v1 Endpoints is deprecated.',
        edit: { type: 'apply', yaml: joinDocuments(serviceWithoutSelector, externalEndpoints) },
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          external: EXTERNAL,
          slices: { service: 'external-service', count: 1, managedBy: MIRRORING_CONTROLLER, generatedNames: true },
          yamlContains: ['kind: Endpoints', 'ip: 1.1.1.1'],
          diagnostics: { includes: [ENDPOINTS_DEPRECATED] },
        },
      },
      {
        title: 'Delete the Endpoints',
        text: 'The Endpoints document leaves the YAML. The mirrored slice belonged to it, so it goes too: external-service has no slice, and kube-proxy rejects connections to it. Problems notes that nothing stands behind the Service.',
        edit: { type: 'delete', kind: 'Endpoints', name: 'external-service' },
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          fails: '^connection refused: .* has no ready endpoints',
          slices: { service: 'external-service', count: 0 },
          endpoints: { service: 'external-service', absent: true },
          yamlLacks: ['kind: Endpoints'],
          diagnostics: { includes: [NO_ENDPOINTS_YET], excludes: [ENDPOINTS_DEPRECATED] },
        },
      },
      {
        title: 'Write the EndpointSlice yourself',
        text: "Today's way: an EndpointSlice of your own, labelled kubernetes.io/service-name: external-service, with no managed-by label, so no controller touches it. kube-proxy sends to 1.1.1.1 or 2.2.2.2 again, there is no v1 Endpoints object at all, and Problems is empty.",
        edit: { type: 'apply', yaml: externalServiceSlice },
        request: { from: FROM_CLIENT, to: 'http://external-service/' },
        expect: {
          external: EXTERNAL,
          slices: { service: 'external-service', count: 1, managedBy: null, generatedNames: false },
          endpoints: { service: 'external-service', absent: true },
          yamlContains: ['kind: EndpointSlice', 'kubernetes.io/service-name: external-service'],
          diagnostics: { excludes: [ENDPOINTS_DEPRECATED, NO_ENDPOINTS_YET] },
        },
      },
    ],
  },
  {
    id: 'nftables-mode',
    title: 'kube-proxy: iptables or nftables mode',
    summary:
      'The same Service through both proxy modes: KUBE-SVC chains or an nftables table of maps, and NodePorts on 127.0.0.1 only in iptables mode.',
    mechanism: 'NodePort',
    yaml: joinDocuments(webNodePort, clientPod, nodeShell),
    steps: [
      {
        title: 'iptables mode',
        text: "The client calls http://web/. Click node-1 or the client's node: the Inspector shows iptables-save. The trace walks KUBE-SERVICES, then KUBE-SVC- and a hash, whose random rules pick a pod, then KUBE-SEP-, which rewrites the destination.",
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: { pod: WEB, kubeProxyDNAT: true, proxyMode: 'iptables', traceRules: { includes: [IPTABLES_SVC_CHAIN] } },
      },
      {
        title: 'A NodePort on localhost',
        text: `node-shell runs in node-1's own network (hostNetwork) and calls 127.0.0.1:${NODE_PORT}. In iptables mode kube-proxy answers NodePorts on localhost too: KUBE-NODEPORTS has a rule for 127.0.0.0/8, and it sets route_localnet so the packet may leave lo.`,
        request: { from: { pod: 'node-shell' }, to: `http://127.0.0.1:${NODE_PORT}/` },
        expect: { pod: WEB, proxyMode: 'iptables', traceRules: { includes: [`-d 127\\.0\\.0\\.0/8 --dport ${NODE_PORT}`] } },
      },
      {
        title: 'nftables mode, the same request',
        text: 'kube-proxy now runs with --proxy-mode=nftables (GA in 1.33); the cluster is built anew. node-1 shows nft list table ip kube-proxy, and the trace names other chains: service-, a hash, then default/web/tcp/ and the port name, picking with numgen random from a verdict map. The pod reached is the same kind.',
        options: { proxyMode: 'nftables' },
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: { pod: WEB, kubeProxyDNAT: true, proxyMode: 'nftables', traceRules: { includes: [NFT_SVC_CHAIN], excludes: ['KUBE-'] } },
      },
      {
        title: 'nftables mode: no NodePorts on localhost',
        text: `node-shell calls 127.0.0.1:${NODE_PORT} again. nftables mode never accepts NodePorts on localhost: it matches them only on the addresses in its nodeport-ips set, by default the node's primary IP (${NODE_IP['node-1']}). The kernel answers the connection with a reset.`,
        request: { from: { pod: 'node-shell' }, to: `http://127.0.0.1:${NODE_PORT}/` },
        expect: { fails: 'kube-proxy runs in nftables mode, which does not support localhost NodePorts', proxyMode: 'nftables' },
      },
    ],
  },
  {
    id: 'zone-local',
    title: 'Zone-local routing: trafficDistribution',
    summary:
      'trafficDistribution: PreferSameZone keeps a client on the pods of its own zone, and falls back to every zone when its own has none; internalTrafficPolicy: Local never falls back.',
    mechanism: 'ClusterIP',
    options: { nodes: ZONED_NODES },
    yaml: zonalWeb,
    steps: [
      {
        title: 'Stay in the zone',
        text: 'Nodes 1 and 2 are in zone-a, 3 and 4 in zone-b. With trafficDistribution PreferSameZone the slice controller hints each endpoint for its own zone, and kube-proxy on node-1 keeps only those for zone-a: the client reaches web-a on node-2, never the zone-b pods. The trace says so at the pick.',
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          pod: { ...WEB, node: 'node-2', zone: 'zone-a' },
          spread: { pods: ['web-a'], zones: ['zone-a'] },
          traceSays: ["1 of the 3 for zone-a, node-1's zone, so the chain holds only that one"],
        },
      },
      {
        title: 'No pod left in zone-a',
        text: 'web-a leaves the YAML. No ready endpoint is hinted for zone-a now, so kube-proxy on node-1 ignores the hints and uses every endpoint: the client reaches web-b1 or web-b2 in zone-b. PreferSameZone is a preference, and it falls back cluster-wide.',
        edit: { type: 'delete', kind: 'Pod', name: 'web-a' },
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          pod: { ...WEB, zone: 'zone-b' },
          spread: { pods: ['web-b1', 'web-b2'], zones: ['zone-b'] },
          traceSays: ["Topology hints are ignored: no ready endpoint is hinted for zone-a, node-1's zone"],
          yamlLacks: ['name: web-a'],
        },
      },
      {
        title: 'internalTrafficPolicy: Local',
        text: 'The Service now says internalTrafficPolicy Local instead: each node uses only endpoints on itself. node-1 runs none, so its kube-proxy drops the connection and the client waits in vain. Unlike PreferSameZone, Local never falls back.',
        edit: { type: 'apply', yaml: webLocalService },
        request: { from: FROM_CLIENT, to: 'http://web/' },
        expect: {
          fails: '^timed out: .*no ready endpoint on node-1 and its traffic policy is Local',
          yamlContains: ['internalTrafficPolicy: Local'],
          yamlLacks: ['trafficDistribution'],
        },
      },
      {
        title: 'Local, from a node that has a pod',
        text: 'client-b runs on node-4, beside web-b2. Its kube-proxy sends every connection to web-b2, the one endpoint on node-4, and never to web-b1 on node-3, although both are in zone-b.',
        request: { from: { pod: 'client-b' }, to: 'http://web/' },
        expect: { pod: { ...WEB, node: 'node-4' }, spread: { pods: ['web-b2'] } },
      },
    ],
  },
  {
    id: 'terminating-endpoints',
    title: 'Rollout: terminating endpoints',
    summary:
      'A pod deleted with a grace period stays serving but not ready; with externalTrafficPolicy: Local a node falls back to it only when it has no ready pod of its own (KEP-1669).',
    mechanism: 'NodePort',
    yaml: rolloutPods,
    steps: [
      {
        title: 'Two ready pods on node-1',
        text: `externalTrafficPolicy Local: a client outside calls node-1 at ${NODE_IP['node-1']}:${NODE_PORT}, and node-1 sends it to web-1 or web-2, its own pods, keeping the client's address. web-3 on node-2 gets none of it.`,
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:${NODE_PORT}/` },
        expect: {
          pod: { ...WEB, node: 'node-1' },
          sourceIp: 'preserved',
          spread: { pods: ['web-1', 'web-2'] },
          slices: { service: 'web', terminating: [] },
        },
      },
      {
        title: 'web-1 is Terminating',
        text: 'The rollout deletes web-1 with a 30 second grace period. It keeps running, Terminating: in the slice it is serving but not ready, and it leaves the v1 Endpoints. node-1 still has the ready web-2, so kube-proxy sends everything there; the trace says web-1 is left out.',
        actions: [{ type: 'delete', kind: 'Pod', name: 'web-1', gracePeriodSeconds: 30 }],
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:${NODE_PORT}/` },
        expect: {
          pod: { labels: { app: 'web' }, node: 'node-1' },
          terminatingUsed: false,
          spread: { pods: ['web-2'] },
          traceSays: ['Terminating web-1 .* on node-1 is left out'],
          slices: { service: 'web', terminating: ['web-1'] },
          endpoints: { service: 'web', ready: ['web-2', 'web-3'], notReady: [] },
        },
      },
      {
        title: 'No ready pod left on node-1',
        text: "web-2's readiness probe fails. node-1 has no ready pod now, but a load balancer may still send to it: rather than drop the connection, kube-proxy falls back to web-1, terminating but still serving (KEP-1669), as the trace says, and the pod still sees the client's address.",
        actions: [{ type: 'setPodReady', pod: 'web-2', ready: false }],
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:${NODE_PORT}/` },
        expect: {
          pod: { ...WEB, node: 'node-1' },
          terminatingUsed: true,
          sourceIp: 'preserved',
          spread: { pods: ['web-1'] },
          traceSays: ['It is Terminating but still serving: node-1 has no ready local endpoint'],
          slices: { service: 'web', terminating: ['web-1'] },
        },
      },
      {
        title: 'externalTrafficPolicy: Cluster',
        text: 'With Cluster policy node-1 may use pods on any node, and web-3 on node-2 is ready: the trace says the terminating web-1 is left out, as it is whenever a ready endpoint exists anywhere. node-1 forwards to web-3 and masquerades the source.',
        edit: { type: 'setExternalTrafficPolicy', name: 'web', policy: 'Cluster' },
        request: { from: FROM_OUTSIDE, to: `http://${NODE_IP['node-1']}:${NODE_PORT}/` },
        expect: {
          pod: { ...WEB, node: 'node-2' },
          terminatingUsed: false,
          sourceIp: 'node',
          spread: { pods: ['web-3'] },
          traceSays: ['Terminating web-1 .* is left out while other endpoints are ready'],
          yamlContains: ['externalTrafficPolicy: Cluster'],
        },
      },
    ],
  },
];
