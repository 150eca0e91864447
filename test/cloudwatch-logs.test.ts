import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CloudWatchLogsDestinationOptions, FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../src';
import { ACCOUNT, logicalIdByPath, newStack, newVpc, REGION } from './support/fixtures';

/** These tests are about delivery; the alarms' own resources are tested in alarms.test.ts. */
const NO_ALARMS = { enabled: false };

function cloudWatchArchive(options: CloudWatchLogsDestinationOptions = {}) {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))],
    alarms: NO_ALARMS,
    destinations: [FlowLogDestination.cloudWatchLogs(options)],
  });
  return { stack, archive, template: Template.fromStack(stack) };
}

/**
 * `arn:aws:logs:<region>:<account>:log-group:<name>`, as LogDestination must
 * be: the log group's Arn attribute ends in ':*', which EC2 accepts and then
 * reports "Access error" for.
 */
function logGroupArnWithoutStreams(logGroupId: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:${ACCOUNT}:log-group:`, { Ref: logGroupId }]] };
}

describe('CloudWatch Logs destination with defaults', () => {
  const { stack, archive, template } = cloudWatchArchive();
  const logGroupId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/');
  const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/LogGroupKey/');
  const roleId = logicalIdByPath(template, 'AWS::IAM::Role', 'FlowLogs/DeliveryRole/');
  const policyId = logicalIdByPath(template, 'AWS::IAM::ManagedPolicy', 'FlowLogs/DeliveryPolicy/');

  test('the flow log writes to the log group through the delivery role, after its policy exists', () => {
    template.hasResource('AWS::EC2::FlowLog', {
      Properties: {
        ResourceType: 'VPC',
        TrafficType: 'ALL',
        MaxAggregationInterval: 600,
        LogDestinationType: 'cloud-watch-logs',
        LogDestination: logGroupArnWithoutStreams(logGroupId),
        DeliverLogsPermissionArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        DestinationOptions: Match.absent(),
        Tags: [{ Key: 'cdk-flow-log-archive:archive', Value: 'Stack/FlowLogs' }, { Key: 'Name', Value: 'Stack/FlowLogs/Vpc/cloudwatch-logs' }],
      },
      DependsOn: [policyId],
    });
    expect(archive.flowLogs.map((f) => f.node.path)).toEqual(['Stack/FlowLogs/Vpc-Vpc/CloudWatchLogs']);
  });

  test('the log group is KMS-encrypted, keeps one year, and is retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 365, LogGroupName: Match.absent() },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('the log group key rotates and lets CloudWatch Logs use it for this account\'s log groups only', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        Description: 'Encrypts the VPC flow logs of Stack/FlowLogs in CloudWatch Logs',
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Sid: 'AllowCloudWatchLogsToUseTheKey',
            Effect: 'Allow',
            Principal: { Service: { 'Fn::Join': ['', [`logs.${REGION}.`, { Ref: 'AWS::URLSuffix' }]] } },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:${ACCOUNT}:log-group:*`]] },
              },
            },
          }]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the delivery role trusts only VPC Flow Logs, for this account\'s flow logs', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ec2:${REGION}:${ACCOUNT}:vpc-flow-log/*`]] } },
          },
        }],
      },
      Description: 'Lets VPC Flow Logs deliver the flow logs of Stack/FlowLogs to CloudWatch Logs',
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('the role may only create streams, put events and describe streams in its log group (customer managed policy)', () => {
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        }],
      },
      Roles: [{ Ref: roleId }],
      Description: 'Lets VPC Flow Logs write the flow logs of Stack/FlowLogs to its log groups',
    });
    expect(Object.keys(template.findResources('AWS::IAM::ManagedPolicy'))).toEqual([policyId]);
  });

  test('attributes expose the log group, the role and the key', () => {
    expect(archive.logGroup).toBeDefined();
    expect(stack.resolve(archive.logGroup!.logGroupArn)).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
    expect(stack.resolve(archive.deliveryRole!.roleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(stack.resolve((archive.encryptionKey as kms.Key).keyArn)).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(archive.bucket).toBeUndefined();
    expect(archive.archiveBucket).toBeUndefined();
  });

  test('no S3 resources and no warnings', () => {
    template.resourceCountIs('AWS::S3::Bucket', 0);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('metricIncomingLogEvents and metricIncomingBytes watch the log group', () => {
    // The metric AWS/Logs publishes is IncomingLogEvents (the L2 of 2.189 says 'IncomingLogs').
    const events = archive.metricIncomingLogEvents();
    expect(events.namespace).toBe('AWS/Logs');
    expect(events.metricName).toBe('IncomingLogEvents');
    expect(events.statistic).toBe('Sum');
    expect(events.period.toMinutes()).toBe(5);
    expect(stack.resolve(events.dimensions)).toEqual({ LogGroupName: { Ref: logGroupId } });
    const defaultBytes = archive.metricIncomingBytes();
    expect([defaultBytes.namespace, defaultBytes.metricName, defaultBytes.statistic, defaultBytes.period.toMinutes()])
      .toEqual(['AWS/Logs', 'IncomingBytes', 'Sum', 5]);
    const hourlyEvents = archive.metricIncomingLogEvents({ period: Duration.hours(1), statistic: 'Average' });
    expect([hourlyEvents.statistic, hourlyEvents.period.toHours()]).toEqual(['Average', 1]);
    const bytes = archive.metricIncomingBytes({ period: Duration.hours(1) });
    expect([bytes.metricName, bytes.statistic, bytes.period.toHours()]).toEqual(['IncomingBytes', 'Sum', 1]);
    expect(stack.resolve(bytes.dimensions)).toEqual({ LogGroupName: { Ref: logGroupId } });
  });
});

describe('CloudWatch Logs options', () => {
  test('retention and removalPolicy apply to the log group and its key', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ retention: logs.RetentionDays.TEN_YEARS })],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 3653 }, DeletionPolicy: 'Delete' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('retention shorter than a year works, with a warning naming Security Hub CloudWatch.16', () => {
    const { stack, template } = cloudWatchArchive({ retention: logs.RetentionDays.ONE_MONTH });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp('retention is 30 days: Security Hub CloudWatch.16'));
  });

  test('an encryptionKey defined in the app is used and gets the CloudWatch Logs statement', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'TeamKey', { enableKeyRotation: true });
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ encryptionKey: key })],
    });
    const template = Template.fromStack(stack);
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'TeamKey');
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toEqual([keyId]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowCloudWatchLogsToUseTheKey' })]) },
    });
  });

  test('an imported encryptionKey is used, with a warning about its key policy', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'TeamKey', `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ encryptionKey: key })],
    });
    Template.fromStack(stack).resourceCountIs('AWS::KMS::Key', 0);
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp('encryptionKey of the log group is not defined in this app'));
  });

  test('LogDestination is the log group ARN without the \':*\' of its Arn attribute, also for imported log groups', () => {
    const stack = newStack();
    const imported = logs.LogGroup.fromLogGroupArn(stack, 'Imported', `arn:aws:logs:${REGION}:222222222222:log-group:org/flow-logs:*`);
    const byName = logs.LogGroup.fromLogGroupName(stack, 'ByName', 'team/flow-logs');
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: imported }), FlowLogDestination.cloudWatchLogs({ logGroup: byName })],
    });
    const destinations = archive.flowLogs.map((flowLog) => stack.resolve(flowLog.logDestination));
    expect(destinations).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:222222222222:log-group:org/flow-logs`]] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:${ACCOUNT}:log-group:team/flow-logs`]] },
    ]);
  });

  test('an existing log group is written to; no log group or key is created', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'Existing', { retention: logs.RetentionDays.TWO_YEARS });
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ logGroup })],
    });
    const template = Template.fromStack(stack);
    const logGroupId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'Existing');
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: logGroupArnWithoutStreams(logGroupId) });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } })] },
    });
    expect(archive.flowLogs[0].node.id).toBe('CloudWatchLogs-Existing');
    expect(archive.encryptionKey).toBeUndefined();
  });

  test('a role defined in the app gets the delivery policy and no other role is created', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'TeamRole', { assumedBy: new iam.ServicePrincipal('vpc-flow-logs.amazonaws.com') });
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ deliveryRole: role })],
    });
    const template = Template.fromStack(stack);
    const roleId = logicalIdByPath(template, 'AWS::IAM::Role', 'TeamRole');
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual([roleId]);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', { Roles: [{ Ref: roleId }] });
    template.hasResourceProperties('AWS::EC2::FlowLog', { DeliverLogsPermissionArn: { 'Fn::GetAtt': [roleId, 'Arn'] } });
    expect(archive.deliveryRole).toBe(role);
  });

  test('an imported role is used as is, with a warning listing what it needs', () => {
    const stack = newStack();
    const role = iam.Role.fromRoleArn(stack, 'TeamRole', `arn:aws:iam::${ACCOUNT}:role/flow-logs-delivery`);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs({ deliveryRole: role })],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResource('AWS::EC2::FlowLog', {
      Properties: Match.objectLike({ DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs-delivery` }),
      DependsOn: Match.absent(),
    });
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp(
      'deliveryRole is not defined in this app.*vpc-flow-logs.amazonaws.com.*logs:CreateLogStream, logs:PutLogEvents, logs:DescribeLogStreams'));
  });

  test('two CloudWatch Logs destinations share one role and one policy', () => {
    const stack = newStack();
    const second = new logs.LogGroup(stack, 'Second');
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      alarms: NO_ALARMS,
      destinations: [FlowLogDestination.cloudWatchLogs(), FlowLogDestination.cloudWatchLogs({ logGroup: second })],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    const [policy] = Object.values(template.findResources('AWS::IAM::ManagedPolicy')) as any[];
    expect(policy.Properties.PolicyDocument.Statement).toHaveLength(2);
    expect(policy.Properties.Roles).toHaveLength(1);
  });
});

describe('both destinations', () => {
  function dual(configure: (stack: any, archive: FlowLogArchive) => void = () => {}) {
    const stack = newStack();
    const vpc = newVpc(stack);
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc), ...FlowLogTarget.fromSubnets(vpc.publicSubnets)],
      destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()],
      alarms: NO_ALARMS,
    });
    configure(stack, archive);
    return { stack, archive, template: Template.fromStack(stack) };
  }

  test('exactly targets x 2 flow logs, one per destination each', () => {
    const { template } = dual();
    const flowLogs = Object.values(template.findResources('AWS::EC2::FlowLog')) as any[];
    expect(flowLogs).toHaveLength(6);
    expect(flowLogs.filter((f) => f.Properties.LogDestinationType === 's3')).toHaveLength(3);
    expect(flowLogs.filter((f) => f.Properties.LogDestinationType === 'cloud-watch-logs')).toHaveLength(3);
  });

  test('adding the CloudWatch Logs destination replaces none of the S3 flow logs', () => {
    const ids = (destinations: FlowLogDestination[]) => {
      const stack = newStack();
      new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations, alarms: NO_ALARMS });
      return Object.keys(Template.fromStack(stack).findResources('AWS::EC2::FlowLog'));
    };
    const before = ids([FlowLogDestination.s3()]);
    const after = ids([FlowLogDestination.cloudWatchLogs(), FlowLogDestination.s3()]);
    expect(after).toHaveLength(2);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test('attributes: S3 bucket and key, log group and role', () => {
    const { stack, archive, template } = dual();
    // (Node paths, not toBe: a failing toBe prints both construct trees.)
    expect(archive.bucket?.node.path).toBe('Stack/FlowLogs/ArchiveBucket/Bucket');
    expect(stack.resolve(archive.bucket!.bucketName)).toEqual({ Ref: logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket/') });
    expect(archive.logGroup?.node.path).toBe('Stack/FlowLogs/LogGroup');
    expect(stack.resolve(archive.logGroup!.logGroupName)).toEqual({ Ref: logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/') });
    expect(archive.deliveryRole?.node.path).toBe('Stack/FlowLogs/DeliveryRole');
    expect(stack.resolve(archive.deliveryRole!.roleArn)).toEqual({ 'Fn::GetAtt': [logicalIdByPath(template, 'AWS::IAM::Role', 'FlowLogs/DeliveryRole/'), 'Arn'] });
    expect(archive.encryptionKey).toBe(archive.archiveBucket!.encryptionKey);
    expect(stack.resolve((archive.encryptionKey as kms.Key).keyArn))
      .toEqual({ 'Fn::GetAtt': [logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/ArchiveBucket/Key/'), 'Arn'] });
  });

  test('grantRead covers the S3 objects, the key and the log group', () => {
    const { template } = dual((stack, archive) => archive.grantRead(new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() })));
    const statements = (Object.values(template.findResources('AWS::IAM::Policy'))[0] as any).Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Action)).toEqual([
      ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
      ['kms:Decrypt', 'kms:DescribeKey'],
      ['logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:GetLogGroupFields', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
    ]);
  });
});
