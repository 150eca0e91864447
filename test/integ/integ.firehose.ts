/**
 * Firehose, same account: a VPC's flow logs to a Direct PUT delivery stream
 * the app defines, which writes to an S3 bucket. Proves that the template's
 * tag LogDeliveryEnabled=true is what log delivery needs (the stream has it,
 * the flow log reports SUCCESS, records reach the stream's bucket), and that
 * the probe stays quiet. (Cross-account Firehose needs a second account and
 * is not deployed by these tests: README, Verified on AWS.)
 */
import { AwsApiCall, ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../../src';
import { probeOf } from './support/archive-parts';
import { emptyOnDelete } from './support/empty-on-delete';
import { expectEveryFlowLogDelivering, expectProbeHealthy, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

/** The stream buffers up to 5 minutes after the flow log's first records (10 minutes' aggregation, then delivery). */
const FIRST_OBJECT = { totalTimeout: Duration.minutes(40), interval: Duration.minutes(1) };
const PREFIX = 'flow-logs/';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegFirehose');
const network = new TestNetwork(stack, 'Network', { cidr: '10.80.0.0/24', endpoint: false });
const bucket = new s3.Bucket(stack, 'StreamBucket', {
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  removalPolicy: RemovalPolicy.DESTROY,
});
emptyOnDelete(bucket);
const stream = new firehose.DeliveryStream(stack, 'Stream', {
  encryption: firehose.StreamEncryption.awsOwnedKey(),
  destination: new firehose.S3Bucket(bucket, { dataOutputPrefix: PREFIX, bufferingInterval: Duration.seconds(60) }),
});
const archive = new FlowLogArchive(stack, 'FlowLogs', {
  targets: [FlowLogTarget.fromVpc(network.vpc)],
  destinations: [FlowLogDestination.firehose({ deliveryStream: stream })],
  removalPolicy: RemovalPolicy.DESTROY,
});
const traffic = new Traffic(stack, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

const { assertions } = integTest(app, 'Firehose', [stack]);
const tagged = assertions.awsApiCall('Firehose', 'listTagsForDeliveryStream', { DeliveryStreamName: stream.deliveryStreamName })
  .expect(ExpectedResult.objectLike({ Tags: [{ Key: 'LogDeliveryEnabled', Value: 'true' }] }));
const firstObject = assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: bucket.bucketName, Prefix: PREFIX, MaxKeys: 1 })
  .assertAtPath('Contents.0.Key', ExpectedResult.stringLikeRegexp(`^${PREFIX}\\d{4}/\\d{2}/\\d{2}/\\d{2}/`))
  .waitForAssertions(FIRST_OBJECT);
// The SDK action integ-tests derives (ListObjectsV2) is not IAM's.
firstObject.provider.addToRolePolicy({ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket.bucketArn] });
(firstObject as AwsApiCall).waiterProvider?.addToRolePolicy({ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [bucket.bucketArn] });
const delivered = inOrder(tagged, makeTraffic(assertions, traffic.function), firstObject);
for (const check of [...expectEveryFlowLogDelivering(assertions, archive), expectProbeHealthy(assertions, probeOf(archive))]) {
  delivered.next(check);
}
app.synth();
