/** YAML builders for the data-plane tests: pods pinned to nodes and Services of every type. */
import type { Cluster } from '../cluster';
import type { Hop } from './types';

export interface PodFixture {
  labels?: Record<string, string>;
  node?: string;
  port?: number;
  hostNetwork?: boolean;
  namespace?: string;
}

function flow(map: Record<string, string>): string {
  return `{${Object.entries(map)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`;
}

export function podYaml(name: string, opts: PodFixture = {}): string {
  const meta: Record<string, string> = { name };
  if (opts.namespace) meta.namespace = opts.namespace;
  if (opts.labels) meta.labels = flow(opts.labels);
  const spec = [
    opts.node ? `  nodeName: ${opts.node}` : '',
    opts.hostNetwork ? '  hostNetwork: true' : '',
    `  containers: [{name: c, image: nginx${opts.port ? `, ports: [{containerPort: ${opts.port}}]` : ''}}]`,
  ].filter(Boolean);
  return `---\napiVersion: v1\nkind: Pod\nmetadata: ${flow(meta)}\nspec:\n${spec.join('\n')}\n`;
}

export interface ServiceFixture {
  type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer';
  selector?: Record<string, string>;
  ports?: string;
  extra?: string;
}

export function serviceYaml(name: string, opts: ServiceFixture = {}): string {
  const lines = [
    '---',
    'apiVersion: v1',
    'kind: Service',
    `metadata: {name: ${name}}`,
    'spec:',
    `  type: ${opts.type ?? 'ClusterIP'}`,
    ...(opts.selector ? [`  selector: ${flow(opts.selector)}`] : []),
    `  ports: ${opts.ports ?? '[{port: 80, targetPort: 8080}]'}`,
    ...(opts.extra ? [opts.extra] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function podIP(cluster: Cluster, name: string, namespace = 'default'): string {
  const ip = cluster.get('Pod', name, namespace)?.status.podIP;
  if (!ip) throw new Error(`pod ${name} has no IP`);
  return ip;
}

export function nodeIP(cluster: Cluster, name: string): string {
  const ip = cluster
    .nodes()
    .find((n) => n.metadata.name === name)
    ?.status.addresses.find((a) => a.type === 'InternalIP')?.address;
  if (!ip) throw new Error(`node ${name} has no InternalIP`);
  return ip;
}

export function clusterIP(cluster: Cluster, service: string): string {
  const ip = cluster.get('Service', service)?.spec.clusterIP;
  if (!ip) throw new Error(`service ${service} has no cluster IP`);
  return ip;
}

/** The address without the port: hops carry 'ip:port'. */
export function ipOf(address: string): string {
  return address.split(':')[0] ?? address;
}

/**
 * Hops as `component@node srcIP -> dst [nat]`, compact enough to compare whole traces (source
 * ports are random ephemeral ports, so only the source address is shown).
 */
export function route(hops: readonly Hop[]): string[] {
  return hops.map((h) => `${h.component}@${h.node ?? '-'} ${ipOf(h.packet.src)} -> ${h.packet.dst}${h.nat ? ` ${h.nat}` : ''}`);
}
