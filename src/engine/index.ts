/**
 * svcscope's engine: a simulated Kubernetes control plane for service discovery.
 * Pure TypeScript: no DOM, no React. Runs in a Web Worker in the app and in Node in tests.
 */
import type { Cluster } from './cluster';
import { SimulatedCluster } from './cluster';
import type { ClusterOptions } from './options';

export type { Cluster, DeleteOptions } from './cluster';
export type { ClusterOptions, IngressControllerMode, NodeOption, ProxyMode, ResolvedOptions } from './options';
export { DEFAULT_OPTIONS } from './options';
export type { Diagnostic, DiagnosticType, FieldErrorType, Severity, SourceLocation } from './diagnostics';
export { describeDiagnostic, hasErrors } from './diagnostics';
export type { EventRef, SimEvent } from './state';
export type * from './model/types';
export type { SimulationAction } from './actions/types';
export { READINESS_ANNOTATION } from './controllers/kubelet';
export { ENDPOINTSLICE_CONTROLLER, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './controllers/endpointslice';
export { MIRRORING_CONTROLLER } from './controllers/endpointslice-mirroring';
export { serviceEnvVars } from './envvars/service-env';
export { SUPPORTED_KINDS } from './apiserver/kinds';
export type { KindJsonSchema } from './apiserver/json-schema';
export { kindJsonSchemas } from './apiserver/json-schema';
export { KIND_NAMES } from './model/types';
export type { DnsQueryOptions, DnsRecord, DnsResponse, RecordType } from './dns/types';
export type {
  Hop,
  HopComponent,
  Packet,
  SendRequest,
  Trace,
  TraceGateway,
  TraceHttp,
  TraceSource,
  TraceTarget,
  TraceVerdict,
} from './trace/types';
export type * from './model/gateway-types';
export type { ConversionNote, ConversionOptions, ConversionResult } from './gateway/ingress2gateway';
export { convertIngresses } from './gateway/ingress2gateway';
export { ENVOY_GATEWAY_CLASS, ENVOY_GATEWAY_CONTROLLER, ENVOY_GATEWAY_NAMESPACE } from './gateway/envoy-gateway';

/**
 * Builds a cluster from multi-document YAML, applying the documents in order, one simulated
 * second apart. Never throws on bad input: problems are in `cluster.diagnostics`.
 */
export function createCluster(yaml: string, options?: ClusterOptions): Cluster {
  return new SimulatedCluster(yaml, options);
}
export { DEFAULT_NAMESPACE, namespaceOf, namespacedName, isObject, isSystemObject, SYSTEM_NAMESPACES } from './model/meta';
export { isPodReady, isNodeReady, podReadyCondition, isPodRunningAndReady } from './model/podutil';
export { onProgress } from './util/progress';
