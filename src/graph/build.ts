/**
 * Builds the drawn graph from the simulated objects: who can reach what, as a learner should see
 * it. Outside the cluster: the external client, the cloud load balancer and the internet. Inside:
 * cluster DNS, Ingresses, Services, their Endpoints, and the nodes holding kube-proxy and pods.
 * Element ids are derived from object identities so they are stable across edits.
 */
import type { ClusterObject, Endpoints, Ingress, IngressBackend, Node, Pod, Service } from '../engine/index';
import type { ClusterGraph, GraphEdge, GraphNode, GraphNodeType, GraphStatus, ObjectRef } from './types';
import { NODE_WIDTH, nodeHeight } from './types';
import { ids } from './ids';
import { isNodeReady, isPodReady, isSystemObject, namespaceOf, podReadyCondition } from '../engine/index';

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

function podNode(pod: Pod, envServices: BuildOptions['envServices']): GraphNode {
  const ready = isPodReady(pod);
  const status: GraphStatus = pod.status.phase === 'Pending' ? 'error' : ready ? 'ok' : 'warning';
  const readiness =
    pod.status.phase !== 'Running' ? pod.status.phase : ready ? 'Ready' : `NotReady (${podReadyCondition(pod)?.reason ?? 'probe'})`;
  const ports = pod.spec.containers.flatMap((c) => c.ports ?? []).map((p) => `${p.containerPort}${p.name ? `/${p.name}` : ''}`);
  const lines = [
    `${pod.status.podIP ?? 'no IP'} · ${readiness}`,
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

function endpointsNode(ep: Endpoints): GraphNode {
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
    ep.metadata.name,
    'Endpoints',
    lines.slice(0, 8).concat(lines.length > 8 ? [`… ${lines.length - 8} more`] : []),
    {
      ref: refOf(ep),
      status: ready ? 'ok' : 'warning',
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
  pods: Pod[];
  services: Service[];
  endpoints: Map<string, Endpoints>;
  ingresses: Ingress[];
  nodes: Node[];
}

function collect(objects: readonly ClusterObject[], showSystem: boolean): Collected {
  const c: Collected = { pods: [], services: [], endpoints: new Map(), ingresses: [], nodes: [] };
  const ingressesExist = objects.some((o) => o.kind === 'Ingress');
  const visible = (o: ClusterObject): boolean => {
    if (showSystem) return true;
    // The ingress controller is on the request's path as soon as there is an Ingress: shown then.
    if (ns(o) === 'ingress-nginx') return ingressesExist && (o.kind === 'Pod' || o.kind === 'Service' || o.kind === 'Endpoints');
    return !isSystemObject(o);
  };
  for (const o of objects) {
    if (o.kind === 'Node') c.nodes.push(o);
    else if (!visible(o)) continue;
    else if (o.kind === 'Pod') c.pods.push(o);
    else if (o.kind === 'Service') c.services.push(o);
    else if (o.kind === 'Endpoints') c.endpoints.set(`${ns(o)}/${o.metadata.name}`, o);
    else if (o.kind === 'Ingress') c.ingresses.push(o);
  }
  const byName = (a: ClusterObject, b: ClusterObject) => (`${ns(a)}/${a.metadata.name}` < `${ns(b)}/${b.metadata.name}` ? -1 : 1);
  c.pods.sort(byName);
  c.services.sort(byName);
  c.ingresses.sort(byName);
  return c;
}

export function buildGraph(objects: readonly ClusterObject[], options: BuildOptions = {}): ClusterGraph {
  const c = collect(objects, options.showSystem ?? false);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const edge = (source: string, target: string, type: GraphEdge['type'], label?: string) =>
    edges.push({ id: `${type}:${source}->${target}`, source, target, type, ...(label ? { label } : {}) });
  const podsByIP = new Map<string, string>();
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

  for (const pod of c.pods) {
    const n = podNode(pod, options.envServices);
    nodes.push(n);
    if (pod.status.podIP) podsByIP.set(pod.status.podIP, n.id);
  }
  for (const n of c.nodes) {
    nodes.push(clusterNode(n));
    nodes.push(
      node('kube-proxy', ids.kubeProxy(n.metadata.name), 'kube-proxy', 'iptables mode', ['KUBE-SERVICES → KUBE-SVC → KUBE-SEP'], {
        parentId: ids.node(n.metadata.name),
        ref: refOf(n),
      }),
    );
  }

  for (const svc of c.services) {
    const sn = serviceNode(svc);
    nodes.push(sn);
    const key = `${ns(svc)}/${svc.metadata.name}`;
    if (svc.spec.type === 'LoadBalancer' && lbServices.includes(svc)) edge(ids.cloudLb, sn.id, 'load-balancer');
    if (svc.spec.type === 'ExternalName' && svc.spec.externalName) {
      edge(sn.id, external(svc.spec.externalName, 'DNS name (CNAME target)'), 'cname', 'CNAME');
      continue;
    }
    const ep = c.endpoints.get(key);
    if (!ep) continue;
    const en = endpointsNode(ep);
    nodes.push(en);
    edge(sn.id, en.id, 'backend');
    for (const subset of ep.subsets) {
      for (const [list, type] of [
        [subset.addresses ?? [], 'endpoint'],
        [subset.notReadyAddresses ?? [], 'endpoint-not-ready'],
      ] as const) {
        for (const a of list) {
          const target = podsByIP.get(a.ip) ?? (a.targetRef ? undefined : external(a.ip, 'address from manual Endpoints'));
          if (target) edge(en.id, target, type);
        }
      }
    }
  }
  const serviceIds = new Set(c.services.map((s) => ids.service(ns(s), s.metadata.name)));
  for (const ing of c.ingresses) {
    const inode = ingressNode(ing);
    nodes.push(inode);
    const spec = ing.spec;
    const backends = [spec.defaultBackend, ...(spec.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))];
    for (const b of backends) {
      const name = backendName(b);
      const target = name ? ids.service(ns(ing), name) : undefined;
      if (target && serviceIds.has(target) && !edges.some((e) => e.source === inode.id && e.target === target))
        edge(inode.id, target, 'backend');
    }
    if (lbServices.length) edge(ids.cloudLb, inode.id, 'load-balancer');
    else edge(ids.client, inode.id, 'load-balancer');
  }
  nodes.push(...externals.values());
  return { nodes, edges, width: 0, height: 0 };
}
