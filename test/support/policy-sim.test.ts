import { runSimulation } from '@cloud-copilot/iam-simulate';
import { expectOutcome, explain, fakeKeyId, forCallWithoutResource, isAllowed, lambdaPermissionPolicy, resolveIntrinsics, SimRequest } from './policy-sim';

const ACCT = '111111111111';
const OTHER = '222222222222';
const THIRD = '333333333333';
const REGION = 'us-east-1';

describe('S3 bucket policy with a service principal', () => {
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSLogDeliveryWrite',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::b/AWSLogs/${ACCT}/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCT },
          ArnLike: { 'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCT}:*` },
        },
      },
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
  const good: SimRequest = {
    principal: 'delivery.logs.amazonaws.com',
    action: 's3:PutObject',
    resource: `arn:aws:s3:::b/AWSLogs/${ACCT}/vpcflowlogs/${REGION}/2024/01/01/x.log.gz`,
    context: {
      'aws:SourceAccount': ACCT,
      'aws:SourceArn': `arn:aws:logs:${REGION}:${ACCT}:*`,
      'aws:SecureTransport': 'true',
    },
    resourcePolicy: bucketPolicy,
  };

  test('allowed for the log delivery service of the account', async () => {
    await expectOutcome(good, true);
    expect(await explain(good)).toMatch(/^Allowed:.*\n[\s\S]*allow: AWSLogDeliveryWrite/);
  });

  test('denied for another SourceAccount', async () => {
    await expectOutcome({ ...good, context: { ...good.context, 'aws:SourceAccount': OTHER } }, false);
  });

  test('denied for a SourceArn in another account', async () => {
    await expectOutcome({ ...good, context: { ...good.context, 'aws:SourceArn': `arn:aws:logs:${REGION}:${OTHER}:*` } }, false);
  });

  test('denied without a SourceArn', async () => {
    const { 'aws:SourceArn': _omitted, ...withoutArn } = good.context!;
    await expectOutcome({ ...good, context: withoutArn }, false);
  });

  test('denied for another service principal', async () => {
    await expectOutcome({ ...good, principal: 'firehose.amazonaws.com' }, false);
  });

  test('denied for a key outside AWSLogs/<account>/', async () => {
    await expectOutcome({ ...good, resource: `arn:aws:s3:::b/AWSLogs/${OTHER}/x.log.gz` }, false);
    await expectOutcome({ ...good, resource: 'arn:aws:s3:::b/other/x.log.gz' }, false);
  });

  test('explicitly denied without TLS', async () => {
    const insecure = { ...good, context: { ...good.context, 'aws:SecureTransport': 'false' } };
    await expectOutcome(insecure, false);
    expect(await explain(insecure)).toMatch(/^ExplicitlyDenied:[\s\S]*deny: DenyInsecureTransport/);
  });

  test('an unknown context key throws instead of being ignored', async () => {
    await expect(isAllowed({ ...good, context: { ...good.context, 'aws:SourceAcount': ACCT } })).rejects.toThrow(/unknown context key/);
  });

  test('a list for a single-valued key throws', async () => {
    await expect(isAllowed({ ...good, context: { ...good.context, 'aws:SourceAccount': [ACCT, OTHER] } })).rejects.toThrow(/single-valued/);
  });

  test('an invalid policy throws', async () => {
    await expect(isAllowed({ ...good, resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] } })).rejects.toThrow(/rejected/);
  });
});

describe('condition operators with several values', () => {
  const policy = {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'Multi',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::b/*',
      Condition: {
        'StringEquals': { 'aws:SourceAccount': [ACCT, THIRD] },
        'ArnLike': { 'aws:SourceArn': [`arn:aws:logs:*:${ACCT}:*`, `arn:aws:logs:*:${THIRD}:*`] },
        'ForAllValues:StringEquals': { 'aws:CalledVia': ['cloudformation.amazonaws.com', 'athena.amazonaws.com'] },
      },
    }],
  };
  const req = (account: string, calledVia: string[]): SimRequest => ({
    principal: 'delivery.logs.amazonaws.com',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::b/k',
    context: {
      'aws:SourceAccount': account,
      'aws:SourceArn': `arn:aws:logs:eu-west-1:${account}:log-group:g`,
      'aws:CalledVia': calledVia,
    },
    resourcePolicy: policy,
  });

  test('any listed policy value matches a single-valued key', async () => {
    await expectOutcome(req(ACCT, ['athena.amazonaws.com']), true);
    await expectOutcome(req(THIRD, ['athena.amazonaws.com']), true);
    await expectOutcome(req(OTHER, ['athena.amazonaws.com']), false);
  });

  test('ForAllValues needs every request value in the set', async () => {
    await expectOutcome(req(ACCT, ['athena.amazonaws.com', 'cloudformation.amazonaws.com']), true);
    await expectOutcome(req(ACCT, ['athena.amazonaws.com', 'glue.amazonaws.com']), false);
  });
});

describe('role trust policy', () => {
  const roleArn = `arn:aws:iam::${ACCT}:role/FlowLogsRole`;
  const trustPolicy = {
    Version: '2012-10-17',
    Statement: [{
      Sid: 'FlowLogsAssume',
      Effect: 'Allow',
      Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCT },
        ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCT}:vpc-flow-log/*` },
      },
    }],
  };
  const assume: SimRequest = {
    principal: 'vpc-flow-logs.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleArn,
    context: { 'aws:SourceAccount': ACCT, 'aws:SourceArn': `arn:aws:ec2:${REGION}:${ACCT}:vpc-flow-log/fl-0123456789abcdef0` },
    resourcePolicy: trustPolicy,
  };

  test('the flow logs service of the account may assume the role', async () => {
    await expectOutcome(assume, true);
  });

  test('not for another account, another flow log source or another service', async () => {
    await expectOutcome({ ...assume, context: { ...assume.context, 'aws:SourceAccount': OTHER } }, false);
    await expectOutcome({ ...assume, context: { ...assume.context, 'aws:SourceArn': `arn:aws:ec2:${REGION}:${OTHER}:vpc-flow-log/fl-1` } }, false);
    await expectOutcome({ ...assume, principal: 'delivery.logs.amazonaws.com' }, false);
  });

  test('an IAM principal of the same account needs the trust policy to name it or its account', async () => {
    const canAssume = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] };
    const caller = `arn:aws:iam::${ACCT}:role/Caller`;
    await expectOutcome({ principal: caller, action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trustPolicy, identityPolicies: [canAssume] }, false);

    const trustsAccount = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }],
    };
    await expectOutcome({ principal: caller, action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trustsAccount, identityPolicies: [canAssume] }, true);
    // Account trust delegates to IAM: without an identity policy the caller may not.
    await expectOutcome({ principal: caller, action: 'sts:AssumeRole', resource: roleArn, resourcePolicy: trustsAccount }, false);
  });
});

describe('identity policies', () => {
  const role = `arn:aws:iam::${ACCT}:role/Writer`;
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Write', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `arn:aws:logs:${REGION}:${ACCT}:log-group:g:*` },
    ],
  };
  const put = (group: string): SimRequest => ({
    principal: role,
    action: 'logs:PutLogEvents',
    resource: `arn:aws:logs:${REGION}:${ACCT}:log-group:${group}:log-stream:s`,
    identityPolicies: [policy],
  });

  test('allowed on its log group, denied on another', async () => {
    await expectOutcome(put('g'), true);
    await expectOutcome(put('h'), false);
    expect(await explain(put('h'))).toMatch(/^ImplicitlyDenied:[\s\S]*Allow Write did not apply \(resource\)/);
  });

  test('an explicit Deny in another identity policy wins', async () => {
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'logs:*', Resource: '*' }] };
    await expectOutcome({ ...put('g'), identityPolicies: [policy, deny] }, false);
  });

  test('no identity policy, no access', async () => {
    await expectOutcome({ ...put('g'), identityPolicies: [] }, false);
  });

  test('identity policies for a service principal are rejected', async () => {
    await expect(isAllowed({ ...put('g'), principal: 'logs.amazonaws.com' })).rejects.toThrow(/service principal/);
  });
});

describe('same-account and cross-account access to a bucket', () => {
  const bucketPolicy = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
  };
  const canRead = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const get = (principal: string, identityPolicies: any[]): SimRequest => ({
    principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', resourceAccount: ACCT, resourcePolicy: bucketPolicy, identityPolicies,
  });

  test('cross-account needs both the bucket policy and an identity policy', async () => {
    await expectOutcome(get(`arn:aws:iam::${OTHER}:role/Reader`, [canRead]), true);
    await expectOutcome(get(`arn:aws:iam::${OTHER}:role/Reader`, []), false);
    await expectOutcome(get(`arn:aws:iam::${THIRD}:role/Reader`, [canRead]), false);
  });

  test('same account: an identity policy alone is enough', async () => {
    await expectOutcome(get(`arn:aws:iam::${ACCT}:role/Reader`, [canRead]), true);
    await expectOutcome(get(`arn:aws:iam::${ACCT}:role/Reader`, []), false);
  });

  test('the resource account must be known for an IAM principal and an account-less ARN', async () => {
    const { resourceAccount: _omitted, ...noAccount } = get(`arn:aws:iam::${ACCT}:role/Reader`, [canRead]);
    await expect(isAllowed(noAccount)).rejects.toThrow(/resourceAccount/);
  });
});

describe('KMS key policies', () => {
  const keyArn = `arn:aws:kms:${REGION}:${ACCT}:key/${fakeKeyId('Key')}`;
  const keyPolicy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdmin', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'LogsUse',
        Effect: 'Allow',
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${ACCT}:log-group:*` } },
      },
    ],
  };
  const canDecrypt = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }] };
  const decrypt = (principal: string, identityPolicies: any[], resourcePolicy: any = keyPolicy): SimRequest => ({
    principal, action: 'kms:Decrypt', resource: keyArn, resourcePolicy, identityPolicies,
  });

  test('trusting the account root delegates to IAM policies of the same account', async () => {
    await expectOutcome(decrypt(`arn:aws:iam::${ACCT}:role/App`, [canDecrypt]), true);
    await expectOutcome(decrypt(`arn:aws:iam::${ACCT}:role/App`, []), false);
  });

  test('a key policy that does not trust the account ignores IAM policies', async () => {
    const serviceOnly = { ...keyPolicy, Statement: [keyPolicy.Statement[1]] };
    await expectOutcome(decrypt(`arn:aws:iam::${ACCT}:role/App`, [canDecrypt], serviceOnly), false);
  });

  test('another account is not trusted', async () => {
    await expectOutcome(decrypt(`arn:aws:iam::${OTHER}:role/App`, [canDecrypt]), false);
  });

  test('the root user of the account may use the key only when the key policy trusts the account', async () => {
    await expectOutcome(decrypt(`arn:aws:iam::${ACCT}:root`, []), true);
    await expectOutcome(decrypt(`arn:aws:iam::${ACCT}:root`, [], { ...keyPolicy, Statement: [keyPolicy.Statement[1]] }), false);
  });

  test('service principal with an encryption context condition (kms:EncryptionContext:<key>)', async () => {
    const generate = (logGroupArn: string): SimRequest => ({
      principal: `logs.${REGION}.amazonaws.com`,
      action: 'kms:GenerateDataKey',
      resource: keyArn,
      context: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
      resourcePolicy: keyPolicy,
    });
    await expectOutcome(generate(`arn:aws:logs:${REGION}:${ACCT}:log-group:flow-logs`), true);
    await expectOutcome(generate(`arn:aws:logs:${REGION}:${OTHER}:log-group:flow-logs`), false);
    await expectOutcome({ ...generate('x'), context: {} }, false);
    await expectOutcome({ ...generate(`arn:aws:logs:${REGION}:${ACCT}:log-group:flow-logs`), principal: 'delivery.logs.amazonaws.com' }, false);
  });
});

describe('resolveIntrinsics', () => {
  const ctx = { account: ACCT, region: REGION };
  const template = {
    Parameters: {
      Prefix: { Type: 'String', Default: 'flow' },
      NoDefault: { Type: 'String' },
    },
    Mappings: { Accounts: { [REGION]: { Elb: '127311923021' } } },
    Resources: {
      ArchiveBucketA1B2: { Type: 'AWS::S3::Bucket', Properties: {} },
      NamedBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', ['named', { Ref: 'AWS::AccountId' }]] } } },
      ArchiveKey: { Type: 'AWS::KMS::Key', Properties: {} },
      DeliveryRole: { Type: 'AWS::IAM::Role', Properties: {} },
      LogGroup: { Type: 'AWS::Logs::LogGroup', Properties: {} },
      Alarms: { Type: 'AWS::SNS::Topic', Properties: {} },
      Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
      FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: {} },
      Schedule: { Type: 'AWS::Events::Rule', Properties: {} },
      NamedRule: { Type: 'AWS::Events::Rule', Properties: { Name: 'nightly', EventBusName: 'default' } },
      BusRule: { Type: 'AWS::Events::Rule', Properties: { EventBusName: `arn:aws:events:${REGION}:${ACCT}:event-bus/audit` } },
      Stream: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: {} },
      NamedStream: { Type: 'AWS::KinesisFirehose::DeliveryStream', Properties: { DeliveryStreamName: 'flow-logs' } },
    },
  };
  const r = (v: unknown) => resolveIntrinsics(v, template, ctx);

  test('pseudo parameters and template parameters', () => {
    expect(r({ Ref: 'AWS::AccountId' })).toBe(ACCT);
    expect(r({ Ref: 'AWS::Region' })).toBe(REGION);
    expect(r({ Ref: 'AWS::Partition' })).toBe('aws');
    expect(resolveIntrinsics({ Ref: 'AWS::Partition' }, template, { ...ctx, partition: 'aws-cn' })).toBe('aws-cn');
    expect(r({ Ref: 'AWS::URLSuffix' })).toBe('amazonaws.com');
    expect(r({ Ref: 'AWS::StackName' })).toBe('TestStack');
    expect(r({ Ref: 'Prefix' })).toBe('flow');
    expect(() => r({ Ref: 'NoDefault' })).toThrow(/no Default/);
  });

  test('Ref and GetAtt Arn agree on physical names', () => {
    expect(r({ Ref: 'ArchiveBucketA1B2' })).toBe('archivebucketa1b2');
    expect(r({ 'Fn::GetAtt': ['ArchiveBucketA1B2', 'Arn'] })).toBe('arn:aws:s3:::archivebucketa1b2');
    expect(r({ 'Fn::GetAtt': ['NamedBucket', 'Arn'] })).toBe(`arn:aws:s3:::named-${ACCT}`);
    expect(r({ Ref: 'NamedBucket' })).toBe(`named-${ACCT}`);

    const keyId = r({ Ref: 'ArchiveKey' });
    expect(keyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(keyId).not.toBe(fakeKeyId('OtherKey'));
    expect(r({ 'Fn::GetAtt': ['ArchiveKey', 'Arn'] })).toBe(`arn:aws:kms:${REGION}:${ACCT}:key/${keyId}`);

    expect(r({ Ref: 'DeliveryRole' })).toBe('DeliveryRole');
    expect(r({ 'Fn::GetAtt': ['DeliveryRole', 'Arn'] })).toBe(`arn:aws:iam::${ACCT}:role/DeliveryRole`);
    expect(r({ 'Fn::GetAtt': ['LogGroup', 'Arn'] })).toBe(`arn:aws:logs:${REGION}:${ACCT}:log-group:LogGroup:*`);
    expect(r({ Ref: 'Alarms' })).toBe(`arn:aws:sns:${REGION}:${ACCT}:Alarms`);
    expect(r({ 'Fn::GetAtt': ['Alarms', 'TopicArn'] })).toBe(`arn:aws:sns:${REGION}:${ACCT}:Alarms`);
    expect(r({ 'Fn::GetAtt': 'Fn.Arn' })).toBe(`arn:aws:lambda:${REGION}:${ACCT}:function:Fn`);
    expect(r({ 'Fn::GetAtt': ['ArchiveBucketA1B2', 'DomainName'] })).toBe('ArchiveBucketA1B2.DomainName');
    expect(r({ Ref: 'FlowLog' })).toBe('FlowLog');
    expect(r({ 'Fn::GetAtt': ['Schedule', 'Arn'] })).toBe(`arn:aws:events:${REGION}:${ACCT}:rule/Schedule`);
    expect(r({ 'Fn::GetAtt': ['NamedRule', 'Arn'] })).toBe(`arn:aws:events:${REGION}:${ACCT}:rule/nightly`);
    expect(r({ 'Fn::GetAtt': ['BusRule', 'Arn'] })).toBe(`arn:aws:events:${REGION}:${ACCT}:rule/audit/BusRule`);
    expect(r({ 'Fn::GetAtt': ['Stream', 'Arn'] })).toBe(`arn:aws:firehose:${REGION}:${ACCT}:deliverystream/Stream`);
    expect(r({ Ref: 'NamedStream' })).toBe('flow-logs');
    expect(r({ 'Fn::GetAtt': ['NamedStream', 'Arn'] })).toBe(`arn:aws:firehose:${REGION}:${ACCT}:deliverystream/flow-logs`);
  });

  test('Join, Sub, Select, Split, FindInMap and nested documents', () => {
    const policy = {
      Statement: [{
        Resource: [
          { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ArchiveBucketA1B2', 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
          { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${LogGroup}:*' },
        ],
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::Sub': ['${Arn}/${!literal}', { Arn: { 'Fn::GetAtt': ['DeliveryRole', 'Arn'] } }] } },
          StringEquals: { 'aws:SourceAccount': { 'Fn::Select': [1, { 'Fn::Split': [':', { 'Fn::GetAtt': ['ArchiveKey', 'Arn'] }] }] } },
        },
        Principal: { AWS: { 'Fn::FindInMap': ['Accounts', { Ref: 'AWS::Region' }, 'Elb'] } },
        Sid: { 'Fn::Sub': '${ArchiveKey.Arn}' },
        Extra: { Ref: 'AWS::NoValue' },
      }],
    };
    expect(r(policy)).toEqual({
      Statement: [{
        Resource: [
          `arn:aws:s3:::archivebucketa1b2/AWSLogs/${ACCT}/*`,
          `arn:aws:logs:${REGION}:${ACCT}:log-group:LogGroup:*`,
        ],
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:aws:iam::${ACCT}:role/DeliveryRole/\${literal}` },
          StringEquals: { 'aws:SourceAccount': 'aws' },
        },
        Principal: { AWS: '127311923021' },
        Sid: `arn:aws:kms:${REGION}:${ACCT}:key/${fakeKeyId('ArchiveKey')}`,
      }],
    });
  });

  test('anything unresolvable throws', () => {
    expect(() => r({ 'Fn::If': ['IsProd', 'a', 'b'] })).toThrow(/unsupported intrinsic Fn::If/);
    expect(() => r({ 'Fn::ImportValue': 'Exported' })).toThrow(/unsupported intrinsic/);
    expect(() => r({ Statement: [{ Resource: { 'Fn::Bogus': [] } }] })).toThrow(/\$\.Statement\[0\]\.Resource/);
    expect(() => r({ Ref: 'Missing' })).toThrow(/no resource or parameter named Missing/);
    expect(() => r({ 'Fn::GetAtt': ['Missing', 'Arn'] })).toThrow(/Missing/);
    expect(() => r({ 'Fn::Sub': '${Missing}' })).toThrow(/Missing/);
    expect(() => r({ Ref: 'AWS::NotificationARNs' })).toThrow(/pseudo parameter/);
    expect(() => r({ 'Fn::Select': [5, ['a']] })).toThrow(/out of range/);
  });

  test('a resolved bucket policy is evaluated as behaviour', async () => {
    const raw = {
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['ArchiveBucketA1B2', 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }],
    };
    const resourcePolicy = r(raw);
    const req: SimRequest = {
      principal: 'delivery.logs.amazonaws.com',
      action: 's3:PutObject',
      resource: `arn:aws:s3:::${r({ Ref: 'ArchiveBucketA1B2' })}/AWSLogs/${ACCT}/x`,
      context: { 'aws:SourceAccount': ACCT },
      resourcePolicy,
    };
    await expectOutcome(req, true);
    await expectOutcome({ ...req, resource: `arn:aws:s3:::${r({ Ref: 'NamedBucket' })}/AWSLogs/${ACCT}/x` }, false);
  });
});

describe('a call that names no resource', () => {
  const role = `arn:aws:iam::${ACCT}:role/Probe`;
  const dataset = `arn:aws:cloudwatch:${REGION}:${ACCT}:dataset/d-1`;
  const policy = (...statements: any[]) => ({ Version: '2012-10-17', Statement: statements });
  const putMetric = { Sid: 'PutMetric', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'App' } } };
  const onlyDataset = { Sid: 'OnlyDataset', Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: dataset };
  const put = (identityPolicies: any[], context: Record<string, string> = { 'cloudwatch:namespace': 'App' }): SimRequest => ({
    principal: role, action: 'cloudwatch:PutMetricData', resource: '*', resourceAccount: ACCT, identityPolicies, context,
  });

  test('an action with optional resource types: a Resource \'*\' statement and its condition decide', async () => {
    await expectOutcome(put([policy(putMetric)]), true);
    await expectOutcome(put([policy(putMetric)], { 'cloudwatch:namespace': 'Other' }), false);
    await expectOutcome(put([policy(putMetric)], {}), false);
    expect(await explain(put([policy(putMetric)]))).toMatch(/^Allowed: .* naming no resource[\s\S]*allow: PutMetric/);
  });

  test('iam-simulate alone reads \'*\' as a pattern: an Allow on one dataset counts (the reason for the narrowing)', async () => {
    const raw = await runSimulation({
      request: { principal: role, action: 'cloudwatch:PutMetricData', resource: { resource: '*', accountId: ACCT }, contextVariables: {} },
      identityPolicies: [{ name: 'p', policy: policy(onlyDataset) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    }, {});
    expect([raw.resultType, raw.resultType === 'error' ? undefined : raw.overallResult]).toEqual(['wildcard', 'Allowed']);
    await expectOutcome(put([policy(onlyDataset)], {}), false);
    expect(await explain(put([policy(onlyDataset)], {}))).toMatch(/^ImplicitlyDenied: .* naming no resource/);
  });

  test('a Deny applies through Resource \'*\' or a NotResource that does not exclude \'*\'', async () => {
    const denyAll = { Sid: 'DenyAll', Effect: 'Deny', Action: 'cloudwatch:*', Resource: '*' };
    const denyButDataset = { Sid: 'DenyButDataset', Effect: 'Deny', Action: 'cloudwatch:*', NotResource: dataset };
    const denyButAll = { Sid: 'DenyButAll', Effect: 'Deny', Action: 'cloudwatch:*', NotResource: ['*'] };
    await expectOutcome(put([policy(putMetric, denyAll)]), false);
    expect(await explain(put([policy(putMetric, denyAll)]))).toMatch(/^ExplicitlyDenied:[\s\S]*deny: DenyAll/);
    await expectOutcome(put([policy(putMetric, denyButDataset)]), false);
    await expectOutcome(put([policy(putMetric, denyButAll)]), true);
  });

  test('the root user of the account needs no identity policy', async () => {
    await expectOutcome({ principal: `arn:aws:iam::${ACCT}:root`, action: 'cloudwatch:PutMetricData', resource: '*', resourceAccount: ACCT }, true);
  });

  test('an action without resource types is evaluated by iam-simulate directly', async () => {
    const describeFlowLogs = (resource: string): SimRequest => ({
      principal: role,
      action: 'ec2:DescribeFlowLogs',
      resource: '*',
      resourceAccount: ACCT,
      identityPolicies: [policy({ Effect: 'Allow', Action: 'ec2:DescribeFlowLogs', Resource: resource })],
    });
    await expectOutcome(describeFlowLogs('*'), true);
    await expectOutcome(describeFlowLogs(`arn:aws:ec2:${REGION}:${ACCT}:vpc-flow-log/*`), false);
  });

  test('any other pattern still throws', async () => {
    await expect(isAllowed({ ...put([policy(putMetric)]), resource: `arn:aws:cloudwatch:${REGION}:${ACCT}:dataset/*` })).rejects.toThrow(/concrete resource ARN/);
  });

  test('forCallWithoutResource keeps the statements that can apply, with Resource \'*\'', () => {
    const trust = { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' };
    expect(forCallWithoutResource(policy(
      { Sid: 'A', Effect: 'Allow', Action: 'x:Y', Resource: [dataset, '*'] },
      { Sid: 'B', Effect: 'Allow', Action: 'x:Y', Resource: 'arn:aws:*' },
      { Sid: 'C', Effect: 'Deny', Action: 'x:Y', NotResource: dataset },
      { Sid: 'D', Effect: 'Deny', Action: 'x:Y', NotResource: ['*'] },
      trust,
    ))).toEqual(policy(
      { Sid: 'A', Effect: 'Allow', Action: 'x:Y', Resource: '*' },
      { Sid: 'C', Effect: 'Deny', Action: 'x:Y', Resource: '*' },
      trust,
    ));
    expect(forCallWithoutResource({ Version: '2012-10-17', Statement: onlyDataset })).toBeUndefined();
  });
});

describe('lambdaPermissionPolicy', () => {
  const fn = `arn:aws:lambda:${REGION}:${ACCT}:function:Probe`;
  const rule = `arn:aws:events:${REGION}:${ACCT}:rule/Schedule`;
  const invoke = (resourcePolicy: any, principal: string, context: Record<string, string> = {}): SimRequest => ({
    principal, action: 'lambda:InvokeFunction', resource: fn, resourcePolicy, context,
  });

  test('a service principal with SourceArn and SourceAccount', async () => {
    const policy = lambdaPermissionPolicy([
      { Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: 'events.amazonaws.com', SourceArn: rule, SourceAccount: ACCT },
    ]);
    expect(policy.Statement).toEqual([{
      Sid: 'LambdaPermission0',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: fn,
      Condition: { ArnLike: { 'aws:SourceArn': rule }, StringEquals: { 'aws:SourceAccount': ACCT } },
    }]);
    await expectOutcome(invoke(policy, 'events.amazonaws.com', { 'aws:SourceArn': rule, 'aws:SourceAccount': ACCT }), true);
    await expectOutcome(invoke(policy, 'events.amazonaws.com', { 'aws:SourceArn': `${rule}-other`, 'aws:SourceAccount': ACCT }), false);
    await expectOutcome(invoke(policy, 'sns.amazonaws.com', { 'aws:SourceArn': rule, 'aws:SourceAccount': ACCT }), false);
  });

  test('an account id becomes its root, with PrincipalOrgID as a condition', () => {
    expect(lambdaPermissionPolicy([{ Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: OTHER, PrincipalOrgID: 'o-a1b2c3d4e5' }]).Statement[0])
      .toMatchObject({ Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
    expect(lambdaPermissionPolicy([{ Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: '*' }]).Statement[0])
      .toEqual({ Sid: 'LambdaPermission0', Effect: 'Allow', Principal: '*', Action: 'lambda:InvokeFunction', Resource: fn });
  });

  test('what it cannot translate throws', () => {
    expect(() => lambdaPermissionPolicy([])).toThrow(/no permissions/);
    expect(() => lambdaPermissionPolicy([{ Action: 'lambda:InvokeFunction', FunctionName: fn, Principal: '*', FunctionUrlAuthType: 'NONE' }]))
      .toThrow(/unsupported properties FunctionUrlAuthType/);
    expect(() => lambdaPermissionPolicy([{ Action: 'lambda:InvokeFunction', FunctionName: 'Probe', Principal: '*' }])).toThrow(/function ARN/);
    expect(() => lambdaPermissionPolicy([{ Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': ['Fn', 'Arn'] }, Principal: '*' }]))
      .toThrow(/resolved string/);
  });
});
