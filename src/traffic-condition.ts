import { FlowLogField } from './log-fields';
import { isBlockStart, ipv4Prefixes, MAX_PREFIXES, parseIpv4Cidr, PRIVATE_RANGES, privateRangePrefixes } from './private/address-ranges';
import { isNumberField } from './private/athena-table';
import { Comparison, ConditionSpec, numberText } from './private/filter-pattern';
import { Described, invalid, isToken } from './private/validation';

/** Fields that hold IP addresses. */
const ADDRESS_FIELDS = ['srcaddr', 'dstaddr', 'pkt-srcaddr', 'pkt-dstaddr'];

/** The values a field can have, where the VPC User Guide lists them (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html). */
const KNOWN_VALUES: { [field: string]: string[] } = {
  'action': ['ACCEPT', 'REJECT'],
  'log-status': ['OK', 'NODATA', 'SKIPDATA'],
  'flow-direction': ['ingress', 'egress'],
  'type': ['IPv4', 'IPv6', 'EFA'],
};

/** Largest value of number fields with a range: ports and IANA protocol numbers. */
const NUMBER_RANGES: { [field: string]: { max: number; fix: string } } = {
  srcport: { max: 65535, fix: 'Ports are whole numbers from 0 to 65535.' },
  dstport: { max: 65535, fix: 'Ports are whole numbers from 0 to 65535.' },
  protocol: { max: 255, fix: 'Protocols are IANA numbers from 0 to 255, e.g. 6 (TCP) or 17 (UDP).' },
};

/** Characters flow-log values are made of; a filter pattern holds them in double quotes or before `*`. */
const VALUE_CHARACTERS = /^[A-Za-z0-9._:/-]+$/;

/**
 * One condition on one field of a flow-log record, for a `TrafficMatch`.
 * Text fields (action, addresses, ids) are compared as text, number fields
 * (ports, protocol, packets, bytes, start, end, tcp-flags, ...) as numbers;
 * each factory checks that it fits the field.
 */
export class TrafficCondition {
  /** The field is this text, e.g. `equalTo(FlowLogField.ACTION, 'REJECT')`. */
  public static equalTo(field: FlowLogField, value: string): TrafficCondition {
    checkText('equalTo', field, [value]);
    return new TrafficCondition(field, [{ operator: '=', value }], false, `${field.name} is ${value}`);
  }

  /** The field is not this text. Records without data (`-`) never match. */
  public static notEqualTo(field: FlowLogField, value: string): TrafficCondition {
    checkText('notEqualTo', field, [value]);
    return new TrafficCondition(field, [{ operator: '!=', value }], false, `${field.name} is not ${value}`);
  }

  /** The field is one of these texts. */
  public static anyOf(field: FlowLogField, values: string[]): TrafficCondition {
    checkText('anyOf', field, values);
    return new TrafficCondition(field, values.map((value) => ({ operator: '=', value })), true, `${field.name} is ${inWords(values)}`);
  }

  /** The field's text starts with `prefix`, e.g. `startsWith(FlowLogField.INSTANCE_ID, 'i-0ab')`. */
  public static startsWith(field: FlowLogField, prefix: string): TrafficCondition {
    checkText('startsWith', field, [prefix]);
    return new TrafficCondition(field, [{ operator: '=', value: prefix, prefix: true }], false, `${field.name} starts with ${prefix}`);
  }

  /**
   * The address is in an IPv4 block. A filter pattern compares text, so the
   * block becomes the text prefixes of its addresses: blocks of /4 to /8,
   * /12 to /16, /20 to /24 and /28 to /32 (at most 16 prefixes each).
   */
  public static inCidr(field: FlowLogField, cidr: string): TrafficCondition {
    checkAddressField('inCidr', field);
    const prefixes = cidrPrefixes(cidr);
    const comparisons: Comparison[] = prefixes.map((p) => ({ operator: '=', value: p.text, prefix: !p.whole }));
    return new TrafficCondition(field, comparisons, true, `${field.name} is in ${cidr}`);
  }

  /**
   * The address is outside the private ranges 10.0.0.0/8, 172.16.0.0/12,
   * 192.168.0.0/16, fc00::/7 and fe80::/10. Records without data (`-`) never match.
   */
  public static outsidePrivateRanges(field: FlowLogField): TrafficCondition {
    checkAddressField('outsidePrivateRanges', field);
    const comparisons: Comparison[] = privateRangePrefixes().map((p) => ({ operator: '!=', value: p.text, prefix: !p.whole }));
    return new TrafficCondition(field, comparisons, false, `${field.name} is outside the private ranges ${PRIVATE_RANGES.join(', ')}`);
  }

  /** The number field is one of these numbers, e.g. `numberIn(FlowLogField.DSTPORT, [22, 3389])`. */
  public static numberIn(field: FlowLogField, values: number[]): TrafficCondition {
    checkNumbers('numberIn', field, values);
    return new TrafficCondition(field, values.map((value) => ({ operator: '=', value })), true, `${field.name} is ${inWords(values.map(numberText))}`);
  }

  /** The number field is above `value`. */
  public static greaterThan(field: FlowLogField, value: number): TrafficCondition {
    return TrafficCondition.compare('greaterThan', field, '>', value, 'above');
  }

  /** The number field is `value` or more. */
  public static atLeast(field: FlowLogField, value: number): TrafficCondition {
    return TrafficCondition.compare('atLeast', field, '>=', value, 'at least');
  }

  /** The number field is below `value`. */
  public static lessThan(field: FlowLogField, value: number): TrafficCondition {
    return TrafficCondition.compare('lessThan', field, '<', value, 'below');
  }

  /** The number field is `value` or less. */
  public static atMost(field: FlowLogField, value: number): TrafficCondition {
    return TrafficCondition.compare('atMost', field, '<=', value, 'at most');
  }

  private static compare(method: string, field: FlowLogField, operator: Comparison['operator'], value: number, words: string) {
    checkNumbers(method, field, [value]);
    return new TrafficCondition(field, [{ operator, value }], false, `${field.name} is ${words} ${numberText(value)}`);
  }

  /**
   * What the condition asks of the field, for the filter pattern.
   * @internal
   */
  public readonly _spec: ConditionSpec;

  private constructor(
    /** The field the condition tests. */
    public readonly field: FlowLogField,
    comparisons: Comparison[],
    any: boolean,
    /** The condition in words, e.g. `dstport is 22 or 3389`. */
    public readonly summary: string,
  ) {
    this._spec = { field: field.name, comparisons, any, summary };
  }
}

function inWords(values: string[]): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function checkText(method: string, field: FlowLogField, values: string[]): void {
  checkNotEmpty(method, values);
  for (const value of values.filter((v) => !isToken(v))) {
    if (isNumberField(field.name)) {
      throw invalid(`TrafficCondition.${method}`, `compares ${field.name}, a number field, with text`, value,
        `Use TrafficCondition.numberIn(FlowLogField.${constantName(field)}, [...]) or a number comparison such as TrafficCondition.atLeast.`);
    }
    if (!VALUE_CHARACTERS.test(value)) {
      throw invalid(`TrafficCondition.${method}`, 'takes text of letters, digits and . _ : / - only (flow-log values hold nothing else)', value,
        "Write the value as the record does, e.g. 'REJECT' or 'vpc-0123456789abcdef0'.");
    }
    const known = KNOWN_VALUES[field.name];
    if (known && value !== '-' && method !== 'startsWith' && !known.includes(value)) {
      throw invalid(`TrafficCondition.${method}`, `compares ${field.name} with a value it never has`, value,
        `${field.name} is ${inWords(known)} (case matters), or - in records without data.`);
    }
  }
}

function checkNumbers(method: string, field: FlowLogField, values: number[]): void {
  checkNotEmpty(method, values);
  if (field.known && !isNumberField(field.name)) {
    throw invalid(`TrafficCondition.${method}`, `compares ${field.name}, a text field, with a number`, values.length === 1 ? values[0] : values,
      `Use TrafficCondition.equalTo or TrafficCondition.anyOf for ${field.name}.`);
  }
  const range = NUMBER_RANGES[field.name];
  const bad = values.find((v) => !isToken(v) && (!Number.isSafeInteger(v) || v < 0 || v > (range?.max ?? Number.MAX_SAFE_INTEGER)));
  if (bad !== undefined) {
    throw invalid(`TrafficCondition.${method}`, `compares ${field.name} with a number it never has`, bad,
      range?.fix ?? 'Flow-log numbers are whole numbers of at least 0.');
  }
}

function checkNotEmpty(method: string, values: unknown[]): void {
  if (values.length === 0) {
    throw invalid(`TrafficCondition.${method}`, 'needs at least one value', [], 'Pass the values to match, e.g. [22, 3389] or [\'REJECT\'].');
  }
}

function checkAddressField(method: string, field: FlowLogField): void {
  if (field.known && !ADDRESS_FIELDS.includes(field.name)) {
    throw invalid(`TrafficCondition.${method}`, 'needs a field that holds IP addresses', field.name,
      'Use FlowLogField.SRCADDR, DSTADDR, PKT_SRCADDR or PKT_DSTADDR.');
  }
}

/** The text prefixes of an IPv4 block, or an error that says why the block cannot be expressed. */
function cidrPrefixes(cidr: string) {
  if (isToken(cidr)) {
    throw invalid('TrafficCondition.inCidr', 'must be known at synth (the block becomes text prefixes in the filter pattern)',
      new Described('a token'), "Pass the block as a literal string, e.g. '203.0.113.0/24'.");
  }
  if (cidr.includes(':')) {
    throw invalid('TrafficCondition.inCidr', 'cannot select IPv6 blocks (flow logs write IPv6 addresses shortened, e.g. 2001:db8::1, so a block is no text prefix)',
      cidr, 'Use TrafficCondition.startsWith with the address text, or CloudWatch Logs Insights (isIpInSubnet) for IPv6 blocks.');
  }
  const block = parseIpv4Cidr(cidr);
  if (!block) {
    throw invalid('TrafficCondition.inCidr', 'takes an IPv4 block in CIDR notation', cidr, "Write it like '203.0.113.0/24'.");
  }
  if (!isBlockStart(block.base, block.length)) {
    throw invalid('TrafficCondition.inCidr', 'takes the first address of the block', cidr,
      `Clear the bits after the first ${block.length}, e.g. write 10.0.0.0/8 rather than 10.1.0.0/8.`);
  }
  const prefixes = ipv4Prefixes(block.base, block.length);
  if (!prefixes) {
    throw invalid('TrafficCondition.inCidr', `selects a block that a filter pattern cannot write as at most ${MAX_PREFIXES} text prefixes`, cidr,
      'Use a block of /4 to /8, /12 to /16, /20 to /24 or /28 to /32, or split it into such blocks.');
  }
  return prefixes;
}

/** `pkt-srcaddr` -> `PKT_SRCADDR`, the constant's name. */
function constantName(field: FlowLogField): string {
  return field.name.toUpperCase().replace(/-/g, '_');
}
