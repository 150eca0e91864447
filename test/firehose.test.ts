/**
 * FlowLogDestination.firehose(): the flow-log properties for a stream in
 * this account and in another, the tag log delivery needs, the source role
 * and the stream account's FlowLogFirehoseCrossAccountRole, the alarms on
 * the stream's metrics, and the warnings for what the app cannot change.
 * (Bad inputs: bad-inputs.test.ts; the policies as behaviour: policies.test.ts.)
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FirehoseDestinationOptions, FlowLogArchive, FlowLogArchiveProps, FlowLogDestination, FlowLogFirehoseCrossAccountRole, FlowLogTarget } from '../src';
import { ACCOUNT, logicalIdByPath, newApp, newStack, newVpc, REGION } from './support/fixtures';

const OTHER = '222222222222';
const OWN_STREAM = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/flow-logs`;
const HUB_STREAM = `arn:aws:firehose:${REGION}:${OTHER}:deliverystream/central-flow-logs`;
const HUB_ROLE = `arn:aws:iam::${OTHER}:role/AWSLogDeliveryFirehoseCrossAccountRole-${REGION}`;
const partitionArn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

/** A stream of the app (Direct PUT, to a bucket). */
function appStream(stack: Stack, id = 'Stream'): firehose.DeliveryStream {
  return new firehose.DeliveryStream(stack, id, { destination: new firehose.S3Bucket(new s3.Bucket(stack, `${id}Bucket`)) });
}

function archive(stack: Stack, options: FirehoseDestinationOptions, props: Partial<FlowLogArchiveProps> = {}): FlowLogArchive {
  return new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.firehose(options)], ...props,
  });
}

function warnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
}

describe('a delivery stream of this account, defined in the app', () => {
  const stack = newStack();
  const stream = appStream(stack);
  const flowLogs = archive(stack, { deliveryStream: stream });
  const template = Template.fromStack(stack);
  const streamId = logicalIdByPath(template, 'AWS::KinesisFirehose::DeliveryStream', 'Stack/Stream/Resource');

  test('the flow log delivers to the stream\'s ARN, with no role and no DestinationOptions', () => {
    const [flowLog] = Object.values<any>(template.findResources('AWS::EC2::FlowLog'));
    expect(flowLog.Properties).toEqual({
      ResourceType: 'VPC',
      ResourceId: { Ref: logicalIdByPath(template, 'AWS::EC2::VPC', 'Stack/Vpc/Resource') },
      TrafficType: 'ALL',
      MaxAggregationInterval: 600,
      LogDestinationType: 'kinesis-data-firehose',
      LogDestination: { 'Fn::GetAtt': [streamId, 'Arn'] },
      Tags: [
        { Key: 'cdk-flow-log-archive:archive', Value: 'Stack/FlowLogs' },
        { Key: 'Name', Value: { 'Fn::Join': ['', ['Stack/FlowLogs/Vpc/firehose/', { Ref: streamId }]] } },
      ],
    });
    expect(flowLogs.flowLogs[0].node.path).toBe('Stack/FlowLogs/Vpc-Vpc/Firehose-Stream');
  });

  test('the stream, and only the stream, gets the tag LogDeliveryEnabled=true', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      Tags: [{ Key: 'LogDeliveryEnabled', Value: 'true' }],
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('LogDeliveryEnabled');
  });

  test('alarms on the stream\'s IncomingRecords (no records in the period) and ThrottledRecords, to the archive\'s topic', () => {
    const topic = { Ref: logicalIdByPath(template, 'AWS::SNS::Topic', 'FlowLogs/AlarmTopic') };
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: no records in Firehose (Firehose-Stream)',
      Namespace: 'AWS/Firehose',
      MetricName: 'IncomingRecords',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: streamId } }],
      Statistic: 'Sum',
      Period: 3600,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      TreatMissingData: 'breaching',
      AlarmActions: [topic],
      OKActions: [topic],
      AlarmDescription: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('LogDeliveryEnabled=true')])] }),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: Firehose throttled records (Firehose-Stream)',
      Namespace: 'AWS/Firehose',
      MetricName: 'ThrottledRecords',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: { Ref: streamId } }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    // Two for the stream, one for the probe.
    expect(flowLogs.alarms).toHaveLength(3);
  });

  test('no role, no warning; nothing to read or query here', () => {
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1); // the probe's
    expect(warnings(stack)).toEqual([]);
    expect(flowLogs.bucket).toBeUndefined();
    expect(flowLogs.logGroup).toBeUndefined();
    expect(flowLogs.deliveryRole).toBeUndefined();
    const reader = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    expect(flowLogs.grantRead(reader).success).toBe(false);
    expect(() => flowLogs.addQueries()).toThrow('destinations must include an S3 destination for addQueries()');
  });
});

describe('a delivery stream of this account, imported or by ARN', () => {
  test.each([
    ['deliveryStreamArn', (_stack: Stack): FirehoseDestinationOptions => ({ deliveryStreamArn: OWN_STREAM })],
    ['an imported deliveryStream', (stack: Stack): FirehoseDestinationOptions => ({
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Imported', OWN_STREAM),
    })],
  ])('%s: delivered to as is, the alarms watch it, and synth warns what its owner must keep', (_name, options) => {
    const stack = newStack();
    archive(stack, options(stack));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 'kinesis-data-firehose',
      LogDestination: OWN_STREAM,
      DeliverLogsPermissionArn: Match.absent(),
      DeliverCrossAccountRole: Match.absent(),
      DestinationOptions: Match.absent(),
      Tags: Match.arrayWith([{ Key: 'Name', Value: 'Stack/FlowLogs/Vpc/firehose/flow-logs' }]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'IncomingRecords', Dimensions: [{ Name: 'DeliveryStreamName', Value: 'flow-logs' }],
    });
    expect(warnings(stack)).toEqual([
      'deliveryStream is not defined in this app, so it was used as is. It must take records by Direct PUT, and keep the tag '
      + 'LogDeliveryEnabled=true that AWS adds when the flow log is created (log delivery writes only to streams that have it; '
      + 'whoever deploys needs firehose:TagDeliveryStream, logs:CreateLogDelivery and, the first time, iam:CreateServiceLinkedRole); '
      + 'see README "Amazon Data Firehose". [ack: cdk-flow-log-archive:importedDeliveryStream]',
    ]);
  });

  test('noDataAlarm: false drops the no-records alarm and keeps the throttled one; alarms off, none', () => {
    const quiet = newStack();
    archive(quiet, { deliveryStreamArn: OWN_STREAM, noDataAlarm: false });
    const alarms = Template.fromStack(quiet).findResources('AWS::CloudWatch::Alarm');
    expect(Object.values<any>(alarms).map((a) => a.Properties.MetricName).sort()).toEqual(['DeliveryErrors', 'ThrottledRecords']);
    const off = newStack();
    archive(off, { deliveryStreamArn: OWN_STREAM }, { alarms: { enabled: false } });
    Template.fromStack(off).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('a delivery stream in another account', () => {
  const stack = newStack();
  const flowLogs = archive(stack, { deliveryStreamArn: HUB_STREAM, crossAccountRoleArn: HUB_ROLE });
  const template = Template.fromStack(stack);
  const roleId = logicalIdByPath(template, 'AWS::IAM::Role', 'FlowLogs/Firehose-222222222222-eu-west-1-central-flow-logsRole/');
  const policyId = logicalIdByPath(template, 'AWS::IAM::ManagedPolicy', 'FlowLogs/Firehose-222222222222-eu-west-1-central-flow-logsPolicy/');

  test('the flow log names the source role and the stream account\'s role, and waits for the source role\'s policy', () => {
    const [flowLog] = Object.values<any>(template.findResources('AWS::EC2::FlowLog'));
    expect(flowLog.Properties).toMatchObject({
      LogDestinationType: 'kinesis-data-firehose',
      LogDestination: HUB_STREAM,
      DeliverLogsPermissionArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      DeliverCrossAccountRole: HUB_ROLE,
    });
    expect(flowLog.Properties.DestinationOptions).toBeUndefined();
    expect(flowLog.DependsOn).toContain(policyId);
  });

  test('the source role: under the library\'s path, trusted by log delivery only (this account when it says so)', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      Path: '/cdk-flow-log-archive/firehose-source/',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: { Service: 'delivery.logs.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } },
        }],
      },
    });
  });

  test('its customer managed policy: pass itself to log delivery for this account\'s monitored resources, manage the delivery, assume the one role', () => {
    const monitored = ['vpc', 'subnet', 'network-interface', 'transit-gateway', 'transit-gateway-attachment']
      .map((type) => partitionArn(`:ec2:${REGION}:${ACCOUNT}:${type}/*`));
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: { 'Fn::GetAtt': [roleId, 'Arn'] },
            Condition: {
              StringEquals: { 'iam:PassedToService': 'delivery.logs.amazonaws.com' },
              StringLike: { 'iam:AssociatedResourceARN': monitored },
            },
          },
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:GetLogDelivery'],
            Resource: '*',
          },
          { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: HUB_ROLE },
        ],
      },
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('the one wildcard resource is recorded for cdk-nag, with its reason', () => {
    const metadata = template.findResources('AWS::IAM::ManagedPolicy')[policyId].Metadata.cdk_nag.rules_to_suppress;
    expect(metadata).toEqual([{ id: 'AwsSolutions-IAM5', appliesTo: ['Resource::*'], reason: expect.stringContaining('support no resource-level permissions') }]);
  });

  test('no alarm on the stream (its metrics are in its own account); synth says what that account must deploy', () => {
    expect(Object.values<any>(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties.MetricName)).toEqual(['DeliveryErrors']);
    expect(flowLogs.alarms).toHaveLength(1);
    expect(warnings(stack)).toEqual([
      'The delivery stream is in another account, so nothing was changed there. That account must have the role of crossAccountRoleArn '
      + '(a FlowLogFirehoseCrossAccountRole trusting this account), allowed iam:CreateServiceLinkedRole and firehose:TagDeliveryStream, '
      + 'and a stream that takes records by Direct PUT; see README "Amazon Data Firehose". [ack: cdk-flow-log-archive:crossAccountDeliveryStream]',
    ]);
  });

  test('an imported stream construct of the other account works the same', () => {
    const other = newStack();
    archive(other, { deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(other, 'Hub', HUB_STREAM), crossAccountRoleArn: HUB_ROLE });
    Template.fromStack(other).hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: HUB_STREAM, DeliverCrossAccountRole: HUB_ROLE });
  });
});

describe('where the accounts are known only at deploy time, crossAccountRoleArn decides', () => {
  test.each([
    ['a stream ARN token', () => newStack(), Lazy.string({ produce: () => HUB_STREAM })],
    ['an environment-agnostic stack', () => new Stack(newApp(), 'Agnostic'), HUB_STREAM],
  ])('%s: with the role, cross-account; without, same account', (_name, makeStack, streamArn) => {
    const cross = makeStack();
    archive(cross, { deliveryStreamArn: streamArn, crossAccountRoleArn: HUB_ROLE });
    Template.fromStack(cross).hasResourceProperties('AWS::EC2::FlowLog', { DeliverCrossAccountRole: HUB_ROLE, DeliverLogsPermissionArn: Match.anyValue() });
    const same = makeStack();
    archive(same, { deliveryStreamArn: streamArn });
    Template.fromStack(same).hasResourceProperties('AWS::EC2::FlowLog', { DeliverCrossAccountRole: Match.absent(), DeliverLogsPermissionArn: Match.absent() });
  });
});

describe('logical IDs', () => {
  test('come from the stream (its path, or its account, Region and name), never a position; adding one replaces nothing', () => {
    const ids = (destinations: FlowLogDestination[]) => {
      const stack = newStack();
      new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations });
      return Object.keys(Template.fromStack(stack).findResources('AWS::EC2::FlowLog'));
    };
    const first = ids([FlowLogDestination.firehose({ deliveryStreamArn: OWN_STREAM })]);
    const both = ids([FlowLogDestination.s3(), FlowLogDestination.firehose({ deliveryStreamArn: OWN_STREAM })]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^FlowLogsVpcVpcFirehose111111111111euwest1flowlogs/);
    expect(both).toContain(first[0]);
  });
});

test('bind, for a flow log of your own: the flow-log properties only', () => {
  const stack = newStack();
  const config = FlowLogDestination.firehose({ deliveryStreamArn: HUB_STREAM, crossAccountRoleArn: HUB_ROLE }).bind(stack);
  expect(Object.keys(config).sort()).toEqual(['deliverCrossAccountRole', 'deliverLogsPermissionArn', 'dependencies', 'logDestination', 'logDestinationType']);
  expect(config.logDestinationType).toBe('kinesis-data-firehose');
  expect(config.deliverCrossAccountRole).toBe(HUB_ROLE);
  expect(String(FlowLogDestination.firehose({ deliveryStreamArn: OWN_STREAM }))).toBe('FlowLogDestination.firehose()');
});

describe('FlowLogFirehoseCrossAccountRole', () => {
  const STREAM_IN_ACCOUNT = `arn:aws:firehose:${REGION}:${ACCOUNT}:deliverystream/central-flow-logs`;

  test('for a list of accounts: named as AWS requires, assumable only by the source roles of those accounts', () => {
    const stack = newStack();
    const imported = firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Imported', STREAM_IN_ACCOUNT);
    const owned = appStream(stack);
    const role = new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', { deliveryStreams: [imported, owned], sourceAccounts: [OTHER, '333333333333'] });
    const template = Template.fromStack(stack);
    const roleId = logicalIdByPath(template, 'AWS::IAM::Role', 'CrossAccountRole/Role/');
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: `AWSLogDeliveryFirehoseCrossAccountRole-${REGION}`,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:PrincipalAccount': [OTHER, '333333333333'] },
            ArnLike: { 'aws:PrincipalArn': partitionArn(':iam::*:role/cdk-flow-log-archive/firehose-source/*') },
          },
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'iam:CreateServiceLinkedRole',
            Resource: partitionArn(`:iam::${ACCOUNT}:role/aws-service-role/delivery.logs.amazonaws.com/AWSServiceRoleForLogDelivery`),
            Condition: { StringEquals: { 'iam:AWSServiceName': 'delivery.logs.amazonaws.com' } },
          },
          {
            Effect: 'Allow',
            Action: 'firehose:TagDeliveryStream',
            Resource: [STREAM_IN_ACCOUNT, { 'Fn::GetAtt': [logicalIdByPath(template, 'AWS::KinesisFirehose::DeliveryStream', 'Stack/Stream/'), 'Arn'] }],
          },
        ],
      },
    });
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', { Tags: [{ Key: 'LogDeliveryEnabled', Value: 'true' }] });
    // No inline policy on the role (the only one is the example stream's own).
    template.resourcePropertiesCountIs('AWS::IAM::Policy', { Roles: Match.arrayWith([{ Ref: roleId }]) }, 0);
    expect(stack.resolve(role.roleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
    expect(warnings(stack)).toEqual([]);
  });

  test('for an organization: one condition, whatever the number of accounts; a roleName of your own', () => {
    const stack = newStack();
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Imported', STREAM_IN_ACCOUNT)],
      sourceOrganizationId: 'o-a1b2c3d4e5',
      roleName: 'AWSLogDeliveryFirehoseCrossAccountRole-network',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'AWSLogDeliveryFirehoseCrossAccountRole-network',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
            ArnLike: { 'aws:PrincipalArn': partitionArn(':iam::*:role/cdk-flow-log-archive/firehose-source/*') },
          },
        })],
      },
    });
  });

  test('in an environment-agnostic stack, the default name follows the deploy Region', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Imported', 'central')], sourceAccounts: [OTHER],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', ['AWSLogDeliveryFirehoseCrossAccountRole-', { Ref: 'AWS::Region' }]] },
    });
  });

  test('the source account\'s destination and this role agree on the path (one constant)', () => {
    const source = newStack();
    archive(source, { deliveryStreamArn: HUB_STREAM, crossAccountRoleArn: HUB_ROLE });
    const path: string = Object.values<any>(Template.fromStack(source).findResources('AWS::IAM::Role'))
      .map((r) => r.Properties.Path).find((p) => p !== undefined);
    const stack = newStack();
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Imported', STREAM_IN_ACCOUNT)], sourceAccounts: [OTHER],
    });
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain(`:iam::*:role${path}*`);
  });
});
