import { App, Aspects, RemovalPolicy, Stack, Stage, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EnforcementMode, FlowLogArchive, FlowLogDestination, FlowLogEnforcement, FlowLogField, FlowLogFormat, FlowLogTarget } from '../src';
import { NAG_VERSIONS } from './support/nag';

/**
 * 3 stacks, 5 VPCs:
 *  - Network: A (covered by FlowLogArchive), B (uncovered)
 *  - Legacy:  C (covered by the CDK L2 vpc.addFlowLog), D (an L1 CfnVPC, uncovered)
 *  - Data:    E (only subnet-level flow logs: uncovered)
 */
function estate(app: App = new App()) {
  const vpc = (stack: Stack, id: string) => new ec2.Vpc(stack, id, { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const network = new Stack(app, 'Network');
  const a = vpc(network, 'A');
  vpc(network, 'B');
  new FlowLogArchive(network, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(a)], alarms: { enabled: false } });
  const legacy = new Stack(app, 'Legacy');
  vpc(legacy, 'C').addFlowLog('L2FlowLog');
  new ec2.CfnVPC(legacy, 'D', { cidrBlock: '10.1.0.0/16' });
  const data = new Stack(app, 'Data');
  const e = vpc(data, 'E');
  new FlowLogArchive(data, 'SubnetLogs', { targets: FlowLogTarget.fromSubnets(e.isolatedSubnets), alarms: { enabled: false } });
  return { app, network, legacy, data };
}

function vpcFlowLogTargets(stack: Stack): unknown[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::FlowLog'))
    .filter((f: any) => f.Properties.ResourceType === 'VPC')
    .map((f: any) => f.Properties.ResourceId);
}

function enforcedArchiveOf(stack: Stack): FlowLogArchive | undefined {
  return stack.node.tryFindChild('FlowLogEnforcement') as FlowLogArchive | undefined;
}

describe('ADD', () => {
  test('adds exactly the missing VPC-level flow logs, one archive per stack that needs it', () => {
    const { app, network, legacy, data } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    const ids = (stack: Stack, ...vpcs: string[]) =>
      vpcs.map((v) => ({ Ref: stack.getLogicalId(stack.node.findChild(v).node.defaultChild as ec2.CfnVPC) }));
    expect(vpcFlowLogTargets(network)).toEqual(expect.arrayContaining(ids(network, 'A', 'B')));
    expect(vpcFlowLogTargets(network)).toHaveLength(2);
    expect(enforcedArchiveOf(network)!.flowLogs).toHaveLength(1);
    expect(enforcedArchiveOf(legacy)!.flowLogs.map((f) => legacy.resolve(f.resourceId))).toEqual([{ Ref: 'D' }]);
    expect(vpcFlowLogTargets(legacy)).toHaveLength(2);
    expect(enforcedArchiveOf(data)!.flowLogs.map((f) => f.resourceType)).toEqual(['VPC']);
  });

  test('a stack with every VPC covered gets nothing', () => {
    const app = new App();
    const stack = new Stack(app, 'Covered');
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
    // The positive control: the same VPC without its archive, in the same app, gets one, so the aspect did run.
    const uncovered = new Stack(app, 'Uncovered');
    new ec2.Vpc(uncovered, 'Vpc', { natGateways: 0 });
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    expect(vpcFlowLogTargets(stack)).toHaveLength(1);
    expect(enforcedArchiveOf(stack)).toBeUndefined();
    expect(vpcFlowLogTargets(uncovered)).toHaveLength(1);
    expect(enforcedArchiveOf(uncovered)!.flowLogs).toHaveLength(1);
  });

  test('two aspects (or two passes) add nothing twice', () => {
    const { app, network, legacy } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    expect(vpcFlowLogTargets(network)).toHaveLength(2);
    expect(vpcFlowLogTargets(legacy)).toHaveLength(2);
  });

  test('the destination and options given are used (e.g. a central bucket)', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const central = s3.Bucket.fromBucketArn(stack, 'Central', 'arn:aws:s3:::org-flow-logs');
    Aspects.of(app).add(new FlowLogEnforcement({
      mode: EnforcementMode.ADD,
      destinations: [FlowLogDestination.s3({ bucket: central, keyPrefix: 'workload' })],
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      alarms: { enabled: false },
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC', TrafficType: 'REJECT', MaxAggregationInterval: 60, LogDestination: 'arn:aws:s3:::org-flow-logs/workload/',
    });
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('every FlowLogArchiveOptions option reaches the added archives: the record format and the flow-log name too', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload');
    new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    Aspects.of(app).add(new FlowLogEnforcement({
      mode: EnforcementMode.ADD,
      logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.ACTION),
      flowLogName: 'org-baseline',
      alarms: { enabled: false },
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      LogFormat: '${srcaddr} ${dstaddr} ${action}',
      Tags: Match.arrayWith([{ Key: 'Name', Value: Match.stringLikeRegexp('^org-baseline/') }]),
    });
  });

  test('removalPolicy reaches what the added archive creates (RETAIN unless given)', () => {
    const policiesOf = (removalPolicy?: RemovalPolicy) => {
      const app = new App();
      const stack = new Stack(app, 'Workload');
      new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
      Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, removalPolicy }));
      const resources = Object.values<any>(Template.fromStack(stack).toJSON().Resources)
        .filter((r) => ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'].includes(r.Type));
      expect(resources.map((r) => r.Type).sort()).toEqual(['AWS::KMS::Key', 'AWS::KMS::Key', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket', 'AWS::S3::Bucket']);
      return [...new Set(resources.map((r) => `${r.DeletionPolicy}/${r.UpdateReplacePolicy}`))];
    };
    expect(policiesOf(RemovalPolicy.DESTROY)).toEqual(['Delete/Delete']);
    expect(policiesOf()).toEqual(['Retain/Retain']);
  });

  test('applyTo reaches stacks inside nested stages (Aspects.of(app) alone does not)', () => {
    const build = () => {
      const app = new App();
      const stage = new Stage(new Stage(app, 'Prod'), 'EU');
      const stack = new Stack(stage, 'Network');
      new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
      return { app, stack };
    };
    const plain = build();
    Aspects.of(plain.app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    plain.app.synth();
    expect(vpcFlowLogTargets(plain.stack)).toHaveLength(0);

    const applied = build();
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }).applyTo(applied.app);
    applied.app.synth();
    expect(vpcFlowLogTargets(applied.stack)).toHaveLength(1);
  });

  test.each(NAG_VERSIONS.map((nag) => [nag.label, nag] as const))('%s: the VPC flow-log rules pass on the stacks it fixed', (_label, nag) => {
    const { app, network, legacy, data } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, alarms: { enabled: false } }));
    const findings = nag.check(app);
    for (const stack of [network, legacy, data]) {
      expect(findings(stack).filter((f) => /VPC7|VPCFlowLogsEnabled/.test(f))).toEqual([]);
    }
  });

  test.each(NAG_VERSIONS.map((nag) => [nag.label, nag] as const))('%s: without the aspect the same rules fire: the test can tell', (_label, nag) => {
    const { app, legacy } = estate();
    expect(nag.check(app)(legacy).filter((f) => /AwsSolutions-VPC7/.test(f))).toHaveLength(1);
  });
});

describe('WARN and ERROR', () => {
  test('WARN leaves a warning on each uncovered VPC naming its path and the fix', () => {
    const { app, network, legacy, data } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.WARN }));
    const warned = (stack: Stack) => Annotations.fromStack(stack)
      .findWarning('*', Match.stringLikeRegexp('has no VPC-level flow log')).map((m) => m.id);
    expect(warned(network)).toEqual(['/Network/B/Resource']);
    expect(warned(legacy)).toEqual(['/Legacy/D']);
    expect(warned(data)).toEqual(['/Data/E/Resource']);
    Annotations.fromStack(network).hasWarning('/Network/B/Resource', Match.stringLikeRegexp(
      'VPC Network/B has no VPC-level flow log \\(Security Hub EC2.6\\)\\. Add new FlowLogArchive'));
    expect(enforcedArchiveOf(network)).toBeUndefined();
  });

  test('ERROR adds errors (the cdk CLI then fails the synth) on each uncovered VPC', () => {
    const { app, network, legacy } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR }));
    expect(Annotations.fromStack(network).findError('*', Match.stringLikeRegexp('has no VPC-level flow log')).map((m) => m.id))
      .toEqual(['/Network/B/Resource']);
    expect(Annotations.fromStack(legacy).findError('*', Match.stringLikeRegexp('VPC Legacy/D has no VPC-level flow log')).map((m) => m.id))
      .toEqual(['/Legacy/D']);
  });
});

describe('what counts as covered', () => {
  const plainVpc = (stack: Stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const warned = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('has no VPC-level flow log')).map((m) => m.id);

  test('a flow log in another stack covers the VPC it references, not a VPC at the same path in its own stack', () => {
    const app = new App();
    const workload = new Stack(app, 'Workload');
    const logging = new Stack(app, 'Logging');
    const workloadVpc = plainVpc(workload);
    plainVpc(logging);
    // Same path in both stacks, so both VPCs have the same logical ID.
    expect(workload.resolve((workloadVpc.node.defaultChild as ec2.CfnVPC).ref)).toEqual(logging.resolve((logging.node.findChild('Vpc').node.defaultChild as ec2.CfnVPC).ref));
    new ec2.CfnFlowLog(logging, 'WorkloadFlowLog', {
      resourceType: 'VPC', resourceId: workloadVpc.vpcId, trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::central',
    });
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.WARN }));
    expect(warned(workload)).toEqual([]);
    expect(warned(logging)).toEqual(['/Logging/Vpc/Resource']);
  });

  test('a flow log whose ResourceId is not a reference (a literal id) covers no VPC of the app', () => {
    const app = new App();
    const stack = new Stack(app, 'Net');
    plainVpc(stack);
    new ec2.CfnFlowLog(stack, 'Literal', { resourceType: 'VPC', resourceId: 'vpc-0123456789abcdef0', trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::b' });
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.WARN }));
    expect(warned(stack)).toEqual(['/Net/Vpc/Resource']);
  });
});

describe('exclusions', () => {
  test('by construct path pattern', () => {
    const { app, network, legacy, data } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludePaths: ['Network/B', 'Legacy/**', '*/E'] }));
    for (const stack of [network, legacy, data]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
    // The positive control: the same estate without excludePaths has an error on each of those VPCs.
    const control = estate();
    Aspects.of(control.app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR }));
    expect([control.network, control.legacy, control.data].map((stack) => Annotations.fromStack(stack).findError('*', Match.anyValue()).map((m) => m.id)))
      .toEqual([['/Network/B/Resource'], ['/Legacy/D'], ['/Data/E/Resource']]);
  });

  test.each([
    ['Network/**/B', true],
    ['**/B', true],
    ['Network/**', true],
    ['Net*/B', true],
    ['*/B', true],
    ['Network/?', false],
    ['Network/B?', false],
    ['Network/.', false],
    ['*', false],
    ['Network/**/C', false],
  ])('excludePaths %s excludes Network/B: %s', (pattern, excluded) => {
    const { app, network } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludePaths: [pattern] }));
    expect(Annotations.fromStack(network).findError('*', Match.anyValue())).toHaveLength(excluded ? 0 : 1);
  });

  test('a pattern matches whole paths only', () => {
    const { app, network } = estate();
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludePaths: ['Network/Bee', 'B'] }));
    expect(Annotations.fromStack(network).findError('*', Match.anyValue())).toHaveLength(1);
  });

  test('by a stack tag (StackProps.tags), which reaches the VPC at deploy time', () => {
    const app = new App();
    const tagged = new Stack(app, 'Tagged', { tags: { 'flow-logs': 'exempt' } });
    const other = new Stack(app, 'Other', { tags: { owner: 'team' } });
    for (const stack of [tagged, other]) {
      new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    }
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludeTag: 'flow-logs' }));
    expect(Annotations.fromStack(tagged).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(other).findError('*', Match.anyValue())).toHaveLength(1);
  });

  test('by tag key, whether the tag is set on the VPC or on a parent', () => {
    const { app, network, legacy, data } = estate();
    Tags.of(network.node.findChild('B')).add('flow-logs', 'exempt');
    Tags.of(legacy).add('flow-logs', 'exempt');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludeTag: 'flow-logs' }));
    expect(Annotations.fromStack(network).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(legacy).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(data).findError('*', Match.anyValue())).toHaveLength(1);
  });
});
