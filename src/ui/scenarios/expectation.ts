/**
 * A step's expectation as a sentence for the learner ("what you should see"): every field of
 * StepExpectation the step sets, in words, since each is a claim the catalog test checks.
 */
import type { StepExpectation } from '../../scenarios/index';

/** A regular expression's source as text to read: anchors dropped, wildcards and character classes as "…", escapes undone. */
export function readablePattern(pattern: string): string {
  return pattern
    .replace(/^\^|\$$/g, '')
    .replace(/\[[^\]]*\](\{\d+(,\d*)?\}|[*+?])?/g, '…')
    .replace(/\.[*+]\??/g, '…')
    .replace(/\\(.)/g, '$1')
    .replace(/…+/g, '…')
    .trim();
}

function quoted(list: readonly string[], join = ' and '): string {
  return list.map((p) => `“${readablePattern(p)}”`).join(join);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function names(list: readonly string[]): string {
  return list.length ? list.join(', ') : 'none';
}

function describePod(pod: NonNullable<StepExpectation['pod']>): string[] {
  const labels = Object.entries(pod.labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const where = [
    ...(pod.node ? [`on ${pod.node}`] : []),
    ...(pod.zone ? [`in ${pod.zone}`] : []),
    ...(pod.port !== undefined ? [`listening on port ${pod.port}`] : []),
  ];
  return [`the request reaches a pod labelled ${labels}`, ...(where.length ? [`that pod is ${where.join(', ')}`] : [])];
}

function describeEndpoints(e: NonNullable<StepExpectation['endpoints']>): string[] {
  if (e.absent) return [`the Service ${e.service} has no Endpoints object`];
  const parts: string[] = [];
  const lists = [...(e.ready ? [`${names(e.ready)} as ready`] : []), ...(e.notReady ? [`${names(e.notReady)} as not ready`] : [])];
  if (lists.length) parts.push(`the Endpoints of ${e.service} list ${lists.join(' and ')}`);
  if (e.readyCount !== undefined)
    parts.push(`the Endpoints of ${e.service} hold ${count(e.readyCount, 'ready address', 'ready addresses')}`);
  return parts.length ? parts : [`the Service ${e.service} has an Endpoints object`];
}

function describeDiagnostics(d: NonNullable<StepExpectation['diagnostics']>): string[] {
  const includes = d.includes ?? [];
  const excludes = d.excludes ?? [];
  const parts = [
    includes.length
      ? `Problems lists ${quoted(includes)}${excludes.length ? `, not ${quoted(excludes, ' or ')}` : ''}`
      : `Problems is empty${d.afterPrevious?.length ? ' when the step is opened directly' : ''}${excludes.length ? `: no ${quoted(excludes, ' or ')}` : ''}`,
  ];
  if (d.afterPrevious?.length)
    parts.push(`coming from the step before, Problems ${includes.length ? 'also ' : ''}lists ${quoted(d.afterPrevious)}`);
  return parts;
}

function describeSlices(s: NonNullable<StepExpectation['slices']>): string[] {
  const about = [
    ...(s.managedBy !== undefined ? [s.managedBy === null ? 'written by hand (no managed-by label)' : `managed by ${s.managedBy}`] : []),
    ...(s.generatedNames !== undefined
      ? [s.generatedNames ? `named ${s.service}- plus five random characters` : 'named by whoever wrote it']
      : []),
  ];
  const head =
    s.count !== undefined ? `the Service ${s.service} has ${count(s.count, 'EndpointSlice')}` : `the EndpointSlices of ${s.service} are`;
  const parts =
    s.count !== undefined || about.length
      ? [`${head}${about.length ? `${s.count !== undefined ? ', ' : ' '}${about.join(', ')}` : ''}`]
      : [];
  if (s.terminating)
    parts.push(
      s.terminating.length
        ? `in the slices of ${s.service}, ${s.terminating.join(', ')} ${s.terminating.length === 1 ? 'is' : 'are'} terminating but serving, not ready`
        : `no endpoint of ${s.service} is terminating`,
    );
  return parts;
}

/** Each field of the expectation in words, in the order the fields are declared. */
const DESCRIBE: { [K in keyof StepExpectation]-?: (value: NonNullable<StepExpectation[K]>) => string[] } = {
  pod: describePod,
  spread: (s) => [
    ...(s.pods ? [`sent again and again, it reaches ${s.pods.join(' and ')}, and no other pod`] : []),
    ...(s.zones ? [`every pod it reaches is in ${s.zones.join(' or ')}`] : []),
  ],
  external: (e) => [`the request leaves the cluster for ${e.join(' or ')}`],
  fails: (f) => [`the request fails: ${readablePattern(f)}`],
  sourceIp: (s) => [s === 'preserved' ? "the pod sees the client's own address" : "the pod sees a node's address (SNAT)"],
  sourceNode: (n) => [`the source address the pod sees is ${n}'s`],
  kubeProxyDNAT: (d) => [d ? 'kube-proxy rewrites the destination (DNAT)' : 'kube-proxy rewrites nothing on the way'],
  backendPath: (p) => [`the backend sees the path ${p}`],
  sticky: (s) => [s ? 'repeating it reaches the same pod every time' : 'repeating it spreads over several pods'],
  env: (e) => [
    ...(e.present?.length ? [`the pod ${e.pod} has ${e.present.join(', ')}`] : []),
    ...(e.absent?.length ? [`the pod ${e.pod} has no ${e.absent.join(', ')}`] : []),
  ],
  dns: (d) => [
    `DNS answers ${d.query}${d.from ? ` (asked from ${d.from})` : ''} with ${[
      ...(d.cname !== undefined ? [`a CNAME to ${d.cname}`] : []),
      ...(d.addresses !== undefined ? [count(d.addresses, 'address', 'addresses')] : []),
    ].join(' and ')}`,
  ],
  endpoints: describeEndpoints,
  sameClusterIP: (name) => [`the Service ${name} keeps its ClusterIP`],
  diagnostics: describeDiagnostics,
  yamlContains: (list) => [`the YAML says ${quoted(list)}`],
  yamlLacks: (list) => [`the YAML has no ${quoted(list, ' or ')}`],
  podBox: (b) => [`the box of ${b.pod} on the graph says ${quoted(b.lines)}`],
  proxyMode: (m) => [`kube-proxy runs in ${m} mode`],
  traceRules: (r) => [
    ...(r.includes?.length ? [`the trace shows the rule ${quoted(r.includes)}`] : []),
    ...(r.excludes?.length ? [`no rule in the trace has ${quoted(r.excludes, ' or ')}`] : []),
  ],
  traceSays: (list) => [`the trace says ${quoted(list)}`],
  slices: describeSlices,
  terminatingUsed: (t) => [t ? 'the pod reached is Terminating: the fallback' : 'the pod reached is not a Terminating one'],
  // The Gateway API and migrating to it (issue 17).
  http: (h) =>
    h.status !== undefined
      ? [
          `the answer is HTTP ${h.status}${h.server ? ` from ${h.server === 'envoy-gateway' ? 'the Gateway (Envoy)' : 'ingress-nginx'}` : ''}`,
        ]
      : h.server
        ? [`${h.server === 'envoy-gateway' ? 'the Gateway (Envoy)' : 'ingress-nginx'} answers`]
        : [],
  routeStatus: (route) => [
    ...(route.accepted ? [`${route.kind ?? 'HTTPRoute'} ${route.route} is accepted`] : []),
    ...(route.notAccepted ? [`${route.kind ?? 'HTTPRoute'} ${route.route} is not accepted (${route.notAccepted}), red on the graph`] : []),
    ...(route.resolvedRefs && route.resolvedRefs !== 'ResolvedRefs' ? [`its backendRef does not resolve (${route.resolvedRefs})`] : []),
  ],
  conversion: (c) => [
    c.unconverted.length
      ? `the migration view (G) lists ${c.unconverted.join(', ')} as having no equivalent`
      : 'the migration view (G) converts every annotation',
  ],
};

export function describeExpectation(expect: StepExpectation): string {
  const keys = Object.keys(DESCRIBE) as (keyof StepExpectation)[];
  const text = keys
    .flatMap((key) => {
      const value = expect[key];
      // Each describer takes its own field's type; `key` ties them, which TypeScript cannot follow.
      return value === undefined ? [] : (DESCRIBE[key] as (v: unknown) => string[])(value);
    })
    .join('; ');
  // A sentence, but kube-proxy keeps its lower case.
  return text ? `${text.startsWith('kube-') ? text[0] : text[0]?.toUpperCase()}${text.slice(1)}.` : '';
}
