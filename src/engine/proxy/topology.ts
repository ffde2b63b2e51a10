/**
 * Which endpoints of a Service port one node's kube-proxy uses: CategorizeEndpoints,
 * topologyModeFromHints and availableForTopology of kubernetes/pkg/proxy/topology.go.
 *
 * - Cluster traffic policy uses the Ready endpoints, narrowed by topology hints: when every ready
 *   endpoint has a node hint and one is for this node, those hinted for this node
 *   (PreferSameNode); else when every ready endpoint has a zone hint and one is for this node's
 *   zone, those hinted for the zone (PreferSameZone / PreferClose); else all. With no Ready
 *   endpoint anywhere it falls back to the serving-and-terminating ones (KEP-1669).
 * - Local traffic policy (internalTrafficPolicy or externalTrafficPolicy Local) uses this node's
 *   Ready endpoints, or, when it has none, its serving-and-terminating ones.
 */
import type { ProxyEndpoint } from './service-ports';

/** The parts of a ServicePort the categorization looks at (UsesClusterEndpoints, UsesLocalEndpoints). */
export interface TopologyServicePort {
  internalLocal: boolean;
  /** externalTrafficPolicy: Local on an externally accessible port. */
  externalLocal: boolean;
  externallyAccessible: boolean;
}

export interface CategorizedEndpoints {
  /** Usable with Cluster policy (undefined-free: empty when the port never uses Cluster policy). */
  clusterEndpoints: ProxyEndpoint[];
  /** Usable with Local policy. */
  localEndpoints: ProxyEndpoint[];
  /** The union of the two: every endpoint this node may send to. */
  allReachableEndpoints: ProxyEndpoint[];
  /** Whether the Service has usable endpoints anywhere in the cluster. */
  hasAnyEndpoints: boolean;
  /** The topology mode used for cluster endpoints: '' (none), 'PreferSameZone' or 'PreferSameNode'. */
  topologyMode: '' | 'PreferSameZone' | 'PreferSameNode';
}

/** UsesClusterEndpoints: internal policy Cluster, or any external access (short-circuiting needs them). */
export function usesClusterEndpoints(svc: TopologyServicePort): boolean {
  return !svc.internalLocal || svc.externallyAccessible;
}

/** UsesLocalEndpoints: internal policy Local, or external policy Local on an externally accessible port. */
export function usesLocalEndpoints(svc: TopologyServicePort): boolean {
  return svc.internalLocal || (svc.externalLocal && svc.externallyAccessible);
}

function isLocal(ep: ProxyEndpoint, nodeName: string): boolean {
  return ep.nodeName !== undefined && ep.nodeName === nodeName;
}

/** topologyModeFromHints (the PreferSameTrafficDistribution gate on, as it is by default since 1.34). */
export function topologyModeFromHints(
  endpoints: readonly ProxyEndpoint[],
  nodeName: string,
  zone: string,
): CategorizedEndpoints['topologyMode'] {
  let hasReady = false;
  let hasForNode = false;
  let allNodeHints = true;
  let hasForZone = false;
  let allZoneHints = true;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    hasReady = true;
    if (ep.nodeHints.length === 0) allNodeHints = false;
    else if (ep.nodeHints.includes(nodeName)) hasForNode = true;
    if (ep.zoneHints.length === 0) allZoneHints = false;
    else if (ep.zoneHints.includes(zone)) hasForZone = true;
  }
  if (!hasReady) return '';
  if (allNodeHints && hasForNode) return 'PreferSameNode';
  if (allZoneHints && hasForZone) return 'PreferSameZone';
  return '';
}

function availableForTopology(ep: ProxyEndpoint, mode: CategorizedEndpoints['topologyMode'], nodeName: string, zone: string): boolean {
  switch (mode) {
    case '':
      return true;
    case 'PreferSameNode':
      return ep.nodeHints.includes(nodeName);
    case 'PreferSameZone':
      return ep.zoneHints.includes(zone);
  }
}

/** CategorizeEndpoints for one node (nodeName) in one zone (its topology.kubernetes.io/zone, or ''). */
export function categorizeEndpoints(
  endpoints: readonly ProxyEndpoint[],
  svc: TopologyServicePort,
  nodeName: string,
  zone: string,
): CategorizedEndpoints {
  const out: CategorizedEndpoints = {
    clusterEndpoints: [],
    localEndpoints: [],
    allReachableEndpoints: [],
    hasAnyEndpoints: false,
    topologyMode: '',
  };
  if (endpoints.length === 0) return out;
  let useServingTerminating = false;
  if (usesClusterEndpoints(svc)) {
    out.topologyMode = topologyModeFromHints(endpoints, nodeName, zone);
    out.clusterEndpoints = endpoints.filter((ep) => ep.ready && availableForTopology(ep, out.topologyMode, nodeName, zone));
    // No ready endpoint anywhere: fall back to the serving-and-terminating ones.
    if (out.clusterEndpoints.length === 0) out.clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (out.clusterEndpoints.length > 0) out.hasAnyEndpoints = true;
  }
  if (!usesLocalEndpoints(svc)) {
    out.allReachableEndpoints = out.clusterEndpoints;
    return out;
  }
  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      out.hasAnyEndpoints = true;
      if (isLocal(ep, nodeName)) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      out.hasAnyEndpoints = true;
      if (isLocal(ep, nodeName)) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) {
    out.localEndpoints = endpoints.filter((ep) => isLocal(ep, nodeName) && ep.ready);
  } else if (hasLocalServingTerminating) {
    useServingTerminating = true;
    out.localEndpoints = endpoints.filter((ep) => isLocal(ep, nodeName) && ep.serving && ep.terminating);
  }
  if (!usesClusterEndpoints(svc)) {
    out.allReachableEndpoints = out.localEndpoints;
    return out;
  }
  if (out.topologyMode === '' && !useServingTerminating) {
    out.allReachableEndpoints = out.clusterEndpoints;
    return out;
  }
  const union = new Map<string, ProxyEndpoint>();
  for (const ep of [...out.clusterEndpoints, ...out.localEndpoints]) union.set(ep.address, ep);
  out.allReachableEndpoints = [...union.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  return out;
}
