/**
 * What a pipeline's `cdk synth` of the stack costs: a new Node.js process
 * that loads aws-cdk-lib (and the library, compiled in lib/), builds the app
 * and synthesizes it. Unlike the in-process timings, this includes loading
 * and compiling the CDK modules each variant uses for the first time.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { performance } from 'perf_hooks';

export type ColdVariant = 'ours' | 'ours, alarms off' | 'L2';

/** Where the new processes run: the project, whose node_modules has aws-cdk-lib. */
export const ROOT = path.join(__dirname, '..');
const LIB = path.join(ROOT, 'lib');

/** The app, as plain JavaScript: no TypeScript compiler in the timed process. */
export const APP = `
const { App, Stack } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const s3 = require('aws-cdk-lib/aws-s3');
const [variant, n] = [process.argv[1], Number(process.argv[2])];
const app = new App();
const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
const vpcs = Array.from({ length: n }, (_, i) => ec2.Vpc.fromVpcAttributes(stack, 'Vpc' + i, {
  vpcId: 'vpc-' + (0x10000000 + i).toString(16), availabilityZones: ['eu-west-1a'],
}));
if (variant === 'L2') {
  const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
  vpcs.forEach((vpc, i) => vpc.addFlowLog('FlowLog' + i, { destination: ec2.FlowLogDestination.toS3(bucket) }));
} else {
  const { FlowLogArchive, FlowLogTarget } = require(${JSON.stringify(LIB)});
  new FlowLogArchive(stack, 'FlowLogs', {
    targets: vpcs.map((vpc) => FlowLogTarget.fromVpc(vpc)),
    alarms: variant === 'ours' ? undefined : { enabled: false },
  });
}
app.synth();
`;

/** Median wall time of `runs` new processes that synthesize the variant with n VPC targets. */
export function coldSynthMillis(variant: ColdVariant, n: number, runs: number): number {
  const samples = Array.from({ length: runs }, () => {
    const start = performance.now();
    execFileSync(process.execPath, coldSynthArgs(variant, n), { cwd: ROOT, stdio: 'ignore' });
    return performance.now() - start;
  });
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** The arguments of `node` that synthesize the variant with n VPC targets in a new process. */
export function coldSynthArgs(variant: ColdVariant, n: number): string[] {
  return ['-e', APP, variant, String(n)];
}
