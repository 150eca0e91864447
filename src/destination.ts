import { RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { FlowLogArchiveBucket, FlowLogArchiveBucketProps } from './archive-bucket';
import { FlowLogDeliveryPolicy, locationOf, warnImportedBucket, warnImportedKey } from './private/delivery-policy';
import { constructIdFrom, pathWithinStack } from './private/ids';
import { Described, invalid, validateKeyPrefix } from './private/validation';

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
   * Properties of the `FlowLogArchiveBucket` the construct creates.
   * Not allowed together with `bucket`.
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
 * What a destination resolves to; the `AWS::EC2::FlowLog` properties that
 * depend on where records go.
 */
export interface FlowLogDestinationConfig {
  /**
   * Construct ID of the flow log under its target. Derived from the
   * destination's identity, never from its position in a list.
   */
  readonly id: string;

  /**
   * Short label used in Name tags, e.g. `s3`.
   */
  readonly label: string;

  /**
   * `LogDestinationType`: `s3` or `cloud-watch-logs`.
   */
  readonly logDestinationType: string;

  /**
   * `LogDestination`: the bucket (and folder) or log group ARN.
   */
  readonly logDestination: string;

  /**
   * `DestinationOptions` (S3 only), with CloudFormation's PascalCase keys.
   *
   * @default - none
   */
  readonly destinationOptions?: { [key: string]: any };

  /**
   * Resources each flow log must wait for (bucket policy, key, role policy),
   * so that AWS's first delivery check succeeds.
   */
  readonly dependencies: IDependable[];

  /**
   * The bucket records are written to (S3).
   *
   * @default - not an S3 destination
   */
  readonly bucket?: s3.IBucket;

  /**
   * The archive bucket created for this destination, if any.
   *
   * @default - none created
   */
  readonly archiveBucket?: FlowLogArchiveBucket;

  /**
   * The key that encrypts the records at rest, if known.
   *
   * @default - unknown
   */
  readonly encryptionKey?: kms.IKey;
}

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
   * Create or find the resources of this destination under `scope` (the
   * `FlowLogArchive`) and return the flow-log properties they give.
   */
  public abstract bind(scope: Construct, options: FlowLogDestinationBindOptions): FlowLogDestinationConfig;
}

/** The archive bucket a `FlowLogArchive` owns, shared by its S3 destinations. */
const ARCHIVE_BUCKET_ID = 'ArchiveBucket';

class S3Destination extends FlowLogDestination {
  constructor(private readonly options: S3DestinationOptions) {
    super();
  }

  public bind(scope: Construct, bindOptions: FlowLogDestinationBindOptions): FlowLogDestinationConfig {
    const { keyPrefix, bucketProps } = this.options;
    validateKeyPrefix(keyPrefix);
    if (this.options.bucket && bucketProps) {
      throw invalid('bucketProps', 'cannot be used together with bucket', new Described('both'),
        'Configure the bucket you pass yourself, or drop bucket to let the construct create a FlowLogArchiveBucket.');
    }
    const archiveBucket = this.options.bucket ? undefined : ownedArchiveBucket(scope, bucketProps, bindOptions);
    const bucket = this.options.bucket ?? archiveBucket!.bucket;

    const deliveryPolicy = FlowLogDeliveryPolicy.of(bucket);
    deliveryPolicy.allow(locationOf(scope, { keyPrefix, hiveCompatiblePartitions: this.options.hiveCompatiblePartitions }));
    if (!deliveryPolicy.bucketPolicyUpdated) {
      warnImportedBucket(scope, bucket, keyPrefix);
    }
    if (!deliveryPolicy.keyPolicyUpdated) {
      warnImportedKey(scope);
    }

    return {
      id: this.options.bucket
        ? constructIdFrom('S3', [pathWithinStack(bucket, scope), keyPrefix].filter(Boolean).join('/'))
        : (keyPrefix ? constructIdFrom('S3', keyPrefix) : 'S3'),
      label: keyPrefix ? `s3/${keyPrefix}` : 's3',
      logDestinationType: ec2.FlowLogDestinationType.S3,
      logDestination: keyPrefix ? `${bucket.bucketArn}/${keyPrefix}/` : bucket.bucketArn,
      // Always all three keys, PascalCase: CloudFormation's own defaults made explicit.
      destinationOptions: {
        FileFormat: this.options.fileFormat ?? ec2.FlowLogFileFormat.PLAIN_TEXT,
        HiveCompatiblePartitions: this.options.hiveCompatiblePartitions ?? false,
        PerHourPartition: this.options.perHourPartition ?? false,
      },
      dependencies: deliveryDependencies(bucket),
      bucket,
      archiveBucket,
      encryptionKey: bucket.encryptionKey,
    };
  }
}

function ownedArchiveBucket(
  scope: Construct, bucketProps: FlowLogArchiveBucketProps | undefined, bindOptions: FlowLogDestinationBindOptions,
): FlowLogArchiveBucket {
  const existing = scope.node.tryFindChild(ARCHIVE_BUCKET_ID);
  if (existing instanceof FlowLogArchiveBucket) {
    if (bucketProps) {
      throw invalid('bucketProps', 'may be given on only one S3 destination of a FlowLogArchive', new Described('bucketProps on a second S3 destination'),
        'Give bucketProps on the first S3 destination only; the others share its bucket.');
    }
    return existing;
  }
  return new FlowLogArchiveBucket(scope, ARCHIVE_BUCKET_ID, { removalPolicy: bindOptions.removalPolicy, ...bucketProps });
}

/**
 * The bucket policy and the key (whose policy is inline) must exist before
 * the flow log. Only resources defined in the app can be waited for.
 */
function deliveryDependencies(bucket: s3.IBucket): IDependable[] {
  const dependencies: IDependable[] = [];
  if (bucket.policy) {
    dependencies.push(bucket.policy);
  }
  if (bucket.encryptionKey && Resource.isOwnedResource(bucket.encryptionKey)) {
    dependencies.push(bucket.encryptionKey);
  }
  return dependencies;
}
