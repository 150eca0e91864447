/**
 * A shared archive: FlowLogEnforcement in ADD mode with archiveSharing
 * PER_ENVIRONMENT over two stacks, each with a VPC. Proves that the flow log
 * of the second stack delivers to the archive of the first across stacks,
 * that the second stack's count parameter holds 1 under the probe's path,
 * and that the probe, reading that path (its only Parameter Store
 * permission), expects both flow logs, finds them and stays quiet.
 */
import { ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { EnforcementMode, FlowLogArchive, FlowLogArchiveSharing, FlowLogEnforcement } from '../../src';
import { probeOf } from './support/archive-parts';
import { expectFirstFile, expectProbeHealthy, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

// Stacks of one app share one archive per environment only once the app
// chooses how strong cross-stack references are (newer aws-cdk-lib warns
// until it does; the floor ignores the key).
const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
const home = new Stack(app, 'FlowLogArchiveIntegSharedHome');
new TestNetwork(home, 'Network', { cidr: '10.61.0.0/24', endpoint: false });
const workload = new Stack(app, 'FlowLogArchiveIntegSharedWorkload');
const network = new TestNetwork(workload, 'Network', { cidr: '10.62.0.0/24', endpoint: false });
const traffic = new Traffic(workload, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

const enforcement = new FlowLogEnforcement({
  mode: EnforcementMode.ADD,
  archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT,
  archiveStacks: [home],
  removalPolicy: RemovalPolicy.DESTROY,
});
enforcement.applyTo(app);
// integ-tests names its assertions after their parameters when they are
// created, so the archive must exist before synth: visit the stacks now, as
// synth does. At synth the aspect visits them again and must add nothing (a
// second archive or flow log would show in the snapshot).
enforcement.visit(home);
enforcement.visit(workload);
const archive = home.node.tryFindChild('FlowLogEnforcement');
if (!(archive instanceof FlowLogArchive) || archive.flowLogs.length !== 2) {
  throw new Error(`FlowLogEnforcement did not add one archive with two flow logs to ${home.node.path}`);
}
// The name README documents, built here and checked against the one written.
const parameterName = `/cdk-flow-log-archive/${home.stackName}/${archive.node.findChild('DeliveryStatusProbe').node.addr}/${workload.stackName}`;
const parameter = workload.node.findAll().find((c): c is ssm.CfnParameter => c instanceof ssm.CfnParameter);
if (parameter?.name !== parameterName) {
  throw new Error(`FlowLogEnforcement added no count parameter named ${parameterName} to ${workload.node.path}: found ${parameter?.name}`);
}

const { assertions } = integTest(app, 'SharedArchive', [home, workload]);
const delivered = inOrder(
  makeTraffic(assertions, traffic.function),
  // The workload stack's flow log writes to the home stack's bucket. The home
  // VPC has no network interface, so no record: any file is the workload's.
  expectFirstFile(assertions, archive.bucket!.bucketName, {}),
);
const count = assertions.awsApiCall('SSM', 'getParameter', { Name: parameterName })
  .assertAtPath('Parameter.Value', ExpectedResult.exact('1'));
delivered.next(count);
count.next(expectProbeHealthy(assertions, probeOf(archive)));
app.synth();
