/**
 * AWS Control Tower's proactive controls, as AWS writes them for cfn-guard
 * (@cdklabs/cdk-validator-cfnguard), over the templates of the example
 * stacks. An organization that turns these hooks on has CloudFormation
 * reject any stack that breaks one, whatever cdk-nag says, so the library's
 * resources must pass every control except those AWS itself makes
 * impossible, or that a documented option turns on (README: Compliance).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { addExampleStacks } from '../examples/stacks';
import {
  EnforcementMode, FlowLogArchive, FlowLogArchiveSharing, FlowLogDestination, FlowLogEnforcement, FlowLogGuardrail, FlowLogGuardrailStackSet,
  FlowLogProtectionPolicy, FlowLogTarget,
} from '../src';

/** `<control rule> <construct path>` for every violation in the templates of `app`, on the library's resources. */
function controlTowerFindings(app: App): string[] {
  const assembly = app.synth();
  const templatePaths = assembly.stacks.map((s) => s.templateFullPath);
  const report = new CfnGuardValidator({ controlTowerRulesEnabled: true }).validate({ templatePaths } as any);
  const found = report.violations.flatMap((violation) => violation.violatingResources.map((resource) => {
    const template = JSON.parse(fs.readFileSync(resource.templatePath, 'utf-8'));
    const cdkPath: string | undefined = template.Resources?.[resource.resourceLogicalId]?.Metadata?.['aws:cdk:path'];
    return `${violation.ruleName} ${cdkPath ?? `${path.basename(resource.templatePath)} (no resource)`}`;
  }));
  return [...new Set(found)].filter((f) => /\/(FlowLogs|FlowLogEnforcement|Central|StreamArchive|CrossAccountRole)\//.test(f)).sort();
}

/** The controls AWS itself makes impossible for a server access-log bucket (README lists them with the sources). */
const ACCESS_LOG_BUCKET_EXCEPTIONS = ['s3_bucket_default_encryption_kms_check', 's3_bucket_logging_enabled_check'];

describe('the example stacks', () => {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  addExampleStacks(app);
  const findings = controlTowerFindings(app);

  test('every finding on a library resource is a documented exception', () => {
    const unexpected = findings.filter((f) => {
      const [rule, cdkPath] = f.split(' ');
      if (cdkPath.includes('/AccessLogs/') && ACCESS_LOG_BUCKET_EXCEPTIONS.includes(rule)) {
        return false;
      }
      // Opt-in: objectLockRetention (turning Object Lock on replaces an existing bucket).
      if (rule === 's3_bucket_object_lock_enabled_check' && /\/(Bucket|AccessLogs)\/Resource$/.test(cdkPath)) {
        return false;
      }
      // Opt-in: alarms.probeVpc (the probe needs a VPC with a route to the EC2 and CloudWatch APIs).
      return !(rule === 'lambda_inside_vpc_check' && cdkPath.endsWith('/DeliveryStatusProbe/Function/Resource'));
    });
    expect(unexpected).toEqual([]);
  });

  test('the controls that failed before: grants only for AWS services, event notifications, the probe\'s queue as a dead-letter queue', () => {
    expect(findings.filter((f) => /kms_create_grant|s3_event_notifications|sqs_dlq/.test(f))).toEqual([]);
    expect(findings.length).toBeGreaterThan(0);
  });
});

test('with objectLockRetention and probeVpc, only the controls AWS makes impossible remain', () => {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Locked', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(vpc)],
    destinations: [
      FlowLogDestination.s3({ bucketProps: { objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(90)) } }),
      FlowLogDestination.cloudWatchLogs(),
    ],
    alarms: { probeVpc: vpc },
  });
  expect(controlTowerFindings(app)).toEqual(ACCESS_LOG_BUCKET_EXCEPTIONS.map((rule) => `${rule} Locked/FlowLogs/ArchiveBucket/AccessLogs/Resource`));
});

test('the organization\'s guardrail, its StackSet and the SCP pass every control', () => {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Organization', { env: { account: '111111111111', region: 'eu-west-1' } });
  const props = { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', excludeTag: 'flow-logs:exempt' };
  new FlowLogGuardrail(stack, 'Guardrail', props);
  new FlowLogGuardrailStackSet(stack, 'GuardrailStackSet', { ...props, organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] });
  new FlowLogProtectionPolicy(stack, 'Protection', { exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'], archiveBucketArns: [props.destinationBucketArn] });
  const assembly = app.synth();
  const violations = (templatePaths: string[]) => new CfnGuardValidator({ controlTowerRulesEnabled: true })
    .validate({ templatePaths } as any).violations.map((v) => v.ruleName);
  expect(violations(assembly.stacks.map((s) => s.templateFullPath))).toEqual([]);
  // The StackSet's own template (what each account gets), checked alike.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guardrail-'));
  const body = path.join(dir, 'guardrail.json');
  fs.writeFileSync(body, (stack.node.findChild('GuardrailStackSet') as FlowLogGuardrailStackSet).templateBody);
  expect(violations([body])).toEqual([]);
});

test('archives shared per environment: no control fails on what ADD mode adds', () => {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  const stacks = ['Network', 'Workload'].map((id) => new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-1' } }));
  stacks.forEach((stack) => new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }));
  new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }).applyTo(app);
  const findings = controlTowerFindings(app).filter((f) => {
    const [rule, cdkPath] = f.split(' ');
    return !(cdkPath.includes('/AccessLogs/') && ACCESS_LOG_BUCKET_EXCEPTIONS.includes(rule))
      && !(rule === 's3_bucket_object_lock_enabled_check' && /\/(Bucket|AccessLogs)\/Resource$/.test(cdkPath))
      && !(rule === 'lambda_inside_vpc_check' && cdkPath.endsWith('/DeliveryStatusProbe/Function/Resource'));
  });
  expect(findings).toEqual([]);
  // The workload stack held the probe's count parameter, checked too.
  Template.fromStack(stacks[1]).resourceCountIs('AWS::SSM::Parameter', 1);
});
