import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The secure defaults every stateful resource the library creates shares,
 * defined once (as aws-solutions-constructs keep theirs apart from assembly).
 */

/** What happens to buckets, keys and log groups when they leave the stack, unless the user says otherwise. */
export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN;

/**
 * A customer managed key, rotation on, whose policy lets grants be created
 * only by AWS services acting for the caller: AWS Control Tower's proactive
 * control CT.KMS.PR.3 asks for exactly this statement
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html).
 * No principal of the library's needs a grant on these keys: S3, CloudWatch
 * Logs, SNS, SQS and log delivery use them directly.
 */
export function customerManagedKey(scope: Construct, id: string, description: string, removalPolicy: RemovalPolicy): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
  return key;
}

/**
 * Sends the bucket's events to Amazon EventBridge (CT.S3.PR.4 asks for event
 * notifications; EventBridge receives them without a subscriber and at no
 * charge for S3's own events,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
 * Set on the L1: the L2's `eventBridgeEnabled` deploys a custom-resource
 * function to do what CloudFormation does natively.
 */
export function sendEventsToEventBridge(bucket: s3.Bucket): void {
  (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
}
