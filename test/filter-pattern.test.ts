/**
 * The filter patterns the library writes, for several record formats, and
 * the proof that each matches exactly the records it should: records of
 * each format are generated, read by the filter-pattern interpreter
 * (test/support, held to AWS's examples in filter-pattern-matcher.test.ts),
 * and compared with what the match means, written here independently
 * (address blocks by node's net.BlockList, not by text prefixes).
 */
import * as net from 'net';
import * as fc from 'fast-check';
import { FlowLogField, FlowLogFormat, TrafficCondition, TrafficMatch } from '../src';
import { matches } from './support/filter-pattern-matcher';
import { anyRecord, line, recordWithoutData } from './support/flow-log-records';
import { ipv4Prefixes, parseIpv4Cidr, privateRangePrefixes } from '../src/private/address-ranges';
import { filterPattern } from '../src/private/filter-pattern';

const VPC = (format: FlowLogFormat) => format.forResourceType('VPC');
const TGW = (format: FlowLogFormat) => format.forResourceType('TransitGateway');
const patternOf = (match: TrafficMatch, format: FlowLogFormat, transitGateway = false) =>
  filterPattern(match.conditions.map((c) => c._spec), { fieldNames: format.fieldNames, transitGateway });

/** The private ranges, by node's own address arithmetic. */
const privateRanges = new net.BlockList();
privateRanges.addSubnet('10.0.0.0', 8, 'ipv4');
privateRanges.addSubnet('172.16.0.0', 12, 'ipv4');
privateRanges.addSubnet('192.168.0.0', 16, 'ipv4');
privateRanges.addSubnet('fc00::', 7, 'ipv6');
privateRanges.addSubnet('fe80::', 10, 'ipv6');
const family = (address: string) => (address.includes(':') ? 'ipv6' : 'ipv4');
const isPublic = (address: string) => address !== '-' && !privateRanges.check(address, family(address));
const inBlock = (address: string, base: string, length: number) => {
  const block = new net.BlockList();
  block.addSubnet(base, length, 'ipv4');
  return address !== '-' && family(address) === 'ipv4' && block.check(address, 'ipv4');
};
const num = (value: string) => (value === '-' ? NaN : Number(value));

const PRIVATE_TERMS = ['10.', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.`), '192.168.', 'fc', 'fd', 'fe8', 'fe9', 'fea', 'feb']
  .map((prefix) => `srcaddr!=${prefix}*`).join(' && ');
const DEFAULT_NAMES = 'version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end';

describe('patterns written from the format', () => {
  test('rejected traffic, default format: every field named up to action, then ...', () => {
    expect(patternOf(TrafficMatch.rejected(), FlowLogFormat.DEFAULT)).toBe(`[${DEFAULT_NAMES}, action="REJECT", ...]`);
  });

  test('SSH or RDP from public addresses, default format: the private ranges as text prefixes, and no record without data', () => {
    expect(patternOf(TrafficMatch.remoteAdministrationFromPublicAddresses(), FlowLogFormat.DEFAULT)).toBe(
      `[version, account_id, interface_id, ${PRIVATE_TERMS} && srcaddr!="-", dstaddr, srcport, dstport=22 || dstport=3389, ...]`);
  });

  test('SECURITY starts with the default fields, so its patterns are the default ones', () => {
    for (const match of [TrafficMatch.rejected(), TrafficMatch.remoteAdministrationFromPublicAddresses(), TrafficMatch.toPorts([23])]) {
      expect(patternOf(match, VPC(FlowLogFormat.SECURITY))).toBe(patternOf(match, FlowLogFormat.DEFAULT));
    }
  });

  test('a custom order: the places follow the format, hyphens become underscores, nothing after the last field tested', () => {
    const format = FlowLogFormat.fields(FlowLogField.PKT_SRCADDR, FlowLogField.DSTPORT, FlowLogField.ACTION, FlowLogField.BYTES);
    expect(patternOf(TrafficMatch.rejected().and(TrafficCondition.numberIn(FlowLogField.DSTPORT, [22])), format))
      .toBe('[pkt_srcaddr, dstport=22, action="REJECT", ...]');
    expect(patternOf(TrafficMatch.where(TrafficCondition.atLeast(FlowLogField.BYTES, 1000000)), format))
      .toBe('[pkt_srcaddr, dstport, action, bytes>=1000000 && bytes!="-"]');
  });

  test('transit gateway records: their own fields, in their own order', () => {
    expect(patternOf(TrafficMatch.toPorts([23, 2323]), TGW(FlowLogFormat.DEFAULT), true)).toBe('[version, resource_type, account_id, tgw_id, '
      + 'tgw_attachment_id, tgw_src_vpc_account_id, tgw_dst_vpc_account_id, tgw_src_vpc_id, tgw_dst_vpc_id, tgw_src_subnet_id, '
      + 'tgw_dst_subnet_id, tgw_src_eni, tgw_dst_eni, tgw_src_az_id, tgw_dst_az_id, tgw_pair_attachment_id, srcaddr, dstaddr, srcport, '
      + 'dstport=23 || dstport=2323, ...]');
  });

  test('text is quoted, prefixes end in *, numbers are bare; a place without = refuses records without data', () => {
    const match = TrafficMatch.where(
      TrafficCondition.notEqualTo(FlowLogField.ACTION, 'ACCEPT'),
      TrafficCondition.inCidr(FlowLogField.DSTADDR, '172.16.0.0/14'),
      TrafficCondition.startsWith(FlowLogField.INTERFACE_ID, 'eni-0a'),
      TrafficCondition.lessThan(FlowLogField.PACKETS, 3),
      TrafficCondition.greaterThan(FlowLogField.SRCPORT, 1023),
      TrafficCondition.atMost(FlowLogField.DSTPORT, 1023),
    );
    expect(patternOf(match, FlowLogFormat.DEFAULT)).toBe('[version, account_id, interface_id=eni-0a*, srcaddr, '
      + 'dstaddr=172.16.* || dstaddr=172.17.* || dstaddr=172.18.* || dstaddr=172.19.*, srcport>1023 && srcport!="-", '
      + 'dstport<=1023 && dstport!="-", protocol, packets<3 && packets!="-", bytes, start, end, action!="ACCEPT" && action!="-", ...]');
  });

  test('a /32 is the whole address, in quotes; a /28 sixteen of them', () => {
    expect(patternOf(TrafficMatch.where(TrafficCondition.inCidr(FlowLogField.SRCADDR, '203.0.113.7/32')), FlowLogFormat.DEFAULT))
      .toBe('[version, account_id, interface_id, srcaddr="203.0.113.7", ...]');
    expect(patternOf(TrafficMatch.where(TrafficCondition.inCidr(FlowLogField.SRCADDR, '203.0.113.16/28')), FlowLogFormat.DEFAULT))
      .toContain('srcaddr="203.0.113.16" || srcaddr="203.0.113.17" || ');
  });

  test('the same condition twice is written once', () => {
    expect(patternOf(TrafficMatch.rejected().and(TrafficCondition.equalTo(FlowLogField.ACTION, 'REJECT')), FlowLogFormat.DEFAULT))
      .toBe(patternOf(TrafficMatch.rejected(), FlowLogFormat.DEFAULT));
  });

  test('a format too long to name every field names the untested ones by position, to stay within 1,024 characters', () => {
    const fields = FlowLogField.all().filter((f) => f.vpcTargets && f.name !== 'srcaddr' && f.name !== 'dstport');
    const format = FlowLogFormat.fields(...fields, FlowLogField.DSTPORT, FlowLogField.SRCADDR);
    const pattern = patternOf(TrafficMatch.remoteAdministrationFromPublicAddresses(), format);
    expect(pattern.length).toBeLessThanOrEqual(1024);
    expect(pattern).toMatch(new RegExp(`^\\[f1, f2, f3, .*, f${fields.length}, dstport=22 \\|\\| dstport=3389, srcaddr!=10\\.\\* && `));
    // The default format fits with its names.
    expect(patternOf(TrafficMatch.remoteAdministrationFromPublicAddresses(), FlowLogFormat.DEFAULT)).toMatch(/^\[version, account_id, /);
  });
});

describe('address blocks become exactly the text prefixes of their addresses', () => {
  test('the private ranges: 10., 172.16. to 172.31., 192.168., and fc, fd, fe8 to feb for IPv6', () => {
    expect(privateRangePrefixes().map((p) => p.text)).toEqual(
      ['10.', ...Array.from({ length: 16 }, (_, i) => `172.${16 + i}.`), '192.168.', 'fc', 'fd', 'fe8', 'fe9', 'fea', 'feb']);
  });

  test('blocks that need more than 16 prefixes, and /0, have none', () => {
    for (const cidr of ['100.64.0.0/10', '0.0.0.0/3', '192.0.2.0/25', '0.0.0.0/0']) {
      const { base, length } = parseIpv4Cidr(cidr)!;
      expect(ipv4Prefixes(base, length)).toBeUndefined();
    }
  });

  test.each(['10.0.0.0/8', '172.16.0.0/12', '16.0.0.0/4', '8.0.0.0/5', '192.168.4.0/22', '198.51.100.0/24', '203.0.113.16/28', '203.0.113.9/32'])(
    '%s: an address has one of the prefixes exactly when it is in the block', (cidr) => {
      const { base, length } = parseIpv4Cidr(cidr)!;
      const prefixes = ipv4Prefixes(base, length)!;
      const [start] = cidr.split('/');
      fc.assert(fc.property(fc.tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 255 }))), fc.integer({ min: 0, max: 255 }),
        (octets, near) => {
          // Half the addresses near the block, so that both answers occur.
          const address = near % 2 ? octets.join('.') : [...start.split('.').slice(0, 2), ...octets.slice(2)].join('.');
          const hasPrefix = prefixes.some((p) => (p.whole ? address === p.text : address.startsWith(p.text)));
          expect(hasPrefix).toBe(inBlock(address, start, length));
        }), { numRuns: 500 });
    });
});

/** What each match means, written without the library: the oracle the patterns are held to. */
const MEANINGS: Array<{ name: string; match: TrafficMatch; fields: string[]; means: (r: Record<string, string>) => boolean }> = [
  { name: 'rejected', match: TrafficMatch.rejected(), fields: ['action'], means: (r) => r.action === 'REJECT' },
  {
    name: 'SSH or RDP from public addresses',
    match: TrafficMatch.remoteAdministrationFromPublicAddresses(),
    fields: ['dstport', 'srcaddr'],
    means: (r) => ['22', '3389'].includes(r.dstport) && isPublic(r.srcaddr),
  },
  {
    name: 'accepted SSH or RDP from public addresses',
    match: TrafficMatch.remoteAdministrationFromPublicAddresses().and(TrafficCondition.equalTo(FlowLogField.ACTION, 'ACCEPT')),
    fields: ['dstport', 'srcaddr', 'action'],
    means: (r) => ['22', '3389'].includes(r.dstport) && isPublic(r.srcaddr) && r.action === 'ACCEPT',
  },
  { name: 'ports 22 and 2222', match: TrafficMatch.toPorts([22, 2222]), fields: ['dstport'], means: (r) => ['22', '2222'].includes(r.dstport) },
  {
    name: 'not accepted, to 172.16.0.0/12, TCP or UDP',
    match: TrafficMatch.where(TrafficCondition.notEqualTo(FlowLogField.ACTION, 'ACCEPT'), TrafficCondition.inCidr(FlowLogField.DSTADDR, '172.16.0.0/12'),
      TrafficCondition.numberIn(FlowLogField.PROTOCOL, [6, 17])),
    fields: ['action', 'dstaddr', 'protocol'],
    means: (r) => r.action !== 'ACCEPT' && r.action !== '-' && inBlock(r.dstaddr, '172.16.0.0', 12) && ['6', '17'].includes(r.protocol),
  },
  {
    name: 'large flows from high ports to low ports',
    match: TrafficMatch.where(TrafficCondition.atLeast(FlowLogField.BYTES, 1000), TrafficCondition.greaterThan(FlowLogField.SRCPORT, 1023),
      TrafficCondition.atMost(FlowLogField.DSTPORT, 1023), TrafficCondition.lessThan(FlowLogField.PACKETS, 1000000)),
    fields: ['bytes', 'srcport', 'dstport', 'packets'],
    means: (r) => num(r.bytes) >= 1000 && num(r.srcport) > 1023 && num(r.dstport) <= 1023 && num(r.packets) < 1000000,
  },
  {
    name: 'to addresses outside the private ranges, not from 203.0.113.0/24',
    match: TrafficMatch.where(TrafficCondition.outsidePrivateRanges(FlowLogField.DSTADDR), TrafficCondition.notEqualTo(FlowLogField.SRCADDR, '203.0.113.9')),
    fields: ['dstaddr', 'srcaddr'],
    means: (r) => isPublic(r.dstaddr) && r.srcaddr !== '203.0.113.9' && r.srcaddr !== '-',
  },
];

const FORMATS: Array<[string, FlowLogFormat]> = [
  ['DEFAULT', FlowLogFormat.DEFAULT],
  ['SECURITY', VPC(FlowLogFormat.SECURITY)],
  ['ALL_FIELDS', VPC(FlowLogFormat.ALL_FIELDS)],
  ['the default fields reversed', FlowLogFormat.fields(...[...FlowLogFormat.DEFAULT.recordFields].reverse())],
  ['a custom string, addresses last', FlowLogFormat.custom('${action} ${dstport} ${protocol} ${bytes} ${packets} ${srcport} ${log-status} ${srcaddr} ${dstaddr}')],
];

describe.each(FORMATS)('%s: each pattern matches exactly the records it should', (_name, format) => {
  test.each(MEANINGS.map((m) => [m.name, m] as const))('%s', (_match, { match, means }) => {
    const pattern = patternOf(match, format);
    fc.assert(fc.property(anyRecord(format.fieldNames), (record) => {
      expect(matches(pattern, line(format.fieldNames, record))).toBe(means(record));
    }), { numRuns: 400 });
  });
});

describe('any format that has the fields: the pattern written for it still matches exactly', () => {
  const vpcFields = FlowLogField.all().filter((f) => f.vpcTargets);
  test.each(MEANINGS.map((m) => [m.name, m] as const))('%s', (_match, { match, fields, means }) => {
    // Any fields in any order, as long as the match's own fields are among them.
    const needed = vpcFields.filter((f) => fields.includes(f.name));
    const formats = fc.shuffledSubarray(vpcFields.filter((f) => !fields.includes(f.name)))
      .chain((others) => fc.shuffledSubarray([...needed, ...others], { minLength: needed.length + others.length }))
      .map((ordered) => FlowLogFormat.fields(...ordered));
    const twentyRecords = (format: FlowLogFormat) => fc.array(anyRecord(format.fieldNames), { minLength: 20, maxLength: 20 });
    fc.assert(fc.property(formats.chain((format) => fc.tuple(fc.constant(format), twentyRecords(format))),
      ([format, records]) => {
        const pattern = patternOf(match, format);
        for (const record of records) {
          expect(matches(pattern, line(format.fieldNames, record))).toBe(means(record));
        }
      }), { numRuns: 25 });
  });
});

describe('transit gateway records', () => {
  const format = TGW(FlowLogFormat.ALL_FIELDS);
  test.each(MEANINGS.filter((m) => !m.fields.includes('action')).map((m) => [m.name, m] as const))('%s', (_match, { match, means }) => {
    const pattern = patternOf(match, format, true);
    fc.assert(fc.property(anyRecord(format.fieldNames), (record) => {
      expect(matches(pattern, line(format.fieldNames, record))).toBe(means(record));
    }), { numRuns: 300 });
  });
});

test('records without data (NODATA, SKIPDATA) match no pattern, whatever the format', () => {
  for (const [, format] of FORMATS) {
    for (const { match } of MEANINGS) {
      const pattern = patternOf(match, format);
      fc.assert(fc.property(recordWithoutData(format.fieldNames), (record) => {
        expect(matches(pattern, line(format.fieldNames, record))).toBe(false);
      }), { numRuns: 50 });
    }
  }
});
