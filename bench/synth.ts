/**
 * Synth benchmark (a script, not a test): FlowLogArchive versus the CDK L2
 * `vpc.addFlowLog` to one shared bucket, for N VPC targets in one stack.
 * Writes docs/benchmarks.md.
 *
 * Usage: npx projen bench
 *
 * Timings are medians of RUNS runs, the variants interleaved run by run so
 * that a slow stretch of the machine affects them alike. The structural
 * targets (resources per target, bucket policy size, 400 targets in one
 * stack) are checked exactly and make the script fail; timing targets are
 * reported, since they depend on the machine.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogArchiveProps, FlowLogDestination, FlowLogTarget } from '../src';
import { ColdVariant, coldSynthMillis } from './cold-synth';

const SIZES = [1, 10, 100, 300, 400];
const RUNS = 9;
const WARM_UP_RUNS = 2;
const RESOURCE_LIMIT = 500;
const RATIO_TARGET = 1.2;
const RATIO_AT = 100;
const COLD_SIZES = [1, 100];
const COLD_VARIANTS: ColdVariant[] = ['ours', 'ours, alarms off', 'L2'];

interface ColdRow {
  readonly n: number;
  readonly millis: Map<ColdVariant, number>;
}
/** The context key of the CDK's check against CloudFormation's resource limit. */
const STACK_RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';

type Build = (stack: Stack, vpcs: ec2.IVpc[]) => void;

interface Variant {
  readonly name: string;
  readonly build: Build;
}

interface Shape {
  readonly resources: number;
  readonly templateBytes: number;
  readonly bucketPolicyBytes: number;
  readonly types: Record<string, number>;
}

function archive(props: Partial<FlowLogArchiveProps> = {}): Build {
  return (stack, vpcs) => {
    new FlowLogArchive(stack, 'FlowLogs', { targets: vpcs.map((vpc) => FlowLogTarget.fromVpc(vpc)), ...props });
  };
}

const OURS: Variant = { name: 'ours', build: archive() };
const OURS_QUIET: Variant = { name: 'ours, alarms off', build: archive({ alarms: { enabled: false } }) };
const OURS_NO_PROBE: Variant = { name: 'ours, probe off', build: archive({ alarms: { deliveryStatusProbe: false } }) };
const OURS_TWO_DESTINATIONS: Variant = {
  name: 'ours, S3 + CloudWatch Logs',
  build: archive({ destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()] }),
};
const L2: Variant = {
  name: 'L2',
  build: (stack, vpcs) => {
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    vpcs.forEach((vpc, i) => vpc.addFlowLog(`FlowLog${i}`, { destination: ec2.FlowLogDestination.toS3(bucket) }));
  },
};

function importedVpcs(stack: Stack, n: number): ec2.IVpc[] {
  return Array.from({ length: n }, (_, i) => ec2.Vpc.fromVpcAttributes(stack, `Vpc${i}`, {
    vpcId: `vpc-${(0x10000000 + i).toString(16)}`,
    availabilityZones: ['eu-west-1a'],
  }));
}

/**
 * Builds and synthesizes one app: what a `cdk synth` of this stack does
 * after loading modules. `unlimited` lifts the CDK's 500-resource check, to
 * count what would not fit.
 */
function synthesize(variant: Variant, n: number, unlimited = false): { millis: number; template: any } {
  const start = performance.now();
  const app = new App(unlimited ? { context: { [STACK_RESOURCE_LIMIT_CONTEXT]: 0 } } : {});
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  variant.build(stack, importedVpcs(stack, n));
  const template = app.synth().getStackByName('Bench').template;
  return { millis: performance.now() - start, template };
}

function shapeOf(template: any): Shape {
  const resources = Object.values<any>(template.Resources);
  const policies = resources.filter((r) => r.Type === 'AWS::S3::BucketPolicy').map((r) => JSON.stringify(r.Properties.PolicyDocument));
  const types: Record<string, number> = {};
  resources.forEach((r) => { types[r.Type] = (types[r.Type] ?? 0) + 1; });
  return {
    resources: resources.length,
    templateBytes: JSON.stringify(template).length,
    bucketPolicyBytes: Math.max(0, ...policies.map((p) => p.length)),
    types,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median synth time of each variant at size n, runs interleaved. */
function time(variants: Variant[], n: number): Map<Variant, number> {
  const samples = new Map<Variant, number[]>(variants.map((v) => [v, []]));
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    for (const variant of variants) {
      const { millis } = synthesize(variant, n);
      if (run >= WARM_UP_RUNS) {
        samples.get(variant)!.push(millis);
      }
    }
  }
  return new Map(variants.map((v) => [v, median(samples.get(v)!)]));
}

interface Row {
  readonly n: number;
  readonly millis: Map<Variant, number>;
  readonly shapes: Map<Variant, Shape>;
}

interface Check {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  readonly structural: boolean;
}

function checks(rows: Row[]): Check[] {
  const first = rows[0];
  const at = rows.find((r) => r.n === RATIO_AT)!;
  const last = rows[rows.length - 1];
  const ratio = (row: Row, v: Variant) => row.millis.get(v)! / row.millis.get(L2)!;
  const perTarget = (v: Variant, destinations: number) => rows.every((r) =>
    r.shapes.get(v)!.resources - first.shapes.get(v)!.resources === (r.n - first.n) * destinations);
  const policySizes = new Set(rows.map((r) => r.shapes.get(OURS)!.bucketPolicyBytes));
  const fixed = first.shapes.get(OURS)!.resources - first.n;
  const fixedTwo = first.shapes.get(OURS_TWO_DESTINATIONS)!.resources - 2 * first.n;
  return [
    {
      target: `synth time <= ${RATIO_TARGET}x the L2 at N=${RATIO_AT}, defaults`,
      measured: `${ratio(at, OURS).toFixed(2)}x`,
      met: ratio(at, OURS) <= RATIO_TARGET,
      structural: false,
    },
    {
      target: `synth time <= ${RATIO_TARGET}x the L2 at N=${RATIO_AT}, alarms off`,
      measured: `${ratio(at, OURS_QUIET).toFixed(2)}x`,
      met: ratio(at, OURS_QUIET) <= RATIO_TARGET,
      structural: false,
    },
    {
      target: `synth time per extra target <= ${RATIO_TARGET}x the L2's (N=${rows[1].n} to ${last.n}, defaults)`,
      measured: `${marginal(rows, OURS).toFixed(3)} ms vs ${marginal(rows, L2).toFixed(3)} ms (${(marginal(rows, OURS) / marginal(rows, L2)).toFixed(2)}x)`,
      met: marginal(rows, OURS) <= RATIO_TARGET * marginal(rows, L2),
      structural: false,
    },
    {
      target: '+1 resource per extra target x destination',
      measured: `${perTarget(OURS, 1) ? '+1' : 'not +1'} per target with S3; ${perTarget(OURS_TWO_DESTINATIONS, 2) ? '+2' : 'not +2'} with S3 + CloudWatch Logs`,
      met: perTarget(OURS, 1) && perTarget(OURS_TWO_DESTINATIONS, 2),
      structural: true,
    },
    {
      target: 'bucket policy size constant in N',
      measured: `${[...policySizes].join(', ')} bytes for every N`,
      met: policySizes.size === 1,
      structural: true,
    },
    {
      target: `>= 400 VPC targets in one stack (CloudFormation limit: ${RESOURCE_LIMIT} resources)`,
      measured: `${last.shapes.get(OURS)!.resources} resources at N=${last.n}; up to ${RESOURCE_LIMIT - fixed} targets fit `
        + `(${Math.floor((RESOURCE_LIMIT - fixedTwo) / 2)} with S3 + CloudWatch Logs)`,
      met: RESOURCE_LIMIT - fixed >= 400,
      structural: true,
    },
  ];
}

/** Synth time one more target costs: the slope between the smallest and largest N above 1. */
function marginal(rows: Row[], v: Variant): number {
  const from = rows[1];
  const to = rows[rows.length - 1];
  return (to.millis.get(v)! - from.millis.get(v)!) / (to.n - from.n);
}

function table(header: string[], lines: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}

function report(rows: Row[], results: Check[], cold: ColdRow[]): string {
  const timed = [OURS, OURS_NO_PROBE, OURS_QUIET, L2];
  const first = rows[0];
  const fixedTypes = Object.entries(first.shapes.get(OURS)!.types).sort(([a], [b]) => a.localeCompare(b));
  return `# Synth benchmark

Generated by \`npx projen bench\` (bench/synth.ts) on ${new Date().toISOString().slice(0, 10)}, Node.js ${process.version},
${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}). One stack, N imported VPCs, each logged to S3:

- **ours**: \`new FlowLogArchive(stack, 'FlowLogs', { targets })\` with every default (archive bucket and key, access-log
  bucket, alarms, topic and the delivery-status probe);
- **ours, probe off** / **ours, alarms off**: the same with \`alarms: { deliveryStatusProbe: false }\` / \`alarms: { enabled: false }\`;
- **L2**: \`vpc.addFlowLog(...)\` per VPC to one shared \`s3.Bucket\` with \`enforceSSL\` (no encryption key, lifecycle,
  access logs or alarms).

Synth time is the median of ${RUNS} runs (after ${WARM_UP_RUNS} warm-up runs, the variants interleaved), from \`new App()\` to
\`app.synth()\` returning, writing the cloud assembly included. Module loading, which dominates a real \`cdk synth\`
and is the same for both, is not included. Timings vary by machine: compare the ratios.

## Synth time (ms)

${table(['N', ...timed.map((v) => v.name), 'ours / L2', 'alarms off / L2'], rows.map((r) => [
  r.n, ...timed.map((v) => r.millis.get(v)!.toFixed(1)),
  (r.millis.get(OURS)! / r.millis.get(L2)!).toFixed(2), (r.millis.get(OURS_QUIET)! / r.millis.get(L2)!).toFixed(2),
]))}

Synth time per extra target (slope from N=${rows[1].n} to N=${rows[rows.length - 1].n}):
${timed.map((v) => `${v.name} ${marginal(rows, v).toFixed(3)} ms`).join(', ')}.

## Synth time of a new process (ms)

What a pipeline's \`cdk synth\` of this one stack takes: a new Node.js process that loads aws-cdk-lib (and the
compiled library), builds the app and synthesizes it; median of ${RUNS}. This includes loading, for the first time,
the CDK modules each variant uses (Lambda, SQS, SNS, CloudWatch and Events for ours with alarms).

${table(['N', ...COLD_VARIANTS, 'ours / L2', 'alarms off / L2'], cold.map((c) => [
  c.n, ...COLD_VARIANTS.map((v) => c.millis.get(v)!.toFixed(0)),
  (c.millis.get('ours')! / c.millis.get('L2')!).toFixed(2), (c.millis.get('ours, alarms off')! / c.millis.get('L2')!).toFixed(2),
]))}

## Template size

${table(['N', 'ours resources', 'ours, S3 + CloudWatch Logs, resources', 'L2 resources', 'ours template bytes', 'L2 template bytes',
  'ours bucket policy bytes', 'L2 bucket policy bytes'], rows.map((r) => [
  r.n, r.shapes.get(OURS)!.resources, r.shapes.get(OURS_TWO_DESTINATIONS)!.resources, r.shapes.get(L2)!.resources,
  r.shapes.get(OURS)!.templateBytes, r.shapes.get(L2)!.templateBytes,
  r.shapes.get(OURS)!.bucketPolicyBytes, r.shapes.get(L2)!.bucketPolicyBytes,
]))}

What ours deploys at N=${first.n} (the fixed part, plus the one flow log):
${fixedTypes.map(([type, count]) => `${count} ${type}`).join(', ')}.

## Targets

${table(['Target', 'Measured', 'Met'], results.map((c) => [c.target, c.measured, c.met ? 'yes' : '**no**']))}

Reading the tables: ours costs a fixed set of resources (the secure archive, its alarms and the probe) and then
exactly one \`AWS::EC2::FlowLog\` per target and destination, each synthesized at about the cost of the L2's (ours
carries two tags and waits for the bucket policy and the key; the L2's flow log one tag and the policy). The bucket
policy does not grow with N.

The fixed part is what separates the two at small N. By feature, at N=${first.n}:

${table(['Part', 'Resources', 'Synth ms'], fixedParts(first).map((p) => [p.part, p.resources, p.millis.toFixed(1)]))}

CDK L2 resources cost about a millisecond each to synthesize, whoever writes them, so a fixed part of
${first.shapes.get(OURS)!.resources - first.n} resources is not amortized into the ${RATIO_TARGET}x target by N=${RATIO_AT}. Here the ratio is within
${RATIO_TARGET}x from N=${firstWithin(rows, OURS)} with every default and from N=${firstWithin(rows, OURS_QUIET)} with alarms off. In a real
\`cdk synth\` these milliseconds sit next to the second or more that loading aws-cdk-lib takes.
`;
}

/** The smallest N from which the variant stays within the ratio target, or 'none' if it never does. */
function firstWithin(rows: Row[], v: Variant): string {
  const index = rows.findIndex((_, i) => rows.slice(i).every((r) => r.millis.get(v)! / r.millis.get(L2)! <= RATIO_TARGET));
  return index < 0 ? 'none' : String(rows[index].n);
}

/** The fixed part of ours at one size, by what turns it off: probe, other alarms, the archive beyond the L2's bucket. */
function fixedParts(row: Row): Array<{ part: string; resources: number; millis: number }> {
  const resources = (v: Variant) => row.shapes.get(v)!.resources;
  const millis = (v: Variant) => row.millis.get(v)!;
  const part = (name: string, with_: Variant, without: Variant) => ({
    part: name,
    resources: resources(with_) - resources(without),
    millis: millis(with_) - millis(without),
  });
  return [
    part('delivery-status probe (function, role, policy, log group, queue, queue policy, schedule, permission, alarm)', OURS, OURS_NO_PROBE),
    part('other alarms, their topic, topic policy and key', OURS_NO_PROBE, OURS_QUIET),
    part('archive beyond the L2\'s bucket and policy (key, access-log bucket and policy)', OURS_QUIET, L2),
  ];
}

function main(): void {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const millis = time([OURS, OURS_NO_PROBE, OURS_QUIET, L2], n);
    const shapes = new Map([OURS, OURS_NO_PROBE, OURS_QUIET, OURS_TWO_DESTINATIONS, L2].map((v) => [v, shapeOf(synthesize(v, n, true).template)]));
    rows.push({ n, millis, shapes });
    console.log(`N=${n}: ${[...millis].map(([v, ms]) => `${v.name} ${ms.toFixed(1)} ms`).join(', ')}`);
  }
  const cold = COLD_SIZES.map((n) => ({ n, millis: new Map(COLD_VARIANTS.map((v) => [v, coldSynthMillis(v, n, RUNS)])) }));
  cold.forEach((c) => console.log(`cold N=${c.n}: ${[...c.millis].map(([v, ms]) => `${v} ${ms.toFixed(0)} ms`).join(', ')}`));
  const results = checks(rows);
  results.forEach((c) => console.log(`${c.met ? 'met' : 'NOT MET'}: ${c.target} (${c.measured})`));
  const out = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, report(rows, results, cold));
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (results.some((c) => c.structural && !c.met)) {
    process.exitCode = 1;
  }
}

main();
