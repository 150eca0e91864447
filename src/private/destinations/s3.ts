import { Resource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IDependable } from 'constructs';
import { FlowLogArchiveBucket } from '../../archive-bucket';
import { S3DestinationOptions } from '../../destination-options';
import { ArchiveAlarms } from '../archive-alarms';
import { bucketNoFilesAlarm, bucketRequestErrorsAlarm } from '../delivery-alarms';
import { FlowLogDeliveryPolicy, locationOf, warnImportedBucket, warnImportedKey } from '../delivery-policy';
import { constructIdFrom, pathWithinStack, stableIdentity } from '../ids';
import { checkEnumValue, checkOptionNames, warnUnknownOptions } from '../untyped-input';
import { Described, invalid, isBucketArn, isToken, validateKeyPrefix } from '../validation';
import { ArchiveDestination, DestinationContext, RequestMetricsFilter } from './context';

/**
 * Flow logs to S3: by default to the archive's own `FlowLogArchiveBucket`,
 * or to a bucket given (in the app, or imported by ARN, e.g. a central
 * bucket), under an optional folder. Owns the bucket and key policy
 * statements, the request metrics and alarms of an owned bucket, read
 * grants and the key layout the query layer needs.
 */
export class S3Destination {
  public readonly factory = 'FlowLogDestination.s3()';

  constructor(private readonly options: S3DestinationOptions) {}

  public bind(context: DestinationContext): ArchiveDestination {
    const scope = context.scope;
    warnUnknownOptions(scope, 'S3DestinationOptions', checkOptionNames('S3DestinationOptions', this.options));
    checkEnumValue('fileFormat', this.options.fileFormat, 'ec2.FlowLogFileFormat', ec2.FlowLogFileFormat);
    const { keyPrefix, bucketProps, bucketArn, noDataAlarm = true } = this.options;
    validateKeyPrefix(keyPrefix);
    validateBucketChoice(this.options);
    const given = this.options.bucket ?? (bucketArn ? context.importedBucket(bucketArn) : undefined);
    const archiveBucket = given ? undefined : context.ownedArchiveBucket(bucketProps);
    const bucket = given ?? archiveBucket!.bucket;

    const deliveryPolicy = FlowLogDeliveryPolicy.of(bucket);
    deliveryPolicy.allow(locationOf(scope, { keyPrefix, hiveCompatiblePartitions: this.options.hiveCompatiblePartitions }));
    if (!deliveryPolicy.bucketPolicyUpdated) {
      warnImportedBucket(scope, bucket, keyPrefix);
    }
    if (!deliveryPolicy.keyPolicyUpdated) {
      warnImportedKey(scope);
    }

    const folder = keyPrefix === undefined ? undefined : stableIdentity(scope, keyPrefix);
    const id = given
      ? constructIdFrom('S3', [pathWithinStack(bucket, scope), folder].filter(Boolean).join('/'))
      : (folder ? constructIdFrom('S3', folder) : 'S3');
    const fileFormat = this.options.fileFormat ?? ec2.FlowLogFileFormat.PLAIN_TEXT;
    const hiveCompatiblePartitions = this.options.hiveCompatiblePartitions ?? false;
    const perHourPartition = this.options.perHourPartition ?? false;
    let requestMetrics: RequestMetricsFilter | undefined;
    const requestMetricsOf = () => requestMetrics ??= archiveBucket && enableRequestMetrics(archiveBucket, keyPrefix);
    return {
      id,
      label: keyPrefix ? `s3/${keyPrefix}` : 's3',
      config: {
        logDestinationType: ec2.FlowLogDestinationType.S3,
        logDestination: keyPrefix ? `${bucket.bucketArn}/${keyPrefix}/` : bucket.bucketArn,
        // Always all three keys, PascalCase: CloudFormation's own defaults made explicit.
        destinationOptions: { FileFormat: fileFormat, HiveCompatiblePartitions: hiveCompatiblePartitions, PerHourPartition: perHourPartition },
        dependencies: bucketDeliveryDependencies(bucket),
      },
      resources: { bucket, archiveBucket, encryptionKey: bucket.encryptionKey },
      queryLayout: {
        bucket,
        keyPrefix,
        hiveCompatiblePartitions,
        perHourPartition,
        parquet: fileFormat === ec2.FlowLogFileFormat.PARQUET,
        encryptionKey: bucket.encryptionKey,
      },
      grantRead: (grantee: iam.IGrantable) => bucket.grantRead(grantee),
      requestMetrics: requestMetricsOf,
      addAlarms: (alarms: ArchiveAlarms) => {
        const filter = requestMetricsOf();
        if (!filter) {
          return;
        }
        // noDataAlarm is about idle networks; refused writes are worth knowing on any.
        const { bucketName, filterId, prefix } = filter;
        if (noDataAlarm) {
          alarms.add(bucketNoFilesAlarm(alarms.archiveName, id, bucketName, filterId, prefix, alarms.period));
        }
        alarms.add(bucketRequestErrorsAlarm(alarms.archiveName, id, bucketName, filterId, prefix));
      },
    };
  }
}

/** Exactly one way to name the bucket. */
function validateBucketChoice(options: S3DestinationOptions): void {
  const { bucket, bucketArn, bucketProps } = options;
  if (bucket && bucketArn) {
    throw invalid('bucketArn', 'cannot be used together with bucket', new Described('both'), 'Pass either the bucket or its ARN.');
  }
  if ((bucket || bucketArn) && bucketProps) {
    throw invalid('bucketProps', `cannot be used together with ${bucket ? 'bucket' : 'bucketArn'}`, new Described('both'),
      'Configure the bucket you pass yourself, or drop it to let the construct create a FlowLogArchiveBucket.');
  }
  if (bucketArn !== undefined && !isToken(bucketArn) && !isBucketArn(bucketArn)) {
    throw invalid('bucketArn', "must be an S3 bucket ARN ('arn:aws:s3:::<bucket name>', no folder)", bucketArn,
      'Put the folder in keyPrefix, e.g. bucketArn \'arn:aws:s3:::org-flow-logs\' and keyPrefix \'team-a\'.');
  }
}

/**
 * The bucket policy and the key (whose policy is inline) must exist before
 * the flow log. Only resources defined in the app can be waited for.
 */
function bucketDeliveryDependencies(bucket: s3.IBucket): IDependable[] {
  const dependencies: IDependable[] = [];
  if (bucket.policy) {
    dependencies.push(bucket.policy);
  }
  if (bucket.encryptionKey && Resource.isOwnedResource(bucket.encryptionKey)) {
    dependencies.push(bucket.encryptionKey);
  }
  return dependencies;
}

/**
 * Turns on S3 request metrics for the destination's folder of the archive's
 * own bucket (request metrics are a bucket setting the construct only
 * changes on buckets it created) and returns the filter.
 */
function enableRequestMetrics(archiveBucket: FlowLogArchiveBucket, keyPrefix: string | undefined): RequestMetricsFilter {
  const bucket = archiveBucket.bucket;
  const prefix = keyPrefix ? `${keyPrefix}/AWSLogs/` : 'AWSLogs/';
  const folder = keyPrefix === undefined ? undefined : stableIdentity(bucket, keyPrefix);
  const filterId = folder ? `FlowLogs-${folder.replace(/[^A-Za-z0-9\-_.]/g, '-')}`.slice(0, 64) : 'FlowLogs';
  bucket.addMetric({ id: filterId, prefix });
  return { bucketName: bucket.bucketName, filterId, prefix };
}
