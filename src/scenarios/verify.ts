/**
 * Checks a step's expectation against the simulated cluster and the trace of its request: what
 * the catalog test asserts, and what the app can tick off as "what you should see".
 */
import type { Cluster, SendRequest, Trace } from '../engine/index';
import type { StepExpectation } from './types';
import { namespaceOf } from '../engine/index';

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

/** Every way the outcome differs from the expectation (empty when it matches). */
export function unmetExpectations(
  cluster: Cluster,
  request: SendRequest | undefined,
  trace: Trace | undefined,
  expected: StepExpectation,
): string[] {
  const problems: string[] = [];
  if (expected.pod || expected.external || expected.fails || expected.sourceIp) {
    if (!request || !trace) return ['the step expects a request outcome but sends no request'];
  }
  if (trace && (expected.pod || expected.external || expected.sourceIp) && !trace.ok)
    problems.push(`the request failed: ${trace.reason ?? ''}`);
  if (expected.pod && trace?.ok) {
    const pod = trace.pod && cluster.get('Pod', trace.pod.name, trace.pod.namespace);
    const labels = pod?.metadata.labels ?? {};
    const missing = Object.entries(expected.pod.labels).filter(([k, v]) => labels[k] !== v);
    if (!pod) problems.push('the request reached no pod');
    else if (missing.length) problems.push(`the request reached a pod without ${missing.map(([k, v]) => `${k}=${v}`).join(', ')}`);
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
  return problems;
}
