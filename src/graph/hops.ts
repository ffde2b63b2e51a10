/**
 * Where each hop of a traced request happens in the drawn graph, so the animation can move the
 * packet from element to element: the client pod or the external client, CoreDNS, the cloud load
 * balancer, a node and its kube-proxy, the ingress controller pod, the receiving pod, or a host
 * outside the cluster.
 */
import type { Hop, SendRequest, Trace } from '../engine/index';
import type { ClusterGraph } from './types';
import { elementIdOf, ids } from './ids';
import { ruleLinePrefix } from './build';
import { namespaceOf } from '../engine/index';

function ipOf(endpoint: string): string {
  const colon = endpoint.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(endpoint.slice(colon + 1)) ? endpoint.slice(0, colon) : endpoint;
}

export interface HopPlace {
  /** Graph element id where the hop happens. */
  at: string;
  hop: Hop;
  /** A lookup the client makes and gets an answer to (DNS): the packet goes there and back. */
  roundTrip: boolean;
  /**
   * The elements whose rules decided this hop (the Service, the EndpointSlice the endpoint came
   * from, the Ingress): lit at this hop. One drawn inside a group lights the group.
   */
  lit: string[];
  /**
   * What the hop picked in a lit element, as the start of the line marked there (isPickedLine):
   * the endpoint (`ip:port`) in the EndpointSlice; at a Gateway's Envoy proxy, the listener in
   * the Gateway, then the rule in the route (`[i] `).
   */
  picked?: string;
}

export interface PlacedTrace {
  /** Where the request starts: the client pod or the external client. */
  origin: string;
  places: HopPlace[];
}

/** Maps every hop to a graph element (falls back to the node box, then to the internet). */
export function placeHops(graph: ClusterGraph, request: SendRequest, trace: Trace): PlacedTrace {
  const byAddress = new Map<string, string>();
  const present = new Set(graph.nodes.map((n) => n.id));
  // A member folded into a group (a slice of a Service with many, a Service past the first few dozen) is lit as its group.
  const groupOf = new Map<string, string>();
  for (const n of graph.nodes) for (const member of n.group?.members ?? []) groupOf.set(member, n.id);
  const drawn = (id: string | undefined): string | undefined => (!id ? undefined : present.has(id) ? id : groupOf.get(id));
  for (const n of graph.nodes) {
    if (n.type !== 'pod' && n.type !== 'external') continue;
    for (const a of n.addresses) if (!byAddress.has(a)) byAddress.set(a, n.id);
  }
  const nodeBox = (name: string | undefined): string | undefined => (name && present.has(ids.node(name)) ? ids.node(name) : undefined);
  const clientId = 'pod' in request.from ? ids.pod(namespaceOf(request.from), request.from.pod) : ids.client;
  // Which listener and rule of the Gateway API decided (one Envoy on a request's way).
  const gateway = trace.http?.server === 'envoy-gateway' ? trace.http.gateway : undefined;
  const gatewayPick = (hop: Hop, lit: readonly string[]): string | undefined => {
    if (!gateway || hop.component !== 'ingress-controller' || hop.uses?.some((u) => u.address)) return undefined;
    const last = hop.uses?.at(-1);
    if ((last?.kind === 'HTTPRoute' || last?.kind === 'GRPCRoute') && gateway.ruleIndex !== undefined)
      return ruleLinePrefix(gateway.ruleIndex);
    if (last?.kind !== 'Gateway' || gateway.listener === undefined) return undefined;
    const element = graph.nodes.find((n) => n.id === lit[0]);
    return element?.lines.find((l) => l.startsWith(`${gateway.listener} `));
  };

  const places = trace.hops.map((hop): HopPlace => {
    const dst = ipOf(hop.packet.dst);
    const src = ipOf(hop.packet.src);
    let at: string | undefined;
    switch (hop.component) {
      case 'client':
        at = present.has(clientId) ? clientId : byAddress.get(src);
        break;
      case 'dns':
        at = ids.dns;
        break;
      case 'cloud-lb':
        at = present.has(ids.cloudLb) ? ids.cloudLb : undefined;
        break;
      case 'node':
        at = nodeBox(hop.node);
        break;
      case 'kube-proxy':
        at = hop.node && present.has(ids.kubeProxy(hop.node)) ? ids.kubeProxy(hop.node) : nodeBox(hop.node);
        break;
      case 'ingress-controller':
        // The controller opens a new connection from its own pod IP to the backend.
        at = byAddress.get(src) ?? byAddress.get(dst);
        break;
      case 'pod':
        at = byAddress.get(dst) ?? (trace.pod ? ids.pod(trace.pod.namespace, trace.pod.name) : undefined);
        break;
      case 'external':
        at = byAddress.get(dst) ?? (trace.external ? byAddress.get(trace.external.host) : undefined) ?? ids.internet;
        break;
    }
    if (!at || !present.has(at)) at = nodeBox(hop.node) ?? ids.internet;
    const lit = [...new Set((hop.uses ?? []).map((use) => drawn(elementIdOf(use))).filter((id): id is string => !!id))];
    const picked = hop.uses?.find((use) => use.address)?.address ?? gatewayPick(hop, lit);
    return { at, hop, roundTrip: hop.component === 'dns', lit, ...(picked ? { picked } : {}) };
  });
  return { origin: present.has(clientId) ? clientId : ids.client, places };
}
