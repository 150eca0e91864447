import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { addExampleStacks, FlowLogDefaultsStack, WorkloadStack } from '../examples/stacks';
import {
  EnforcementMode, FlowLogArchive, FlowLogArchiveSharing, FlowLogDestination, FlowLogEnforcement, FlowLogGuardrail, FlowLogGuardrailStackSet,
  FlowLogProtectionPolicy, FlowLogTarget,
} from '../src';
import { JudgedRule, NAG_VERSIONS, NagVersion } from './support/nag';
import { NagSuppression } from '../src/private/nag';

/**
 * The example VPC is the user's network, not something this library
 * creates: these rules judge its design (public subnets, the default
 * security group), so they are suppressed on the VPC only. README lists them.
 */
const EXAMPLE_VPC_SUPPRESSIONS: NagSuppression[] = [
  ['VPCSubnetAutoAssignPublicIpDisabled', 'Example VPC, not created by cdk-flow-log-archive: its public subnets are the user\'s network design.'],
  ['VPCNoUnrestrictedRouteToIGW', 'Example VPC, not created by cdk-flow-log-archive: its public subnets route to the internet gateway by design.'],
  ['VPCDefaultSecurityGroupClosed', 'Example VPC, not created by cdk-flow-log-archive: closing its default security group is the VPC owner\'s choice.'],
].flatMap(([rule, reason]) => ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({ id: `${pack}-${rule}`, reason })));

/**
 * The example delivery streams (the user's resources, not the library's)
 * write their objects under `firehose/` of their bucket: the one wildcard
 * an S3 write needs. README lists it.
 */
function exampleStreamSuppressions(stack: Stack): NagSuppression[] {
  const bucket = stack.node.findChild('StreamArchive').node.findChild('Bucket').node.defaultChild as CfnResource;
  return [{
    id: 'AwsSolutions-IAM5',
    reason: 'Example delivery stream, not created by cdk-flow-log-archive: Firehose writes its objects under firehose/ of its bucket.',
    appliesTo: [`Resource::<${stack.getLogicalId(bucket)}.Arn>/firehose/*`],
  }];
}

/** Records which rules judged which resources (compliant, not, or suppressed), as README's table names them (cdk-nag 2 only). */
class JudgedRules {
  /** Rule names (`AwsSolutions-S1`, `*-S3BucketLoggingEnabled`) by whether the resource is the library's. */
  public readonly onLibraryResources = new Set<string>();
  public readonly onAnyResource = new Set<string>();

  public readonly record = (data: JudgedRule): void => {
    const name = data.ruleId.startsWith('AwsSolutions-') ? data.ruleId : data.ruleId.replace(/^[^-]+-/, '*-');
    this.onAnyResource.add(name);
    if (isLibraryResource(data.resource.node.path)) {
      this.onLibraryResources.add(name);
    }
  };
}

/** What the library created in the example stacks: everything under its constructs, not the user's VPC or gateway. */
function isLibraryResource(constructPath: string): boolean {
  return /^[^/]+\/(FlowLogs|FlowLogEnforcement|Central|StreamArchive|CrossAccountRole)\//.test(constructPath);
}

/** The rule names of README's compliance table (the section up to the suppressions). */
function readmeComplianceRules(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('\n## Compliance\n'), readme.indexOf('\n### cdk-nag suppressions the library records'));
  return [...new Set(section.match(/AwsSolutions-[A-Z]+\d+(?![0-9A-Za-z])|\*-[A-Za-z0-9]+/g) ?? [])];
}

/** A stack with an example VPC whose design rules are suppressed, checked by the four packs of `nag`. */
function vpcStack(nag: NagVersion, id: string): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App();
  const stack = new Stack(app, id);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  nag.acknowledge(vpc, EXAMPLE_VPC_SUPPRESSIONS);
  return { app, stack, vpc };
}

const VPC_FLOW_LOG_FINDINGS = (stackName: string) => [
  `/${stackName}/Vpc/Resource AwsSolutions-VPC7`,
  `/${stackName}/Vpc/Resource HIPAA.Security-VPCFlowLogsEnabled`,
  `/${stackName}/Vpc/Resource NIST.800.53.R5-VPCFlowLogsEnabled`,
  `/${stackName}/Vpc/Resource PCI.DSS.321-VPCFlowLogsEnabled`,
];

describe.each(NAG_VERSIONS.map((nag) => [nag.label, nag] as const))(
  '%s: AwsSolutions, NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1', (_label, nag) => {
    const judged = new JudgedRules();
    const { examples, findings } = (() => {
      const app = new App();
      const stacks = addExampleStacks(app);
      for (const stack of stacks) {
        const vpc = stack.node.tryFindChild('Vpc');
        if (vpc) {
          nag.acknowledge(vpc, EXAMPLE_VPC_SUPPRESSIONS);
        }
        const streamPolicy = stack.node.tryFindChild('StreamPolicy');
        if (streamPolicy) {
          nag.acknowledge(streamPolicy, exampleStreamSuppressions(stack));
        }
      }
      return { examples: stacks, findings: nag.check(app, judged.record) };
    })();

    test.each(examples.filter((s) => s.stackName !== 'FlowLogSubnetsAndEni').map((s) => [s.stackName, s]))(
      'example stack %s has zero unsuppressed findings', (_name, stack) => {
        expect(findings(stack as Stack)).toEqual([]);
      });

    test('the subnet and ENI example: subnet flow logs alone do not satisfy the VPC-level rules, and nothing else fires', () => {
      expect(findings(examples.find((s) => s.stackName === 'FlowLogSubnetsAndEni')!)).toEqual(VPC_FLOW_LOG_FINDINGS('FlowLogSubnetsAndEni'));
    });

    if (nag.major === 2) {
      // Only cdk-nag 2 tells its loggers which rules found a resource compliant.
      test('README\'s compliance table names every rule that judges a library resource, and only rules that ran', () => {
        examples.forEach((stack) => findings(stack));
        const table = readmeComplianceRules();
        expect([...judged.onLibraryResources].filter((rule) => !table.includes(rule)).sort()).toEqual([]);
        expect(table.filter((rule) => !judged.onAnyResource.has(rule)).sort()).toEqual([]);
        expect(judged.onLibraryResources.size).toBeGreaterThan(30);
      });
    }

    test('the workload stacks are compliant only because FlowLogEnforcement added their flow logs', () => {
      const app = new App();
      const bare = new WorkloadStack(app, 'Bare', '111111111111');
      nag.acknowledge(bare.vpc, EXAMPLE_VPC_SUPPRESSIONS);
      expect(nag.check(app)(bare).filter((f) => f.includes('AwsSolutions'))).toEqual(['/Bare/Vpc/Resource AwsSolutions-VPC7']);
    });

    test('an unencrypted log group of your own is flagged by the packs: the test can tell', () => {
      const { app, stack, vpc } = vpcStack(nag, 'Short');
      new FlowLogArchive(stack, 'FlowLogs', {
        targets: [FlowLogTarget.fromVpc(vpc)],
        destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(stack, 'Plain', { retention: logs.RetentionDays.ONE_YEAR }) })],
      });
      expect(nag.check(app)(stack)).toEqual([
        '/Short/Plain/Resource HIPAA.Security-CloudWatchLogGroupEncrypted',
        '/Short/Plain/Resource NIST.800.53.R5-CloudWatchLogGroupEncrypted',
        '/Short/Plain/Resource PCI.DSS.321-CloudWatchLogGroupEncrypted',
      ]);
    });

    test('the probe\'s unreserved concurrency is an acknowledged finding by default, and no finding when reserved', () => {
      for (const reserveProbeConcurrency of [undefined, true]) {
        const { app, stack, vpc } = vpcStack(nag, 'Probe');
        new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], alarms: { reserveProbeConcurrency } });
        expect(nag.check(app)(stack)).toEqual([]);
      }
      // Without the library's acknowledgement, the default would be reported: the test can tell.
      const { app, stack, vpc } = vpcStack(nag, 'Unacknowledged');
      const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
      const fn = archive.node.findChild('DeliveryStatusProbe').node.findChild('Function').node.defaultChild!;
      removeAcknowledgements(fn, 'LambdaConcurrency');
      expect(nag.check(app)(stack)).toEqual(['HIPAA.Security', 'NIST.800.53.R5']
        .map((pack) => `/Unacknowledged/FlowLogs/DeliveryStatusProbe/Function/Resource ${pack}-LambdaConcurrency`));
    });

    test('unsuppressed, every finding of the default stack is on the example VPC, none on the flow-log archive', () => {
      const app = new App();
      const stack = new FlowLogDefaultsStack(app, 'Defaults');
      const all = nag.check(app)(stack);
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((f) => !f.startsWith('/Defaults/Vpc/'))).toEqual([]);
      expect(all.filter((f) => /FlowLogsEnabled|VPC7/.test(f))).toEqual([]);
    });

    test('the organization\'s guardrail, its StackSet and the SCP have zero unsuppressed findings', () => {
      const app = new App();
      const stack = new Stack(app, 'Organization', { env: { account: '111111111111', region: 'eu-west-1' } });
      const props = { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', excludeTag: 'flow-logs:exempt' };
      new FlowLogGuardrail(stack, 'Guardrail', props);
      new FlowLogGuardrailStackSet(stack, 'GuardrailStackSet', { ...props, organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] });
      new FlowLogProtectionPolicy(stack, 'Protection', { exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'], archiveBucketArns: [props.destinationBucketArn] });
      // The same guardrail in an environment-agnostic stack (as the StackSet deploys it).
      const agnostic = new Stack(app, 'Member');
      new FlowLogGuardrail(agnostic, 'Guardrail', props);
      const found = nag.check(app);
      expect(found(stack)).toEqual([]);
      expect(found(agnostic)).toEqual([]);
    });

    test('archives shared per environment: every stack compliant, the VPC flow-log rules satisfied across stacks', () => {
      // Newer aws-cdk-lib warns on every cross-stack reference until the app
      // chooses their strength (a choice of the app, not of the library; README).
      const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
      const stacks = ['Network', 'Workload'].map((id) => {
        const stack = new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } });
        nag.acknowledge(new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }), EXAMPLE_VPC_SUPPRESSIONS);
        return stack;
      });
      new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }).applyTo(app);
      const found = nag.check(app);
      expect(stacks.map((stack) => found(stack))).toEqual([[], []]);
      // Checked with the probe's count parameter in the workload stack.
      Template.fromStack(stacks[1]).resourceCountIs('AWS::SSM::Parameter', 1);
    });

    test('without the flow logs, the VPC flow-log rules fire: the test can tell', () => {
      const { app, stack } = vpcStack(nag, 'Bare');
      expect(nag.check(app)(stack)).toEqual(VPC_FLOW_LOG_FINDINGS('Bare'));
    });
  });

/** Drops the library's acknowledgements of `rule` from a resource, in both the cdk-nag 2 and 3 forms. */
function removeAcknowledgements(resource: import('constructs').IConstruct, rule: string): void {
  const cfn = resource as unknown as { getMetadata(key: string): any; addMetadata(key: string, value: any): void };
  const kept = (cfn.getMetadata('cdk_nag')?.rules_to_suppress ?? []).filter((s: NagSuppression) => !s.id.endsWith(rule));
  cfn.addMetadata('cdk_nag', { rules_to_suppress: kept });
  const metadata = resource.node.metadata as Array<{ type: string; data: Record<string, string> }>;
  for (const entry of metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules')) {
    for (const id of Object.keys(entry.data).filter((key) => key.endsWith(rule))) {
      delete entry.data[id];
    }
  }
}

test('cdk-nag is installed in at least one major, and README shows how to register both', () => {
  expect(NAG_VERSIONS.length).toBeGreaterThanOrEqual(1);
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  expect(readme).toContain('Aspects.of(app).add(new AwsSolutionsChecks())');
  expect(readme).toContain('Validations.of(app).addPlugins(new AwsSolutionsChecks(app))');
});
