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
 * stack, the JSON replays) are checked exactly and make the script fail;
 * timing targets are reported, since they depend on the machine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { sameResources } from './as-cloudformation';
import { coldSynthMillis } from './cold-synth';
import { COLD_SIZES, COLD_VARIANTS, RUNS, SIZES, WARM_UP_RUNS } from './config';
import { checks, ColdRow, report, Row } from './report';
import {
  L2, L2_JSON, L2_L1, OURS, OURS_FIXED_IDS, OURS_JSON, OURS_L1, OURS_NO_PROBE, OURS_QUIET, OURS_TWO_DESTINATIONS, REPLAY_SOURCES,
  shapeOf, synthesize, templateOf, Variant,
} from './variants';

const TIMED = [OURS, OURS_NO_PROBE, OURS_QUIET, L2, OURS_JSON, L2_JSON, OURS_L1, L2_L1, OURS_FIXED_IDS];
const SHAPED = [OURS, OURS_NO_PROBE, OURS_QUIET, OURS_TWO_DESTINATIONS, L2];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Timings {
  /** Median time from `new App()` to `app.synth()` returning. */
  readonly millis: Map<Variant, number>;
  /** Median time of `app.synth()` alone. */
  readonly synthMillis: Map<Variant, number>;
}

/** Median synth times of each variant at size n, runs interleaved. */
function time(variants: Variant[], n: number): Timings {
  const samples = new Map<Variant, Array<{ millis: number; synthMillis: number }>>(variants.map((v) => [v, []]));
  for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
    for (const variant of variants) {
      const synthesis = synthesize(variant, n);
      if (run >= WARM_UP_RUNS) {
        samples.get(variant)!.push(synthesis);
      }
    }
  }
  const medians = (pick: (s: { millis: number; synthMillis: number }) => number) =>
    new Map(variants.map((v) => [v, median(samples.get(v)!.map(pick))]));
  return { millis: medians((s) => s.millis), synthMillis: medians((s) => s.synthMillis) };
}

/** Whether each replay synthesizes exactly its source's template (which it needs before it is timed). */
function replaysIdentical(n: number): boolean {
  return [...REPLAY_SOURCES].every(([replay, source]) => sameResources(synthesize(replay, n).template, templateOf(source, n)));
}

function main(): void {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const identical = replaysIdentical(n);
    const { millis, synthMillis } = time(TIMED, n);
    const shapes = new Map(SHAPED.map((v) => [v, shapeOf(templateOf(v, n))]));
    rows.push({ n, millis, synthMillis, shapes, replaysIdentical: identical });
    console.log(`N=${n}: ${[...millis].map(([v, ms]) => `${v.name} ${ms.toFixed(1)} ms`).join(', ')}`);
  }
  const cold: ColdRow[] = COLD_SIZES.map((n) => ({ n, millis: new Map(COLD_VARIANTS.map((v) => [v, coldSynthMillis(v, n, RUNS)])) }));
  cold.forEach((c) => console.log(`cold N=${c.n}: ${[...c.millis].map(([v, ms]) => `${v} ${ms.toFixed(0)} ms`).join(', ')}`));
  const results = checks(rows);
  results.forEach((c) => console.log(`${c.met ? 'met' : 'NOT MET'}: ${c.target} (${c.measured})`));
  const out = path.join(__dirname, '..', 'docs', 'benchmarks.md');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Keep the sections bench/enforcement.ts and bench/instructions.ts write (between their markers).
  const current = fs.existsSync(out) ? fs.readFileSync(out, 'utf-8') : '';
  const sections = current.match(/<!-- [a-z]+-benchmark:start -->[\s\S]*?<!-- [a-z]+-benchmark:end -->/g) ?? [];
  fs.writeFileSync(out, `${[report(rows, results, cold).trimEnd(), ...sections].join('\n\n')}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  if (results.some((c) => c.structural && !c.met)) {
    process.exitCode = 1;
  }
}

main();
