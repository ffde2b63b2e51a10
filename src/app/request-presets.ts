/**
 * Ready-made requests for the "Send request" control, one set per Service, the way a learner
 * would try each kind: by name and FQDN from a pod, by ClusterIP, at a node port on each node, at
 * the load balancer's address, at an Ingress address and path.
 */
import type { ClusterObject, Ingress, Node, Pod, SendRequest, Service } from '../engine/index';
import { EXTERNAL_CLIENT_IP } from '../graph/build';
import { isSystemObject, namespaceOf, DEFAULT_NAMESPACE } from '../engine/index';

export interface Preset {
  label: string;
  request: SendRequest;
}

const USER = (o: ClusterObject) => !isSystemObject(o);

function url(host: string, port: number, path = '/'): string {
  return port === 80 ? `http://${host}${path}` : port === 443 ? `https://${host}${path}` : `${host}:${port}`;
}

/**
 * The running pods a request can come from: pods of their own first (a `client` to exec into),
 * then the pods a controller made (a Deployment's replicas, often the Service's own backends).
 */
export function clientPods(objects: readonly ClusterObject[]): Pod[] {
  const running = objects.filter((o): o is Pod => o.kind === 'Pod' && USER(o) && o.status.phase === 'Running' && !!o.status.podIP);
  const owned = (p: Pod) => (p.metadata.ownerReferences?.length ? 1 : 0);
  return running
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => owned(a) - owned(b) || i - j)
    .map(([p]) => p);
}

export function presets(objects: readonly ClusterObject[]): Preset[] {
  const pods = clientPods(objects);
  const nodes = objects.filter((o): o is Node => o.kind === 'Node');
  const fromPod = pods[0] ? { pod: pods[0].metadata.name, namespace: namespaceOf(pods[0]) } : undefined;
  const external = { external: EXTERNAL_CLIENT_IP };
  const out: Preset[] = [];
  for (const svc of objects.filter((o): o is Service => o.kind === 'Service' && USER(o))) {
    const ns = namespaceOf(svc);
    const port = svc.spec.ports[0];
    const name = svc.metadata.name;
    const short = ns === (fromPod?.namespace || DEFAULT_NAMESPACE) ? name : `${name}.${ns}`;
    if (fromPod && port) {
      const p = svc.spec.clusterIP === 'None' && typeof port.targetPort === 'number' ? port.targetPort : port.port;
      out.push({ label: `${name}: by name from a pod`, request: { from: fromPod, to: url(short, p) } });
      if (svc.spec.type !== 'ExternalName' && svc.spec.clusterIP && svc.spec.clusterIP !== 'None')
        out.push({ label: `${name}: by ClusterIP from a pod`, request: { from: fromPod, to: `${svc.spec.clusterIP}:${port.port}` } });
    } else if (fromPod && svc.spec.type === 'ExternalName') {
      out.push({ label: `${name}: ExternalName from a pod`, request: { from: fromPod, to: `http://${short}/` } });
    }
    for (const p of svc.spec.ports) {
      if (!p.nodePort) continue;
      for (const n of nodes.slice(0, 3)) {
        const ip = n.status.addresses.find((a) => a.type === 'InternalIP')?.address;
        if (ip)
          out.push({
            label: `${name}: NodePort ${p.nodePort} on ${n.metadata.name}`,
            request: { from: external, to: `${ip}:${p.nodePort}` },
          });
      }
      break;
    }
    for (const lb of svc.status.loadBalancer.ingress ?? []) {
      if (lb.ip && port) out.push({ label: `${name}: load balancer ${lb.ip}`, request: { from: external, to: url(lb.ip, port.port) } });
    }
  }
  for (const ing of objects.filter((o): o is Ingress => o.kind === 'Ingress')) {
    const ip = ing.status.loadBalancer.ingress?.[0]?.ip;
    if (!ip) continue;
    const paths = (ing.spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => ({ host: r.host, path: p.path ?? '/' })));
    if (!paths.length) paths.push({ host: undefined, path: '/' });
    for (const { host, path } of paths) {
      out.push({
        label: `Ingress ${ing.metadata.name}: ${host ?? ''}${path}`,
        request: { from: external, to: host ? `http://${host}${path}` : `http://${ip}${path}` },
      });
    }
  }
  return out;
}

/**
 * A derivation of the cluster's objects that keeps its last answer while the parts it shows are
 * the same: each simulation brings a new object list, but a keystroke seldom changes the pods or
 * the presets, and the request bar then has nothing to render again.
 */
function keptWhileSame<T>(derive: (objects: readonly ClusterObject[]) => T[], key: (item: T) => string) {
  let from: readonly ClusterObject[] | undefined;
  let kept: T[] = [];
  return (objects: readonly ClusterObject[] = []): T[] => {
    if (objects === from) return kept;
    from = objects;
    const next = derive(objects);
    if (next.length !== kept.length || next.some((item, i) => key(item) !== key(kept[i] as T))) kept = next;
    return kept;
  };
}

/** clientPods, the same array while the same pods (by namespace and name) can send. */
export const sendingPods = keptWhileSame(clientPods, (p) => `${namespaceOf(p)}/${p.metadata.name}`);

/** presets, the same array while the same presets are offered. */
export const offeredPresets = keptWhileSame(presets, (p) => `${p.label}\n${JSON.stringify(p.request)}`);

/** A first request worth animating: through the outside door if there is one, else pod to Service. */
export function defaultRequest(objects: readonly ClusterObject[]): SendRequest | undefined {
  const all = presets(objects);
  return (
    all.find((p) => p.label.includes('Ingress')) ??
    all.find((p) => p.label.includes('load balancer')) ??
    all.find((p) => p.label.includes('NodePort')) ??
    all[0]
  )?.request;
}

/** The transport protocols a request can use (a Service port's `protocol`: TCP, UDP or SCTP). */
export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

/** The HTTP methods offered in the request options (curl -X). */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * A scheme that names the transport, not an application protocol: `udp://random-generator:80`
 * (as `nc -u`/`socat UDP:` address a port) sends UDP to port 80. No default port: the text must
 * give one, which the engine checks.
 */
const TRANSPORT_SCHEME = /^(tcp|udp|sctp):\/\//i;

/** The request's target as the user types it: `ping 10.0.0.1`, a URL, `host:port`. */
export function parseTo(text: string): SendRequest['to'] {
  const ping = /^ping\s+(\S+)$/.exec(text.trim());
  return ping?.[1] ? { ping: ping[1] } : text.trim();
}

/**
 * The request the fields describe: `toText` read by parseTo, and a transport scheme in it
 * (`udp://…`, `sctp://…`, `tcp://…`) sets the protocol — it is never sent as TCP by default.
 */
export function requestFromFields(request: SendRequest, toText: string): SendRequest {
  const text = toText.trim();
  const scheme = TRANSPORT_SCHEME.exec(text);
  if (scheme?.[1]) return { ...request, protocol: scheme[1].toUpperCase() as Protocol, to: text.slice(scheme[0].length) };
  // Without a transport scheme the text asks for TCP (formatTo writes UDP and SCTP as a scheme),
  // except a URL with an application scheme, which keeps the protocol it was given.
  const { protocol, ...rest } = request;
  const to = parseTo(text);
  const keep = protocol && typeof to === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(to);
  return { ...rest, ...(keep ? { protocol } : {}), to };
}

/**
 * The text of the "To" field for a request's target (the reverse of requestFromFields): a UDP or
 * SCTP request to `host:port` reads `udp://host:port`, so the field says what is sent.
 */
export function formatTo(to: SendRequest['to'], protocol?: SendRequest['protocol']): string {
  if (typeof to !== 'string') return `ping ${to.ping}`;
  if (protocol && protocol !== 'TCP' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(to.trim())) return `${protocol.toLowerCase()}://${to}`;
  return to;
}

/** The "To" text with its transport scheme replaced by `protocol`'s (none for TCP). */
export function withProtocol(toText: string, protocol: Protocol): string {
  const bare = toText.trim().replace(TRANSPORT_SCHEME, '');
  if (/^ping\s/i.test(bare) || bare === '') return bare;
  return formatTo(bare, protocol);
}

/**
 * A Host header as typed in the request options: `other.example.com` or the whole header line
 * `Host: other.example.com` (as after curl -H). Empty: no Host header of its own (the URL's host).
 */
export function parseHostHeader(text: string): string | undefined {
  const value = text.trim();
  // The prefix goes once a value follows it: typing `Host:` letter by letter keeps the field.
  const line = /^host\s*:\s*(\S.*)$/i.exec(value);
  return line?.[1] ? line[1].trim() : value === '' ? undefined : value;
}

/** What the request sends besides its target, in a few words: `POST · Host: a.example · UDP`. */
export function requestOptionsSummary(request: SendRequest): string {
  const parts: string[] = [];
  if (request.method && request.method.toUpperCase() !== 'GET') parts.push(request.method.toUpperCase());
  if (request.host) parts.push(`Host: ${request.host}`);
  for (const [name, value] of Object.entries(request.headers ?? {})) parts.push(`${name}: ${value}`);
  return parts.join(' · ');
}
