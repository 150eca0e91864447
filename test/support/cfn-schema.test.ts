import { App, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SchemaProblem, validateResource, validateTemplate } from './cfn-schema';

const FLOW_LOG = 'AWS::EC2::FlowLog';

function validFlowLog(): Record<string, unknown> {
  return {
    ResourceId: 'vpc-0123456789abcdef0',
    ResourceType: 'VPC',
    TrafficType: 'ALL',
    LogDestinationType: 's3',
    LogDestination: 'arn:aws:s3:::my-flow-log-archive/vpc/',
    MaxAggregationInterval: 600,
    DestinationOptions: {
      FileFormat: 'plain-text',
      HiveCompatiblePartitions: false,
      PerHourPartition: false,
    },
    Tags: [{ Key: 'project', Value: 'flow-logs' }],
  };
}

function paths(problems: SchemaProblem[]): string[] {
  return problems.map((p) => p.path).sort();
}

describe('validateResource: AWS::EC2::FlowLog', () => {
  test('a valid flow log has no problems', () => {
    expect(validateResource(FLOW_LOG, validFlowLog())).toEqual([]);
  });

  test('camelCase keys inside DestinationOptions are reported with their path', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      DestinationOptions: { fileFormat: 'plain-text', hiveCompatiblePartitions: false, perHourPartition: false },
    });
    expect(paths(problems)).toEqual([
      'DestinationOptions.fileFormat',
      'DestinationOptions.hiveCompatiblePartitions',
      'DestinationOptions.perHourPartition',
    ]);
    expect(problems.find((p) => p.path === 'DestinationOptions.fileFormat')?.message).toMatch(/did you mean 'FileFormat'/);
  });

  test('values under a mis-cased key are still type-checked', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      DestinationOptions: { fileFormat: 'csv', HiveCompatiblePartitions: false, PerHourPartition: false },
    });
    expect(paths(problems)).toEqual(['DestinationOptions.fileFormat', 'DestinationOptions.fileFormat']);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/'csv' is not one of the allowed values: plain-text, parquet/);
  });

  test('an unknown key inside DestinationOptions is reported', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true, Compression: 'gzip' },
    });
    expect(paths(problems)).toEqual(['DestinationOptions.Compression']);
    expect(problems[0].message).toMatch(/unknown property 'Compression' in DestinationOptions/);
  });

  test('missing required top-level properties are reported', () => {
    const props = validFlowLog();
    delete props.ResourceId;
    delete props.ResourceType;
    const problems = validateResource(FLOW_LOG, props);
    expect(paths(problems)).toEqual(['ResourceId', 'ResourceType']);
    expect(problems[0].message).toMatch(/missing required property/);
  });

  test('undefined Properties reports every required property', () => {
    expect(paths(validateResource(FLOW_LOG, undefined))).toEqual(['ResourceId', 'ResourceType']);
  });

  test('missing required properties inside a type definition are reported', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      DestinationOptions: { FileFormat: 'plain-text' },
    });
    expect(paths(problems)).toEqual(['DestinationOptions.HiveCompatiblePartitions', 'DestinationOptions.PerHourPartition']);
  });

  test.each([
    ['a non-numeric string', 'abc'],
    ['an object', { seconds: 600 }],
    ['an array', [600]],
    ['a fraction', 60.5],
    ['a boolean', true],
    ['null', null],
  ])('MaxAggregationInterval as %s is a type error', (_name, value) => {
    const problems = validateResource(FLOW_LOG, { ...validFlowLog(), MaxAggregationInterval: value });
    expect(paths(problems)).toEqual(['MaxAggregationInterval']);
    expect(problems[0].message).toMatch(/expected integer/);
  });

  test('numbers given as strings are accepted (CloudFormation coerces them)', () => {
    expect(validateResource(FLOW_LOG, { ...validFlowLog(), MaxAggregationInterval: '600' })).toEqual([]);
  });

  test('a non-boolean for a boolean property is a type error', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: 'yes', PerHourPartition: false },
    });
    expect(paths(problems)).toEqual(['DestinationOptions.HiveCompatiblePartitions']);
    expect(problems[0].message).toMatch(/expected boolean/);
  });

  test('a value outside the allowed values is reported', () => {
    const problems = validateResource(FLOW_LOG, { ...validFlowLog(), TrafficType: 'all', ResourceType: 'Vpc' });
    expect(paths(problems)).toEqual(['ResourceType', 'TrafficType']);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/'all' is not one of the allowed values: ACCEPT, ALL, REJECT/);
  });

  test('an object where a string is expected is a type error', () => {
    const problems = validateResource(FLOW_LOG, { ...validFlowLog(), LogDestination: { Bucket: 'my-bucket' } });
    expect(paths(problems)).toEqual(['LogDestination']);
    expect(problems[0].message).toMatch(/expected string/);
  });

  test('an unknown top-level property is reported', () => {
    const problems = validateResource(FLOW_LOG, { ...validFlowLog(), LogDestinationArn: 'arn:aws:s3:::bucket' });
    expect(paths(problems)).toEqual(['LogDestinationArn']);
    expect(problems[0].message).toMatch(/unknown property 'LogDestinationArn' in AWS::EC2::FlowLog/);
  });

  test('intrinsics are accepted wherever a value is expected', () => {
    const problems = validateResource(FLOW_LOG, {
      ResourceId: { Ref: 'Vpc8378EB38' },
      ResourceType: { 'Fn::Select': [0, ['VPC', 'Subnet']] },
      TrafficType: { 'Fn::ImportValue': 'shared-traffic-type' },
      LogDestinationType: { 'Fn::If': ['UseS3', 's3', 'cloud-watch-logs'] },
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/vpc/']] },
      DeliverLogsPermissionArn: { 'Fn::GetAtt': ['Role1ABCC5F0', 'Arn'] },
      LogFormat: { 'Fn::Sub': '${AWS::Region} ${version}' },
      MaxAggregationInterval: { Ref: 'AggregationInterval' },
      DestinationOptions: { 'Fn::If': ['UseS3', { FileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true }, { Ref: 'AWS::NoValue' }] },
      Tags: { 'Fn::If': ['Tagged', [{ Key: 'a', Value: { Ref: 'AWS::StackName' } }], { Ref: 'AWS::NoValue' }] },
    });
    expect(problems).toEqual([]);
  });

  test('both branches of Fn::If are validated against the expected type', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      MaxAggregationInterval: { 'Fn::If': ['Fast', 60, 'ten minutes'] },
      DestinationOptions: { 'Fn::If': ['UseS3', { fileFormat: 'parquet', HiveCompatiblePartitions: true, PerHourPartition: true }, { Ref: 'AWS::NoValue' }] },
    });
    expect(paths(problems)).toEqual(['DestinationOptions.Fn::If[1].fileFormat', 'MaxAggregationInterval.Fn::If[2]']);
  });

  test('tags must be a list of { Key, Value }', () => {
    const problems = validateResource(FLOW_LOG, {
      ...validFlowLog(),
      Tags: [{ Key: 'ok', Value: 'ok' }, { key: 'a', value: 'b' }, { Key: 'no-value' }],
    });
    expect(paths(problems)).toEqual(['Tags[1].key', 'Tags[1].value', 'Tags[2].Value']);
  });

  test('tags given as a map are a type error', () => {
    const problems = validateResource(FLOW_LOG, { ...validFlowLog(), Tags: { project: 'flow-logs' } });
    expect(paths(problems)).toEqual(['Tags']);
    expect(problems[0].message).toMatch(/expected Array<Tag>, got object/);
  });

  test('an unknown resource type is reported', () => {
    expect(validateResource('AWS::EC2::FlowLogs', {})).toEqual([{ path: '', message: "unknown resource type 'AWS::EC2::FlowLogs'" }]);
  });
});

describe('validateResource: other resource types', () => {
  function validBucket(): Record<string, unknown> {
    return {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } },
          BucketKeyEnabled: true,
        }],
      },
      LifecycleConfiguration: {
        Rules: [{
          Id: 'archive',
          Status: 'Enabled',
          Prefix: 'AWSLogs/',
          ExpirationInDays: 365,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        }],
      },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      Tags: [{ Key: 'project', Value: 'flow-logs' }],
    };
  }

  test('a valid AWS::S3::Bucket with nested configuration has no problems', () => {
    expect(validateResource('AWS::S3::Bucket', validBucket())).toEqual([]);
  });

  test('problems deep inside AWS::S3::Bucket are reported with their full path', () => {
    const bucket = validBucket();
    bucket.LifecycleConfiguration = {
      Rules: [{
        Status: 'On',
        ExpirationInDays: 'a year',
        Transitions: [{ StorageClass: 'GLACIER', TransitionDays: 90 }],
      }],
    };
    expect(paths(validateResource('AWS::S3::Bucket', bucket))).toEqual([
      'LifecycleConfiguration.Rules[0].ExpirationInDays',
      'LifecycleConfiguration.Rules[0].Status',
      'LifecycleConfiguration.Rules[0].Transitions[0].TransitionDays',
    ]);
  });

  test('integer allowed values are checked (AWS::Logs::LogGroup RetentionInDays)', () => {
    expect(validateResource('AWS::Logs::LogGroup', { RetentionInDays: 7 })).toEqual([]);
    expect(paths(validateResource('AWS::Logs::LogGroup', { RetentionInDays: 8 }))).toEqual(['RetentionInDays']);
  });

  test('map-typed tags (AWS::SSM::Parameter) accept a map and reject a list', () => {
    const base = { Type: 'String', Value: 'v' };
    expect(validateResource('AWS::SSM::Parameter', { ...base, Tags: { project: 'flow-logs' } })).toEqual([]);
    expect(paths(validateResource('AWS::SSM::Parameter', { ...base, Tags: [{ Key: 'project', Value: 'flow-logs' }] }))).toEqual(['Tags']);
  });

  test('json | string unions (KMS KeyPolicy) accept an object or a string; KeySpec enum is checked', () => {
    const policy = { Version: '2012-10-17', Statement: [] };
    expect(validateResource('AWS::KMS::Key', { KeyPolicy: policy })).toEqual([]);
    expect(validateResource('AWS::KMS::Key', { KeyPolicy: JSON.stringify(policy) })).toEqual([]);
    expect(paths(validateResource('AWS::KMS::Key', { KeyPolicy: policy, KeySpec: 'AES_256' }))).toEqual(['KeySpec']);
    // CloudFormation rejects null values anywhere in a template, even for free-form json.
    expect(paths(validateResource('AWS::KMS::Key', { KeyPolicy: null }))).toEqual(['KeyPolicy']);
  });
});

describe('validateTemplate', () => {
  test('skips types the spec does not know and prefixes problems with the logical id', () => {
    const problems = validateTemplate({
      Resources: {
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: { Analytics: 'v2:deflate64:...' } },
        Custom: { Type: 'Custom::Anything', Properties: { ServiceToken: 'arn', Whatever: { any: 'thing' } } },
        GoodFlowLog: { Type: FLOW_LOG, Properties: validFlowLog() },
        BadFlowLog: { Type: FLOW_LOG, Properties: { ...validFlowLog(), DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: false, perHourPartition: false } } },
        NoType: { Properties: {} },
      },
    });
    expect(paths(problems)).toEqual(['BadFlowLog.DestinationOptions.perHourPartition', 'NoType']);
  });

  test('a template without resources has no problems', () => {
    expect(validateTemplate({})).toEqual([]);
  });

  describe('over a real CDK stack', () => {
    let template: { Resources: Record<string, any> };

    beforeAll(() => {
      const app = new App();
      const stack = new Stack(app, 'SchemaStack', { env: { account: '111111111111', region: 'eu-west-1' } });
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
      new s3.Bucket(stack, 'Archive', {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        versioned: true,
        removalPolicy: RemovalPolicy.DESTROY,
        autoDeleteObjects: true,
        lifecycleRules: [{
          id: 'archive',
          prefix: 'AWSLogs/',
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          expiration: Duration.days(365),
          noncurrentVersionExpiration: Duration.days(30),
          transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(90) }],
        }],
      });
      Tags.of(stack).add('project', 'flow-logs');
      template = Template.fromStack(stack).toJSON() as { Resources: Record<string, any> };
    });

    test('has no problems', () => {
      expect(validateTemplate(template)).toEqual([]);
    });

    test('actually contains the resources being validated', () => {
      const types = Object.values(template.Resources).map((r) => r.Type);
      expect(types).toEqual(expect.arrayContaining([
        'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'Custom::S3AutoDeleteObjects',
      ]));
    });

    test('reports a problem injected into the synthesized bucket', () => {
      const copy = JSON.parse(JSON.stringify(template)) as { Resources: Record<string, any> };
      const [bucketId, bucket] = Object.entries(copy.Resources).find(([, r]) => r.Type === 'AWS::S3::Bucket')!;
      bucket.Properties.LifecycleConfiguration.Rules[0].expirationInDays = 365;
      expect(paths(validateTemplate(copy))).toEqual([`${bucketId}.LifecycleConfiguration.Rules[0].expirationInDays`]);
    });
  });
});
