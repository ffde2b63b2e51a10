/**
 * Migrating from Ingress to the Gateway API, side by side (issue 17): what ingress2gateway makes
 * of the cluster's Ingresses (`convertIngresses`), and the same request sent through both — the
 * Ingress path in the cluster on screen, the Gateway path in a second cluster built from the same
 * document with the converted Gateway and HTTPRoutes applied (`kubectl apply -f`, the edit "Apply
 * the Gateway version" makes). The Ingresses stay in that second cluster, as they do in a real
 * migration until DNS moves to the Gateway: ingress2gateway's own guide applies the Gateway
 * resources next to the Ingresses, tests them, then switches traffic and deletes the Ingresses.
 *
 * The Gateway side gets the request as one tests a Gateway before DNS points at it: to the
 * Gateway's address, with the Host header the Ingress controller read (`curl -H 'Host: …'
 * http://<gateway address>/path`). Pure TypeScript: the worker runs it; tests run it in Node.
 */
import { createCluster, convertIngresses, isSystemObject, namespaceOf, namespacedName } from '../engine/index';
import type {
  Cluster,
  ClusterObject,
  ClusterOptions,
  ConversionNote,
  Ingress,
  SendRequest,
  Service,
  SimulationAction,
  Trace,
} from '../engine/index';
import { applyEdit } from '../document/edits';

export interface MigrationIngress {
  name: string;
  namespace: string;
  /** Its document as written in the YAML (or, without a source, as stored). */
  yaml: string;
  /** Where that document starts in the YAML (1-based). */
  line?: number;
  /** The address its status publishes. */
  address?: string;
}

/** An ingress-nginx annotation the Gateway API version does without, and why. */
export interface UnconvertedAnnotation {
  /** namespace/name of the Ingress. */
  ingress: string;
  annotation: string;
  value: string;
  why: string;
}

export interface MigrationPlan {
  ingresses: MigrationIngress[];
  /** The Gateways and HTTPRoutes, as YAML to apply. */
  yaml: string;
  /** kind/name of each converted object. */
  objects: string[];
  /** Annotations with no equivalent (or one this simulation does not model), one per annotation. */
  unconverted: UnconvertedAnnotation[];
  /** Everything else the conversion says (targetPorts, regular expressions, the GatewayClass...). */
  notes: ConversionNote[];
  /** Requests worth comparing: each Ingress path at its address or host. */
  suggestions: string[];
  /** The document already holds the converted objects as they are (the Gateway version was applied). */
  applied: boolean;
  /** Why no comparison can be made (no Ingress, a YAML error), when so. */
  problem?: string;
}

/** One side's outcome, in the terms the view compares. */
export interface MigrationOutcome {
  /** The request as this side sent it. */
  request: SendRequest;
  /** The target in words, with the Host header when it differs from the URL's: `http://203.0.113.10/x (Host: shop.example.com)`. */
  sent: string;
  ok: boolean;
  /** `HTTP 200 OK`, or how the request ended. */
  answer: string;
  status?: number;
  /** Who read the HTTP request and what matched: the Ingress rule, the route rule. */
  servedBy?: string;
  /** The backend: the workload (Deployment, StatefulSet...) of the pod that got the request, and the pod. */
  backend?: string;
  pod?: string;
  /** The path the backend saw. */
  backendPath?: string;
  /** The Location header of a redirect. */
  location?: string;
  /** Why it failed, when it did. */
  reason?: string;
}

export type ComparedField = 'answer' | 'backend' | 'backendPath' | 'location';

export interface MigrationComparison {
  ingress: MigrationOutcome;
  gateway: MigrationOutcome;
  /** The fields whose values differ between the two sides. */
  differences: ComparedField[];
  /** What the comparison did to the request, in words (retargeted to the Gateway's address...). */
  note: string;
  /** The request went through ingress-nginx (else both sides sent it unchanged: nothing to compare). */
  throughIngress: boolean;
}

/** The living cluster and what it was built from. */
export interface MigrationSource {
  cluster: Cluster;
  yaml: string;
  options: ClusterOptions;
  actions: readonly SimulationAction[];
}

const NGINX_ANNOTATION = /^metadata\.annotations\[(nginx\.ingress\.kubernetes\.io\/[^\]]+)\]$/;

function userIngresses(objects: readonly ClusterObject[]): Ingress[] {
  return objects.filter((o): o is Ingress => o.kind === 'Ingress' && !isSystemObject(o));
}

function ingressAddress(ingress: Ingress): string | undefined {
  const lb = ingress.status.loadBalancer.ingress?.[0];
  return lb?.ip ?? lb?.hostname;
}

/** The text of the object's document in the YAML, from the cluster's record of where it was written. */
function sourceText(source: MigrationSource, ingress: Ingress): { yaml: string; line?: number } {
  const at = source.cluster.sourceOf('Ingress', ingress.metadata.name, namespaceOf(ingress));
  if (!at) return { yaml: '' };
  const lines = source.yaml.split('\n');
  return {
    yaml: lines
      .slice(at.line - 1, at.endLine)
      .join('\n')
      .trimEnd(),
    line: at.line,
  };
}

function suggestionsFor(ingresses: readonly Ingress[]): string[] {
  const out: string[] = [];
  for (const ingress of ingresses) {
    const address = ingressAddress(ingress);
    for (const rule of ingress.spec.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const host = rule.host && !rule.host.startsWith('*') ? rule.host : address;
        if (host) out.push(`http://${host}${path.path || '/'}`);
      }
    }
    if (ingress.spec.defaultBackend && address) out.push(`http://${address}/`);
  }
  return [...new Set(out)].slice(0, 8);
}

/** What ingress2gateway makes of the living cluster's Ingresses. */
export function migrationPlan(source: MigrationSource): MigrationPlan {
  const objects = source.cluster.objects();
  const ingresses = userIngresses(objects);
  const services = objects.filter((o): o is Service => o.kind === 'Service');
  const result = convertIngresses(ingresses, { services });
  const unconverted: UnconvertedAnnotation[] = [];
  const notes: ConversionNote[] = [];
  for (const note of result.notes) {
    const annotation = note.field ? NGINX_ANNOTATION.exec(note.field)?.[1] : undefined;
    const ingress = annotation ? ingresses.find((i) => namespacedName(i) === note.ingress) : undefined;
    if (annotation && ingress) {
      unconverted.push({
        ingress: namespacedName(ingress),
        annotation,
        value: ingress.metadata.annotations?.[annotation] ?? '',
        why: note.message.startsWith(`${annotation}: `) ? note.message.slice(annotation.length + 2) : note.message,
      });
    } else notes.push(note);
  }
  const withGateway = result.yaml ? gatewayDocument(source.yaml, result) : undefined;
  return {
    ingresses: ingresses.map((i) => {
      const address = ingressAddress(i);
      return { name: i.metadata.name, namespace: namespaceOf(i), ...sourceText(source, i), ...(address ? { address } : {}) };
    }),
    yaml: result.yaml,
    objects: result.objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name?: unknown }).name)}`),
    unconverted,
    notes,
    suggestions: suggestionsFor(ingresses),
    applied: withGateway?.ok === true && withGateway.yaml === source.yaml,
    ...(ingresses.length === 0
      ? {
          problem:
            'The document has no Ingress: there is nothing to migrate. Open the scenario "Ingress: a fanout by path" (example 13-9) to try it.',
        }
      : {}),
  };
}

/** The document with the converted objects applied: what "Apply the Gateway version" writes. */
export function gatewayDocument(
  yaml: string,
  plan: Pick<MigrationPlan, 'yaml'>,
): { ok: true; yaml: string } | { ok: false; error: string } {
  if (!plan.yaml) return { ok: true, yaml };
  const result = applyEdit(yaml, { type: 'apply', yaml: plan.yaml });
  return result.ok ? { ok: true, yaml: result.yaml } : result;
}

/** The cluster of the Gateway side: the same document, options and runtime actions, with the converted objects applied. */
export function gatewayCluster(source: Omit<MigrationSource, 'cluster'>, plan: Pick<MigrationPlan, 'yaml'>): Cluster | string {
  const doc = gatewayDocument(source.yaml, plan);
  if (!doc.ok) return doc.error;
  const cluster = createCluster(doc.yaml, source.options);
  for (const action of source.actions) cluster.act(action);
  return cluster;
}

function parseUrl(to: SendRequest['to']): { scheme: string; host: string; port?: string; path: string } | undefined {
  if (typeof to !== 'string') return undefined;
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/i.exec(to.trim());
  if (!m?.[2]) return undefined;
  return { scheme: (m[1] ?? 'http').toLowerCase(), host: m[2].toLowerCase(), ...(m[3] ? { port: m[3] } : {}), path: m[4] ?? '/' };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function describeRequest(request: SendRequest): string {
  const to = typeof request.to === 'string' ? request.to : `ping ${request.to.ping}`;
  const method = request.method && request.method !== 'GET' ? `${request.method} ` : '';
  return `${method}${to}${request.host ? ` (Host: ${request.host})` : ''}`;
}

/** The workload a pod belongs to: the top of its owner chain (a Deployment over its ReplicaSet), or the pod itself. */
function workloadOf(cluster: Cluster, pod: { name: string; namespace: string }): string {
  let kind = 'Pod';
  let name = pod.name;
  let owner = cluster.get('Pod', pod.name, pod.namespace)?.metadata.ownerReferences?.find((r) => r.controller);
  for (let depth = 0; owner && depth < 4; depth++) {
    kind = owner.kind;
    name = owner.name;
    const next = owner.kind === 'ReplicaSet' ? cluster.get('ReplicaSet', owner.name, pod.namespace)?.metadata.ownerReferences : undefined;
    owner = next?.find((r) => r.controller);
  }
  return `${kind} ${pod.namespace === 'default' ? '' : `${pod.namespace}/`}${name}`;
}

function servedBy(trace: Trace): string | undefined {
  const http = trace.http;
  if (!http) return undefined;
  if (http.server === 'ingress-nginx') return http.ingress ? `ingress-nginx: Ingress ${http.ingress}` : 'ingress-nginx: no Ingress rule';
  if (http.server === 'envoy-gateway') {
    const gw = http.gateway;
    if (!gw?.route) return `Envoy (Gateway ${gw?.gateway ?? '?'}): no route`;
    return `Envoy: ${gw.routeKind ?? 'HTTPRoute'} ${gw.route} rule ${(gw.ruleIndex ?? 0) + 1}${gw.listener ? `, listener ${gw.listener}` : ''}`;
  }
  return http.server;
}

/** RFC 9110's reason phrases, so both servers' answers read alike (Envoy's HTTP/2-style answers carry none). */
const REASON_PHRASES: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  302: 'Found',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function outcomeOf(cluster: Cluster, request: SendRequest, trace: Trace): MigrationOutcome {
  const http = trace.http;
  const location = http ? Object.entries(http.headers).find(([k]) => k.toLowerCase() === 'location')?.[1] : undefined;
  const answer = http
    ? `HTTP ${http.status} ${REASON_PHRASES[http.status] ?? http.reason ?? ''}`.trimEnd()
    : trace.ok
      ? 'delivered (no HTTP server the simulation models)'
      : `failed: ${trace.verdict.kind}`;
  const by = servedBy(trace);
  return {
    request,
    sent: describeRequest(request),
    ok: trace.ok,
    answer,
    ...(http ? { status: http.status } : {}),
    ...(by ? { servedBy: by } : {}),
    ...(trace.pod ? { backend: workloadOf(cluster, trace.pod), pod: trace.pod.name } : {}),
    ...(trace.ok && http?.backendPath !== undefined ? { backendPath: http.backendPath } : {}),
    ...(location ? { location } : {}),
    ...(!trace.ok && trace.reason ? { reason: trace.reason } : {}),
  };
}

const COMPARED: readonly ComparedField[] = ['answer', 'backend', 'backendPath', 'location'];

/** The fields that differ; the pod itself is not compared (each side balances over the same pods on its own). */
export function differences(a: MigrationOutcome, b: MigrationOutcome): ComparedField[] {
  return COMPARED.filter((f) => (a[f] ?? '') !== (b[f] ?? ''));
}

/**
 * The request the Gateway side sends: the same method, headers and path to the Gateway that
 * replaces the Ingress that answered, with the Host header that Ingress controller read; a
 * request that did not go through ingress-nginx goes unchanged.
 */
export function gatewayRequest(
  request: SendRequest,
  ingressTrace: Trace,
  ingresses: readonly Ingress[],
  gateways: Cluster,
): { request: SendRequest; note: string } {
  const url = parseUrl(request.to);
  if (!url || ingressTrace.http?.server !== 'ingress-nginx')
    return {
      request,
      note: 'This request does not go through the ingress controller, so both sides send it unchanged. Send one to an Ingress address or host to compare the two paths.',
    };
  const served = ingresses.find((i) => namespacedName(i) === ingressTrace.http?.ingress);
  const namespace = served ? namespaceOf(served) : ingresses[0] ? namespaceOf(ingresses[0]) : 'default';
  const cls = served?.spec.ingressClassName;
  const candidates = gateways.objects().filter((o) => o.kind === 'Gateway' && namespaceOf(o) === namespace);
  const gateway = candidates.find((g) => g.metadata.name === cls) ?? candidates[0];
  const address = gateway?.kind === 'Gateway' ? gateway.status.addresses?.find((a) => a.type === 'IPAddress')?.value : undefined;
  if (!gateway || !address)
    return { request, note: 'The converted Gateway got no address, so the request goes unchanged (see the Gateway side).' };
  const host = request.host ?? (IPV4.test(url.host) ? undefined : url.host);
  const rest: SendRequest = { ...request };
  delete rest.host;
  const retargeted: SendRequest = {
    ...rest,
    to: `${url.scheme}://${address}${url.port ? `:${url.port}` : ''}${url.path}`,
    ...(host ? { host } : {}),
  };
  return {
    request: retargeted,
    note: `The Gateway side sends it to Gateway ${namespacedName(gateway)} at ${address}${host ? ` with Host: ${host}` : ''}, as one tests a Gateway before DNS points at it. Its cluster is this document with the converted objects applied; the Ingresses stay in it, as they do until the migration ends.`,
  };
}

/** Sends the request through the Ingress (the cluster on screen) and through the Gateway (the second cluster). */
export function compare(source: MigrationSource, gateways: Cluster, request: SendRequest): MigrationComparison {
  const viaIngress = source.cluster.send(request);
  const ingresses = userIngresses(source.cluster.objects({ copy: false }));
  const { request: toGateway, note } = gatewayRequest(request, viaIngress, ingresses, gateways);
  const viaGateway = gateways.send(toGateway);
  const ingress = outcomeOf(source.cluster, request, viaIngress);
  const gateway = outcomeOf(gateways, toGateway, viaGateway);
  return {
    ingress,
    gateway,
    differences: differences(ingress, gateway),
    note,
    throughIngress: viaIngress.http?.server === 'ingress-nginx',
  };
}
