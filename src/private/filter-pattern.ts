import { Token } from 'aws-cdk-lib';
import { columnName } from './athena-table';
import { Described, invalid } from './validation';

/*
 * Space-delimited metric filter patterns written from a record format.
 * Facts from https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-term-space-delimited-log-events
 * unless noted:
 * - the pattern names the fields in brackets, separated by commas;
 * - `...` stands for any number of unnamed fields;
 * - a field takes conditions: numbers with =, !=, <, <=, >, >=; text with
 *   = or != and `*` as a wildcard; conditions joined with && or || within
 *   the field's place. Parentheses are documented for JSON patterns only,
 *   so a place holds either one list of alternatives (||) or one list of
 *   requirements (&&), never both;
 * - text in double quotes is compared as a whole, as the VPC User Guide's
 *   own example does for flow logs (`action="REJECT"`,
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html).
 */

/** One comparison of a field with a value. */
export interface Comparison {
  readonly operator: '=' | '!=' | '<' | '<=' | '>' | '>=';
  /** A number, or text compared as a whole (quoted), or the start of the text (`prefix`). */
  readonly value: number | string;
  /** The value is the start of the text (written with `*` after it). */
  readonly prefix?: boolean;
}

/** What one condition of a traffic match asks of one field. */
export interface ConditionSpec {
  /** The record field, e.g. `dstport`. */
  readonly field: string;
  readonly comparisons: Comparison[];
  /** Whether one comparison suffices (`||`) rather than all of them (`&&`). */
  readonly any: boolean;
  /** The condition in words, for descriptions: `dstport is 22 or 3389`. */
  readonly summary: string;
}

/** CloudFormation's (and the PutMetricFilter API's) limit on a filter pattern (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricFilter.html). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/** The format the pattern is written for, as named in messages. */
export interface PatternFormat {
  readonly fieldNames: string[];
  readonly transitGateway: boolean;
}

/**
 * The filter pattern that matches a record of `format` when every
 * condition holds: the format's fields by name up to the last one tested,
 * then `...` for the rest (which stands for any number of fields, so the
 * pattern names every field before it to keep the positions). A field tested without an equality also
 * requires the value not to be `-` (no data: NODATA and SKIPDATA records),
 * so that `!=` and number comparisons never count records without data.
 */
export function filterPattern(conditions: ConditionSpec[], format: PatternFormat): string {
  const byField = new Map<string, ConditionSpec[]>();
  for (const condition of conditions) {
    if (!format.fieldNames.includes(condition.field)) {
      const fix = format.transitGateway
        ? `Transit gateway flow logs do not record ${condition.field}; match on fields they record, such as srcaddr, dstport or packets-lost-no-route.`
        : `Add FlowLogField.${condition.field.toUpperCase().replace(/-/g, '_')} to logFormat, or drop the condition on ${condition.field}.`;
      const records = format.transitGateway ? 'transit gateway records' : 'records';
      throw invalid('match', `needs a field the archive's ${records} lack`, condition.field, fix);
    }
    byField.set(condition.field, [...byField.get(condition.field) ?? [], condition]);
  }
  const last = Math.max(...[...byField.keys()].map((field) => format.fieldNames.indexOf(field)));
  // A place's name only matters to what reads the matched values ($name), which these filters do not; long
  // formats name the fields they do not test by position (f1, f2, ...) to stay within the length limit.
  const write = (shortNames: boolean) => {
    const places = format.fieldNames.slice(0, last + 1).map((field, i) => {
      const tested = byField.get(field);
      return tested ? placeConditions(columnName(field), tested) : shortNames ? `f${i + 1}` : columnName(field);
    });
    return `[${[...places, ...(last + 1 < format.fieldNames.length ? ['...'] : [])].join(', ')}]`;
  };
  const named = write(false);
  const pattern = named.length <= MAX_FILTER_PATTERN_LENGTH ? named : write(true);
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw invalid('match', `makes a filter pattern longer than the ${MAX_FILTER_PATTERN_LENGTH} characters CloudWatch Logs accepts`,
      new Described(`${pattern.length} characters`),
      'Match fewer values, or move the fields you match towards the start of logFormat (the fields after the last one matched are written as ...).');
  }
  return pattern;
}

/** The conditions of one field's place in the pattern, e.g. `dstport=22 || dstport=3389`. */
function placeConditions(name: string, conditions: ConditionSpec[]): string {
  const alternatives = conditions.filter((c) => c.any && c.comparisons.length > 1);
  if (alternatives.length > 0 && conditions.length > 1) {
    throw invalid('match', 'combines a choice of values with other conditions on one field, which a filter pattern cannot express',
      conditions.map((c) => c.summary), `Fold them into one condition on ${conditions[0].field}, or give each its own alarm.`);
  }
  const terms = [...new Set(conditions.flatMap((c) => c.comparisons).map((c) => term(name, c)))];
  if (!conditions.some((c) => c.comparisons.some((comparison) => comparison.operator === '='))) {
    terms.push(`${name}!="-"`);
  }
  return terms.join(alternatives.length > 0 ? ' || ' : ' && ');
}

function term(name: string, comparison: Comparison): string {
  const { operator, value, prefix } = comparison;
  if (typeof value === 'number') {
    return `${name}${operator}${numberText(value)}`;
  }
  return prefix ? `${name}${operator}${value}*` : `${name}${operator}"${value}"`;
}

/** A number as text; a number token as the string token that resolves to it (a number token in a template literal does not). */
export function numberText(value: number): string {
  return Token.isUnresolved(value) ? Token.asString(value) : String(value);
}
