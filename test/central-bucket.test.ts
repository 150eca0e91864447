/**
 * A central archive in a log-archive account, receiving flow logs from many
 * accounts: template, policy behaviour and policy size.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveBucketProps, FlowLogDestination, FlowLogTarget } from '../src';
import { newVpc } from './support/fixtures';
import { expectOutcome, fakeKeyId, resolveIntrinsics, SimRequest } from './support/policy-sim';

const LOG_ARCHIVE = '999999999999';
const TEAM_A = '111111111111';
const TEAM_B = '222222222222';
const OUTSIDER = '333333333333';
const REGION = 'eu-west-1';
const ORG = 'o-a1b2c3d4e5';
const FILE = 'vpcflowlogs/eu-west-1/2026/11/24/file.log.gz';

function central(props: FlowLogArchiveBucketProps) {
  const stack = new Stack(new App(), 'LogArchive', { env: { account: LOG_ARCHIVE, region: REGION } });
  const archive = new FlowLogArchiveBucket(stack, 'Central', { bucketName: 'org-flow-logs', ...props });
  const template = Template.fromStack(stack).toJSON();
  const resolved = resolveIntrinsics(template.Resources, template, { account: LOG_ARCHIVE, region: REGION });
  const keyId = stack.getLogicalId(archive.encryptionKey.node.defaultChild as any);
  const policy = Object.values<any>(resolved).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === 'org-flow-logs');
  return {
    stack,
    template,
    bucketPolicy: policy.Properties.PolicyDocument,
    keyPolicy: resolved[keyId].Properties.KeyPolicy,
    keyArn: `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/${fakeKeyId(keyId)}`,
  };
}

function deliver(policy: any, account: string, key: string, extra: Record<string, string> = {}): SimRequest {
  return {
    principal: 'delivery.logs.amazonaws.com',
    action: 's3:PutObject',
    resource: `arn:aws:s3:::org-flow-logs/${key}`,
    resourcePolicy: policy,
    context: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true', ...extra },
  };
}

describe('sourceAccounts', () => {
  const archive = central({ sourceAccounts: [TEAM_A, TEAM_B] });

  test.each([
    ['team A at the root', TEAM_A, `AWSLogs/${TEAM_A}/${FILE}`],
    ['team A under its own folder', TEAM_A, `team-a/AWSLogs/${TEAM_A}/${FILE}`],
    ['team B under a nested folder', TEAM_B, `network/team-b/AWSLogs/${TEAM_B}/${FILE}`],
    ['team B in the Hive layout', TEAM_B, `AWSLogs/aws-account-id=${TEAM_B}/aws-service=vpcflowlogs/aws-region=${REGION}/year=2026/month=11/day=24/x.log.gz`],
  ])('a listed account may deliver: %s', (_name, account, key) => expectOutcome(deliver(archive.bucketPolicy, account, key), true));

  test('an account not listed may not deliver, anywhere', async () => {
    await expectOutcome(deliver(archive.bucketPolicy, OUTSIDER, `AWSLogs/${OUTSIDER}/${FILE}`), false);
    await expectOutcome(deliver(archive.bucketPolicy, OUTSIDER, `AWSLogs/${TEAM_A}/${FILE}`), false);
  });

  test('nothing is written outside AWSLogs', () => expectOutcome(deliver(archive.bucketPolicy, TEAM_A, `elsewhere/${FILE}`), false));

  test('the key may be used for listed accounts only', async () => {
    const use = (account: string): SimRequest => ({
      principal: 'delivery.logs.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: archive.keyArn,
      resourcePolicy: archive.keyPolicy,
      context: { 'aws:SourceAccount': account },
    });
    await expectOutcome(use(TEAM_B), true);
    await expectOutcome(use(OUTSIDER), false);
  });

  test('one write resource per account, and the account list on both statements', () => {
    const [write, acl] = archive.bucketPolicy.Statement.filter((s: any) => s.Sid?.startsWith('AWSLogDelivery'));
    expect(write.Resource).toEqual([`arn:aws:s3:::org-flow-logs/*AWSLogs/*${TEAM_A}/*`, `arn:aws:s3:::org-flow-logs/*AWSLogs/*${TEAM_B}/*`]);
    expect(write.Condition.StringEquals['aws:SourceAccount']).toEqual([TEAM_A, TEAM_B]);
    expect(acl.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [TEAM_A, TEAM_B] } });
  });
});

describe('sourceOrganizationId', () => {
  const archive = central({ sourceOrganizationId: ORG });

  test('any account of the organization may deliver under any folder', async () => {
    await expectOutcome(deliver(archive.bucketPolicy, OUTSIDER, `any/AWSLogs/${OUTSIDER}/${FILE}`, { 'aws:SourceOrgID': ORG }), true);
  });

  test('accounts of another organization, or of none, may not', async () => {
    await expectOutcome(deliver(archive.bucketPolicy, OUTSIDER, `AWSLogs/${OUTSIDER}/${FILE}`, { 'aws:SourceOrgID': 'o-zzzzzzzzzz' }), false);
    await expectOutcome(deliver(archive.bucketPolicy, OUTSIDER, `AWSLogs/${OUTSIDER}/${FILE}`), false);
  });

  test('the key follows the organization too', async () => {
    const use = (org?: string): SimRequest => ({
      principal: 'delivery.logs.amazonaws.com',
      action: 'kms:GenerateDataKey',
      resource: archive.keyArn,
      resourcePolicy: archive.keyPolicy,
      context: org ? { 'aws:SourceOrgID': org } : {},
    });
    await expectOutcome(use(ORG), true);
    await expectOutcome(use('o-zzzzzzzzzz'), false);
  });
});

describe('policy size', () => {
  const accounts = Array.from({ length: 100 }, (_, i) => String(100000000000 + i * 7919));

  test('100 accounts fit well under the 20 KB bucket policy limit', () => {
    const archive = central({ sourceAccounts: accounts });
    const size = JSON.stringify(archive.bucketPolicy).length;
    expect(size).toBeLessThan(15 * 1024);
    const keyPolicySize = JSON.stringify(archive.keyPolicy).length;
    expect(keyPolicySize).toBeLessThan(32 * 1024); // KMS key policies may be 32 KB
  });

  test('an organization-wide bucket policy is small whatever the number of accounts', () => {
    expect(JSON.stringify(central({ sourceOrganizationId: ORG }).bucketPolicy).length).toBeLessThan(2 * 1024);
  });
});

describe('object lock', () => {
  test('objectLockRetention turns on Object Lock with that default retention', () => {
    const archive = central({ objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(90)) });
    expect(archive.template.Resources).toBeDefined();
    Template.fromJSON(archive.template).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'org-flow-logs',
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 90 } } },
    });
  });
});

describe('workload side', () => {
  test('an imported central bucket and key prefix: the flow log writes there, the central stack is not touched', () => {
    const app = new App();
    const workload = new Stack(app, 'TeamA', { env: { account: TEAM_A, region: REGION } });
    const bucket = s3.Bucket.fromBucketArn(workload, 'Central', 'arn:aws:s3:::org-flow-logs');
    new FlowLogArchive(workload, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(workload))],
      destinations: [FlowLogDestination.s3({ bucket, keyPrefix: 'team-a' })],
    });
    const template = Template.fromStack(workload);
    template.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: 'arn:aws:s3:::org-flow-logs/team-a/' });
    template.resourceCountIs('AWS::S3::Bucket', 0);
    Annotations.fromStack(workload).hasWarning('/TeamA/FlowLogs', Match.stringLikeRegexp('is not defined in this app'));
  });
});
