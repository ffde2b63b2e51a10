/**
 * The cluster as a graph, the way the app draws it: plain data computed in the worker (built from
 * the simulated objects, laid out with elkjs) and handed to React Flow as positioned nodes.
 */

export type GraphNodeType =
  'client' | 'internet' | 'dns' | 'cloud-lb' | 'cluster-node' | 'kube-proxy' | 'pod' | 'service' | 'endpoints' | 'ingress' | 'external';

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
  /** Position relative to the parent (or the canvas), and size. Filled in by layout. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export type GraphEdgeType = 'endpoint' | 'endpoint-not-ready' | 'backend' | 'load-balancer' | 'cname' | 'external';

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
  endpoints: 200,
  ingress: 230,
  external: 190,
};

export const LINE_HEIGHT = 15;
export const HEADER_HEIGHT = 38;

export function nodeHeight(lines: number): number {
  return HEADER_HEIGHT + lines * LINE_HEIGHT + 8;
}
