/**
 * Public DNS for Gateway hostnames, as for Ingress hosts (ingress/public-dns.ts): in a real
 * cluster external-dns (its gateway-httproute source) or an operator points the hostnames of the
 * HTTPRoutes attached to a Gateway — the intersection with the listener's hostname — at the
 * Gateway's address (status.addresses). An exact name is preferred to a wildcard.
 */
import type { ClusterState } from '../state';
import { namespacedName } from '../model/meta';
import { normalizeHost } from '../ingress/hosts';
import { attachParent, managedGateways } from './attachment';
import { hostMatches } from './hostnames';

export interface PublishedGatewayHost {
  ip: string;
  /** namespace/name of the Gateway. */
  gateway: string;
  /** The route (or listener) hostname that matched. */
  hostname: string;
}

export function publishedGatewayHost(state: ClusterState, name: string): PublishedGatewayHost | undefined {
  const host = normalizeHost(name);
  const published: PublishedGatewayHost[] = [];
  const gateways = managedGateways(state);
  for (const route of state.store.list('HTTPRoute')) {
    route.spec.parentRefs.forEach((ref, i) => {
      const attachment = attachParent(state, route, ref, i);
      const gw = attachment.gateway && gateways.find((g) => namespacedName(g) === namespacedName(attachment.gateway as typeof g));
      const ip = gw?.status.addresses?.find((a) => a.type === 'IPAddress')?.value;
      if (!gw || !ip || attachment.accepted.status !== 'True') return;
      for (const l of attachment.listeners) {
        for (const hostname of l.hostnames) {
          if (hostname !== '*' && hostMatches(hostname, host)) published.push({ ip, gateway: namespacedName(gw), hostname });
        }
      }
    });
  }
  return published.find((p) => !p.hostname.startsWith('*.')) ?? published.sort((a, b) => b.hostname.length - a.hostname.length)[0];
}
