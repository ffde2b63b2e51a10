/**
 * What the simulation keeps beside the API objects, held on the ClusterState it belongs to (never
 * in module variables, so a new cluster starts clean and nothing is shared between clusters):
 *
 * - DerivedCaches: values computed from the store, each remembering the store versions (or
 *   inputs) it was made from and made again when they change. Dropping one changes no result.
 * - DataplaneState: what requests leave behind in the data plane, as the kernel and the proxies
 *   keep it: each node's randomness for `-m statistic`, xt_recent's lists for ClientIP affinity,
 *   ingress-nginx's round-robin position per upstream. Dropping it changes later answers.
 *
 * Each field is owned by one module (named on it): only that module reads or writes it.
 */
import type { Service } from './model/types';
import type { Random } from './util/random';
import type { NetworkIndex } from './trace/network';
import type { NginxConfig } from './ingress/nginx-config';
import type { PodLabelIndex } from './controllers/pod-selection';
import type { ProxyRules } from './proxy/runtime';

export class DerivedCaches {
  /**
   * controllers/endpoint-controllers.ts: what the endpoint controllers last worked from (the
   * store versions they read, and each Service's resourceVersion).
   */
  endpointControllers: { inputs: string; services: Map<string, string | undefined> } = { inputs: '', services: new Map() };
  /** controllers/kubelet.ts: the Services whose variables pods get, by `namespace/enableServiceLinks`, at a Service version. */
  readonly visibleServices = new Map<string, { version: number; services: Service[] }>();
  /** controllers/scheduler.ts: the Ready nodes each nodeSelector admits, at a Node version. */
  feasibleNodes: { version: number; bySelector: Map<string, string[]> } | undefined;
  /** controllers/pod-selection.ts: pods by label, per namespace, at a Pod version. */
  podLabels: { version: number; namespaces: Map<string, PodLabelIndex> } | undefined;
  /** trace/network.ts: the addressing of pods and nodes the tracer looks up. */
  network: NetworkIndex | undefined;
  /** proxy/runtime.ts: kube-proxy's compiled rules on each node, at Service, EndpointSlice and Node versions. */
  proxy: ProxyRules | undefined;
  /** ingress/nginx-config.ts: ingress-nginx's configuration, at Ingress and IngressClass versions. */
  nginx: { version: string; config: NginxConfig } | undefined;
  /** gateway/controller.ts: the JSON of each Envoy proxy object last applied, by `Kind/name` (unchanged ones are not applied again). */
  readonly gatewayProxies = new Map<string, string>();
}

export class DataplaneState {
  /** proxy/runtime.ts: random streams that keep going from call to call (each node's kernel has its own). */
  readonly random = new Map<string, Random>();
  /** proxy/runtime.ts: xt_recent's lists, node -> KUBE-SEP chain -> source IP -> last seen (simulated seconds). */
  readonly recent = new Map<string, Map<string, Map<string, number>>>();
  /** ingress/upstream.ts: round_robin's next position per upstream. */
  readonly roundRobin = new Map<string, number>();
}
