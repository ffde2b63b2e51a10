/**
 * ingress-nginx's status sync (internal/ingress/status/status.go, runningAddresses): every
 * Ingress the controller serves gets `status.loadBalancer.ingress` =
 * - with --publish-service (the LoadBalancer install): the controller Service's load balancer
 *   addresses (statusAddressFromService), or nothing while the Service is still pending;
 * - without it (the NodePort/baremetal install): the address of each node running a Running and
 *   Ready controller pod (ExternalIP, else InternalIP; GetNodeIPOrName).
 * The addresses are sorted (standardizeLoadBalancerIngresses). Ingresses of other classes are
 * left alone: their controller would write their status, and none runs here.
 *
 * The real sync runs every 60 s (UpdateInterval) and on start; the simulation runs it after every
 * change that can move the addresses: apply and delete, and the runtime actions (a node failing or
 * coming back, a readiness probe failing or passing, a restart). So in the NodePort install an
 * Ingress loses the address of a node whose controller pod stops being Ready, and gets it back.
 * Each status write is an update of the Ingress, which ingress-nginx's own informer sees and
 * answers with a `Sync` event "Scheduled for sync" (internal/ingress/controller/store/store.go,
 * UpdateFunc: validCur && !reflect.DeepEqual(old, cur)); the timeline records it with the change.
 */
import type { Ingress, LoadBalancerIngress } from '../model/types';
import type { ClusterState } from '../state';
import { controllerPods, controllerService } from '../ingress/controller';
import { servedIngresses } from '../ingress/nginx-config';
import { ipToInt } from '../net/ipv4';
import { namespaceOf } from '../model/meta';
import { isPodRunningAndReady } from '../model/podutil';

function isReady(state: ClusterState, name: string, namespace: string): boolean {
  const pod = state.store.get('Pod', name, namespace);
  return pod !== undefined && isPodRunningAndReady(pod);
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

function describe(addresses: readonly LoadBalancerIngress[] | undefined): string {
  const list = (addresses ?? []).map((a) => a.ip ?? a.hostname ?? '');
  return list.length ? list.join(', ') : 'none';
}

export function reconcileIngressStatus(state: ClusterState): void {
  const served = servedIngresses(state);
  if (served.length === 0) return;
  const addresses = ingressStatusAddresses(state);
  for (const ingress of served) {
    const before = ingress.status.loadBalancer.ingress;
    if (same(before, addresses)) continue;
    const updated: Ingress = {
      ...ingress,
      status: { loadBalancer: addresses.length ? { ingress: addresses.map((a) => ({ ...a })) } : {} },
    };
    state.store.put(updated);
    state.record({
      type: 'Normal',
      reason: 'Sync',
      kind: 'Ingress',
      name: ingress.metadata.name,
      namespace: namespaceOf(ingress),
      message: `Scheduled for sync: ingress-nginx set status.loadBalancer.ingress to ${describe(addresses)} (was ${describe(before)})`,
    });
  }
}
