import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveBucketProps, FlowLogDestination, FlowLogTarget } from '../src';
import { ACCOUNT, bucketPolicyStatements, LOGS_SOURCE_ARN, logicalIdByPath, newStack, newVpc, REGION } from './support/fixtures';
import { resolveIntrinsics } from './support/policy-sim';

function archive(props = {}) {
  const stack = newStack();
  const archiveBucket = new FlowLogArchiveBucket(stack, 'Archive', props);
  const template = Template.fromStack(stack);
  const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'Archive/Bucket');
  return { stack, archiveBucket, template, bucketId };
}

const DELIVERY_SOURCE_CONDITIONS = {
  StringEquals: Match.objectLike({ 'aws:SourceAccount': [ACCOUNT] }),
  ArnLike: { 'aws:SourceArn': [LOGS_SOURCE_ARN] },
};

describe('FlowLogArchiveBucket defaults', () => {
  const { template, bucketId } = archive();
  const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'Archive/Key');
  const accessLogsId = logicalIdByPath(template, 'AWS::S3::Bucket', 'Archive/AccessLogs');

  test('the archive bucket is KMS-encrypted with bucket keys, versioned, private and owner-enforced', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
          }],
        },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: accessLogsId }, LogFilePrefix: 'flow-log-archive/' },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the archive lifecycle: Standard-IA after 30 days, expire after 365, noncurrent after 30, abort uploads after 7', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'FlowLogRetention',
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }],
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
          { Id: 'RemoveExpiredDeleteMarkers', Status: 'Enabled', ExpiredObjectDeleteMarker: true },
        ],
      },
    });
  });

  test('the key is a customer managed key with rotation, retained', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: 'Encrypts the VPC flow logs archived by Stack/Archive' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the key lets grants be created only by AWS services for AWS resources (AWS Control Tower CT.KMS.PR.3)', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      Description: 'Encrypts the VPC flow logs archived by Stack/Archive',
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'DenyGrantsExceptForAwsServices',
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'kms:CreateGrant',
          Resource: '*',
          Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
        }]),
      },
    });
  });

  test('both buckets send their events to EventBridge, natively (no notifications custom resource; CT.S3.PR.4)', () => {
    for (const id of [bucketId, accessLogsId]) {
      expect(template.toJSON().Resources[id].Properties.NotificationConfiguration)
        .toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    }
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the key policy lets log delivery use the key only for this account and its log deliveries', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowFlowLogDeliveryToUseTheKey',
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: DELIVERY_SOURCE_CONDITIONS,
        }]),
      },
    });
  });

  test('the bucket policy: SSL only, and the two log-delivery statements at the bucket root', () => {
    const statements = bucketPolicyStatements(template, bucketId);
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      {
        Sid: 'AWSLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/AWSLogs/${ACCOUNT}/*`]] }],
        Condition: {
          StringEquals: { 'aws:SourceAccount': [ACCOUNT], 's3:x-amz-acl': 'bucket-owner-full-control' },
          ArnLike: { 'aws:SourceArn': [LOGS_SOURCE_ARN] },
        },
      },
      {
        Sid: 'AWSLogDeliveryAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['s3:GetBucketAcl', 's3:ListBucket'],
        Resource: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        Condition: {
          StringEquals: { 'aws:SourceAccount': [ACCOUNT] },
          ArnLike: { 'aws:SourceArn': [LOGS_SOURCE_ARN] },
        },
      },
    ]);
  });

  test('the access-log bucket: SSE-S3, versioned, private, SSL only, its own lifecycle, retained', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        VersioningConfiguration: { Status: 'Enabled' },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'AccessLogRetention',
            Status: 'Enabled',
            ExpirationInDays: 365,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
        LoggingConfiguration: Match.absent(),
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the access-log bucket policy: SSL only, and S3 logging from the archive bucket only (no ACLs)', () => {
    const statements = bucketPolicyStatements(template, accessLogsId);
    expect(statements).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      {
        Sid: 'S3ServerAccessLogsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [accessLogsId, 'Arn'] }, '/flow-log-archive/*']] },
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucketId, 'Arn'] } },
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
        },
      },
    ]);
    // Every bucket, the archive and the access-log bucket alike: BucketOwnerEnforced refuses ACLs.
    const buckets = template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets).sort()).toEqual([accessLogsId, bucketId].sort());
    for (const [logicalId, bucket] of Object.entries<any>(buckets)) {
      expect([logicalId, bucket.Properties.AccessControl]).toEqual([logicalId, undefined]);
    }
  });

  test('cdk-nag suppressions are recorded only for rules that cannot apply, with reasons', () => {
    const resources = template.toJSON().Resources;
    const ids = (logicalId: string) => resources[logicalId].Metadata.cdk_nag.rules_to_suppress.map((r: any) => r.id);
    expect(ids(bucketId)).toEqual([
      'NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
    ]);
    expect(ids(accessLogsId)).toEqual([
      'NIST.800.53.R5-S3DefaultEncryptionKMS', 'HIPAA.Security-S3DefaultEncryptionKMS', 'PCI.DSS.321-S3DefaultEncryptionKMS',
      'NIST.800.53.R5-S3BucketReplicationEnabled', 'HIPAA.Security-S3BucketReplicationEnabled', 'PCI.DSS.321-S3BucketReplicationEnabled',
    ]);
    for (const logicalId of [bucketId, accessLogsId]) {
      for (const rule of resources[logicalId].Metadata.cdk_nag.rules_to_suppress) {
        expect(rule.reason.length).toBeGreaterThan(40);
      }
    }
  });

  test('three resources hold state and nothing else is created', () => {
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toHaveLength(2);
    expect(Object.keys(template.findResources('AWS::S3::BucketPolicy'))).toHaveLength(2);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toHaveLength(1);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(5);
  });
});

describe('FlowLogArchiveBucket options', () => {
  test('removalPolicy applies to the buckets and the key', () => {
    const { template } = archive({ removalPolicy: RemovalPolicy.DESTROY });
    for (const [type, count] of [['AWS::S3::Bucket', 2], ['AWS::KMS::Key', 1]] as const) {
      const resources = Object.values(template.findResources(type));
      expect(resources).toHaveLength(count);
      expect(resources.map((r: any) => [r.DeletionPolicy, r.UpdateReplacePolicy])).toEqual(resources.map(() => ['Delete', 'Delete']));
    }
  });

  test('bucketName is passed through', () => {
    const { template } = archive({ bucketName: 'central-flow-logs' });
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: 'central-flow-logs' });
  });

  test('lifecycle options become transitions in storage-class order', () => {
    const { template } = archive({
      lifecycle: {
        infrequentAccessAfter: Duration.days(30),
        glacierInstantRetrievalAfter: Duration.days(60),
        glacierAfter: Duration.days(150),
        deepArchiveAfter: Duration.days(240),
        expiration: Duration.days(3650),
        noncurrentVersionExpiration: Duration.days(7),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({
          Id: 'FlowLogRetention',
          Transitions: [
            { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
            { StorageClass: 'GLACIER_IR', TransitionInDays: 60 },
            { StorageClass: 'GLACIER', TransitionInDays: 150 },
            { StorageClass: 'DEEP_ARCHIVE', TransitionInDays: 240 },
          ],
          ExpirationInDays: 3650,
          NoncurrentVersionExpiration: { NoncurrentDays: 7 },
        })]),
      },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'AccessLogRetention', ExpirationInDays: 3650 })] },
    });
  });

  test('serverAccessLogs: false creates no access-log bucket', () => {
    const { template, archiveBucket } = archive({ serverAccessLogs: false });
    expect(archiveBucket.accessLogsBucket).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toHaveLength(1);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent() });
  });

  test('serverAccessLogsBucket defined in the app gets the logging grant', () => {
    const stack = newStack();
    const logs = new s3.Bucket(stack, 'OrgAccessLogs', { enforceSSL: true });
    new FlowLogArchiveBucket(stack, 'Archive', { serverAccessLogsBucket: logs });
    const template = Template.fromStack(stack);
    const logsId = logicalIdByPath(template, 'AWS::S3::Bucket', 'OrgAccessLogs');
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'flow-log-archive/' },
    });
    expect(bucketPolicyStatements(template, logsId)).toContainEqual(expect.objectContaining({ Sid: 'S3ServerAccessLogsDelivery' }));
    expect(Object.keys(template.findResources('AWS::S3::Bucket'))).toHaveLength(2);
  });

  test.each([
    ['a key of its own', s3.BucketEncryption.KMS, true],
    ['aws/s3', s3.BucketEncryption.KMS_MANAGED, true],
    ['dual-layer KMS', s3.BucketEncryption.DSSE_MANAGED, true],
    ['SSE-S3', s3.BucketEncryption.S3_MANAGED, false],
  ])('a serverAccessLogsBucket encrypted with %s: warned that S3 cannot log to SSE-KMS = %s', (_name, encryption, warned) => {
    const stack = newStack();
    const logs = new s3.Bucket(stack, 'OrgAccessLogs', { enforceSSL: true, encryption });
    new FlowLogArchiveBucket(stack, 'Archive', { serverAccessLogsBucket: logs });
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Archive', Match.stringLikeRegexp('encrypts with KMS'));
    expect(warnings.map((w) => w.entry.data)).toEqual(warned ? [
      'serverAccessLogsBucket encrypts with KMS by default, which S3 does not support for server access logs: they may never arrive. '
      + 'Use a bucket with BucketEncryption.S3_MANAGED, or leave serverAccessLogsBucket undefined for a new one. '
      + '[ack: cdk-flow-log-archive:accessLogsBucketKms]',
    ] : []);
  });

  test('an imported serverAccessLogsBucket is used, with a warning about the grant its owner must add', () => {
    const stack = newStack();
    const logs = s3.Bucket.fromBucketName(stack, 'OrgAccessLogs', 'org-access-logs');
    new FlowLogArchiveBucket(stack, 'Archive', { serverAccessLogsBucket: logs });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: 'org-access-logs', LogFilePrefix: 'flow-log-archive/' },
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Archive',
      Match.stringLikeRegexp('serverAccessLogsBucket is not defined in this app.*logging.s3.amazonaws.com s3:PutObject'));
  });

  test('an encryptionKey defined in the app is used and gets the delivery statement', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'OrgKey', { enableKeyRotation: true });
    new FlowLogArchiveBucket(stack, 'Archive', { encryptionKey: key });
    const template = Template.fromStack(stack);
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'OrgKey');
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([keyId]);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowFlowLogDeliveryToUseTheKey' })]) },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } })] },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an imported encryptionKey is used, with a warning that its policy must allow delivery', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'OrgKey', `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    new FlowLogArchiveBucket(stack, 'Archive', { encryptionKey: key });
    const template = Template.fromStack(stack);
    expect(template.findResources('AWS::KMS::Key')).toEqual({});
    Annotations.fromStack(stack).hasWarning('/Stack/Archive',
      Match.stringLikeRegexp('encryption key is not defined in this app.*"Access error".*delivery.logs.amazonaws.com'));
  });
});

describe('allowFlowLogDelivery', () => {
  function writeResources(configure: (a: FlowLogArchiveBucket) => void): any[] {
    const stack = newStack();
    const archiveBucket = new FlowLogArchiveBucket(stack, 'Archive');
    configure(archiveBucket);
    const template = Template.fromStack(stack);
    const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'Archive/Bucket');
    const write = bucketPolicyStatements(template, bucketId).find((s) => s.Sid === 'AWSLogDeliveryWrite');
    return write.Resource.map((r: any) => r['Fn::Join'][1][1]);
  }

  test('replaces the root with the folders registered, once each', () => {
    expect(writeResources((a) => {
      a.allowFlowLogDelivery({ keyPrefix: 'prod' });
      a.allowFlowLogDelivery({ keyPrefix: 'dev/network' });
      a.allowFlowLogDelivery({ keyPrefix: 'prod' });
    })).toEqual([`/prod/AWSLogs/${ACCOUNT}/*`, `/dev/network/AWSLogs/${ACCOUNT}/*`]);
  });

  test('the Hive-compatible layout gets its own write resource', () => {
    expect(writeResources((a) => a.allowFlowLogDelivery({ hiveCompatiblePartitions: true })))
      .toEqual([`/AWSLogs/aws-account-id=${ACCOUNT}/*`]);
  });

  test('allowing the root explicitly keeps the root', () => {
    expect(writeResources((a) => a.allowFlowLogDelivery())).toEqual([`/AWSLogs/${ACCOUNT}/*`]);
  });
});

test('grantRead allows reading the objects and decrypting them with the key', () => {
  const stack = newStack();
  const archiveBucket = new FlowLogArchiveBucket(stack, 'Archive');
  const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
  archiveBucket.grantRead(reader);
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Effect: 'Allow' }),
        Match.objectLike({ Action: ['kms:Decrypt', 'kms:DescribeKey'], Effect: 'Allow' }),
      ]),
    },
  });
});

/**
 * A central archive in a log-archive account, receiving flow logs from many
 * accounts: its template and policy size. What its policies allow and deny
 * is simulated in policies.test.ts.
 */
describe('a central bucket', () => {
  const LOG_ARCHIVE = '999999999999';
  const TEAM_A = '111111111111';
  const TEAM_B = '222222222222';
  const ORG = 'o-a1b2c3d4e5';

  /** The central bucket's template and its bucket and key policies, intrinsics resolved (as deployed). */
  function central(props: FlowLogArchiveBucketProps) {
    const stack = new Stack(new App(), 'LogArchive', { env: { account: LOG_ARCHIVE, region: REGION } });
    const archiveBucket = new FlowLogArchiveBucket(stack, 'Central', { bucketName: 'org-flow-logs', ...props });
    const template = Template.fromStack(stack).toJSON();
    const resolved = resolveIntrinsics(template.Resources, template, { account: LOG_ARCHIVE, region: REGION });
    const keyId = stack.getLogicalId(archiveBucket.encryptionKey.node.defaultChild as kms.CfnKey);
    const policy = Object.values<any>(resolved).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === 'org-flow-logs');
    return { template, bucketPolicy: policy.Properties.PolicyDocument, keyPolicy: resolved[keyId].Properties.KeyPolicy };
  }

  test('sourceAccounts: each account its own folder (a policy variable), and the account list on both statements', () => {
    const deployed = central({ sourceAccounts: [TEAM_A, TEAM_B] });
    const [write, acl] = deployed.bucketPolicy.Statement.filter((s: any) => s.Sid?.startsWith('AWSLogDelivery'));
    expect(write.Resource).toEqual(['arn:aws:s3:::org-flow-logs/*AWSLogs/${aws:SourceAccount}/*',
      'arn:aws:s3:::org-flow-logs/*AWSLogs/aws-account-id=${aws:SourceAccount}/*']);
    // No account's files inside another account's folder through a keyPrefix of AWSLogs/<other>/...
    const nested = deployed.bucketPolicy.Statement.find((s: any) => s.Sid === 'AWSLogDeliveryDenyNestedAWSLogs');
    expect(nested).toEqual({
      Sid: 'AWSLogDeliveryDenyNestedAWSLogs',
      Effect: 'Deny',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::org-flow-logs/*AWSLogs/*/AWSLogs/*',
    });
    expect(write.Condition.StringEquals['aws:SourceAccount']).toEqual([TEAM_A, TEAM_B]);
    // aws:SourceArn too, as AWS's cross-account example: each account's log deliveries, in any Region.
    const sourceArns = [`arn:aws:logs:*:${TEAM_A}:*`, `arn:aws:logs:*:${TEAM_B}:*`];
    expect(write.Condition.ArnLike).toEqual({ 'aws:SourceArn': sourceArns });
    expect(acl.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': [TEAM_A, TEAM_B] }, ArnLike: { 'aws:SourceArn': sourceArns } });
    const keyUse = deployed.keyPolicy.Statement.find((s: any) => s.Sid === 'AllowFlowLogDeliveryToUseTheKey');
    expect(keyUse.Condition).toEqual(acl.Condition);
  });

  describe('policy size', () => {
    const accounts = Array.from({ length: 100 }, (_, i) => String(100000000000 + i * 7919));

    test('100 accounts fit under the 20 KB bucket policy limit, as deployed', () => {
      const deployed = central({ sourceAccounts: accounts });
      const size = JSON.stringify(deployed.bucketPolicy).length;
      expect(size).toBeLessThan(20 * 1024);
      const keyPolicySize = JSON.stringify(deployed.keyPolicy).length;
      expect(keyPolicySize).toBeLessThan(32 * 1024); // KMS key policies may be 32 KB
    });

    test('synth refuses a list whose policy could exceed 20 KB once deployed (references counted at their longest)', () => {
      const many = Array.from({ length: 300 }, (_, i) => String(100000000000 + i * 7919));
      expect(() => central({ sourceAccounts: many })).toThrow(
        /sourceAccounts must keep the bucket policy within S3's limit of 20480 bytes: got 300 accounts, a \d{5}-byte policy/);
      // Every list it accepts deploys within the limit, up to the last one it accepts.
      let accepted = 100;
      while (accepted < many.length) {
        try {
          central({ sourceAccounts: many.slice(0, accepted + 1) });
          accepted++;
        } catch {
          break;
        }
      }
      // Per account only its condition values (the write resources are the same two for every account).
      expect(accepted).toBeGreaterThanOrEqual(175);
      expect(JSON.stringify(central({ sourceAccounts: many.slice(0, accepted) }).bucketPolicy).length).toBeLessThanOrEqual(20_480);
    });

    test('an organization-wide bucket policy is small whatever the number of accounts', () => {
      expect(JSON.stringify(central({ sourceOrganizationId: ORG }).bucketPolicy).length).toBeLessThan(2 * 1024);
    });
  });

  test('objectLockRetention turns on Object Lock with that default retention; the access-log bucket gets Object Lock without one', () => {
    const deployed = central({ objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(90)) });
    // Only the archive bucket is locked: the access-log bucket's logs are not flow logs.
    // The archive with a default retention; the access-log bucket with Object Lock on (AWS Control Tower
    // CT.S3.PR.9) but no retention, which S3 does not support where server access logs are written.
    const locks = Object.values<any>(deployed.template.Resources).filter((r) => r.Type === 'AWS::S3::Bucket')
      .map((r) => [r.Properties.BucketName ?? 'access logs', r.Properties.ObjectLockEnabled, r.Properties.ObjectLockConfiguration]);
    expect(locks).toEqual([
      ['access logs', true, undefined],
      ['org-flow-logs', true, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 90 } } }],
    ]);
  });

  test('workload side: an imported central bucket and key prefix: the flow log writes there, the central stack is not touched', () => {
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
