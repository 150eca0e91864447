/**
 * Address blocks as the text prefixes a filter pattern can test. A
 * space-delimited filter pattern compares a field's text, with `*` as a
 * wildcard, or its number; it has no notion of an address block
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-term-space-delimited-log-events).
 * A block whose boundary falls on a dot (IPv4) or inside the first group
 * of an IPv6 address is the set of addresses whose text starts with a few
 * known prefixes; other blocks are not.
 */

/** One text prefix: `10.*` (a wildcard), or a whole address when the block is one address. */
export interface TextPrefix {
  readonly text: string;
  readonly whole: boolean;
}

/**
 * The private (RFC 1918), unique-local (fc00::/7) and link-local IPv6
 * (fe80::/10) ranges, as the Athena report of flows to and from the
 * internet treats them.
 */
export const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fe80::/10'];

/** The most prefixes one block may become, so that a pattern stays readable and within its length. */
export const MAX_PREFIXES = 16;

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** `a.b.c.d/n` as a 32-bit number and a prefix length, or undefined when it is not an IPv4 block. */
export function parseIpv4Cidr(cidr: string): { base: number; length: number } | undefined {
  const match = IPV4_CIDR.exec(cidr);
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const length = Number(match[5]);
  if (octets.some((octet) => octet > 255) || length > 32) {
    return undefined;
  }
  return { base: octets.reduce((value, octet) => value * 256 + octet, 0), length };
}

/** Whether the block's address has no bits set after its prefix (`10.0.0.0/8`, not `10.1.0.0/8`). */
export function isBlockStart(base: number, length: number): boolean {
  return base % 2 ** (32 - length) === 0;
}

/**
 * The text prefixes of an IPv4 block: rounded up to the next dot, so /12
 * becomes 16 prefixes of two octets. Undefined when that makes more than
 * MAX_PREFIXES, or for /0 (every address).
 */
export function ipv4Prefixes(base: number, length: number): TextPrefix[] | undefined {
  const boundary = Math.ceil(length / 8) * 8;
  const count = 2 ** (boundary - length);
  if (boundary === 0 || count > MAX_PREFIXES) {
    return undefined;
  }
  const step = 2 ** (32 - boundary);
  return Array.from({ length: count }, (_, i) => {
    const address = base + i * step;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).slice(0, boundary / 8);
    return boundary === 32 ? { text: octets.join('.'), whole: true } : { text: `${octets.join('.')}.`, whole: false };
  });
}

/**
 * The text prefixes of an IPv6 block no longer than /16 whose first group
 * is at least 0x1000, so that it is always written with four hex digits
 * (`fc00::/7` gives `fc` and `fd`). Addresses are written in lower case.
 */
export function ipv6FirstGroupPrefixes(firstGroup: number, length: number): TextPrefix[] {
  const boundary = Math.ceil(length / 4) * 4;
  const digits = boundary / 4;
  const start = Math.floor(firstGroup / 2 ** (16 - boundary));
  return Array.from({ length: 2 ** (boundary - length) }, (_, i) => {
    const hex = (start + i).toString(16).padStart(digits, '0');
    return { text: digits === 4 ? `${hex}:` : hex, whole: false };
  });
}

/** The prefixes of every private range (see PRIVATE_RANGES). */
export function privateRangePrefixes(): TextPrefix[] {
  return PRIVATE_RANGES.flatMap((cidr) => {
    const ipv4 = parseIpv4Cidr(cidr);
    if (ipv4) {
      return ipv4Prefixes(ipv4.base, ipv4.length)!;
    }
    const [address, length] = cidr.split('/');
    return ipv6FirstGroupPrefixes(parseInt(address.split(':')[0], 16), Number(length));
  });
}
