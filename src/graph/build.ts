/**
 * Builds the drawn graph from the simulated objects: who can reach what, as a learner should see
 * it. Outside the cluster: the external client, the cloud load balancer and the internet. Inside:
 * cluster DNS, Ingresses, Gateways with the HTTPRoutes and GRPCRoutes that name them, Services,
 * their EndpointSlices (what kube-proxy reads: Service → slice → pods), the v1 Endpoints as the
 * deprecated mirror they are since 1.33, and the nodes holding kube-proxy and pods.
 * Element ids are derived from object identities so they are stable across edits.
 */
import type {
  BackendRef,
  ClusterObject,
  EndpointSlice,
  EndpointSliceEndpoint,
  Endpoints,
  Gateway,
  GRPCRoute,
  HTTPRoute,
  HTTPRouteMatch,
  Ingress,
  IngressBackend,
  Node,
  ParentReference,
  Pod,
  RouteParentStatus,
  Service,
} from '../engine/index';
import type { ClusterGraph, GraphEdge, GraphGroup, GraphNode, GraphNodeType, GraphStatus, ObjectRef } from './types';
import { NODE_WIDTH, nodeHeight } from './types';
import { ids } from './ids';
import {
  ENVOY_GATEWAY_NAMESPACE,
  MANAGED_BY_LABEL,
  MIRRORING_CONTROLLER,
  SERVICE_NAME_LABEL,
  isNodeReady,
  isPodReady,
  isSystemObject,
  namespaceOf,
  podReadyCondition,
} from '../engine/index';

/** The external client's address: TEST-NET-1 (RFC 5737), reserved for documentation. */
export const EXTERNAL_CLIENT_IP = '192.0.2.10';

export interface BuildOptions {
  /** Show the cluster's own objects (CoreDNS pods, the `kubernetes` Service, the ingress controller). */
  showSystem?: boolean;
  /**
   * The Services (`namespace/name`) whose variables the kubelet injected into a pod when its
   * containers started (`Cluster.envServices`): the pods of user namespaces then show an env
   * badge. The objects alone do not say it (the environment is fixed at start, not stored).
   */
  envServices?: (pod: Pod) => readonly string[] | undefined;
  /** Ids of group elements (GraphNode.group) to draw member by member. */
  expand?: readonly string[];
  /**
   * Kept by the caller between builds of one living cluster (EngineSession keeps one per
   * cluster): the elements of objects whose resourceVersion did not change are not made again.
   * Only for builds with the same `envServices` (a pod's environment is fixed while it runs).
   */
  cache?: BuildCache;
}

/** What buildGraph may reuse from an earlier build of the same cluster (BuildOptions.cache). */
export interface BuildCache {
  /** Each pod's element as made, by the pod object, with the resourceVersion it was made from. */
  readonly pods: WeakMap<Pod, { version: string | undefined; element: GraphNode }>;
  /**
   * The last build's pod elements and the pods (as the store listed them, with their
   * resourceVersions) and groups unfolded they were made from: the same pods give the same
   * elements (most edits write no pod), so 10,000 pods are not sorted and grouped again.
   */
  drawnPods?: { pods: readonly Pod[]; versions: readonly (string | undefined)[]; expand: string; drawn: PodElements };
  /**
   * The content (elementContent) of the elements the cache keeps and of each copy it hands out:
   * a copy's content is its original's, so whoever signs the elements (snapshot-diff.ts) need not
   * write a reused element out again.
   */
  readonly contents: WeakMap<GraphNode, string>;
}

export function buildCache(): BuildCache {
  return { pods: new WeakMap(), contents: new WeakMap() };
}

/** Where layout puts an element: the only fields it changes once the element is made. */
const PLACEMENT: ReadonlySet<string> = new Set(['x', 'y', 'width', 'height']);

/** An element as JSON but for its placement (x, y, width, height). */
export function elementContent(element: GraphNode): string {
  return JSON.stringify(element, function (key, value: unknown) {
    return this === element && PLACEMENT.has(key) ? undefined : value;
  });
}

/** A copy of an element the cache keeps (layout moves the elements it is given), with its content known. */
function copyOf(element: GraphNode, cache: BuildCache): GraphNode {
  const copy = { ...element };
  let content = cache.contents.get(element);
  if (content === undefined) cache.contents.set(element, (content = elementContent(element)));
  cache.contents.set(copy, content);
  return copy;
}

/** The pod elements, each with the pods it stands for (one, or a group's members), and which element holds each pod IP. */
interface PodElements {
  drawn: readonly { element: GraphNode; pods: Pod[] }[];
  byIP: ReadonlyMap<string, string>;
}

/** The same objects at the same resourceVersions, in the same order. */
function sameObjects(a: readonly ClusterObject[], b: readonly ClusterObject[], versions: readonly (string | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || a[i]?.metadata.resourceVersion !== versions[i]) return false;
  return true;
}

/**
 * The pod's env badge: how many Services' variables it got when its containers started. The
 * `kubernetes` Service, whose variables every pod gets (even with enableServiceLinks: false;
 * getServiceEnvVarMap in pkg/kubelet/kubelet_pods.go), is not counted: a pod started before a
 * Service says `env: 0 Services` while one started after says `env: 1 Service` (example 13-2).
 */
export function envBadge(pod: Pod, services: readonly string[]): string {
  if (pod.spec.enableServiceLinks === false) return 'env: service links off';
  const count = services.filter((s) => s !== 'default/kubernetes').length;
  return `env: ${count} Service${count === 1 ? '' : 's'}`;
}

/**
 * Past these counts the graph folds what would drown it into one element with a count (a
 * GraphGroup): a 1,000-address Endpoints made 1,000 elements and took 27 s to lay out. Under
 * them, nothing is folded and the graph is drawn element by element as it always was.
 */
export const GROUPING = {
  /** Outside addresses of one Endpoints drawn one by one; more are one element. */
  externalAddresses: 8,
  /** Pods of one owner on one node: past `ownerPods`, the first `ownerPodsShown` and one element for the rest. */
  ownerPods: 12,
  ownerPodsShown: 4,
  /** Elements in one node box: past `nodePods`, the first `nodePodsShown` and one element for the rest. */
  nodePods: 40,
  nodePodsShown: 24,
  /** Services: past `services`, those an Ingress routes to and the first by name up to `servicesShown`, one element per namespace for the rest. */
  services: 50,
  servicesShown: 30,
  /** EndpointSlices of one Service drawn one by one (up to 400 endpoints at 100 a slice); more are one element. */
  slices: 4,
  /** Endpoint lines an EndpointSlice element shows before "… N more". */
  sliceEndpointLines: 6,
} as const;

export const groupIds = {
  ownerPods: (node: string, namespace: string, owner: string) => `group:pods:${node}/${namespace}/${owner}`,
  nodePods: (node: string) => `group:pods:${node}`,
  services: (namespace: string) => `group:svc:${namespace}`,
  slices: (namespace: string, service: string) => `group:slices:${namespace}/${service}`,
  /** The outside addresses of one Service's endpoints (a manual Endpoints mirrored, or a hand-written slice). */
  addresses: (namespace: string, service: string) => `group:ext:${namespace}/${service}`,
} as const;

/** One formatter for every count (toLocaleString makes one per call: a tenth of a build's time). */
const COUNT_FORMAT = new Intl.NumberFormat('en');
const count = (n: number): string => COUNT_FORMAT.format(n);

function ns(obj: ClusterObject): string {
  return namespaceOf(obj);
}

function refOf(obj: ClusterObject): ObjectRef {
  return { kind: obj.kind, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}) };
}

function node(type: GraphNodeType, id: string, title: string, tag: string, lines: string[], extra: Partial<GraphNode> = {}): GraphNode {
  return {
    id,
    type,
    title,
    tag,
    lines,
    status: 'ok',
    addresses: [],
    x: 0,
    y: 0,
    width: NODE_WIDTH[type],
    height: nodeHeight(lines.length),
    ...extra,
  };
}

function labelsLine(labels: Record<string, string> | undefined): string[] {
  const entries = Object.entries(labels ?? {}).filter(([k]) => k !== 'pod-template-hash');
  return entries.length ? [entries.map(([k, v]) => `${k}=${v}`).join(', ')] : [];
}

/** A pod deleted with a grace period: the API server set deletionTimestamp and it is shutting down. */
const terminating = (pod: Pod): boolean => pod.metadata.deletionTimestamp !== undefined;

function podStatus(pod: Pod): GraphStatus {
  return pod.status.phase === 'Pending' ? 'error' : isPodReady(pod) && !terminating(pod) ? 'ok' : 'warning';
}

/**
 * A pod's element: made again only when the pod was written since (its resourceVersion changed),
 * else a copy of the one made before (a copy: layout moves the elements it is given).
 */
function podNode(pod: Pod, envServices?: BuildOptions['envServices'], cache?: BuildCache): GraphNode {
  const known = cache?.pods.get(pod);
  if (cache && known && known.version === pod.metadata.resourceVersion) return copyOf(known.element, cache);
  const element = makePodNode(pod, envServices);
  cache?.pods.set(pod, { version: pod.metadata.resourceVersion, element: { ...element } });
  return element;
}

function makePodNode(pod: Pod, envServices?: BuildOptions['envServices']): GraphNode {
  const ready = isPodReady(pod);
  const status = podStatus(pod);
  // kubectl get pods says Terminating for a pod with a deletionTimestamp (printPod, pkg/printers/internalversion).
  const readiness = pod.status.phase !== 'Running' ? pod.status.phase : terminating(pod) ? 'Terminating' : ready ? 'Ready' : 'NotReady';
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []).map((p) => `${p.containerPort}${p.name ? `/${p.name}` : ''}`);
  const lines = [
    `${pod.status.podIP ?? 'no IP'} · ${readiness}`,
    // Why it is not ready, on a line of its own: after the address it was cut off in a pod's box.
    ...(readiness === 'NotReady' ? [`(${podReadyCondition(pod)?.reason ?? 'probe failing'})`] : []),
    ...labelsLine(pod.metadata.labels),
    ...(ports.length ? [`ports ${ports.join(', ')}`] : []),
  ];
  const services = envServices && !isSystemObject(pod) && pod.status.phase === 'Running' ? envServices(pod) : undefined;
  if (services) lines.push(envBadge(pod, services));
  return node('pod', ids.pod(ns(pod), pod.metadata.name), pod.metadata.name, ns(pod) === 'default' ? 'Pod' : `Pod · ${ns(pod)}`, lines, {
    status,
    ref: refOf(pod),
    addresses: pod.status.podIP ? [pod.status.podIP] : [],
    ...(pod.spec.nodeName ? { parentId: ids.node(pod.spec.nodeName) } : {}),
  });
}

function servicePorts(svc: Service): string {
  return svc.spec.ports
    .map((p) => `${p.name ? `${p.name} ` : ''}${p.port}${p.nodePort ? `:${p.nodePort}` : ''}→${p.targetPort}/${p.protocol}`)
    .join(', ');
}

function serviceNode(svc: Service): GraphNode {
  const headless = svc.spec.clusterIP === 'None';
  const type = svc.spec.type === 'ExternalName' ? 'ExternalName' : headless ? 'Headless' : svc.spec.type;
  const lines: string[] = [];
  if (svc.spec.type === 'ExternalName') lines.push(`CNAME → ${svc.spec.externalName ?? '?'}`);
  else lines.push(headless ? 'clusterIP: None' : `clusterIP ${svc.spec.clusterIP ?? '?'}`);
  if (svc.spec.ports.length) lines.push(servicePorts(svc));
  const lb = svc.status.loadBalancer.ingress?.map((i) => i.ip ?? i.hostname).filter(Boolean) ?? [];
  if (lb.length) lines.push(`LB ${lb.join(', ')}`);
  if (svc.spec.externalTrafficPolicy === 'Local') lines.push('externalTrafficPolicy: Local');
  if (svc.spec.sessionAffinity === 'ClientIP') lines.push('sessionAffinity: ClientIP');
  lines.push(
    svc.spec.selector
      ? `selector ${Object.entries(svc.spec.selector)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`
      : 'no selector',
  );
  const addresses = [
    ...(svc.spec.clusterIP && !headless ? [svc.spec.clusterIP] : []),
    ...lb.filter((a): a is string => !!a),
    ...(svc.spec.externalIPs ?? []),
  ];
  return node(
    'service',
    ids.service(ns(svc), svc.metadata.name),
    svc.metadata.name,
    `Service · ${type}${ns(svc) === 'default' ? '' : ` · ${ns(svc)}`}`,
    lines,
    {
      ref: refOf(svc),
      addresses,
    },
  );
}

/**
 * The v1 Endpoints: deprecated since 1.33 (KEP-4974: the API server warns "v1 Endpoints is
 * deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"), read by neither kube-proxy nor
 * CoreDNS. The endpoints controller still writes them for a Service with a selector: the
 * deprecated mirror of what the slices say. Hand-written ones (a Service without a selector)
 * are what the mirroring controller copies into a slice. Either way no request goes through it.
 */
function endpointsNode(ep: Endpoints, handWritten: boolean): GraphNode {
  const lines: string[] = [];
  for (const subset of ep.subsets) {
    const ports = (subset.ports ?? []).map((p) => p.port).join(',');
    for (const a of subset.addresses ?? []) lines.push(`${a.ip}:${ports}`);
    for (const a of subset.notReadyAddresses ?? []) lines.push(`${a.ip}:${ports} (not ready)`);
  }
  if (!lines.length) lines.push('<none>');
  const ready = ep.subsets.some((s) => (s.addresses ?? []).length > 0);
  return node(
    'endpoints',
    ids.endpoints(ns(ep), ep.metadata.name),
    handWritten ? 'Endpoints (deprecated)' : 'Endpoints (deprecated mirror)',
    `v1 Endpoints · ${ep.metadata.name}${ns(ep) === 'default' ? '' : ` · ${ns(ep)}`}`,
    lines.slice(0, 8).concat(lines.length > 8 ? [`… ${lines.length - 8} more`] : []),
    {
      ref: refOf(ep),
      status: ready ? 'ok' : 'warning',
    },
  );
}

/**
 * An endpoint's conditions as consumers read them (discovery/v1 EndpointConditions): a nil ready
 * or serving counts as true, a nil terminating as false (endpointslicecache.go addEndpoints).
 */
export function conditionsOf(e: EndpointSliceEndpoint): { ready: boolean; serving: boolean; terminating: boolean } {
  return { ready: e.conditions.ready !== false, serving: e.conditions.serving !== false, terminating: e.conditions.terminating === true };
}

/**
 * How many endpoints are in each condition: `3 ready`, then the serving count when it differs
 * (serving-terminating endpoints, which kube-proxy falls back to when no ready one is left,
 * KEP-1669), the terminating ones, and those neither ready nor terminating (a failing readiness
 * probe). `3 ready · 4 serving · 1 terminating`.
 */
export function conditionCounts(endpoints: readonly EndpointSliceEndpoint[]): string {
  if (!endpoints.length) return 'no endpoints';
  let [ready, serving, ending, notReady] = [0, 0, 0, 0];
  for (const e of endpoints) {
    const c = conditionsOf(e);
    if (c.ready) ready++;
    if (c.serving) serving++;
    if (c.terminating) ending++;
    else if (!c.ready) notReady++;
  }
  const parts = [`${count(ready)} ready`];
  if (serving !== ready) parts.push(`${count(serving)} serving`);
  if (ending) parts.push(`${count(ending)} terminating`);
  if (notReady) parts.push(`${count(notReady)} not ready`);
  return parts.join(' · ');
}

function endpointState(e: EndpointSliceEndpoint): string {
  const c = conditionsOf(e);
  return c.terminating ? 'terminating' : c.ready ? 'ready' : 'not ready';
}

/** The edge from a slice to an endpoint, by its conditions. */
function endpointEdge(e: EndpointSliceEndpoint): GraphEdge['type'] {
  const c = conditionsOf(e);
  return c.terminating ? 'endpoint-terminating' : c.ready ? 'endpoint' : 'endpoint-not-ready';
}

const isMirror = (slice: EndpointSlice): boolean => slice.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER;

/**
 * An EndpointSlice, as kube-proxy reads it: the counts by condition, then one line per endpoint
 * (`ip:port state`, ` → zone-a` for its topology hints), the first few and "… N more". The
 * address is first on the line, as the endpoint a traced request picked is marked there
 * (`isPickedLine`).
 */
function sliceNode(slice: EndpointSlice): GraphNode {
  const ports = slice.ports.map((p) => p.port).filter((p): p is number => p !== undefined);
  const suffix = ports.length ? `:${ports.join(',')}` : '';
  const shown = GROUPING.sliceEndpointLines;
  const endpointLines = slice.endpoints.map((e) => {
    const hints = [...(e.hints?.forZones ?? []), ...(e.hints?.forNodes ?? [])].map((h) => h.name);
    return `${e.addresses[0] ?? '?'}${suffix} ${endpointState(e)}${hints.length ? ` → ${hints.join(',')}` : ''}`;
  });
  const lines = [
    conditionCounts(slice.endpoints),
    ...endpointLines.slice(0, shown),
    ...(endpointLines.length > shown ? [`… ${count(endpointLines.length - shown)} more`] : []),
  ];
  const tag = [
    'EndpointSlice',
    ...(isMirror(slice) ? ['mirrored'] : []),
    ...(slice.addressType !== 'IPv4' ? [slice.addressType] : []),
    ...(ns(slice) === 'default' ? [] : [ns(slice)]),
  ].join(' · ');
  return node('endpointslice', ids.endpointSlice(ns(slice), slice.metadata.name), slice.metadata.name, tag, lines, {
    ref: refOf(slice),
    status: slice.endpoints.some((e) => conditionsOf(e).ready) ? 'ok' : 'warning',
  });
}

/** The EndpointSlices of one Service past GROUPING.slices, as one element. */
function slicesGroupNode(namespace: string, service: string, slices: readonly EndpointSlice[]): GraphNode {
  const all = slices.flatMap((s) => s.endpoints);
  const names = slices.slice(0, 2).map((s) => s.metadata.name);
  return node(
    'endpointslice',
    groupIds.slices(namespace, service),
    `${count(slices.length)} EndpointSlices`,
    `EndpointSlices · ${service}`,
    [conditionCounts(all), `${names.join(', ')}, …`],
    {
      status: all.some((e) => conditionsOf(e).ready) ? 'ok' : 'warning',
      group: { of: 'slices', count: slices.length, members: slices.map((s) => ids.endpointSlice(namespace, s.metadata.name)) },
    },
  );
}

function backendName(backend: IngressBackend | undefined): string | undefined {
  return backend?.service?.name;
}

function ingressNode(ing: Ingress): GraphNode {
  const lines: string[] = [];
  const spec = ing.spec;
  for (const rule of spec.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const port = p.backend.service?.port.name ?? p.backend.service?.port.number ?? '';
      lines.push(`${rule.host ?? '*'}${p.path ?? '/'} (${p.pathType}) → ${backendName(p.backend) ?? '?'}:${port}`);
    }
  }
  if (spec.defaultBackend) lines.push(`default → ${backendName(spec.defaultBackend) ?? '?'}`);
  const tls = (spec.tls ?? []).flatMap((t) => t.hosts ?? []);
  if (tls.length) lines.push(`TLS ${tls.join(', ')}`);
  const address = (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? i.hostname ?? '').filter(Boolean);
  if (address.length) lines.push(`address ${address.join(', ')}`);
  return node(
    'ingress',
    ids.ingress(ns(ing), ing.metadata.name),
    ing.metadata.name,
    `Ingress${spec.ingressClassName ? ` · ${spec.ingressClassName}` : ''}`,
    lines,
    {
      ref: refOf(ing),
      addresses: address,
      status: address.length ? 'ok' : 'warning',
    },
  );
}

type Route = HTTPRoute | GRPCRoute;

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * A Gateway: one line per listener (name, protocol:port, hostname, and the attachedRoutes its
 * status counts — ListenerStatus.attachedRoutes, apis/v1/gateway_types.go — with the reason of a
 * False condition), then its address (status.addresses, the proxy Service's load balancer address
 * with Envoy Gateway). Not Accepted: error; not Programmed, a listener with a False condition or
 * no status at all (a class no controller here serves): warning.
 */
function gatewayNode(gw: Gateway): GraphNode {
  const status = gw.status ?? {};
  const lines = gw.spec.listeners.map((l) => {
    const ls = status.listeners?.find((x) => x.name === l.name);
    const n = ls?.attachedRoutes ?? 0;
    const failed = ls?.conditions.filter((c) => c.status === 'False' && c.type !== 'Programmed').map((c) => c.reason) ?? [];
    return `${l.name} ${l.protocol}:${l.port} ${l.hostname ?? '*'} · ${n} route${n === 1 ? '' : 's'}${failed.length ? ` · ${failed.join(', ')}` : ''}`;
  });
  const addresses = (status.addresses ?? []).map((a) => a.value).filter(Boolean);
  const accepted = status.conditions?.find((c) => c.type === 'Accepted');
  const programmed = status.conditions?.find((c) => c.type === 'Programmed');
  const listenerTrouble = (status.listeners ?? []).some((l) => l.conditions.some((c) => c.status === 'False'));
  const problem =
    accepted?.status === 'False'
      ? `not accepted: ${accepted.reason}`
      : !accepted
        ? `no status: class ${gw.spec.gatewayClassName} has no controller here`
        : programmed?.status === 'False'
          ? `not programmed: ${programmed.reason}`
          : undefined;
  const all = [...(problem ? [problem] : []), ...lines, addresses.length ? `address ${addresses.join(', ')}` : 'no address'];
  return node(
    'gateway',
    ids.gateway(ns(gw), gw.metadata.name),
    gw.metadata.name,
    `Gateway · ${gw.spec.gatewayClassName}${ns(gw) === 'default' ? '' : ` · ${ns(gw)}`}`,
    all,
    {
      ref: refOf(gw),
      addresses,
      status: accepted?.status === 'False' ? 'error' : problem || listenerTrouble ? 'warning' : 'ok',
    },
  );
}

/** A parentRef to a Gateway (the CRD defaults group and kind), else undefined. */
function parentGateway(route: Route, parent: ParentReference): { namespace: string; name: string } | undefined {
  if (parent.group !== GATEWAY_GROUP || parent.kind !== 'Gateway') return undefined;
  return { namespace: parent.namespace ?? ns(route), name: parent.name };
}

/** The status Envoy Gateway wrote for a parentRef (RouteParentStatus.parentRef is a copy of it). */
function parentStatus(route: Route, parent: ParentReference): RouteParentStatus | undefined {
  const key = JSON.stringify(parent);
  return (route.status?.parents ?? []).find((p) => JSON.stringify(p.parentRef) === key);
}

function accepted(status: RouteParentStatus | undefined): boolean {
  return status?.conditions.some((c) => c.type === 'Accepted' && c.status === 'True') ?? false;
}

function backendRefText(route: Route, ref: BackendRef, weighted: boolean): string {
  const name = ref.namespace && ref.namespace !== ns(route) ? `${ref.namespace}/${ref.name}` : ref.name;
  return `${name}${ref.port !== undefined ? `:${ref.port}` : ''}${weighted ? ` w${ref.weight}` : ''}`;
}

function matchText(m: HTTPRouteMatch): string {
  const parts: string[] = [];
  if (m.method) parts.push(m.method);
  if (m.path) parts.push(m.path.type === 'PathPrefix' ? `${m.path.value}*` : m.path.type === 'Exact' ? m.path.value : `~${m.path.value}`);
  for (const h of m.headers ?? []) parts.push(`${h.name}${h.type === 'RegularExpression' ? '~' : '='}${h.value}`);
  for (const q of m.queryParams ?? []) parts.push(`?${q.name}${q.type === 'RegularExpression' ? '~' : '='}${q.value}`);
  return parts.join(' ') || '/*';
}

/**
 * The line of a route's rule `index`: `[index] matches [filters] → backendRefs`. The prefix is what
 * a traced request's hop at that rule marks (ruleLinePrefix, graph/hops.ts).
 */
export const ruleLinePrefix = (index: number): string => `[${index}] `;

function ruleLine(
  route: Route,
  index: number,
  matches: string[],
  rule: { filters?: { type: string }[]; backendRefs?: BackendRef[] },
): string {
  const backends = rule.backendRefs ?? [];
  const filters = (rule.filters ?? []).map((f) => f.type);
  const to = backends.length ? backends.map((b) => backendRefText(route, b, backends.length > 1)).join(', ') : 'no backendRefs';
  return `${ruleLinePrefix(index)}${matches.join(' | ') || '*'}${filters.length ? ` [${filters.join(', ')}]` : ''} → ${to}`;
}

function ruleLines(route: Route): string[] {
  if (route.kind === 'HTTPRoute') return route.spec.rules.map((rule, i) => ruleLine(route, i, rule.matches.map(matchText), rule));
  // A gRPC service's last name part (`grpcecho.GrpcEcho` -> `GrpcEcho`): the full name fills the line.
  const service = (name: string | undefined): string => name?.slice(name.lastIndexOf('.') + 1) ?? '*';
  return route.spec.rules.map((rule, i) =>
    ruleLine(
      route,
      i,
      (rule.matches ?? []).map((m) => (m.method ? `${service(m.method.service)}/${m.method.method ?? '*'}` : '*')),
      rule,
    ),
  );
}

/**
 * An HTTPRoute or GRPCRoute: its hostnames and one line per rule (matches → backendRefs). A
 * parentRef its Gateway's controller did not accept (Accepted False in status.parents, with the
 * spec's reason: NotAllowedByListeners, NoMatchingListenerHostname, NoMatchingParent...) makes it
 * a warning, none accepted an error, with a line per refusal first (`✗ <reason> · <Gateway>`, the
 * reason first so a narrow element still shows it); so does ResolvedRefs False
 * (BackendNotFound, RefNotPermitted, InvalidKind). A parentRef nobody wrote status for (a
 * Gateway that does not exist or whose class no controller here serves) counts as not accepted.
 */
function routeNode(route: Route): GraphNode {
  const problems: string[] = [];
  let anyAccepted = false;
  for (const parent of route.spec.parentRefs) {
    const status = parentStatus(route, parent);
    const gw = parentGateway(route, parent);
    const name = `${gw && gw.namespace !== ns(route) ? `${gw.namespace}/` : ''}${parent.name}${parent.sectionName ? `/${parent.sectionName}` : ''}`;
    if (accepted(status)) anyAccepted = true;
    else {
      const reason = status?.conditions.find((c) => c.type === 'Accepted')?.reason ?? 'no status';
      problems.push(`✗ ${reason} · ${name}`);
    }
  }
  const resolved = new Set<string>();
  for (const p of route.status?.parents ?? [])
    for (const c of p.conditions) if (c.type === 'ResolvedRefs' && c.status === 'False') resolved.add(c.reason);
  for (const reason of resolved) problems.push(`✗ ResolvedRefs: ${reason}`);
  const hosts = route.spec.hostnames?.length ? `hosts ${route.spec.hostnames.join(', ')}` : 'any host';
  const rules = ruleLines(route);
  const lines = [...problems, hosts, ...rules.slice(0, 6), ...(rules.length > 6 ? [`… ${rules.length - 6} more rules`] : [])];
  return node(
    'route',
    ids.route(route.kind, ns(route), route.metadata.name),
    route.metadata.name,
    `${route.kind}${ns(route) === 'default' ? '' : ` · ${ns(route)}`}`,
    lines,
    {
      ref: refOf(route),
      status: !anyAccepted ? 'error' : problems.length ? 'warning' : 'ok',
    },
  );
}

/** The Services a route's rules send to (kind Service in the core group, the CRD default). */
function routeBackends(route: Route): { namespace: string; name: string }[] {
  return route.spec.rules
    .flatMap((r) => r.backendRefs ?? [])
    .filter((b) => (b.group ?? '') === '' && (b.kind ?? 'Service') === 'Service')
    .map((b) => ({ namespace: b.namespace ?? ns(route), name: b.name }));
}

function clusterNode(n: Node): GraphNode {
  const ip = n.status.addresses.find((a) => a.type === 'InternalIP')?.address ?? '';
  const ready = isNodeReady(n);
  return node(
    'cluster-node',
    ids.node(n.metadata.name),
    n.metadata.name,
    ready ? 'Node' : 'Node · NotReady',
    [`${ip} · pods ${n.spec.podCIDR}`],
    {
      ref: refOf(n),
      addresses: [ip],
      status: ready ? 'ok' : 'error',
    },
  );
}

interface Collected {
  /** As the store lists them (podElements sorts them when it groups them). */
  pods: Pod[];
  services: Service[];
  endpoints: Map<string, Endpoints>;
  /** By `namespace/service` (the kubernetes.io/service-name label), in name order. */
  slices: Map<string, EndpointSlice[]>;
  ingresses: Ingress[];
  gateways: Gateway[];
  routes: Route[];
  nodes: Node[];
}

/** What of the ingress controller's and Envoy Gateway's namespaces is drawn once they are on a request's way. */
const DRAWN_SYSTEM_KINDS: ReadonlySet<string> = new Set(['Pod', 'Service', 'EndpointSlice', 'Endpoints']);

function collect(objects: readonly ClusterObject[], showSystem: boolean): Collected {
  const c: Collected = {
    pods: [],
    services: [],
    endpoints: new Map(),
    slices: new Map(),
    ingresses: [],
    gateways: [],
    routes: [],
    nodes: [],
  };
  const ingressesExist = objects.some((o) => o.kind === 'Ingress');
  const gatewaysExist = objects.some((o) => o.kind === 'Gateway');
  const visible = (o: ClusterObject): boolean => {
    if (showSystem) return true;
    // The ingress controller is on the request's path as soon as there is an Ingress: shown then.
    if (ns(o) === 'ingress-nginx') return ingressesExist && DRAWN_SYSTEM_KINDS.has(o.kind);
    // So are a Gateway's Envoy proxy pods and their LoadBalancer Service (gateway/envoy-gateway.ts).
    if (ns(o) === ENVOY_GATEWAY_NAMESPACE) return gatewaysExist && DRAWN_SYSTEM_KINDS.has(o.kind);
    return !isSystemObject(o);
  };
  for (const o of objects) {
    if (o.kind === 'Node') c.nodes.push(o);
    else if (!visible(o)) continue;
    else if (o.kind === 'Pod') c.pods.push(o);
    else if (o.kind === 'Service') c.services.push(o);
    else if (o.kind === 'Endpoints') c.endpoints.set(`${ns(o)}/${o.metadata.name}`, o);
    else if (o.kind === 'EndpointSlice') {
      const service = o.metadata.labels?.[SERVICE_NAME_LABEL];
      if (!service) continue; // no consumer reads a slice without the label
      const key = `${ns(o)}/${service}`;
      const list = c.slices.get(key);
      if (list) list.push(o);
      else c.slices.set(key, [o]);
    } else if (o.kind === 'Ingress') c.ingresses.push(o);
    else if (o.kind === 'Gateway') c.gateways.push(o);
    else if (o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute') c.routes.push(o);
  }
  const byName = nameOrder();
  c.services.sort(byName);
  for (const list of c.slices.values()) list.sort(byName);
  c.ingresses.sort(byName);
  c.gateways.sort(byName);
  c.routes.sort((a, b) => (a.kind === b.kind ? byName(a, b) : a.kind < b.kind ? -1 : 1));
  return c;
}

/** Objects in `namespace/name` order; each object's `namespace/name` is made once, not twice per comparison. */
function nameOrder(): (a: ClusterObject, b: ClusterObject) => number {
  const names = new Map<ClusterObject, string>();
  const nameOf = (o: ClusterObject): string => {
    let name = names.get(o);
    if (name === undefined) names.set(o, (name = `${ns(o)}/${o.metadata.name}`));
    return name;
  };
  return (a, b) => (nameOf(a) < nameOf(b) ? -1 : 1);
}

/** The worst status among members: error (Pending) over warning (not ready) over ok. */
function worst(statuses: readonly GraphStatus[]): GraphStatus {
  return statuses.includes('error') ? 'error' : statuses.includes('warning') ? 'warning' : 'ok';
}

function podsSummary(pods: readonly Pod[]): string {
  const ready = pods.filter((p) => p.status.phase === 'Running' && isPodReady(p)).length;
  const pending = pods.filter((p) => p.status.phase === 'Pending').length;
  const parts = [`${count(ready)} ready`];
  if (pods.length - ready - pending > 0) parts.push(`${count(pods.length - ready - pending)} not ready`);
  if (pending > 0) parts.push(`${count(pending)} pending`);
  return parts.join(' · ');
}

function podsGroupNode(id: string, pods: readonly Pod[], nodeName: string | undefined, owner?: ObjectRef): GraphNode {
  const members = pods.map((p) => ids.pod(ns(p), p.metadata.name));
  const group: GraphGroup = { of: 'pods', count: pods.length, members, ...(owner ? { owner } : {}) };
  const lines = [podsSummary(pods), ...labelsLine(pods[0]?.metadata.labels)];
  return node('pod', id, `+ ${count(pods.length)} more pods`, owner ? `${owner.kind} ${owner.name}` : 'Pods', lines, {
    status: worst(pods.map(podStatus)),
    addresses: pods.flatMap((p) => (p.status.podIP ? [p.status.podIP] : [])),
    group,
    ...(nodeName ? { parentId: ids.node(nodeName) } : {}),
  });
}

/**
 * The pod elements, node by node in name order: each pod, or the group standing for it. Past
 * GROUPING.ownerPods pods of one owner on a node, the owner's first GROUPING.ownerPodsShown are
 * drawn and the rest folded; past GROUPING.nodePods elements in a box, the first
 * GROUPING.nodePodsShown stay and the rest (pods and owner groups alike) fold into one element.
 * A group in `expand` is drawn member by member, and its members are never folded again.
 */
function podElements(
  pods: readonly Pod[],
  expand: ReadonlySet<string>,
  envServices?: BuildOptions['envServices'],
  cache?: BuildCache,
): PodElements {
  const expanded = [...expand].join('\n');
  const last = cache?.drawnPods;
  // Copies, as podNode gives: layout moves the elements it is given.
  const copied = ({ drawn, byIP }: PodElements, cache: BuildCache): PodElements => ({
    drawn: drawn.map(({ element, pods }) => ({ element: copyOf(element, cache), pods })),
    byIP,
  });
  if (last && last.expand === expanded && sameObjects(pods, last.pods, last.versions)) return copied(last.drawn, cache);
  const drawn = groupPodElements([...pods].sort(nameOrder()), expand, envServices, cache);
  const byIP = new Map<string, string>();
  for (const { element, pods } of drawn) for (const pod of pods) if (pod.status.podIP) byIP.set(pod.status.podIP, element.id);
  const made = { drawn, byIP };
  if (cache)
    cache.drawnPods = { pods, versions: pods.map((p) => p.metadata.resourceVersion), expand: expanded, drawn: copied(made, cache) };
  return made;
}

/** podElements without the reuse. */
function groupPodElements(
  pods: readonly Pod[],
  expand: ReadonlySet<string>,
  envServices?: BuildOptions['envServices'],
  cache?: BuildCache,
): { element: GraphNode; pods: Pod[] }[] {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const key = pod.spec.nodeName ?? '';
    const list = byNode.get(key);
    if (list) list.push(pod);
    else byNode.set(key, [pod]);
  }
  // An element is made only for what is drawn: a node box past its limit folds most of its pods,
  // whose elements would be thrown away (10,000 pods on 64 nodes draw about 1,500).
  type Item = { element: () => GraphNode; pods: Pod[]; pinned: boolean };
  const made = (element: GraphNode) => () => element;
  // What is drawn where a pod stands in name order: the pod (unless folded), then any group after it.
  const at = new Map<Pod, Item[]>();
  const place = (pod: Pod, item: Item): void => {
    const list = at.get(pod);
    if (list) list.push(item);
    else at.set(pod, [item]);
  };
  const ownerOf = (pod: Pod) => pod.metadata.ownerReferences?.find((r) => r.controller) ?? pod.metadata.ownerReferences?.[0];
  for (const [node, onNode] of byNode) {
    const nodeName = node || undefined;
    const boxKey = node || 'unscheduled';
    if (onNode.length <= GROUPING.ownerPods && onNode.length <= GROUPING.nodePods) {
      for (const pod of onNode) place(pod, { element: () => podNode(pod, envServices, cache), pods: [pod], pinned: false });
      continue;
    }
    // Pods of one owner past the first few: one element for the rest, after the last one shown.
    const byOwner = new Map<string, Pod[]>();
    for (const pod of onNode) {
      const owner = ownerOf(pod);
      if (!owner) continue;
      const key = `${ns(pod)}/${owner.kind}/${owner.name}`;
      const list = byOwner.get(key);
      if (list) list.push(pod);
      else byOwner.set(key, [pod]);
    }
    const folded = new Set<Pod>();
    const groupAfter = new Map<Pod, Item>();
    for (const owned of byOwner.values()) {
      const first = owned[0];
      const ref = first ? ownerOf(first) : undefined;
      if (!first || !ref || owned.length <= GROUPING.ownerPods) continue;
      const id = groupIds.ownerPods(boxKey, ns(first), ref.name);
      if (expand.has(id)) continue;
      const rest = owned.slice(GROUPING.ownerPodsShown);
      for (const p of rest) folded.add(p);
      const owner: ObjectRef = { kind: ref.kind, name: ref.name, namespace: ns(first) };
      groupAfter.set(owned[GROUPING.ownerPodsShown - 1] ?? first, {
        element: made(podsGroupNode(id, rest, nodeName, owner)),
        pods: rest,
        pinned: false,
      });
    }
    const expandedOwner = (pod: Pod): boolean => {
      const ref = ownerOf(pod);
      return !!ref && expand.has(groupIds.ownerPods(boxKey, ns(pod), ref.name));
    };
    const items: { pod: Pod; item: Item }[] = [];
    for (const pod of onNode) {
      if (!folded.has(pod))
        items.push({ pod, item: { element: () => podNode(pod, envServices, cache), pods: [pod], pinned: expandedOwner(pod) } });
      const group = groupAfter.get(pod);
      if (group) items.push({ pod, item: group });
    }
    // Past the box's limit, the rest in one element (members of an expanded group stay).
    const nodeGroup = groupIds.nodePods(boxKey);
    if (items.length > GROUPING.nodePods && !expand.has(nodeGroup)) {
      const kept = items.filter(({ item }, i) => i < GROUPING.nodePodsShown || item.pinned);
      const rest = items.filter(({ item }, i) => i >= GROUPING.nodePodsShown && !item.pinned).flatMap(({ item }) => item.pods);
      for (const { pod, item } of kept) place(pod, item);
      const last = onNode[onNode.length - 1];
      if (rest.length && last) place(last, { element: made(podsGroupNode(nodeGroup, rest, nodeName)), pods: rest, pinned: false });
    } else for (const { pod, item } of items) place(pod, item);
  }
  return pods.flatMap((pod) => (at.get(pod) ?? []).map((item) => ({ element: item.element(), pods: item.pods })));
}

/** The outside addresses of a Service's slices (no pod has them, no targetRef). */
function outsideAddresses(slices: readonly EndpointSlice[], podsByIP: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const slice of slices)
    for (const e of slice.endpoints) {
      const ip = e.addresses[0];
      if (ip !== undefined && !podsByIP.has(ip) && !e.targetRef) out.add(ip);
    }
  return out;
}

function addressesNode(id: string, addresses: readonly string[]): GraphNode {
  const shown = 3;
  const lines = [...addresses.slice(0, shown), ...(addresses.length > shown ? [`+ ${count(addresses.length - shown)} more`] : [])];
  return node('external', id, `${count(addresses.length)} addresses`, 'Outside the cluster', lines, {
    addresses: [...addresses],
    group: { of: 'addresses', count: addresses.length, members: addresses.map((a) => ids.external(a)) },
  });
}

/**
 * Which Services are drawn: all of them up to GROUPING.services; past it, those an Ingress routes
 * to, the cluster's own, and the first by name up to GROUPING.servicesShown, the rest folded per namespace (unless
 * that namespace's group is in `expand`).
 */
function foldServices(c: Collected, expand: ReadonlySet<string>): { shown: Service[]; folded: Map<string, Service[]> } {
  const folded = new Map<string, Service[]>();
  if (c.services.length <= GROUPING.services) return { shown: c.services, folded };
  const routed = new Set<string>();
  for (const ing of c.ingresses) {
    const backends = [ing.spec.defaultBackend, ...(ing.spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    for (const b of backends) if (backendName(b)) routed.add(`${ns(ing)}/${backendName(b) ?? ''}`);
  }
  for (const route of c.routes) for (const b of routeBackends(route)) routed.add(`${b.namespace}/${b.name}`);
  // The cluster's own Services (the ingress controller's and the Envoy proxies', on the way of every Ingress or Gateway request) stay too.
  const kept = (svc: Service): boolean => routed.has(`${ns(svc)}/${svc.metadata.name}`) || isSystemObject(svc);
  let room = Math.max(0, GROUPING.servicesShown - c.services.filter(kept).length);
  const shown: Service[] = [];
  for (const svc of c.services) {
    if (kept(svc) || expand.has(groupIds.services(ns(svc)))) shown.push(svc);
    else if (room > 0) {
      shown.push(svc);
      room--;
    } else {
      const list = folded.get(ns(svc));
      if (list) list.push(svc);
      else folded.set(ns(svc), [svc]);
    }
  }
  return { shown, folded };
}

function servicesNode(
  namespace: string,
  services: readonly Service[],
  endpoints: ReadonlyMap<string, Endpoints>,
  slices: ReadonlyMap<string, EndpointSlice[]>,
): GraphNode {
  const withEndpoints = services.filter((s) =>
    (slices.get(`${namespace}/${s.metadata.name}`) ?? []).some((slice) => slice.endpoints.some((e) => conditionsOf(e).ready)),
  ).length;
  const names = services.slice(0, 3).map((s) => s.metadata.name);
  const members = services.flatMap((s) => {
    const key = `${namespace}/${s.metadata.name}`;
    return [
      ids.service(namespace, s.metadata.name),
      ...(slices.get(key) ?? []).map((slice) => ids.endpointSlice(namespace, slice.metadata.name)),
      ...(endpoints.has(key) ? [ids.endpoints(namespace, s.metadata.name)] : []),
    ];
  });
  const addresses = services.flatMap((s) => [
    ...(s.spec.clusterIP && s.spec.clusterIP !== 'None' ? [s.spec.clusterIP] : []),
    ...(s.status.loadBalancer.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
  ]);
  return node(
    'service',
    groupIds.services(namespace),
    `+ ${count(services.length)} more Services`,
    `Services${namespace === 'default' ? '' : ` · ${namespace}`}`,
    [`${names.join(', ')}${services.length > names.length ? ', …' : ''}`, `${count(withEndpoints)} with ready endpoints`],
    { addresses, status: withEndpoints === services.length ? 'ok' : 'warning', group: { of: 'services', count: services.length, members } },
  );
}

export function buildGraph(objects: readonly ClusterObject[], options: BuildOptions = {}): ClusterGraph {
  const c = collect(objects, options.showSystem ?? false);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  // An edge is drawn once: to or from a group element however many members it stands for, and
  // once per pair and type (a hand-written slice may list an address twice).
  const drawnEdges = new Set<string>();
  const edge = (source: string, target: string, type: GraphEdge['type'], label?: string) => {
    const id = `${type}:${source}->${target}`;
    if (drawnEdges.has(id)) return;
    drawnEdges.add(id);
    edges.push({ id, source, target, type, ...(label ? { label } : {}) });
  };
  const externals = new Map<string, GraphNode>();
  const external = (host: string, line: string): string => {
    const id = ids.external(host);
    if (!externals.has(id)) externals.set(id, node('external', id, host, 'Outside the cluster', [line], { addresses: [host] }));
    return id;
  };

  nodes.push(node('client', ids.client, 'External client', 'Internet user', [EXTERNAL_CLIENT_IP], { addresses: [EXTERNAL_CLIENT_IP] }));
  nodes.push(node('internet', ids.internet, 'The internet', 'Outside the cluster', ['any other address'], {}));

  const dnsService = objects.find((o): o is Service => o.kind === 'Service' && o.metadata.name === 'kube-dns' && ns(o) === 'kube-system');
  nodes.push(
    node('dns', ids.dns, 'CoreDNS', 'Cluster DNS', [`kube-dns ${dnsService?.spec.clusterIP ?? ''}`], {
      addresses: dnsService?.spec.clusterIP ? [dnsService.spec.clusterIP] : [],
    }),
  );

  const lbServices = c.services.filter((s) => s.spec.type === 'LoadBalancer' && (s.status.loadBalancer.ingress?.length ?? 0) > 0);
  if (lbServices.length) {
    const ips = lbServices.flatMap((s) => s.status.loadBalancer.ingress?.map((i) => i.ip ?? '') ?? []).filter(Boolean);
    nodes.push(node('cloud-lb', ids.cloudLb, 'Cloud load balancer', 'Cloud provider', ips.slice(0, 6), { addresses: ips }));
    edge(ids.client, ids.cloudLb, 'load-balancer');
  }

  const expand = new Set(options.expand ?? []);
  const pods = podElements(c.pods, expand, options.envServices, options.cache);
  for (const { element } of pods.drawn) nodes.push(element);
  const podsByIP = pods.byIP;
  for (const n of c.nodes) {
    nodes.push(clusterNode(n));
    nodes.push(
      node('kube-proxy', ids.kubeProxy(n.metadata.name), 'kube-proxy', 'iptables mode', ['KUBE-SERVICES → KUBE-SVC → KUBE-SEP'], {
        parentId: ids.node(n.metadata.name),
        ref: refOf(n),
      }),
    );
  }

  const { shown, folded } = foldServices(c, expand);
  for (const svc of shown) {
    const sn = serviceNode(svc);
    nodes.push(sn);
    const key = `${ns(svc)}/${svc.metadata.name}`;
    if (svc.spec.type === 'LoadBalancer' && lbServices.includes(svc)) edge(ids.cloudLb, sn.id, 'load-balancer');
    if (svc.spec.type === 'ExternalName' && svc.spec.externalName) {
      edge(sn.id, external(svc.spec.externalName, 'DNS name (CNAME target)'), 'cname', 'CNAME');
      continue;
    }
    // The slices kube-proxy reads for it (every slice labelled with its name, hand-written ones too).
    const slices = c.slices.get(key) ?? [];
    const slicesGroup = groupIds.slices(ns(svc), svc.metadata.name);
    const foldSlices = slices.length > GROUPING.slices && !expand.has(slicesGroup);
    const sliceElement = new Map<EndpointSlice, string>();
    if (foldSlices) {
      nodes.push(slicesGroupNode(ns(svc), svc.metadata.name, slices));
      for (const slice of slices) sliceElement.set(slice, slicesGroup);
    } else
      for (const slice of slices) {
        const sl = sliceNode(slice);
        nodes.push(sl);
        sliceElement.set(slice, sl.id);
      }
    for (const target of new Set(sliceElement.values())) edge(sn.id, target, 'backend');
    const outside = outsideAddresses(slices, podsByIP);
    const addressGroup = groupIds.addresses(ns(svc), svc.metadata.name);
    const foldOutside = outside.size > GROUPING.externalAddresses && !expand.has(addressGroup);
    if (foldOutside) nodes.push(addressesNode(addressGroup, [...outside]));
    for (const slice of slices) {
      const from = sliceElement.get(slice) ?? sn.id;
      const source = isMirror(slice) ? 'address from manual Endpoints' : 'address from an EndpointSlice';
      for (const e of slice.endpoints) {
        const ip = e.addresses[0];
        if (ip === undefined) continue;
        const target = podsByIP.get(ip) ?? (e.targetRef ? undefined : foldOutside ? addressGroup : external(ip, source));
        if (target) edge(from, target, endpointEdge(e));
      }
    }
    // The v1 Endpoints: hand-written ones lead to the slice the mirroring controller copied them
    // into; the endpoints controller's mirror hangs off its Service, leading nowhere.
    const ep = c.endpoints.get(key);
    if (ep) {
      const mirrors = slices.filter(isMirror);
      const en = endpointsNode(ep, !svc.spec.selector || Object.keys(svc.spec.selector).length === 0);
      nodes.push(en);
      if (mirrors.length) for (const m of mirrors) edge(en.id, sliceElement.get(m) ?? sn.id, 'mirror');
      else edge(sn.id, en.id, 'mirror');
    }
  }
  for (const [namespace, services] of folded) {
    const gn = servicesNode(namespace, services, c.endpoints, c.slices);
    nodes.push(gn);
    if (services.some((s) => lbServices.includes(s))) edge(ids.cloudLb, gn.id, 'load-balancer');
    // Their slices fold with them: the group leads to the pods they hold. Outside targets
    // (manual addresses, CNAME targets) are not drawn for folded Services.
    // Thousands of endpoints lead to a few elements (most pods folded): each target and type once.
    const led = new Map<string, Set<GraphEdge['type']>>();
    for (const svc of services) {
      for (const slice of c.slices.get(`${namespace}/${svc.metadata.name}`) ?? []) {
        for (const e of slice.endpoints) {
          const target = e.addresses[0] !== undefined ? podsByIP.get(e.addresses[0]) : undefined;
          if (!target) continue;
          const type = endpointEdge(e);
          const types = led.get(target);
          if (types?.has(type)) continue;
          if (types) types.add(type);
          else led.set(target, new Set([type]));
          edge(gn.id, target, type);
        }
      }
    }
  }
  const drawnService = new Map<string, string>();
  for (const s of shown) drawnService.set(ids.service(ns(s), s.metadata.name), ids.service(ns(s), s.metadata.name));
  for (const [namespace, services] of folded)
    for (const s of services) drawnService.set(ids.service(ns(s), s.metadata.name), groupIds.services(namespace));
  for (const ing of c.ingresses) {
    const inode = ingressNode(ing);
    nodes.push(inode);
    const spec = ing.spec;
    const backends = [spec.defaultBackend, ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    for (const b of backends) {
      const name = backendName(b);
      const target = name ? drawnService.get(ids.service(ns(ing), name)) : undefined;
      if (target && !edges.some((e) => e.source === inode.id && e.target === target)) edge(inode.id, target, 'backend');
    }
    if (lbServices.length) edge(ids.cloudLb, inode.id, 'load-balancer');
    else edge(ids.client, inode.id, 'load-balancer');
  }
  const drawnGateways = new Set<string>();
  for (const gw of c.gateways) {
    const gnode = gatewayNode(gw);
    nodes.push(gnode);
    drawnGateways.add(gnode.id);
    // Its address is its proxy Service's load balancer's: requests come from the cloud load balancer.
    if (lbServices.length && gnode.addresses.length) edge(ids.cloudLb, gnode.id, 'load-balancer');
  }
  for (const route of c.routes) {
    const rnode = routeNode(route);
    nodes.push(rnode);
    // One edge per Gateway the route names: accepted by at least one of its parentRefs to it, or not (with why).
    const verdicts = new Map<string, string | true>();
    for (const parent of route.spec.parentRefs) {
      const gw = parentGateway(route, parent);
      const gid = gw ? ids.gateway(gw.namespace, gw.name) : undefined;
      if (!gid || !drawnGateways.has(gid) || verdicts.get(gid) === true) continue;
      const status = parentStatus(route, parent);
      verdicts.set(gid, accepted(status) ? true : (status?.conditions.find((x) => x.type === 'Accepted')?.reason ?? 'no status'));
    }
    for (const [gid, verdict] of verdicts) {
      if (verdict === true) edge(gid, rnode.id, 'route');
      else edge(gid, rnode.id, 'route-not-accepted', verdict);
    }
    for (const b of routeBackends(route)) {
      const target = drawnService.get(ids.service(b.namespace, b.name));
      if (target && !edges.some((e) => e.source === rnode.id && e.target === target)) edge(rnode.id, target, 'backend');
    }
  }
  nodes.push(...externals.values());
  return { nodes, edges, width: 0, height: 0 };
}
