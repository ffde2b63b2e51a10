/** The request tracer's vocabulary: what `cluster.send` takes and returns. */

export type TraceSource = { pod: string; namespace?: string } | { external: string };

export type TraceTarget = string | { ping: string };

export interface SendRequest {
  from: TraceSource;
  /** 'http://host:port/path', 'host:port', 'ip:port', or { ping: ip }. */
  to: TraceTarget;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  sourcePort?: number;
}

export type HopComponent = 'client' | 'dns' | 'cloud-lb' | 'node' | 'kube-proxy' | 'ingress-controller' | 'pod' | 'external';

export interface Packet {
  /** 'ip:port' */
  src: string;
  /** 'ip:port' */
  dst: string;
  protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
}

export interface Hop {
  component: HopComponent;
  node?: string;
  /** One sentence a learner can read: what happened at this hop and why. */
  note: string;
  /** The packet as it leaves this hop. */
  packet: Packet;
  /** The iptables rule (iptables-save syntax) or L7 rule that decided this hop, when there is one. */
  rule?: string;
  /** True when this hop rewrote the destination (DNAT) or source (SNAT/masquerade). */
  nat?: 'DNAT' | 'SNAT' | 'DNAT+SNAT';
}

export interface Trace {
  ok: boolean;
  /** Why the request failed, when it did. */
  reason?: string;
  hops: Hop[];
  /** The pod that received the request. */
  pod?: { name: string; namespace: string; node: string; ip: string; port: number };
  /** The external endpoint that received it (manual Endpoints, ExternalName). */
  external?: { host: string; ip: string; port: number };
  sourceIpSeenByPod?: string;
}
