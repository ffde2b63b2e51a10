/**
 * The Gateway API on the graph: a Gateway with its listeners and address, the routes that name it
 * (accepted or not, with the reason from status.parents), their backend Services, and a request's
 * hops through the Gateway's Envoy proxy lighting the Gateway and the route that matched. The
 * objects are the Gateway API conformance suite's (kubernetes-sigs/gateway-api conformance/base,
 * conformance/tests/<file>.go named in each test) with Envoy Gateway's class eg.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../engine/index';
import type { Kind } from '../engine/index';
import { CONFORMANCE_BASE, INFRA } from '../engine/gateway/conformance-base';
import { buildGraph, EXTERNAL_CLIENT_IP } from './build';
import { ids, refOfElementId } from './ids';
import { placeHops } from './hops';
import { isPickedLine } from './text';
import { graphToSvg } from './svg';
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutGraph } from './layout';
import { absoluteBoxes } from './boxes';

const WEB = 'gateway-conformance-web-backend';

const route = (name: string, namespace: string, parentRefs: string, backendRefs: string): string => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  parentRefs:
${parentRefs}
  rules:
  - backendRefs:
${backendRefs}
`;

// httproute-simple-same-namespace.go (accepted) and httproute-invalid-cross-namespace-parent-ref.go
// (a route in another namespace naming the Gateway whose listener allows only its own: NotAllowedByListeners).
const YAML = `${CONFORMANCE_BASE}${route(
  'gateway-conformance-infra-test',
  INFRA,
  '  - name: same-namespace',
  '    - {name: infra-backend-v1, port: 8080}',
)}${route(
  'invalid-cross-namespace-parent-ref',
  WEB,
  `  - name: same-namespace\n    namespace: ${INFRA}`,
  '    - {name: web-backend, port: 8080}',
)}`;

const GW = ids.gateway(INFRA, 'same-namespace');
const ACCEPTED = ids.route('HTTPRoute', INFRA, 'gateway-conformance-infra-test');
const REFUSED = ids.route('HTTPRoute', WEB, 'invalid-cross-namespace-parent-ref');

describe('the Gateway API on the graph', () => {
  const cluster = createCluster(YAML);
  const graph = buildGraph(cluster.objects());
  const element = (id: string) => graph.nodes.find((n) => n.id === id);
  const edgesBetween = (source: string, target: string) => graph.edges.filter((e) => e.source === source && e.target === target);

  it('gateway-with-attached-routes.go: the Gateway with one line per listener (attachedRoutes from its status) and its status.addresses', () => {
    const address = cluster.get('Gateway', 'same-namespace', INFRA)?.status.addresses?.[0]?.value;
    expect(address).toBeDefined();
    const gw = element(GW);
    expect(gw).toMatchObject({
      type: 'gateway',
      title: 'same-namespace',
      tag: `Gateway · eg · ${INFRA}`,
      status: 'ok',
      ref: { kind: 'Gateway', name: 'same-namespace', namespace: INFRA },
      addresses: [address],
    });
    // Only the accepted route counts: attachedRoutes is 1, not 2.
    expect(gw?.lines).toEqual(['http HTTP:80 * · 1 route', `address ${address}`]);
    expect(element(ids.gateway(INFRA, 'all-namespaces'))?.lines[0]).toBe('http HTTP:80 * · 0 routes');
    // Its address is its proxy Service's load balancer's: the cloud load balancer leads to it.
    expect(edgesBetween(ids.cloudLb, GW).map((e) => e.type)).toEqual(['load-balancer']);
    expect(element(ids.cloudLb)?.addresses).toContain(address);
  });

  it('httproute-simple-same-namespace.go: an accepted HTTPRoute, edges Gateway -> route -> backend Service', () => {
    expect(element(ACCEPTED)).toMatchObject({
      type: 'route',
      tag: `HTTPRoute · ${INFRA}`,
      status: 'ok',
      // The CRD's default match (PathPrefix /) filled in.
      lines: ['any host', '[0] /* → infra-backend-v1:8080'],
      ref: { kind: 'HTTPRoute', name: 'gateway-conformance-infra-test', namespace: INFRA },
    });
    expect(edgesBetween(GW, ACCEPTED).map((e) => e.type)).toEqual(['route']);
    expect(edgesBetween(ACCEPTED, ids.service(INFRA, 'infra-backend-v1')).map((e) => e.type)).toEqual(['backend']);
  });

  it('httproute-invalid-cross-namespace-parent-ref.go: a route not accepted is an error with its reason NotAllowedByListeners, on the element and the edge', () => {
    const refused = element(REFUSED);
    expect(refused?.status).toBe('error');
    expect(refused?.lines[0]).toBe(`✗ NotAllowedByListeners · ${INFRA}/same-namespace`);
    expect(edgesBetween(GW, REFUSED)).toEqual([
      {
        id: `route-not-accepted:${GW}->${REFUSED}`,
        source: GW,
        target: REFUSED,
        type: 'route-not-accepted',
        label: 'NotAllowedByListeners',
      },
    ]);
    expect(edgesBetween(REFUSED, ids.service(WEB, 'web-backend')).map((e) => e.type)).toEqual(['backend']);
    // The other Gateways it does not name get no edge to it.
    expect(graph.edges.filter((e) => e.target === REFUSED).map((e) => e.source)).toEqual([GW]);
  });

  it('a route accepted by one parentRef and refused by another is a warning', () => {
    const c = createCluster(
      `${CONFORMANCE_BASE}${route(
        'two-parents',
        WEB,
        `  - {name: same-namespace, namespace: ${INFRA}}\n  - {name: all-namespaces, namespace: ${INFRA}}`,
        '    - {name: web-backend, port: 8080}',
      )}`,
    );
    const g = buildGraph(c.objects());
    const id = ids.route('HTTPRoute', WEB, 'two-parents');
    expect(g.nodes.find((n) => n.id === id)).toMatchObject({
      status: 'warning',
      lines: [`✗ NotAllowedByListeners · ${INFRA}/same-namespace`, 'any host', '[0] /* → web-backend:8080'],
    });
    const into = g.edges.filter((e) => e.target === id).map((e) => `${e.source} ${e.type}`);
    expect(into.sort()).toEqual([`${GW} route-not-accepted`, `${ids.gateway(INFRA, 'all-namespaces')} route`].sort());
  });

  it('httproute-invalid-nonexistent-backendref.go HTTPRouteInvalidNonExistentBackendRef: an accepted route whose backend does not exist is a warning with ResolvedRefs BackendNotFound, and no backend edge', () => {
    const c = createCluster(
      `${CONFORMANCE_BASE}${route('invalid-nonexistent-backend-ref', INFRA, '  - name: same-namespace', '    - {name: nonexistent, port: 8080}')}`,
    );
    const g = buildGraph(c.objects());
    const id = ids.route('HTTPRoute', INFRA, 'invalid-nonexistent-backend-ref');
    expect(g.nodes.find((n) => n.id === id)).toMatchObject({
      status: 'warning',
      lines: ['✗ ResolvedRefs: BackendNotFound', 'any host', '[0] /* → nonexistent:8080'],
    });
    expect(g.edges.filter((e) => e.target === id).map((e) => `${e.source} ${e.type}`)).toEqual([`${GW} route`]);
    expect(g.edges.filter((e) => e.source === id)).toEqual([]);
  });

  it('the Gateway and routes have refs the editor finds sources for, and their ids read back as those refs', () => {
    for (const id of [GW, ACCEPTED, REFUSED]) {
      const ref = element(id)?.ref;
      expect(ref).toBeDefined();
      expect(refOfElementId(id)).toEqual(ref);
      expect(cluster.sourceOf(ref!.kind as Kind, ref!.name, ref!.namespace), id).toBeDefined();
    }
  });

  it('shows the Envoy proxy pods and their LoadBalancer Services (envoy-gateway-system) once a Gateway exists, like the ingress controller', () => {
    const proxies = graph.nodes.filter((n) => n.id.startsWith('pod:envoy-gateway-system/'));
    expect(proxies).toHaveLength(3); // one per Gateway of the base manifests
    expect(graph.edges.filter((e) => e.source === ids.cloudLb && e.target.startsWith('svc:envoy-gateway-system/'))).toHaveLength(3);
  });

  it('lays out the Gateway, its routes and the proxies without overlaps, the Gateway left of its routes', async () => {
    const laid = await layoutGraph(graph, new ELK());
    const boxes = absoluteBoxes(laid);
    const top = laid.nodes.filter((n) => !n.parentId);
    for (const [i, a] of top.entries())
      for (const b of top.slice(i + 1)) {
        const p = boxes.get(a.id)!;
        const q = boxes.get(b.id)!;
        expect(p.x < q.x + q.width && q.x < p.x + p.width && p.y < q.y + q.height && q.y < p.y + p.height, `${a.id} / ${b.id}`).toBe(false);
      }
    expect(boxes.get(GW)!.x).toBeLessThan(boxes.get(ACCEPTED)!.x);
  });

  it('draws the new element types in the static SVG with their accent', () => {
    const svg = graphToSvg(graph);
    expect(svg).toContain(`data-id="${GW}"`);
    expect(svg).toContain('fill="#9c36b5"');
    expect(svg).toContain('fill="#66a80f"');
  });

  it('a request through the Gateway: Envoy hops at the proxy pod, lighting the Gateway, then the route that matched, then the backend picked', () => {
    const address = cluster.get('Gateway', 'same-namespace', INFRA)!.status.addresses![0]!.value;
    const request = { from: { external: EXTERNAL_CLIENT_IP }, to: `http://${address}/` };
    const trace = cluster.send(request);
    expect(trace.ok).toBe(true);
    expect(trace.http?.gateway?.route).toBe(`${INFRA}/gateway-conformance-infra-test`);
    const { places } = placeHops(graph, request, trace);
    const envoy = places.filter((p) => p.hop.component === 'ingress-controller');
    expect(envoy.length).toBeGreaterThanOrEqual(3);
    const proxyPod = graph.nodes.find((n) => n.id.startsWith('pod:envoy-gateway-system/') && n.ref?.name.includes('same-namespace'));
    for (const p of envoy) expect(p.at).toBe(proxyPod?.id);
    // The listener hop: the Gateway alone, its listener's line marked; the route's rule: the
    // Gateway and the route, the rule's line marked.
    expect(envoy[0]).toMatchObject({ lit: [GW], picked: 'http HTTP:80 * · 1 route' });
    expect(envoy[1]).toMatchObject({ lit: [GW, ACCEPTED], picked: '[0] ' });
    expect(element(ACCEPTED)?.lines.filter((l) => l.startsWith(envoy[1]!.picked!))).toEqual(['[0] /* → infra-backend-v1:8080']);
    // The backend picked: its Service and the EndpointSlice Envoy Gateway read the endpoint from.
    const pick = envoy.at(-1)!;
    const slice = graph.nodes.find((n) => n.type === 'endpointslice' && n.id.startsWith(`slice:${INFRA}/infra-backend-v1-`));
    expect(pick.lit).toEqual([GW, ACCEPTED, ids.service(INFRA, 'infra-backend-v1'), slice?.id]);
    expect(pick.picked).toBe(`${trace.pod?.ip}:${trace.pod?.port}`);
    expect(slice?.lines.filter((l) => isPickedLine(l, pick.picked!))).toEqual([`${pick.picked} ready`]);
    expect(places.at(-1)?.at).toBe(ids.pod(INFRA, trace.pod!.name));
    // The hops carry the objects as the engine names them (Hop.uses).
    expect(trace.hops.find((h) => h.component === 'ingress-controller')?.uses).toEqual([
      { kind: 'Gateway', name: 'same-namespace', namespace: INFRA },
    ]);
  });

  it('a request no route serves (404 from Envoy) lights only the Gateway', () => {
    const address = cluster.get('Gateway', 'all-namespaces', INFRA)!.status.addresses![0]!.value;
    const request = { from: { external: EXTERNAL_CLIENT_IP }, to: `http://${address}/` };
    const trace = cluster.send(request);
    expect(trace.http?.status).toBe(404);
    const envoy = placeHops(graph, request, trace).places.filter((p) => p.hop.component === 'ingress-controller');
    expect(envoy.map((p) => p.lit)).toEqual([[ids.gateway(INFRA, 'all-namespaces')]]);
    expect(envoy[0]?.picked).toBeUndefined();
  });

  // grpcroute-exact-method-matching.go GRPCRouteExactMethodMatching: rules by gRPC method.
  it('a GRPCRoute: its own element (grpcroute:), one line per rule by service/method, and its matched rule marked', () => {
    const backend = (name: string): string => `---
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
    const c = createCluster(`${CONFORMANCE_BASE}---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: exact-matching, namespace: ${INFRA}}
spec:
  parentRefs: [{name: same-namespace}]
  rules:
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: Echo}}]
    backendRefs: [{name: grpc-infra-backend-v1, port: 8080}]
  - matches: [{method: {service: gateway_api_conformance.echo_basic.grpcecho.GrpcEcho, method: EchoTwo}}]
    backendRefs: [{name: grpc-infra-backend-v2, port: 8080}]
${backend('grpc-infra-backend-v1')}${backend('grpc-infra-backend-v2')}`);
    const g = buildGraph(c.objects());
    const id = ids.route('GRPCRoute', INFRA, 'exact-matching');
    expect(g.nodes.find((n) => n.id === id)).toMatchObject({
      type: 'route',
      tag: `GRPCRoute · ${INFRA}`,
      status: 'ok',
      lines: ['any host', '[0] GrpcEcho/Echo → grpc-infra-backend-v1:8080', '[1] GrpcEcho/EchoTwo → grpc-infra-backend-v2:8080'],
    });
    expect(g.edges.filter((e) => e.source === GW && e.target === id).map((e) => e.type)).toEqual(['route']);
    const address = c.get('Gateway', 'same-namespace', INFRA)!.status.addresses![0]!.value;
    const request = {
      from: { external: EXTERNAL_CLIENT_IP },
      to: `grpc://${address}/gateway_api_conformance.echo_basic.grpcecho.GrpcEcho/EchoTwo`,
    };
    const trace = c.send(request);
    expect(trace.http?.gateway).toMatchObject({ routeKind: 'GRPCRoute', ruleIndex: 1 });
    const rule = placeHops(g, request, trace).places.find((p) => p.lit.includes(id) && !p.hop.uses?.some((u) => u.kind === 'Service'));
    expect(rule).toMatchObject({ lit: [GW, id], picked: '[1] ' });
  });
});
