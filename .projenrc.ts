import { awscdk, DependencyType, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-flow-log-archive',
  description: 'VPC flow logs done right: a secure, compliant S3 / CloudWatch Logs archive with delivery alarms, in one CDK construct.',
  author: 'cdk-flow-log-archive contributors',
  authorAddress: 'maintainers@cdk-flow-log-archive.dev',
  repositoryUrl: 'https://github.com/cdk-flow-log-archive/cdk-flow-log-archive.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'aws-cdk', 'vpc', 'flow-logs', 'security', 'compliance', 's3', 'cloudwatch-logs'],
  stability: 'experimental',

  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  defaultReleaseBranch: 'main',

  // Peer floor: the oldest aws-cdk-lib we support and test against.
  cdkVersion: '2.189.0',
  constructsVersion: '10.0.5',
  jsiiVersion: '~6.0.0',
  // Tests run against the floor of aws-cdk-lib; constructs is newer in dev
  // because cdk-nag 2.38 asks for it, while users keep the ^10 range.
  peerDependencyOptions: { pinnedDevDependency: false },

  // The project is built and checked by .ci/run on machines that reach only
  // the npm registry: no GitHub workflows, no release pipeline.
  github: false,
  release: false,
  sampleCode: false,

  // Other languages are configured so jsii keeps the API portable, but they
  // are packaged only on request (`npx projen package-all`), never in build.
  publishToPypi: { distName: 'cdk-flow-log-archive', module: 'cdk_flow_log_archive' },
  publishToMaven: {
    javaPackage: 'dev.cdkflowlogarchive',
    mavenGroupId: 'dev.cdk-flow-log-archive',
    mavenArtifactId: 'cdk-flow-log-archive',
  },
  publishToNuget: { dotNetNamespace: 'CdkFlowLogArchive', packageId: 'CdkFlowLogArchive' },
  publishToGo: { moduleName: 'github.com/cdk-flow-log-archive/cdk-flow-log-archive-go' },

  devDeps: [
    'aws-cdk-lib@2.189.0',
    'cdk-nag@2.38.2',
    'aws-cdk@2.1148.1',
    '@aws-cdk/aws-service-spec@0.1.216',
    '@cloud-copilot/iam-simulate@0.1.173',
    'fast-check@4.10.2',
    // The delivery-status probe uses the SDK v3 clients the Lambda runtime
    // provides (bundled as externals); these are for types and unit tests.
    '@aws-sdk/client-ec2@3.1169.0',
    '@aws-sdk/client-cloudwatch@3.1164.0',
    '@aws-sdk/client-ssm@3.1169.0',
    'aws-sdk-client-mock@4.1.0',
    // Runs the saved Athena reports' SQL on generated flow-log files in tests.
    '@duckdb/node-api@1.5.6-r.1',
    // AWS Control Tower's proactive controls as cfn-guard rules, with the
    // cfn-guard binary inside the package (a CDK policy-validation plugin).
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Integration tests (test/integ/): deployed for real by `npx projen integ`,
    // their snapshots compared offline in test/integ.snapshots.test.ts.
    '@aws-cdk/integ-tests-alpha@2.187.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
  ],

  // The probe's handler is bundled below; its Function construct is written
  // by hand (src/private/probe-function.ts), because projen's generated one
  // pins a runtime, and the probe must run on the newest Node.js runtime the
  // user's aws-cdk-lib knows (cdk-nag AwsSolutions-L1).
  lambdaAutoDiscover: false,

  jestOptions: {
    // Snapshots must be able to fail: `npx projen test:update` refreshes them on purpose.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // .ci/run reads the pass/fail counts from jest's own JSON results.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      // Jest's default is one worker fewer than the cores: one on the
      // 2-core CI machines. Synthesis is CPU-bound, so every core runs tests.
      maxWorkers: '100%',
    },
  },

  // integ-runner's working folders, and the assertion handler bundle it copies
  // into each snapshot (2 MB, not needed to compare or deploy a test).
  gitignore: ['cdk.out/', 'test-reports/', 'test/integ/cdk-integ.out.*', 'test/integ/*.snapshot/asset.*', 'test/integ/cdk.context.json'],
});

// The snapshot resolver knows the snapshots of the run at the newest
// dependencies too (__snapshots__/newest/), so neither run deletes the other's.
project.jest?.addSnapshotResolver('./test/support/snapshot-resolver.js');

// After AwsCdkDeps has declared the peer: the exact constructs we build with.
project.deps.addDependency('constructs@10.5.1', DependencyType.BUILD);

// jsii wants the dev copy of constructs at the peer floor (10.0.5); cdk-nag
// needs 10.5.1 in dev, which is within the peer range, so we accept that.
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

// Build packages only the npm module; see the publishTo* comment above.
const packageTask = project.tasks.tryFind('package');
packageTask?.reset();
packageTask?.spawn(project.tasks.tryFind('package:js')!);

// The delivery-status probe, bundled with esbuild into assets/ (shipped in
// the npm package). The AWS SDK v3 clients come with every Node.js runtime.
const PROBE_HANDLER = 'src/delivery-status-probe.lambda.ts';
project.bundler.addBundle(PROBE_HANDLER, {
  platform: 'node',
  target: 'node22',
  externals: ['@aws-sdk/*'],
  sourcemap: false,
  tsconfigPath: 'test/tsconfig.json',
});
// The SDK clients are dev dependencies: the runtime provides them.
project.eslint?.allowDevDeps(PROBE_HANDLER);

// Tests and the example synthesize the probe function, whose code is the bundled asset.
project.testTask.prependSpawn(project.bundler.bundleTask);

// .ci/run runs the README's test command first and then `npx projen build`
// on the same tree; it sets CDK_FLOW_LOG_ARCHIVE_TESTED so that build does
// not run the same suite a second time. Any other build runs the tests.
// (build's steps are fixed by projen, so the condition is on the test task.)
// (Node rather than `[ -z ... ]`: projen runs conditions in its own shell.)
project.testTask.addCondition('node -e "process.exit(process.env.CDK_FLOW_LOG_ARCHIVE_TESTED ? 1 : 0)"');

project.npmignore?.exclude('examples/', '.ci/', 'cdk.out/', 'compat/');

// The whole suite again at the newest aws-cdk-lib, constructs and cdk-nag
// (pinned in compat/newest, with snapshots of their own); CI runs both ends.
project.addTask('test:newest', {
  description: 'Run the jest suite against the newest aws-cdk-lib, constructs and cdk-nag 3 and 2 (compat/newest)',
  steps: [{ exec: '.ci/newest', receiveArgs: true }],
});
project.addTask('test:newest:update', {
  description: 'Update the snapshots of the run against the newest dependencies',
  steps: [{ exec: '.ci/newest --updateSnapshot', receiveArgs: true }],
});

// The example app and its summary script are type-checked and linted with
// their own tsconfig (like test/), but not compiled into the package.
// The benchmark and the cfn-lint check likewise.
for (const folder of ['examples', 'bench', 'checks']) {
  new JsonFile(project, `${folder}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..' },
      include: ['**/*.ts'],
    },
  });
}
const examplesTsconfig = 'examples/tsconfig.json';

project.addTask('example', {
  description: 'Synthesize examples/app.ts with the cdk CLI into cdk.out and print what it made',
  env: { CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' },
  steps: [
    { spawn: 'bundle' },
    {
      exec: `cdk synth --app 'ts-node --prefer-ts-exts --project ${examplesTsconfig} examples/app.ts' --output cdk.out --quiet --no-notices --no-version-reporting`,
    },
    { exec: `ts-node --project ${examplesTsconfig} examples/summary.ts cdk.out` },
  ],
});

project.eslint?.addLintPattern('examples');
project.eslint?.addLintPattern('bench');
project.eslint?.addLintPattern('checks');

// cfn-lint, AWS's CloudFormation linter, over every template of the examples
// and the integration tests (checks/cfn-lint.ts). A Python tool, so not in
// jest: .ci/run runs this task where cfn-lint is on PATH.
project.addTask('lint:cfn', {
  description: 'Check the templates of the examples and integration tests with cfn-lint (which must be on PATH)',
  steps: [{ spawn: 'bundle' }, { exec: 'ts-node --project checks/tsconfig.json checks/cfn-lint.ts' }],
});

// The synth benchmark is a script, not a test: it writes docs/benchmarks.md.
project.addTask('bench', {
  description: 'Synth time, resources and policy size of FlowLogArchive vs the CDK L2 for N VPC targets; writes docs/benchmarks.md',
  // compile: the new-process timings load the library from lib/, as an app would.
  steps: [
    { spawn: 'bundle' },
    { spawn: 'compile' },
    { exec: 'ts-node --project bench/tsconfig.json bench/synth.ts' },
    { spawn: 'bench:enforcement' },
    { spawn: 'bench:instructions' },
  ],
});
// Instructions per extra target under valgrind's callgrind, steadier than
// time on a shared machine (skipped where valgrind is not installed).
project.addTask('bench:instructions', {
  description: 'Instructions per extra target (ours vs the L2) counted by callgrind in new processes; writes its section of docs/benchmarks.md',
  steps: [{ spawn: 'compile' }, { exec: 'ts-node --project bench/tsconfig.json bench/instructions.ts' }],
});
// FlowLogEnforcement on apps of 50, 200 and 500 stacks (#20); a subset with
// e.g. FLOW_LOG_BENCH_SIZES=5,20 FLOW_LOG_BENCH_RUNS=3 (then it only prints).
project.addTask('bench:enforcement', {
  description: 'Synth time of apps of N stacks with and without FlowLogEnforcement; writes its section of docs/benchmarks.md',
  steps: [{ exec: 'ts-node --project bench/tsconfig.json bench/enforcement.ts' }],
});
project.npmignore?.exclude('bench/', 'docs/', 'checks/');

// Integration tests (test/integ/integ.*.ts, README: Verified on AWS). Not
// part of build: `integ` deploys to the caller's AWS account, and
// `integ:update` rewrites snapshots offline; test/integ.snapshots.test.ts
// compares them in `npx projen test`. Apps run transpile-only: jest and
// eslint check the code, and a type check per synth would double the time.
const integRunner = 'integ-runner --directory test/integ --language typescript'
  + ' --app "node -r ts-node/register/transpile-only {filePath}" --no-update-workflow';
const centralAccountSet = '[ -n "$FLOW_LOG_ARCHIVE_INTEG_CENTRAL_ACCOUNT" ]';
const integRegions = '--parallel-regions "${FLOW_LOG_ARCHIVE_INTEG_REGIONS:-us-east-1,us-east-2,us-west-2}"';
project.addTask('integ', {
  description: 'Deploy each integration test to AWS with your credentials, run its assertions, destroy it, and refresh its snapshot',
  steps: [
    { spawn: 'bundle' },
    {
      say: 'FLOW_LOG_ARCHIVE_INTEG_CENTRAL_ACCOUNT is not set: the cross-account test (integ.central-bucket.ts) is left out',
      condition: `! ${centralAccountSet}`,
    },
    { exec: `${integRunner} --force --update-on-failed ${integRegions} --exclude integ.central-bucket.ts`, condition: `! ${centralAccountSet}` },
    { exec: `${integRunner} --force --update-on-failed ${integRegions}`, condition: centralAccountSet },
  ],
});
project.addTask('integ:update', {
  description: 'Synthesize the integration tests offline and rewrite the snapshots that changed (deploys nothing)',
  steps: [{ spawn: 'bundle' }, { exec: `${integRunner} --update-on-failed --dry-run` }],
});

project.synth();
