import { describe, expect, it } from 'vitest';
import { ClusterIPAllocator, LoadBalancerPool, NodePodIPAM, PortAllocator, clusterIPStaticBand, nodePortStaticBand } from './ipam';
import { intToIp, parseCidr, parseIpRange, ipToInt } from '../net/ipv4';
import { Random } from '../util/random';

describe('ClusterIP allocation (pkg/registry/core/service/ipallocator, KEP-3070)', () => {
  // The cases of Test_calculateRangeOffset (ipallocator/bitmap_test.go): min(max(16, size/16), 256),
  // and 0 for a /28 or smaller ("cidrSize <= min").
  it('static band is min(max(16, size/16), 256), none for a /28 or smaller (ipallocator Test_calculateRangeOffset)', () => {
    const band = (cidr: string): number => clusterIPStaticBand(parseCidr(cidr).size);
    expect(band('192.168.1.1/32')).toBe(0); // full mask
    expect(band('192.168.1.1/30')).toBe(0); // very small mask
    expect(band('192.168.1.1/28')).toBe(0); // small mask
    expect(band('192.168.1.1/27')).toBe(16);
    expect(band('192.168.1.1/22')).toBe(64); // medium mask
    expect(band('192.168.1.1/8')).toBe(256); // large mask
    expect(band('10.96.0.0/12')).toBe(256);
  });

  // ipallocator.New: bit 0 is the address after the network address and the upper band starts at
  // bit `offset`, so in a /22 (64 static addresses) random allocation starts at .0.65, and in
  // 10.96.0.0/12 (256) at 10.96.1.1.
  it('the upper band starts at the address after the static ones: .0.65 in a /22 (ipallocator.New, bitmap offset)', () => {
    const alloc = new ClusterIPAllocator(parseCidr('10.0.0.0/22'));
    // Fill the upper band by hand except its first address: the random scan must find exactly it.
    for (let n = ipToInt('10.0.0.66'); n <= ipToInt('10.0.3.254'); n++) expect(alloc.allocateSpecific(intToIp(n), 'fill').ok).toBe(true);
    expect(alloc.allocateNext(Random.stream(1, 'edge'), 'last')).toEqual({ ok: true, value: '10.0.0.65' });
    // Then the static band, .0.1 to .0.64, and then nothing.
    const random = Random.stream(2, 'edge');
    const statics = Array.from({ length: 64 }, (_, i) => alloc.allocateNext(random, `s${i}`));
    expect(statics.every((r) => r.ok && ipToInt(r.value) >= ipToInt('10.0.0.1') && ipToInt(r.value) <= ipToInt('10.0.0.64'))).toBe(true);
    expect(alloc.allocateNext(random, 'more')).toEqual({ ok: false, error: 'range is full' });
  });

  // A /29 has no static band: random allocation uses all six addresses .1 to .6, never the network
  // address .0 or the broadcast .7, then reports ErrFull (ipallocator TestAllocate's "range is full").
  it('a /29 service CIDR: all six usable addresses, then "range is full", for any seed (ipallocator TestAllocate)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const alloc = new ClusterIPAllocator(parseCidr('10.0.0.0/29'));
      const random = Random.stream(seed, 'slash29');
      const got: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = alloc.allocateNext(random, `s${i}`);
        if (!r.ok) throw new Error(r.error);
        got.push(r.value);
      }
      expect([...got].sort()).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
      expect(alloc.allocateNext(random, 'one-more')).toEqual({ ok: false, error: 'range is full' });
      alloc.release('10.0.0.4');
      expect(alloc.allocateNext(random, 'again')).toEqual({ ok: true, value: '10.0.0.4' });
    }
  });

  it('a /30 holds two addresses and a /31 or /32 none (ipallocator.New: max = size - 2, never negative)', () => {
    const slash30 = new ClusterIPAllocator(parseCidr('10.0.0.0/30'));
    const random = Random.stream(1, 'tiny');
    const two = [slash30.allocateNext(random, 'a'), slash30.allocateNext(random, 'b')].map((r) => (r.ok ? r.value : r.error));
    expect(two.sort()).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(slash30.allocateNext(random, 'c')).toEqual({ ok: false, error: 'range is full' });
    expect(new ClusterIPAllocator(parseCidr('10.0.0.0/31')).allocateNext(random, 'a')).toEqual({ ok: false, error: 'range is full' });
    expect(new ClusterIPAllocator(parseCidr('10.0.0.0/32')).allocateNext(random, 'a')).toEqual({ ok: false, error: 'range is full' });
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

  it('falls back to the static band when the upper band is full, then reports "range is full" (a /27: 16 static addresses)', () => {
    const alloc = new ClusterIPAllocator(parseCidr('10.0.0.0/27'));
    const random = Random.stream(3, 'x');
    const got: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = alloc.allocateNext(random, `s${i}`);
      if (!r.ok) throw new Error(r.error);
      got.push(r.value);
    }
    // The first 14 come from the upper band, bits 16 to 29: 10.0.0.17 to 10.0.0.30.
    expect(got.slice(0, 14).every((ip) => ipToInt(ip) >= ipToInt('10.0.0.17') && ipToInt(ip) <= ipToInt('10.0.0.30'))).toBe(true);
    // Then the static band, 10.0.0.1 to 10.0.0.16; network and broadcast never.
    expect(got.slice(14).every((ip) => ipToInt(ip) >= ipToInt('10.0.0.1') && ipToInt(ip) <= ipToInt('10.0.0.16'))).toBe(true);
    expect(new Set(got).size).toBe(30);
    expect(alloc.allocateNext(random, 'one-more')).toEqual({ ok: false, error: 'range is full' });
  });

  it('a /28 has no static band: 14 addresses from anywhere, then "range is full"', () => {
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
  // The cases of Test_calculateRangeOffset (portallocator/allocator_test.go).
  it('static band is min(max(16, size/32), 128), none for 16 ports or fewer (portallocator Test_calculateRangeOffset)', () => {
    expect(nodePortStaticBand(2768)).toBe(86); // default node port range
    expect(nodePortStaticBand(10)).toBe(0); // very small node port range
    expect(nodePortStaticBand(16)).toBe(0); // small node port range (lower boundary)
    expect(nodePortStaticBand(17)).toBe(16);
    expect(nodePortStaticBand(128)).toBe(16); // small node port range
    expect(nodePortStaticBand(2048)).toBe(64); // medium node port range
    expect(nodePortStaticBand(4096)).toBe(128); // large node port range (upper boundary)
    expect(nodePortStaticBand(8192)).toBe(128); // large node port range
  });

  // portallocator TestAllocate: AllocateNext until Free() is 0, every port inside the range and
  // none twice, then ErrFull; here for every range size from 1 to 20 ports, at the top of the port
  // space too (65530-65535 used to hand out 65536 and up), and with the upper band first when the
  // range is over 16 ports (TestAllocateReserved).
  it('ranges of 1 to 20 ports: exactly size allocations, all inside the range, then "range is full" (portallocator TestAllocate)', () => {
    for (let size = 1; size <= 20; size++) {
      for (const first of [30000, 65536 - size]) {
        for (let seed = 0; seed < 10; seed++) {
          const ports = new PortAllocator(first, first + size - 1);
          const random = Random.stream(seed, 'small', String(size));
          const got: number[] = [];
          for (let i = 0; i < size; i++) {
            const r = ports.allocateNext(random, `s${i}`);
            if (!r.ok) throw new Error(`${size} ports from ${first}: ${r.error} after ${i}`);
            got.push(r.value);
          }
          expect(new Set(got).size).toBe(size);
          expect(got.every((p) => p >= first && p <= first + size - 1 && p <= 65535)).toBe(true);
          const band = nodePortStaticBand(size);
          expect(got.slice(0, size - band).every((p) => p >= first + band)).toBe(true);
          expect(ports.allocateNext(random, 'one-more')).toEqual({ ok: false, error: 'range is full' });
        }
      }
    }
  });

  it('a single-port range hands out that port, and again once released', () => {
    const ports = new PortAllocator(32000, 32000);
    const random = Random.stream(1, 'one');
    expect(ports.allocateNext(random, 'a')).toEqual({ ok: true, value: 32000 });
    expect(ports.allocateNext(random, 'b')).toEqual({ ok: false, error: 'range is full' });
    ports.release(32000);
    expect(ports.allocateNext(random, 'b')).toEqual({ ok: true, value: 32000 });
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
