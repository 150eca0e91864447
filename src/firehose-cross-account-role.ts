import { Resource, Stack, Tags, Token, TokenComparison } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { Construct } from 'constructs';
import { LOG_DELIVERY_SERVICE } from './private/delivery-policy';
import {
  CROSS_ACCOUNT_ROLE_ACTIONS, CROSS_ACCOUNT_ROLE_PREFIX, DELIVERY_STREAM_TYPE, LOG_DELIVERY_TAG, logDeliveryServiceLinkedRoleArn, SOURCE_ROLE_PATH,
} from './private/firehose-delivery';
import { checkOptionNames, warnUnknownOptions } from './private/untyped-input';
import { checkAccountIds, Described, invalid, isToken } from './private/validation';

/**
 * Properties of a `FlowLogFirehoseCrossAccountRole`.
 */
export interface FlowLogFirehoseCrossAccountRoleProps {
  /**
   * The delivery streams (in this account, taking Direct PUT) that flow logs
   * of the source accounts may be delivered to. Streams defined in the app
   * get the tag `LogDeliveryEnabled: true`; log delivery tags the others
   * through this role.
   */
  readonly deliveryStreams: firehose.IDeliveryStream[];

  /**
   * The accounts whose flow logs may be delivered (their roles created by
   * `FlowLogDestination.firehose()`). Exactly one of `sourceAccounts` and
   * `sourceOrganizationId`.
   *
   * @default - give `sourceOrganizationId`
   */
  readonly sourceAccounts?: string[];

  /**
   * Every account of this AWS Organization (`aws:PrincipalOrgID`): the
   * trust policy stays one size for any number of accounts.
   *
   * @default - give `sourceAccounts`
   */
  readonly sourceOrganizationId?: string;

  /**
   * The role's name. AWS requires it to start with
   * `AWSLogDeliveryFirehoseCrossAccountRole`; role names are global to the
   * account, so the default includes the Region.
   *
   * @default 'AWSLogDeliveryFirehoseCrossAccountRole-<region>'
   */
  readonly roleName?: string;
}

/** IAM's default limit on the length of a role trust policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
const MAX_TRUST_POLICY_LENGTH = 2048;

/**
 * The delivery-stream account's side of cross-account flow logs to Amazon
 * Data Firehose (`DeliverCrossAccountRole`,
 * https://docs.aws.amazon.com/vpc/latest/userguide/firehose-cross-account-delivery.html):
 * a role whose name starts with `AWSLogDeliveryFirehoseCrossAccountRole`,
 * assumable only by the source-account roles `FlowLogDestination.firehose()`
 * creates (by their IAM path) in the accounts or organization given, and
 * allowed only to create log delivery's service-linked role and to tag the
 * given streams. A platform team deploys it once for many source accounts.
 *
 * @example
 * new FlowLogFirehoseCrossAccountRole(this, 'FlowLogDelivery', {
 *   deliveryStreams: [stream],
 *   sourceOrganizationId: 'o-a1b2c3d4e5',
 * });
 */
export class FlowLogFirehoseCrossAccountRole extends Construct {
  /** The role: its ARN is the `crossAccountRoleArn` of the source accounts' Firehose destinations. */
  public readonly role: iam.IRole;

  /** The role's ARN, for `FlowLogDestination.firehose({ crossAccountRoleArn })`. */
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: FlowLogFirehoseCrossAccountRoleProps) {
    super(scope, id);
    warnUnknownOptions(this, 'FlowLogFirehoseCrossAccountRoleProps', checkOptionNames('FlowLogFirehoseCrossAccountRoleProps', props));
    const stack = Stack.of(this);
    const streams = checkedStreams(this, props.deliveryStreams);
    const roleName = props.roleName ?? `${CROSS_ACCOUNT_ROLE_PREFIX}-${stack.region}`;
    validateRoleName(roleName);
    const role = new iam.Role(this, 'Role', {
      roleName,
      assumedBy: sourceRolesPrincipal(stack, props),
      description: 'Lets log delivery set up VPC flow logs of other accounts to Firehose delivery streams of this account',
    });
    // A customer managed policy: the NIST, HIPAA and PCI packs reject inline policies.
    new iam.ManagedPolicy(this, 'Policy', {
      description: 'Lets log delivery create its service-linked role and tag the delivery streams that receive flow logs',
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: [CROSS_ACCOUNT_ROLE_ACTIONS[0]],
          resources: [logDeliveryServiceLinkedRoleArn(this)],
          conditions: { StringEquals: { 'iam:AWSServiceName': LOG_DELIVERY_SERVICE } },
        }),
        new iam.PolicyStatement({ actions: [CROSS_ACCOUNT_ROLE_ACTIONS[1]], resources: streams.map((s) => s.deliveryStreamArn) }),
      ],
    });
    streams.filter((s) => Resource.isOwnedResource(s)).forEach((s) => Tags.of(s).add(LOG_DELIVERY_TAG, 'true', { includeResourceTypes: [DELIVERY_STREAM_TYPE] }));
    this.role = role;
    this.roleArn = role.roleArn;
  }
}

/**
 * Principal '*' narrowed by conditions, rather than one account principal
 * each: one statement whose size grows by an account id per account, and
 * with an organization not at all.
 */
function sourceRolesPrincipal(stack: Stack, props: FlowLogFirehoseCrossAccountRoleProps): iam.IPrincipal {
  const { sourceAccounts: accounts, sourceOrganizationId: organizationId } = props;
  if ((accounts === undefined) === (organizationId === undefined)) {
    throw invalid('sourceAccounts', 'or sourceOrganizationId must be given, not both', new Described(accounts ? 'both' : 'neither'),
      "Pass the accounts whose flow logs deliver here, e.g. sourceAccounts: ['111111111111'], or sourceOrganizationId: 'o-a1b2c3d4e5'.");
  }
  if (organizationId !== undefined && !isToken(organizationId) && !/^o-[a-z0-9]{10,32}$/.test(organizationId)) {
    throw invalid('sourceOrganizationId', "must be an organization id ('o-' and 10 to 32 lower-case letters or digits)", organizationId,
      "Copy it from the AWS Organizations console, e.g. 'o-a1b2c3d4e5'.");
  }
  if (accounts !== undefined) {
    checkAccounts(accounts);
  }
  const source = accounts ? { 'aws:PrincipalAccount': accounts } : { 'aws:PrincipalOrgID': organizationId! };
  return new iam.StarPrincipal().withConditions({
    StringEquals: source,
    // Only the source roles of FlowLogDestination.firehose() (their path), in those accounts.
    ArnLike: { 'aws:PrincipalArn': `arn:${stack.partition}:iam::*:role${SOURCE_ROLE_PATH}*` },
  });
}

function checkAccounts(accounts: string[]): void {
  if (isToken(accounts) || accounts.length === 0) {
    throw invalid('sourceAccounts', 'must list at least one account id', isToken(accounts) ? new Described('a list token') : [],
      'Pass an array with one string per account, or use sourceOrganizationId.');
  }
  checkAccountIds('sourceAccounts', accounts);
  // The statement as IAM counts it (no whitespace), each reference at its longest.
  const length = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Condition: {
        StringEquals: { 'aws:PrincipalAccount': accounts.map(() => '123456789012') },
        ArnLike: { 'aws:PrincipalArn': `arn:aws-us-gov:iam::*:role${SOURCE_ROLE_PATH}*` },
      },
    }],
  }).length;
  if (length > MAX_TRUST_POLICY_LENGTH) {
    throw invalid('sourceAccounts', `makes the trust policy longer than IAM's ${MAX_TRUST_POLICY_LENGTH} characters`,
      new Described(`${accounts.length} accounts (${length} characters)`), 'Use sourceOrganizationId, whose trust policy stays one size.');
  }
}

/** The streams: at least one, in this account. */
function checkedStreams(scope: Construct, streams: firehose.IDeliveryStream[] | undefined): firehose.IDeliveryStream[] {
  if (!Array.isArray(streams) || streams.length === 0) {
    throw invalid('deliveryStreams', 'must list at least one delivery stream', new Described(Array.isArray(streams) ? 'none' : String(streams)),
      'Pass the streams flow logs may be delivered to, e.g. deliveryStreams: [stream].');
  }
  const account = Stack.of(scope).account;
  // An imported stream's env is its scope's; its literal ARN tells its account.
  const accountOf = (s: firehose.IDeliveryStream) => isToken(s.deliveryStreamArn) ? s.env.account : s.deliveryStreamArn.split(':')[4];
  const elsewhere = streams.find((s) => Token.compareStrings(accountOf(s), account) === TokenComparison.DIFFERENT);
  if (elsewhere) {
    throw invalid('deliveryStreams', 'must be in the account of the role', new Described(`a stream of account ${accountOf(elsewhere)}`),
      'Deploy a FlowLogFirehoseCrossAccountRole in each account that owns a delivery stream.');
  }
  return streams;
}

function validateRoleName(roleName: string): void {
  if (isToken(roleName)) {
    return;
  }
  if (!roleName.startsWith(CROSS_ACCOUNT_ROLE_PREFIX) || roleName.length > 64 || !/^[\w+=,.@-]+$/.test(roleName)) {
    throw invalid('roleName', `must start with ${CROSS_ACCOUNT_ROLE_PREFIX} (AWS requires it) and be at most 64 of the characters IAM allows`,
      roleName, `Use e.g. '${CROSS_ACCOUNT_ROLE_PREFIX}-network', or leave roleName undefined.`);
  }
}
