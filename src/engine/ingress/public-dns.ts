/**
 * Public DNS for Ingress hosts: in a real cluster someone (an operator, or external-dns watching
 * Ingresses) points each rule host at the address in the Ingress's status. The simulated public
 * DNS does the same for clients outside the cluster, so `http://foo.example.com/` reaches the
 * ingress controller when an Ingress rule has that host (an exact host before a wildcard).
 */
import type { ClusterState } from '../state';
import { matchHost, normalizeHost } from './hosts';
import { ingressKey } from './controller';
import { servedIngresses, sortIngresses } from './nginx-config';

export interface PublishedHost {
  ip: string;
  ingress: string;
  ruleHost: string;
}

export function publishedIngressHost(state: ClusterState, name: string): PublishedHost | undefined {
  const host = normalizeHost(name);
  const ingresses = sortIngresses(servedIngresses(state));
  for (const wanted of ['exact', 'wildcard'] as const) {
    for (const ingress of ingresses) {
      const ip = ingress.status.loadBalancer.ingress?.find((a) => a.ip)?.ip;
      if (!ip) continue;
      const rule = (ingress.spec.rules ?? []).find((r) => r.host !== undefined && matchHost(r.host, host) === wanted);
      if (rule?.host) return { ip, ingress: ingressKey(ingress), ruleHost: rule.host };
    }
  }
  return undefined;
}
