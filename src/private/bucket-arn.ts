import { Arn, ArnFormat, Token } from 'aws-cdk-lib';
import { checkKind } from './untyped-input';
import { invalid } from './validation';

/** Checks an S3 bucket ARN written out (tokens pass). */
export function validateBucketArn(arn: string): void {
  checkKind('destinationBucketArn', arn, 'a string (an S3 bucket ARN)', (v) => typeof v === 'string',
    "Pass e.g. 'arn:aws:s3:::org-flow-logs', or centralBucket.bucketArn.", true);
  if (Token.isUnresolved(arn)) {
    return;
  }
  const fix = "Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix).";
  let parsed;
  try {
    parsed = Arn.split(arn, ArnFormat.NO_RESOURCE_NAME);
  } catch {
    throw invalid('destinationBucketArn', 'must be an S3 bucket ARN', arn, fix);
  }
  if (parsed.service !== 's3' || parsed.resource === '' || arn.split(':').length !== 6 || parsed.resource.includes('/')) {
    throw invalid('destinationBucketArn', 'must be an S3 bucket ARN', arn, fix);
  }
}
