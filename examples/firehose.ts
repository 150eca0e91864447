import { Annotations, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowLogArchive, FlowLogArchiveBucket, FlowLogDestination, FlowLogFirehoseCrossAccountRole, FlowLogTarget } from '../src';

/** Account ids and Region of the cross-account Firehose example (placeholders: any 12 digits). */
export const FIREHOSE_HUB_ACCOUNT = '999999999999';
export const FIREHOSE_SPOKE_ACCOUNT = '111111111111';
const REGION = 'eu-west-1';

/** The hub's stream, as the spoke accounts know it. */
export const HUB_STREAM_NAME = 'org-flow-logs';

/**
 * A Direct PUT delivery stream of the app that writes to a
 * FlowLogArchiveBucket (KMS-encrypted), under `firehose/`, with its error
 * log in a log group encrypted with the bucket's key. The stream's role gets
 * a customer managed policy (not the inline one the L2 would add).
 */
export function flowLogDeliveryStream(scope: Construct, deliveryStreamName?: string): firehose.DeliveryStream {
  const stack = Stack.of(scope);
  const archive = new FlowLogArchiveBucket(scope, 'StreamArchive');
  const key = archive.encryptionKey;
  key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` } },
  }));
  const errors = new logs.LogGroup(scope, 'StreamErrors', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: key });
  const role = new iam.Role(scope, 'StreamRole', { assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com') });
  const policy = new iam.ManagedPolicy(scope, 'StreamPolicy', {
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['s3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject'],
        resources: [archive.bucket.bucketArn, archive.bucket.arnForObjects('firehose/*')],
      }),
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
      new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: [errors.logGroupArn] }),
    ],
  });
  const stream = new firehose.DeliveryStream(scope, 'Stream', {
    deliveryStreamName,
    encryption: firehose.StreamEncryption.awsOwnedKey(),
    destination: new firehose.S3Bucket(archive.bucket, {
      role: role.withoutPolicyUpdates(),
      encryptionKey: key,
      dataOutputPrefix: 'firehose/',
      errorOutputPrefix: 'firehose-errors/',
      compression: firehose.Compression.GZIP,
      loggingConfig: new firehose.EnableLogging(errors),
    }),
  });
  stream.node.addDependency(policy);
  return stream;
}

/**
 * Flow logs to a delivery stream of the same account, defined in the app
 * (it gets the tag LogDeliveryEnabled=true), with alarms on the stream's
 * IncomingRecords and ThrottledRecords.
 */
export class FlowLogFirehoseStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc)],
      destinations: [FlowLogDestination.firehose({ deliveryStream: flowLogDeliveryStream(this) })],
    });
  }
}

/**
 * Cross-account Firehose, the stream's account: the delivery stream and the
 * role log delivery assumes there, trusting the source-account roles of the
 * spoke accounts.
 */
export class FirehoseHubStack extends Stack {
  public readonly crossAccountRole: FlowLogFirehoseCrossAccountRole;

  constructor(scope: Construct, id: string, sourceAccounts: string[]) {
    super(scope, id, { env: { account: FIREHOSE_HUB_ACCOUNT, region: REGION } });
    this.crossAccountRole = new FlowLogFirehoseCrossAccountRole(this, 'CrossAccountRole', {
      deliveryStreams: [flowLogDeliveryStream(this, HUB_STREAM_NAME)],
      sourceAccounts,
    });
  }
}

/**
 * Cross-account Firehose, a source account: its VPC's flow logs go to the
 * hub's stream, through a source role the archive creates and the hub's role.
 */
export class FirehoseSpokeStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: { account: FIREHOSE_SPOKE_ACCOUNT, region: REGION } });
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc)],
      destinations: [FlowLogDestination.firehose({
        deliveryStreamArn: `arn:aws:firehose:${REGION}:${FIREHOSE_HUB_ACCOUNT}:deliverystream/${HUB_STREAM_NAME}`,
        crossAccountRoleArn: `arn:aws:iam::${FIREHOSE_HUB_ACCOUNT}:role/AWSLogDeliveryFirehoseCrossAccountRole-${REGION}`,
      })],
    });
    Annotations.of(this).acknowledgeWarning('cdk-flow-log-archive:crossAccountDeliveryStream',
      'The FirehoseHub stack deploys the stream and a FlowLogFirehoseCrossAccountRole trusting this account.');
  }

  /** Zones named here so that synth needs no AWS account lookup. */
  get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b'];
  }
}
