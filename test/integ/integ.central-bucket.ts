/**
 * Central bucket across two accounts: a FlowLogArchiveBucket in a
 * log-archive account that accepts the flow logs of a second (source)
 * account, which logs a VPC into it. Proves that the bucket and key
 * policies let another account's flow logs deliver (first file under
 * `AWSLogs/<source account>/...` of the central bucket, SUCCESS) and that
 * the source archive's probe stays quiet.
 *
 * Runs only when a second account is configured (README: Verified on AWS):
 * FLOW_LOG_ARCHIVE_INTEG_CENTRAL_ACCOUNT names the log-archive account,
 * bootstrapped with `--trust` of the account whose credentials run the test.
 * Snapshots use placeholder accounts.
 */
import { Aws, App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FlowLogArchive, FlowLogArchiveBucket, FlowLogDestination, FlowLogTarget } from '../../src';
import { integAccounts } from './support/accounts';
import { probeOf } from './support/archive-parts';
import { emptyOnDelete } from './support/empty-on-delete';
import { expectEveryFlowLogDelivering, expectFirstFile, expectProbeHealthy, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

const { source: sourceAccount, central: centralAccount } = integAccounts();
const region = process.env.CDK_DEFAULT_REGION;
// Bucket names are global; the central account's id keeps this one apart, and
// the Region token lets both stacks name it before it exists.
const bucketName = `flow-log-archive-integ-${centralAccount}-${Aws.REGION}`;

const app = new App();
const central = new Stack(app, 'FlowLogArchiveIntegCentral', { env: { account: centralAccount, region } });
const archiveBucket = new FlowLogArchiveBucket(central, 'Archive', {
  bucketName,
  sourceAccounts: [sourceAccount],
  removalPolicy: RemovalPolicy.DESTROY,
});
emptyOnDelete(archiveBucket.bucket);
emptyOnDelete(archiveBucket.accessLogsBucket!);
// Only for the test's assertion, which lists the bucket from the source account.
archiveBucket.bucket.addToResourcePolicy(new iam.PolicyStatement({
  sid: 'IntegTestListsDeliveredFiles',
  principals: [new iam.AccountPrincipal(sourceAccount)],
  actions: ['s3:ListBucket'],
  resources: [archiveBucket.bucket.bucketArn],
}));

const source = new Stack(app, 'FlowLogArchiveIntegCentralSource', { env: { account: sourceAccount, region } });
source.addDependency(central);
const network = new TestNetwork(source, 'Network', { cidr: '10.70.0.0/24', endpoint: false });
const archive = new FlowLogArchive(source, 'FlowLogs', {
  targets: [FlowLogTarget.fromVpc(network.vpc)],
  destinations: [FlowLogDestination.s3({ bucketArn: `arn:${Aws.PARTITION}:s3:::${bucketName}` })],
  removalPolicy: RemovalPolicy.DESTROY,
});
const traffic = new Traffic(source, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

// The assertions name the source stack's function and flow logs, so they live in its account and Region.
const assertionStack = new Stack(app, 'FlowLogArchiveIntegCentralAssertions', { env: { account: sourceAccount, region } });
const { assertions } = integTest(app, 'CentralBucket', [central, source], assertionStack);
const delivered = inOrder(
  makeTraffic(assertions, traffic.function),
  expectFirstFile(assertions, bucketName, { account: sourceAccount }),
);
for (const check of [...expectEveryFlowLogDelivering(assertions, archive), expectProbeHealthy(assertions, probeOf(archive))]) {
  delivered.next(check);
}
app.synth();
