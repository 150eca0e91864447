/**
 * Every policy the library writes, evaluated as behaviour: who may do what,
 * on which resource, under which conditions. Each stack is synthesized for a
 * fixed account and region, its intrinsics resolved (`resolveIntrinsics`),
 * then each request is simulated offline (`expectOutcome`).
 *
 * Each policy gets a matrix (`matrix`) of requests that must be allowed and
 * requests that must be denied: other accounts, other service principals,
 * missing or wrong source conditions, requests without TLS where an SSL-only
 * Deny exists, actions and resources outside the grant.
 */
import { Aspects, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  EnforcementMode, FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveBucketProps, FlowLogArchiveProps, FlowLogArchiveSharing, FlowLogDestination,
  FlowLogEnforcement, FlowLogFirehoseCrossAccountRole, FlowLogGuardrail, FlowLogProtectionPolicy, FlowLogTarget,
} from '../src';
import { ACCOUNT, newApp, newStack, newVpc, REGION } from './support/fixtures';
import { expectOutcome, lambdaPermissionPolicy, resolveIntrinsics, SimRequest } from './support/policy-sim';
import { readmeNumbers } from './support/readme';

const OTHER = '222222222222';
const OTHER_REGION = 'us-east-1';
const DELIVERY = 'delivery.logs.amazonaws.com';
const LOGS = `logs.${REGION}.amazonaws.com`;
const DAY = `vpcflowlogs/${REGION}/2026/11/24`;
const FILE = `${ACCOUNT}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_20261124T1200Z_abcd1234.log.gz`;
const flowLogArn = (account: string, region = REGION) => `arn:aws:ec2:${region}:${account}:vpc-flow-log/fl-0123456789abcdef0`;
const TLS = { 'aws:SecureTransport': 'true' };
const NO_TLS = { 'aws:SecureTransport': 'false' };

/** The source conditions of a log delivery (S3 or its key) for `account`. */
const logSource = (account: string, region = REGION) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:${region}:${account}:*` });
/** The request context of a genuine S3 delivery of `account`'s flow logs. */
const genuine = (account = ACCOUNT) => ({ ...logSource(account), ...TLS, 's3:x-amz-acl': 'bucket-owner-full-control' });

const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const rootOf = (account: string) => `arn:aws:iam::${account}:root`;
/** An identity policy allowing `actions` on every resource. */
const allowAll = (...actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

type Row = [name: string, request: SimRequest];

/** How many requests the matrices below register, as README states it. */
let simulatedRequests = 0;

/**
 * Registers one test per request: `allowed` must be allowed, `denied` must
 * be denied. A policy without both kinds of request is not tested enough.
 */
function matrix(allowed: Row[], denied: Row[]): void {
  if (allowed.length === 0 || denied.length === 0) {
    throw new Error('a policy matrix needs allowed and denied requests');
  }
  simulatedRequests += allowed.length + denied.length;
  test.each(allowed)('allows %s', (_name, request) => expectOutcome(request, true));
  test.each(denied)('denies %s', (_name, request) => expectOutcome(request, false));
}

function withoutUndefined(context: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/** A synthesized stack whose resources are found by construct path, with intrinsics resolved for its account and region. */
class Synth {
  public readonly template: any;
  private readonly ctx: { account: string; region: string };
  private readonly resolved: Record<string, any>;

  constructor(stack: Stack) {
    this.template = Template.fromStack(stack).toJSON();
    this.ctx = { account: stack.account, region: stack.region };
    this.resolved = resolveIntrinsics(this.template.Resources, this.template, this.ctx);
  }

  /** The logical id of the only resource of `type` whose path contains `pathPart`. */
  public id(type: string, pathPart: string): string {
    const found = Object.keys(this.template.Resources).filter((id) => this.template.Resources[id].Type === type
      && String(this.template.Resources[id].Metadata?.['aws:cdk:path'] ?? '').includes(pathPart));
    if (found.length !== 1) {
      throw new Error(`expected one ${type} at *${pathPart}*, found ${found.length}`);
    }
    return found[0];
  }

  public props(type: string, pathPart: string): any {
    return this.resolved[this.id(type, pathPart)].Properties;
  }

  public ref(type: string, pathPart: string): string {
    return resolveIntrinsics({ Ref: this.id(type, pathPart) }, this.template, this.ctx);
  }

  public arn(type: string, pathPart: string): string {
    return resolveIntrinsics({ 'Fn::GetAtt': [this.id(type, pathPart), 'Arn'] }, this.template, this.ctx);
  }

  /** The ARN of a log group without the `:*` CloudFormation appends. */
  public logGroupArn(pathPart: string): string {
    return this.arn('AWS::Logs::LogGroup', pathPart).replace(/:\*$/, '');
  }

  public keyPolicy(pathPart: string): any {
    return this.props('AWS::KMS::Key', pathPart).KeyPolicy;
  }

  /** The bucket policy of the bucket at `bucketPathPart`. */
  public bucketPolicy(bucketPathPart: string): any {
    const name = this.ref('AWS::S3::Bucket', bucketPathPart);
    return this.only('AWS::S3::BucketPolicy', (p) => p.Bucket === name).PolicyDocument;
  }

  /** The inline policy (AWS::IAM::Policy) attached to the role named `roleName`. */
  public inlinePolicyOf(roleName: string): any {
    return this.only('AWS::IAM::Policy', (p) => (p.Roles ?? []).includes(roleName)).PolicyDocument;
  }

  /** The resolved Properties of every resource of `type`. */
  public allProps(type: string): any[] {
    return Object.values<any>(this.resolved).filter((r) => r.Type === type).map((r) => r.Properties);
  }

  private only(type: string, match: (properties: any) => boolean): any {
    const found = Object.values<any>(this.resolved).filter((r) => r.Type === type && match(r.Properties));
    if (found.length !== 1) {
      throw new Error(`expected one matching ${type}, found ${found.length}`);
    }
    return found[0].Properties;
  }
}

/** A FlowLogArchive of one VPC, synthesized for ACCOUNT in REGION. */
function archiveStack(props: Partial<FlowLogArchiveProps> = {}, configure: (stack: Stack, archive: FlowLogArchive) => void = () => {}): Synth {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], ...props });
  configure(stack, archive);
  return new Synth(stack);
}

// ---------------------------------------------------------------------------
// The archive bucket (FlowLogArchive's own), its key and its access logs
// ---------------------------------------------------------------------------

describe('archive bucket policy', () => {
  const synth = archiveStack();
  const bucketArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
  const policy = synth.bucketPolicy('ArchiveBucket/Bucket/');
  const file = `${bucketArn}/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`;
  const deliver = (context: Record<string, string | undefined> = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
    principal: DELIVERY,
    action: 's3:PutObject',
    resource: file,
    resourcePolicy: policy,
    context: withoutUndefined({ ...genuine(), ...context }),
    ...overrides,
  });
  const check = (action: string, context: Record<string, string> = {}) => deliver(context, { action, resource: bucketArn });
  const read = (principal: string, context: Record<string, string>, identityPolicies: any[] = [allowAll('s3:GetObject')]): SimRequest => ({
    principal, action: 's3:GetObject', resource: file, resourceAccount: ACCOUNT, resourcePolicy: policy, identityPolicies, context,
  });

  matrix([
    ['log delivery for this account to write its files', deliver()],
    ['log delivery to check the bucket ACL', check('s3:GetBucketAcl')],
    ['log delivery to list the bucket', check('s3:ListBucket')],
    ['a role of this account allowed s3:GetObject to read over TLS', read(role(ACCOUNT, 'analyst'), TLS)],
  ], [
    ['delivery for another source account', deliver(logSource(OTHER))],
    ['delivery with a source ARN of another account', deliver({ 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` })],
    ['delivery with a source ARN of another region', deliver({ 'aws:SourceArn': `arn:aws:logs:${OTHER_REGION}:${ACCOUNT}:*` })],
    ['delivery with a source ARN of another service', deliver({ 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/x` })],
    ['delivery without a source ARN (confused deputy)', deliver({ 'aws:SourceArn': undefined })],
    ['delivery without a source account (confused deputy)', deliver({ 'aws:SourceAccount': undefined })],
    ['delivery without bucket-owner-full-control', deliver({ 's3:x-amz-acl': 'private' })],
    ['delivery without TLS', deliver(NO_TLS)],
    ['delivery outside AWSLogs', deliver({}, { resource: `${bucketArn}/other/${FILE}` })],
    ['delivery into another account\'s folder', deliver({}, { resource: `${bucketArn}/AWSLogs/${OTHER}/${DAY}/${FILE}` })],
    ['delivery into a folder the archive does not use', deliver({}, { resource: `${bucketArn}/prefix/AWSLogs/${ACCOUNT}/${DAY}/${FILE}` })],
    ['another account delivering into its own folder', deliver(logSource(OTHER), { resource: `${bucketArn}/AWSLogs/${OTHER}/${DAY}/${FILE}` })],
    ['another service principal writing', deliver({}, { principal: 'cloudtrail.amazonaws.com' })],
    ['the ACL check for another source account', check('s3:GetBucketAcl', logSource(OTHER))],
    ['the ACL check with a source ARN of another account', check('s3:ListBucket', { 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` })],
    ['the ACL check without TLS', check('s3:GetBucketAcl', NO_TLS)],
    ['log delivery reading files', deliver({}, { action: 's3:GetObject' })],
    ['log delivery deleting files', deliver({}, { action: 's3:DeleteObject' })],
    ['log delivery changing the bucket policy', check('s3:PutBucketPolicy')],
    ['a principal of another account reading', read(rootOf(OTHER), TLS, [])],
    ['a role of this account reading without TLS', read(role(ACCOUNT, 'analyst'), NO_TLS)],
    ['a role of this account without an identity policy reading (the bucket policy grants the account nothing)', read(role(ACCOUNT, 'analyst'), TLS, [])],
  ]);
});

describe('archive bucket policy: key prefixes and the Hive layout', () => {
  const HIVE = `aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/${FILE}`;
  const layout = (destinations: FlowLogDestination[]) => {
    const synth = archiveStack({ destinations });
    const bucketArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
    const policy = synth.bucketPolicy('ArchiveBucket/Bucket/');
    return (key: string, account = ACCOUNT): SimRequest => ({
      principal: DELIVERY, action: 's3:PutObject', resource: `${bucketArn}/${key}`, resourcePolicy: policy, context: genuine(account),
    });
  };

  describe('keyPrefix network/prod', () => {
    const put = layout([FlowLogDestination.s3({ keyPrefix: 'network/prod' })]);
    matrix([
      ['the folder in use', put(`network/prod/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
    ], [
      ['the bucket root', put(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
      ['a sibling folder', put(`network/dev/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
      ['a folder that only starts with the prefix', put(`network/production/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
      ['another account under the prefix', put(`network/prod/AWSLogs/${OTHER}/${DAY}/${FILE}`, OTHER)],
    ]);
  });

  describe('Hive-compatible partitions', () => {
    const put = layout([FlowLogDestination.s3({ hiveCompatiblePartitions: true })]);
    matrix([
      ['the Hive path', put(`AWSLogs/aws-account-id=${ACCOUNT}/${HIVE}`)],
    ], [
      ['the plain path', put(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
      ['the Hive path of another account', put(`AWSLogs/aws-account-id=${OTHER}/${HIVE}`)],
    ]);
  });

  describe('keyPrefix and Hive partitions together', () => {
    const put = layout([FlowLogDestination.s3({ keyPrefix: 'vpc', hiveCompatiblePartitions: true })]);
    matrix([
      ['the Hive path under the prefix', put(`vpc/AWSLogs/aws-account-id=${ACCOUNT}/${HIVE}`)],
    ], [
      ['the Hive path at the root', put(`AWSLogs/aws-account-id=${ACCOUNT}/${HIVE}`)],
      ['the plain path under the prefix', put(`vpc/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
    ]);
  });

  describe('two S3 destinations sharing the archive bucket', () => {
    const put = layout([FlowLogDestination.s3({ keyPrefix: 'prod' }), FlowLogDestination.s3({ keyPrefix: 'audit' })]);
    matrix([
      ['the first folder', put(`prod/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
      ['the second folder', put(`audit/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
    ], [
      ['the bucket root (no longer in use)', put(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`)],
    ]);
  });
});

describe('archive key policy', () => {
  const synth = archiveStack();
  const keyArn = synth.arn('AWS::KMS::Key', 'ArchiveBucket/Key/');
  const keyPolicy = synth.keyPolicy('ArchiveBucket/Key/');
  const use = (action: string, context: Record<string, string | undefined> = {}, principal = DELIVERY): SimRequest => ({
    principal, action, resource: keyArn, resourcePolicy: keyPolicy, context: withoutUndefined({ ...logSource(ACCOUNT), ...context }),
  });
  const admin = (identityPolicies: any[]): SimRequest => ({
    principal: role(ACCOUNT, 'admin'), action: 'kms:ScheduleKeyDeletion', resource: keyArn, resourcePolicy: keyPolicy, identityPolicies,
  });
  const grant = (context: Record<string, string>): SimRequest => ({
    principal: role(ACCOUNT, 'admin'),
    action: 'kms:CreateGrant',
    resource: keyArn,
    resourcePolicy: keyPolicy,
    identityPolicies: [allowAll('kms:*')],
    context: { 'aws:PrincipalIsAWSService': 'false', ...context },
  });

  matrix([
    ...['kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey']
      .map((action): Row => [`log delivery for this account to use ${action}`, use(action)]),
    ['an admin of this account with kms:* (the key policy trusts the account)', admin([allowAll('kms:*')])],
    ['an admin of this account with kms:* creating a grant through an AWS service, for an AWS resource', grant({ 'kms:GrantIsForAWSResource': 'true' })],
  ], [
    ['an admin of this account with kms:* creating a grant directly (CT.KMS.PR.3)', grant({ 'kms:GrantIsForAWSResource': 'false' })],
    ['an admin of this account with kms:* creating a grant, the condition keys absent (CT.KMS.PR.3)', grant({})],
    ['log delivery for another source account', use('kms:GenerateDataKey', logSource(OTHER))],
    ['log delivery with a source ARN of another account', use('kms:GenerateDataKey', { 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` })],
    ['log delivery with a source ARN of another region', use('kms:GenerateDataKey', { 'aws:SourceArn': `arn:aws:logs:${OTHER_REGION}:${ACCOUNT}:*` })],
    ['log delivery without a source ARN', use('kms:GenerateDataKey', { 'aws:SourceArn': undefined })],
    ['log delivery without a source account', use('kms:GenerateDataKey', { 'aws:SourceAccount': undefined })],
    ['log delivery scheduling the key deletion', use('kms:ScheduleKeyDeletion')],
    ['log delivery changing the key policy', use('kms:PutKeyPolicy')],
    ['log delivery creating grants', use('kms:CreateGrant')],
    ['another service principal', use('kms:Decrypt', {}, 'cloudtrail.amazonaws.com')],
    ['a role of this account without an identity policy', admin([])],
    ['another account', { principal: rootOf(OTHER), action: 'kms:Decrypt', resource: keyArn, resourcePolicy: keyPolicy }],
  ]);
});

describe('access-log bucket policy', () => {
  const synth = archiveStack();
  const archiveArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
  const accessLogsArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/AccessLogs/');
  const log = (context: Record<string, string | undefined> = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    resource: `${accessLogsArn}/flow-log-archive/2026-11-24-12-00-00-ABCDEF`,
    resourcePolicy: synth.bucketPolicy('ArchiveBucket/AccessLogs/'),
    context: withoutUndefined({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': archiveArn, ...TLS, ...context }),
    ...overrides,
  });

  matrix([
    ['S3 logging of the archive bucket to write access logs', log()],
  ], [
    ['S3 logging of another bucket', log({ 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' })],
    ['S3 logging of the access-log bucket itself', log({ 'aws:SourceArn': accessLogsArn })],
    ['S3 logging from another account', log({ 'aws:SourceAccount': OTHER })],
    ['S3 logging without a source ARN', log({ 'aws:SourceArn': undefined })],
    ['S3 logging without a source account', log({ 'aws:SourceAccount': undefined })],
    ['S3 logging without TLS', log(NO_TLS)],
    ['writing outside the access-log folder', log({}, { resource: `${accessLogsArn}/other/x` })],
    ['S3 logging reading access logs', log({}, { action: 's3:GetObject' })],
    ['flow-log delivery writing access logs', log({}, { principal: DELIVERY })],
  ]);
});

describe('a bucket and key the user brings', () => {
  const stack = newStack();
  const key = new kms.Key(stack, 'UserKey', { enableKeyRotation: true });
  const bucket = new s3.Bucket(stack, 'UserBucket', { bucketName: 'user-flow-logs', encryptionKey: key, enforceSSL: true });
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))],
    destinations: [FlowLogDestination.s3({ bucket, keyPrefix: 'vpc' })],
  });
  const user = new Synth(stack);
  const policy = user.bucketPolicy('UserBucket/');
  const keyArn = user.arn('AWS::KMS::Key', 'UserKey/');
  const put = (context: Record<string, string> = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
    principal: DELIVERY,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::user-flow-logs/vpc/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`,
    resourcePolicy: policy,
    context: { ...genuine(), ...context },
    ...overrides,
  });
  const useKey = (context: Record<string, string>, principal = DELIVERY): SimRequest => ({
    principal, action: 'kms:GenerateDataKey', resource: keyArn, resourcePolicy: user.keyPolicy('UserKey/'), context,
  });

  describe('bucket policy', () => matrix([
    ['this account\'s delivery to write under the folder', put()],
    ['the ACL check', put({}, { action: 's3:GetBucketAcl', resource: 'arn:aws:s3:::user-flow-logs' })],
  ], [
    ['delivery for another source account', put(logSource(OTHER))],
    ['delivery at the bucket root (not the folder in use)', put({}, { resource: `arn:aws:s3:::user-flow-logs/AWSLogs/${ACCOUNT}/${DAY}/${FILE}` })],
    ['delivery without TLS (the user\'s enforceSSL)', put(NO_TLS)],
    ['another service principal writing', put({}, { principal: 'cloudtrail.amazonaws.com' })],
  ]));

  describe('key policy (the statement added to the user\'s key)', () => matrix([
    ['this account\'s delivery to use the key', useKey(logSource(ACCOUNT))],
  ], [
    ['another source account', useKey(logSource(OTHER))],
    ['another service principal', useKey(logSource(ACCOUNT), 'cloudtrail.amazonaws.com')],
  ]));
});

// ---------------------------------------------------------------------------
// A central bucket (FlowLogArchiveBucket with sourceAccounts or sourceOrganizationId)
// ---------------------------------------------------------------------------

describe('central bucket', () => {
  const LOG_ARCHIVE = '999999999999';
  const TEAM_A = '111111111111';
  const TEAM_B = '222222222222';
  const OUTSIDER = '333333333333';
  const ORG = 'o-a1b2c3d4e5';
  const KEY = `vpcflowlogs/${REGION}/2026/11/24/file.log.gz`;

  function central(props: FlowLogArchiveBucketProps) {
    const stack = new Stack(newApp(), 'LogArchive', { env: { account: LOG_ARCHIVE, region: REGION } });
    new FlowLogArchiveBucket(stack, 'Central', { bucketName: 'org-flow-logs', ...props });
    const synth = new Synth(stack);
    return { bucketPolicy: synth.bucketPolicy('Central/Bucket/'), keyPolicy: synth.keyPolicy('Central/Key/'), keyArn: synth.arn('AWS::KMS::Key', 'Central/Key/') };
  }
  type Context = Record<string, string | undefined>;
  /** What log delivery sends for an account: its id and its log deliveries' ARN (any Region of it). */
  const source = (account: string, region = REGION) => ({ 'aws:SourceAccount': account, 'aws:SourceArn': `arn:aws:logs:${region}:${account}:*` });
  const deliver = (policy: any, account: string, key: string, extra: Context = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
    principal: DELIVERY,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::org-flow-logs/${key}`,
    resourcePolicy: policy,
    context: withoutUndefined({ ...source(account), 's3:x-amz-acl': 'bucket-owner-full-control', ...TLS, ...extra }),
    ...overrides,
  });
  const aclCheck = (policy: any, context: Record<string, string>): SimRequest => ({
    principal: DELIVERY, action: 's3:GetBucketAcl', resource: 'arn:aws:s3:::org-flow-logs', resourcePolicy: policy, context: { ...TLS, ...context },
  });
  const useKey = (archive: ReturnType<typeof central>, context: Record<string, string>, action = 'kms:GenerateDataKey', principal = DELIVERY): SimRequest => ({
    principal, action, resource: archive.keyArn, resourcePolicy: archive.keyPolicy, context,
  });

  describe('sourceAccounts', () => {
    const archive = central({ sourceAccounts: [TEAM_A, TEAM_B] });
    const policy = archive.bucketPolicy;

    describe('bucket policy', () => matrix([
      ['a listed account at the root', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`)],
      ['a listed account under its own folder', deliver(policy, TEAM_A, `team-a/AWSLogs/${TEAM_A}/${KEY}`)],
      ['a listed account under a nested folder', deliver(policy, TEAM_B, `network/team-b/AWSLogs/${TEAM_B}/${KEY}`)],
      ['a listed account in the Hive layout', deliver(policy, TEAM_B,
        `AWSLogs/aws-account-id=${TEAM_B}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/x.log.gz`)],
      ['a listed account delivering from another Region', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, source(TEAM_A, 'us-east-1'))],
      ['the ACL check of a listed account', aclCheck(policy, source(TEAM_B))],
    ], [
      ['an account not listed, in its own folder', deliver(policy, OUTSIDER, `AWSLogs/${OUTSIDER}/${KEY}`)],
      ['an account not listed, in a listed account\'s folder', deliver(policy, OUTSIDER, `AWSLogs/${TEAM_A}/${KEY}`)],
      // Per-account partitions mean what they say: each account writes only its own AWSLogs/<account>/ folder.
      ['a listed account in another listed account\'s folder', deliver(policy, TEAM_A, `AWSLogs/${TEAM_B}/${KEY}`)],
      ['a listed account in another listed account\'s folder under a keyPrefix', deliver(policy, TEAM_A, `team-b/AWSLogs/${TEAM_B}/${KEY}`)],
      ['a listed account in another listed account\'s Hive folder', deliver(policy, TEAM_A,
        `AWSLogs/aws-account-id=${TEAM_B}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/x.log.gz`)],
      ['a listed account nesting its own folder inside another account\'s', deliver(policy, TEAM_A,
        `AWSLogs/${TEAM_B}/vpcflowlogs/${REGION}/2026/11/24/AWSLogs/${TEAM_A}/${KEY}`)],
      ['a listed account with a source account that is not its folder\'s', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`,
        { 'aws:SourceAccount': TEAM_B })],
      ['the log-archive account itself (not listed)', deliver(policy, LOG_ARCHIVE, `AWSLogs/${LOG_ARCHIVE}/${KEY}`)],
      ['a listed account outside AWSLogs', deliver(policy, TEAM_A, `elsewhere/${KEY}`)],
      ['a listed account without a source account', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, { 'aws:SourceAccount': undefined })],
      ['a listed account without a source ARN', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, { 'aws:SourceArn': undefined })],
      ['a listed account with the source ARN of an account not listed', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`,
        { 'aws:SourceArn': `arn:aws:logs:${REGION}:${OUTSIDER}:*` })],
      ['a source ARN of another service of a listed account', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`,
        { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${TEAM_A}:vpc-flow-log/fl-1` })],
      ['a listed account without bucket-owner-full-control', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, { 's3:x-amz-acl': 'private' })],
      ['a listed account without TLS', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, NO_TLS)],
      ['another service principal', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, {}, { principal: 'cloudtrail.amazonaws.com' })],
      ['a role of a listed account reading files', {
        principal: role(TEAM_A, 'reader'),
        action: 's3:GetObject',
        resource: `arn:aws:s3:::org-flow-logs/AWSLogs/${TEAM_A}/${KEY}`,
        resourceAccount: LOG_ARCHIVE,
        resourcePolicy: policy,
        identityPolicies: [allowAll('s3:GetObject')],
        context: TLS,
      }],
      ['the ACL check of an account not listed', aclCheck(policy, source(OUTSIDER))],
      ['the ACL check of a listed account without a source ARN', aclCheck(policy, { 'aws:SourceAccount': TEAM_B })],
    ]));

    describe('key policy', () => matrix([
      ['a listed account (GenerateDataKey)', useKey(archive, source(TEAM_B))],
      ['a listed account (Decrypt)', useKey(archive, source(TEAM_A), 'kms:Decrypt')],
    ], [
      ['an account not listed', useKey(archive, source(OUTSIDER))],
      ['the log-archive account itself (not listed)', useKey(archive, source(LOG_ARCHIVE))],
      ['no source account', useKey(archive, {})],
      ['a listed account without a source ARN', useKey(archive, { 'aws:SourceAccount': TEAM_A })],
      ['a listed account with the source ARN of an account not listed', useKey(archive, { ...source(TEAM_A), 'aws:SourceArn': `arn:aws:logs:${REGION}:${OUTSIDER}:*` })],
      ['another service principal', useKey(archive, source(TEAM_A), 'kms:Decrypt', 'cloudtrail.amazonaws.com')],
      ['a role of a listed account using the key directly', {
        principal: role(TEAM_A, 'reader'), action: 'kms:Decrypt', resource: archive.keyArn, resourcePolicy: archive.keyPolicy, identityPolicies: [allowAll('kms:*')],
      }],
    ]));
  });

  describe('sourceOrganizationId', () => {
    const archive = central({ sourceOrganizationId: ORG });
    const policy = archive.bucketPolicy;
    const inOrg = { 'aws:SourceOrgID': ORG };
    const otherOrg = { 'aws:SourceOrgID': 'o-zzzzzzzzzz' };

    describe('bucket policy', () => matrix([
      ['any account of the organization, under any folder', deliver(policy, OUTSIDER, `any/AWSLogs/${OUTSIDER}/${KEY}`, inOrg)],
      ['any account of the organization, at the root', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, inOrg)],
      ['the ACL check of the organization', aclCheck(policy, inOrg)],
    ], [
      ['an account of another organization', deliver(policy, OUTSIDER, `AWSLogs/${OUTSIDER}/${KEY}`, otherOrg)],
      ['an account of the organization in another account\'s folder', deliver(policy, TEAM_A, `AWSLogs/${TEAM_B}/${KEY}`, inOrg)],
      ['an account of the organization in another account\'s Hive folder', deliver(policy, TEAM_A,
        `x/AWSLogs/aws-account-id=${TEAM_B}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/x.log.gz`, inOrg)],
      ['an account of the organization nesting its folder inside another account\'s', deliver(policy, TEAM_A,
        `AWSLogs/${TEAM_B}/vpcflowlogs/${REGION}/2026/11/24/AWSLogs/${TEAM_A}/${KEY}`, inOrg)],
      ['an account of the organization without a source account', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`,
        { ...inOrg, 'aws:SourceAccount': undefined })],
      ['an account of no organization', deliver(policy, OUTSIDER, `AWSLogs/${OUTSIDER}/${KEY}`)],
      ['the organization outside AWSLogs', deliver(policy, TEAM_A, `elsewhere/${KEY}`, inOrg)],
      ['the organization without TLS', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, { ...inOrg, ...NO_TLS })],
      ['the organization without bucket-owner-full-control', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, { ...inOrg, 's3:x-amz-acl': 'private' })],
      ['another service principal in the organization', deliver(policy, TEAM_A, `AWSLogs/${TEAM_A}/${KEY}`, inOrg, { principal: 'cloudtrail.amazonaws.com' })],
      ['the ACL check of another organization', aclCheck(policy, otherOrg)],
    ]));

    describe('key policy', () => matrix([
      ['the organization (GenerateDataKey)', useKey(archive, inOrg)],
      ['the organization (Decrypt)', useKey(archive, inOrg, 'kms:Decrypt')],
    ], [
      ['another organization', useKey(archive, otherOrg)],
      ['no organization (a source account only)', useKey(archive, { 'aws:SourceAccount': TEAM_A })],
      ['another service principal', useKey(archive, inOrg, 'kms:Decrypt', 'cloudtrail.amazonaws.com')],
    ]));
  });

  // The organization's query table: grantQuery() for a security team's role in another account.
  describe('grantQuery of the central table for a role of another account', () => {
    const SECURITY = '444444444444';
    const app = newApp();
    const stack = new Stack(app, 'LogArchive', { env: { account: LOG_ARCHIVE, region: REGION } });
    const bucket = new FlowLogArchiveBucket(stack, 'Central', { bucketName: 'org-flow-logs', sourceAccounts: [TEAM_A, TEAM_B] });
    const queries = bucket.addQueries({ regions: [REGION] });
    const securityStack = new Stack(app, 'Security', { env: { account: SECURITY, region: REGION } });
    const analyst = new iam.Role(securityStack, 'Analyst', { assumedBy: new iam.AccountPrincipal(SECURITY), roleName: 'flow-log-analyst' });
    queries.grantQuery(analyst);
    const synth = new Synth(stack);
    const identity = new Synth(securityStack).inlinePolicyOf('flow-log-analyst');
    const analystArn = role(SECURITY, 'flow-log-analyst');
    const s3Call = (action: string, key: string, principal = analystArn, identityPolicies = [identity]): SimRequest => ({
      principal,
      action,
      resource: `arn:aws:s3:::org-flow-logs/${key}`,
      resourceAccount: LOG_ARCHIVE,
      resourcePolicy: synth.bucketPolicy('Central/Bucket/'),
      identityPolicies,
      context: TLS,
    });
    const keyCall = (action: string, principal = analystArn, identityPolicies = [identity]): SimRequest => ({
      principal,
      action,
      resource: synth.arn('AWS::KMS::Key', 'Central/Key/'),
      resourceAccount: LOG_ARCHIVE,
      resourcePolicy: synth.keyPolicy('Central/Key/'),
      identityPolicies,
    });
    matrix([
      ['the analyst reading any account\'s flow-log files', s3Call('s3:GetObject', `AWSLogs/${TEAM_B}/${KEY}`)],
      ['the analyst writing query results', s3Call('s3:PutObject', 'athena-results/q.csv')],
      ['the analyst decrypting the files', keyCall('kms:Decrypt')],
    ], [
      ['the analyst writing into an account\'s flow-log folder', s3Call('s3:PutObject', `AWSLogs/${TEAM_B}/${KEY}`)],
      ['the analyst without TLS', { ...s3Call('s3:GetObject', `AWSLogs/${TEAM_B}/${KEY}`), context: NO_TLS }],
      ['another role of the security account', s3Call('s3:GetObject', `AWSLogs/${TEAM_B}/${KEY}`, role(SECURITY, 'other'), [allowAll('s3:GetObject')])],
      ['another role of the security account decrypting', keyCall('kms:Decrypt', role(SECURITY, 'other'), [allowAll('kms:Decrypt')])],
    ]);
  });
});

// ---------------------------------------------------------------------------
// CloudWatch Logs delivery
// ---------------------------------------------------------------------------

describe('CloudWatch Logs delivery', () => {
  const synth = archiveStack({ destinations: [FlowLogDestination.cloudWatchLogs()] }, (stack) => new logs.LogGroup(stack, 'Unrelated'));
  const roleArn = synth.arn('AWS::IAM::Role', 'FlowLogs/DeliveryRole/');
  const trust = synth.props('AWS::IAM::Role', 'FlowLogs/DeliveryRole/').AssumeRolePolicyDocument;
  const permissions = synth.props('AWS::IAM::ManagedPolicy', 'FlowLogs/DeliveryPolicy/').PolicyDocument;
  const logGroup = synth.logGroupArn('FlowLogs/LogGroup/');
  const unrelated = synth.logGroupArn('Unrelated/');
  const keyArn = synth.arn('AWS::KMS::Key', 'FlowLogs/LogGroupKey/');
  const keyPolicy = synth.keyPolicy('FlowLogs/LogGroupKey/');
  const stream = (group: string) => `${group}:log-stream:eni-0123456789abcdef0-all`;
  // Log-group actions are authorized against `<log group ARN>:log-stream:` (as AccessDenied messages show it).
  const groupLevel = (group: string) => `${group}:log-stream:`;

  describe('delivery role trust policy', () => {
    const assume = (principal: string, context: Record<string, string | undefined> = {}): SimRequest => ({
      principal,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourcePolicy: trust,
      context: withoutUndefined({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': flowLogArn(ACCOUNT), ...context }),
    });
    matrix([
      ['VPC Flow Logs for this account\'s flow logs', assume('vpc-flow-logs.amazonaws.com')],
    ], [
      ['another source account', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceAccount': OTHER, 'aws:SourceArn': flowLogArn(OTHER) })],
      ['a flow log of another account', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceArn': flowLogArn(OTHER) })],
      ['a flow log of another region', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceArn': flowLogArn(ACCOUNT, OTHER_REGION) })],
      ['a source that is not a flow log', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` })],
      ['no source ARN', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceArn': undefined })],
      ['no source account', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceAccount': undefined })],
      ['the EC2 service', assume('ec2.amazonaws.com')],
      ['the S3 log delivery service', assume(DELIVERY)],
      ['a role of this account allowed sts:AssumeRole', {
        principal: role(ACCOUNT, 'someone'), action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trust, identityPolicies: [allowAll('sts:AssumeRole')],
      }],
      ['another account', { principal: rootOf(OTHER), action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trust }],
    ]);
  });

  describe('delivery role permissions (managed policy)', () => {
    const act = (action: string, resource: string, resourcePolicy?: any): SimRequest => ({
      principal: roleArn, action, resource, resourceAccount: ACCOUNT, identityPolicies: [permissions], ...(resourcePolicy ? { resourcePolicy } : {}),
    });
    matrix(
      ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams']
        .map((action): Row => [`${action} in its log group`, act(action, action === 'logs:DescribeLogStreams' ? groupLevel(logGroup) : stream(logGroup))]),
      [
        ['logs:PutLogEvents in another log group', act('logs:PutLogEvents', stream(unrelated))],
        ['logs:PutLogEvents in a log group whose name starts with its own', act('logs:PutLogEvents', stream(`${logGroup}-copy`))],
        ['logs:PutLogEvents in the same log group name in another region', act('logs:PutLogEvents', stream(logGroup.replace(`:${REGION}:`, `:${OTHER_REGION}:`)))],
        ['logs:DeleteLogGroup', act('logs:DeleteLogGroup', groupLevel(logGroup))],
        ['logs:CreateLogGroup', act('logs:CreateLogGroup', groupLevel(logGroup))],
        ['logs:PutRetentionPolicy', act('logs:PutRetentionPolicy', groupLevel(logGroup))],
        ['logs:GetLogEvents (reading what it delivers)', act('logs:GetLogEvents', stream(logGroup))],
        ['kms:Decrypt with the log-group key (it needs none)', act('kms:Decrypt', keyArn, keyPolicy)],
      ],
    );
  });

  describe('log-group key policy', () => {
    const encrypt = (principal: string, logGroupArn: string | undefined, action = 'kms:GenerateDataKey'): SimRequest => ({
      principal, action, resource: keyArn, resourcePolicy: keyPolicy, context: withoutUndefined({ 'kms:EncryptionContext:aws:logs:arn': logGroupArn }),
    });
    matrix([
      ['CloudWatch Logs to generate data keys for this account\'s log group', encrypt(LOGS, logGroup)],
      ['CloudWatch Logs to encrypt for this account\'s log group', encrypt(LOGS, logGroup, 'kms:Encrypt')],
      ['CloudWatch Logs to decrypt for this account\'s log group', encrypt(LOGS, logGroup, 'kms:Decrypt')],
      ['an admin of this account with kms:*', {
        principal: role(ACCOUNT, 'admin'), action: 'kms:ScheduleKeyDeletion', resource: keyArn, resourcePolicy: keyPolicy, identityPolicies: [allowAll('kms:*')],
      }],
    ], [
      ['CloudWatch Logs for another account\'s log group', encrypt(LOGS, `arn:aws:logs:${REGION}:${OTHER}:log-group:x`)],
      ['CloudWatch Logs for a log group of another region', encrypt(LOGS, `arn:aws:logs:${OTHER_REGION}:${ACCOUNT}:log-group:x`)],
      ['CloudWatch Logs without the encryption context', encrypt(LOGS, undefined)],
      ['CloudWatch Logs of another region', encrypt(`logs.${OTHER_REGION}.amazonaws.com`, logGroup)],
      ['another service principal with the context', encrypt(DELIVERY, logGroup)],
      ['CloudWatch Logs scheduling the key deletion', encrypt(LOGS, logGroup, 'kms:ScheduleKeyDeletion')],
      ['another account', { principal: rootOf(OTHER), action: 'kms:Decrypt', resource: keyArn, resourcePolicy: keyPolicy }],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Firehose in another account: the source role and the stream account's role
// ---------------------------------------------------------------------------

describe('cross-account Firehose delivery', () => {
  const HUB = OTHER;
  const STRANGER = '333333333333';
  const hubRole = `arn:aws:iam::${HUB}:role/AWSLogDeliveryFirehoseCrossAccountRole-${REGION}`;
  const hubStreamArn = `arn:aws:firehose:${REGION}:${HUB}:deliverystream/central-flow-logs`;
  const SOURCE_PATH = 'cdk-flow-log-archive/firehose-source';
  const source = archiveStack({ destinations: [FlowLogDestination.firehose({ deliveryStreamArn: hubStreamArn, crossAccountRoleArn: hubRole })] });
  const sourceRole = source.arn('AWS::IAM::Role', 'FlowLogs/Firehose-');
  const sourceTrust = source.props('AWS::IAM::Role', 'FlowLogs/Firehose-').AssumeRolePolicyDocument;
  const sourcePolicy = source.props('AWS::IAM::ManagedPolicy', 'FlowLogs/Firehose-').PolicyDocument;

  const hubSynth = (sources: { sourceAccounts?: string[]; sourceOrganizationId?: string }) => {
    const stack = new Stack(newApp(), 'Hub', { env: { account: HUB, region: REGION } });
    const stream = new firehose.DeliveryStream(stack, 'Stream', {
      deliveryStreamName: 'central-flow-logs', destination: new firehose.S3Bucket(new s3.Bucket(stack, 'StreamBucket')),
    });
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', { deliveryStreams: [stream], ...sources });
    return new Synth(stack);
  };
  const hub = hubSynth({ sourceAccounts: [ACCOUNT] });
  const hubTrust = hub.props('AWS::IAM::Role', 'CrossAccountRole/Role/').AssumeRolePolicyDocument;
  const hubPolicy = hub.props('AWS::IAM::ManagedPolicy', 'CrossAccountRole/Policy/').PolicyDocument;
  const resolvedHubRole = hub.arn('AWS::IAM::Role', 'CrossAccountRole/Role/');

  test('the two halves name each other: the source points at the role the hub creates, for the stream the hub tags', () => {
    expect(resolvedHubRole).toBe(hubRole);
    expect(hub.arn('AWS::KinesisFirehose::DeliveryStream', 'Hub/Stream/')).toBe(hubStreamArn);
    expect(sourceRole).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/${SOURCE_PATH}/`));
  });

  describe('source role trust policy', () => {
    const assume = (principal: string, context: Record<string, string> = {}, identityPolicies?: any[]): SimRequest => ({
      principal, action: 'sts:AssumeRole', resource: sourceRole, resourcePolicy: sourceTrust, context, ...(identityPolicies ? { identityPolicies } : {}),
    });
    matrix([
      ['log delivery for this account', assume(DELIVERY, { 'aws:SourceAccount': ACCOUNT })],
      ['log delivery when it names no source account (AWS documents none)', assume(DELIVERY)],
    ], [
      ['log delivery for another account', assume(DELIVERY, { 'aws:SourceAccount': OTHER })],
      ['VPC Flow Logs', assume('vpc-flow-logs.amazonaws.com', { 'aws:SourceAccount': ACCOUNT })],
      ['Firehose', assume('firehose.amazonaws.com', { 'aws:SourceAccount': ACCOUNT })],
      ['a role of this account allowed sts:AssumeRole', assume(role(ACCOUNT, 'someone'), {}, [allowAll('sts:AssumeRole')])],
      ['another account', assume(rootOf(OTHER))],
    ]);
  });

  describe('source role permissions (managed policy)', () => {
    // A trust policy that lets this account in, so that the source role's own policy decides.
    const trustsThisAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: rootOf(ACCOUNT) }, Action: 'sts:AssumeRole' }] };
    const act = (action: string, resource: string, context: Record<string, string> = {}): SimRequest => ({
      principal: sourceRole,
      action,
      resource,
      resourceAccount: ACCOUNT,
      identityPolicies: [sourcePolicy],
      context,
      ...(action === 'sts:AssumeRole' ? { resourceAccount: undefined, resourcePolicy: trustsThisAccount } : {}),
    });
    const ownStream = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/flow-logs`;
    const ec2Arn = (type: string, id: string, account = ACCOUNT, region = REGION) => `arn:aws:ec2:${region}:${account}:${type}/${id}`;
    const pass = (associated: string, service = DELIVERY, roleArn = sourceRole) =>
      act('iam:PassRole', roleArn, { 'iam:PassedToService': service, 'iam:AssociatedResourceARN': associated });
    matrix([
      ['iam:PassRole of itself to log delivery, for a VPC of this account', pass(ec2Arn('vpc', 'vpc-0123456789abcdef0'))],
      ['iam:PassRole of itself to log delivery, for a subnet', pass(ec2Arn('subnet', 'subnet-0123456789abcdef0'))],
      ['iam:PassRole of itself to log delivery, for a network interface', pass(ec2Arn('network-interface', 'eni-0123456789abcdef0'))],
      ['iam:PassRole of itself to log delivery, for a transit gateway', pass(ec2Arn('transit-gateway', 'tgw-0123456789abcdef0'))],
      ['iam:PassRole of itself to log delivery, for a transit gateway attachment', pass(ec2Arn('transit-gateway-attachment', 'tgw-attach-0123456789abcdef0'))],
      ['logs:CreateLogDelivery', act('logs:CreateLogDelivery', '*')],
      ['logs:GetLogDelivery', act('logs:GetLogDelivery', '*')],
      ['sts:AssumeRole of the stream account\'s role', act('sts:AssumeRole', hubRole)],
    ], [
      ['iam:PassRole of itself to another service', pass(ec2Arn('vpc', 'vpc-0123456789abcdef0'), 'ec2.amazonaws.com')],
      ['iam:PassRole of itself for a VPC of another account', pass(ec2Arn('vpc', 'vpc-0123456789abcdef0', OTHER))],
      ['iam:PassRole of itself for a VPC of another region', pass(ec2Arn('vpc', 'vpc-0123456789abcdef0', ACCOUNT, OTHER_REGION))],
      ['iam:PassRole of itself for an instance', pass(ec2Arn('instance', 'i-0123456789abcdef0'))],
      ['iam:PassRole of another role', pass(ec2Arn('vpc', 'vpc-0123456789abcdef0'), DELIVERY, role(ACCOUNT, 'admin'))],
      ['sts:AssumeRole of another role of the stream account', act('sts:AssumeRole', role(HUB, 'OrganizationAccountAccessRole'))],
      ['sts:AssumeRole of a role of this account', act('sts:AssumeRole', role(ACCOUNT, 'admin'))],
      ['firehose:PutRecordBatch into a stream (log delivery\'s service-linked role writes)', act('firehose:PutRecordBatch', ownStream)],
      ['firehose:TagDeliveryStream', act('firehose:TagDeliveryStream', ownStream)],
      ['iam:CreateServiceLinkedRole', act('iam:CreateServiceLinkedRole', `arn:aws:iam::${ACCOUNT}:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`)],
      ['logs:PutLogEvents', act('logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:x:log-stream:y`)],
    ]);
  });

  describe('stream account\'s role trust policy (sourceAccounts)', () => {
    const sourceRoleOf = (account: string, name = 'FlowLogsRoleABC') => `arn:aws:iam::${account}:role/${SOURCE_PATH}/${name}`;
    /** A role of `account` whose own policy allows assuming the hub role (as the source role's does). */
    const assume = (principal: string, account: string, identityPolicies = [allowAll('sts:AssumeRole')]): SimRequest => ({
      principal,
      action: 'sts:AssumeRole',
      resource: resolvedHubRole,
      resourcePolicy: hubTrust,
      identityPolicies,
      context: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account },
    });
    matrix([
      ['the source role the archive created, with its own policy', assume(sourceRole, ACCOUNT, [sourcePolicy])],
      ['any source role of a listed account (by its path)', assume(sourceRoleOf(ACCOUNT), ACCOUNT)],
    ], [
      ['a role of a listed account outside the path', assume(role(ACCOUNT, 'admin'), ACCOUNT)],
      ['a role of a listed account under a path that only starts alike', assume(`arn:aws:iam::${ACCOUNT}:role/cdk-flow-log-archive/other/x`, ACCOUNT)],
      ['a source role of an account not listed', assume(sourceRoleOf(STRANGER), STRANGER)],
      ['a source role of the stream account itself (not listed)', assume(sourceRoleOf(HUB), HUB)],
      ['the source role without a policy allowing it (cross-account needs both sides)', assume(sourceRole, ACCOUNT, [])],
      ['log delivery directly', { principal: DELIVERY, action: 'sts:AssumeRole', resource: resolvedHubRole, resourcePolicy: hubTrust }],
      ['the root of a listed account', {
        principal: rootOf(ACCOUNT),
        action: 'sts:AssumeRole',
        resource: resolvedHubRole,
        resourcePolicy: hubTrust,
        context: { 'aws:PrincipalArn': rootOf(ACCOUNT), 'aws:PrincipalAccount': ACCOUNT },
      }],
    ]);
  });

  describe('stream account\'s role trust policy (sourceOrganizationId)', () => {
    const orgTrust = hubSynth({ sourceOrganizationId: 'o-a1b2c3d4e5' }).props('AWS::IAM::Role', 'CrossAccountRole/Role/').AssumeRolePolicyDocument;
    const assume = (principal: string, account: string, org?: string): SimRequest => ({
      principal,
      action: 'sts:AssumeRole',
      resource: resolvedHubRole,
      resourcePolicy: orgTrust,
      identityPolicies: [allowAll('sts:AssumeRole')],
      context: { 'aws:PrincipalArn': principal, 'aws:PrincipalAccount': account, ...(org ? { 'aws:PrincipalOrgID': org } : {}) },
    });
    matrix([
      ['a source role of an account of the organization', assume(sourceRole, ACCOUNT, 'o-a1b2c3d4e5')],
      ['a source role of any other account of the organization', assume(`arn:aws:iam::${STRANGER}:role/${SOURCE_PATH}/x`, STRANGER, 'o-a1b2c3d4e5')],
    ], [
      ['a source role of another organization', assume(sourceRole, ACCOUNT, 'o-zzzzzzzzzz')],
      ['a source role outside any organization', assume(sourceRole, ACCOUNT)],
      ['a role of the organization outside the path', assume(role(ACCOUNT, 'admin'), ACCOUNT, 'o-a1b2c3d4e5')],
    ]);
  });

  describe('stream account\'s role permissions (managed policy)', () => {
    const act = (action: string, resource: string, context: Record<string, string> = {}): SimRequest => ({
      principal: resolvedHubRole, action, resource, identityPolicies: [hubPolicy], context,
    });
    const slr = (service: string, name: string) => `arn:aws:iam::${HUB}:role/aws-service-role/${service}/${name}`;
    matrix([
      ['iam:CreateServiceLinkedRole of log delivery', act('iam:CreateServiceLinkedRole', slr(DELIVERY, 'AWSServiceRoleForLogDelivery'),
        { 'iam:AWSServiceName': DELIVERY })],
      ['firehose:TagDeliveryStream on the stream', act('firehose:TagDeliveryStream', hubStreamArn)],
    ], [
      ['iam:CreateServiceLinkedRole of another service', act('iam:CreateServiceLinkedRole',
        slr('elasticloadbalancing.amazonaws.com', 'AWSServiceRoleForElasticLoadBalancing'), { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' })],
      ['iam:CreateServiceLinkedRole of log delivery\'s role name for another service', act('iam:CreateServiceLinkedRole',
        slr(DELIVERY, 'AWSServiceRoleForLogDelivery'), { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' })],
      ['firehose:TagDeliveryStream on another stream', act('firehose:TagDeliveryStream', `arn:aws:firehose:${REGION}:${HUB}:deliverystream/other`)],
      ['firehose:PutRecordBatch into the stream', act('firehose:PutRecordBatch', hubStreamArn)],
      ['firehose:DeleteDeliveryStream', act('firehose:DeleteDeliveryStream', hubStreamArn)],
      ['firehose:UntagDeliveryStream', act('firehose:UntagDeliveryStream', hubStreamArn)],
      ['iam:PassRole', act('iam:PassRole', role(HUB, 'admin'))],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Alarms: topic, alarm key, delivery-status probe
// ---------------------------------------------------------------------------

describe('alarms and the delivery-status probe', () => {
  const synth = archiveStack();
  const topicArn = synth.ref('AWS::SNS::Topic', 'FlowLogs/AlarmTopic/');
  const topicPolicy = synth.props('AWS::SNS::TopicPolicy', 'FlowLogs/AlarmTopic/').PolicyDocument;
  const alarmKeyArn = synth.arn('AWS::KMS::Key', 'FlowLogs/AlarmKey/');
  const alarmKeyPolicy = synth.keyPolicy('FlowLogs/AlarmKey/');
  const probeRole = synth.arn('AWS::IAM::Role', 'DeliveryStatusProbe/Role/');
  const probeTrust = synth.props('AWS::IAM::Role', 'DeliveryStatusProbe/Role/').AssumeRolePolicyDocument;
  const probePolicy = synth.props('AWS::IAM::ManagedPolicy', 'DeliveryStatusProbe/Policy/').PolicyDocument;
  const probeLogs = synth.logGroupArn('DeliveryStatusProbe/Logs/');
  const queueArn = synth.arn('AWS::SQS::Queue', 'DeliveryStatusProbe/DeadLetters/');
  const queuePolicy = synth.props('AWS::SQS::QueuePolicy', 'DeliveryStatusProbe/DeadLetters/').PolicyDocument;
  const functionArn = synth.arn('AWS::Lambda::Function', 'DeliveryStatusProbe/Function/');
  const ruleArn = synth.arn('AWS::Events::Rule', 'DeliveryStatusProbe/Schedule/');
  const archiveKeyArn = synth.arn('AWS::KMS::Key', 'ArchiveBucket/Key/');
  const alarmArn = (account: string, region = REGION) => `arn:aws:cloudwatch:${region}:${account}:alarm:Stack/FlowLogs flow logs: delivery failing`;

  describe('alarm topic policy', () => {
    const publish = (context: Record<string, string | undefined> = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
      principal: 'cloudwatch.amazonaws.com',
      action: 'sns:Publish',
      resource: topicArn,
      resourcePolicy: topicPolicy,
      context: withoutUndefined({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': alarmArn(ACCOUNT), ...TLS, ...context }),
      ...overrides,
    });
    const member = (context: Record<string, string>): SimRequest => ({
      principal: role(ACCOUNT, 'ops'), action: 'sns:Publish', resource: topicArn, resourcePolicy: topicPolicy, identityPolicies: [allowAll('sns:Publish')], context,
    });
    matrix([
      ['this account\'s alarms to publish', publish()],
      ['a role of this account allowed sns:Publish, over TLS', member(TLS)],
    ], [
      ['alarms of another account', publish({ 'aws:SourceAccount': OTHER, 'aws:SourceArn': alarmArn(OTHER) })],
      ['an alarm ARN of another account', publish({ 'aws:SourceArn': alarmArn(OTHER) })],
      ['alarms of another region', publish({ 'aws:SourceArn': alarmArn(ACCOUNT, OTHER_REGION) })],
      ['a CloudWatch source that is not an alarm', publish({ 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:dashboard/x` })],
      ['no source ARN', publish({ 'aws:SourceArn': undefined })],
      ['no source account', publish({ 'aws:SourceAccount': undefined })],
      ['CloudWatch without TLS', publish(NO_TLS)],
      ['a role of this account without TLS', member(NO_TLS)],
      ['another service principal', publish({}, { principal: 'events.amazonaws.com' })],
      ['CloudWatch subscribing', publish({}, { action: 'sns:Subscribe' })],
      ['CloudWatch changing the topic attributes', publish({}, { action: 'sns:SetTopicAttributes' })],
      ['another account', { principal: rootOf(OTHER), action: 'sns:Publish', resource: topicArn, resourcePolicy: topicPolicy, context: TLS }],
    ]);
  });

  describe('alarm key policy', () => {
    const use = (principal: string, action: string, context: Record<string, string>): SimRequest => ({
      principal, action, resource: alarmKeyArn, resourcePolicy: alarmKeyPolicy, context,
    });
    const fromAlarms = { 'aws:SourceAccount': ACCOUNT };
    const probeLogContext = { 'kms:EncryptionContext:aws:logs:arn': probeLogs };
    matrix([
      ['CloudWatch alarms of this account to generate data keys', use('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', fromAlarms)],
      ['CloudWatch alarms of this account to decrypt', use('cloudwatch.amazonaws.com', 'kms:Decrypt', fromAlarms)],
      ['CloudWatch Logs to encrypt the probe\'s log group', use(LOGS, 'kms:GenerateDataKey', probeLogContext)],
      ['an admin of this account with kms:*', {
        principal: role(ACCOUNT, 'admin'), action: 'kms:ScheduleKeyDeletion', resource: alarmKeyArn, resourcePolicy: alarmKeyPolicy, identityPolicies: [allowAll('kms:*')],
      }],
    ], [
      ['CloudWatch for another source account', use('cloudwatch.amazonaws.com', 'kms:GenerateDataKey', { 'aws:SourceAccount': OTHER })],
      ['CloudWatch without a source account', use('cloudwatch.amazonaws.com', 'kms:Decrypt', {})],
      ['CloudWatch encrypting (outside its grant)', use('cloudwatch.amazonaws.com', 'kms:Encrypt', fromAlarms)],
      ['CloudWatch scheduling the key deletion', use('cloudwatch.amazonaws.com', 'kms:ScheduleKeyDeletion', fromAlarms)],
      ['another service principal with this account as source', use('events.amazonaws.com', 'kms:Decrypt', fromAlarms)],
      ['CloudWatch Logs for another account\'s log group', use(LOGS, 'kms:GenerateDataKey', { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${OTHER}:log-group:x` })],
      ['another account', { principal: rootOf(OTHER), action: 'kms:Decrypt', resource: alarmKeyArn, resourcePolicy: alarmKeyPolicy }],
    ]);
  });

  describe('probe role trust policy', () => {
    const assume = (principal: string, identityPolicies?: any[]): SimRequest => ({
      principal, action: 'sts:AssumeRole', resource: probeRole, resourcePolicy: probeTrust, ...(identityPolicies ? { identityPolicies } : {}),
    });
    matrix([
      ['Lambda', assume('lambda.amazonaws.com')],
    ], [
      ['Lambda@Edge', assume('edgelambda.amazonaws.com')],
      ['EventBridge', assume('events.amazonaws.com')],
      ['EC2', assume('ec2.amazonaws.com')],
      ['a role of this account allowed sts:AssumeRole', assume(role(ACCOUNT, 'someone'), [allowAll('sts:AssumeRole')])],
      ['the root user of this account', assume(rootOf(ACCOUNT))],
      ['another account', assume(rootOf(OTHER))],
    ]);
  });

  describe('probe permissions (managed policy)', () => {
    const probe = (action: string, resource: string, context: Record<string, string> = {}, resourcePolicy?: any): SimRequest => ({
      principal: probeRole,
      action,
      resource,
      resourceAccount: ACCOUNT,
      identityPolicies: [probePolicy],
      context,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
    // PutMetricData names no resource (its only resource type, dataset, is optional): see workaround 5 of policy-sim.ts.
    const putMetric = (context: Record<string, string>) => probe('cloudwatch:PutMetricData', '*', context);
    const flowLog = flowLogArn(ACCOUNT);
    matrix([
      ['ec2:DescribeFlowLogs', probe('ec2:DescribeFlowLogs', '*')],
      ['cloudwatch:PutMetricData in the CdkFlowLogArchive namespace', putMetric({ 'cloudwatch:namespace': 'CdkFlowLogArchive' })],
      ['logs:CreateLogStream in its log group', probe('logs:CreateLogStream', `${probeLogs}:log-stream:2026/11/24/[$LATEST]abc`)],
      ['logs:PutLogEvents in its log group', probe('logs:PutLogEvents', `${probeLogs}:log-stream:2026/11/24/[$LATEST]abc`)],
      ['sqs:SendMessage to its dead-letter queue over TLS', probe('sqs:SendMessage', queueArn, TLS, queuePolicy)],
      ['kms:GenerateDataKey with the alarm key', probe('kms:GenerateDataKey', alarmKeyArn, {}, alarmKeyPolicy)],
      ['kms:Decrypt with the alarm key', probe('kms:Decrypt', alarmKeyArn, {}, alarmKeyPolicy)],
    ], [
      ['cloudwatch:PutMetricData in another namespace', putMetric({ 'cloudwatch:namespace': 'AWS/EC2' })],
      ['cloudwatch:PutMetricData in a namespace that differs in case', putMetric({ 'cloudwatch:namespace': 'cdkflowlogarchive' })],
      ['cloudwatch:PutMetricData without a namespace', putMetric({})],
      ['cloudwatch:PutMetricAlarm', probe('cloudwatch:PutMetricAlarm', `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:x`)],
      ['ec2:DeleteFlowLogs', probe('ec2:DeleteFlowLogs', flowLog)],
      ['ec2:CreateTags on a flow log', probe('ec2:CreateTags', flowLog)],
      ['logs:PutLogEvents in another log group', probe('logs:PutLogEvents', `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:other:log-stream:x`)],
      ['logs:DeleteLogGroup of its log group', probe('logs:DeleteLogGroup', `${probeLogs}:log-stream:`)],
      ['sqs:ReceiveMessage from its dead-letter queue', probe('sqs:ReceiveMessage', queueArn, TLS, queuePolicy)],
      ['sqs:SendMessage to another queue', probe('sqs:SendMessage', `arn:aws:sqs:${REGION}:${ACCOUNT}:other`, TLS)],
      ['kms:Encrypt with the alarm key', probe('kms:Encrypt', alarmKeyArn, {}, alarmKeyPolicy)],
      ['kms:Decrypt with the archive key', probe('kms:Decrypt', archiveKeyArn, {}, synth.keyPolicy('ArchiveBucket/Key/'))],
    ]);
  });

  describe('probe of an archive shared by several stacks: reads the counts under its own path, and no other parameter', () => {
    const { home, workload } = (() => {
      const app = newApp();
      const first = newStack('Home', app);
      newVpc(first);
      const second = newStack('Workload', app);
      newVpc(second);
      Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }));
      // The workload stack imports the archive's bucket (Fn::ImportValue, which Synth does not resolve): read it as written.
      return { home: new Synth(first), workload: Template.fromStack(second) };
    })();
    const parameterName: string = (Object.values(workload.findResources('AWS::SSM::Parameter'))[0] as any).Properties.Name;
    const path = parameterName.slice(0, parameterName.lastIndexOf('/'));
    const parameterArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
    const read = (action: string, resource: string): SimRequest => ({
      principal: home.arn('AWS::IAM::Role', 'DeliveryStatusProbe/Role/'),
      action,
      resource,
      resourceAccount: ACCOUNT,
      identityPolicies: [home.props('AWS::IAM::ManagedPolicy', 'DeliveryStatusProbe/Policy/').PolicyDocument],
    });
    test('the workload stack\'s parameter is under the path the probe reads', () => {
      expect(parameterName).toEqual(`${path}/Workload`);
      expect(home.props('AWS::Lambda::Function', 'DeliveryStatusProbe/Function/').Environment.Variables.EXPECTED_FLOW_LOGS_PATH).toEqual(path);
    });
    matrix([
      ['ssm:GetParametersByPath on its path', read('ssm:GetParametersByPath', parameterArn(path))],
    ], [
      ['ssm:GetParametersByPath on the parent path (every archive\'s counts)', read('ssm:GetParametersByPath', parameterArn(path.slice(0, path.lastIndexOf('/'))))],
      ['ssm:GetParametersByPath on another archive\'s path', read('ssm:GetParametersByPath', parameterArn(`${path}0`))],
      ['ssm:GetParametersByPath on the same archive path of another stack', read('ssm:GetParametersByPath', parameterArn(path.replace('/Home/', '/Other/')))],
      ['ssm:GetParameter of the workload stack\'s count', read('ssm:GetParameter', parameterArn(parameterName))],
      ['ssm:PutParameter of the workload stack\'s count', read('ssm:PutParameter', parameterArn(parameterName))],
      ['ssm:DeleteParameter of the workload stack\'s count', read('ssm:DeleteParameter', parameterArn(parameterName))],
    ]);
  });

  describe('probe permissions in a VPC (probeVpc): the network-interface actions Lambda needs, and still nothing else', () => {
    const inVpc = (() => {
      const stack = newStack();
      const vpc = newVpc(stack);
      new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], alarms: { probeVpc: vpc, probeVpcSubnets: { subnets: vpc.isolatedSubnets } } });
      return new Synth(stack);
    })();
    const vpcProbe = (action: string, resource: string): SimRequest => ({
      principal: inVpc.arn('AWS::IAM::Role', 'DeliveryStatusProbe/Role/'),
      action,
      resource,
      resourceAccount: ACCOUNT,
      identityPolicies: [inVpc.props('AWS::IAM::ManagedPolicy', 'DeliveryStatusProbe/Policy/').PolicyDocument],
    });
    const eni = `arn:aws:ec2:${REGION}:${ACCOUNT}:network-interface/eni-0123456789abcdef0`;
    matrix([
      ...['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses']
        .map((action): Row => [`${action} (Lambda's network interface)`, vpcProbe(action, eni)]),
      ['ec2:DescribeNetworkInterfaces', vpcProbe('ec2:DescribeNetworkInterfaces', '*')],
      ['ec2:DescribeSubnets', vpcProbe('ec2:DescribeSubnets', '*')],
      ['ec2:DescribeFlowLogs, as without a VPC', vpcProbe('ec2:DescribeFlowLogs', '*')],
    ], [
      ['ec2:RunInstances', vpcProbe('ec2:RunInstances', `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`)],
      ['ec2:AuthorizeSecurityGroupIngress', vpcProbe('ec2:AuthorizeSecurityGroupIngress', `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123`)],
      ['ec2:DeleteFlowLogs', vpcProbe('ec2:DeleteFlowLogs', flowLogArn(ACCOUNT))],
    ]);
  });

  describe('dead-letter queue policy', () => {
    const send = (principal: string, context: Record<string, string>, identityPolicies: any[] = [probePolicy], action = 'sqs:SendMessage'): SimRequest => ({
      principal, action, resource: queueArn, resourcePolicy: queuePolicy, context, ...(identityPolicies.length ? { identityPolicies } : {}),
    });
    matrix([
      ['the probe role over TLS', send(probeRole, TLS)],
      ['the root user of this account over TLS', send(rootOf(ACCOUNT), TLS, [], 'sqs:ReceiveMessage')],
    ], [
      ['the probe role without TLS', send(probeRole, NO_TLS)],
      ['the root user of this account without TLS', send(rootOf(ACCOUNT), NO_TLS, [], 'sqs:ReceiveMessage')],
      ['a role of this account without an identity policy', send(role(ACCOUNT, 'someone'), TLS, [])],
      ['a role of another account allowed sqs:*', send(role(OTHER, 'someone'), TLS, [allowAll('sqs:*')])],
    ]);
  });

  describe('probe function policy (the schedule\'s AWS::Lambda::Permission)', () => {
    const functionPolicy = lambdaPermissionPolicy(synth.allProps('AWS::Lambda::Permission'));
    const invoke = (principal: string, context: Record<string, string | undefined> = {}, overrides: Partial<SimRequest> = {}): SimRequest => ({
      principal,
      action: 'lambda:InvokeFunction',
      resource: functionArn,
      resourcePolicy: functionPolicy,
      context: withoutUndefined({ 'aws:SourceArn': ruleArn, 'aws:SourceAccount': ACCOUNT, ...context }),
      ...overrides,
    });
    matrix([
      ['EventBridge for the probe\'s schedule', invoke('events.amazonaws.com')],
    ], [
      ['EventBridge for another rule', invoke('events.amazonaws.com', { 'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/other` })],
      ['EventBridge for the same rule name in another account', invoke('events.amazonaws.com', { 'aws:SourceArn': ruleArn.replace(`:${ACCOUNT}:`, `:${OTHER}:`) })],
      ['EventBridge without a source ARN', invoke('events.amazonaws.com', { 'aws:SourceArn': undefined })],
      ['another service principal with the schedule as source', invoke('sns.amazonaws.com')],
      ['EventBridge changing the function code', invoke('events.amazonaws.com', {}, { action: 'lambda:UpdateFunctionCode' })],
      ['another account', invoke(rootOf(OTHER), {}, { context: {} })],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Grants: grantRead and grantQuery
// ---------------------------------------------------------------------------


/** Requests of a role of this account, with its identity policy and, where given, the resource's policy. */
function requestsOf(roleName: string, identity: any) {
  return (action: string, resource: string, resourcePolicy?: any, context: Record<string, string> = TLS): SimRequest => ({
    principal: role(ACCOUNT, roleName),
    action,
    resource,
    resourceAccount: ACCOUNT,
    identityPolicies: [identity],
    context,
    ...(resourcePolicy ? { resourcePolicy } : {}),
  });
}
describe('grantRead', () => {
  const synth = archiveStack({ destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()] }, (stack, archive) => {
    archive.grantRead(new iam.Role(stack, 'Reader', { roleName: 'reader', assumedBy: new iam.AccountRootPrincipal() }));
  });
  const identity = synth.inlinePolicyOf('reader');
  const bucketArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
  const accessLogsArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/AccessLogs/');
  const keyArn = synth.arn('AWS::KMS::Key', 'ArchiveBucket/Key/');
  const keyPolicy = synth.keyPolicy('ArchiveBucket/Key/');
  const logGroup = synth.logGroupArn('FlowLogs/LogGroup/');
  const file = `${bucketArn}/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`;
  const read = requestsOf('reader', identity);
  const bucketPolicy = synth.bucketPolicy('ArchiveBucket/Bucket/');

  matrix([
    ['s3:GetObject on flow-log files', read('s3:GetObject', file, bucketPolicy)],
    ['s3:ListBucket on the archive', read('s3:ListBucket', bucketArn, bucketPolicy)],
    ['kms:Decrypt with the archive key', read('kms:Decrypt', keyArn, keyPolicy)],
    ['logs:GetLogEvents in the archive\'s log group', read('logs:GetLogEvents', `${logGroup}:log-stream:eni-0123456789abcdef0-all`)],
    ['logs:FilterLogEvents on the archive\'s log group', read('logs:FilterLogEvents', `${logGroup}:log-stream:`)],
  ], [
    ['s3:PutObject on flow-log files', read('s3:PutObject', file, bucketPolicy)],
    ['s3:DeleteObject on flow-log files', read('s3:DeleteObject', file, bucketPolicy)],
    ['s3:GetObject without TLS', read('s3:GetObject', file, bucketPolicy, NO_TLS)],
    ['s3:GetObject in the access-log bucket', read('s3:GetObject', `${accessLogsArn}/flow-log-archive/x`, synth.bucketPolicy('ArchiveBucket/AccessLogs/'))],
    ['kms:Encrypt with the archive key', read('kms:Encrypt', keyArn, keyPolicy)],
    ['kms:Decrypt with the log-group key', read('kms:Decrypt', synth.arn('AWS::KMS::Key', 'FlowLogs/LogGroupKey/'), synth.keyPolicy('FlowLogs/LogGroupKey/'))],
    ['logs:PutLogEvents in the archive\'s log group', read('logs:PutLogEvents', `${logGroup}:log-stream:x`)],
    ['logs:DeleteLogGroup', read('logs:DeleteLogGroup', `${logGroup}:log-stream:`)],
    ['logs:GetLogEvents in the probe\'s log group', read('logs:GetLogEvents', `${synth.logGroupArn('DeliveryStatusProbe/Logs/')}:log-stream:x`)],
  ]);
});

describe('grantQuery of archive.addQueries()', () => {
  const synth = archiveStack({}, (stack, archive) => {
    archive.addQueries().grantQuery(new iam.Role(stack, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() }));
  });
  const identity = synth.inlinePolicyOf('analyst');
  const database = synth.props('AWS::Glue::Database', 'FlowLogs/Queries/Database').DatabaseInput.Name;
  const table = synth.props('AWS::Glue::Table', 'FlowLogs/Queries/Table').TableInput.Name;
  const workGroup = synth.props('AWS::Athena::WorkGroup', 'FlowLogs/Queries/WorkGroup').Name;
  const bucketArn = synth.arn('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
  const bucketPolicy = synth.bucketPolicy('ArchiveBucket/Bucket/');
  const keyArn = synth.arn('AWS::KMS::Key', 'ArchiveBucket/Key/');
  const keyPolicy = synth.keyPolicy('ArchiveBucket/Key/');
  const file = `${bucketArn}/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`;
  const result = `${bucketArn}/athena-results/0b6b2a1c-1111-2222-3333-444455556666.csv`;
  const athena = (name: string) => `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/${name}`;
  const glue = (resource: string) => `arn:aws:glue:${REGION}:${ACCOUNT}:${resource}`;
  const query = requestsOf('analyst', identity);

  test('the table and workgroup names are those the queries use', () => {
    expect([database, table, workGroup]).toEqual(['stack_flowlogs', 'vpc_flow_logs', 'stack_flowlogs']);
  });

  matrix([
    ...['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution', 'athena:GetWorkGroup',
      'athena:GetNamedQuery', 'athena:ListNamedQueries'].map((action): Row => [`${action} in its workgroup`, query(action, athena(workGroup))]),
    ['glue:GetTable on the catalog', query('glue:GetTable', glue('catalog'))],
    ['glue:GetDatabase on its database', query('glue:GetDatabase', glue(`database/${database}`))],
    ['glue:GetTable on its table', query('glue:GetTable', glue(`table/${database}/${table}`))],
    ['glue:GetPartitions on its table', query('glue:GetPartitions', glue(`table/${database}/${table}`))],
    ['s3:GetObject on flow-log files', query('s3:GetObject', file, bucketPolicy)],
    ['s3:ListBucket on the archive', query('s3:ListBucket', bucketArn, bucketPolicy)],
    ['s3:GetBucketLocation on the archive', query('s3:GetBucketLocation', bucketArn, bucketPolicy)],
    ['s3:PutObject of query results', query('s3:PutObject', result, bucketPolicy)],
    ['s3:GetObject of query results', query('s3:GetObject', result, bucketPolicy)],
    ['s3:AbortMultipartUpload of query results', query('s3:AbortMultipartUpload', result, bucketPolicy)],
    ['kms:GenerateDataKey with the archive key (results)', query('kms:GenerateDataKey', keyArn, keyPolicy)],
    ['kms:Decrypt with the archive key', query('kms:Decrypt', keyArn, keyPolicy)],
  ], [
    ['athena:StartQueryExecution in another workgroup', query('athena:StartQueryExecution', athena('primary'))],
    ['athena:DeleteWorkGroup', query('athena:DeleteWorkGroup', athena(workGroup))],
    ['athena:UpdateWorkGroup (e.g. to turn off its settings)', query('athena:UpdateWorkGroup', athena(workGroup))],
    ['glue:GetTable on another table of its database', query('glue:GetTable', glue(`table/${database}/other`))],
    ['glue:GetDatabase on another database', query('glue:GetDatabase', glue('database/other'))],
    ['glue:DeleteTable', query('glue:DeleteTable', glue(`table/${database}/${table}`))],
    ['glue:UpdateTable', query('glue:UpdateTable', glue(`table/${database}/${table}`))],
    ['s3:PutObject among the flow-log files', query('s3:PutObject', file, bucketPolicy)],
    ['s3:DeleteObject on flow-log files', query('s3:DeleteObject', file, bucketPolicy)],
    ['s3:PutObject of query results without TLS', query('s3:PutObject', result, bucketPolicy, NO_TLS)],
    ['s3:PutBucketPolicy on the archive', query('s3:PutBucketPolicy', bucketArn, bucketPolicy)],
    ['s3:GetObject in the access-log bucket', query('s3:GetObject', `${synth.arn('AWS::S3::Bucket', 'ArchiveBucket/AccessLogs/')}/flow-log-archive/x`)],
    ['kms:ScheduleKeyDeletion of the archive key', query('kms:ScheduleKeyDeletion', keyArn, keyPolicy)],
  ]);
});

// ---------------------------------------------------------------------------
// The organization's guardrail (#20): the remediation role and the SCP
// ---------------------------------------------------------------------------

describe('FlowLogGuardrail remediation role', () => {
  const stack = newStack('Member');
  new FlowLogGuardrail(stack, 'Guardrail', { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', excludeTag: 'flow-logs:exempt' });
  const synth = new Synth(stack);
  const roleArn = synth.arn('AWS::IAM::Role', 'Guardrail/RemediationRole/');
  const trust = synth.props('AWS::IAM::Role', 'Guardrail/RemediationRole/').AssumeRolePolicyDocument;
  const permissions = synth.props('AWS::IAM::ManagedPolicy', 'Guardrail/RemediationPolicy/').PolicyDocument;
  const vpc = (account = ACCOUNT, region = REGION) => `arn:aws:ec2:${region}:${account}:vpc/vpc-0123456789abcdef0`;
  const newFlowLog = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`;
  const TAG = 'cdk-flow-log-archive:remediation';
  const tagged = { [`aws:RequestTag/${TAG}`]: 'FlowLogGuardrail', 'aws:TagKeys': [TAG] };
  const act = (action: string, resource: string, context: Record<string, string | string[]> = {}): SimRequest => ({
    principal: roleArn, action, resource, resourceAccount: ACCOUNT, identityPolicies: [permissions], context,
  });

  describe('trust policy', () => {
    const assume = (principal: string, account?: string): SimRequest => ({
      principal, action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trust, context: withoutUndefined({ 'aws:SourceAccount': account }),
    });
    matrix([
      ['Systems Manager for this account\'s automations', assume('ssm.amazonaws.com', ACCOUNT)],
    ], [
      ['Systems Manager for another account', assume('ssm.amazonaws.com', OTHER)],
      ['Systems Manager without a source account', assume('ssm.amazonaws.com')],
      ['AWS Config itself', assume('config.amazonaws.com', ACCOUNT)],
      ['a role of this account allowed sts:AssumeRole', {
        principal: role(ACCOUNT, 'someone'), action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trust, identityPolicies: [allowAll('sts:AssumeRole')],
      }],
    ]);
  });

  describe('permissions', () => matrix([
    ['ec2:DescribeVpcs (no resource-level permissions)', act('ec2:DescribeVpcs', '*')],
    ['ec2:DescribeFlowLogs (no resource-level permissions)', act('ec2:DescribeFlowLogs', '*')],
    ['ec2:CreateFlowLogs for a VPC of this account and Region without the exclusion tag', act('ec2:CreateFlowLogs', vpc())],
    ['ec2:CreateFlowLogs creating a flow log with the remediation tag', act('ec2:CreateFlowLogs', newFlowLog, tagged)],
    ['ec2:CreateTags on the new flow log as part of CreateFlowLogs', act('ec2:CreateTags', newFlowLog, { 'ec2:CreateAction': 'CreateFlowLogs', ...tagged })],
    ['logs:CreateLogDelivery (S3 delivery of a new flow log)', act('logs:CreateLogDelivery', '*')],
    ['logs:DeleteLogDelivery', act('logs:DeleteLogDelivery', '*')],
  ], [
    ['ec2:CreateFlowLogs for a VPC with the exclusion tag', act('ec2:CreateFlowLogs', vpc(), { 'aws:ResourceTag/flow-logs:exempt': 'yes' })],
    ['ec2:CreateFlowLogs for a VPC with the exclusion tag and an empty value', act('ec2:CreateFlowLogs', vpc(), { 'aws:ResourceTag/flow-logs:exempt': '' })],
    ['ec2:CreateFlowLogs for a VPC of another Region', act('ec2:CreateFlowLogs', vpc(ACCOUNT, OTHER_REGION))],
    ['ec2:CreateFlowLogs for a VPC of another account', { ...act('ec2:CreateFlowLogs', vpc(OTHER)), resourceAccount: OTHER }],
    ['ec2:CreateFlowLogs for a subnet', act('ec2:CreateFlowLogs', `arn:aws:ec2:${REGION}:${ACCOUNT}:subnet/subnet-0123456789abcdef0`)],
    ['ec2:CreateFlowLogs creating a flow log without the remediation tag', act('ec2:CreateFlowLogs', newFlowLog)],
    ['ec2:CreateFlowLogs creating a flow log with another tag value', act('ec2:CreateFlowLogs', newFlowLog, { [`aws:RequestTag/${TAG}`]: 'x', 'aws:TagKeys': [TAG] })],
    ['ec2:CreateFlowLogs creating a flow log with more tags', act('ec2:CreateFlowLogs', newFlowLog, { ...tagged, 'aws:TagKeys': [TAG, 'Name'] })],
    ['ec2:CreateTags on a flow log outside its creation', act('ec2:CreateTags', newFlowLog, tagged)],
    ['ec2:CreateTags on a VPC (e.g. to remove it from the exclusion)', act('ec2:CreateTags', vpc(), { 'ec2:CreateAction': 'CreateFlowLogs' })],
    ['ec2:DeleteFlowLogs', act('ec2:DeleteFlowLogs', newFlowLog)],
    ['ec2:DeleteTags on a VPC', act('ec2:DeleteTags', vpc())],
    ['iam:PassRole (S3 delivery takes no role)', act('iam:PassRole', role(ACCOUNT, 'any'))],
    ['s3:PutBucketPolicy on the archive', act('s3:PutBucketPolicy', 'arn:aws:s3:::org-flow-logs')],
  ]));
});

describe('FlowLogProtectionPolicy (SCP)', () => {
  const stack = newStack('Management');
  const protection = new FlowLogProtectionPolicy(stack, 'Protection', {
    exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin', 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'],
    archiveBucketArns: ['arn:aws:s3:::org-flow-logs'],
  });
  const scp = JSON.parse(protection.toJson());
  const flowLog = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`;
  const archive = 'arn:aws:s3:::org-flow-logs';
  const admin = (principal: string, action: string, resource: string): SimRequest => ({
    // AWS sets aws:PrincipalArn on every request of an IAM principal.
    principal, action, resource, resourceAccount: ACCOUNT, identityPolicies: [allowAll('*')], serviceControlPolicies: [scp], context: { 'aws:PrincipalArn': principal },
  });
  const cdkExec = role(ACCOUNT, `cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`);
  matrix([
    ['the platform role to delete a flow log', admin(role(ACCOUNT, 'platform-admin'), 'ec2:DeleteFlowLogs', flowLog)],
    ['the platform role of another member account to delete a flow log', {
      ...admin(role(OTHER, 'platform-admin'), 'ec2:DeleteFlowLogs', flowLog.replace(ACCOUNT, OTHER)), resourceAccount: OTHER,
    }],
    ['the CDK\'s deployment role to delete a flow log (stack updates)', admin(cdkExec, 'ec2:DeleteFlowLogs', flowLog)],
    ['the platform role to put the archive\'s bucket policy', admin(role(ACCOUNT, 'platform-admin'), 's3:PutBucketPolicy', archive)],
    ['an administrator to create flow logs', admin(role(ACCOUNT, 'admin'), 'ec2:CreateFlowLogs', flowLog)],
    ['an administrator to put the policy of another bucket', admin(role(ACCOUNT, 'admin'), 's3:PutBucketPolicy', 'arn:aws:s3:::other-bucket')],
  ], [
    ['an administrator to delete a flow log', admin(role(ACCOUNT, 'admin'), 'ec2:DeleteFlowLogs', flowLog)],
    ['a role named like the platform role with a suffix', admin(role(ACCOUNT, 'platform-admin-copy'), 'ec2:DeleteFlowLogs', flowLog)],
    ['a role of the same name on another path', admin(`arn:aws:iam::${ACCOUNT}:role/team/platform-admin`, 'ec2:DeleteFlowLogs', flowLog)],
    ['an administrator to put the archive\'s bucket policy', admin(role(ACCOUNT, 'admin'), 's3:PutBucketPolicy', archive)],
    ['an administrator to delete the archive\'s bucket policy', admin(role(ACCOUNT, 'admin'), 's3:DeleteBucketPolicy', archive)],
    ['the account\'s users with every permission to delete a flow log', admin(`arn:aws:iam::${ACCOUNT}:user/alice`, 'ec2:DeleteFlowLogs', flowLog)],
  ]);
});

test('README states the number of simulated requests as it is', () => {
  expect(readmeNumbers(/`@cloud-copilot\/iam-simulate` for (\d+) allowed and denied requests/)).toEqual([simulatedRequests]);
});
