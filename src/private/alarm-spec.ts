import { Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fitWithHash } from './ids';

/*
 * Every alarm of the library (delivery alarms in delivery-alarms.ts, traffic
 * alarms in traffic-alarm-spec.ts) is an AlarmSpec made here into an alarm,
 * with one set of CloudWatch limits; metrics come from metrics.ts.
 */

/** CloudWatch's limits on the length of an alarm name and description (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html). */
export const MAX_ALARM_NAME_LENGTH = 255;
export const MAX_ALARM_DESCRIPTION_LENGTH = 1024;
export const MAX_DIMENSION_VALUE_LENGTH = 255;
/**
 * The most characters a name (archive, bucket, folder, log group) takes in
 * a description: the longest description's fixed text (about 420
 * characters) plus three names stays within CloudWatch's 1,024.
 */
const MAX_NAME_IN_DESCRIPTION = 180;

/**
 * A name as it appears in a description: whole if short, else its start and
 * end around '...', which is what a person on call recognizes. Tokens (e.g.
 * a generated bucket name) are kept; they resolve to names of bounded length.
 */
export function nameInDescription(name: string): string {
  if (Token.isUnresolved(name) || name.length <= MAX_NAME_IN_DESCRIPTION) {
    return name;
  }
  const half = (MAX_NAME_IN_DESCRIPTION - 3) / 2;
  return `${name.slice(0, Math.ceil(half))}...${name.slice(-Math.floor(half))}`;
}

/** One alarm to create: what to watch and what to tell the person on call. */
export interface AlarmSpec {
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly threshold: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly name: string;
  readonly description: string;
}

/**
 * Creates the alarm with the topic as its alarm and OK action. A name over
 * CloudWatch's limit (a long construct path or keyPrefix) keeps its start
 * and gets a hash of the whole name, rather than failing the deployment.
 */
export function createAlarm(scope: Construct, spec: AlarmSpec, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, spec.id, {
    metric: spec.metric,
    comparisonOperator: spec.comparisonOperator,
    threshold: spec.threshold,
    evaluationPeriods: 1,
    treatMissingData: spec.treatMissingData,
    alarmName: Token.isUnresolved(spec.name) ? spec.name : fitWithHash(spec.name, MAX_ALARM_NAME_LENGTH, ' #'),
    // The names in it are shortened (nameInDescription); this only guards the fixed text.
    alarmDescription: spec.description.slice(0, MAX_ALARM_DESCRIPTION_LENGTH),
  });
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
  return alarm;
}
