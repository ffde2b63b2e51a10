import { describe, expect, it } from 'vitest';
import { ClusterIPAllocator, LoadBalancerPool, NodePodIPAM, PortAllocator, clusterIPStaticBand, nodePortStaticBand } from './ipam';
import { intToIp, parseCidr, parseIpRange, ipToInt } from '../net/ipv4';
import { Random } from '../util/random';

describe('ClusterIP allocation (pkg/registry/core/service/ipallocator, KEP-3070)', () => {
  it('static band is min(max(16, size/16), 256): 256 addresses for a /12, 16 for a /28 (KEP-3070)', () => {
    expect(clusterIPStaticBand(2 ** 20)).toBe(256);
    expect(clusterIPStaticBand(16)).toBe(16);
    expect(clusterIPStaticBand(2 ** 12)).toBe(256);
    expect(clusterIPStaticBand(1024)).toBe(64);
  });

  it('random allocation comes from the upper band of 10.96.0.0/12 and never repeats', () => {
    const alloc = new ClusterIPAllocator(parseCidr('10.96.0.0/12'));
    const random = Random.stream(1, 'test');
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const r = alloc.allocateNext(random, `svc-${i}`);
      if (!r.ok) throw new Error(r.error);
      expect(ipToInt(r.value)).toBeGreaterThanOrEqual(ipToInt('10.96.1.0'));
      expect(ipToInt(r.value)).toBeLessThanOrEqual(ipToInt('10.111.255.254'));
      seen.add(r.value);
    }
    expect(seen.size).toBe(500);
  });

  it('falls back to the static band when the upper band is full, then reports "range is full"', () => {
    const alloc = new ClusterIPAllocator(parseCidr('10.0.0.0/28'));
    const random = Random.stream(3, 'x');
    const got: string[] = [];
    for (let i = 0; i < 14; i++) {
      const r = alloc.allocateNext(random, `s${i}`);
      if (!r.ok) throw new Error(r.error);
      got.push(r.value);
    }
    // /28: 16 addresses, network and broadcast excluded.
    expect(new Set(got).size).toBe(14);
    expect(got).not.toContain('10.0.0.0');
    expect(got).not.toContain('10.0.0.15');
    expect(alloc.allocateNext(random, 'one-more')).toEqual({ ok: false, error: 'range is full' });
  });

  it('a specific IP outside the range or taken is refused with the allocator messages', () => {
    const alloc = new ClusterIPAllocator(parseCidr('10.96.0.0/12'));
    expect(alloc.allocateSpecific('10.0.171.239', 'a')).toEqual({
      ok: false,
      error: 'the provided IP (10.0.171.239) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    });
    expect(alloc.allocateSpecific('10.96.0.0', 'a').ok).toBe(false); // the network address
    expect(alloc.allocateSpecific('10.96.5.5', 'a')).toEqual({ ok: true, value: '10.96.5.5' });
    expect(alloc.allocateSpecific('10.96.5.5', 'b')).toEqual({ ok: false, error: 'provided IP is already allocated' });
    alloc.release('10.96.5.5');
    expect(alloc.allocateSpecific('10.96.5.5', 'b').ok).toBe(true);
  });
});

describe('NodePort allocation (pkg/registry/core/service/portallocator, KEP-3668)', () => {
  it('static band of 30000-32767 is 86 ports: min(max(16, 2768/32), 128)', () => {
    expect(nodePortStaticBand(2768)).toBe(86);
    expect(nodePortStaticBand(100)).toBe(16);
    expect(nodePortStaticBand(10000)).toBe(128);
  });

  it('random ports come from 30086-32767 first', () => {
    const ports = new PortAllocator(30000, 32767);
    const random = Random.stream(7, 'np');
    for (let i = 0; i < 200; i++) {
      const r = ports.allocateNext(random, `s${i}`);
      if (!r.ok) throw new Error(r.error);
      expect(r.value).toBeGreaterThanOrEqual(30086);
      expect(r.value).toBeLessThanOrEqual(32767);
    }
  });

  it('refuses ports outside the range and ports in use', () => {
    const ports = new PortAllocator(30000, 32767);
    expect(ports.allocateSpecific(80, 'a')).toEqual({
      ok: false,
      error: 'provided port is not in the valid range. The range of valid ports is 30000-32767',
    });
    expect(ports.allocateSpecific(30036, 'a').ok).toBe(true);
    expect(ports.allocateSpecific(30036, 'b')).toEqual({ ok: false, error: 'provided port is already allocated' });
  });
});

describe('load balancer pool and pod IPAM', () => {
  it('hands out the lowest free load balancer address and honours a requested one', () => {
    const pool = new LoadBalancerPool(parseIpRange('203.0.113.10-203.0.113.12'));
    expect(pool.allocateNext('a')).toEqual({ ok: true, value: '203.0.113.10' });
    expect(pool.claim('203.0.113.11', 'b')).toEqual({ ok: true, value: '203.0.113.11' });
    expect(pool.allocateNext('c')).toEqual({ ok: true, value: '203.0.113.12' });
    expect(pool.allocateNext('d').ok).toBe(false);
  });

  // host-local (containernetworking/plugins plugins/ipam/host-local) hands addresses out in
  // order; the simulation starts from a home address hashed from the pod's namespace/name and
  // probes upwards, so a pod's address does not depend on the pods created before it.
  it('a pod gets its hashed home address in .2-.254 of the node /24, whatever was allocated before', () => {
    const first = new NodePodIPAM(ipToInt('10.244.1.0'));
    const home = first.homeAddress('default/web-abcde');
    expect(ipToInt(home)).toBeGreaterThanOrEqual(ipToInt('10.244.1.2'));
    expect(ipToInt(home)).toBeLessThanOrEqual(ipToInt('10.244.1.254'));
    expect(first.allocate('default/web-abcde')).toBe(home);
    const fresh = new NodePodIPAM(ipToInt('10.244.1.0'));
    expect(fresh.allocate('default/web-abcde')).toBe(home);
  });

  it('on a collision the pod takes the next free address, wrapping from .254 to .2; a released address is free again', () => {
    const ipam = new NodePodIPAM(ipToInt('10.244.1.0'));
    const a = ipam.allocate('default/a');
    // Another key with the same home address collides with it and probes to the next one.
    const same = Array.from({ length: 5000 }, (_, i) => `default/b-${i}`).find((k) => ipam.homeAddress(k) === a);
    if (!same || !a) throw new Error('no colliding key among 5000');
    const next = ipToInt(a) === ipToInt('10.244.1.254') ? '10.244.1.2' : intToIp(ipToInt(a) + 1);
    expect(ipam.allocate(same)).toBe(next);
    ipam.release(a);
    expect(ipam.allocate('default/a')).toBe(a);
  });

  it('a node /24 holds 253 pods (.2 to .254), then none', () => {
    const ipam = new NodePodIPAM(ipToInt('10.244.0.0'));
    const ips = Array.from({ length: 253 }, (_, i) => ipam.allocate(`default/p-${i}`));
    expect(new Set(ips).size).toBe(253);
    expect(ips.every((ip) => ip !== undefined && ipToInt(ip) >= ipToInt('10.244.0.2') && ipToInt(ip) <= ipToInt('10.244.0.254'))).toBe(
      true,
    );
    expect(ipam.allocate('default/one-more')).toBeUndefined();
  });
});
