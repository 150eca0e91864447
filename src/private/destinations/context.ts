import { RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { FlowLogArchiveBucket, FlowLogArchiveBucketProps } from '../../archive-bucket';
import { FlowLogDestinationConfig } from '../../destination-options';
import { ArchiveAlarms } from '../archive-alarms';
import { deliveryRolePrincipal, LOG_DELIVERY_ACTIONS } from '../cloudwatch-delivery';
import { DEFAULT_REMOVAL_POLICY } from '../defaults';
import { constructIdFrom, stableIdentity } from '../ids';
import { Described, invalid } from '../validation';

/**
 * What a `FlowLogArchive` hands each of its destinations: its scope and
 * removal policy, and the resources its destinations share, created by the
 * first destination that needs them and kept here (not found again by
 * construct id): the archive bucket, the delivery role and its policy.
 */
export class DestinationContext {
  private archiveBucket?: FlowLogArchiveBucket;
  private role?: iam.Role;
  private deliveryPolicy?: iam.ManagedPolicy;
  private readonly rolesWithDeliveryPolicy = new Set<iam.IRole>();
  private ownLogGroupCreated = false;
  private readonly importedBuckets = new Map<string, s3.IBucket>();

  constructor(
    /** The archive: the scope of everything its destinations create. */
    public readonly scope: Construct,
    public readonly removalPolicy: RemovalPolicy = DEFAULT_REMOVAL_POLICY,
  ) {}

  /** The archive's own FlowLogArchiveBucket, shared by its S3 destinations; `bucketProps` from one of them at most. */
  public ownedArchiveBucket(bucketProps: FlowLogArchiveBucketProps | undefined): FlowLogArchiveBucket {
    if (this.archiveBucket && bucketProps) {
      throw invalid('bucketProps', 'may be given on only one S3 destination of a FlowLogArchive', new Described('bucketProps on a second S3 destination'),
        'Give bucketProps on the first S3 destination only; the others share its bucket.');
    }
    this.archiveBucket ??= new FlowLogArchiveBucket(this.scope, 'ArchiveBucket', { removalPolicy: this.removalPolicy, ...bucketProps });
    return this.archiveBucket;
  }

  /** The bucket of `bucketArn`, imported once per archive (S3 destinations may share it with other folders). */
  public importedBucket(bucketArn: string): s3.IBucket {
    const key = stableIdentity(this.scope, bucketArn);
    let bucket = this.importedBuckets.get(key);
    if (!bucket) {
      bucket = s3.Bucket.fromBucketArn(this.scope, constructIdFrom('Bucket', key.split(':::').pop()!), bucketArn);
      this.importedBuckets.set(key, bucket);
    }
    return bucket;
  }

  /** The role VPC Flow Logs assumes to write to CloudWatch Logs, one per archive. */
  public deliveryRole(): iam.Role {
    this.role ??= new iam.Role(this.scope, 'DeliveryRole', {
      assumedBy: deliveryRolePrincipal(this.scope),
      description: `Lets VPC Flow Logs deliver the flow logs of ${this.scope.node.path} to CloudWatch Logs`,
    });
    return this.role;
  }

  /**
   * Allow `role` the delivery actions on `logGroup` (and its streams: the
   * log group ARN ends with ':*'), through one customer managed policy per
   * archive (the NIST, HIPAA and PCI packs reject inline policies). Returns
   * what flow logs must wait for, or undefined when the role is imported
   * and is used as is.
   */
  public allowLogDelivery(role: iam.IRole, logGroup: logs.ILogGroup): IDependable | undefined {
    if (!Resource.isOwnedResource(role)) {
      return undefined;
    }
    this.deliveryPolicy ??= new iam.ManagedPolicy(this.scope, 'DeliveryPolicy', {
      description: `Lets VPC Flow Logs write the flow logs of ${this.scope.node.path} to its log groups`,
    });
    this.deliveryPolicy.addStatements(new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: [logGroup.logGroupArn] }));
    if (!this.rolesWithDeliveryPolicy.has(role)) {
      this.deliveryPolicy.attachToRole(role);
      this.rolesWithDeliveryPolicy.add(role);
    }
    return this.deliveryPolicy;
  }

  /** Claims the archive's one own log group (construct id `LogGroup`): a second destination without `logGroup` is an error. */
  public claimOwnLogGroup(): void {
    if (this.ownLogGroupCreated) {
      throw invalid('destinations', 'must not deliver to the same place twice', 'cloudwatch-logs',
        'Give at most one CloudWatch Logs destination without logGroup; pass logGroup to the others.');
    }
    this.ownLogGroupCreated = true;
  }
}

/** The resources of a destination that the archive exposes as its attributes. */
export interface DestinationResources {
  readonly bucket?: s3.IBucket;
  readonly archiveBucket?: FlowLogArchiveBucket;
  readonly logGroup?: logs.ILogGroup;
  readonly deliveryRole?: iam.IRole;
  readonly encryptionKey?: kms.IKey;
}

/** Where an S3 destination's files are and how they are laid out, for the query layer. */
export interface S3QueryLayout {
  readonly bucket: s3.IBucket;
  readonly keyPrefix?: string;
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  readonly parquet: boolean;
  readonly encryptionKey?: kms.IKey;
}

/** The S3 request-metrics filter of an archive-owned destination: records under `<prefix>/AWSLogs/`. */
export interface RequestMetricsFilter {
  readonly bucketName: string;
  readonly filterId: string;
  readonly prefix: string;
}

/**
 * A destination bound to one archive: the flow-log properties it gives, and
 * everything it adds to the archive. `FlowLogArchive` asks these questions
 * of every destination alike and never which kind it is.
 */
export interface ArchiveDestination {
  /** Construct ID of the flow log under its target: from the destination's identity, never its position. */
  readonly id: string;
  /** Short label in Name tags, e.g. `s3`. */
  readonly label: string;
  /** The properties of each `AWS::EC2::FlowLog` to this destination. */
  readonly config: FlowLogDestinationConfig;
  /** What the archive exposes as attributes (`bucket`, `logGroup`, ...). */
  readonly resources: DestinationResources;
  /** Files a query layer can read (S3), if any. */
  readonly queryLayout?: S3QueryLayout;
  /** The log group whose records traffic alarms and Insights queries read (CloudWatch Logs), if any. */
  readonly recordLogGroup?: logs.ILogGroup;
  /** Read access to the archived records; undefined when there is nothing to read here. */
  grantRead(grantee: iam.IGrantable): iam.Grant | undefined;
  /** The destination's delivery alarms. */
  addAlarms(alarms: ArchiveAlarms): void;
  /** S3 request metrics of the folder, turned on at the first call; undefined unless the archive owns the bucket. */
  requestMetrics(): RequestMetricsFilter | undefined;
}
