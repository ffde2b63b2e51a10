/**
 * Address and port allocation, as the API server's service registry and the CNI do it.
 *
 * ClusterIPs and NodePorts: kubernetes/pkg/registry/core/service/ipallocator and portallocator,
 * both backed by allocator.NewAllocationMapWithOffset (pkg/registry/core/service/allocator/bitmap.go).
 * Since KEP-3070 (ClusterIPs) and KEP-3668 (NodePorts) each range is split into a lower
 * "static" band, preferred for user-chosen values, and an upper band that random allocation
 * tries first; only when the upper band is full does it fall back to the lower one. Ranges of 16
 * or fewer have no static band at all (calculateRangeOffset returns 0), and nothing is ever
 * handed out beyond the range: a full range is ErrFull, "range is full".
 */
import type { Cidr, IpRange } from '../net/ipv4';
import { cidrContains, intToIp, ipToInt, isIPv4 } from '../net/ipv4';
import type { Random } from '../util/random';
import { fnv32a } from '../util/hash';

/** allocator.ErrFull / portallocator.ErrFull / ipallocator.ErrFull. */
export const RANGE_FULL = 'range is full';

/**
 * calculateRangeOffset (ipallocator/bitmap.go, KEP-3070): min(max(16, size/16), 256) addresses of
 * a service CIDR form the static band, and none when the CIDR has 16 addresses or fewer (`cidrSize
 * <= min`: a /28 or smaller). `size` is the CIDR's size, network and broadcast included.
 */
export function clusterIPStaticBand(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), 256);
}

/**
 * calculateRangeOffset (portallocator/allocator.go, KEP-3668): min(max(16, size/32), 128) ports of
 * the NodePort range form the static band, and none when the range has 16 ports or fewer
 * ("offset should always be smaller than the range size").
 */
export function nodePortStaticBand(size: number): number {
  if (size <= 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 32)), 128);
}

export type AllocationResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * randomScanStrategyWithOffset.AllocateBit (allocator/bitmap.go) over bit indexes [0, max): a scan
 * of the upper subrange [offset, max) from a random start, wrapping, then of the static band
 * [0, offset) from another random start. Returns the free index, or undefined when the range is full.
 */
function allocateBit(random: Random, offset: number, max: number, isFree: (index: number) => boolean): number | undefined {
  const upper = max - offset;
  if (upper > 0) {
    const start = random.int(0, upper - 1);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (isFree(at)) return at;
    }
  }
  // "Guard against rand.Intn(0) panic when offset is 0."
  if (offset > 0) {
    const start = random.int(0, offset - 1);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (isFree(at)) return at;
    }
  }
  return undefined;
}

export class ClusterIPAllocator {
  private readonly used = new Map<number, string>();
  /**
   * ipallocator.New: bit 0 is the address after the network address, and an IPv4 range has
   * size - 2 usable addresses (neither the network address nor the broadcast is handed out).
   */
  private readonly first: number;
  private readonly last: number;
  private readonly max: number;
  private readonly offset: number;

  constructor(readonly cidr: Cidr) {
    this.first = cidr.base + 1;
    this.max = Math.max(0, cidr.size - 2);
    this.last = this.first + this.max - 1;
    this.offset = clusterIPStaticBand(cidr.size);
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
    const index = allocateBit(random, this.offset, this.max, (i) => !this.used.has(this.first + i));
    if (index === undefined) return { ok: false, error: RANGE_FULL };
    this.used.set(this.first + index, owner);
    return { ok: true, value: intToIp(this.first + index) };
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

  /** portallocator.AllocateNext: bit i is port first + i. */
  allocateNext(random: Random, owner: string): AllocationResult<number> {
    const size = this.last - this.first + 1;
    const index = allocateBit(random, nodePortStaticBand(size), size, (i) => !this.used.has(this.first + i));
    if (index === undefined) return { ok: false, error: RANGE_FULL };
    this.used.set(this.first + index, owner);
    return { ok: true, value: this.first + index };
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

  /**
   * The range set host-local reports when it is exhausted (plugins/ipam/host-local/backend/allocator
   * "no IP addresses available in range set: %s"): RangeStart (network + 1) to RangeEnd (broadcast
   * - 1); the gateway .1 is in it but never handed out.
   */
  get rangeSet(): string {
    return `${intToIp(this.base + 1)}-${intToIp(this.base + 254)}`;
  }

  /** The node's pod CIDR block, the /24 this allocator hands addresses out of. */
  get cidr(): string {
    return `${intToIp(this.base)}/24`;
  }
}

/** How many pods a node's /24 holds: .2 to .254. */
export const PODS_PER_NODE_BLOCK = 253;

/** .2 to .254 of a /24. */
const POD_ADDRESSES = 253;
