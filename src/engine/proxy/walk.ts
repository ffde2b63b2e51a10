/** The state of one packet's walk through a node's nat table, and what the walk can end in. */
import type { ClusterState } from '../state';
import type { Hop, HopUse } from '../trace/types';
import type { Flow } from '../trace/flow';
import { makeHop } from '../trace/flow';
import { inCidr } from '../trace/network';
import type { ShownRules } from './hop-rules';
import { iptShown } from './hop-rules';
import type { IptRule } from './ipt-rule';
import type { NodeRules, NodeServicePort } from './node-rules';
import type { ProxyEndpoint } from './service-ports';

export type ProxyVerdict =
  /** No kube-proxy rule matched: the packet is routed as it is. */
  | { verdict: 'none'; hops: Hop[] }
  /** The filter table rejected (REJECT, "connection refused") or dropped (DROP, a timeout) it. */
  | { verdict: 'rejected' | 'dropped'; hops: Hop[]; reason: string }
  | { verdict: 'dnat'; hops: Hop[]; endpoint: ProxyEndpoint; servicePort: NodeServicePort; masquerade: boolean };

export interface Walk {
  state: ClusterState;
  node: string;
  rules: NodeRules;
  flow: Flow;
  /** The source is an address of this node (--src-type LOCAL): host-network senders. */
  srcLocal: boolean;
  hops: Hop[];
  marked: boolean;
}

/** A hop at kube-proxy, showing the rules that decided it. */
export function kp(walk: Walk, note: string, shown: ShownRules, nat?: Hop['nat'], uses?: Hop['uses']): void {
  const { rule, rules } = shown;
  walk.hops.push(
    makeHop('kube-proxy', note, walk.flow, { node: walk.node, rule, rules, ...(nat ? { nat } : {}), ...(uses ? { uses } : {}) }),
  );
}

/** The Service of a service port, as a hop names what it used. */
export function serviceUse(info: { service: { metadata: { name: string } }; namespace: string }): HopUse {
  return { kind: 'Service', name: info.service.metadata.name, namespace: info.namespace };
}

/**
 * What a pick of an endpoint uses: the Service, and the EndpointSlice kube-proxy read the endpoint
 * from, with the endpoint (`ip:port`). Not the v1 Endpoints: kube-proxy watches EndpointSlices
 * only (pkg/proxy/config EndpointSliceConfig; the Endpoints API is deprecated since 1.33, KEP-4974).
 */
export function endpointUses(info: { service: { metadata: { name: string } }; namespace: string }, ep: ProxyEndpoint): HopUse[] {
  return [serviceUse(info), { kind: 'EndpointSlice', name: ep.slice, namespace: info.namespace, address: ep.address }];
}

/** localDetector.IfLocal() of --detect-local-mode=ClusterCIDR: the source is in --cluster-cidr (false when unset: the no-op detector). */
export function fromPod(walk: Walk): boolean {
  const cidr = walk.state.options.kubeProxy.clusterCIDR;
  return cidr !== undefined && inCidr(cidr, walk.flow.srcIP);
}

export function mark(walk: Walk, rule: IptRule, why: string): void {
  walk.marked = true;
  kp(walk, `${why}: KUBE-MARK-MASQ sets mark 0x4000 so that POSTROUTING masquerades the packet's source.`, iptShown(rule));
}
