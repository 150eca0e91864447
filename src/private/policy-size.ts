import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The longest value each reference can take once deployed. S3 limits the
 * policy it stores (references resolved), not the template's JSON, whose
 * `Fn::Join` and `Fn::GetAtt` are longer than the ARNs they become.
 */
const LONGEST = {
  partition: 'aws-us-gov'.length,
  region: 'ap-southeast-7'.length,
  account: 12,
  /** S3 bucket names have at most 63 characters (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
  bucketName: 63,
};

/**
 * The size in bytes of `document` as S3 stores it, with every reference at
 * its longest: pseudo parameters, and a bucket's name (`Ref`) or ARN
 * (`Fn::GetAtt`) at 63 characters unless `knownNames` gives the literal
 * name a logical ID has.
 */
export function deployedPolicyBytes(stack: Stack, document: iam.PolicyDocument, knownNames: Record<string, string> = {}): number {
  return Buffer.byteLength(JSON.stringify(deployed(stack.resolve(document), knownNames)));
}

function deployed(value: unknown, knownNames: Record<string, string>): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => deployed(v, knownNames));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0];
    if (key === 'Ref' && typeof arg === 'string') {
      return reference(arg, knownNames);
    }
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) {
      return `arn:${'p'.repeat(LONGEST.partition)}:s3:::${reference(String(arg[0]), knownNames)}`;
    }
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((part) => String(deployed(part, knownNames))).join(separator);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, deployed(v, knownNames)]));
}

function reference(name: string, knownNames: Record<string, string>): string {
  switch (name) {
    case 'AWS::Partition': return 'p'.repeat(LONGEST.partition);
    case 'AWS::Region': return 'r'.repeat(LONGEST.region);
    case 'AWS::AccountId': return '0'.repeat(LONGEST.account);
    default: return knownNames[name] ?? 'b'.repeat(LONGEST.bucketName);
  }
}
