import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { customerManagedKey } from './defaults';

/** The service that publishes alarm state changes to SNS. */
export const CLOUDWATCH_SERVICE = 'cloudwatch.amazonaws.com';

/**
 * CloudWatch publishes to a KMS-encrypted topic only if the key policy lets
 * it use the key; scoped to alarms of this account.
 */
export function alarmKeyStatement(scope: Construct): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToUseTheKey',
    principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  });
}

/** The topic policy statement that lets this account's alarms publish. */
export function alarmPublishStatement(scope: Construct, topic: sns.ITopic): iam.PolicyStatement {
  const stack = Stack.of(scope);
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [new iam.ServicePrincipal(CLOUDWATCH_SERVICE)],
    actions: ['sns:Publish'],
    resources: [topic.topicArn],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
    },
  });
}

/**
 * The key shared by the alarm topic and the probe's log group and queue:
 * customer managed, rotation on.
 */
export function createAlarmKey(scope: Construct, removalPolicy: RemovalPolicy): kms.Key {
  const key = customerManagedKey(scope, 'AlarmKey', `Encrypts the delivery alarms of ${scope.node.path} (SNS topic, probe logs and queue)`,
    removalPolicy);
  key.addToResourcePolicy(alarmKeyStatement(scope));
  return key;
}

/** A topic for the delivery alarms: KMS-encrypted, SSL only, published to by this account's alarms. */
export function createAlarmTopic(scope: Construct, key: kms.IKey): sns.Topic {
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: `Flow log delivery alarms of ${scope.node.path}`.slice(0, 100),
    masterKey: key,
    enforceSSL: true,
  });
  topic.addToResourcePolicy(alarmPublishStatement(scope, topic));
  return topic;
}
