/**
 * Gateway API objects (gateway.networking.k8s.io) as the simulated cluster stores them, with the
 * CRDs' defaults filled in (kubernetes-sigs/gateway-api apis/v1/*_types.go, the
 * `+kubebuilder:default` markers): a parentRef's group and kind, a backendRef's group, kind and
 * weight, a rule's default match `PathPrefix /`, a listener's allowedRoutes `from: Same`.
 */
import type { KubeObject, LabelSelector } from './types';

/** metav1.Condition, as every Gateway API status uses it. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

// ---- GatewayClass --------------------------------------------------------------------------

export interface GatewayClass extends KubeObject {
  kind: 'GatewayClass';
  spec: { controllerName: string; description?: string; parametersRef?: unknown };
  status: { conditions?: Condition[] };
}

// ---- Gateway -------------------------------------------------------------------------------

export type ListenerProtocol = string; // HTTP, HTTPS, TLS, TCP, UDP or a domain-prefixed value

export interface RouteGroupKind {
  group: string;
  kind: string;
}

export interface AllowedRoutes {
  namespaces: { from: 'All' | 'Same' | 'Selector' | 'None'; selector?: LabelSelector };
  kinds?: RouteGroupKind[];
}

export interface SecretObjectReference {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: ListenerProtocol;
  tls?: { mode: 'Terminate' | 'Passthrough'; certificateRefs?: SecretObjectReference[]; options?: Record<string, string> };
  allowedRoutes: AllowedRoutes;
}

export interface GatewayAddress {
  type?: string;
  value: string;
}

export interface ListenerStatus {
  name: string;
  supportedKinds: RouteGroupKind[];
  attachedRoutes: number;
  conditions: Condition[];
}

export interface Gateway extends KubeObject {
  kind: 'Gateway';
  spec: { gatewayClassName: string; listeners: Listener[]; addresses?: GatewayAddress[]; infrastructure?: unknown };
  status: { addresses?: GatewayAddress[]; conditions?: Condition[]; listeners?: ListenerStatus[] };
}

// ---- Routes --------------------------------------------------------------------------------

export interface ParentReference {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  port?: number;
  weight: number;
  filters?: HTTPRouteFilter[];
}

export interface HeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface HTTPRouteMatch {
  path?: { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string };
  headers?: HeaderMatch[];
  queryParams?: HeaderMatch[];
  method?: string;
}

export interface HeaderModifier {
  set?: { name: string; value: string }[];
  add?: { name: string; value: string }[];
  remove?: string[];
}

export interface PathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface HTTPRouteFilter {
  type: string;
  requestHeaderModifier?: HeaderModifier;
  responseHeaderModifier?: HeaderModifier;
  requestRedirect?: { scheme?: string; hostname?: string; path?: PathModifier; port?: number; statusCode: number };
  urlRewrite?: { hostname?: string; path?: PathModifier };
  requestMirror?: { backendRef: Omit<BackendRef, 'weight' | 'filters'>; percent?: number; fraction?: unknown };
  extensionRef?: { group: string; kind: string; name: string };
  [field: string]: unknown;
}

export interface HTTPRouteRule {
  name?: string;
  matches: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
}

export interface RouteParentStatus {
  parentRef: ParentReference;
  controllerName: string;
  conditions: Condition[];
}

export interface RouteStatus {
  parents: RouteParentStatus[];
}

export interface HTTPRoute extends KubeObject {
  kind: 'HTTPRoute';
  spec: { parentRefs: ParentReference[]; hostnames?: string[]; rules: HTTPRouteRule[] };
  status: RouteStatus;
}

export interface GRPCMethodMatch {
  type: 'Exact' | 'RegularExpression';
  service?: string;
  method?: string;
}

export interface GRPCRouteRule {
  name?: string;
  matches?: { method?: GRPCMethodMatch; headers?: HeaderMatch[] }[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
}

export interface GRPCRoute extends KubeObject {
  kind: 'GRPCRoute';
  spec: { parentRefs: ParentReference[]; hostnames?: string[]; rules: GRPCRouteRule[] };
  status: RouteStatus;
}

// ---- ReferenceGrant ------------------------------------------------------------------------

export interface ReferenceGrant extends KubeObject {
  kind: 'ReferenceGrant';
  spec: {
    from: { group: string; kind: string; namespace: string }[];
    to: { group: string; kind: string; name?: string }[];
  };
}
