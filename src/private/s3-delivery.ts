import { RemovalPolicy, Resource } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { FlowLogArchiveBucket, FlowLogArchiveBucketProps } from '../archive-bucket';
import { Described, invalid } from './validation';

/** The archive bucket a `FlowLogArchive` owns, shared by its S3 destinations. */
const ARCHIVE_BUCKET_ID = 'ArchiveBucket';

/** The archive bucket of the `FlowLogArchive` at `scope`, created by the first S3 destination that needs it. */
export function ownedArchiveBucket(
  scope: Construct, bucketProps: FlowLogArchiveBucketProps | undefined, removalPolicy: RemovalPolicy | undefined,
): FlowLogArchiveBucket {
  const existing = scope.node.tryFindChild(ARCHIVE_BUCKET_ID);
  if (existing instanceof FlowLogArchiveBucket) {
    if (bucketProps) {
      throw invalid('bucketProps', 'may be given on only one S3 destination of a FlowLogArchive', new Described('bucketProps on a second S3 destination'),
        'Give bucketProps on the first S3 destination only; the others share its bucket.');
    }
    return existing;
  }
  return new FlowLogArchiveBucket(scope, ARCHIVE_BUCKET_ID, { removalPolicy, ...bucketProps });
}

/**
 * The bucket policy and the key (whose policy is inline) must exist before
 * the flow log. Only resources defined in the app can be waited for.
 */
export function bucketDeliveryDependencies(bucket: s3.IBucket): IDependable[] {
  const dependencies: IDependable[] = [];
  if (bucket.policy) {
    dependencies.push(bucket.policy);
  }
  if (bucket.encryptionKey && Resource.isOwnedResource(bucket.encryptionKey)) {
    dependencies.push(bucket.encryptionKey);
  }
  return dependencies;
}
