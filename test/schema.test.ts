/**
 * Every resource the library synthesizes, checked against the CloudFormation
 * resource specification (@aws-cdk/aws-service-spec): property names at every
 * level, required properties, types and allowed values.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { addExampleStacks } from '../examples/stacks';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget, S3DestinationOptions } from '../src';
import { validateTemplate } from './support/cfn-schema';
import { newStack, newVpc } from './support/fixtures';

/** The templates a StackSet of the template deploys (its TemplateBody), parsed. */
function stackSetTemplates(template: any): any[] {
  return Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::CloudFormation::StackSet')
    .map((r) => JSON.parse(r.Properties.TemplateBody));
}

describe('example stacks', () => {
  const stacks = addExampleStacks(new App());
  test.each(stacks.map((s) => [s.stackName, s]))('%s: every resource matches the CloudFormation schema', (_name, stack) => {
    const template = Template.fromStack(stack as Stack).toJSON();
    // The guardrail's stack holds a StackSet and an SCP; the others at least an archive or a flow log and their policies.
    expect(Object.keys(template.Resources).length).toBeGreaterThanOrEqual(stackSetTemplates(template).length > 0 ? 2 : 5);
    expect(validateTemplate(template)).toEqual([]);
  });

  test('the template the guardrail\'s StackSet deploys to every account matches the schema too', () => {
    const guardrail = stacks.find((s) => s.stackName === 'OrgGuardrail')!;
    const [deployed] = stackSetTemplates(Template.fromStack(guardrail).toJSON());
    expect(new Set(Object.values<any>(deployed.Resources).map((r) => r.Type))).toEqual(new Set([
      'AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration', 'AWS::SSM::Document', 'AWS::IAM::Role', 'AWS::IAM::ManagedPolicy',
    ]));
    expect(validateTemplate(deployed)).toEqual([]);
  });
});

describe('AWS::EC2::FlowLog for every S3 option combination', () => {
  const combinations: S3DestinationOptions[] = [];
  for (const fileFormat of [ec2.FlowLogFileFormat.PLAIN_TEXT, ec2.FlowLogFileFormat.PARQUET]) {
    for (const hiveCompatiblePartitions of [false, true]) {
      for (const perHourPartition of [false, true]) {
        for (const keyPrefix of [undefined, 'network/prod']) {
          combinations.push({ fileFormat, hiveCompatiblePartitions, perHourPartition, keyPrefix });
        }
      }
    }
  }

  test.each(combinations.map((c) => [JSON.stringify(c), c]))('%s', (_name, options) => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromSubnet(vpc.publicSubnets[0]), FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd')],
      destinations: [FlowLogDestination.s3(options as S3DestinationOptions)],
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
    });
    const template = Template.fromStack(stack).toJSON();
    expect(Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::FlowLog')).toHaveLength(3);
    expect(validateTemplate(template)).toEqual([]);
  });
});

test('the schema check catches what the CDK L2 gets wrong (camelCase DestinationOptions)', () => {
  // Guards the guard: the L2 FlowLog in aws-cdk-lib 2.189 emits camelCase keys
  // (aws/aws-cdk#25432), which is why this library writes the L1 itself.
  const stack = new Stack(new App(), 'L2');
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
  vpc.addFlowLog('L2', { destination: ec2.FlowLogDestination.toS3(undefined, undefined, { perHourPartition: true }) });
  const problems = validateTemplate(Template.fromStack(stack).toJSON());
  expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining([expect.stringMatching(/DestinationOptions\.perHourPartition$/)]));
});

test('transit gateway flow logs (no TrafficType, 60 s) match the schema', () => {
  const stack = newStack();
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0'), FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0123abcd')],
    destinations: [FlowLogDestination.s3({ fileFormat: ec2.FlowLogFileFormat.PARQUET }), FlowLogDestination.cloudWatchLogs()],
  });
  const template = Template.fromStack(stack).toJSON();
  expect(Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::FlowLog')).toHaveLength(4);
  expect(validateTemplate(template)).toEqual([]);
});

test('Firehose flow logs, same account and cross-account (DeliverCrossAccountRole), match the schema', () => {
  const stack = newStack();
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack)), FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')],
    destinations: [
      FlowLogDestination.firehose({ deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/flow-logs' }),
      FlowLogDestination.firehose({
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:222222222222:deliverystream/central',
        crossAccountRoleArn: 'arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole',
      }),
    ],
  });
  const template = Template.fromStack(stack).toJSON();
  const flowLogs = Object.values<any>(template.Resources).filter((r) => r.Type === 'AWS::EC2::FlowLog');
  expect(flowLogs.filter((f) => f.Properties.DeliverCrossAccountRole !== undefined)).toHaveLength(2);
  expect(validateTemplate(template)).toEqual([]);
});
