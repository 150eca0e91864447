/**
 * Every template the library's examples and integration tests synthesize,
 * checked by cfn-lint, AWS's own CloudFormation linter
 * (https://github.com/aws-cloudformation/cfn-lint): resource schemas,
 * intrinsic functions, IAM action names, dependencies. A script, not a test,
 * since cfn-lint is a Python tool outside npm (the machine has it on PATH;
 * `.ci/run` runs this when it does).
 *
 * Usage: npx projen lint:cfn
 *
 * Fails on any finding not in ACCEPTED below, and on an accepted one that no
 * longer occurs (so the list cannot go stale). Each accepted finding comes
 * from aws-cdk-lib or its integ-tests module, not from the library's code,
 * or from a cfn-lint older than the property it flags.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { addExampleStacks } from '../examples/stacks';

interface Finding {
  readonly Filename: string;
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Path: Array<string | number> };
}

interface Accepted {
  readonly rule: string;
  readonly matches: (finding: Finding) => boolean;
  readonly reason: string;
}

const INTEG_SNAPSHOTS = path.join(__dirname, '..', 'test', 'integ');

/** Resources that integ-tests-alpha's assertions add (AwsApiCall..., LambdaInvoke...). */
const isAssertionResource = (name: string) => /^(AwsApiCall|LambdaInvoke)/.test(name);
const inIntegSnapshot = (f: Finding) => f.Filename.startsWith(INTEG_SNAPSHOTS);
const quoted = (f: Finding) => /'([^']+)'/.exec(f.Message)?.[1] ?? '';

export const ACCEPTED: Accepted[] = [
  {
    rule: 'W3005',
    // lambda.Function: "this.node.addDependency(this.role)", so the function waits for the role's policies.
    matches: (f) => / at 'Resources\/[^/]+\/Properties\/Role'$/.test(f.Message) && /Role|ServiceRole/.test(quoted(f)),
    reason: 'aws-cdk-lib\'s Lambda Function adds DependsOn its execution role (beside the Role GetAtt) so that it waits for the role\'s policies',
  },
  {
    rule: 'W3005',
    matches: (f) => inIntegSnapshot(f) && isAssertionResource(quoted(f)),
    reason: 'integ-tests-alpha\'s assertions: each waiter depends on its role, and next() chains calls with DependsOn beside a GetAtt',
  },
  {
    rule: 'W3037',
    // integ-tests-alpha writes "<service>:<Api>" for each call; the tests add the real action beside it (test/integ/support/expectations.ts).
    matches: (f) => inIntegSnapshot(f) && ['invoke', 'listobjectsv2'].includes(quoted(f)),
    reason: 'integ-tests-alpha derives lambda:Invoke and s3:ListObjectsV2 from the API names; the tests also grant lambda:InvokeFunction and s3:ListBucket',
  },
  {
    rule: 'W3010',
    matches: (f) => !inIntegSnapshot(f) && /^Avoid hardcoding availability zones 'eu-west-1[ab]'$/.test(f.Message),
    reason: 'the examples of one account and Region name their two AZs, so synth needs no context lookup (examples/stacks.ts)',
  },
  {
    rule: 'W7001',
    matches: (f) => ['LatestNodeRuntimeMap', 'awscdkawskinesisfirehoseCidrBlocks'].includes(quoted(f)),
    reason: 'mappings aws-cdk-lib writes: the custom-resource providers\' Node.js runtimes (the integ tests pin the newest runtime instead) '
      + 'and the Firehose L2\'s CIDR blocks',
  },
  {
    rule: 'E3002',
    // A CloudFormation property (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-flowlog-tagfieldspecification.html);
    // cfn-lint 1.51's schemas predate it.
    matches: (f) => f.Message === 'Additional properties are not allowed (\'TagFieldSpecifications\' was unexpected)',
    reason: 'AWS::EC2::FlowLog TagFieldSpecifications is newer than the schemas of the installed cfn-lint',
  },
];

/** Synthesizes the example app into outdir; returns its templates and those its StackSets deploy. */
function exampleTemplates(outdir: string): string[] {
  const app = new App({ outdir });
  addExampleStacks(app);
  const assembly = app.synth();
  const files: string[] = [];
  for (const stack of assembly.stacks) {
    files.push(path.join(outdir, stack.templateFile));
    for (const [id, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      if (resource.Type === 'AWS::CloudFormation::StackSet') {
        const file = path.join(outdir, `${stack.stackName}.${id}.stackset.json`);
        fs.writeFileSync(file, resource.Properties.TemplateBody);
        files.push(file);
      }
    }
  }
  return files;
}

function integTemplates(): string[] {
  return fs.readdirSync(INTEG_SNAPSHOTS)
    .filter((name) => name.endsWith('.snapshot'))
    .flatMap((name) => fs.readdirSync(path.join(INTEG_SNAPSHOTS, name))
      .filter((file) => file.endsWith('.template.json'))
      .map((file) => path.join(INTEG_SNAPSHOTS, name, file)));
}

function lint(files: string[]): Finding[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    throw new Error(`cannot run cfn-lint (${run.error.message}): install it with 'pip install cfn-lint'`);
  }
  // Exit codes 2, 4 and 8 flag errors, warnings and informational findings; the JSON lists them.
  try {
    return JSON.parse(run.stdout || '[]');
  } catch {
    throw new Error(`cfn-lint exited ${run.status} without JSON findings: ${run.stderr.trim() || run.stdout.trim()}`);
  }
}

function main(): void {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-lint-'));
  const files = [...exampleTemplates(outdir), ...integTemplates()];
  const version = spawnSync('cfn-lint', ['--version'], { encoding: 'utf-8' }).stdout?.trim();
  let findings: Finding[];
  try {
    findings = lint(files);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  const used = new Set<Accepted>();
  const rejected = findings.filter((finding) => {
    const accepted = ACCEPTED.find((a) => a.rule === finding.Rule.Id && a.matches(finding));
    if (accepted) {
      used.add(accepted);
    }
    return !accepted;
  });
  const stale = ACCEPTED.filter((a) => !used.has(a) && a.rule !== 'E3002');
  console.log(`${version}: ${files.length} templates, ${findings.length} findings, ${findings.length - rejected.length} accepted`);
  ACCEPTED.filter((a) => used.has(a)).forEach((a) => console.log(`  accepted ${a.rule}: ${a.reason}`));
  rejected.forEach((f) => console.log(`${f.Rule.Id} ${path.basename(f.Filename)} ${f.Location.Path.join('/')}: ${f.Message}`));
  stale.forEach((a) => console.log(`accepted ${a.rule} no longer occurs: remove it from ACCEPTED (${a.reason})`));
  if (rejected.length > 0 || stale.length > 0) {
    process.exitCode = 1;
  }
}

main();
