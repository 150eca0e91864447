import { App, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { EnforcementMode, FlowLogArchive, FlowLogArchiveSharing, FlowLogEnforcement, FlowLogTarget } from '../src';

const EU = { account: '111111111111', region: 'eu-west-1' };
const US = { account: '111111111111', region: 'us-east-1' };

function workload(scope: App | Stage, id: string, env = EU, withVpc = true): Stack {
  const stack = new Stack(scope, id, { env });
  if (withVpc) {
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  }
  return stack;
}

const shared = (extra: object = {}) =>
  new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT, ...extra });
const count = (stack: Stack, type: string) => Object.keys(Template.fromStack(stack).findResources(type)).length;
/** The path under which the other stacks of the archive in `stack` hold their counts (from the probe's environment). */
const expectedPath = (stack: Stack): string => {
  const fn = Object.values<any>(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0];
  return fn.Properties.Environment.Variables.EXPECTED_FLOW_LOGS_PATH;
};
/** The statement of the probe's policy that lets it read the other stacks' counts. */
const probeReadStatement = (stack: Stack) => Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
  .flatMap((p) => p.Properties.PolicyDocument.Statement).find((st: any) => st.Action === 'ssm:GetParametersByPath');
const vpcRef = (stack: Stack) => ({ Ref: stack.getLogicalId(stack.node.findChild('Vpc').node.defaultChild as ec2.CfnVPC) });

describe('archiveSharing: PER_ENVIRONMENT', () => {
  test('one archive per environment, in the first stack with a VPC to log; the others reference its bucket', () => {
    const app = new App();
    const [a, b, c] = ['A', 'B', 'C'].map((id) => workload(app, id));
    Aspects.of(app).add(shared());
    expect([a, b, c].map((s) => count(s, 'AWS::S3::Bucket'))).toEqual([2, 0, 0]);
    expect([a, b, c].map((s) => count(s, 'AWS::KMS::Key'))).toEqual([2, 0, 0]);
    expect([a, b, c].map((s) => count(s, 'AWS::Lambda::Function'))).toEqual([1, 0, 0]);
    const archive = a.node.findChild('FlowLogEnforcement') as FlowLogArchive;
    expect(archive.flowLogs).toHaveLength(3);
    // Each flow log stays in its VPC's stack, with a logical ID from the VPC's path.
    for (const stack of [b, c]) {
      const template = Template.fromStack(stack);
      const flowLogs = template.findResources('AWS::EC2::FlowLog');
      expect(Object.keys(flowLogs)).toEqual([expect.stringMatching(new RegExp(`^FlowLogEnforcementVpc${stack.stackName}Vpc`))]);
      const flowLog = Object.values<any>(flowLogs)[0];
      expect(flowLog.Properties).toEqual(expect.objectContaining({
        ResourceType: 'VPC',
        ResourceId: vpcRef(stack),
        LogDestinationType: 's3',
        TrafficType: 'ALL',
      }));
      // The shared bucket's ARN, imported from the archive's stack.
      expect(JSON.stringify(flowLog.Properties.LogDestination)).toContain('Fn::ImportValue');
      expect(flowLog.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'cdk-flow-log-archive:archive', Value: 'A/FlowLogEnforcement' }]));
    }
    // The probe counts the flow logs of its own stack, and reads the other
    // stacks' counts from parameters they write after their flow logs.
    const path = expectedPath(a);
    expect(path).toMatch(/^\/cdk-flow-log-archive\/A\/c8[0-9a-f]{40}$/);
    Template.fromStack(a).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { ARCHIVE_NAME: 'A/FlowLogEnforcement', EXPECTED_FLOW_LOGS: '1', EXPECTED_FLOW_LOGS_PATH: path } },
    });
    expect(probeReadStatement(a)).toEqual({
      Effect: 'Allow',
      Action: 'ssm:GetParametersByPath',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ssm:eu-west-1:111111111111:parameter${path}`]] },
    });
    for (const stack of [b, c]) {
      const template = Template.fromStack(stack);
      const [flowLogId] = Object.keys(template.findResources('AWS::EC2::FlowLog'));
      template.hasResource('AWS::SSM::Parameter', {
        Properties: {
          Type: 'String',
          Name: `${path}/${stack.stackName}`,
          Value: '1',
          Description: `How many flow logs to A/FlowLogEnforcement stack ${stack.stackName} has (read by its delivery-status probe)`,
        },
        // Written after the flow logs it counts.
        DependsOn: [flowLogId],
      });
    }
    expect(count(a, 'AWS::SSM::Parameter')).toBe(0);
    // The workload stacks deploy after the archive's.
    expect(b.dependencies).toContain(a);
    expect(c.dependencies).toContain(a);
  });

  test('a stack whose flow logs are withdrawn and added again gets its parameter back (and the probe one statement to read it)', () => {
    const app = new App();
    const [a, b] = ['A', 'B'].map((id) => workload(app, id));
    const archive = new FlowLogArchive(a, 'Archive', { targets: [FlowLogTarget.fromVpc(a.node.findChild('Vpc') as ec2.Vpc)] });
    const holder = new Construct(b, 'Holder');
    const target = () => FlowLogTarget.fromVpc(b.node.findChild('Vpc') as ec2.Vpc);
    archive._addTargetIn(holder, target())();
    expect(holder.node.tryFindChild('ExpectedFlowLogs')).toBeUndefined();
    archive._addTargetIn(holder, target());
    expect(Object.values<any>(Template.fromStack(b).findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Value)).toEqual(['1']);
    const statements = Object.values<any>(Template.fromStack(a).findResources('AWS::IAM::ManagedPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement).filter((st: any) => st.Action === 'ssm:GetParametersByPath');
    expect(statements).toHaveLength(1);
  });

  test('the default (PER_STACK) keeps one archive per stack', () => {
    const app = new App();
    const stacks = ['A', 'B'].map((id) => workload(app, id));
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD }));
    expect(stacks.map((s) => count(s, 'AWS::S3::Bucket'))).toEqual([2, 2]);
  });

  test('one archive per account and Region', () => {
    const app = new App();
    const eu = [workload(app, 'Eu1'), workload(app, 'Eu2')];
    const us = [workload(app, 'Us1', US), workload(app, 'Us2', US)];
    Aspects.of(app).add(shared());
    expect([...eu, ...us].map((s) => count(s, 'AWS::S3::Bucket'))).toEqual([2, 0, 2, 0]);
  });

  test('stacks of different Stages get archives of their own (no references across Stages)', () => {
    const app = new App();
    const stacks = ['Prod', 'Test'].map((id) => workload(new Stage(app, id), 'Workload'));
    shared().applyTo(app);
    app.synth();
    expect(stacks.map((s) => count(s, 'AWS::S3::Bucket'))).toEqual([2, 2]);
  });

  test('archiveStacks names the stack that holds the archive, even one without VPCs', () => {
    const app = new App();
    const [a, b] = ['A', 'B'].map((id) => workload(app, id));
    const logging = workload(app, 'Logging', EU, false);
    const other = workload(app, 'UsNetwork', US);
    Aspects.of(app).add(shared({ archiveStacks: [logging] }));
    expect([a, b, logging, other].map((s) => count(s, 'AWS::S3::Bucket'))).toEqual([0, 0, 2, 2]);
    expect([a, b].map((s) => count(s, 'AWS::EC2::FlowLog'))).toEqual([1, 1]);
    expect(count(logging, 'AWS::EC2::FlowLog')).toEqual(0);
    // No flow log in the archive's stack: each workload stack says how many it has.
    Template.fromStack(logging).hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { ARCHIVE_NAME: 'Logging/FlowLogEnforcement', EXPECTED_FLOW_LOGS: '0', EXPECTED_FLOW_LOGS_PATH: expectedPath(logging) } },
    });
    expect([a, b].map((s) => Template.fromStack(s).findResources('AWS::SSM::Parameter')).map((p) => Object.values<any>(p)[0].Properties.Value))
      .toEqual(['1', '1']);
  });

  test('logical IDs do not depend on the order stacks are visited in', () => {
    const ids = (order: string[]) => {
      const app = new App();
      const stacks = order.map((id) => workload(app, id));
      Aspects.of(app).add(shared({ archiveStacks: [workload(app, 'Logging', EU, false)] }));
      return Object.fromEntries(stacks.map((s) => [s.stackName, Object.keys(Template.fromStack(s).findResources('AWS::EC2::FlowLog'))]));
    };
    expect(ids(['A', 'B'])).toEqual(ids(['B', 'A']));
  });

  test('a VPC already logged is left alone; no archive when nothing needs one', () => {
    const app = new App();
    const a = workload(app, 'A');
    (a.node.findChild('Vpc') as ec2.Vpc).addFlowLog('Own');
    const logging = workload(app, 'Logging', EU, false);
    Aspects.of(app).add(shared({ archiveStacks: [logging] }));
    expect(count(logging, 'AWS::S3::Bucket')).toEqual(0);
    expect(count(a, 'AWS::EC2::FlowLog')).toEqual(1);
  });
});
