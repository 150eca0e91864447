import { CustomResource, Duration, IAspect, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { FlowLogArchive } from '../../../src';

/**
 * Deletes every object version and delete marker of the bucket named in the
 * resource's properties when the resource is deleted. (Versioned buckets
 * keep noncurrent versions, and CloudFormation cannot delete a bucket that
 * holds any.) The library's buckets have no `autoDeleteObjects` option, so
 * the tests bring this.
 */
const HANDLER = `
const { S3Client, ListObjectVersionsCommand, DeleteObjectsCommand } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async (event) => {
  if (event.RequestType !== 'Delete') {
    return { PhysicalResourceId: event.ResourceProperties.BucketName };
  }
  const Bucket = event.ResourceProperties.BucketName;
  try {
    for (;;) {
      const page = await s3.send(new ListObjectVersionsCommand({ Bucket, MaxKeys: 1000 }));
      const objects = [...(page.Versions || []), ...(page.DeleteMarkers || [])]
        .map((v) => ({ Key: v.Key, VersionId: v.VersionId }));
      if (objects.length === 0) {
        return {};
      }
      await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: objects, Quiet: true } }));
    }
  } catch (e) {
    if (e.name === 'NoSuchBucket') {
      return {};
    }
    throw e;
  }
};
`;

const PROVIDER_ID = 'EmptyBucketOnDeleteProvider';

/**
 * Empties `bucket` before CloudFormation deletes it. The bucket's policy is
 * made to wait for the emptying resource, so on deletion the policy goes
 * first: services that deliver through it (flow logs, server access logs)
 * are refused from then on and cannot refill the bucket after it was
 * emptied.
 */
export function emptyOnDelete(bucket: s3.IBucket): void {
  const { provider, handler } = providerOf(Stack.of(bucket));
  handler.addToRolePolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:DeleteObject', 's3:DeleteObjectVersion'],
    resources: [bucket.bucketArn, bucket.arnForObjects('*')],
  }));
  const emptier = new CustomResource(bucket, 'EmptyOnDelete', {
    serviceToken: provider.serviceToken,
    resourceType: 'Custom::EmptyBucketOnDelete',
    properties: { BucketName: bucket.bucketName },
  });
  bucket.policy?.node.addDependency(emptier);
}

function providerOf(stack: Stack): { provider: cr.Provider; handler: lambda.Function } {
  const existing = stack.node.tryFindChild(PROVIDER_ID) as Construct | undefined;
  if (existing) {
    return { provider: existing.node.findChild('Provider') as cr.Provider, handler: existing.node.findChild('Handler') as lambda.Function };
  }
  const scope = new Construct(stack, PROVIDER_ID);
  const logGroup = new logs.LogGroup(scope, 'Logs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
  const handler = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline(HANDLER),
    timeout: Duration.minutes(10),
    logGroup,
  });
  const provider = new cr.Provider(scope, 'Provider', { onEventHandler: handler, logGroup });
  return { provider, handler };
}

/** Empties the archive bucket and access-log bucket a FlowLogArchive created, if any. */
export function emptyArchiveOnDelete(archive: FlowLogArchive): void {
  const archiveBucket = archive.archiveBucket;
  if (!archiveBucket || archiveBucket.node.tryFindChild('Bucket')?.node.tryFindChild('EmptyOnDelete')) {
    return;
  }
  emptyOnDelete(archiveBucket.bucket);
  if (archiveBucket.accessLogsBucket) {
    emptyOnDelete(archiveBucket.accessLogsBucket);
  }
}

/**
 * Empties the buckets of every FlowLogArchive, also those an aspect adds
 * (FlowLogEnforcement): add it after the aspects that create archives.
 */
export class EmptyArchivesOnDelete implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof FlowLogArchive) {
      emptyArchiveOnDelete(node);
    }
  }
}
