import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import {
  CloudWatchLogsDestinationOptions, FlowLogDestinationBindOptions, FlowLogDestinationConfig, S3DestinationOptions,
} from './destination-options';
import { allowDeliveryTo, ownedLogGroup, sharedDeliveryRole, warnImportedRole } from './private/cloudwatch-delivery';
import { FlowLogDeliveryPolicy, locationOf, warnImportedBucket, warnImportedKey } from './private/delivery-policy';
import { constructIdFrom, pathWithinStack, stableIdentity } from './private/ids';
import { bucketDeliveryDependencies, ownedArchiveBucket } from './private/s3-delivery';
import { checkEnumValue, checkOptionNames, warnUnknownOptions } from './private/untyped-input';
import { Described, invalid, isToken, validateKeyPrefix } from './private/validation';

/**
 * Where flow-log records are delivered. Create one with the static factories.
 */
export abstract class FlowLogDestination {
  /**
   * Deliver records to S3: by default to a new, secure `FlowLogArchiveBucket`.
   */
  public static s3(options: S3DestinationOptions = {}): FlowLogDestination {
    return new S3Destination(options);
  }

  /**
   * Deliver records to CloudWatch Logs: by default to a new KMS-encrypted
   * log group with one-year retention, through a least-privilege role.
   */
  public static cloudWatchLogs(options: CloudWatchLogsDestinationOptions = {}): FlowLogDestination {
    return new CloudWatchLogsDestination(options);
  }

  /**
   * Create or find the resources of this destination under `scope` (the
   * `FlowLogArchive`) and return the flow-log properties they give.
   */
  public abstract bind(scope: Construct, options: FlowLogDestinationBindOptions): FlowLogDestinationConfig;
}

class S3Destination extends FlowLogDestination {
  constructor(private readonly options: S3DestinationOptions) {
    super();
  }

  public bind(scope: Construct, bindOptions: FlowLogDestinationBindOptions): FlowLogDestinationConfig {
    warnUnknownOptions(scope, 'S3DestinationOptions', checkOptionNames('S3DestinationOptions', this.options));
    checkEnumValue('fileFormat', this.options.fileFormat, 'ec2.FlowLogFileFormat', ec2.FlowLogFileFormat);
    const { keyPrefix, bucketProps, bucketArn } = this.options;
    validateKeyPrefix(keyPrefix);
    validateBucketChoice(this.options);
    const given = this.options.bucket ?? (bucketArn ? importedBucket(scope, bucketArn) : undefined);
    const archiveBucket = given ? undefined : ownedArchiveBucket(scope, bucketProps, bindOptions.removalPolicy);
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
    return {
      id: given
        ? constructIdFrom('S3', [pathWithinStack(bucket, scope), folder].filter(Boolean).join('/'))
        : (folder ? constructIdFrom('S3', folder) : 'S3'),
      label: keyPrefix ? `s3/${keyPrefix}` : 's3',
      logDestinationType: ec2.FlowLogDestinationType.S3,
      logDestination: keyPrefix ? `${bucket.bucketArn}/${keyPrefix}/` : bucket.bucketArn,
      // Always all three keys, PascalCase: CloudFormation's own defaults made explicit.
      destinationOptions: {
        FileFormat: this.options.fileFormat ?? ec2.FlowLogFileFormat.PLAIN_TEXT,
        HiveCompatiblePartitions: this.options.hiveCompatiblePartitions ?? false,
        PerHourPartition: this.options.perHourPartition ?? false,
      },
      dependencies: bucketDeliveryDependencies(bucket),
      bucket,
      archiveBucket,
      encryptionKey: bucket.encryptionKey,
      keyPrefix,
      noDataAlarm: this.options.noDataAlarm ?? true,
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
  if (bucketArn !== undefined && !isToken(bucketArn) && !/^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucketArn)) {
    throw invalid('bucketArn', "must be an S3 bucket ARN ('arn:aws:s3:::<bucket name>', no folder)", bucketArn,
      'Put the folder in keyPrefix, e.g. bucketArn \'arn:aws:s3:::org-flow-logs\' and keyPrefix \'team-a\'.');
  }
}

/** The bucket of `bucketArn`, imported once per archive. */
function importedBucket(scope: Construct, bucketArn: string): s3.IBucket {
  const id = constructIdFrom('Bucket', stableIdentity(scope, bucketArn).split(':::').pop()!);
  return scope.node.tryFindChild(id) as s3.IBucket | undefined ?? s3.Bucket.fromBucketArn(scope, id, bucketArn);
}

class CloudWatchLogsDestination extends FlowLogDestination {
  constructor(private readonly options: CloudWatchLogsDestinationOptions) {
    super();
  }

  public bind(scope: Construct, bindOptions: FlowLogDestinationBindOptions): FlowLogDestinationConfig {
    warnUnknownOptions(scope, 'CloudWatchLogsDestinationOptions', checkOptionNames('CloudWatchLogsDestinationOptions', this.options));
    checkEnumValue('retention', this.options.retention, 'logs.RetentionDays', logs.RetentionDays, 'ONE_YEAR');
    const { logGroup: given, retention, encryptionKey: key, deliveryRole: role } = this.options;
    if (given && (retention !== undefined || key)) {
      const conflicting = retention !== undefined ? 'retention' : 'encryptionKey';
      throw invalid(conflicting, 'cannot be used together with logGroup', new Described(`both ${conflicting} and logGroup`),
        `Set ${conflicting} on your log group yourself, or drop logGroup to let the construct create one.`);
    }
    const owned = given ? undefined : ownedLogGroup(scope, retention, key, bindOptions.removalPolicy);
    const logGroup = given ?? owned!.logGroup;
    const deliveryRole = role ?? sharedDeliveryRole(scope);
    const rolePolicy = allowDeliveryTo(scope, deliveryRole, logGroup);
    if (!rolePolicy) {
      warnImportedRole(scope);
    }
    return {
      id: given ? constructIdFrom('CloudWatchLogs', pathWithinStack(given, scope)) : 'CloudWatchLogs',
      label: 'cloudwatch-logs',
      logDestinationType: ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS,
      logDestination: logGroupDestinationArn(scope, logGroup),
      deliverLogsPermissionArn: deliveryRole.roleArn,
      dependencies: [rolePolicy].filter((d): d is IDependable => d !== undefined),
      logGroup,
      deliveryRole,
      encryptionKey: owned?.encryptionKey,
      noDataAlarm: this.options.noDataAlarm ?? true,
    };
  }
}

/**
 * The log group's ARN WITHOUT the trailing `:*` of its `Arn` attribute.
 * CloudFormation's `LogDestination` takes `arn:aws:logs:region:account:log-group:name`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html#cfn-ec2-flowlog-logdestination);
 * EC2 accepts the attribute's `...:name:*` too, and the flow log then
 * reports "Access error" and delivers nothing (Terraform's provider trims
 * the `:*` for this reason).
 */
function logGroupDestinationArn(scope: Construct, logGroup: logs.ILogGroup): string {
  return Arn.format({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroup.logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    account: logGroup.env.account,
    region: logGroup.env.region,
  }, Stack.of(scope));
}
