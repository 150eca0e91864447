import { Token } from 'aws-cdk-lib';

/**
 * Builds the error every invalid input throws: the property, the bad value
 * and the fix, in one sentence a user can act on.
 */
export function invalid(property: string, problem: string, value: unknown, fix: string): Error {
  return new Error(`${property} ${problem}: got ${show(value)}. ${fix}`);
}

/** A bad value described in words rather than quoted (e.g. a conflict of two props). */
export class Described {
  constructor(public readonly text: string) {}
}

/** Renders a bad value the way the user wrote it. */
export function show(value: unknown): string {
  if (value instanceof Described) {
    return value.text;
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  return String(value);
}

/** True when the value is (or contains) an unresolved token and so must not be validated. */
export function isToken(value: unknown): boolean {
  return value !== undefined && Token.isUnresolved(value);
}

/** Characters S3 documents as safe in object keys (plus the folder separator). */
const SAFE_KEY_PREFIX = /^[A-Za-z0-9!_.*'()\-/]+$/;

/**
 * A key prefix is a folder under the bucket. AWS rejects 'AWSLogs' as a
 * prefix, and our bucket policy reserves that segment for the delivery path.
 */
export function validateKeyPrefix(keyPrefix: string | undefined): void {
  if (keyPrefix === undefined || isToken(keyPrefix)) {
    return;
  }
  const fix = "Use a folder name such as 'vpc-flow-logs' or 'network/prod'.";
  if (keyPrefix.length === 0) {
    throw invalid('keyPrefix', 'must not be empty', keyPrefix, 'Leave keyPrefix undefined to write at the bucket root.');
  }
  if (keyPrefix.startsWith('/')) {
    throw invalid('keyPrefix', "must not start with '/'", keyPrefix, 'Remove the leading slash.');
  }
  if (keyPrefix.endsWith('/')) {
    throw invalid('keyPrefix', "must not end with '/'", keyPrefix, 'Remove the trailing slash; the construct adds it.');
  }
  if (keyPrefix.includes('//')) {
    throw invalid('keyPrefix', "must not contain empty folders ('//')", keyPrefix, 'Use single slashes between folders.');
  }
  if (keyPrefix.split('/').some((segment) => segment.toLowerCase() === 'awslogs')) {
    throw invalid('keyPrefix', "must not contain the folder 'AWSLogs'", keyPrefix, `AWS writes under <keyPrefix>/AWSLogs/ itself. ${fix}`);
  }
  if (!SAFE_KEY_PREFIX.test(keyPrefix)) {
    throw invalid('keyPrefix', "may contain only letters, digits and the characters ! _ . * ' ( ) - /", keyPrefix, fix);
  }
  if (keyPrefix.length > 512) {
    throw invalid('keyPrefix', 'must be at most 512 characters long', `${keyPrefix.slice(0, 20)}...`, 'Use a shorter folder name.');
  }
}

/** Characters AWS allows in tag values. */
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** flowLogName becomes the start of each flow log's Name tag. */
export function validateFlowLogName(flowLogName: string | undefined): void {
  if (flowLogName === undefined || isToken(flowLogName)) {
    return;
  }
  if (flowLogName.trim().length === 0) {
    throw invalid('flowLogName', 'must not be empty', flowLogName, 'Leave flowLogName undefined to name flow logs after the construct path.');
  }
  if (!TAG_VALUE.test(flowLogName)) {
    throw invalid('flowLogName', 'may contain only letters, digits, spaces and _ . : / = + - @', flowLogName, 'Remove the other characters; the name is used as a tag value.');
  }
  if (flowLogName.length > 128) {
    throw invalid('flowLogName', 'must be at most 128 characters long', flowLogName, 'Use a shorter name; the target and destination are appended to it.');
  }
}

/**
 * Account ids as IAM and S3 take them: 12 digits in a string, none twice
 * (tokens pass). `rule` words the format error for the property or method.
 */
export function checkAccountIds(property: string, accounts: string[], rule = 'must contain 12-digit account ids'): void {
  const bad = accounts.find((a) => !isToken(a) && !/^\d{12}$/.test(a));
  if (bad !== undefined) {
    throw invalid(property, rule, bad, "Write each account id as 12 digits in quotes, e.g. '123456789012'.");
  }
  const duplicate = accounts.find((a, i) => accounts.indexOf(a) !== i);
  if (duplicate !== undefined) {
    throw invalid(property, 'must not list an account twice', duplicate, 'Remove the duplicate.');
  }
}

/**
 * An S3 bucket ARN written out: any partition, no Region or account, a
 * bucket name as S3 allows it (3 to 63 lower-case letters, digits, dots
 * and hyphens, starting and ending with a letter or digit:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html), no folder.
 */
export function isBucketArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(arn);
}
