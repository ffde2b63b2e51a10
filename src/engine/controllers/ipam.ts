/**
 * Address and port allocation, as the API server's service registry and the CNI do it.
 *
 * ClusterIPs and NodePorts: kubernetes/pkg/registry/core/service/ipallocator and portallocator.
 * Since KEP-3070 (ClusterIPs) and KEP-3668 (NodePorts) each range is split into a lower
 * "static" band, preferred for user-chosen values, and an upper band that random allocation
 * tries first; only when the upper band is full does it fall back to the lower one.
 */
import type { Cidr, IpRange } from '../net/ipv4';
import { cidrContains, intToIp, ipToInt, isIPv4 } from '../net/ipv4';
import type { Random } from '../util/random';
import { fnv32a } from '../util/hash';

/** KEP-3070: min(max(16, size/16), 256) addresses form the static band of a service CIDR. */
export function clusterIPStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/** KEP-3668: min(max(16, size/32), 128) ports form the static band of the NodePort range. */
export function nodePortStaticBand(size: number): number {
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

export type AllocationResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Random scan from a random start in [from, to], the way the bitmap allocator looks for a free bit. */
function randomScan(random: Random, from: number, to: number, isFree: (n: number) => boolean): number | undefined {
  if (to < from) return undefined;
  const span = to - from + 1;
  const start = random.int(0, span - 1);
  for (let i = 0; i < span; i++) {
    const candidate = from + ((start + i) % span);
    if (isFree(candidate)) return candidate;
  }
  return undefined;
}

export class ClusterIPAllocator {
  private readonly used = new Map<number, string>();
  /** First and last usable offsets: the network address and (IPv4) broadcast are never handed out. */
  private readonly first: number;
  private readonly last: number;

  constructor(readonly cidr: Cidr) {
    this.first = cidr.base + 1;
    this.last = cidr.base + cidr.size - 2;
  }

  /** Messages as ipallocator.ErrNotInRange / ErrAllocated word them. */
  allocateSpecific(ip: string, owner: string): AllocationResult<string> {
    if (!isIPv4(ip) || !cidrContains(this.cidr, ip) || ipToInt(ip) < this.first || ipToInt(ip) > this.last) {
      return { ok: false, error: `the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.cidr.text}` };
    }
    const holder = this.used.get(ipToInt(ip));
    if (holder !== undefined && holder !== owner) return { ok: false, error: 'provided IP is already allocated' };
    this.used.set(ipToInt(ip), owner);
    return { ok: true, value: ip };
  }

  allocateNext(random: Random, owner: string): AllocationResult<string> {
    const band = clusterIPStaticBand(this.cidr.size);
    const isFree = (n: number): boolean => !this.used.has(n);
    const found =
      randomScan(random, Math.max(this.first, this.cidr.base + band), this.last, isFree) ??
      randomScan(random, this.first, Math.min(this.last, this.cidr.base + band - 1), isFree);
    if (found === undefined) return { ok: false, error: 'range is full' };
    this.used.set(found, owner);
    return { ok: true, value: intToIp(found) };
  }

  release(ip: string): void {
    if (isIPv4(ip)) this.used.delete(ipToInt(ip));
  }

  holder(ip: string): string | undefined {
    return isIPv4(ip) ? this.used.get(ipToInt(ip)) : undefined;
  }
}

export class PortAllocator {
  private readonly used = new Map<number, string>();

  constructor(
    readonly first: number,
    readonly last: number,
  ) {}

  get rangeText(): string {
    return `${this.first}-${this.last}`;
  }

  /** Messages as portallocator.ErrNotInRange / ErrAllocated word them. */
  allocateSpecific(port: number, owner: string): AllocationResult<number> {
    if (port < this.first || port > this.last) {
      return { ok: false, error: `provided port is not in the valid range. The range of valid ports is ${this.rangeText}` };
    }
    const holder = this.used.get(port);
    if (holder !== undefined && holder !== owner) return { ok: false, error: 'provided port is already allocated' };
    this.used.set(port, owner);
    return { ok: true, value: port };
  }

  allocateNext(random: Random, owner: string): AllocationResult<number> {
    const band = nodePortStaticBand(this.last - this.first + 1);
    const isFree = (n: number): boolean => !this.used.has(n);
    const found = randomScan(random, this.first + band, this.last, isFree) ?? randomScan(random, this.first, this.first + band - 1, isFree);
    if (found === undefined) return { ok: false, error: 'range is full' };
    this.used.set(found, owner);
    return { ok: true, value: found };
  }

  release(port: number): void {
    this.used.delete(port);
  }
}

/** The simulated cloud's pool of load balancer addresses: lowest free address first, like MetalLB. */
export class LoadBalancerPool {
  private readonly used = new Map<number, string>();

  constructor(readonly range: IpRange) {}

  allocateNext(owner: string): AllocationResult<string> {
    for (let n = this.range.first; n <= this.range.last; n++) {
      if (!this.used.has(n)) {
        this.used.set(n, owner);
        return { ok: true, value: intToIp(n) };
      }
    }
    return { ok: false, error: `no address left in the load balancer pool ${this.range.text}` };
  }

  /** A requested `loadBalancerIP` or a given status address: the simulated cloud grants any free one. */
  claim(ip: string, owner: string): AllocationResult<string> {
    if (!isIPv4(ip)) return { ok: false, error: `${ip} is not an IPv4 address` };
    const holder = this.used.get(ipToInt(ip));
    if (holder !== undefined && holder !== owner) return { ok: false, error: `${ip} is already used by ${holder}` };
    this.used.set(ipToInt(ip), owner);
    return { ok: true, value: ip };
  }

  release(ip: string): void {
    if (isIPv4(ip)) this.used.delete(ipToInt(ip));
  }
}

/**
 * Pod IPs from a node's /24: .1 is the bridge gateway, pods get .2 to .254. The host-local IPAM
 * plugin (containernetworking/plugins plugins/ipam/host-local) hands them out in order, so a pod's
 * address would depend on how many pods the node started before it; here each pod starts from a
 * home address hashed from its namespace/name and takes the next free one on a collision (linear
 * probing, as the API server's allocators scan their bitmaps), so the same pod on the same node
 * gets the same address whatever was created or deleted before it.
 */
export class NodePodIPAM {
  private readonly used = new Set<number>();

  constructor(readonly base: number) {}

  /** The address a pod keyed `namespace/name` gets on this node when it is free. */
  homeAddress(key: string): string {
    return intToIp(this.base + 2 + (fnv32a(key) % POD_ADDRESSES));
  }

  allocate(key: string): string | undefined {
    const start = fnv32a(key) % POD_ADDRESSES;
    for (let i = 0; i < POD_ADDRESSES; i++) {
      const candidate = this.base + 2 + ((start + i) % POD_ADDRESSES);
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return intToIp(candidate);
      }
    }
    return undefined;
  }

  release(ip: string): void {
    if (isIPv4(ip)) this.used.delete(ipToInt(ip));
  }
}

/** .2 to .254 of a /24. */
const POD_ADDRESSES = 253;
