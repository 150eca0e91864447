/** The targets the synth benchmark checks, and docs/benchmarks.md. */
import * as os from 'os';
import { ColdVariant } from './cold-synth';
import { COLD_VARIANTS, L1_FLOOR_TARGET, PER_TARGET_TARGET, RATIO_AT, RATIO_TARGET, RESOURCE_LIMIT, RUNS, WARM_UP_RUNS } from './config';
import {
  L2, L2_JSON, L2_L1, OURS, OURS_FIXED_IDS, OURS_JSON, OURS_L1, OURS_NO_PROBE, OURS_QUIET, OURS_TWO_DESTINATIONS, Shape, Variant,
} from './variants';

export interface ColdRow {
  readonly n: number;
  readonly millis: Map<ColdVariant, number>;
}

export interface Row {
  readonly n: number;
  /** Median time from `new App()` to `app.synth()` returning. */
  readonly millis: Map<Variant, number>;
  /** Median time of `app.synth()` alone. */
  readonly synthMillis: Map<Variant, number>;
  readonly shapes: Map<Variant, Shape>;
  /** Whether each replay (as JSON, as L1 classes, logical IDs fixed) synthesized exactly the template it replays. */
  readonly replaysIdentical: boolean;
}

export interface Check {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
  readonly structural: boolean;
}

export function checks(rows: Row[]): Check[] {
  const first = rows[0];
  const at = rows.find((r) => r.n === RATIO_AT)!;
  const last = rows[rows.length - 1];
  const perTarget = (v: Variant, destinations: number) => rows.every((r) =>
    r.shapes.get(v)!.resources - first.shapes.get(v)!.resources === (r.n - first.n) * destinations);
  const policySizes = new Set(rows.map((r) => r.shapes.get(OURS)!.bucketPolicyBytes));
  const fixed = first.shapes.get(OURS)!.resources - first.n;
  const fixedTwo = first.shapes.get(OURS_TWO_DESTINATIONS)!.resources - 2 * first.n;
  const least = leastWithL1Classes(at).total;
  return [
    {
      target: `synth time per extra target <= ${PER_TARGET_TARGET}x the L2's (least-squares slope over N=${rows[1].n} to ${last.n}, defaults)`,
      measured: `${marginal(rows, OURS).toFixed(3)} ms vs ${marginal(rows, L2).toFixed(3)} ms (${(marginal(rows, OURS) / marginal(rows, L2)).toFixed(2)}x)`,
      met: marginal(rows, OURS) <= PER_TARGET_TARGET * marginal(rows, L2),
      structural: false,
    },
    {
      target: `synth time at N=${RATIO_AT} <= ${L1_FLOOR_TARGET}x the least the CDK's L1 classes take for the same template (defaults; see the last section)`,
      measured: `${at.millis.get(OURS)!.toFixed(1)} ms vs ${least.toFixed(1)} ms (${(at.millis.get(OURS)! / least).toFixed(2)}x)`,
      met: at.millis.get(OURS)! <= L1_FLOOR_TARGET * least,
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
    {
      target: 'each replay ("as JSON", "as L1 classes", "logical IDs fixed") synthesizes the template it replays',
      measured: rows.every((r) => r.replaysIdentical) ? 'identical resources for every N' : 'different resources',
      met: rows.every((r) => r.replaysIdentical),
      structural: true,
    },
  ];
}

/**
 * The least-squares slope of a timing over the sizes above 1: what one more
 * target costs. All sizes count, so that one noisy size moves it less than
 * a slope between two sizes would.
 */
function slope(rows: Row[], timing: (row: Row) => number): number {
  const points = rows.slice(1);
  const meanN = points.reduce((sum, r) => sum + r.n, 0) / points.length;
  const meanT = points.reduce((sum, r) => sum + timing(r), 0) / points.length;
  const covariance = points.reduce((sum, r) => sum + (r.n - meanN) * (timing(r) - meanT), 0);
  const variance = points.reduce((sum, r) => sum + (r.n - meanN) ** 2, 0);
  return covariance / variance;
}

/** Synth time one more target costs. */
function marginal(rows: Row[], v: Variant): number {
  return slope(rows, (r) => r.millis.get(v)!);
}

function table(header: string[], lines: Array<Array<string | number>>): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n');
}

export function report(rows: Row[], results: Check[], cold: ColdRow[]): string {
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

Synth time per extra target (least-squares slope over N=${rows.slice(1).map((r) => r.n).join(', ')}):
${timed.map((v) => `${v.name} ${marginal(rows, v).toFixed(3)} ms`).join(', ')}.

## Synth time of a new process (ms)

What a pipeline's \`cdk synth\` of this one stack takes: a new Node.js process that loads aws-cdk-lib (and the
compiled library), builds the app and synthesizes it; median of ${RUNS}. This includes loading, for the first time,
the CDK modules each variant uses (Lambda, SQS, SNS, CloudWatch and Events for ours with alarms).

${table(['N', ...COLD_VARIANTS, 'ours / L2', 'alarms off / L2'], cold.map((c) => [
  c.n, ...COLD_VARIANTS.map((v) => c.millis.get(v)!.toFixed(0)),
  (c.millis.get('ours')! / c.millis.get('L2')!).toFixed(2), (c.millis.get('ours, alarms off')! / c.millis.get('L2')!).toFixed(2),
]))}

${coldPerTargetText(cold)}

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

Against the L2, ${withinText(rows, OURS, 'with every default')}; ${withinText(rows, OURS_QUIET, 'with alarms off')}.
In a real \`cdk synth\` these milliseconds sit next to the second or more that loading aws-cdk-lib takes.

## What the template costs and what the constructs cost

**ours as JSON** and **L2 as JSON** are each variant's own template at the same N, added back resource by resource
as \`CfnResource\`s with literal properties and the same logical IDs (the benchmark fails unless the result is the
same template). That is the least time the CDK takes to synthesize that template; what a variant takes beyond it is
what its constructs cost (defaults, tokens, references, validation).

${table(['N', 'ours', 'ours as JSON', 'L2', 'L2 as JSON', 'template: ours as JSON / L2 as JSON', 'constructs: ours / ours as JSON',
  'constructs: L2 / L2 as JSON'], rows.map((r) => [
  r.n, ...[OURS, OURS_JSON, L2, L2_JSON].map((v) => r.millis.get(v)!.toFixed(1)),
  ratioOf(r, OURS_JSON, L2_JSON), ratioOf(r, OURS, OURS_JSON), ratioOf(r, L2, L2_JSON),
]))}

${floorText(rows)}

## What any construct built on the CDK's L1 classes takes

**ours as L1 classes** and **L2 as L1 classes** are the same templates added back as the CDK's typed L1 classes
(\`CfnBucket\`, \`CfnKey\`, \`CfnFlowLog\`, ...) through \`CfnInclude\`, with literal properties and the same logical IDs (the
benchmark fails unless the result is the same template). \`app.synth()\` then does for them what it does for any construct
that writes this template with those classes: validate and render each resource's properties, resolve tokens and
references, write the tree metadata and the cloud assembly. No code of ours, nor of the CDK's L2s, runs in it. This
table times \`app.synth()\` alone, without building the construct tree, except for the last two columns.

${table(['N', 'ours: synth()', 'ours as L1 classes: synth()', 'L2: synth()', 'L2 as L1 classes: synth()', 'L2: whole',
  'ours as L1 classes: synth() / L2: whole'], rows.map((r) => [
  r.n, ...[OURS, OURS_L1, L2, L2_L1].map((v) => r.synthMillis.get(v)!.toFixed(1)), r.millis.get(L2)!.toFixed(1),
  (r.synthMillis.get(OURS_L1)! / r.millis.get(L2)!).toFixed(2),
]))}

${l1FloorText(rows)}

${perTargetText(rows)}
`;
}

/**
 * The least whole time of any construct that writes our template with the
 * CDK's L1 classes: their app.synth(), plus building the tree, which costs at
 * least what building it from literal CfnResources costs (an L1 class's
 * constructor runs CfnResource's and more).
 */
function leastWithL1Classes(row: Row, asL1: Variant = OURS_L1, asJson: Variant = OURS_JSON): { synth: number; build: number; total: number } {
  const synth = row.synthMillis.get(asL1)!;
  const build = row.millis.get(asJson)! - row.synthMillis.get(asJson)!;
  return { synth, build, total: synth + build };
}

function l1FloorText(rows: Row[]): string {
  const at = rows.find((r) => r.n === RATIO_AT)!;
  const least = leastWithL1Classes(at);
  const l2 = at.millis.get(L2)!;
  return `At N=${RATIO_AT}, \`app.synth()\` of our template as L1 classes takes ${least.synth.toFixed(1)} ms. Building the tree `
    + 'costs at least what building it from literal `CfnResource`s costs, since an L1 class\'s constructor runs `CfnResource`\'s '
    + `and more: **ours as JSON** builds its tree (the app, the stack, the ${at.n} imported VPCs and ${at.shapes.get(OURS)!.resources} `
    + `resources) in ${least.build.toFixed(1)} ms. So any construct that writes this template with the CDK's L1 classes takes at `
    + `least ${least.total.toFixed(1)} ms, ${(least.total / l2).toFixed(2)}x the L2's whole time (${RATIO_TARGET}x is `
    + `${(RATIO_TARGET * l2).toFixed(1)} ms); ours takes ${at.millis.get(OURS)!.toFixed(1)} ms, `
    + `${(at.millis.get(OURS)! / least.total).toFixed(2)}x that least (the target, ${L1_FLOOR_TARGET}x, is ${(L1_FLOOR_TARGET * least.total).toFixed(1)} ms). `
    + perTargetShareText(rows)
    + 'The L2\'s own `app.synth()` takes '
    + `about as long as its template's as L1 classes (${at.synthMillis.get(L2)!.toFixed(1)} ms and `
    + `${at.synthMillis.get(L2_L1)!.toFixed(1)} ms): what \`app.synth()\` costs is set by the template and the classes that render it. `
    + l2FloorText(at);
}

/** The N=RATIO_AT target applied to the CDK's own L2: its whole time over the least for its own template. */
function l2FloorText(at: Row): string {
  const least = leastWithL1Classes(at, L2_L1, L2_JSON).total;
  const ratio = at.millis.get(L2)! / least;
  return `Measured the same way, the L2 takes ${at.millis.get(L2)!.toFixed(1)} ms against ${least.toFixed(1)} ms for its own template `
    + `(${ratio.toFixed(2)}x): ${ratio > L1_FLOOR_TARGET
      ? `the CDK's own L2 does not meet the ${L1_FLOOR_TARGET}x target either.`
      : `the CDK's own L2 meets the ${L1_FLOOR_TARGET}x target.`}`;
}

/** Per extra target in a new process, from the two sizes the new-process table has. */
function coldPerTargetText(cold: ColdRow[]): string {
  const [low, high] = [cold[0], cold[cold.length - 1]];
  const per = (v: ColdVariant) => (high.millis.get(v)! - low.millis.get(v)!) / (high.n - low.n);
  return `Per extra target in a new process ((N=${high.n} - N=${low.n}) / ${high.n - low.n}, two medians, so rougher than the slope above): `
    + `ours ${per('ours').toFixed(2)} ms, L2 ${per('L2').toFixed(2)} ms (${(per('ours') / per('L2')).toFixed(2)}x).`;
}

/** What one more target costs in app.synth() alone. */
function marginalSynth(rows: Row[], v: Variant): number {
  return slope(rows, (r) => r.synthMillis.get(v)!);
}

/**
 * The per-target target split like the N=100 one: what one more flow log's
 * template costs as L1 classes, and what the constructs add to it.
 */
function perTargetText(rows: Row[]): string {
  const ours = marginal(rows, OURS);
  const l2 = marginal(rows, L2);
  const oursTemplate = marginalSynth(rows, OURS_L1);
  const l2Template = marginalSynth(rows, L2_L1);
  const allowed = PER_TARGET_TARGET * l2 - oursTemplate;
  return `Per extra target (N=${rows[1].n} to ${rows[rows.length - 1].n}), ours takes ${ours.toFixed(3)} ms and the L2 `
    + `${l2.toFixed(3)} ms (${(ours / l2).toFixed(2)}x). \`app.synth()\` of the templates alone as L1 classes takes `
    + `${oursTemplate.toFixed(3)} ms per target for ours and ${l2Template.toFixed(3)} ms for the L2's: one more of our flow logs costs `
    + `${(oursTemplate / l2Template).toFixed(2)}x the L2's to render, before any construct code runs. It carries three dependencies `
    + 'where the L2\'s carries one (it waits for the bucket policy and the key, and the probe waits for it), plus a second tag and '
    + `three destination options. Beyond their templates, our constructs add ${(ours - oursTemplate).toFixed(3)} ms per target and `
    + `the L2's ${(l2 - l2Template).toFixed(3)} ms. For ${PER_TARGET_TARGET}x the L2, ours could add at most ${allowed.toFixed(3)} ms, `
    + `${(allowed / (l2 - l2Template)).toFixed(2)}x what the CDK's own L2 adds. With the probe off (no dependency from the probe `
    + `to each flow log), ours takes ${marginal(rows, OURS_NO_PROBE).toFixed(3)} ms per target, `
    + `${(marginal(rows, OURS_NO_PROBE) / l2).toFixed(2)}x the L2's. With every logical ID fixed in advance, as the replays have `
    + `them (**ours, logical IDs fixed**: the same template), ours takes ${marginal(rows, OURS_FIXED_IDS).toFixed(3)} ms per target: `
    + 'the CDK deriving each logical ID from its construct path whenever a resource or a reference to it is rendered costs '
    + `${(marginal(rows, OURS) - marginal(rows, OURS_FIXED_IDS)).toFixed(3)} ms of ours per target.`;
}

/**
 * What our constructs add per target beyond the least an L1 construct needs
 * (the L1 classes' app.synth() and the literal tree), summed over the
 * targets at N=RATIO_AT: the part of the gap no rewrite of the fixed part removes.
 */
function perTargetShareText(rows: Row[]): string {
  const at = rows.find((r) => r.n === RATIO_AT)!;
  const build = (r: Row) => r.millis.get(OURS_JSON)! - r.synthMillis.get(OURS_JSON)!;
  const leastPerTarget = marginalSynth(rows, OURS_L1) + slope(rows, build);
  const share = (marginal(rows, OURS) - leastPerTarget) * (at.n - 1);
  const leaves = (L1_FLOOR_TARGET - 1) * leastWithL1Classes(at).total;
  return `Of the difference, the targets alone account for about ${share.toFixed(1)} ms: our constructs add `
    + `${(marginal(rows, OURS) - leastPerTarget).toFixed(3)} ms per target beyond that least, over ${at.n - 1} targets, `
    + `against the ${leaves.toFixed(1)} ms the target leaves above it${share > leaves ? ', so no rewrite of the fixed part alone meets it' : ''}. `;
}

function ratioOf(row: Row, a: Variant, b: Variant): string {
  return (row.millis.get(a)! / row.millis.get(b)!).toFixed(2);
}

/** From which N on the variant stays within the ratio target of the L2. */
function withinText(rows: Row[], v: Variant, label: string): string {
  const index = rows.findIndex((_, i) => rows.slice(i).every((r) => r.millis.get(v)! / r.millis.get(L2)! <= RATIO_TARGET));
  return index < 0
    ? `${label} the ratio is above ${RATIO_TARGET}x up to N=${rows[rows.length - 1].n}`
    : `${label} it is within ${RATIO_TARGET}x from N=${rows[index].n} on`;
}

/**
 * ours / L2 = (ours as JSON / L2 as JSON) x (ours / ours as JSON) / (L2 / L2 as JSON):
 * what the template costs times how our constructs compare with the L2's.
 */
function floorText(rows: Row[]): string {
  const at = rows.find((r) => r.n === RATIO_AT)!;
  const ms = (v: Variant) => at.millis.get(v)!;
  const template = ms(OURS_JSON) / ms(L2_JSON);
  const ours = ms(OURS) / ms(OURS_JSON);
  const theirs = ms(L2) / ms(L2_JSON);
  const needed = theirs * RATIO_TARGET / template;
  return `At N=${RATIO_AT}, ours takes ${(ms(OURS) / ms(L2)).toFixed(2)}x the L2's time. Its template alone costs ${template.toFixed(2)}x `
    + `the L2's (the fixed part and the larger flow logs); our constructs multiply their template's time by ${ours.toFixed(2)}, `
    + `the L2's by ${theirs.toFixed(2)}. For ${RATIO_TARGET}x with every default, our factor would have to be at most `
    + `${needed.toFixed(2)}${needed < theirs ? ', lower than the CDK\'s own L2 achieves' : ''}. Only the same template written as `
    + `CloudFormation JSON gets there (${(ms(OURS_JSON) / ms(L2)).toFixed(2)}x the L2's time).`;
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

