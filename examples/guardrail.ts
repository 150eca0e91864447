import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FlowLogArchiveBucket, FlowLogGuardrailStackSet, FlowLogProtectionPolicy } from '../src';

/** Ids of the organization-wide enforcement example (placeholders in AWS's formats). */
export const MANAGEMENT_ACCOUNT = '555555555555';
export const ORGANIZATION_ARCHIVE_ACCOUNT = '999999999999';
export const ORGANIZATION_ID = 'o-a1b2c3d4e5';
/** The organization's root: the guardrail and the SCP reach every account. */
export const ORGANIZATION_ROOT = 'r-ab12';
export const GUARDRAIL_REGIONS = ['eu-west-1', 'us-east-1'];

/** The bucket that every account of the organization delivers to, known by name in the management account. */
export const ORGANIZATION_BUCKET_NAME = `org-flow-logs-all-${ORGANIZATION_ARCHIVE_ACCOUNT}`;
const ORGANIZATION_BUCKET_ARN = `arn:aws:s3:::${ORGANIZATION_BUCKET_NAME}`;

/**
 * Log-archive account: the central bucket of the whole organization. It
 * admits every account of the organization (`sourceOrganizationId`), as the
 * runtime guardrail needs: accounts that join later deliver too.
 */
export class OrganizationArchiveStack extends Stack {
  public readonly archive: FlowLogArchiveBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: ORGANIZATION_ARCHIVE_ACCOUNT, region: 'eu-west-1' }, ...props });
    this.archive = new FlowLogArchiveBucket(this, 'Central', {
      bucketName: ORGANIZATION_BUCKET_NAME,
      sourceOrganizationId: ORGANIZATION_ID,
      lifecycle: { glacierAfter: Duration.days(90), expiration: Duration.days(730) },
    });
  }
}

/**
 * Management account: the runtime guardrail in every account and Region of
 * the organization (a service-managed StackSet, also deployed to accounts
 * that join later), and the SCP that keeps flow logs and the archive
 * bucket's policy from being deleted by anyone but the platform's roles.
 * One stack, deployed once, reaches the whole organization.
 */
export class OrganizationGuardrailStack extends Stack {
  public readonly guardrail: FlowLogGuardrailStackSet;
  public readonly protection: FlowLogProtectionPolicy;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: MANAGEMENT_ACCOUNT, region: 'eu-west-1' }, ...props });
    this.guardrail = new FlowLogGuardrailStackSet(this, 'Guardrail', {
      destinationBucketArn: ORGANIZATION_BUCKET_ARN,
      keyPrefix: 'remediated',
      excludeTag: 'flow-logs-exempt',
      organizationalUnitIds: [ORGANIZATION_ROOT],
      regions: GUARDRAIL_REGIONS,
    });
    this.protection = new FlowLogProtectionPolicy(this, 'Protection', {
      exemptPrincipalArns: [
        'arn:aws:iam::*:role/platform-admin',
        // CloudFormation deletes flow logs when stacks change.
        'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*',
      ],
      archiveBucketArns: [ORGANIZATION_BUCKET_ARN],
      targetIds: [ORGANIZATION_ROOT],
    });
  }
}
