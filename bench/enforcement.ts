/**
 * Enforcement benchmark (a script, not a test): synth time of an app of N
 * stacks, one 2-AZ VPC each, with and without `FlowLogEnforcement`.
 * Replaces its section of docs/benchmarks.md when run at the default sizes.
 *
 * Usage: npx projen bench:enforcement (also part of npx projen bench)
 *   FLOW_LOG_BENCH_SIZES=5,20 FLOW_LOG_BENCH_RUNS=3 npx projen bench:enforcement   (a quick subset; prints only)
 *
 * Each pair of apps (with and without the aspect) is timed in new
 * processes, both apps in alternating order after a warm-up and each after a
 * full garbage collection, so that neither pays for the other's garbage: in
 * one process without that, the app measured first in a round took up to
 * half as long again as it did later, and apart, in one process per timing,
 * the same app varied by 20 % from process to process. Medians. The target (the aspect adds at most 10 % at the large
 * sizes) is reported, not enforced: it depends on the machine.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { EnforcementMode, FlowLogEnforcement } from '../src';

const DEFAULT_SIZES = [50, 200, 500];
/** Stacks of the warm-up synth each measuring process runs first. */
const WARM_UP_STACKS = 20;
/** The aspect may add at most this much synth time at these sizes. */
const OVERHEAD_TARGET = 0.10;
const TARGET_SIZES = [200, 500];
const START = '<!-- enforcement-benchmark:start -->';
const END = '<!-- enforcement-benchmark:end -->';

interface Variant {
  readonly name: string;
  /** Whether each VPC has a flow log of its own (the app complies), or none. */
  readonly logged: boolean;
  readonly mode?: EnforcementMode;
}

const PLAIN_LOGGED: Variant = { name: 'no aspect, every VPC logged', logged: true };
const ADD_LOGGED: Variant = { name: 'ADD, every VPC logged', logged: true, mode: EnforcementMode.ADD };
const PLAIN: Variant = { name: 'no aspect, no VPC logged', logged: false };
const WARN: Variant = { name: 'WARN, no VPC logged', logged: false, mode: EnforcementMode.WARN };
const VARIANTS = [PLAIN_LOGGED, ADD_LOGGED, PLAIN, WARN];
/** Each aspect variant and the app it is measured against. */
const PAIRS: Array<[Variant, Variant]> = [[ADD_LOGGED, PLAIN_LOGGED], [WARN, PLAIN]];

function numbers(value: string | undefined, fallback: number[]): number[] {
  const parsed = (value ?? '').split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  return parsed.length > 0 ? parsed : fallback;
}

/** Milliseconds from `new App()` to `app.synth()` returning, for n stacks. */
function synthMillis(variant: Variant, n: number): number {
  const start = performance.now();
  // As `cdk synth` runs an app: the CLI turns off stack traces in metadata
  // (warnings included) unless --debug is given.
  const app = new App({ context: { 'aws:cdk:disable-stack-trace': true } });
  for (let i = 0; i < n; i++) {
    const stack = new Stack(app, `Workload${i}`, { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    if (variant.logged) {
      // An L1 flow log of the stack's own (what another team's construct would add).
      new ec2.CfnFlowLog(stack, 'FlowLog', {
        resourceType: 'VPC', resourceId: vpc.vpcId, trafficType: 'ALL', logDestinationType: 's3', logDestination: 'arn:aws:s3:::central-flow-logs',
      });
    }
  }
  if (variant.mode !== undefined) {
    Aspects.of(app).add(new FlowLogEnforcement({ mode: variant.mode }));
  }
  app.synth();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const CHILD_FLAG = '--measure';
/** Processes per aspect variant and size; each times both apps of the pair RUNS_PER_PROCESS times. */
const PROCESSES = 3;
const RUNS_PER_PROCESS = 3;

/**
 * Timings of one pair (the app with the aspect and without it) in a new
 * process: `<this script> --measure <pair index> <n> <runs>` prints
 * `{ with: [...], without: [...] }`. Both apps are timed in the same process,
 * in alternating order, each after a full garbage collection.
 */
function measureInNewProcess(pair: number, n: number, runs: number): { with: number[]; without: number[] } {
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const output = execFileSync(process.execPath, ['--expose-gc', tsNode, '--project', path.join(__dirname, 'tsconfig.json'), __filename,
    CHILD_FLAG, String(pair), String(n), String(runs)], {
    encoding: 'utf-8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(output.trim().split('\n').pop()!);
}

function measureHere(pairIndex: number, n: number, runs: number): void {
  const [aspect, plain] = PAIRS[pairIndex];
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  synthMillis(plain, WARM_UP_STACKS);
  synthMillis(aspect, WARM_UP_STACKS);
  const result = { with: [] as number[], without: [] as number[] };
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [plain, aspect] : [aspect, plain];
    for (const variant of order) {
      gc();
      (variant === aspect ? result.with : result.without).push(synthMillis(variant, n));
    }
  }
  console.log(JSON.stringify(result));
}

function main(): void {
  const sizes = numbers(process.env.FLOW_LOG_BENCH_SIZES, DEFAULT_SIZES);
  const runs = numbers(process.env.FLOW_LOG_BENCH_RUNS, [PROCESSES * RUNS_PER_PROCESS])[0];
  const perProcess = Math.min(RUNS_PER_PROCESS, runs);
  const rows = sizes.map((n) => {
    const samples = new Map<Variant, number[]>(VARIANTS.map((v) => [v, []]));
    // The aspect's cost as the median of paired ratios: each timing with the
    // aspect over the one without it taken next to it in the same process,
    // so that drift within a process (CDK's token map only grows) cancels.
    const ratios: number[][] = PAIRS.map(() => []);
    for (let process = 0; process < Math.ceil(runs / perProcess); process++) {
      PAIRS.forEach(([aspect, plain], index) => {
        const timings = measureInNewProcess(index, n, perProcess);
        samples.get(aspect)!.push(...timings.with);
        samples.get(plain)!.push(...timings.without);
        ratios[index].push(...timings.with.map((ms, i) => ms / timings.without[i]));
      });
    }
    const millis = new Map(VARIANTS.map((v) => [v, median(samples.get(v)!)]));
    console.log(`N=${n}: ${[...millis].map(([v, ms]) => `${v.name} ${ms.toFixed(0)} ms`).join(', ')}`);
    return { n, millis, overheads: ratios.map((r) => median(r) - 1) };
  });
  const overhead = (row: typeof rows[number], pair: [Variant, Variant]) => row.overheads[PAIRS.indexOf(pair)];
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`;
  const checked = rows.filter((r) => TARGET_SIZES.includes(r.n));
  // Both modes: ADD on a compliant app (nothing to add) and WARN on an app
  // without flow logs (one warning per VPC).
  const met = checked.length > 0 && checked.every((r) => PAIRS.every((pair) => overhead(r, pair) <= OVERHEAD_TARGET));
  console.log(`${met ? 'met' : 'NOT MET'}: the aspect adds <= ${100 * OVERHEAD_TARGET} % at N=${TARGET_SIZES.join(' and ')} `
    + `(${checked.map((r) => `${r.n}: ADD ${pct(overhead(r, PAIRS[0]))}, WARN ${pct(overhead(r, PAIRS[1]))}`).join('; ') || 'not measured'})`);

  const section = `${START}
## FlowLogEnforcement at app scale

Generated by \`npx projen bench:enforcement\` (bench/enforcement.ts, part of \`npx projen bench\`) on
${new Date().toISOString().slice(0, 10)}, Node.js ${process.version}, ${os.cpus().length} CPUs. An app of N stacks, each with one
\`ec2.Vpc\` of 2 AZs (public and private subnets, NAT gateways: the CDK's defaults), synthesized from \`new App()\` to
\`app.synth()\` returning; median of ${runs} runs in ${Math.ceil(runs / perProcess)} new processes per pair of apps (with and without the
aspect), each process timing both apps of its pair ${perProcess} times in alternating order after a warm-up synth of
${WARM_UP_STACKS} stacks, with a full garbage collection before each timing.

- **every VPC logged**: each stack also has an \`AWS::EC2::FlowLog\` of its VPC (a compliant app): the aspect in ADD
  mode adds nothing, so the difference is what enforcing costs;
- **no VPC logged**: the aspect in WARN mode leaves one warning per VPC (without a stack trace, as under \`cdk synth\`
  without \`--debug\`).

The aspect keeps one coverage index per synthesis and walks each stack once (src/private/enforcement-index.ts); it
used to walk the whole app at every stack, so its cost grew with the square of the app's size.

The overhead columns are medians of paired ratios (each timing with the aspect over the one without it taken next to
it in the same process), not ratios of the medians beside them.

| N | ${VARIANTS.map((v) => v.name).join(' | ')} | ADD overhead | WARN overhead |
| --- | ${VARIANTS.map(() => '---').join(' | ')} | --- | --- |
${rows.map((r) => `| ${r.n} | ${VARIANTS.map((v) => r.millis.get(v)!.toFixed(0)).join(' | ')} | ${PAIRS.map((p) => pct(overhead(r, p))).join(' | ')} |`).join('\n')}

Target: the aspect adds at most ${100 * OVERHEAD_TARGET} % to the synth time of an app of ${TARGET_SIZES.join(' and of ')} stacks
(ADD on a compliant app, and WARN on an app without flow logs): **${met ? 'met' : 'not met'}**.
${END}`;

  const out = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  const isDefault = sizes.join(',') === DEFAULT_SIZES.join(',') && runs === PROCESSES * RUNS_PER_PROCESS;
  if (!isDefault) {
    console.log('sizes or runs differ from the defaults: docs/benchmarks.md left as it is');
    return;
  }
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf-8') : '# Synth benchmark\n';
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const updated = start >= 0 && end > start
    ? current.slice(0, start) + section + current.slice(end + END.length)
    : `${current.trimEnd()}\n\n${section}\n`;
  fs.writeFileSync(out, updated);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

if (process.argv[2] === CHILD_FLAG) {
  measureHere(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
} else {
  main();
}
