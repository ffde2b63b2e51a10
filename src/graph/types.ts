/**
 * The cluster as a graph, the way the app draws it: plain data computed in the worker (built from
 * the simulated objects, laid out with elkjs) and handed to React Flow as positioned nodes.
 */

export type GraphNodeType =
  | 'client'
  | 'internet'
  | 'dns'
  | 'cloud-lb'
  | 'cluster-node'
  | 'kube-proxy'
  | 'pod'
  | 'service'
  | 'endpointslice'
  | 'endpoints'
  | 'ingress'
  | 'gateway'
  | 'route'
  | 'external';

export type GraphStatus = 'ok' | 'warning' | 'error' | 'muted';

/** The Kubernetes object an element stands for (what the inspector and the YAML selection show). */
export interface ObjectRef {
  kind: string;
  name: string;
  namespace?: string;
}

export interface GraphNode {
  id: string;
  type: GraphNodeType;
  /** The cluster-node group holding this element (pods, kube-proxy). */
  parentId?: string;
  title: string;
  /** A short kind tag shown above the title (`Service · NodePort`). */
  tag: string;
  /** Detail lines (addresses, ports, labels). */
  lines: string[];
  status: GraphStatus;
  ref?: ObjectRef;
  /** Pod IP, ClusterIP, node IP, LB IP...: the addresses a packet can be at when it is here. */
  addresses: string[];
  /**
   * Set when the element stands for many objects that would drown the graph one by one (see
   * GROUPING in build.ts): what it folds, and how to unfold it. Graphs under the thresholds
   * have no such element.
   */
  group?: GraphGroup;
  /** Position relative to the parent (or the canvas), and size. Filled in by layout. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * One element for many: the pods of one owner on one node past the first few, the pods of a node
 * past the first few dozen, the Services past the first few dozen (with their slices and
 * Endpoints), the EndpointSlices of one Service past the first few, or the outside addresses of
 * one Service. Its id starts with `group:` and names what it folds
 * (`group:pods:<node>/<namespace>/<owner>`, `group:pods:<node>`, `group:svc:<namespace>`,
 * `group:slices:<namespace>/<service>`, `group:ext:<namespace>/<service>`), so it is stable across edits.
 *
 * To expand it, a UI rebuilds the graph with its id in BuildOptions.expand: the members are then
 * drawn one by one, with the ids listed in `members` (`pod:…`, `svc:…` with their `slice:…` and
 * `ep:…`, `slice:…`, `ext:…`).
 * Edges that would go to a member go to the group; traces land on it through its `addresses`.
 */
export interface GraphGroup {
  of: 'pods' | 'services' | 'addresses' | 'slices';
  /** How many members it folds (the title says it too: "+ 96 more pods", "1,000 addresses"). */
  count: number;
  /** The element ids the members have when drawn one by one, in drawing order. */
  members: string[];
  /** For the pods of one owner (a ReplicaSet, a StatefulSet...): that owner. */
  owner?: ObjectRef;
}

/**
 * `endpoint`, `endpoint-not-ready`, `endpoint-terminating`: an EndpointSlice to an endpoint by its
 * conditions (ready; not ready; terminating, serving or not); `mirror`: a Service to the v1
 * Endpoints the endpoints controller keeps as a deprecated mirror, or hand-written Endpoints to
 * the EndpointSlice the mirroring controller copies them into; `route`: a Gateway to a route its
 * controller accepted there; `route-not-accepted`: to a route whose parentRef names it but that it
 * did not accept (Accepted False, the reason as the label).
 */
export type GraphEdgeType =
  | 'endpoint'
  | 'endpoint-not-ready'
  | 'endpoint-terminating'
  | 'mirror'
  | 'backend'
  | 'load-balancer'
  | 'cname'
  | 'external'
  | 'route'
  | 'route-not-accepted';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  type: GraphEdgeType;
  label?: string;
}

export interface ClusterGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

/** Sizes the layout reserves per element type (pixels). */
export const NODE_WIDTH: Record<GraphNodeType, number> = {
  client: 170,
  internet: 170,
  dns: 190,
  'cloud-lb': 190,
  'cluster-node': 230,
  'kube-proxy': 200,
  pod: 200,
  service: 210,
  endpointslice: 260,
  endpoints: 250,
  ingress: 230,
  gateway: 230,
  route: 250,
  external: 190,
};

export const LINE_HEIGHT = 15;
export const HEADER_HEIGHT = 38;

export function nodeHeight(lines: number): number {
  return HEADER_HEIGHT + lines * LINE_HEIGHT + 8;
}
