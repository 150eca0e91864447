/**
 * Test support: a small interpreter of CloudWatch Logs space-delimited
 * filter patterns, following what AWS documents
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html#matching-term-space-delimited-log-events),
 * so that the patterns the library writes can be run against records.
 * test/filter-pattern-matcher.test.ts holds it to AWS's own examples.
 *
 * Documented, and followed here:
 * - the pattern names the fields in brackets, separated by commas; `...`
 *   stands for any number of unnamed fields;
 * - in the event, text between [] or between "" is one field;
 * - a field's conditions compare it with a number (=, !=, <, <=, >, >=), with
 *   text (= or !=, `*` matching any characters), or with a regular
 *   expression between % signs (no parentheses); && and || join conditions;
 * - matching is case sensitive;
 * - `[w1=ERROR, w2]` matches events of more than two words whose first
 *   word is ERROR: the last named field takes the rest of the event.
 *
 * Not documented, and chosen here (the patterns the library writes do not
 * depend on these choices; test/traffic-alarms.test.ts says why):
 * - && binds tighter than || (as documented for JSON patterns);
 * - a number condition on text that is not a number (such as `-`) is false,
 *   for every operator;
 * - quoted text is compared as text, `*` still matching any characters;
 * - `...` may stand for no field at all, and with `...` in the pattern the
 *   fields are counted exactly (the last named field takes no rest).
 */

type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Value =
  | { readonly kind: 'number'; readonly number: number }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: RegExp };

interface Comparison {
  readonly name: string;
  readonly operator: Operator;
  readonly value: Value;
}

/** One place of the pattern: `...`, or a named field with its conditions (alternatives of all-of lists). */
type Place =
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'field'; readonly name: string; readonly anyOf: Comparison[][] };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATOR = /^(!=|<=|>=|=|<|>)/;

/** Whether the space-delimited `pattern` matches the log event `event`. */
export function matches(pattern: string, event: string): boolean {
  const places = parsePattern(pattern);
  const fields = eventFields(event);
  const hasEllipsis = places.some((p) => p.kind === 'ellipsis');
  return bindings(places, fields, hasEllipsis).some((bound) => places.every((place) => holds(place, bound)));
}

/** The fields of an event: separated by spaces, with [..] and ".." each one field (without the brackets or quotes). */
export function eventFields(event: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i < event.length) {
    if (/\s/.test(event[i])) {
      i++;
      continue;
    }
    const close = event[i] === '[' ? ']' : event[i] === '"' ? '"' : undefined;
    if (close) {
      const end = event.indexOf(close, i + 1);
      const stop = end === -1 ? event.length : end;
      fields.push(event.slice(i + 1, stop));
      i = stop + 1;
    } else {
      const match = /^\S+/.exec(event.slice(i))!;
      fields.push(match[0]);
      i += match[0].length;
    }
  }
  return fields;
}

/** The places of a space-delimited pattern; throws on what the documented syntax does not allow. */
export function parsePattern(pattern: string): Place[] {
  const trimmed = pattern.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) {
    throw new Error(`not a space-delimited pattern: ${pattern}`);
  }
  return splitTopLevel(trimmed.slice(1, -1), ',').map((text) => {
    const place = text.trim();
    if (place === '...') {
      return { kind: 'ellipsis' };
    }
    const name = NAME.exec(place)?.[0];
    if (!name) {
      throw new Error(`a place must start with a field name: '${place}' in ${pattern}`);
    }
    if (place === name) {
      return { kind: 'field', name, anyOf: [] };
    }
    const anyOf = splitTopLevel(place, '||').map((all) => splitTopLevel(all, '&&').map((c) => parseComparison(c.trim(), pattern)));
    return { kind: 'field', name, anyOf };
  });
}

function parseComparison(text: string, pattern: string): Comparison {
  const name = NAME.exec(text)?.[0];
  const rest = name ? text.slice(name.length).trimStart() : '';
  const operator = OPERATOR.exec(rest)?.[0] as Operator | undefined;
  if (!name || !operator) {
    throw new Error(`not a condition: '${text}' in ${pattern}`);
  }
  const raw = rest.slice(operator.length).trim();
  const value = parseValue(raw, pattern);
  if (!['=', '!='].includes(operator) && value.kind !== 'number') {
    throw new Error(`${operator} needs a number: '${text}' in ${pattern}`);
  }
  return { name, operator, value };
}

function parseValue(raw: string, pattern: string): Value {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return { kind: 'text', text: raw.slice(1, -1) };
  }
  if (raw.length >= 2 && raw.startsWith('%') && raw.endsWith('%')) {
    const source = raw.slice(1, -1);
    if (/[()]/.test(source.replace(/\\./g, ''))) {
      throw new Error(`regular expressions in filter patterns cannot hold ( or ): ${raw} in ${pattern}`);
    }
    return { kind: 'regex', regex: new RegExp(source) };
  }
  if (raw === '' || /\s/.test(raw)) {
    throw new Error(`not a value: '${raw}' in ${pattern}`);
  }
  return NUMBER.test(raw) ? { kind: 'number', number: Number(raw) } : { kind: 'text', text: raw };
}

/** Splits at `separator` where it is outside quotes and regular expressions. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      quote = c === quote ? undefined : quote;
    } else if (c === '"' || c === '%') {
      quote = c;
    } else if (text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  if (quote) {
    throw new Error(`unclosed ${quote} in ${text}`);
  }
  return [...parts, text.slice(start)];
}

/** Every way to give the event's fields to the pattern's places, as the value of each named field. */
function bindings(places: Place[], fields: string[], exact: boolean): Array<Map<string, string>> {
  const found: Array<Map<string, string>> = [];
  const walk = (p: number, f: number, bound: Map<string, string>): void => {
    if (p === places.length) {
      if (f === fields.length) {
        found.push(new Map(bound));
      }
      return;
    }
    const place = places[p];
    if (place.kind === 'ellipsis') {
      for (let n = fields.length - f; n >= 0; n--) {
        walk(p + 1, f + n, bound);
      }
      return;
    }
    if (f >= fields.length) {
      return;
    }
    const last = p === places.length - 1;
    const value = last && !exact ? fields.slice(f).join(' ') : fields[f];
    bound.set(place.name, value);
    walk(p + 1, last && !exact ? fields.length : f + 1, bound);
    bound.delete(place.name);
  };
  walk(0, 0, new Map());
  return found;
}

function holds(place: Place, bound: Map<string, string>): boolean {
  if (place.kind === 'ellipsis' || place.anyOf.length === 0) {
    return true;
  }
  return place.anyOf.some((all) => all.every((comparison) => compare(comparison, bound.get(comparison.name))));
}

function compare(comparison: Comparison, field: string | undefined): boolean {
  if (field === undefined) {
    return false;
  }
  const { operator, value } = comparison;
  if (value.kind === 'number') {
    if (!NUMBER.test(field)) {
      return false;
    }
    const n = Number(field);
    switch (operator) {
      case '=': return n === value.number;
      case '!=': return n !== value.number;
      case '<': return n < value.number;
      case '<=': return n <= value.number;
      case '>': return n > value.number;
      case '>=': return n >= value.number;
    }
  }
  const equal = value.kind === 'regex' ? value.regex.test(field) : wildcard(value.text).test(field);
  return operator === '=' ? equal : !equal;
}

function wildcard(text: string): RegExp {
  return new RegExp(`^${text.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
