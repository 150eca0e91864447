import { Annotations, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { LOG_DELIVERY_SERVICE } from './delivery-policy';
import { suppressNagRules } from './nag';

/**
 * What VPC Flow Logs needs to deliver to Amazon Data Firehose, same account
 * and cross-account, from the VPC User Guide:
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-firehose-create-flow-log.html (the deployer)
 * https://docs.aws.amazon.com/vpc/latest/userguide/firehose-cross-account-delivery.html (the two roles)
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-Firehose.html (the tag and the service-linked role)
 */

/**
 * Log delivery writes only to streams tagged `LogDeliveryEnabled: true`:
 * its service-linked role AWSServiceRoleForLogDelivery may put records into
 * those streams only, and AWS tags the stream when the flow log is created.
 */
export const LOG_DELIVERY_TAG = 'LogDeliveryEnabled';

/** The tag goes on the stream only, not on the roles and log groups an L2 stream holds. */
export const DELIVERY_STREAM_TYPE = 'AWS::KinesisFirehose::DeliveryStream';

/** AWS requires this prefix of the destination account's role name. */
export const CROSS_ACCOUNT_ROLE_PREFIX = 'AWSLogDeliveryFirehoseCrossAccountRole';

/**
 * The path of every source-account role the library creates, so that the
 * destination account's role can trust them by ARN pattern without knowing
 * their generated names (and stay one size for any number of accounts).
 */
export const SOURCE_ROLE_PATH = '/cdk-flow-log-archive/firehose-source/';

/** Managing the log delivery: these actions support no resource-level permissions, so AWS's example grants them on '*'. */
const LOG_DELIVERY_ACTIONS = ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries', 'logs:GetLogDelivery'];

/** The kinds of resource a flow log monitors, by their ARN's resource type (`iam:AssociatedResourceARN`). */
const MONITORED_RESOURCE_TYPES = ['vpc', 'subnet', 'network-interface', 'transit-gateway', 'transit-gateway-attachment'];

/** The destination account's role set the stream up: create the service-linked role and tag the stream. */
export const CROSS_ACCOUNT_ROLE_ACTIONS = ['iam:CreateServiceLinkedRole', 'firehose:TagDeliveryStream'];

/** The service-linked role that log delivery creates in the stream's account and writes with. */
export function logDeliveryServiceLinkedRoleArn(scope: IConstruct): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/${LOG_DELIVERY_SERVICE}/AWSServiceRoleForLogDelivery`;
}

/**
 * The source-account role for a stream in another account, its
 * `DeliverLogsPermissionArn`: trusted by log delivery only; it may pass
 * itself only to log delivery and only for this account's and Region's
 * monitored resources, manage the log delivery, and assume the one role
 * in the stream's account. Returns the role and what flow logs must wait for.
 */
export function firehoseSourceRole(scope: Construct, id: string, crossAccountRoleArn: string): { role: iam.Role; policy: iam.ManagedPolicy } {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, `${id}Role`, {
    path: SOURCE_ROLE_PATH,
    // AWS's example trust has no condition, and whether log delivery sends aws:SourceAccount when it
    // assumes the role is not documented: IfExists refuses other accounts when it does, and breaks nothing when not.
    assumedBy: new iam.ServicePrincipal(LOG_DELIVERY_SERVICE).withConditions({
      StringEqualsIfExists: { 'aws:SourceAccount': stack.account },
    }),
    description: `Lets log delivery send the flow logs of ${scope.node.path} to a Firehose delivery stream in another account`,
  });
  const monitored = MONITORED_RESOURCE_TYPES.map((type) => `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:${type}/*`);
  // A customer managed policy: the NIST, HIPAA and PCI packs reject inline policies.
  const policy = new iam.ManagedPolicy(scope, `${id}Policy`, {
    description: `Lets log delivery send the flow logs of ${scope.node.path} to a Firehose delivery stream in another account`,
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: {
          StringEquals: { 'iam:PassedToService': LOG_DELIVERY_SERVICE },
          StringLike: { 'iam:AssociatedResourceARN': monitored },
        },
      }),
      new iam.PolicyStatement({ actions: LOG_DELIVERY_ACTIONS, resources: ['*'] }),
      new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [crossAccountRoleArn] }),
    ],
  });
  suppressNagRules(policy, [{
    id: 'AwsSolutions-IAM5',
    reason: 'logs:CreateLogDelivery, DeleteLogDelivery, ListLogDeliveries and GetLogDelivery support no resource-level permissions '
      + '(AWS grants them on * in its cross-account Firehose example); every other statement names its resource.',
    appliesTo: ['Resource::*'],
  }]);
  return { role, policy };
}

/** A delivery stream the app does not define, in this account: say what its owner must keep. */
export function warnImportedStream(scope: IConstruct): void {
  Annotations.of(scope).addWarningV2('cdk-flow-log-archive:importedDeliveryStream',
    `deliveryStream is not defined in this app, so it was used as is. It must take records by Direct PUT, and keep the tag ${LOG_DELIVERY_TAG}=true `
    + 'that AWS adds when the flow log is created (log delivery writes only to streams that have it; whoever deploys needs '
    + 'firehose:TagDeliveryStream, logs:CreateLogDelivery and, the first time, iam:CreateServiceLinkedRole); see README "Amazon Data Firehose".');
}

/** A delivery stream in another account: say what that account must deploy. */
export function warnCrossAccountStream(scope: IConstruct): void {
  Annotations.of(scope).addWarningV2('cdk-flow-log-archive:crossAccountDeliveryStream',
    'The delivery stream is in another account, so nothing was changed there. That account must have the role of crossAccountRoleArn '
    + `(a FlowLogFirehoseCrossAccountRole trusting this account), allowed ${CROSS_ACCOUNT_ROLE_ACTIONS.join(' and ')}, and a stream that `
    + 'takes records by Direct PUT; see README "Amazon Data Firehose".');
}
