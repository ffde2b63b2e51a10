/**
 * ingress-nginx's status sync (internal/ingress/status/status.go, runningAddresses): every
 * Ingress the controller serves gets `status.loadBalancer.ingress` =
 * - with --publish-service (the LoadBalancer install): the controller Service's load balancer
 *   addresses (statusAddressFromService), or nothing while the Service is still pending;
 * - without it (the NodePort/baremetal install): the address of each node running a Running and
 *   Ready controller pod (ExternalIP, else InternalIP; GetNodeIPOrName).
 * The addresses are sorted (standardizeLoadBalancerIngresses). Ingresses of other classes are
 * left alone: their controller would write their status, and none runs here.
 */
import type { Ingress, LoadBalancerIngress } from '../model/types';
import type { ClusterState } from '../state';
import { controllerPods, controllerService } from '../ingress/controller';
import { servedIngresses } from '../ingress/nginx-config';
import { ipToInt } from '../net/ipv4';

function isReady(state: ClusterState, name: string, namespace: string): boolean {
  const pod = state.store.get('Pod', name, namespace);
  return pod?.status.phase === 'Running' && pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The addresses ingress-nginx publishes in the status of the Ingresses it serves. */
export function ingressStatusAddresses(state: ClusterState): LoadBalancerIngress[] {
  const service = controllerService(state);
  if (!service) return [];
  let ips: string[];
  if (service.spec.type === 'LoadBalancer') {
    ips = [...(service.status.loadBalancer.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])), ...(service.spec.externalIPs ?? [])];
  } else {
    ips = [];
    for (const pod of controllerPods(state)) {
      const node = pod.spec.nodeName;
      if (!node || !isReady(state, pod.metadata.name, pod.metadata.namespace ?? '')) continue;
      const ip = state.nodeIP(node);
      if (ip && !ips.includes(ip)) ips.push(ip);
    }
  }
  return [...new Set(ips)].sort((a, b) => ipToInt(a) - ipToInt(b)).map((ip) => ({ ip }));
}

function same(a: readonly LoadBalancerIngress[] | undefined, b: readonly LoadBalancerIngress[]): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b);
}

export function reconcileIngressStatus(state: ClusterState): void {
  const served = servedIngresses(state);
  if (served.length === 0) return;
  const addresses = ingressStatusAddresses(state);
  for (const ingress of served) {
    if (same(ingress.status.loadBalancer.ingress, addresses)) continue;
    const updated: Ingress = { ...ingress, status: { loadBalancer: addresses.length ? { ingress: addresses.map((a) => ({ ...a })) } : {} } };
    state.store.put(updated);
  }
}
