import { Duration, NestedStack, RemovalPolicy, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogAlarmOptions, FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../src';
import { ACCOUNT, logicalIdByPath, newApp, newStack, newVpc, REGION } from './support/fixtures';
import { nameInDescription } from '../src/private/alarm-spec';
import { newestNodeRuntime } from '../src/private/probe-function';

function archiveWith(alarms?: FlowLogAlarmOptions, destinations?: FlowLogDestination[]) {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations, alarms });
  return { stack, archive, template: Template.fromStack(stack) };
}

function alarmsOf(template: Template): Record<string, any> {
  return template.findResources('AWS::CloudWatch::Alarm');
}

describe('default alarms of an S3 archive', () => {
  const { stack, archive, template } = archiveWith();
  const topicId = logicalIdByPath(template, 'AWS::SNS::Topic', 'FlowLogs/AlarmTopic/');
  const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket/');
  const actions = [{ Ref: topicId }];

  test('three alarms: no files, refused requests, delivery errors; each notifies the topic on ALARM and OK', () => {
    const alarms = Object.values(alarmsOf(template)).map((a: any) => a.Properties);
    expect(alarms.map((a) => a.AlarmName)).toEqual([
      'Stack/FlowLogs flow logs: no files written to S3 (S3)',
      'Stack/FlowLogs flow logs: S3 refused requests (S3)',
      'Stack/FlowLogs flow logs: delivery failing',
    ]);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual(actions);
      expect(alarm.OKActions).toEqual(actions);
      expect(alarm.EvaluationPeriods).toBe(1);
    }
    expect(archive.alarms).toHaveLength(3);
    expect(stack.resolve(archive.alarms.map((a) => a.alarmArn))).toEqual(Object.keys(alarmsOf(template)).map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })));
    expect(stack.resolve(archive.alarmTopic!.topicArn)).toEqual({ Ref: topicId });
    expect(archive.alarmTopic?.node.path).toBe('Stack/FlowLogs/AlarmTopic');
  });

  test('no files: PutRequests Sum < 1 over one hour on the flow-log filter, missing data breaches', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: no files written to S3 (S3)',
      Namespace: 'AWS/S3',
      MetricName: 'PutRequests',
      Dimensions: Match.arrayEquals([{ Name: 'BucketName', Value: { Ref: bucketId } }, { Name: 'FilterId', Value: 'FlowLogs' }]),
      Statistic: 'Sum',
      Period: 3600,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmDescription: {
        'Fn::Join': ['', [
          'No flow-log files were written under s3://', { Ref: bucketId },
          '/AWSLogs/ in 1 hour (FlowLogArchive Stack/FlowLogs). Check first: DeliverLogsStatus of the flow logs (aws ec2 describe-flow-logs), '
          + 'the bucket policy statement AWSLogDeliveryWrite, and the KMS key policy statement AllowFlowLogDeliveryToUseTheKey. '
          + 'An idle network sends nothing: set noDataAlarm: false on this destination if that is expected.',
        ]],
      },
    });
  });

  test('refused requests: 4xxErrors Sum >= 1 over 5 minutes, missing data is fine', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: S3 refused requests (S3)',
      MetricName: '4xxErrors',
      Namespace: 'AWS/S3',
      Dimensions: [{ Name: 'BucketName', Value: { Ref: bucketId } }, { Name: 'FilterId', Value: 'FlowLogs' }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: {
        'Fn::Join': ['', [
          'S3 answered requests under s3://', { Ref: bucketId },
          '/AWSLogs/ with 4xx errors (FlowLogArchive Stack/FlowLogs): writes may be refused. '
          + 'Check first: changes to the bucket policy or KMS key policy, then the server access logs (flow-log-archive/) for the caller.',
        ]],
      },
    });
  });

  test('the bucket gets a request-metrics filter on the flow-log folder only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { MetricsConfigurations: [{ Id: 'FlowLogs', Prefix: 'AWSLogs/' }] });
  });

  test('delivery errors: the probe metric Maximum >= 1 over 30 minutes, missing data breaches', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkFlowLogArchive',
      MetricName: 'DeliveryErrors',
      Dimensions: [{ Name: 'FlowLogArchive', Value: 'Stack/FlowLogs' }],
      Statistic: 'Maximum',
      Period: 1800,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmDescription: 'At least one flow log of FlowLogArchive Stack/FlowLogs reports DeliverLogsStatus FAILED or no longer exists '
        + '(or the delivery-status probe did not run). Check first: the probe function\'s log, which names each flow log and '
        + 'its error. "Access error": the bucket policy, the KMS key policy or the delivery role changed. "Rate limited": '
        + 'CloudWatch Logs quotas. No data: the probe failed; see its Lambda errors.',
    });
  });

  test('the topic is KMS-encrypted with a rotating key that CloudWatch may use', () => {
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/AlarmKey/');
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      DisplayName: 'Flow log delivery alarms of Stack/FlowLogs',
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({
        Description: 'Encrypts the delivery alarms of Stack/FlowLogs (SNS topic, probe logs and queue)',
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([{
            Sid: 'AllowCloudWatchAlarmsToUseTheKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
          }]),
        }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  test('the topic policy denies non-TLS and lets only this account\'s alarms publish', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: topicId },
            Condition: {
              StringEquals: { 'aws:SourceAccount': ACCOUNT },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:cloudwatch:${REGION}:${ACCOUNT}:alarm:*`]] } },
            },
          },
        ]),
      },
    });
  });

  test('every flow log carries the archive tag the probe looks for', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      Tags: Match.arrayWith([{ Key: 'cdk-flow-log-archive:archive', Value: 'Stack/FlowLogs' }]),
    });
  });

  test('metric methods', () => {
    for (const [metric, name] of [[archive.metricPutRequests(), 'PutRequests'], [archive.metric4xxErrors(), '4xxErrors']] as const) {
      expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toSeconds()]).toEqual(['AWS/S3', name, 'Sum', 300]);
      expect(stack.resolve(metric.dimensions)).toEqual({ BucketName: { Ref: bucketId }, FilterId: 'FlowLogs' });
    }
    // Options given override the defaults.
    const hourly = archive.metricPutRequests({ period: Duration.hours(1), statistic: 'Maximum' });
    expect([hourly.period.toSeconds(), hourly.statistic]).toEqual([3600, 'Maximum']);
    expect(archive.metric4xxErrors({ period: Duration.minutes(1) }).period.toSeconds()).toBe(60);
    expect(archive.metricDeliveryErrors({ statistic: 'Sum' }).statistic).toBe('Sum');
    const errors = archive.metricDeliveryErrors();
    expect([errors.namespace, errors.metricName, errors.statistic, errors.period.toMinutes()])
      .toEqual(['CdkFlowLogArchive', 'DeliveryErrors', 'Maximum', 30]);
    expect(errors.dimensions).toEqual({ FlowLogArchive: 'Stack/FlowLogs' });
  });
});

describe('the probe\'s runtime', () => {
  test('is the newest Node.js runtime aws-cdk-lib lists (cdk-nag AwsSolutions-L1 at every version)', () => {
    // Plain objects: `new lambda.Runtime()` would add to Runtime.ALL for every later test.
    const runtimes = ['nodejs18.x', 'nodejs24.x', 'python3.13', 'nodejs22.x', 'nodejs100.x', 'nodejs4.3-edge']
      .map((name) => ({ name }) as lambda.Runtime);
    expect(newestNodeRuntime(runtimes).name).toBe('nodejs100.x');
    expect(newestNodeRuntime(runtimes.slice(0, 4)).name).toBe('nodejs24.x');
    const known = lambda.Runtime.ALL.map((r) => r.name).filter((name) => /^nodejs\d+\.x$/.test(name));
    expect(known).toContain(newestNodeRuntime().name);
    expect(known.every((name) => Number(name.slice(6, -2)) <= Number(newestNodeRuntime().name.slice(6, -2)))).toBe(true);
  });

  test('a list without Node.js 22 or newer is an error naming the fix', () => {
    expect(() => newestNodeRuntime([lambda.Runtime.PYTHON_3_12])).toThrow(
      'aws-cdk-lib lists no Node.js 22 or newer Lambda runtime; upgrade aws-cdk-lib to 2.189.0 or newer.');
  });
});

describe('the delivery-status probe', () => {
  const { template } = archiveWith();
  const fnId = logicalIdByPath(template, 'AWS::Lambda::Function', 'FlowLogs/DeliveryStatusProbe/Function/');
  const queueId = logicalIdByPath(template, 'AWS::SQS::Queue', 'FlowLogs/DeliveryStatusProbe/DeadLetters/');
  const probeLogsId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/DeliveryStatusProbe/Logs/');
  const probePolicyId = logicalIdByPath(template, 'AWS::IAM::ManagedPolicy', 'FlowLogs/DeliveryStatusProbe/Policy/');
  const probeRoleId = logicalIdByPath(template, 'AWS::IAM::Role', 'FlowLogs/DeliveryStatusProbe/Role/');

  test('runs every 15 minutes, once at a time, on a current Node.js runtime, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: newestNodeRuntime().name,
      Handler: 'index.handler',
      Timeout: 60,
      MemorySize: 256,
      ReservedConcurrentExecutions: Match.absent(),
      DeadLetterConfig: { TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
      Role: { 'Fn::GetAtt': [probeRoleId, 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: probeLogsId } },
      // Only what differs per archive: the tag, namespace and metric names are the handler's own (private/probe-metric.ts).
      Environment: { Variables: Match.objectEquals({ ARCHIVE_NAME: 'Stack/FlowLogs', EXPECTED_FLOW_LOGS: '1' }) },
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Description: 'Runs the delivery-status probe of Stack/FlowLogs every 15 minutes',
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 } })],
    });
  });

  test('the function starts only after its managed policy exists (its role has no inline policy to wait for)', () => {
    const fn = template.toJSON().Resources[fnId];
    expect(fn.DependsOn).toEqual(expect.arrayContaining([probePolicyId]));
  });

  test('the function waits for every flow log of the archive, so an update that adds one never counts it as missing', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const later = newVpc(stack, 'Later');
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc)],
      destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()],
    });
    archive.addVpc(later);
    const twoDestinations = Template.fromStack(stack);
    const resources = twoDestinations.toJSON().Resources;
    const functionId = logicalIdByPath(twoDestinations, 'AWS::Lambda::Function', 'FlowLogs/DeliveryStatusProbe/Function/');
    const flowLogIds = archive.flowLogs.map((flowLog) => stack.resolve(flowLog.logicalId));
    expect(flowLogIds).toHaveLength(4);
    expect(resources[functionId].Properties.Environment.Variables.EXPECTED_FLOW_LOGS).toBe('4');
    expect(resources[functionId].DependsOn).toEqual(expect.arrayContaining(flowLogIds));
    // Nothing else waits for the function: no cycle, and flow logs never wait for the probe.
    for (const id of flowLogIds) {
      expect(resources[id].DependsOn ?? []).not.toContain(functionId);
    }
  });

  test('role, policy and function are described with the archive\'s path', () => {
    template.hasResourceProperties('AWS::IAM::Role', { Description: 'Runs the delivery-status probe of Stack/FlowLogs' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Lets the delivery-status probe of Stack/FlowLogs read flow-log status and publish its metric',
      Roles: [{ Ref: probeRoleId }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Publishes CdkFlowLogArchive/DeliveryErrors for the flow logs of Stack/FlowLogs',
    });
  });

  test('a long archive path: the function description stops at Lambda\'s 256 characters, the topic name at SNS\'s 100', () => {
    const stack = newStack();
    const id = 'A'.repeat(240);
    new FlowLogArchive(stack, id, { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    const long = Template.fromStack(stack);
    const [fn] = Object.values<any>(long.findResources('AWS::Lambda::Function'));
    expect(fn.Properties.Description).toBe(`Publishes CdkFlowLogArchive/DeliveryErrors for the flow logs of Stack/${id}`.slice(0, 256));
    expect(fn.Properties.Description).toHaveLength(256);
    const [topic] = Object.values<any>(long.findResources('AWS::SNS::Topic'));
    expect(topic.Properties.DisplayName).toBe(`Flow log delivery alarms of Stack/${id}`.slice(0, 100));
    expect(topic.Properties.DisplayName).toHaveLength(100);
  });

  test('by default the concurrency is unreserved (deploys in accounts whose quota refuses any reservation); true reserves one', () => {
    for (const unreserved of [archiveWith().template, archiveWith({ reserveProbeConcurrency: false }).template]) {
      unreserved.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', ReservedConcurrentExecutions: Match.absent() });
    }
    archiveWith({ reserveProbeConcurrency: true }).template
      .hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', ReservedConcurrentExecutions: 1 });
  });

  test('its role may only describe flow logs, put its metric, write its logs and dead letters', () => {
    const probePolicy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .find((p: any) => p.Metadata['aws:cdk:path'].includes('DeliveryStatusProbe')) as any;
    const statements = probePolicy.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => [s.Action, s.Resource === '*' ? '*' : 'scoped', s.Condition])).toEqual([
      ['ec2:DescribeFlowLogs', '*', undefined],
      ['cloudwatch:PutMetricData', '*', { StringEquals: { 'cloudwatch:namespace': 'CdkFlowLogArchive' } }],
      [['logs:CreateLogStream', 'logs:PutLogEvents'], 'scoped', undefined],
      ['sqs:SendMessage', 'scoped', undefined],
      [['kms:GenerateDataKey', 'kms:Decrypt'], 'scoped', undefined],
    ]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('its log group keeps a year and is encrypted; its queue is encrypted and SSL only', () => {
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/AlarmKey/');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup'))).toEqual([probeLogsId]);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      MessageRetentionPeriod: 1209600,
      // A dead-letter queue, declared as one: AWS Control Tower CT.SQS.PR.1 asks no dead-letter queue of it.
      RedriveAllowPolicy: { redrivePermission: 'allowAll' },
      RedrivePolicy: Match.absent(),
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('probeVpc runs the probe in that VPC\'s private subnets, outbound HTTPS only, with the network-interface permissions Lambda needs', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], alarms: { probeVpc: vpc } });
    const inVpc = Template.fromStack(stack);
    const sgId = logicalIdByPath(inVpc, 'AWS::EC2::SecurityGroup', 'FlowLogs/DeliveryStatusProbe/SecurityGroup/');
    inVpc.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Delivery-status probe: no inbound, outbound HTTPS to the EC2 and CloudWatch APIs',
      SecurityGroupIngress: Match.absent(),
      SecurityGroupEgress: [{
        CidrIp: '0.0.0.0/0',
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        Description: 'HTTPS to the EC2 and CloudWatch APIs (NAT or interface endpoints)',
      }],
    });
    const privateSubnets = vpc.privateSubnets.map((subnet) => stack.resolve(subnet.subnetId));
    inVpc.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      VpcConfig: { SubnetIds: privateSubnets, SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }] },
    });
    inVpc.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Description: 'Lets the delivery-status probe of Stack/FlowLogs read flow-log status and publish its metric',
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
            'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
          Resource: '*',
        }]),
      },
    });
    // Without probeVpc: no security group, no VPC config, no network-interface permissions.
    template.resourceCountIs('AWS::EC2::SecurityGroup', 0);
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', VpcConfig: Match.absent() });
    expect(JSON.stringify(template.toJSON())).not.toContain('ec2:CreateNetworkInterface');
  });

  test('probeVpcSubnets chooses the subnets', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], alarms: { probeVpc: vpc, probeVpcSubnets: { subnets: [vpc.privateSubnets[1]] } } });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler', VpcConfig: { SubnetIds: [stack.resolve(vpc.privateSubnets[1].subnetId)] },
    });
  });

  test('removalPolicy applies to the probe\'s log group and the alarm key', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], removalPolicy: RemovalPolicy.DESTROY });
    const destroyed = Template.fromStack(stack);
    const policies = (type: string, path: string) => {
      const resource = destroyed.toJSON().Resources[logicalIdByPath(destroyed, type, path)];
      return [resource.DeletionPolicy, resource.UpdateReplacePolicy];
    };
    expect(policies('AWS::Logs::LogGroup', 'FlowLogs/DeliveryStatusProbe/Logs/')).toEqual(['Delete', 'Delete']);
    expect(policies('AWS::KMS::Key', 'FlowLogs/AlarmKey/')).toEqual(['Delete', 'Delete']);
  });

  test('EXPECTED_FLOW_LOGS counts targets added after construction', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [], destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()] });
    archive.addVpc(newVpc(stack, 'A'));
    archive.addVpc(newVpc(stack, 'B'));
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ EXPECTED_FLOW_LOGS: '4' }) },
    });
  });
});

describe('alarm options', () => {
  test('CloudWatch Logs destination: IncomingLogEvents Sum < 1 over the period, missing data breaches', () => {
    const { template } = archiveWith({ period: Duration.minutes(30) }, [FlowLogDestination.cloudWatchLogs()]);
    const logGroupId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: no records in CloudWatch Logs (CloudWatchLogs)',
      Namespace: 'AWS/Logs',
      MetricName: 'IncomingLogEvents',
      Dimensions: [{ Name: 'LogGroupName', Value: { Ref: logGroupId } }],
      Statistic: 'Sum',
      Period: 1800,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
      AlarmDescription: {
        'Fn::Join': ['', [
          'No VPC flow-log records reached the log group ', { Ref: logGroupId },
          ' in 30 minutes (FlowLogArchive Stack/FlowLogs). Check first: DeliverLogsStatus of the flow logs (aws ec2 describe-flow-logs), '
          + 'the delivery role\'s trust policy and permissions, the log group\'s KMS key policy. '
          + 'An idle network sends nothing: set noDataAlarm: false on this destination if that is expected.',
        ]],
      },
    });
    expect(Object.keys(alarmsOf(template))).toHaveLength(2);
  });

  test('noDataAlarm: false on a destination drops its no-data alarm, not the refused-requests alarm or the probe', () => {
    const quiet = [FlowLogDestination.s3({ noDataAlarm: false }), FlowLogDestination.cloudWatchLogs({ noDataAlarm: false })];
    const { template } = archiveWith(undefined, quiet);
    expect(Object.values(alarmsOf(template)).map((a: any) => a.Properties.MetricName)).toEqual(['4xxErrors', 'DeliveryErrors']);
    template.hasResourceProperties('AWS::S3::Bucket', { MetricsConfigurations: [{ Id: 'FlowLogs', Prefix: 'AWSLogs/' }] });
  });

  test('an alarm name over CloudWatch\'s 255 characters keeps its start and gets a hash of the whole name', () => {
    const long = 'network/'.repeat(27).slice(0, -1);
    const other = `${long.slice(0, -1)}x`;
    const names = (prefix: string) => Object.values(alarmsOf(archiveWith(undefined, [FlowLogDestination.s3({ keyPrefix: prefix })]).template))
      .map((a: any) => a.Properties.AlarmName as string);
    const [noFiles, refused, probe] = names(long);
    expect([noFiles.length, refused.length]).toEqual([255, 255]);
    expect(noFiles).toMatch(/^Stack\/FlowLogs flow logs: no files written to S3 \(S3-network-network-.* #[0-9a-f]{8}$/);
    expect(probe).toBe('Stack/FlowLogs flow logs: delivery failing');
    expect(names(long)[0]).toBe(noFiles);
    expect(names(other)[0]).not.toBe(noFiles);
  });

  test('descriptions stay within CloudWatch\'s 1,024 characters for the longest names the library accepts', () => {
    const app = newApp();
    // A 128-character stack name (CloudFormation's limit), a deep path, a 242-character folder,
    // a 63-character bucket name and a 255-character log group name (an alarm dimension's limit).
    const stack = new Stack(app, 'Stack', { stackName: `s${'x'.repeat(127)}`, env: { account: ACCOUNT, region: REGION } });
    const deep = ['Network', 'Platform', 'Shared', 'Egress', 'Inspection'].reduce((scope: Construct, id) => new Construct(scope, id.repeat(6)), stack);
    // (The Name tag, at most 256 characters with the folder in it, bounds keyPrefix.)
    const keyPrefix = `${'flow/'.repeat(48)}ab`;
    const logGroupName = `/${'g'.repeat(254)}`;
    new FlowLogArchive(deep, 'FlowLogs'.repeat(8), {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      flowLogName: 'n',
      destinations: [
        FlowLogDestination.s3({ keyPrefix, bucketProps: { bucketName: 'b'.repeat(63) } }),
        FlowLogDestination.cloudWatchLogs({ logGroup: logs.LogGroup.fromLogGroupName(stack, 'Long', logGroupName) }),
      ],
    });
    // The bucket's name is a Ref in the template; at deploy time it is the 63 characters given.
    const deployed = (d: any): string => typeof d === 'string' ? d : d['Fn::Join'][1].map((p: any) => typeof p === 'string' ? p : 'b'.repeat(63)).join('');
    const descriptions = Object.values(alarmsOf(Template.fromStack(stack))).map((a: any) => deployed(a.Properties.AlarmDescription));
    expect(descriptions).toHaveLength(4);
    expect(Math.max(...descriptions.map((d) => d.length))).toBeLessThanOrEqual(1024);
    // Long names keep their start and end, and the advice at the end is whole.
    expect(descriptions.every((d) => d.endsWith('.'))).toBe(true);
    expect(descriptions.find((d) => d.startsWith('No VPC flow-log records'))).toContain(`${logGroupName.slice(0, 60)}`);
    expect(descriptions.find((d) => d.startsWith('No flow-log files'))).toMatch(
      new RegExp(`/${keyPrefix.slice(0, 40)}.*\\.\\.\\..*${keyPrefix.slice(-40)}/AWSLogs/ in 1 hour`));
  });

  test('a name in a description is kept whole up to 180 characters, else its start and end around "..."', () => {
    expect(nameInDescription('a'.repeat(180))).toBe('a'.repeat(180));
    const long = `${'a'.repeat(100)}${'b'.repeat(100)}`;
    expect(nameInDescription(long)).toBe(`${'a'.repeat(89)}...${'b'.repeat(88)}`);
    expect(nameInDescription(long)).toHaveLength(180);
  });

  test('a bucket the construct did not create gets no request metrics and no S3 alarms', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine', { enforceSSL: true });
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3({ bucket })] });
    const template = Template.fromStack(stack);
    expect(Object.values(alarmsOf(template)).map((a: any) => a.Properties.MetricName)).toEqual(['DeliveryErrors']);
  });

  test('keyPrefix: the filter and the alarm watch that folder', () => {
    const { template } = archiveWith(undefined, [FlowLogDestination.s3({ keyPrefix: 'network/prod' })]);
    template.hasResourceProperties('AWS::S3::Bucket', { MetricsConfigurations: [{ Id: 'FlowLogs-network-prod', Prefix: 'network/prod/AWSLogs/' }] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'PutRequests',
      Dimensions: Match.arrayWith([{ Name: 'FilterId', Value: 'FlowLogs-network-prod' }]),
    });
  });

  test('a topic you bring is used and no topic or alarm key is created', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'OnCall', { enforceSSL: true });
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], alarms: { topic, deliveryStatusProbe: false } });
    // (Node paths, not toBe: a failing toBe prints both construct trees.)
    expect(archive.alarmTopic?.node.path).toBe(topic.node.path);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const topicId = logicalIdByPath(template, 'AWS::SNS::Topic', 'OnCall');
    expect(stack.resolve(archive.alarmTopic!.topicArn)).toEqual({ Ref: topicId });
    expect(Object.values(alarmsOf(template)).map((a: any) => a.Properties.AlarmActions)).toEqual([[{ Ref: topicId }], [{ Ref: topicId }]]);
    expect(Object.keys(template.findResources('AWS::KMS::Key'))).toHaveLength(1);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('enabled: false creates no alarm, topic, probe or request metrics', () => {
    const { archive, template } = archiveWith({ enabled: false });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    // Every bucket, the archive bucket by name: a filter on any of them would bill request metrics for nothing.
    const buckets = template.findResources('AWS::S3::Bucket');
    const archiveBucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket/');
    expect(Object.keys(buckets)).toContain(archiveBucketId);
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const [logicalId, bucket] of Object.entries<any>(buckets)) {
      expect([logicalId, bucket.Properties.MetricsConfigurations]).toEqual([logicalId, undefined]);
    }
    expect(archive.alarms).toEqual([]);
    expect(archive.alarmTopic).toBeUndefined();
  });
});

describe('the archive\'s name in its account and Region', () => {
  /** What the archive is known by: its probe's ARCHIVE_NAME, its flow logs' archive tag, its metric dimension, an alarm name. */
  function namesOf(stack: Stack, scope: Construct = stack): string[] {
    const archive = new FlowLogArchive(scope, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    const template = Template.fromStack(stack);
    const probe = Object.values(template.findResources('AWS::Lambda::Function'))[0] as any;
    const flowLog = Object.values(template.findResources('AWS::EC2::FlowLog'))[0] as any;
    const probeAlarm = (Object.values(alarmsOf(template)).find((a: any) => a.Properties.MetricName === 'DeliveryErrors') as any).Properties.AlarmName as string;
    return [
      probe.Properties.Environment.Variables.ARCHIVE_NAME,
      flowLog.Properties.Tags.find((t: any) => t.Key === 'cdk-flow-log-archive:archive').Value,
      archive.metricDeliveryErrors().dimensions!.FlowLogArchive,
      probeAlarm.replace(/ flow logs: delivery failing$/, ''),
    ];
  }
  const env = { account: ACCOUNT, region: REGION };

  test('is the stack name and the path in the stack, so two copies of a stack under other names do not collide', () => {
    expect(namesOf(new Stack(newApp(), 'Network', { env, stackName: 'network-feature-x' }))).toEqual(Array(4).fill('network-feature-x/FlowLogs'));
    expect(namesOf(new Stack(newApp(), 'Plain', { env }))).toEqual(Array(4).fill('Plain/FlowLogs'));
  });

  test('over the 255 characters of a metric dimension (a tag takes 256), it keeps its start and gets a hash, the same everywhere', () => {
    const stack = new Stack(newApp(), 'Network', { env, stackName: `network-${'x'.repeat(100)}` });
    const deep = ['Platform', 'Shared', 'Networking'].reduce<Construct>((scope, id) => new Construct(scope, id.repeat(6)), stack);
    const [probeEnv, tag, dimension, alarmName] = namesOf(stack, deep);
    expect(new Set([probeEnv, tag, dimension]).size).toBe(1);
    expect(tag).toHaveLength(255);
    expect(tag).toMatch(/^network-x{100}\/PlatformPlatform.* #[0-9a-f]{8}$/);
    // The alarm name (the archive's name and what failed) is shortened again, to CloudWatch's 255.
    expect(alarmName).toHaveLength(255);
    expect(alarmName.startsWith(tag.slice(0, 200))).toBe(true);
  });

  test('in a Stage, the stack name the stage gives; in a nested stack (named at deploy time), the construct path', () => {
    expect(namesOf(new Stack(new Stage(newApp(), 'Prod'), 'Network', { env }))).toEqual(Array(4).fill('Prod-Network/FlowLogs'));
    expect(namesOf(new NestedStack(new Stack(newApp(), 'Parent', { env }), 'Nested'))).toEqual(Array(4).fill('Parent/Nested/FlowLogs'));
  });
});

