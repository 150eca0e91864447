import { App, Aspects, IAspect, Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct, Node } from 'constructs';
import { EnforcementMode, FlowLogArchive, FlowLogArchiveSharing, FlowLogEnforcement } from '../src';

/** Another team's aspect: logs every L2 VPC it visits with the CDK's own vpc.addFlowLog, to CloudWatch Logs. */
class AddsCdkFlowLogs implements IAspect {
  constructor(private readonly onResource: boolean) {}
  public visit(node: IConstruct): void {
    // On the L2 (a child added before its children are visited) or on the L1
    // (a child of the L2 added while the L2's children are visited).
    const vpc = this.onResource ? (node instanceof ec2.CfnVPC ? node.node.scope : undefined) : node;
    if (vpc instanceof ec2.Vpc && !vpc.node.tryFindChild('TeamFlowLog')) {
      vpc.addFlowLog('TeamFlowLog');
    }
  }
}

/** A platform team's aspect: logs a VPC of another stack from its logging stack, when it visits that stack. */
class LogsVpcIn implements IAspect {
  constructor(private readonly logging: Stack, private readonly vpc: ec2.Vpc) {}
  public visit(node: IConstruct): void {
    if (node === this.logging && !node.node.tryFindChild('CentralFlowLog')) {
      new ec2.FlowLog(this.logging, 'CentralFlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc) });
    }
  }
}

const plainVpc = (stack: Stack, id: string) =>
  new ec2.Vpc(stack, id, { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });

/** The environment of the delivery-status probe in `stack`. */
const probeVariables = (stack: Stack) =>
  (Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any).Properties.Environment.Variables;

/** The values of the expected-flow-log parameters in `stack`. */
const parameterValues = (stack: Stack) => Object.values<any>(Template.fromStack(stack).findResources('AWS::SSM::Parameter')).map((p) => p.Properties.Value);

function vpcFlowLogs(stack: Stack): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::EC2::FlowLog')).filter((f: any) => f.Properties.ResourceType === 'VPC');
}

describe.each([
  ['without aspect stabilization (one pass)', {}],
  ['with @aws-cdk/core:aspectStabilization', { '@aws-cdk/core:aspectStabilization': true }],
])('%s', (_label, context) => {
  test.each([
    ['on the L2 VPC', false],
    ['on the L1 CfnVPC', true],
  ])('a flow log an aspect added after ours adds (%s) is seen: the VPC is logged once, the archive withdrawn', (_where, onResource) => {
    const app = new App({ context });
    const stack = new Stack(app, 'Workload');
    plainVpc(stack, 'Vpc');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD }));
    Aspects.of(app).add(new AddsCdkFlowLogs(onResource));
    const flowLogs = vpcFlowLogs(stack);
    expect(flowLogs).toHaveLength(1);
    expect(flowLogs[0].Properties.LogDestinationType).toEqual('cloud-watch-logs');
    // Nothing of the archive is left (it had nothing else to log).
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(stack.node.tryFindChild('FlowLogEnforcement')).toBeUndefined();
  });

  test('only the VPC the other aspect logs is withdrawn; the archive keeps the others and its probe counts them', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'Workload');
    plainVpc(stack, 'Logged');
    const other = plainVpc(stack, 'Other');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD }));
    Aspects.of(stack.node.findChild('Logged')).add(new AddsCdkFlowLogs(true));
    const flowLogs = vpcFlowLogs(stack);
    expect(flowLogs.map((f) => [f.Properties.LogDestinationType, f.Properties.ResourceId])).toEqual(expect.arrayContaining([
      ['cloud-watch-logs', { Ref: stack.getLogicalId(stack.node.findChild('Logged').node.defaultChild as ec2.CfnVPC) }],
      ['s3', { Ref: stack.getLogicalId(other.node.defaultChild as ec2.CfnVPC) }],
    ]));
    expect(flowLogs).toHaveLength(2);
    const archive = stack.node.findChild('FlowLogEnforcement') as FlowLogArchive;
    expect(archive.flowLogs).toHaveLength(1);
    const probe = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
    expect(probe.Properties.Environment.Variables.EXPECTED_FLOW_LOGS).toEqual('1');
    // The probe waits only for the flow log that is left.
    expect(probe.DependsOn.filter((d: string) => d.startsWith('FlowLogEnforcementVpc'))).toEqual([
      stack.getLogicalId(archive.flowLogs[0]),
    ]);
  });

  test('a flow log an aspect adds in a later stack for a VPC of an earlier stack is seen: the VPC is logged once', () => {
    const app = new App({ context });
    const workload = new Stack(app, 'Workload');
    const vpc = plainVpc(workload, 'Vpc');
    const logging = new Stack(app, 'Logging');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD }));
    Aspects.of(app).add(new LogsVpcIn(logging, vpc));
    // The other team's flow log, in the later stack, through a cross-stack reference.
    expect(vpcFlowLogs(logging)).toHaveLength(1);
    expect(vpcFlowLogs(workload)).toEqual([]);
    expect(workload.node.tryFindChild('FlowLogEnforcement')).toBeUndefined();
  });

  test('with archives shared per environment, the same: the shared archive keeps only the VPC nobody else logs', () => {
    const app = new App({ context });
    const first = new Stack(app, 'First');
    const logged = plainVpc(first, 'Vpc');
    const second = new Stack(app, 'Second');
    const other = plainVpc(second, 'Vpc');
    const logging = new Stack(app, 'Logging');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }));
    Aspects.of(app).add(new LogsVpcIn(logging, logged));
    expect(vpcFlowLogs(first).filter((f) => f.Properties.LogDestinationType === 's3')).toEqual([]);
    expect(vpcFlowLogs(second).map((f) => f.Properties.ResourceId)).toEqual([{ Ref: second.getLogicalId(other.node.defaultChild as ec2.CfnVPC) }]);
    expect(vpcFlowLogs(logging)).toHaveLength(1);
    // The probe (in First) expects none of its own stack, and one from Second's parameter.
    expect(probeVariables(first).EXPECTED_FLOW_LOGS).toEqual('0');
    expect(parameterValues(second)).toEqual(['1']);
  });

  test('with archives shared per environment, a withdrawn flow log of another stack takes its parameter with it', () => {
    const app = new App({ context });
    const first = new Stack(app, 'First');
    plainVpc(first, 'Vpc');
    const second = new Stack(app, 'Second');
    const logged = plainVpc(second, 'Vpc');
    const logging = new Stack(app, 'Logging');
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }));
    Aspects.of(app).add(new LogsVpcIn(logging, logged));
    expect(vpcFlowLogs(second)).toEqual([]);
    expect(parameterValues(second)).toEqual([]);
    // The probe keeps reading the path, which now holds nothing, and counts First's own flow log.
    expect(probeVariables(first)).toEqual(expect.objectContaining({ EXPECTED_FLOW_LOGS: '1', EXPECTED_FLOW_LOGS_PATH: expect.stringMatching(/^\/cdk-flow-log-archive\/First\//) }));
  });

  test.each([EnforcementMode.WARN, EnforcementMode.ERROR])(
    '%s: no finding for a VPC of an earlier stack that an aspect logs in a later stack', (mode) => {
      const app = new App({ context });
      const workload = new Stack(app, 'Workload');
      const vpc = plainVpc(workload, 'Vpc');
      const unlogged = plainVpc(workload, 'Unlogged');
      const logging = new Stack(app, 'Logging');
      Aspects.of(app).add(new FlowLogEnforcement({ mode }));
      Aspects.of(app).add(new LogsVpcIn(logging, vpc));
      const findings = app.synth().getStackByName('Workload').messages
        .filter((m) => /has no VPC-level flow log/.test(String(m.entry.data)));
      // Only the VPC nobody logs, still decided.
      expect(findings.map((m) => [m.level, String(m.entry.data).split(' has')[0]])).toEqual([
        [mode === EnforcementMode.ERROR ? 'error' : 'warning', `VPC ${unlogged.node.path}`],
      ]);
    });

  test('in a Stage, applyTo(app) sees it too: no warning for the VPC, one for the VPC nobody logs', () => {
    const app = new App({ context });
    const stage = new Stage(app, 'Prod');
    const workload = new Stack(stage, 'Workload');
    const vpc = plainVpc(workload, 'Vpc');
    const unlogged = plainVpc(workload, 'Unlogged');
    const logging = new Stack(stage, 'Logging');
    new FlowLogEnforcement({ mode: EnforcementMode.WARN }).applyTo(app);
    Aspects.of(stage).add(new LogsVpcIn(logging, vpc));
    const findings = app.synth().getNestedAssembly('assembly-Prod').getStackByName(workload.stackName).messages
      .filter((m) => /has no VPC-level flow log/.test(String(m.entry.data)));
    expect(findings.map((m) => String(m.entry.data).split(' has')[0])).toEqual([`VPC ${unlogged.node.path}`]);
  });

  test('an aspect added before ours that adds a flow log is seen too', () => {
    const app = new App({ context });
    const stack = new Stack(app, 'Workload');
    plainVpc(stack, 'Vpc');
    Aspects.of(app).add(new AddsCdkFlowLogs(false));
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.ADD }));
    expect(vpcFlowLogs(stack)).toHaveLength(1);
    expect(stack.node.tryFindChild('FlowLogEnforcement')).toBeUndefined();
  });
});

test('WARN sees a flow log a later aspect adds: no warning', () => {
  const app = new App();
  const stack = new Stack(app, 'Workload');
  plainVpc(stack, 'Vpc');
  Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.WARN }));
  Aspects.of(app).add(new AddsCdkFlowLogs(false));
  const warnings = app.synth().getStackByName('Workload').messages.filter((m) => /has no VPC-level flow log/.test(String(m.entry.data)));
  expect(warnings).toEqual([]);
});

describe('linear in the app size', () => {
  /** Walks of the construct tree (Node.findAll) one synth makes, for an app of n stacks. */
  function walks(n: number): { walks: number; visited: number } {
    const app = new App();
    for (let i = 0; i < n; i++) {
      plainVpc(new Stack(app, `Stack${i}`), 'Vpc');
    }
    Aspects.of(app).add(new FlowLogEnforcement({ mode: EnforcementMode.WARN }));
    const findAll = jest.spyOn(Node.prototype, 'findAll');
    let visited = 0;
    try {
      app.synth();
      visited = findAll.mock.results.reduce((sum, r) => sum + (r.value as unknown[]).length, 0);
      return { walks: findAll.mock.calls.length, visited };
    } finally {
      findAll.mockRestore();
    }
  }

  test('the constructs walked grow linearly with the number of stacks (they grew with its square)', () => {
    const small = walks(5);
    const large = walks(20);
    // 4x the stacks: 4x the constructs walked (plus the CDK's own walks, also linear), not 16x.
    expect(large.visited / small.visited).toBeLessThan(4.5);
  });
});
