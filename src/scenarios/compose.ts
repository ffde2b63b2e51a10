/** Joins YAML files into one multi-document text, in order (order is creation order in the simulation). */
export function joinDocuments(...files: string[]): string {
  return files.map((f) => `${f.trimEnd()}\n`).join('---\n');
}

/** The default addresses of the simulated nodes (nodeCIDR 192.168.49.0/24, from .2; README "ClusterOptions"). */
export const NODE_IP = { 'node-1': '192.168.49.2', 'node-2': '192.168.49.3', 'node-3': '192.168.49.4' } as const;

/** A client outside the cluster (TEST-NET-2, RFC 5737). */
export const OUTSIDE_CLIENT = '198.51.100.77';
