import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AwsSolutionsChecks, HIPAASecurityChecks, INagLogger, NagLoggerBaseData, NagPackProps, NagSuppressions, NIST80053R5Checks, PCIDSS321Checks,
} from 'cdk-nag';
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

const PACKS = (props: NagPackProps = {}) => [
  new AwsSolutionsChecks(props), new NIST80053R5Checks(props), new HIPAASecurityChecks(props), new PCIDSS321Checks(props),
];

/** Records which rules judged which resources (compliant, not, or suppressed), as README's table names them. */
class JudgedRules implements INagLogger {
  /** Rule names (`AwsSolutions-S1`, `*-S3BucketLoggingEnabled`) by whether the resource is the library's. */
  public readonly onLibraryResources = new Set<string>();
  public readonly onAnyResource = new Set<string>();

  public onCompliance(data: NagLoggerBaseData): void { this.record(data); }
  public onNonCompliance(data: NagLoggerBaseData): void { this.record(data); }
  public onSuppressed(data: NagLoggerBaseData): void { this.record(data); }
  public onError(): void {}
  public onSuppressedError(): void {}
  public onNotApplicable(): void {}

  private record(data: NagLoggerBaseData): void {
    const name = data.ruleId.startsWith('AwsSolutions-') ? data.ruleId : data.ruleId.replace(/^[^-]+-/, '*-');
    this.onAnyResource.add(name);
    if (isLibraryResource(data.resource)) {
      this.onLibraryResources.add(name);
    }
  }
}

/** What the library created in the example stacks: everything under its constructs, not the user's VPC or gateway. */
function isLibraryResource(resource: CfnResource): boolean {
  return /^[^/]+\/(FlowLogs|FlowLogEnforcement|Central)\//.test(resource.node.path);
}

/** The rule names of README's compliance table (the section up to the suppressions). */
function readmeComplianceRules(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('\n## Compliance\n'), readme.indexOf('\n### cdk-nag suppressions the library records'));
  return [...new Set(section.match(/AwsSolutions-[A-Z]+\d+(?![0-9A-Za-z])|\*-[A-Za-z0-9]+/g) ?? [])];
}

function findings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map((m) => `${m.id} ${String(m.entry.data).split(':')[0]}`)
    .sort();
}

describe('cdk-nag AwsSolutions, NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1', () => {
  const judged = new JudgedRules();
  const examples = (() => {
    const app = new App();
    const stacks = addExampleStacks(app);
    for (const stack of stacks) {
      const vpc = stack.node.tryFindChild('Vpc');
      if (vpc) {
        NagSuppressions.addResourceSuppressions(vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
      }
    }
    PACKS({ additionalLoggers: [judged] }).forEach((pack) => Aspects.of(app).add(pack));
    return stacks;
  })();

  test.each(examples.filter((s) => s.stackName !== 'FlowLogSubnetsAndEni').map((s) => [s.stackName, s]))(
    'example stack %s has zero unsuppressed findings', (_name, stack) => {
      expect(findings(stack as Stack)).toEqual([]);
    });

  test('README\'s compliance table names every rule that judges a library resource, and only rules that ran', () => {
    examples.forEach((stack) => Annotations.fromStack(stack));
    const table = readmeComplianceRules();
    expect([...judged.onLibraryResources].filter((rule) => !table.includes(rule)).sort()).toEqual([]);
    expect(table.filter((rule) => !judged.onAnyResource.has(rule)).sort()).toEqual([]);
    expect(judged.onLibraryResources.size).toBeGreaterThan(30);
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

  test('reserveProbeConcurrency: false: the packs report the probe\'s unreserved concurrency, and nothing else', () => {
    const app = new App();
    const stack = new Stack(app, 'Unreserved');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    NagSuppressions.addResourceSuppressions(vpc, EXAMPLE_VPC_SUPPRESSIONS, true);
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], alarms: { reserveProbeConcurrency: false } });
    PACKS().forEach((pack) => Aspects.of(app).add(pack));
    expect(findings(stack)).toEqual(['HIPAA.Security', 'NIST.800.53.R5']
      .map((pack) => `/Unreserved/FlowLogs/DeliveryStatusProbe/Function/Resource ${pack}-LambdaConcurrency`));
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
