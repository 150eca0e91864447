import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagSuppressions, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { addExampleStacks, FlowLogDefaultsStack, WorkloadStack } from '../examples/stacks';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../src';

/**
 * The example VPC is the user's network, not something this library
 * creates: these rules judge its design (public subnets, the default
 * security group), so they are suppressed on the VPC only. README lists them.
 */
const EXAMPLE_VPC_SUPPRESSIONS = [
  ['VPCSubnetAutoAssignPublicIpDisabled', 'Example VPC, not created by cdk-flow-log-archive: its public subnets are the user\'s network design.'],
  ['VPCNoUnrestrictedRouteToIGW', 'Example VPC, not created by cdk-flow-log-archive: its public subnets route to the internet gateway by design.'],
  ['VPCDefaultSecurityGroupClosed', 'Example VPC, not created by cdk-flow-log-archive: closing its default security group is the VPC owner\'s choice.'],
].flatMap(([rule, reason]) => ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({ id: `${pack}-${rule}`, reason })));

const PACKS = () => [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()];

function findings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map((m) => `${m.id} ${String(m.entry.data).split(':')[0]}`)
    .sort();
}

function checked<T extends Stack & { vpc: ec2.Vpc }>(make: (app: App) => T): T {
  const app = new App();
  const stack = make(app);
  NagSuppressions.addResourceSuppressions(stack.vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
  PACKS().forEach((pack) => Aspects.of(app).add(pack));
  return stack;
}

describe('cdk-nag AwsSolutions, NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1', () => {
  const examples = (() => {
    const app = new App();
    const stacks = addExampleStacks(app);
    for (const stack of stacks) {
      const vpc = stack.node.tryFindChild('Vpc');
      if (vpc) {
        NagSuppressions.addResourceSuppressions(vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
      }
    }
    PACKS().forEach((pack) => Aspects.of(app).add(pack));
    return stacks;
  })();

  test.each(examples.filter((s) => s.stackName !== 'FlowLogSubnetsAndEni').map((s) => [s.stackName, s]))(
    'example stack %s has zero unsuppressed findings', (_name, stack) => {
      expect(findings(stack as Stack)).toEqual([]);
    });

  test('the subnet and ENI example: subnet flow logs alone do not satisfy the VPC-level rules, and nothing else fires', () => {
    const stack = examples.find((s) => s.stackName === 'FlowLogSubnetsAndEni')!;
    expect(findings(stack)).toEqual([
      '/FlowLogSubnetsAndEni/Vpc/Resource AwsSolutions-VPC7',
      '/FlowLogSubnetsAndEni/Vpc/Resource HIPAA.Security-VPCFlowLogsEnabled',
      '/FlowLogSubnetsAndEni/Vpc/Resource NIST.800.53.R5-VPCFlowLogsEnabled',
      '/FlowLogSubnetsAndEni/Vpc/Resource PCI.DSS.321-VPCFlowLogsEnabled',
    ]);
  });

  test('the workload stacks are compliant only because FlowLogEnforcement added their flow logs', () => {
    const app = new App();
    const bare = new WorkloadStack(app, 'Bare', '111111111111');
    NagSuppressions.addResourceSuppressions(bare.vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
    Aspects.of(app).add(new AwsSolutionsChecks());
    expect(findings(bare)).toEqual(['/Bare/Vpc/Resource AwsSolutions-VPC7']);
  });

  test('an unencrypted log group of your own is flagged by the packs: the test can tell', () => {
    const app = new App();
    const stack = new Stack(app, 'Short');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    NagSuppressions.addResourceSuppressions(vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc)],
      destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_YEAR }) })],
    });
    PACKS().forEach((pack) => Aspects.of(app).add(pack));
    expect(findings(stack)).toEqual([
      '/Short/Plain/Resource HIPAA.Security-CloudWatchLogGroupEncrypted',
      '/Short/Plain/Resource NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      '/Short/Plain/Resource PCI.DSS.321-CloudWatchLogGroupEncrypted',
    ]);
  });

  test('unsuppressed, every finding of the default stack is on the example VPC, none on the flow-log archive', () => {
    const app = new App();
    const stack = new FlowLogDefaultsStack(app, 'Defaults');
    PACKS().forEach((pack) => Aspects.of(app).add(pack));
    const all = findings(stack);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((f) => !f.startsWith('/Defaults/Vpc/'))).toEqual([]);
    expect(all.filter((f) => /FlowLogsEnabled|VPC7/.test(f))).toEqual([]);
  });

  test('without the flow logs, the VPC flow-log rules fire: the test can tell', () => {
    const app = new App();
    const stack = new Stack(app, 'Bare');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    NagSuppressions.addResourceSuppressions(vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
    PACKS().forEach((pack) => Aspects.of(app).add(pack));
    expect(findings(stack)).toEqual([
      '/Bare/Vpc/Resource AwsSolutions-VPC7',
      '/Bare/Vpc/Resource HIPAA.Security-VPCFlowLogsEnabled',
      '/Bare/Vpc/Resource NIST.800.53.R5-VPCFlowLogsEnabled',
      '/Bare/Vpc/Resource PCI.DSS.321-VPCFlowLogsEnabled',
    ]);
  });

});
