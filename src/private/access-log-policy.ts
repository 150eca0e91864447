import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** The service that writes S3 server access logs. */
export const S3_LOGGING_SERVICE = 'logging.s3.amazonaws.com';

/**
 * Turns on server access logging of `source` into `target` with a bucket
 * policy grant, never an ACL. The L2's `serverAccessLogsBucket` uses the
 * LogDeliveryWrite ACL unless an app-level feature flag is set, and ACLs
 * cannot be used with BucketOwnerEnforced, so we wire it ourselves.
 *
 * Returns false when the target's policy could not be changed (imported).
 */
export function enableServerAccessLogs(source: s3.Bucket, target: s3.IBucket, logFilePrefix: string): boolean {
  const cfnSource = source.node.defaultChild as s3.CfnBucket;
  cfnSource.loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix };
  return target.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsDelivery',
    principals: [new iam.ServicePrincipal(S3_LOGGING_SERVICE)],
    actions: ['s3:PutObject'],
    resources: [target.arnForObjects(`${logFilePrefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': source.bucketArn },
      StringEquals: { 'aws:SourceAccount': source.stack.account },
    },
  })).statementAdded;
  // No DependsOn from the source bucket to the target's policy: the policy
  // names the source bucket's ARN, so that would be a cycle (the L2 does the same).
}

/**
 * Whether the bucket, if defined in this app, encrypts by default with KMS
 * (a key of its own or aws/s3), which S3 documents as unsupported for the
 * destination of server access logs: the logs would silently not arrive.
 */
export function encryptsWithKms(bucket: s3.IBucket): boolean {
  if (bucket.encryptionKey) {
    return true;
  }
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) {
    return false;
  }
  const encryption = cfn.bucketEncryption as s3.CfnBucket.BucketEncryptionProperty | undefined;
  const rules = (encryption?.serverSideEncryptionConfiguration ?? []) as s3.CfnBucket.ServerSideEncryptionRuleProperty[];
  return rules.some((rule) => {
    const algorithm = (rule.serverSideEncryptionByDefault as s3.CfnBucket.ServerSideEncryptionByDefaultProperty | undefined)?.sseAlgorithm;
    return typeof algorithm === 'string' && algorithm.startsWith('aws:kms');
  });
}
