import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** Where `npx projen bundle` writes the probe's handler (shipped in the npm package). */
const PROBE_ASSET = path.join(__dirname, '..', '..', 'assets', 'delivery-status-probe.lambda');

/**
 * The newest Node.js runtime this aws-cdk-lib knows. cdk-nag's
 * AwsSolutions-L1 asks for the newest runtime of the family among those the
 * installed aws-cdk-lib lists (`Runtime.ALL`), so a pinned runtime turns
 * into a finding as soon as the user upgrades aws-cdk-lib. The handler is
 * bundled for Node.js 22, the oldest runtime the probe supports, and uses
 * only the AWS SDK v3 clients every Node.js runtime since 18 provides
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html).
 */
export function newestNodeRuntime(runtimes: lambda.Runtime[] = lambda.Runtime.ALL): lambda.Runtime {
  const nodeRuntimes = runtimes
    .map((runtime) => ({ runtime, major: Number(/^nodejs(\d+)\.x$/.exec(runtime.name)?.[1]) }))
    .filter(({ major }) => major >= 22)
    .sort((a, b) => b.major - a.major);
  if (nodeRuntimes.length === 0) {
    // aws-cdk-lib 2.189, our peer floor, already lists nodejs22.x.
    throw new Error('aws-cdk-lib lists no Node.js 22 or newer Lambda runtime; upgrade aws-cdk-lib to 2.189.0 or newer.');
  }
  return nodeRuntimes[0].runtime;
}

/**
 * The delivery-status probe's function: the bundled handler on the newest
 * Node.js runtime. Everything else (role, log group, queue, environment) is
 * given by the probe.
 */
export class ProbeFunction extends lambda.Function {
  constructor(scope: Construct, id: string, props: lambda.FunctionOptions) {
    super(scope, id, {
      ...props,
      runtime: newestNodeRuntime(),
      handler: 'index.handler',
      code: lambda.Code.fromAsset(PROBE_ASSET),
    });
  }
}
