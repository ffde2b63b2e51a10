/**
 * Objects as the simulated cluster holds them: decoded, validated, defaulted, with status filled
 * in, in the shape `kubectl get -o yaml` shows. Fields the simulation does not use are carried
 * through unchanged in `extra`-free form by the looseObject schemas they were decoded with.
 */
import type { GRPCRoute, Gateway, GatewayClass, HTTPRoute, ReferenceGrant } from './gateway-types';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export const SERVICE_TYPES: readonly ServiceType[] = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/**
 * Every kind the simulated cluster stores: the one list the kind table (apiserver/kinds.ts), the
 * editor's schemas and the share link's schema are checked against or derived from.
 */
export const KIND_NAMES = [
  'Namespace',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'Service',
  'Endpoints',
  'EndpointSlice',
  'Ingress',
  'IngressClass',
  'Node',
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'ReferenceGrant',
] as const;

export type Kind = (typeof KIND_NAMES)[number];

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generateName?: string;
  ownerReferences?: OwnerReference[];
  /** Set when the object is being deleted gracefully (a pod in its termination grace period). */
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  [field: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: Kind;
  metadata: ObjectMeta;
}

// ---- Service -------------------------------------------------------------------------------

export interface ServicePort {
  name?: string;
  protocol: Protocol;
  appProtocol?: string;
  port: number;
  targetPort: number | string;
  nodePort?: number;
}

export interface LoadBalancerIngress {
  ip?: string;
  hostname?: string;
  ipMode?: string;
}

export interface ServiceSpec {
  type: ServiceType;
  selector?: Record<string, string>;
  ports: ServicePort[];
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  externalName?: string;
  externalTrafficPolicy?: 'Cluster' | 'Local';
  internalTrafficPolicy?: 'Cluster' | 'Local';
  healthCheckNodePort?: number;
  sessionAffinity: 'None' | 'ClientIP';
  sessionAffinityConfig?: { clientIP: { timeoutSeconds: number } };
  loadBalancerIP?: string;
  loadBalancerClass?: string;
  allocateLoadBalancerNodePorts?: boolean;
  publishNotReadyAddresses?: boolean;
  ipFamilies?: string[];
  ipFamilyPolicy?: string;
  [field: string]: unknown;
}

export interface Service extends KubeObject {
  kind: 'Service';
  spec: ServiceSpec;
  status: { loadBalancer: { ingress?: LoadBalancerIngress[] } };
}

// ---- Pod -----------------------------------------------------------------------------------

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: Protocol;
  hostPort?: number;
}

export interface Container {
  name: string;
  image: string;
  ports?: ContainerPort[];
  readinessProbe?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface PodSpec {
  containers: Container[];
  /** Run before the containers; one with `restartPolicy: Always` is a sidecar that keeps running. */
  initContainers?: Container[];
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  enableServiceLinks: boolean;
  dnsPolicy: string;
  restartPolicy: string;
  nodeSelector?: Record<string, string>;
  [field: string]: unknown;
}

export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions: PodCondition[];
  hostIP?: string;
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  message?: string;
  reason?: string;
}

export interface Pod extends KubeObject {
  kind: 'Pod';
  spec: PodSpec;
  status: PodStatus;
}

// ---- Workloads -----------------------------------------------------------------------------

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface PodTemplate {
  metadata: { labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  spec: PodSpec;
}

export interface WorkloadStatus {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
}

export interface Deployment extends KubeObject {
  kind: 'Deployment';
  spec: { replicas: number; selector: LabelSelector; template: PodTemplate; [field: string]: unknown };
  status: WorkloadStatus & { updatedReplicas: number };
}

export interface ReplicaSet extends KubeObject {
  kind: 'ReplicaSet';
  spec: { replicas: number; selector: LabelSelector; template: PodTemplate; [field: string]: unknown };
  status: WorkloadStatus & { fullyLabeledReplicas: number };
}

// ---- Endpoints -----------------------------------------------------------------------------

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KubeObject {
  kind: 'Endpoints';
  subsets: EndpointSubset[];
}

/** discovery/v1 EndpointHints: where kube-proxy should use the endpoint (trafficDistribution). */
export interface EndpointHints {
  forZones?: { name: string }[];
  forNodes?: { name: string }[];
}

export interface EndpointSliceEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
  hints?: EndpointHints;
}

export interface EndpointSlicePort {
  name?: string;
  protocol: Protocol;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends KubeObject {
  kind: 'EndpointSlice';
  addressType: string;
  endpoints: EndpointSliceEndpoint[];
  ports: EndpointSlicePort[];
}

// ---- Namespace, Node -----------------------------------------------------------------------

export interface Namespace extends KubeObject {
  kind: 'Namespace';
  spec: { finalizers: string[] };
  status: { phase: 'Active' | 'Terminating' };
}

export interface Node extends KubeObject {
  kind: 'Node';
  spec: { podCIDR: string; podCIDRs: string[] };
  status: {
    addresses: { type: 'InternalIP' | 'Hostname'; address: string }[];
    conditions: { type: 'Ready'; status: 'True' | 'False' | 'Unknown'; reason?: string }[];
  };
}

// ---- Ingress -------------------------------------------------------------------------------

/** A backend in networking.k8s.io/v1 form; v1beta1 backends are converted to it. */
export interface IngressBackend {
  service?: { name: string; port: { name?: string; number?: number } };
  resource?: { apiGroup?: string; kind: string; name: string };
}

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface HTTPIngressPath {
  path?: string;
  pathType: PathType;
  backend: IngressBackend;
}

export interface IngressRule {
  host?: string;
  http?: { paths: HTTPIngressPath[] };
}

export interface Ingress extends KubeObject {
  kind: 'Ingress';
  spec: {
    ingressClassName?: string;
    defaultBackend?: IngressBackend;
    tls?: { hosts?: string[]; secretName?: string }[];
    rules?: IngressRule[];
  };
  status: { loadBalancer: { ingress?: LoadBalancerIngress[] } };
}

export interface IngressClass extends KubeObject {
  kind: 'IngressClass';
  spec: { controller?: string; parameters?: unknown };
}

export type ClusterObject =
  | Namespace
  | Node
  | Pod
  | Deployment
  | ReplicaSet
  | Service
  | Endpoints
  | EndpointSlice
  | Ingress
  | IngressClass
  | GatewayClass
  | Gateway
  | HTTPRoute
  | GRPCRoute
  | ReferenceGrant;

export type ObjectOfKind<K extends Kind> = Extract<ClusterObject, { kind: K }>;

/** Kinds whose objects live in a namespace. */
export const CLUSTER_SCOPED: ReadonlySet<Kind> = new Set<Kind>(['Namespace', 'Node', 'IngressClass', 'GatewayClass']);
