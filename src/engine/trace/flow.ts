/** The packet a trace follows, as it is rewritten hop by hop, and the hops it leaves behind. */
import type { Hop, HopComponent, Packet } from './types';

export type FlowProtocol = Packet['protocol'];

export interface Flow {
  srcIP: string;
  srcPort: number;
  dstIP: string;
  dstPort: number;
  protocol: FlowProtocol;
}

/** 'ip:port'; ICMP has no ports, so its addresses are bare IPs. */
export function endpointText(ip: string, port: number, protocol: FlowProtocol): string {
  return protocol === 'ICMP' ? ip : `${ip}:${port}`;
}

export function packetOf(flow: Flow): Packet {
  return {
    src: endpointText(flow.srcIP, flow.srcPort, flow.protocol),
    dst: endpointText(flow.dstIP, flow.dstPort, flow.protocol),
    protocol: flow.protocol,
  };
}

export function dstText(flow: Flow): string {
  return endpointText(flow.dstIP, flow.dstPort, flow.protocol);
}

export function srcText(flow: Flow): string {
  return endpointText(flow.srcIP, flow.srcPort, flow.protocol);
}

export interface HopExtras {
  node?: string;
  rule?: string;
  rules?: Hop['rules'];
  nat?: Hop['nat'];
  uses?: Hop['uses'];
}

export function makeHop(component: HopComponent, note: string, flow: Flow, extras: HopExtras = {}): Hop {
  const hop: Hop = { component, note, packet: packetOf(flow) };
  if (extras.node !== undefined) hop.node = extras.node;
  if (extras.rule !== undefined) hop.rule = extras.rule;
  if (extras.rules?.length) hop.rules = extras.rules;
  if (extras.nat !== undefined) hop.nat = extras.nat;
  if (extras.uses?.length) hop.uses = extras.uses;
  return hop;
}
