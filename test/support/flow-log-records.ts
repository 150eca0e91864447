/**
 * Test support: flow-log records of any format, as CloudWatch Logs holds
 * them (one record per log event, the values separated by single spaces,
 * `-` where a field has no data;
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
 * Addresses and ports lean towards the edges of what the presets match:
 * private ranges and their neighbours, IPv6 in compressed form, 22 and 3389
 * and their look-alikes.
 */
import * as fc from 'fast-check';

/** `length` hex digits (built from integers: fc.stringMatching is slow for records of 40 fields). */
const hex = (length: number) => fc.array(fc.integer({ min: 0, max: 15 }), { minLength: length, maxLength: length })
  .map((digits) => digits.map((d) => d.toString(16)).join(''));
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = (first: fc.Arbitrary<number>, second: fc.Arbitrary<number> = octet) =>
  fc.tuple(first, second, octet, octet).map((parts) => parts.join('.'));
const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
/** An IPv6 address written as flow logs write it: lower case, the longest run of zero groups as :: (RFC 5952). */
const ipv6 = (firstGroup: fc.Arbitrary<number>) => fc.tuple(firstGroup, fc.array(group, { minLength: 7, maxLength: 7 }))
  .map(([first, rest]) => compress([first, ...rest]));

function compress(groups: number[]): string {
  let best = { start: -1, length: 1 };
  for (let i = 0; i < groups.length; i++) {
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
  }
  const text = groups.map((g) => g.toString(16));
  if (best.start < 0) return text.join(':');
  return `${text.slice(0, best.start).join(':')}::${text.slice(best.start + best.length).join(':')}`;
}

/** Addresses inside, at the edge of and outside the private ranges. */
export const address: fc.Arbitrary<string> = fc.oneof(
  ipv4(fc.constant(10)),
  ipv4(fc.constant(172), fc.integer({ min: 14, max: 33 })),
  ipv4(fc.constant(192), fc.constantFrom(167, 168, 169)),
  ipv4(fc.constantFrom(9, 11, 100, 100, 203, 52)),
  ipv4(octet),
  ipv6(fc.integer({ min: 0xfb00, max: 0xfeff })),
  ipv6(fc.integer({ min: 0x2000, max: 0x2fff })),
  fc.constantFrom('::1', '2001:db8::1', 'fe80::1', 'febf::1', 'fec0::1', 'fc00::', 'fdff:ffff::1', '172.16.0.0', '172.31.255.255'),
);

const port = fc.oneof(fc.constantFrom(22, 3389, 2222, 220, 33890, 338, 0, 65535, 443), fc.integer({ min: 0, max: 65535 })).map(String);
const count = fc.oneof(fc.nat({ max: 100 }), fc.nat()).map(String);
const unixTime = fc.integer({ min: 1_400_000_000, max: 2_000_000_000 }).map(String);
const id = (prefix: string) => hex(17).map((h) => `${prefix}-${h}`);

/** A value for each field of a record with data; unknown fields get a word. */
const VALUES: { [field: string]: fc.Arbitrary<string> } = {
  'version': fc.constantFrom('2', '3', '4', '5'),
  'account-id': fc.integer({ min: 0, max: 999_999_999_999 }).map((n) => String(n).padStart(12, '0')),
  'interface-id': id('eni'),
  'srcaddr': address,
  'dstaddr': address,
  'srcport': port,
  'dstport': port,
  'protocol': fc.constantFrom('6', '17', '1', '58'),
  'packets': count,
  'bytes': count,
  'start': unixTime,
  'end': unixTime,
  'action': fc.constantFrom('ACCEPT', 'REJECT'),
  'log-status': fc.constant('OK'),
  'vpc-id': id('vpc'),
  'subnet-id': id('subnet'),
  'instance-id': fc.oneof(id('i'), fc.constant('-')),
  'tcp-flags': fc.constantFrom('0', '1', '2', '18', '19'),
  'type': fc.constantFrom('IPv4', 'IPv6'),
  'pkt-srcaddr': address,
  'pkt-dstaddr': address,
  'region': fc.constantFrom('eu-west-1', 'us-east-1'),
  'az-id': fc.constantFrom('euw1-az1', 'use1-az2'),
  'flow-direction': fc.constantFrom('ingress', 'egress'),
  'traffic-path': fc.oneof(fc.integer({ min: 1, max: 8 }).map(String), fc.constant('-')),
  'pkt-src-aws-service': fc.constantFrom('-', 'AMAZON', 'S3'),
  'pkt-dst-aws-service': fc.constantFrom('-', 'AMAZON', 'EC2'),
  'resource-type': fc.constantFrom('VPC', 'VPN', 'DirectConnect'),
  'tgw-id': id('tgw'),
  'tgw-attachment-id': id('tgw-attach'),
  'packets-lost-no-route': count,
  'packets-lost-blackhole': count,
  'packets-lost-mtu-exceeded': count,
  'packets-lost-ttl-expired': count,
};

/** Fields that name where a record comes from, which records without data still carry. */
const IDENTITY = ['version', 'account-id', 'interface-id', 'vpc-id', 'subnet-id', 'instance-id', 'region', 'az-id', 'start', 'end',
  'resource-type', 'tgw-id', 'tgw-attachment-id'];

function valueOf(field: string): fc.Arbitrary<string> {
  return VALUES[field] ?? (field.startsWith('tgw-') ? id(field.split('-')[1]) : fc.constantFrom('a', 'web-01', 'svc', 'arn:aws:ecs:eu-west-1:123456789012:task/x'));
}

/** A record with data for `fieldNames`, as an object of the values. */
export function recordWithData(fieldNames: string[]): fc.Arbitrary<Record<string, string>> {
  return fc.record(Object.fromEntries(fieldNames.map((f) => [f, valueOf(f)])));
}

/** A NODATA or SKIPDATA record: `-` for every field but those that say where it comes from. */
export function recordWithoutData(fieldNames: string[]): fc.Arbitrary<Record<string, string>> {
  return fc.tuple(recordWithData(fieldNames), fc.constantFrom('NODATA', 'SKIPDATA')).map(([record, status]) =>
    Object.fromEntries(fieldNames.map((f) => [f, f === 'log-status' ? status : IDENTITY.includes(f) ? record[f] : '-'])));
}

/** Records of both kinds, in the proportion that exercises the match (most with data). */
export function anyRecord(fieldNames: string[]): fc.Arbitrary<Record<string, string>> {
  return fc.oneof({ weight: 5, arbitrary: recordWithData(fieldNames) }, { weight: 1, arbitrary: recordWithoutData(fieldNames) });
}

/** The log event: the values in record order, separated by single spaces. */
export function line(fieldNames: string[], record: Record<string, string>): string {
  return fieldNames.map((f) => record[f]).join(' ');
}
