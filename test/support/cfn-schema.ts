/**
 * Test support: validate synthesized CloudFormation resources against the
 * CloudFormation resource database that the CDK itself is generated from
 * (`@aws-cdk/aws-service-spec`).
 *
 * What the database lets us check (and what this module checks):
 * - property names, exactly as CloudFormation spells them (case-sensitive,
 *   mostly PascalCase), at every nesting level including inside type
 *   definitions such as `AWS::EC2::FlowLog.DestinationOptions`;
 * - required flags, on resources and on type definitions;
 * - primitive types (string, number, integer, boolean, json, date-time),
 *   arrays, maps, unions, type definitions and the built-in `Tag` type;
 * - allowed values (enums) for string and integer properties, where the
 *   CloudFormation registry schema declares them (`allowedValues`).
 *
 * What it cannot check: patterns, min/max lengths and numeric ranges,
 * mutually exclusive or conditionally required properties (e.g. "TrafficType
 * is required unless ResourceType is TransitGateway"), anything behind an
 * intrinsic function, and whether referenced resources exist.
 *
 * Only the *current* type of a property is accepted, not its `previousTypes`:
 * e.g. `DestinationOptions` used to be `json`, and accepting that would let
 * camelCase keys through (which is exactly what the CDK L1 passes through
 * untouched, because its TypeScript type for it is still `any`).
 */
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

export interface SchemaProblem {
  /** Dotted path to the offending value, e.g. `DestinationOptions.FileFormat` or `Tags[0].Key`. */
  readonly path: string;
  readonly message: string;
}

// Minimal structural view of `@aws-cdk/service-spec-types` (a transitive
// dependency we do not import directly).
type SpecType =
  | { readonly type: 'string'; readonly allowedValues?: readonly string[] }
  | { readonly type: 'integer'; readonly allowedValues?: readonly number[] }
  | { readonly type: 'number' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { readonly type: 'ref'; readonly reference: { readonly $ref: string } }
  | { readonly type: 'array' | 'map'; readonly element: SpecType }
  | { readonly type: 'union'; readonly types: readonly SpecType[] };

interface SpecProperty {
  readonly type: SpecType;
  readonly required?: boolean;
  readonly deprecated?: string;
}

interface SpecShape {
  readonly name: string;
  readonly properties: Readonly<Record<string, SpecProperty>>;
}

type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;

let cachedDb: SpecDatabase | undefined;
const resourceCache = new Map<string, SpecShape | undefined>();

/** Load the (large, ~2.5 MB gzipped) database once per module instance. */
function db(): SpecDatabase {
  if (!cachedDb) {
    cachedDb = loadAwsServiceSpecSync();
  }
  return cachedDb;
}

function findResource(type: string): SpecShape | undefined {
  if (!resourceCache.has(type)) {
    const found: SpecShape | undefined = db().lookup('resource', 'cloudFormationType', 'equals', type)[0];
    resourceCache.set(type, found);
  }
  return resourceCache.get(type);
}

function findTypeDef(id: string): SpecShape {
  return db().get('typeDefinition', id);
}

/** The built-in CloudFormation tag: `{ Key, Value }`, both strings, both required. */
const TAG_SHAPE: SpecShape = {
  name: 'Tag',
  properties: {
    Key: { type: { type: 'string' }, required: true },
    Value: { type: { type: 'string' }, required: true },
  },
};

const NO_VALUE = 'AWS::NoValue';

/**
 * Validate one resource's Properties against the schema of its type.
 *
 * Returns `[]` when valid. A resource type the database does not know is
 * reported as a problem (use `validateTemplate` to skip those instead).
 */
export function validateResource(type: string, properties: Record<string, unknown> | undefined): SchemaProblem[] {
  const resource = findResource(type);
  if (!resource) {
    return [{ path: '', message: `unknown resource type '${type}'` }];
  }
  const problems: SchemaProblem[] = [];
  if (properties !== undefined && !isPlainObject(properties)) {
    if (!isIntrinsic(properties)) {
      problems.push({ path: '', message: `Properties must be an object, got ${describeValue(properties)}` });
    }
    return problems;
  }
  validateObject({ name: type, properties: resource.properties }, properties ?? {}, '', problems);
  return problems;
}

/**
 * Validate every resource of a synthesized template
 * (`Template.fromStack(stack).toJSON()`). Resources whose type the database
 * does not know (e.g. `Custom::X`, `AWS::CDK::Metadata`) are skipped.
 * Problem paths are prefixed with the logical id, e.g. `MyBucketF68F3FF0.BucketEncryption`.
 */
export function validateTemplate(template: { Resources?: Record<string, any> }): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const type: unknown = resource?.Type;
    if (typeof type !== 'string') {
      problems.push({ path: logicalId, message: 'resource has no Type' });
      continue;
    }
    if (!findResource(type)) {
      continue;
    }
    for (const p of validateResource(type, resource.Properties)) {
      problems.push({ path: joinPath(logicalId, p.path), message: p.message });
    }
  }
  return problems;
}

function validateObject(shape: SpecShape, value: Record<string, unknown>, path: string, problems: SchemaProblem[]): void {
  const known = Object.keys(shape.properties);
  const present = new Set<string>();

  for (const [key, v] of Object.entries(value)) {
    const childPath = joinPath(path, key);
    let prop = shape.properties[key];
    if (!prop) {
      const differentCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
      if (differentCase !== undefined) {
        problems.push({ path: childPath, message: `unknown property '${key}' in ${shape.name}; did you mean '${differentCase}'? (property names are case-sensitive)` });
        // Count it as present and still check its value, to avoid a duplicate "missing" problem.
        present.add(differentCase);
        prop = shape.properties[differentCase];
      } else {
        problems.push({ path: childPath, message: `unknown property '${key}' in ${shape.name}; expected one of: ${known.join(', ') || '(none)'}` });
        continue;
      }
    } else {
      present.add(key);
    }
    if (isNoValue(v)) {
      if (prop.required) {
        problems.push({ path: childPath, message: `required property '${key}' is removed with { Ref: ${NO_VALUE} }` });
      }
      continue;
    }
    validateValue(prop.type, v, childPath, problems);
  }

  for (const [key, prop] of Object.entries(shape.properties)) {
    if (prop.required && !present.has(key)) {
      problems.push({ path: joinPath(path, key), message: `missing required property '${key}' of ${shape.name}` });
    }
  }
}

function validateValue(type: SpecType, value: unknown, path: string, problems: SchemaProblem[]): void {
  if (isIntrinsic(value)) {
    validateIntrinsic(type, value, path, problems);
    return;
  }
  if (value === null || value === undefined) {
    problems.push({ path, message: `expected ${describeType(type)}, got ${describeValue(value)}` });
    return;
  }

  switch (type.type) {
    case 'string':
      // CloudFormation converts scalar template values to strings, so numbers and booleans are accepted too.
      if (!isScalar(value)) {
        problems.push({ path, message: `expected string, got ${describeValue(value)}` });
      } else if (type.allowedValues && type.allowedValues.length > 0 && !type.allowedValues.includes(String(value))) {
        problems.push({ path, message: `value '${String(value)}' is not one of the allowed values: ${type.allowedValues.join(', ')}` });
      }
      return;

    case 'integer':
    case 'number': {
      // CloudFormation coerces numeric strings ("600") to numbers, so those are accepted too.
      const n = toNumber(value, type.type === 'integer');
      if (n === undefined) {
        problems.push({ path, message: `expected ${type.type}, got ${describeValue(value)}` });
      } else if (type.type === 'integer' && type.allowedValues && type.allowedValues.length > 0 && !type.allowedValues.includes(n)) {
        problems.push({ path, message: `value ${n} is not one of the allowed values: ${type.allowedValues.join(', ')}` });
      }
      return;
    }

    case 'boolean':
      // CloudFormation also accepts the strings "true" / "false".
      if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') {
        problems.push({ path, message: `expected boolean, got ${describeValue(value)}` });
      }
      return;

    case 'date-time':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
        problems.push({ path, message: `expected date-time string, got ${describeValue(value)}` });
      }
      return;

    case 'json':
      // Free-form: any object, array or scalar (policies, schemas, ...).
      return;

    case 'null':
      problems.push({ path, message: `expected null, got ${describeValue(value)}` });
      return;

    case 'tag':
      validateShaped(TAG_SHAPE, value, path, problems);
      return;

    case 'ref':
      validateShaped(findTypeDef(type.reference.$ref), value, path, problems);
      return;

    case 'array':
      if (!Array.isArray(value)) {
        problems.push({ path, message: `expected ${describeType(type)}, got ${describeValue(value)}` });
        return;
      }
      value.forEach((element, i) => validateValue(type.element, element, `${path}[${i}]`, problems));
      return;

    case 'map':
      if (!isPlainObject(value)) {
        problems.push({ path, message: `expected ${describeType(type)}, got ${describeValue(value)}` });
        return;
      }
      for (const [k, v] of Object.entries(value)) {
        validateValue(type.element, v, joinPath(path, k), problems);
      }
      return;

    case 'union':
      validateUnion(type.types, value, path, problems);
      return;
  }
}

function validateShaped(shape: SpecShape, value: unknown, path: string, problems: SchemaProblem[]): void {
  if (!isPlainObject(value)) {
    problems.push({ path, message: `expected ${shape.name} object, got ${describeValue(value)}` });
    return;
  }
  if (Object.keys(shape.properties).length === 0) {
    // A handful of type definitions have no declared properties: treat them as free-form objects.
    return;
  }
  validateObject(shape, value, path, problems);
}

function validateUnion(types: readonly SpecType[], value: unknown, path: string, problems: SchemaProblem[]): void {
  const attempts = types.map((t) => {
    const p: SchemaProblem[] = [];
    validateValue(t, value, path, p);
    return { type: t, problems: p };
  });
  if (attempts.some((a) => a.problems.length === 0)) {
    return;
  }
  // If exactly one alternative has the right shape (object / array / scalar), its detailed problems are the useful ones.
  const sameShape = attempts.filter((a) => typeShape(a.type) === valueShape(value) || typeShape(a.type) === 'any');
  if (sameShape.length === 1) {
    problems.push(...sameShape[0].problems);
    return;
  }
  problems.push({ path, message: `expected ${types.map(describeType).join(' | ')}, got ${describeValue(value)}` });
}

/**
 * Intrinsics are accepted wherever a value is expected (their result is only
 * known at deploy time). `Fn::If` is looked into: both branches are validated
 * against the expected type, `{ Ref: AWS::NoValue }` branches are skipped.
 */
function validateIntrinsic(type: SpecType, value: Record<string, unknown>, path: string, problems: SchemaProblem[]): void {
  const args = value['Fn::If'];
  if (args === undefined) {
    return;
  }
  if (!Array.isArray(args) || args.length !== 3) {
    problems.push({ path, message: 'Fn::If expects [condition, valueIfTrue, valueIfFalse]' });
    return;
  }
  for (const i of [1, 2]) {
    if (!isNoValue(args[i])) {
      validateValue(type, args[i], `${path}.Fn::If[${i}]`, problems);
    }
  }
}

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) {
    return false;
  }
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function isNoValue(value: unknown): boolean {
  return isPlainObject(value) && Object.keys(value).length === 1 && value.Ref === NO_VALUE;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function toNumber(value: unknown, integer: boolean): number | undefined {
  let n: number | undefined;
  if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
    n = Number(value);
  }
  if (n === undefined || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    return undefined;
  }
  return n;
}

type Shape = 'object' | 'array' | 'scalar' | 'any';

function typeShape(type: SpecType): Shape {
  switch (type.type) {
    case 'json':
    case 'union': return 'any';
    case 'array': return 'array';
    case 'map':
    case 'ref':
    case 'tag': return 'object';
    default: return 'scalar';
  }
}

function valueShape(value: unknown): Shape {
  if (Array.isArray(value)) return 'array';
  return isPlainObject(value) ? 'object' : 'scalar';
}

function describeType(type: SpecType): string {
  switch (type.type) {
    case 'ref': return findTypeDef(type.reference.$ref).name;
    case 'tag': return 'Tag';
    case 'array': return `Array<${describeType(type.element)}>`;
    case 'map': return `Map<string, ${describeType(type.element)}>`;
    case 'union': return type.types.map(describeType).join(' | ');
    default: return type.type;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return `object ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'string') return `string '${truncate(value)}'`;
  return `${typeof value} ${String(value)}`;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function joinPath(parent: string, child: string): string {
  return parent === '' ? child : `${parent}.${child}`;
}
