import { Annotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { customerManagedKey } from './defaults';

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
  scope: Construct, retention: logs.RetentionDays | undefined, key: kms.IKey | undefined, removalPolicy: RemovalPolicy,
): { logGroup: logs.LogGroup; encryptionKey: kms.IKey } {
  const days = retention ?? logs.RetentionDays.ONE_YEAR;
  if (days < logs.RetentionDays.ONE_YEAR) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:shortRetention',
      `retention is ${days} days: Security Hub CloudWatch.16 (and the NIST, HIPAA and PCI packs of cdk-nag) ask for at least `
      + '365 days. Use logs.RetentionDays.ONE_YEAR or longer, or acknowledge this warning.');
  }
  const encryptionKey = key ?? customerManagedKey(scope, LOG_GROUP_KEY_ID, `Encrypts the VPC flow logs of ${scope.node.path} in CloudWatch Logs`,
    removalPolicy);
  allowLogGroupEncryption(scope, encryptionKey);
  const logGroup = new logs.LogGroup(scope, LOG_GROUP_ID, { retention: days, encryptionKey, removalPolicy });
  return { logGroup, encryptionKey };
}
