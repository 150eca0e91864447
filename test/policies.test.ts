/**
 * Every policy the library writes, evaluated as behaviour: who may do what,
 * under which conditions. Templates are synthesized for a fixed account and
 * region, their intrinsics resolved, then each request is simulated offline.
 */
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../src';
import { ACCOUNT, newStack, newVpc, REGION } from './support/fixtures';
import { expectOutcome, fakeKeyId, resolveIntrinsics, SimRequest } from './support/policy-sim';

const OTHER = '222222222222';
const ctx = { account: ACCOUNT, region: REGION };
const DELIVERY = 'delivery.logs.amazonaws.com';
const DAY = 'vpcflowlogs/eu-west-1/2026/11/24';
const FILE = `${ACCOUNT}_vpcflowlogs_eu-west-1_fl-0123456789abcdef0_20261124T1200Z_abcd1234.log.gz`;

/** The request context of a genuine delivery from this account. */
const GENUINE = {
  'aws:SourceAccount': ACCOUNT,
  'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*`,
  'aws:SecureTransport': 'true',
  's3:x-amz-acl': 'bucket-owner-full-control',
};

interface Synthesized {
  readonly template: any;
  readonly bucketName: string;
  readonly accessLogsBucketName: string;
  readonly keyArn: string;
  readonly keyPolicy: any;
  policyOf(bucketName: string): any;
}

function synth(stack: Stack): Synthesized {
  const template = Template.fromStack(stack).toJSON();
  const resolved = resolveIntrinsics(template.Resources, template, ctx);
  const logicalId = (type: string, pathPart: string) => Object.keys(template.Resources)
    .find((id) => template.Resources[id].Type === type && template.Resources[id].Metadata['aws:cdk:path'].includes(pathPart))!;
  const bucketId = logicalId('AWS::S3::Bucket', 'ArchiveBucket/Bucket/');
  const accessLogsId = logicalId('AWS::S3::Bucket', 'ArchiveBucket/AccessLogs/');
  const keyId = logicalId('AWS::KMS::Key', 'ArchiveBucket/Key/');
  return {
    template,
    bucketName: bucketId.toLowerCase(),
    accessLogsBucketName: accessLogsId.toLowerCase(),
    keyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${fakeKeyId(keyId)}`,
    policyOf: (bucketName: string) => Object.values<any>(resolved)
      .find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === bucketName).Properties.PolicyDocument,
    keyPolicy: resolved[keyId].Properties.KeyPolicy,
  };
}

function defaultArchive(options: Parameters<typeof FlowLogDestination.s3>[0] = {}) {
  const stack = newStack();
  new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3(options)] });
  return synth(stack);
}

describe('archive bucket policy', () => {
  const archive = defaultArchive();
  const objectArn = (key: string) => `arn:aws:s3:::${archive.bucketName}/${key}`;
  const put = (overrides: Partial<SimRequest> = {}, context: Record<string, string | undefined> = {}): SimRequest => ({
    principal: DELIVERY,
    action: 's3:PutObject',
    resource: objectArn(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`),
    resourcePolicy: archive.policyOf(archive.bucketName),
    context: withoutUndefined({ ...GENUINE, ...context }),
    ...overrides,
  });

  test('log delivery for this account may write its files', () => expectOutcome(put(), true));

  test.each([
    ['another source account', { 'aws:SourceAccount': OTHER, 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` }],
    ['a source ARN of another account', { 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` }],
    ['a source ARN of another region', { 'aws:SourceArn': `arn:aws:logs:us-east-1:${ACCOUNT}:*` }],
    ['a source ARN of another service', { 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/x` }],
    ['no source ARN (confused deputy)', { 'aws:SourceArn': undefined }],
    ['no source account (confused deputy)', { 'aws:SourceAccount': undefined }],
    ['without bucket-owner-full-control', { 's3:x-amz-acl': 'private' }],
    ['without TLS', { 'aws:SecureTransport': 'false' }],
  ])('delivery is denied with %s', (_name, context) => expectOutcome(put({}, context), false));

  test.each([
    ['outside AWSLogs', `other/${FILE}`],
    ['in another account\'s folder', `AWSLogs/${OTHER}/${DAY}/${FILE}`],
    ['in a folder the archive does not use', `prefix/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`],
  ])('delivery is denied %s', (_name, key) => expectOutcome(put({ resource: objectArn(key) }), false));

  test('another service principal may not write', () => expectOutcome(put({ principal: 'cloudtrail.amazonaws.com' }), false));

  test.each([['s3:GetBucketAcl'], ['s3:ListBucket']])('log delivery may check the bucket with %s', (action) =>
    expectOutcome(put({ action, resource: `arn:aws:s3:::${archive.bucketName}` }), true));

  test('the ACL check is denied for another source account', () => expectOutcome(put(
    { action: 's3:GetBucketAcl', resource: `arn:aws:s3:::${archive.bucketName}` },
    { 'aws:SourceAccount': OTHER, 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` }), false));

  test('log delivery may not read or delete files', async () => {
    await expectOutcome(put({ action: 's3:GetObject' }), false);
    await expectOutcome(put({ action: 's3:DeleteObject' }), false);
  });

  test('a principal of another account may not read the archive', () => expectOutcome({
    principal: `arn:aws:iam::${OTHER}:root`,
    action: 's3:GetObject',
    resource: objectArn(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`),
    resourceAccount: ACCOUNT,
    resourcePolicy: archive.policyOf(archive.bucketName),
    context: { 'aws:SecureTransport': 'true' },
  }, false));

  test('this account may read the archive over TLS only', async () => {
    const read = (secure: string): SimRequest => ({
      principal: `arn:aws:iam::${ACCOUNT}:role/analyst`,
      action: 's3:GetObject',
      resource: objectArn(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`),
      resourceAccount: ACCOUNT,
      resourcePolicy: archive.policyOf(archive.bucketName),
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }],
      context: { 'aws:SecureTransport': secure },
    });
    await expectOutcome(read('true'), true);
    await expectOutcome(read('false'), false);
  });
});

/** A genuine delivery of this account's log service to `key` of the archive bucket. */
function genuineDelivery(archive: Synthesized, key: string): SimRequest {
  return {
    principal: DELIVERY,
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${archive.bucketName}/${key}`,
    resourcePolicy: archive.policyOf(archive.bucketName),
    context: GENUINE,
  };
}

describe('archive bucket policy with a keyPrefix and the Hive layout', () => {
  test('only the folder in use is writable, in the plain layout', async () => {
    const archive = defaultArchive({ keyPrefix: 'network/prod' });
    const put = (key: string) => genuineDelivery(archive, key);
    await expectOutcome(put(`network/prod/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`), true);
    await expectOutcome(put(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`), false);
    await expectOutcome(put(`network/dev/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`), false);
  });

  test('the Hive layout path is writable, the plain one is not', async () => {
    const archive = defaultArchive({ hiveCompatiblePartitions: true });
    const put = (key: string) => genuineDelivery(archive, key);
    const hiveKey = `AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/${FILE}`;
    await expectOutcome(put(hiveKey), true);
    await expectOutcome(put(`AWSLogs/${ACCOUNT}/${DAY}/${FILE}`), false);
    await expectOutcome(put(hiveKey.replace(`aws-account-id=${ACCOUNT}`, `aws-account-id=${OTHER}`)), false);
  });
});

describe('archive key policy', () => {
  const archive = defaultArchive();
  const use = (action: string, overrides: Partial<SimRequest> = {}, context: Record<string, string | undefined> = {}): SimRequest => ({
    principal: DELIVERY,
    action,
    resource: archive.keyArn,
    resourcePolicy: archive.keyPolicy,
    context: withoutUndefined({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCOUNT}:*`, ...context }),
    ...overrides,
  });

  test.each([['kms:GenerateDataKey'], ['kms:Encrypt'], ['kms:Decrypt'], ['kms:ReEncryptFrom'], ['kms:DescribeKey']])(
    'log delivery for this account may use %s', (action) => expectOutcome(use(action), true));

  test.each([
    ['another source account', { 'aws:SourceAccount': OTHER, 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` }],
    ['a source ARN of another account', { 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` }],
    ['no source ARN', { 'aws:SourceArn': undefined }],
    ['no source account', { 'aws:SourceAccount': undefined }],
  ])('log delivery is denied with %s', (_name, context) => expectOutcome(use('kms:GenerateDataKey', {}, context), false));

  test('log delivery may not manage the key', async () => {
    await expectOutcome(use('kms:ScheduleKeyDeletion'), false);
    await expectOutcome(use('kms:PutKeyPolicy'), false);
  });

  test('another service may not use the key', () => expectOutcome(use('kms:Decrypt', { principal: 'cloudtrail.amazonaws.com' }), false));

  test('the account keeps control through IAM (key policy trusts the account root)', async () => {
    const admin = (identityPolicies: any[]): SimRequest => ({
      principal: `arn:aws:iam::${ACCOUNT}:role/admin`,
      action: 'kms:ScheduleKeyDeletion',
      resource: archive.keyArn,
      resourcePolicy: archive.keyPolicy,
      identityPolicies,
    });
    await expectOutcome(admin([{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }]), true);
    await expectOutcome(admin([]), false);
  });

  test('another account may not use the key', () => expectOutcome({
    principal: `arn:aws:iam::${OTHER}:root`, action: 'kms:Decrypt', resource: archive.keyArn, resourcePolicy: archive.keyPolicy,
  }, false));
});

describe('access-log bucket policy', () => {
  const archive = defaultArchive();
  const log = (overrides: Partial<SimRequest> = {}, context: Record<string, string> = {}): SimRequest => ({
    principal: 'logging.s3.amazonaws.com',
    action: 's3:PutObject',
    resource: `arn:aws:s3:::${archive.accessLogsBucketName}/flow-log-archive/2026-11-24-12-00-00-ABCDEF`,
    resourcePolicy: archive.policyOf(archive.accessLogsBucketName),
    context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:s3:::${archive.bucketName}`, 'aws:SecureTransport': 'true', ...context },
    ...overrides,
  });

  test('S3 logging for the archive bucket may write access logs', () => expectOutcome(log(), true));
  test('S3 logging for another bucket may not', () => expectOutcome(log({}, { 'aws:SourceArn': 'arn:aws:s3:::someone-elses-bucket' }), false));
  test('S3 logging from another account may not', () => expectOutcome(log({}, { 'aws:SourceAccount': OTHER }), false));
  test('nothing is written outside the access-log folder', () => expectOutcome(
    log({ resource: `arn:aws:s3:::${archive.accessLogsBucketName}/other/x` }), false));
  test('flow-log delivery may not write access logs', () => expectOutcome(log({ principal: DELIVERY }), false));
});

describe('a bucket the user brings', () => {
  test('gets the same behaviour: this account delivers, another does not', async () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'UserKey', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'UserBucket', { bucketName: 'user-flow-logs', encryptionKey: key, enforceSSL: true });
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket, keyPrefix: 'vpc' })],
    });
    const template = Template.fromStack(stack).toJSON();
    const resolved = resolveIntrinsics(template.Resources, template, ctx);
    const policy = Object.values<any>(resolved).find((r) => r.Type === 'AWS::S3::BucketPolicy').Properties.PolicyDocument;
    const put = (context: Record<string, string>): SimRequest => ({
      principal: DELIVERY,
      action: 's3:PutObject',
      resource: `arn:aws:s3:::user-flow-logs/vpc/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`,
      resourcePolicy: policy,
      context: { ...GENUINE, ...context },
    });
    await expectOutcome(put({}), true);
    await expectOutcome(put({ 'aws:SourceAccount': OTHER }), false);
  });
});

describe('grantRead', () => {
  test('lets the grantee read files and decrypt them, not write or delete', async () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    const analyst = new iam.Role(stack, 'Analyst', { roleName: 'analyst', assumedBy: new iam.AccountRootPrincipal() });
    archive.grantRead(analyst);
    const synthesized = synth(stack);
    const resolved = resolveIntrinsics(synthesized.template.Resources, synthesized.template, ctx);
    const identity = Object.values<any>(resolved).find((r) => r.Type === 'AWS::IAM::Policy').Properties.PolicyDocument;
    const request = (action: string, resource: string, resourcePolicy: any): SimRequest => ({
      principal: `arn:aws:iam::${ACCOUNT}:role/analyst`,
      action,
      resource,
      resourceAccount: ACCOUNT,
      resourcePolicy,
      identityPolicies: [identity],
      context: { 'aws:SecureTransport': 'true' },
    });
    const object = `arn:aws:s3:::${synthesized.bucketName}/AWSLogs/${ACCOUNT}/${DAY}/${FILE}`;
    const bucketPolicy = synthesized.policyOf(synthesized.bucketName);
    await expectOutcome(request('s3:GetObject', object, bucketPolicy), true);
    await expectOutcome(request('s3:ListBucket', `arn:aws:s3:::${synthesized.bucketName}`, bucketPolicy), true);
    await expectOutcome(request('kms:Decrypt', synthesized.keyArn, synthesized.keyPolicy), true);
    await expectOutcome(request('s3:PutObject', object, bucketPolicy), false);
    await expectOutcome(request('s3:DeleteObject', object, bucketPolicy), false);
    await expectOutcome(request('kms:Encrypt', synthesized.keyArn, synthesized.keyPolicy), false);
  });
});

function withoutUndefined(context: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

describe('CloudWatch Logs delivery role and log-group key', () => {
  const stack = newStack();
  const other = new logs.LogGroup(stack, 'Unrelated');
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))],
    destinations: [FlowLogDestination.cloudWatchLogs()],
  });
  const template = Template.fromStack(stack).toJSON();
  const resolved = resolveIntrinsics(template.Resources, template, ctx);
  const idOf = (type: string, pathPart: string) => Object.keys(template.Resources)
    .find((id) => template.Resources[id].Type === type && template.Resources[id].Metadata['aws:cdk:path'].includes(pathPart))!;
  const roleId = idOf('AWS::IAM::Role', 'FlowLogs/DeliveryRole/');
  const roleArn = `arn:aws:iam::${ACCOUNT}:role/${roleId}`;
  const trust = resolved[roleId].Properties.AssumeRolePolicyDocument;
  const permissions = resolved[idOf('AWS::IAM::ManagedPolicy', 'FlowLogs/DeliveryPolicy/')].Properties.PolicyDocument;
  const logGroupId = idOf('AWS::Logs::LogGroup', 'FlowLogs/LogGroup/');
  const logGroupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;
  const keyId = idOf('AWS::KMS::Key', 'FlowLogs/LogGroupKey/');
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${fakeKeyId(keyId)}`;
  const keyPolicy = resolved[keyId].Properties.KeyPolicy;
  expect(other).toBeDefined();

  const assume = (principal: string, context: Record<string, string | undefined>): SimRequest => ({
    principal,
    action: 'sts:AssumeRole',
    resource: roleArn,
    resourcePolicy: trust,
    context: withoutUndefined({ 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`, ...context }),
  });

  test('VPC Flow Logs may assume the role for this account\'s flow logs', () => expectOutcome(assume('vpc-flow-logs.amazonaws.com', {}), true));

  test.each([
    ['another source account', { 'aws:SourceAccount': OTHER, 'aws:SourceArn': `arn:aws:ec2:${REGION}:${OTHER}:vpc-flow-log/fl-0123456789abcdef0` }],
    ['a flow log of another account', { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${OTHER}:vpc-flow-log/fl-0123456789abcdef0` }],
    ['a flow log of another region', { 'aws:SourceArn': `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0` }],
    ['a source that is not a flow log', { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` }],
    ['no source ARN', { 'aws:SourceArn': undefined }],
    ['no source account', { 'aws:SourceAccount': undefined }],
  ])('assuming the role is denied with %s', (_name, context) => expectOutcome(assume('vpc-flow-logs.amazonaws.com', context), false));

  test('no other service and no IAM principal may assume it', async () => {
    await expectOutcome(assume('ec2.amazonaws.com', {}), false);
    await expectOutcome(assume('delivery.logs.amazonaws.com', {}), false);
    await expectOutcome({
      principal: `arn:aws:iam::${ACCOUNT}:role/someone`,
      action: 'sts:AssumeRole',
      resource: roleArn,
      resourcePolicy: trust,
      identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }],
    }, false);
  });

  const act = (action: string, resource: string): SimRequest => ({
    principal: roleArn, action, resource, resourceAccount: ACCOUNT, identityPolicies: [permissions],
  });

  test.each([['logs:CreateLogStream'], ['logs:PutLogEvents'], ['logs:DescribeLogStreams']])('the role may %s in its log group', (action) =>
    expectOutcome(act(action, `${logGroupArn(logGroupId)}:log-stream:eni-0123456789abcdef0-all`), true));

  test('the role may not write to another log group', () => expectOutcome(
    act('logs:PutLogEvents', `${logGroupArn(idOf('AWS::Logs::LogGroup', 'Unrelated'))}:log-stream:x`), false));

  test.each([['logs:DeleteLogGroup'], ['logs:CreateLogGroup'], ['logs:PutRetentionPolicy']])('the role may not %s', (action) =>
    expectOutcome(act(action, logGroupArn(logGroupId)), false));

  test('the role may not read the events it delivers', () =>
    expectOutcome(act('logs:GetLogEvents', `${logGroupArn(logGroupId)}:log-stream:eni-0123456789abcdef0-all`), false));

  const encrypt = (principal: string, logGroup: string | undefined): SimRequest => ({
    principal,
    action: 'kms:GenerateDataKey',
    resource: keyArn,
    resourcePolicy: keyPolicy,
    context: withoutUndefined({ 'kms:EncryptionContext:aws:logs:arn': logGroup }),
  });

  test('CloudWatch Logs may use the key for this account\'s log groups', () =>
    expectOutcome(encrypt(`logs.${REGION}.amazonaws.com`, logGroupArn(logGroupId)), true));

  test('CloudWatch Logs may not use the key for another account\'s log group, or without the context', async () => {
    await expectOutcome(encrypt(`logs.${REGION}.amazonaws.com`, `arn:aws:logs:${REGION}:${OTHER}:log-group:x`), false);
    await expectOutcome(encrypt(`logs.${REGION}.amazonaws.com`, undefined), false);
  });

  test('the delivery role itself needs no key permission and has none', () => expectOutcome(
    { principal: roleArn, action: 'kms:Decrypt', resource: keyArn, resourcePolicy: keyPolicy, identityPolicies: [permissions] }, false));
});

describe('alarm topic and delivery-status probe', () => {
  const stack = newStack();
  new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
  const template = Template.fromStack(stack).toJSON();
  const resolved = resolveIntrinsics(template.Resources, template, ctx);
  const find = (type: string, pathPart: string) => Object.entries<any>(resolved)
    .find(([id]) => template.Resources[id].Type === type && template.Resources[id].Metadata['aws:cdk:path'].includes(pathPart))!;
  const [topicId] = find('AWS::SNS::Topic', 'AlarmTopic');
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${topicId}`;
  const topicPolicy = find('AWS::SNS::TopicPolicy', 'AlarmTopic')[1].Properties.PolicyDocument;
  const probePolicy = find('AWS::IAM::ManagedPolicy', 'DeliveryStatusProbe')[1].Properties.PolicyDocument;
  const probeRole = `arn:aws:iam::${ACCOUNT}:role/probe`;

  const publish = (context: Record<string, string>): SimRequest => ({
    principal: 'cloudwatch.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    resourcePolicy: topicPolicy,
    context: { 'aws:SourceAccount': ACCOUNT, 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:x`, 'aws:SecureTransport': 'true', ...context },
  });

  test('this account\'s alarms may publish to the topic', () => expectOutcome(publish({}), true));
  test('alarms of another account may not', () => expectOutcome(publish({
    'aws:SourceAccount': OTHER, 'aws:SourceArn': `arn:aws:cloudwatch:${REGION}:${OTHER}:alarm:x`,
  }), false));
  test('publishing without TLS is denied', () => expectOutcome(publish({ 'aws:SecureTransport': 'false' }), false));

  const probe = (action: string, resource: string, context: Record<string, string> = {}): SimRequest => ({
    principal: probeRole, action, resource, resourceAccount: ACCOUNT, identityPolicies: [probePolicy], context,
  });

  test('the probe may describe flow logs', () => expectOutcome(probe('ec2:DescribeFlowLogs', '*'), true));
  // cloudwatch:PutMetricData has no resource type, which iam-simulate 0.1.x cannot evaluate with Resource '*';
  // its cloudwatch:namespace condition is pinned in alarms.test.ts instead.
  test('the probe may not change or delete flow logs', async () => {
    const flowLog = `arn:aws:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/fl-0123456789abcdef0`;
    await expectOutcome(probe('ec2:DeleteFlowLogs', flowLog), false);
    await expectOutcome(probe('ec2:CreateTags', flowLog), false);
  });
});
