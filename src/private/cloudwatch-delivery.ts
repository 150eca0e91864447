import { Annotations, RemovalPolicy, Resource, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct, IDependable } from 'constructs';
import { customerManagedKey, DEFAULT_REMOVAL_POLICY } from './defaults';
import { invalid } from './validation';

/** The service that assumes the delivery role to write flow logs to CloudWatch Logs. */
export const FLOW_LOGS_SERVICE = 'vpc-flow-logs.amazonaws.com';

/** The only actions the delivery role needs, on the log groups it serves. */
export const LOG_DELIVERY_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'];

/**
 * The trust policy of the delivery role: only the flow-logs service, and
 * only for flow logs of this account and region (confused-deputy protection).
 */
export function deliveryRolePrincipal(scope: IConstruct): iam.IPrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal(FLOW_LOGS_SERVICE).withConditions({
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:vpc-flow-log/*` },
  });
}

/** The delivery role a `FlowLogArchive` shares between its CloudWatch Logs destinations. */
export function sharedDeliveryRole(scope: Construct): iam.Role {
  const existing = scope.node.tryFindChild('DeliveryRole');
  if (existing) {
    return existing as iam.Role;
  }
  return new iam.Role(scope, 'DeliveryRole', {
    assumedBy: deliveryRolePrincipal(scope),
    description: `Lets VPC Flow Logs deliver the flow logs of ${scope.node.path} to CloudWatch Logs`,
  });
}

/** Roles each archive's delivery policy is attached to, so each is attached once. */
const attachedRoles = new WeakMap<iam.ManagedPolicy, Set<iam.IRole>>();

/**
 * Allow `role` the delivery actions on `logGroup` (and its streams: the log
 * group ARN ends with ':*'), through one customer managed policy per archive
 * (the NIST, HIPAA and PCI packs reject inline policies). Returns what flow
 * logs must wait for, or undefined when the role is imported and is used as is.
 */
export function allowDeliveryTo(scope: Construct, role: iam.IRole, logGroup: logs.ILogGroup): IDependable | undefined {
  if (!Resource.isOwnedResource(role)) {
    return undefined;
  }
  const policy = scope.node.tryFindChild('DeliveryPolicy') as iam.ManagedPolicy | undefined ?? new iam.ManagedPolicy(scope, 'DeliveryPolicy', {
    description: `Lets VPC Flow Logs write the flow logs of ${scope.node.path} to its log groups`,
  });
  policy.addStatements(new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: [logGroup.logGroupArn] }));
  const roles = attachedRoles.get(policy) ?? new Set<iam.IRole>();
  if (!roles.has(role)) {
    policy.attachToRole(role);
    roles.add(role);
    attachedRoles.set(policy, roles);
  }
  return policy;
}

/**
 * CloudWatch Logs encrypts a log group with a KMS key only if the key policy
 * lets the regional logs service use it for log groups of this account.
 */
export function logGroupKeyStatement(scope: IConstruct): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsToUseTheKey',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
    },
  });
}

/** Add the CloudWatch Logs statement to `key`; warn when the key cannot be changed. */
export function allowLogGroupEncryption(scope: IConstruct, key: kms.IKey): void {
  if (!key.addToResourcePolicy(logGroupKeyStatement(scope), true).statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:importedLogGroupKey',
      'The encryptionKey of the log group is not defined in this app, so its key policy was not changed. CloudWatch Logs fails to '
      + 'create the log group unless the key policy lets logs.<region>.amazonaws.com use kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, '
      + 'kms:GenerateDataKey* and kms:Describe* with condition ArnLike kms:EncryptionContext:aws:logs:arn '
      + 'arn:aws:logs:<region>:<account>:log-group:*; see README "CloudWatch Logs, alone or with S3".');
  }
}

/** An imported delivery role is used as is: say what it must allow. */
export function warnImportedRole(scope: IConstruct): void {
  Annotations.of(scope).addWarningV2('cdk-flow-log-archive:importedDeliveryRole',
    `deliveryRole is not defined in this app, so it was used as is. It must trust ${FLOW_LOGS_SERVICE} (with aws:SourceAccount `
    + 'and aws:SourceArn arn:aws:ec2:<region>:<account>:vpc-flow-log/*) and allow '
    + `${LOG_DELIVERY_ACTIONS.join(', ')} on the log group ARN; see README "CloudWatch Logs, alone or with S3".`);
}

/** The log group (and key) a `FlowLogArchive` owns for CloudWatch Logs. */
const LOG_GROUP_ID = 'LogGroup';
const LOG_GROUP_KEY_ID = 'LogGroupKey';

/**
 * The archive's own log group: KMS-encrypted (a new key unless one is
 * given), one year of retention unless told otherwise.
 */
export function ownedLogGroup(
  scope: Construct, retention: logs.RetentionDays | undefined, key: kms.IKey | undefined, removalPolicy: RemovalPolicy | undefined,
): { logGroup: logs.LogGroup; encryptionKey: kms.IKey } {
  if (scope.node.tryFindChild(LOG_GROUP_ID)) {
    throw invalid('destinations', 'must not deliver to the same place twice', 'cloudwatch-logs',
      'Give at most one CloudWatch Logs destination without logGroup; pass logGroup to the others.');
  }
  const days = retention ?? logs.RetentionDays.ONE_YEAR;
  if (days < logs.RetentionDays.ONE_YEAR) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:shortRetention',
      `retention is ${days} days: Security Hub CloudWatch.16 (and the NIST, HIPAA and PCI packs of cdk-nag) ask for at least `
      + '365 days. Use logs.RetentionDays.ONE_YEAR or longer, or acknowledge this warning.');
  }
  const encryptionKey = key ?? customerManagedKey(scope, LOG_GROUP_KEY_ID, `Encrypts the VPC flow logs of ${scope.node.path} in CloudWatch Logs`,
    removalPolicy ?? DEFAULT_REMOVAL_POLICY);
  allowLogGroupEncryption(scope, encryptionKey);
  const logGroup = new logs.LogGroup(scope, LOG_GROUP_ID, {
    retention: days,
    encryptionKey,
    removalPolicy: removalPolicy ?? DEFAULT_REMOVAL_POLICY,
  });
  return { logGroup, encryptionKey };
}
