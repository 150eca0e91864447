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
