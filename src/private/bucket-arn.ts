import { Token } from 'aws-cdk-lib';
import { checkKind } from './untyped-input';
import { invalid, isBucketArn } from './validation';

/** Checks an S3 bucket ARN written out (tokens pass). */
export function validateBucketArn(arn: string): void {
  checkKind('destinationBucketArn', arn, 'a string (an S3 bucket ARN)', (v) => typeof v === 'string',
    "Pass e.g. 'arn:aws:s3:::org-flow-logs', or centralBucket.bucketArn.", true);
  if (Token.isUnresolved(arn)) {
    return;
  }
  if (!isBucketArn(arn)) {
    throw invalid('destinationBucketArn', 'must be an S3 bucket ARN', arn,
      "Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix).");
  }
}
