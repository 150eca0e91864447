import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IDependable } from 'constructs';
import { FlowLogArchiveBucketProps } from './archive-bucket';

/**
 * Options of an S3 destination.
 */
export interface S3DestinationOptions {
  /**
   * An existing bucket: in this stack, in another stack of the app, or
   * imported (for example a central bucket in a log-archive account).
   *
   * Buckets defined in the app get the log-delivery statements in their
   * bucket policy (and key policy). For imported buckets the construct
   * changes nothing and warns what the owner must grant.
   *
   * @default - a new `FlowLogArchiveBucket` owned by the `FlowLogArchive`
   */
  readonly bucket?: s3.IBucket;

  /**
   * An existing bucket by ARN, typically a central bucket in a log-archive
   * account: imported in the scope of each archive that uses this
   * destination, so one destination can serve many stacks and accounts
   * (e.g. in `FlowLogEnforcement`). Not together with `bucket`.
   *
   * @default - see `bucket`
   */
  readonly bucketArn?: string;

  /**
   * Properties of the `FlowLogArchiveBucket` the construct creates.
   * Not allowed together with `bucket` or `bucketArn`, and on one S3
   * destination of an archive only (the others share its bucket).
   *
   * @default - the `FlowLogArchiveBucket` defaults
   */
  readonly bucketProps?: FlowLogArchiveBucketProps;

  /**
   * A folder under the bucket, without leading or trailing slash
   * (files go to `<keyPrefix>/AWSLogs/<account>/vpcflowlogs/...`).
   * May not contain the folder `AWSLogs`.
   *
   * @default - the bucket root
   */
  readonly keyPrefix?: string;

  /**
   * The format of the log files.
   *
   * @default ec2.FlowLogFileFormat.PLAIN_TEXT
   */
  readonly fileFormat?: ec2.FlowLogFileFormat;

  /**
   * Whether to use Hive-compatible S3 prefixes
   * (`AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/...`).
   *
   * @default false
   */
  readonly hiveCompatiblePartitions?: boolean;

  /**
   * Whether to partition files per hour instead of per day.
   *
   * @default false
   */
  readonly perHourPartition?: boolean;

  /**
   * Whether to alarm when no flow-log file is written within the alarm
   * period (buckets the construct creates only). Turn off for networks that
   * are idle for long stretches; the alarm on requests S3 refused stays.
   *
   * @default true
   */
  readonly noDataAlarm?: boolean;
}

/**
 * Options of a CloudWatch Logs destination. (Parquet and S3 partitions do
 * not apply to CloudWatch Logs, so they are not options here.)
 */
export interface CloudWatchLogsDestinationOptions {
  /**
   * An existing log group. Not allowed together with `retention` or
   * `encryptionKey`: configure your log group yourself.
   *
   * @default - a new log group, KMS-encrypted, retention one year, RETAIN
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * How long the new log group keeps records. Less than a year synthesizes
   * with a warning (Security Hub CloudWatch.16 asks for at least one year).
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * The KMS key that encrypts the new log group. The construct adds the
   * statement CloudWatch Logs needs to keys defined in the app.
   *
   * @default - a new customer managed key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The role VPC Flow Logs assumes to write to the log group. A role
   * defined in the app gets the delivery permissions added; an imported
   * role is used as is (with a warning listing what it needs).
   *
   * @default - one role per FlowLogArchive, trusted only by
   * vpc-flow-logs.amazonaws.com for this account's flow logs, allowed only
   * to write to the log groups of this archive
   */
  readonly deliveryRole?: iam.IRole;

  /**
   * Whether to alarm when no record reaches the log group within the alarm
   * period. Turn off for networks that are idle for long stretches.
   *
   * @default true
   */
  readonly noDataAlarm?: boolean;
}

/**
 * Options of an Amazon Data Firehose destination: an existing delivery
 * stream that takes records by Direct PUT, in this account or another.
 * Firehose receives plain-text records, so the S3 options (file format,
 * partitions, folder) do not apply; the stream's own destination decides
 * where they go.
 */
export interface FirehoseDestinationOptions {
  /**
   * The delivery stream: defined in the app (it gets the tag
   * `LogDeliveryEnabled: true` that log delivery requires) or imported (its
   * owner must keep that tag; synth warns). A stream of another account, as
   * imported by `DeliveryStream.fromDeliveryStreamArn`, needs
   * `crossAccountRoleArn`. Not together with `deliveryStreamArn`.
   *
   * @default - give `deliveryStreamArn`
   */
  readonly deliveryStream?: firehose.IDeliveryStream;

  /**
   * The delivery stream by ARN (`arn:aws:firehose:<region>:<account>:deliverystream/<name>`),
   * in this account or, with `crossAccountRoleArn`, in another. Not together
   * with `deliveryStream`.
   *
   * @default - give `deliveryStream`
   */
  readonly deliveryStreamArn?: string;

  /**
   * For a delivery stream in another account: the role in that account that
   * log delivery assumes to set the stream up, as `FlowLogFirehoseCrossAccountRole`
   * creates it (`roleArn`). Its name must start with
   * `AWSLogDeliveryFirehoseCrossAccountRole`. With it, the archive creates
   * the source-account role that VPC Flow Logs passes to log delivery.
   * Required for a stream in another account; not allowed for one in this account.
   *
   * @default - the stream is in this account
   */
  readonly crossAccountRoleArn?: string;

  /**
   * Whether to alarm when the stream receives no record within the alarm
   * period (a stream in this account only: CloudWatch keeps a stream's
   * metrics in its own account). Turn off for networks that are idle for
   * long stretches; the alarm on throttled records stays.
   *
   * @default true
   */
  readonly noDataAlarm?: boolean;
}

/**
 * Context a destination is bound in.
 */
export interface FlowLogDestinationBindOptions {
  /**
   * Removal policy for stateful resources the destination creates.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * What a destination gives each `AWS::EC2::FlowLog` to it: the properties
 * that depend on where records go, and what the flow log must wait for.
 * (What else a destination adds to a `FlowLogArchive`, such as alarms or
 * read grants, is the archive's business, not the flow log's.)
 */
export interface FlowLogDestinationConfig {
  /**
   * `LogDestinationType`: `s3`, `cloud-watch-logs` or `kinesis-data-firehose`.
   */
  readonly logDestinationType: string;

  /**
   * `LogDestination`: the ARN of the bucket (and folder), log group or
   * delivery stream.
   *
   * @default - none
   */
  readonly logDestination?: string;

  /**
   * `DeliverLogsPermissionArn`: the role VPC Flow Logs assumes to deliver
   * (CloudWatch Logs, and Firehose in another account).
   *
   * @default - none (S3 delivery uses the bucket policy)
   */
  readonly deliverLogsPermissionArn?: string;

  /**
   * `DeliverCrossAccountRole`: the role in the delivery stream's account
   * that log delivery assumes for a Firehose destination in another account.
   *
   * @default - none (the destination is in this account)
   */
  readonly deliverCrossAccountRole?: string;

  /**
   * `DestinationOptions` (S3 only), with CloudFormation's PascalCase keys.
   *
   * @default - none
   */
  readonly destinationOptions?: { [key: string]: any };

  /**
   * Resources each flow log must wait for (bucket policy, key, role policy),
   * so that AWS's first delivery check succeeds.
   *
   * @default - none
   */
  readonly dependencies?: IDependable[];
}
