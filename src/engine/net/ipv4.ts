import ipaddr from 'ipaddr.js';

/** An IPv4 block; addresses are handled as unsigned 32-bit integers. */
export interface Cidr {
  text: string;
  base: number;
  prefix: number;
  size: number;
}

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function isIP(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValid(text));
}

/** An IPv4 CIDR in four-part decimal (`10.0.0.0/8`) or an IPv6 one (`2001:db8::/64`). */
export function isCIDR(text: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(text) || (text.includes(':') && ipaddr.IPv6.isValidCIDR(text));
}

/** The special-use range ipaddr.js names for an address: 'loopback', 'linkLocal', 'unicast', ... */
export function ipRange(text: string): string {
  return ipaddr.parse(text).range();
}

export function ipToInt(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(text).octets;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function intToIp(value: number): string {
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

/** Parses `10.96.0.0/12`; throws with a readable message when it is not an IPv4 CIDR. */
export function parseCidr(text: string): Cidr {
  if (!ipaddr.IPv4.isValidCIDR(text)) throw new Error(`"${text}" is not an IPv4 CIDR such as 10.96.0.0/12`);
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipToInt(address.toString()) / size) * size;
  return { text: `${intToIp(base)}/${prefix}`, base, prefix, size };
}

export function cidrContains(cidr: Cidr, ip: string): boolean {
  if (!isIPv4(ip)) return false;
  const value = ipToInt(ip);
  return value >= cidr.base && value < cidr.base + cidr.size;
}

/** An inclusive range of IPv4 addresses, `203.0.113.10-203.0.113.250` or a CIDR. */
export interface IpRange {
  text: string;
  first: number;
  last: number;
}

export function parseIpRange(text: string): IpRange {
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    return { text, first: cidr.base, last: cidr.base + cidr.size - 1 };
  }
  const [from, to] = text.split('-').map((s) => s.trim());
  if (!from || !to || !isIPv4(from) || !isIPv4(to) || ipToInt(from) > ipToInt(to)) {
    throw new Error(`"${text}" is not an IPv4 range such as 203.0.113.10-203.0.113.250`);
  }
  return { text, first: ipToInt(from), last: ipToInt(to) };
}
