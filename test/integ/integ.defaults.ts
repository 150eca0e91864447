/**
 * Defaults: one VPC to the S3 archive, every option left to the library.
 * Proves that the first file arrives under the default key layout, that
 * the flow log reports SUCCESS, and that the probe finds it and stays quiet.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { FlowLogArchive, FlowLogTarget } from '../../src';
import { probeOf } from './support/archive-parts';
import { expectEveryFlowLogDelivering, expectFirstFile, expectProbeHealthy, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegDefaults');
const network = new TestNetwork(stack, 'Network', { cidr: '10.10.0.0/24' });
const archive = new FlowLogArchive(stack, 'FlowLogs', {
  targets: [FlowLogTarget.fromVpc(network.vpc)],
  // The only option set: so that the test leaves nothing behind.
  removalPolicy: RemovalPolicy.DESTROY,
});
const traffic = new Traffic(stack, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

const integ = integTest(app, 'Defaults', [stack]);
const { assertions } = integ;
const delivered = inOrder(
  makeTraffic(assertions, traffic.function),
  expectFirstFile(assertions, archive.bucket!.bucketName, {}),
);
for (const check of [...expectEveryFlowLogDelivering(assertions, archive), expectProbeHealthy(assertions, probeOf(archive))]) {
  delivered.next(check);
}
app.synth();
