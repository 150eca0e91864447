import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { addExampleStacks } from '../examples/stacks';
import { summarize } from '../examples/summary';

function exampleApp(): { app: App; stacks: Stack[] } {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  return { app, stacks: addExampleStacks(app) };
}

describe('example stacks (snapshots guard against surprise; assertions elsewhere pin behaviour)', () => {
  const { stacks } = exampleApp();

  test('the example app has the stacks README describes', () => {
    expect(stacks.map((s) => s.stackName)).toEqual([
      'FlowLogDefaults', 'FlowLogSubnetsAndEni', 'FlowLogToCloudWatch', 'FlowLogToBoth', 'FlowLogParquet', 'TransitGatewayFlowLogs',
      'FlowLogToFirehose', 'LogArchive', 'Workload1', 'Workload2', 'FirehoseHub', 'FirehoseSpoke', 'OrgFlowLogQueries', 'TeamWorkload',
      'OrgArchive', 'OrgGuardrail',
    ]);
  });

  test.each(stacks.map((s) => [s.stackName, s]))('%s', (_name, stack) => {
    expect(Template.fromStack(stack as Stack).toJSON()).toMatchSnapshot();
  });

  test.each(stacks.map((s) => [s.stackName, s]))('%s synthesizes without warnings or errors', (_name, stack) => {
    Annotations.fromStack(stack as Stack).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(stack as Stack).hasNoError('*', Match.anyValue());
  });
});

test('the example summary names each stack, its resources and each flow log\'s target and destination', () => {
  const { app } = exampleApp();
  const outdir = app.synth().directory;
  const lines = summarize(outdir);
  expect(lines[0]).toBe(`Synthesized 16 stacks into ${outdir}/`);
  expect(lines).toContain('    1  AWS::EC2::FlowLog');
  expect(lines).toContain('    3  AWS::EC2::FlowLog');
  expect(lines).toContain('    VPC FlowLogDefaults/Vpc -> s3 FlowLogDefaults/FlowLogs/ArchiveBucket/Bucket.Arn');
  expect(lines).toContain('    Subnet FlowLogSubnetsAndEni/Vpc/PrivateSubnet1/Subnet -> s3 FlowLogSubnetsAndEni/FlowLogs/ArchiveBucket/Bucket.Arn/workload/');
  expect(lines).toContain('    NetworkInterface FlowLogSubnetsAndEni/AppliancePort -> s3 FlowLogSubnetsAndEni/FlowLogs/ArchiveBucket/Bucket.Arn/workload/');
  // The log group's ARN without the ':*' of its Arn attribute (README: Troubleshooting).
  expect(lines).toContain('    VPC FlowLogToCloudWatch/Vpc -> cloud-watch-logs '
    + 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:FlowLogToCloudWatch/FlowLogs/LogGroup');
  expect(lines).toContain('    6  AWS::EC2::FlowLog');
  expect(lines).toContain('    VPC Workload2/Vpc -> s3 arn:aws:s3:::org-flow-logs-999999999999/workloads/');
  expect(lines).toContain('    TransitGateway TransitGatewayFlowLogs/TransitGateway -> s3 TransitGatewayFlowLogs/FlowLogs/ArchiveBucket/Bucket.Arn');
  expect(lines).toContain('    VPC FlowLogToFirehose/Vpc -> kinesis-data-firehose FlowLogToFirehose/Stream.Arn');
  expect(lines).toContain('    VPC FirehoseSpoke/Vpc -> kinesis-data-firehose arn:aws:firehose:eu-west-1:999999999999:deliverystream/org-flow-logs');
  // The organization-wide enforcement: one StackSet and one SCP from the management account.
  const guardrail = lines.indexOf(`\nOrgGuardrail (${outdir}/OrgGuardrail.template.json): 2 resources`);
  expect(lines.slice(guardrail + 1, guardrail + 10)).toEqual([
    '    1  AWS::CloudFormation::StackSet',
    '    1  AWS::Organizations::Policy',
    '  stack set FlowLogGuardrail, in every account of r-ab12 and in eu-west-1, us-east-1:',
    '      1  AWS::Config::ConfigRule',
    '      1  AWS::Config::RemediationConfiguration',
    '      1  AWS::IAM::ManagedPolicy',
    '      1  AWS::IAM::Role',
    '      1  AWS::SSM::Document',
    '  flow logs (0):',
  ]);
});
