/**
 * Checks a step's expectation against what the screen shows at that step: the simulated cluster,
 * the trace of its request, the Problems panel, the YAML in the editor and the graph. What the
 * catalog test asserts for every step, and what the app can tick off as "what you should see".
 */
import type { Cluster, Diagnostic, EndpointAddress, Ingress, SendRequest, Service, Trace } from '../engine/index';
import type { StepExpectation } from './types';
import { convertIngresses, isSystemObject, namespaceOf } from '../engine/index';
import { buildGraph } from '../graph/build';
import { ids } from '../graph/ids';

/** What the screen shows at a step. */
export interface StepOutcome {
  cluster: Cluster;
  /** The Problems panel: the diagnostics of the document. */
  diagnostics: readonly Diagnostic[];
  /** The YAML in the editor. */
  yaml: string;
  request?: SendRequest;
  trace?: Trace;
  /** The cluster of the step before, for what a step says stayed the same. */
  previous?: Cluster;
  /** Reached from the step before in the same session: the living cluster was changed to the step's YAML, not rebuilt. */
  fromPreviousStep?: boolean;
}

function sourceAddress(cluster: Cluster, request: SendRequest): string | undefined {
  if ('external' in request.from) return request.from.external;
  return cluster.get('Pod', request.from.pod, namespaceOf(request.from))?.status.podIP;
}

/** Addresses a node masquerades with: its InternalIP, or its pod-network gateway (.1 of its pod CIDR). */
function nodeAddresses(cluster: Cluster): Set<string> {
  const addresses = new Set<string>();
  for (const node of cluster.nodes()) {
    for (const a of node.status.addresses) if (a.type === 'InternalIP') addresses.add(a.address);
    const cidr = node.spec.podCIDR;
    if (cidr) addresses.add(cidr.replace(/\.0\/\d+$/, '.1'));
  }
  return addresses;
}

function addressName(a: EndpointAddress): string[] {
  return a.targetRef?.name ? [a.targetRef.name, a.ip] : [a.ip];
}

function sameSet(seen: EndpointAddress[], expected: string[]): boolean {
  return seen.length === expected.length && expected.every((e) => seen.some((a) => addressName(a).includes(e)));
}

function describeAddresses(list: EndpointAddress[]): string {
  return list.length ? list.map((a) => addressName(a)[0]).join(', ') : 'none';
}

function endpointProblems(cluster: Cluster, expected: NonNullable<StepExpectation['endpoints']>): string[] {
  const { service } = expected;
  const endpoints = cluster.endpoints(service, expected.namespace);
  if (expected.absent) return endpoints ? [`Service ${service} has an Endpoints object`] : [];
  if (!endpoints) return [`Service ${service} has no Endpoints object`];
  const ready = endpoints.subsets.flatMap((s) => s.addresses ?? []);
  const notReady = endpoints.subsets.flatMap((s) => s.notReadyAddresses ?? []);
  const problems: string[] = [];
  if (expected.ready && !sameSet(ready, expected.ready))
    problems.push(`the ready endpoints of ${service} are ${describeAddresses(ready)}, not ${expected.ready.join(', ') || 'none'}`);
  if (expected.notReady && !sameSet(notReady, expected.notReady))
    problems.push(
      `the not-ready endpoints of ${service} are ${describeAddresses(notReady)}, not ${expected.notReady.join(', ') || 'none'}`,
    );
  if (expected.readyCount !== undefined && ready.length !== expected.readyCount)
    problems.push(`${service} has ${ready.length} ready endpoints, not ${expected.readyCount}`);
  return problems;
}

function diagnosticProblems(
  diagnostics: readonly Diagnostic[],
  expected: StepExpectation['diagnostics'],
  fromPreviousStep: boolean,
): string[] {
  const includes = [...(expected?.includes ?? []), ...(fromPreviousStep ? (expected?.afterPrevious ?? []) : [])].map((p) => new RegExp(p));
  const excludes = (expected?.excludes ?? []).map((p) => new RegExp(p));
  const problems: string[] = [];
  for (const pattern of includes)
    if (!diagnostics.some((d) => pattern.test(d.message))) problems.push(`Problems lists nothing matching /${pattern.source}/`);
  for (const d of diagnostics) {
    const what = `${d.severity} on ${d.kind ?? 'the document'} ${d.name ?? ''}: ${d.message}`;
    if (excludes.some((p) => p.test(d.message))) problems.push(`Problems lists what the step says is not there: ${what}`);
    else if (!includes.some((p) => p.test(d.message))) problems.push(`Problems lists what the step does not account for: ${what}`);
  }
  return problems;
}

/** The topology.kubernetes.io/zone of a node ('' when it has none). */
function zoneOf(cluster: Cluster, node: string | undefined): string {
  return cluster.nodes().find((n) => n.metadata.name === node)?.metadata.labels?.['topology.kubernetes.io/zone'] ?? '';
}

function sameMembers(seen: Set<string>, expected: string[]): boolean {
  return seen.size === new Set(expected).size && expected.every((e) => seen.has(e));
}

/** 20 new connections: the trace's own and 19 more, as `sticky` sends them. */
function spreadProblems(cluster: Cluster, request: SendRequest, trace: Trace, expected: NonNullable<StepExpectation['spread']>): string[] {
  const traces = [trace, ...Array.from({ length: 19 }, () => cluster.send(request))];
  const pods = new Set(traces.flatMap((t) => (t.pod ? [t.pod.name] : [])));
  const zones = new Set(traces.flatMap((t) => (t.pod ? [zoneOf(cluster, t.pod.node)] : [])));
  const failed = traces.filter((t) => !t.ok).length;
  const list = (set: Set<string>): string => [...set].sort().join(', ') || 'none';
  const problems: string[] = [];
  if (failed) problems.push(`${failed} of 20 requests failed`);
  if (expected.pods && !sameMembers(pods, expected.pods))
    problems.push(`20 requests reached ${list(pods)}, not ${expected.pods.join(', ')}`);
  if (expected.zones && !sameMembers(zones, expected.zones))
    problems.push(`20 requests reached pods in ${list(zones)}, not ${expected.zones.join(', ')}`);
  return problems;
}

const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';

function sliceProblems(cluster: Cluster, expected: NonNullable<StepExpectation['slices']>): string[] {
  const { service } = expected;
  const namespace = expected.namespace ?? 'default';
  const slices = cluster
    .objects()
    .flatMap((o) =>
      o.kind === 'EndpointSlice' && namespaceOf(o) === namespace && o.metadata.labels?.[LABEL_SERVICE_NAME] === service ? [o] : [],
    );
  const problems: string[] = [];
  if (expected.count !== undefined && slices.length !== expected.count)
    problems.push(`${service} has ${slices.length} EndpointSlices, not ${expected.count}`);
  for (const slice of slices) {
    const { name, labels } = slice.metadata;
    const managedBy = labels?.[LABEL_MANAGED_BY] ?? null;
    if (expected.managedBy !== undefined && managedBy !== expected.managedBy)
      problems.push(
        `EndpointSlice ${name} is managed by ${managedBy ?? 'nobody (no managed-by label)'}, not ${expected.managedBy ?? 'nobody'}`,
      );
    if (expected.generatedNames !== undefined && new RegExp(`^${service}-[a-z0-9]{5}$`).test(name) !== expected.generatedNames)
      problems.push(`EndpointSlice ${name} is ${expected.generatedNames ? 'not ' : ''}named <service>-<five characters>`);
  }
  if (expected.terminating) {
    const terminating = slices
      .flatMap((s) => s.endpoints)
      .filter((e) => e.conditions.terminating === true && e.conditions.serving !== false && e.conditions.ready === false)
      .map((e) => ({
        ip: e.addresses[0] ?? '',
        ...(e.targetRef ? { targetRef: { kind: e.targetRef.kind ?? 'Pod', name: e.targetRef.name ?? '' } } : {}),
      }));
    if (!sameSet(terminating, expected.terminating))
      problems.push(
        `the terminating, serving endpoints of ${service} are ${describeAddresses(terminating)}, not ${expected.terminating.join(', ') || 'none'}`,
      );
  }
  return problems;
}

function podBoxProblems(cluster: Cluster, expected: NonNullable<StepExpectation['podBox']>): string[] {
  const graph = buildGraph(cluster.objects(), { envServices: (pod) => cluster.envServices(pod.metadata.name, namespaceOf(pod)) });
  const box = graph.nodes.find((n) => n.id === ids.pod(expected.namespace ?? 'default', expected.pod));
  if (!box) return [`the graph has no box for pod ${expected.pod}`];
  return expected.lines
    .filter((l) => !box.lines.includes(l))
    .map((l) => `the box of ${expected.pod} does not say "${l}" (it says ${box.lines.join(' | ')})`);
}

// --- The Gateway API and migrating to it (issue 17) ---

function httpProblems(trace: Trace | undefined, expected: NonNullable<StepExpectation['http']>): string[] {
  const http = trace?.http;
  if (!http) return ['the request reached no HTTP server'];
  const problems: string[] = [];
  if (expected.status !== undefined && http.status !== expected.status)
    problems.push(`the answer is HTTP ${http.status}, not ${expected.status}`);
  if (expected.server && http.server !== expected.server) problems.push(`${http.server} read the request, not ${expected.server}`);
  return problems;
}

function routeStatusProblems(cluster: Cluster, expected: NonNullable<StepExpectation['routeStatus']>): string[] {
  const kind = expected.kind ?? 'HTTPRoute';
  const namespace = expected.namespace ?? 'default';
  const route = cluster.get(kind, expected.route, namespace);
  if (!route) return [`there is no ${kind} ${namespace}/${expected.route}`];
  const parents = route.status.parents;
  if (!parents.length) return [`${kind} ${expected.route} has no status from a Gateway controller`];
  const problems: string[] = [];
  const reasons = (type: string) => parents.map((p) => p.conditions.find((c) => c.type === type));
  const accepted = reasons('Accepted');
  if (expected.accepted && accepted.some((c) => c?.status !== 'True'))
    problems.push(`${expected.route} is not accepted: ${accepted.map((c) => c?.reason ?? 'no condition').join(', ')}`);
  if (expected.notAccepted !== undefined) {
    if (accepted.some((c) => c?.status !== 'False' || c.reason !== expected.notAccepted))
      problems.push(
        `${expected.route} is Accepted ${accepted.map((c) => `${c?.status ?? '?'} (${c?.reason ?? 'no condition'})`).join(', ')}, not False (${expected.notAccepted})`,
      );
    // The graph marks the route with the reason (src/graph/build.ts routeNode).
    const graph = buildGraph(cluster.objects());
    const box = graph.nodes.find((n) => n.id === ids.route(kind, namespace, expected.route));
    if (!box) problems.push(`the graph has no box for ${kind} ${expected.route}`);
    else if (box.status !== 'error' || !box.lines.some((l) => l.includes(expected.notAccepted as string)))
      problems.push(`the box of ${expected.route} is not marked with ${expected.notAccepted} (${box.status}: ${box.lines.join(' | ')})`);
  }
  if (expected.resolvedRefs !== undefined) {
    const resolved = reasons('ResolvedRefs');
    if (resolved.some((c) => c?.reason !== expected.resolvedRefs))
      problems.push(
        `${expected.route} has ResolvedRefs ${resolved.map((c) => c?.reason ?? 'none').join(', ')}, not ${expected.resolvedRefs}`,
      );
  }
  return problems;
}

function conversionProblems(cluster: Cluster, expected: NonNullable<StepExpectation['conversion']>): string[] {
  const objects = cluster.objects();
  const ingresses = objects.filter((o): o is Ingress => o.kind === 'Ingress' && !isSystemObject(o));
  const services = objects.filter((o): o is Service => o.kind === 'Service');
  const flagged = new Set(
    convertIngresses(ingresses, { services }).notes.flatMap((n) => {
      const annotation = /^metadata\.annotations\[(.+)\]$/.exec(n.field ?? '')?.[1];
      return annotation ? [annotation] : [];
    }),
  );
  const problems = expected.unconverted
    .filter((a) => !flagged.has(a))
    .map((a) => `the conversion does not flag ${a} as having no equivalent`);
  for (const a of flagged)
    if (!expected.unconverted.includes(a)) problems.push(`the conversion flags ${a}, which the step does not account for`);
  return problems;
}

/** Every way the outcome differs from the expectation (empty when it matches). */
export function unmetExpectations(outcome: StepOutcome, expected: StepExpectation): string[] {
  const { cluster, request, trace } = outcome;
  const problems: string[] = [];
  const needsRequest = [
    expected.pod,
    expected.external,
    expected.fails,
    expected.sourceIp,
    expected.sourceNode,
    expected.backendPath,
    expected.kubeProxyDNAT,
    expected.spread,
    expected.traceRules,
    expected.traceSays,
    expected.terminatingUsed,
  ];
  if (needsRequest.some((e) => e !== undefined) && (!request || !trace)) return ['the step expects a request outcome but sends no request'];
  if (trace && (expected.pod || expected.external || expected.sourceIp || expected.sourceNode || expected.backendPath) && !trace.ok)
    problems.push(`the request failed: ${trace.reason ?? ''}`);
  if (expected.pod && trace?.ok) {
    const pod = trace.pod && cluster.get('Pod', trace.pod.name, trace.pod.namespace);
    const labels = pod?.metadata.labels ?? {};
    const missing = Object.entries(expected.pod.labels).filter(([k, v]) => labels[k] !== v);
    if (!pod) problems.push('the request reached no pod');
    else if (missing.length) problems.push(`the request reached a pod without ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}`);
    if (pod && expected.pod.node && trace.pod?.node !== expected.pod.node)
      problems.push(`the request reached a pod on ${trace.pod?.node ?? 'no node'}, not on ${expected.pod.node}`);
    if (pod && expected.pod.port !== undefined && trace.pod?.port !== expected.pod.port)
      problems.push(`the request reached port ${trace.pod?.port ?? '?'} of the pod, not ${expected.pod.port}`);
    const zone = zoneOf(cluster, trace.pod?.node);
    if (pod && expected.pod.zone !== undefined && zone !== expected.pod.zone)
      problems.push(`the request reached a pod in ${zone || 'no zone'}, not in ${expected.pod.zone}`);
  }
  if (expected.spread && trace && request) problems.push(...spreadProblems(cluster, request, trace, expected.spread));
  if (expected.terminatingUsed !== undefined && trace) {
    const pod = trace.pod && cluster.get('Pod', trace.pod.name, trace.pod.namespace);
    const terminating = pod?.metadata.deletionTimestamp !== undefined;
    if (!pod) problems.push('the request reached no pod, terminating or not');
    else if (terminating !== expected.terminatingUsed)
      problems.push(
        terminating
          ? `the request reached ${pod.metadata.name}, which is Terminating`
          : `the request reached ${pod.metadata.name}, which is not Terminating`,
      );
  }
  if (expected.proxyMode && cluster.options.proxyMode !== expected.proxyMode)
    problems.push(`kube-proxy runs in ${cluster.options.proxyMode} mode, not ${expected.proxyMode}`);
  const rules = (trace?.hops ?? []).flatMap((h) => (h.component === 'kube-proxy' && h.rule ? [h.rule] : []));
  if (expected.proxyMode) {
    // iptables-save lines start with -A <chain>; the nftables walk writes `<chain>: <rule>`.
    const other = rules.find((r) => r.startsWith('-A ') !== (expected.proxyMode === 'iptables'));
    if (other) problems.push(`a kube-proxy hop shows a rule of the other mode: ${other}`);
  }
  for (const pattern of expected.traceRules?.includes ?? [])
    if (!rules.some((r) => new RegExp(pattern).test(r))) problems.push(`no kube-proxy hop shows a rule matching /${pattern}/`);
  for (const pattern of expected.traceSays ?? [])
    if (!trace?.hops.some((h) => new RegExp(pattern).test(h.note)))
      problems.push(`no hop of the trace says something matching /${pattern}/`);
  for (const pattern of expected.traceRules?.excludes ?? []) {
    const found = rules.find((r) => new RegExp(pattern).test(r));
    if (found) problems.push(`a kube-proxy hop shows ${found}, which matches /${pattern}/`);
  }
  if (expected.external && trace?.ok) {
    const ext = trace.external;
    const seen = ext ? [ext.host, ext.ip, `${ext.ip}:${ext.port}`] : [];
    if (!expected.external.some((e) => seen.includes(e)))
      problems.push(
        `the request left for ${ext ? `${ext.host} (${ext.ip}:${ext.port})` : 'nowhere outside'}, not ${expected.external.join(' or ')}`,
      );
  }
  if (expected.fails !== undefined && trace) {
    if (trace.ok) problems.push('the request succeeded but should fail');
    else if (!new RegExp(expected.fails).test(trace.reason ?? ''))
      problems.push(`the request failed for another reason: ${trace.reason ?? ''}`);
  }
  if (expected.sourceIp && trace?.ok && request) {
    const client = sourceAddress(cluster, request);
    const seen = trace.sourceIpSeenByPod;
    if (expected.sourceIp === 'preserved' && seen !== client)
      problems.push(`the pod saw ${seen ?? 'nothing'}, not the client ${client ?? ''}`);
    if (expected.sourceIp === 'node' && (seen === undefined || !nodeAddresses(cluster).has(seen)))
      problems.push(`the pod saw ${seen ?? 'nothing'}, not a node address`);
  }
  if (expected.sourceNode && trace?.ok) {
    const node = cluster.nodes().find((n) => n.metadata.name === expected.sourceNode);
    const own = new Set(node?.status.addresses.filter((a) => a.type === 'InternalIP').map((a) => a.address));
    if (node?.spec.podCIDR) own.add(node.spec.podCIDR.replace(/\.0\/\d+$/, '.1'));
    if (!trace.sourceIpSeenByPod || !own.has(trace.sourceIpSeenByPod))
      problems.push(`the pod saw ${trace.sourceIpSeenByPod ?? 'nothing'}, not an address of ${expected.sourceNode}`);
  }
  if (expected.kubeProxyDNAT !== undefined && trace) {
    const dnat = trace.hops.some((h) => h.component === 'kube-proxy' && h.nat?.startsWith('DNAT'));
    if (dnat !== expected.kubeProxyDNAT)
      problems.push(dnat ? 'kube-proxy rewrote the destination' : 'kube-proxy did not rewrite the destination');
  }
  if (expected.backendPath !== undefined && trace?.ok && trace.http?.backendPath !== expected.backendPath)
    problems.push(`the backend saw the path ${trace.http?.backendPath ?? '(no HTTP)'}, not ${expected.backendPath}`);
  if (expected.sticky !== undefined && trace?.ok && request) {
    const pods = new Set([trace.pod?.name, ...Array.from({ length: 19 }, () => cluster.send(request).pod?.name)]);
    if (expected.sticky && pods.size > 1) problems.push(`repeated requests reached ${pods.size} different pods`);
    if (!expected.sticky && pods.size < 2) problems.push('20 requests all reached the same pod');
  }
  if (expected.env) {
    const env = cluster.env(expected.env.pod);
    if (!env) problems.push(`there is no pod ${expected.env.pod}`);
    else {
      for (const name of expected.env.present ?? []) if (!(name in env)) problems.push(`${expected.env.pod} lacks ${name}`);
      for (const name of expected.env.absent ?? []) if (name in env) problems.push(`${expected.env.pod} has ${name}`);
    }
  }
  if (expected.dns) {
    const { query, from, cname, addresses } = expected.dns;
    const response = cluster.dns(query, { type: 'A', ...(from ? { fromPod: { name: from } } : {}) });
    const cnames = response.answers.filter((r) => r.type === 'CNAME').map((r) => r.data.replace(/\.$/, ''));
    const a = response.answers.filter((r) => r.type === 'A');
    if (cname !== undefined && !cnames.includes(cname))
      problems.push(`DNS answers ${query} with no CNAME to ${cname} (${cnames.join(', ') || 'none'})`);
    if (addresses !== undefined && a.length !== addresses)
      problems.push(`DNS answers ${query} with ${a.length} A records, not ${addresses}`);
  }
  if (expected.endpoints) problems.push(...endpointProblems(cluster, expected.endpoints));
  if (expected.sameClusterIP) {
    const name = expected.sameClusterIP;
    const now = cluster.get('Service', name)?.spec.clusterIP;
    const before = outcome.previous?.get('Service', name)?.spec.clusterIP;
    if (!outcome.previous) problems.push('the step says a ClusterIP stayed the same, but there is no step before');
    else if (!now || now !== before) problems.push(`Service ${name} had ClusterIP ${before ?? 'none'} and now has ${now ?? 'none'}`);
  }
  problems.push(...diagnosticProblems(outcome.diagnostics, expected.diagnostics, outcome.fromPreviousStep ?? false));
  for (const text of expected.yamlContains ?? []) if (!outcome.yaml.includes(text)) problems.push(`the YAML does not contain "${text}"`);
  for (const text of expected.yamlLacks ?? []) if (outcome.yaml.includes(text)) problems.push(`the YAML still contains "${text}"`);
  if (expected.podBox) problems.push(...podBoxProblems(cluster, expected.podBox));
  if (expected.slices) problems.push(...sliceProblems(cluster, expected.slices));
  // The Gateway API and migrating to it (issue 17).
  if (expected.http)
    problems.push(...(request && trace ? httpProblems(trace, expected.http) : ['the step expects an HTTP answer but sends no request']));
  if (expected.routeStatus) problems.push(...routeStatusProblems(cluster, expected.routeStatus));
  if (expected.conversion) problems.push(...conversionProblems(cluster, expected.conversion));
  return problems;
}
