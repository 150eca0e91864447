/**
 * The integration tests (test/integ/integ.*.ts) compared offline with their
 * snapshots, as integ-runner's snapshot check compares them: each app is
 * synthesized with the context and environment integ-runner gives it, and
 * the template of every stack under test must equal the snapshot's, with
 * asset hashes left out (the tests set `diffAssets: false`). Assertion
 * stacks are not compared (integ-runner does not either: they carry a
 * per-synth salt), but they must synthesize.
 *
 * integ-runner spawns a ts-node process and synthesizes twice per test
 * (about 20 s each on 2 cores); here each app is synthesized once, in
 * process. `npx projen integ:update` rewrites the snapshots (offline);
 * `npx projen integ` deploys the tests for real.
 *
 * Runs only at the pinned aws-cdk-lib: the snapshots are that version's output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { newestNodeRuntime } from '../src/private/probe-function';

const INTEG_DIR = path.join(__dirname, 'integ');
const APPS = fs.readdirSync(INTEG_DIR).filter((f) => /^integ\..*\.ts$/.test(f)).sort();
const REFRESH = 'Run `npx projen integ:update` and review the snapshot change.';

/** integ-runner's DEFAULT_SYNTH_OPTIONS.env (lib/runner/runner-base.ts). */
const INTEG_ENV: Record<string, string> = {
  CDK_INTEG_ACCOUNT: '12345678',
  CDK_INTEG_REGION: 'test-region',
  CDK_INTEG_HOSTED_ZONE_ID: 'Z23ABC4XYZL05B',
  CDK_INTEG_HOSTED_ZONE_NAME: 'example.com',
  CDK_INTEG_DOMAIN_NAME: '*.example.com',
  CDK_INTEG_CERT_ARN: 'arn:aws:acm:test-region:12345678:certificate/86468209-a272-595d-b831-0efb6421265z',
  CDK_INTEG_SUBNET_ID: 'subnet-0dff1a399d8f6f92c',
};

/**
 * integ-runner's context: the feature flags its version recommends, with
 * target partitions unset (getContext()), and the toolkit's synth options
 * (no path or asset metadata, no version reporting).
 */
function integContext(): Record<string, unknown> {
  const flags = JSON.parse(fs.readFileSync(require.resolve('@aws-cdk/integ-runner/lib/recommended-feature-flags.json'), 'utf-8'));
  delete flags['@aws-cdk/core:target-partitions'];
  return {
    ...flags,
    'aws:cdk:enable-path-metadata': false,
    'aws:cdk:enable-asset-metadata': false,
    'aws:cdk:version-reporting': false,
  };
}

/** Runs the app in this process as integ-runner's toolkit would run it, into a new folder. */
function synthesize(app: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
  const saved = { ...process.env };
  try {
    // No credentials are looked up for a snapshot, so no default environment.
    delete process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_REGION;
    Object.assign(process.env, INTEG_ENV, { CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: JSON.stringify(integContext()) });
    jest.isolateModules(() => {
      // Loading the app is running it: integ test apps synthesize at the end of the file.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(INTEG_DIR, app));
    });
  } finally {
    process.env = saved;
  }
  return outdir;
}

interface IntegManifest {
  readonly testCases: Record<string, { stacks: string[]; assertionStackName?: string }>;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf-8')) as T;
}

/** The stack's template with every asset hash of its asset manifest replaced by a placeholder. */
function canonicalTemplate(assembly: string, stackName: string): unknown {
  const assets = readJson<{ files?: object; dockerImages?: object }>(path.join(assembly, `${stackName}.assets.json`));
  const hashes = [...Object.keys(assets.files ?? {}), ...Object.keys(assets.dockerImages ?? {})];
  let template = fs.readFileSync(path.join(assembly, `${stackName}.template.json`), 'utf-8');
  for (const hash of hashes) {
    template = template.split(hash).join('ASSET-HASH');
  }
  return JSON.parse(template);
}

/**
 * jest transpiles without type checking (isolatedModules), and integ-runner
 * runs the apps transpile-only too: a type error would otherwise go unseen.
 */
test('the integration tests type-check', () => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(__dirname, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  })!;
  const program = ts.createProgram(APPS.map((app) => path.join(INTEG_DIR, app)), { ...config.options, noEmit: true });
  const errors = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(process.cwd(), d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, ' ');
  });
  expect(errors).toEqual([]);
});

describe.each(APPS)('%s', (app) => {
  const snapshot = path.join(INTEG_DIR, `${app}.snapshot`);
  let actual: string;

  beforeAll(() => {
    actual = synthesize(app);
  });

  afterAll(() => {
    fs.rmSync(actual, { recursive: true, force: true });
  });

  test('has a snapshot', () => {
    if (!fs.existsSync(path.join(snapshot, 'integ.json'))) {
      throw new Error(`${path.relative(process.cwd(), snapshot)} is missing. ${REFRESH}`);
    }
  });

  test('declares the test cases of its snapshot', () => {
    const testCases = (dir: string) => readJson<IntegManifest>(path.join(dir, 'integ.json')).testCases;
    expect(testCases(actual)).toEqual(testCases(snapshot));
  });

  test('synthesizes every stack of its snapshot, assertion stacks included', () => {
    const templates = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort();
    expect(templates(actual)).toEqual(templates(snapshot));
  });

  test('every function, assertion stacks included, runs on a runtime Lambda still creates (the newest Node.js one aws-cdk-lib knows)', () => {
    const runtimes = fs.readdirSync(actual).filter((f) => f.endsWith('.template.json')).flatMap((file) => {
      type Template = { Resources: Record<string, { Type: string; Properties?: { Runtime?: unknown } }> };
      const resources = readJson<Template>(path.join(actual, file)).Resources;
      return Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Function').map((r) => r.Properties?.Runtime);
    });
    expect(runtimes.length).toBeGreaterThan(0);
    expect([...new Set(runtimes.map((r) => JSON.stringify(r)))]).toEqual([JSON.stringify(newestNodeRuntime().name)]);
  });

  test('synthesizes the stacks under test as in its snapshot (asset hashes aside)', () => {
    const { testCases } = readJson<IntegManifest>(path.join(snapshot, 'integ.json'));
    const stacks = Object.values(testCases).flatMap((testCase) => testCase.stacks);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      // The hint rides along so that a failure's diff says what to do.
      expect({ stack, fix: REFRESH, template: canonicalTemplate(actual, stack) })
        .toEqual({ stack, fix: REFRESH, template: canonicalTemplate(snapshot, stack) });
    }
  });
});
