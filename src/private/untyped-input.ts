import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { OPTION_NAMES, OptionsType } from './option-names';
import { Described, invalid, show } from './validation';

/**
 * Checks of what TypeScript checks at compile time and plain JavaScript (or
 * a spread of a wider object) does not: option names, the kinds of values,
 * and enum values. A JavaScript caller gets the library's message naming
 * the property, rather than a value written into the template as is, a
 * TypeError from inside the library, or an option silently ignored.
 */

/**
 * The option names of `options` that are not `known`. A name one or two
 * edits from a known one is a typo, and an error with a did-you-mean
 * (`alarms: { enabeld: false }` would otherwise keep the alarms on). Other
 * names are returned, for a warning: they are typically extra keys of a
 * wider object spread into the props, which TypeScript accepts.
 */
export function unknownOptionNames(path: string, typeName: string, options: unknown, known: readonly string[]): string[] {
  if (options === undefined || options === null || typeof options !== 'object' || Token.isUnresolved(options)) {
    return [];
  }
  const unknown = Object.keys(options).filter((name) => !known.includes(name));
  for (const name of unknown) {
    const near = nearestName(name, known);
    if (near !== undefined) {
      throw invalid(`${path}${name}`, `is not an option of ${typeName}`, name, `Did you mean '${near}'? Correct the spelling.`);
    }
  }
  return unknown.map((name) => `${path}${name}`);
}

/** Warns about option names the library does not know and that are no typo of a known one. */
export function warnUnknownOptions(scope: IConstruct, typeName: string, names: string[]): void {
  if (names.length > 0) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:unknownOption',
      `${names.join(', ')} ${names.length === 1 ? 'is not an option' : 'are not options'} of ${typeName} and ${names.length === 1 ? 'was' : 'were'} `
      + `ignored. Remove ${names.length === 1 ? 'it' : 'them'}, or check the spelling against the API reference.`);
  }
}

/** The known name one or two edits away (or equal but for case), if exactly one is. */
function nearestName(name: string, known: readonly string[]): string | undefined {
  const near = known.filter((candidate) => candidate.toLowerCase() === name.toLowerCase()
    || (Math.min(name.length, candidate.length) >= 4 && editDistance(name.toLowerCase(), candidate.toLowerCase()) <= 2));
  return near.length === 1 ? near[0] : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * An enum value (e.g. `ec2.FlowLogTrafficType`) must be one of the enum's
 * values: CloudFormation would reject `'all'` only at deploy time.
 */
export function checkEnumValue(property: string, value: unknown, enumName: string, values: Record<string, string | number>,
  example?: string): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  // A numeric TypeScript enum also maps its values back to its names; those are not values.
  const entries = Object.entries(values).filter(([key]) => Number.isNaN(Number(key)));
  if (!entries.some(([, v]) => v === value)) {
    const lower = String(value).toLowerCase();
    const near = entries.find(([key, v]) => String(v).toLowerCase() === lower || key.toLowerCase() === lower);
    const use = near ? `${enumName}.${near[0]}`
      : example ? `a value of ${enumName}, e.g. ${enumName}.${example}`
        : `one of ${entries.map(([key]) => `${enumName}.${key}`).join(', ')}`;
    throw invalid(property, `must be a value of ${enumName}`, describeValue(value), `Use ${use}.`);
  }
}

/**
 * `value` must be what `isKind` accepts (a FlowLogTarget, an array of
 * them...); otherwise an error naming the property, what it got and how to
 * make the right kind.
 */
export function checkKind(property: string, value: unknown, expected: string, isKind: (v: unknown) => boolean, fix: string,
  required = false): void {
  if ((value !== undefined || required) && !isKind(value)) {
    throw invalid(property, `must be ${expected}`, describeValue(value), fix);
  }
}

/** An array whose every element `isElement` accepts (the array itself may be a token only if elements are not needed). */
export function isArrayOf(isElement: (v: unknown) => boolean): (value: unknown) => boolean {
  return (value) => Array.isArray(value) && value.every(isElement);
}

/** An object of options: not a primitive, an array or a construct (e.g. a Vpc passed where options belong). */
export function isOptionsObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !('node' in (value as object));
}

/** Whether `value` has these methods: kinds are recognized by shape, so two copies of the library interoperate. */
export function hasMethods(...methods: string[]): (value: unknown) => boolean {
  return (value) => value !== null && typeof value === 'object' && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
}

/** A value as an error shows it: strings quoted, objects by their class ('a Vpc'), arrays element by element. */
export function describeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return new Described(`[${value.map((v) => show(describeValue(v))).join(', ')}]`);
  }
  // A value of this library that says what it is (`FlowLogDestination.s3()`); not a construct's path.
  const toString = (value as { toString?: unknown }).toString;
  if (!('node' in value) && typeof toString === 'function' && toString !== Object.prototype.toString) {
    return new Described(String(value));
  }
  return new Described(`${/^[AEIOU]/.test(className(value)) ? 'an' : 'a'} ${className(value)}`);
}

/** `unknownOptionNames` for one of the library's props interfaces. */
export function checkOptionNames(typeName: OptionsType, options: unknown, path = ''): string[] {
  return unknownOptionNames(path, typeName, options, OPTION_NAMES[typeName]);
}

/**
 * The class of `value` as its user knows it: the jsii name of an aws-cdk-lib
 * class (its code is minified, so a Vpc's constructor may be called 'Vpc2'),
 * else the constructor's name.
 */
function className(value: object): string {
  const constructor = Object.getPrototypeOf(value)?.constructor;
  const fqn: unknown = constructor?.[Symbol.for('jsii.rtti')]?.fqn;
  if (typeof fqn === 'string') {
    return fqn.split('.').pop()!;
  }
  const name = constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'object';
}
