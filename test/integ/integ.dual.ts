/**
 * Dual: two subnets and a network interface, each to S3 (Parquet, Hive
 * prefixes, hourly partitions, in a folder) and to CloudWatch Logs, with
 * the query layer over the Hive, hourly layout. Proves that the first file
 * arrives under exactly that layout, that records reach the log group (the
 * "Access error" of a log group ARN ending in `:*` shows up here), that
 * every one of the six flow logs reports SUCCESS, that every saved report
 * runs and returns rows, and that the probe finds all six and stays quiet.
 */
import { App, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../../src';
import { probeOf } from './support/archive-parts';
import {
  expectEveryFlowLogDelivering, expectFirstFile, expectLogStreams, expectProbeHealthy, expectReportsAnswer, inOrder, makeTraffic,
} from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

const KEY_PREFIX = 'flow-logs';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegDual');
const network = new TestNetwork(stack, 'Network', { cidr: '10.20.0.0/24' });
// The endpoint's interface in the first subnet; traffic to it is logged by this ENI's flow logs too.
const endpointInterface = Fn.select(0, network.endpoint!.vpcEndpointNetworkInterfaceIds);
const archive = new FlowLogArchive(stack, 'FlowLogs', {
  targets: [...FlowLogTarget.fromSubnets(network.vpc.isolatedSubnets), FlowLogTarget.fromNetworkInterfaceId(endpointInterface)],
  destinations: [
    FlowLogDestination.s3({
      keyPrefix: KEY_PREFIX,
      fileFormat: ec2.FlowLogFileFormat.PARQUET,
      hiveCompatiblePartitions: true,
      perHourPartition: true,
    }),
    FlowLogDestination.cloudWatchLogs(),
  ],
  removalPolicy: RemovalPolicy.DESTROY,
});
const queries = archive.addQueries();
const traffic = new Traffic(stack, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

const { assertions } = integTest(app, 'Dual', [stack]);
const trafficRan = makeTraffic(assertions, traffic.function);
const delivered = inOrder(
  trafficRan,
  expectFirstFile(assertions, archive.bucket!.bucketName, { keyPrefix: KEY_PREFIX, hive: true, perHour: true, parquet: true }),
);
trafficRan.next(expectLogStreams(assertions, archive.logGroup!));
for (const check of [
  ...expectEveryFlowLogDelivering(assertions, archive),
  ...expectReportsAnswer(assertions, queries, archive),
  expectProbeHealthy(assertions, probeOf(archive)),
]) {
  delivered.next(check);
}
app.synth();
