/**
 * Queries: the Athena layer over two Parquet archives whose formats name a
 * `region` field, the partition key AWS's own DDL uses: a VPC archive with
 * every field, and a transit gateway archive in the transit gateway
 * default format. Proves that Athena accepts both tables (no partition key
 * repeats a column) and reads every column of what AWS writes (each
 * Parquet type fits its column), by running every saved report to
 * SUCCEEDED with rows; and that both archives deliver and their probes
 * stay quiet.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogArchive, FlowLogDestination, FlowLogFormat, FlowLogTarget } from '../../src';
import { probeOf } from './support/archive-parts';
import {
  expectEveryFlowLogDelivering, expectFirstFile, expectProbeHealthy, expectReportsAnswer, inOrder, makeTraffic,
} from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';
import { TestTransit } from './support/transit';

/** An address in the sink VPC, and one in TEST-NET-2 (RFC 5737): a private and a public destination through the gateway. */
const SINK_ADDRESS = '10.41.0.10';
const PUBLIC_ADDRESS = '198.51.100.10';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegQueries');
const network = new TestNetwork(stack, 'Network', { cidr: '10.40.0.0/24' });
const sink = new TestNetwork(stack, 'Sink', { cidr: '10.41.0.0/24', endpoint: false });
const transit = new TestTransit(stack, 'Transit', { source: network.vpc, sink: sink.vpc });

const parquet = () => FlowLogDestination.s3({ fileFormat: ec2.FlowLogFileFormat.PARQUET });
const vpcArchive = new FlowLogArchive(stack, 'VpcFlowLogs', {
  targets: [FlowLogTarget.fromVpc(network.vpc)],
  destinations: [parquet()],
  logFormat: FlowLogFormat.ALL_FIELDS,
  removalPolicy: RemovalPolicy.DESTROY,
});
const transitArchive = new FlowLogArchive(stack, 'TransitGatewayFlowLogs', {
  targets: [FlowLogTarget.fromTransitGatewayId(transit.transitGateway.ref)],
  destinations: [parquet()],
  removalPolicy: RemovalPolicy.DESTROY,
});
const vpcQueries = vpcArchive.addQueries();
const transitQueries = transitArchive.addQueries();
const traffic = new Traffic(stack, 'Traffic', {
  vpc: network.vpc,
  subnets: network.vpc.isolatedSubnets,
  targets: [...network.trafficTargets, { host: SINK_ADDRESS, ports: [443] }, { host: PUBLIC_ADDRESS, ports: [443] }],
});

const { assertions } = integTest(app, 'Queries', [stack]);
const trafficRan = makeTraffic(assertions, traffic.function);
for (const [archive, queries] of [[vpcArchive, vpcQueries], [transitArchive, transitQueries]] as const) {
  const delivered = inOrder(trafficRan, expectFirstFile(assertions, archive.bucket!.bucketName, { parquet: true }));
  for (const check of [
    ...expectEveryFlowLogDelivering(assertions, archive),
    ...expectReportsAnswer(assertions, queries, archive),
    expectProbeHealthy(assertions, probeOf(archive)),
  ]) {
    delivered.next(check);
  }
}
app.synth();
