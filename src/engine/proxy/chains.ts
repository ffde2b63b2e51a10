/**
 * kube-proxy's iptables chain names and the bits of rule text it derives from a Service port,
 * exactly as pkg/proxy/iptables/proxier.go computes them:
 *
 *   func portProtoHash(servicePortName string, protocol string) string {
 *     hash := sha256.Sum256([]byte(servicePortName + protocol))
 *     encoded := base32.StdEncoding.EncodeToString(hash[:])
 *     return encoded[:16]
 *   }
 *
 * KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW- share that hash; KUBE-SEP- hashes
 * servicePortName + protocol + endpoint ("ip:port"). `protocol` is lower-cased
 * (newServiceInfo / newEndpointInfo: strings.ToLower(string(protocol))), and servicePortName is
 * proxy.ServicePortName.String() from pkg/proxy/types.go: "namespace/name" followed by
 * ":portname" only when the port has a name (fmtPortName returns "" for an unnamed port).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { base32 } from '@scure/base';
import type { Protocol } from '../model/types';

const hashes = new Map<string, string>();
const MAX_MEMO = 50_000;

/** The first 16 characters of base32(sha256(text)): portProtoHash and the KUBE-SEP hash. */
export function chainHash(text: string): string {
  let hash = hashes.get(text);
  if (hash === undefined) {
    hash = base32.encode(sha256(utf8ToBytes(text))).slice(0, 16);
    if (hashes.size >= MAX_MEMO) hashes.clear();
    hashes.set(text, hash);
  }
  return hash;
}

/** proxy.ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port. */
export function servicePortName(namespace: string, name: string, portName: string | undefined): string {
  return portName ? `${namespace}/${name}:${portName}` : `${namespace}/${name}`;
}

/** The protocol as kube-proxy puts it in chain hashes and in `-m tcp -p tcp`. */
export function lowerProtocol(protocol: Protocol): string {
  return protocol.toLowerCase();
}

export function portProtoHash(spn: string, protocol: string): string {
  return chainHash(spn + protocol);
}

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';

/** servicePortPolicyClusterChain: KUBE-SVC-<hash>, the endpoints for Cluster traffic policy. */
export function svcChain(spn: string, protocol: string): string {
  return `KUBE-SVC-${portProtoHash(spn, protocol)}`;
}

/** servicePortPolicyLocalChainName: KUBE-SVL-<hash>, the endpoints on this node (Local policy). */
export function svlChain(spn: string, protocol: string): string {
  return `KUBE-SVL-${portProtoHash(spn, protocol)}`;
}

/** serviceExternalChainName: KUBE-EXT-<hash>, where NodePort, load balancer and external IP traffic enters. */
export function extChain(spn: string, protocol: string): string {
  return `KUBE-EXT-${portProtoHash(spn, protocol)}`;
}

/** serviceFirewallChainName: KUBE-FW-<hash>, the loadBalancerSourceRanges check in front of KUBE-EXT. */
export function fwChain(spn: string, protocol: string): string {
  return `KUBE-FW-${portProtoHash(spn, protocol)}`;
}

/** servicePortEndpointChainName: KUBE-SEP-<hash of name + protocol + "ip:port">. */
export function sepChain(spn: string, protocol: string, endpoint: string): string {
  return `KUBE-SEP-${chainHash(spn + protocol + endpoint)}`;
}

const probabilities: string[] = [];

/** computeProbability: fmt.Sprintf("%0.10f", 1.0/float64(n)). */
export function probability(n: number): string {
  let text = probabilities[n];
  if (text === undefined) {
    text = (1 / n).toFixed(10);
    probabilities[n] = text;
  }
  return text;
}

/**
 * The masquerade mark: 1 << masqueradeBit (kube-proxy's --iptables-masquerade-bit, default 14),
 * which iptables shows as 0x4000.
 */
export const MASQUERADE_MARK = '0x4000';
