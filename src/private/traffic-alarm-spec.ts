import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmSpec, MAX_ALARM_DESCRIPTION_LENGTH } from './alarm-spec';
import { numberText } from './filter-pattern';
import { fitWithHash } from './ids';
import { trafficMetric } from './metrics';

/** CloudWatch Logs' limit on a log group name: what a name known only at deploy time may grow to. */
const MAX_LOG_GROUP_NAME_LENGTH = 512;
/** CloudWatch's limit on a metric name; a metric filter's metric name may not hold `:`, `*` or `$` (AWS::Logs::MetricFilter schema). */
const MAX_METRIC_NAME_LENGTH = 255;

/** What a traffic alarm watches and says. */
export interface TrafficAlarmText {
  readonly archiveName: string;
  readonly id: string;
  readonly matchName: string;
  readonly summaries: string[];
  readonly checkFirst: string;
  readonly threshold: number;
  readonly period: Duration;
  readonly logGroupName: string;
}

/** The metric name of one traffic alarm, unique in the account and Region: the archive's name and the alarm's id. */
export function trafficMetricName(archiveName: string, id: string): string {
  const name = `Traffic/${archiveName}/${id}`.replace(/[^\x20-\x7E]|[:*$]/g, '-');
  return fitWithHash(name, MAX_METRIC_NAME_LENGTH, ' #');
}

/** The alarm: at least `threshold` matching records in `period`; no records at all is no traffic, not a breach. */
export function trafficAlarmSpec(text: TrafficAlarmText): AlarmSpec {
  return {
    id: 'Alarm',
    metric: trafficMetric(trafficMetricName(text.archiveName, text.id), { period: text.period }),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: text.threshold,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    name: `${text.archiveName} flow logs: ${text.matchName} (${text.id})`,
    description: trafficAlarmDescription(text),
  };
}

/**
 * What matched and what to check, within CloudWatch's 1,024 characters once
 * the log group's name is known: the list of conditions is shortened first.
 */
export function trafficAlarmDescription(text: TrafficAlarmText): string {
  const records = Token.isUnresolved(text.threshold) || text.threshold !== 1 ? `${numberText(text.threshold)} or more flow-log records` : 'A flow-log record';
  const period = text.period.isUnresolved() ? 'the alarm period' : text.period.toHumanString();
  const lead = `${records} matched ${text.matchName} within ${period} (FlowLogArchive ${text.archiveName}, log group ${text.logGroupName}). Matched: `;
  const tail = `. Check first: ${text.checkFirst}`;
  const reserve = Token.isUnresolved(text.logGroupName) ? MAX_LOG_GROUP_NAME_LENGTH - text.logGroupName.length : 0;
  const room = MAX_ALARM_DESCRIPTION_LENGTH - reserve - lead.length - tail.length;
  const matched = text.summaries.join('; ');
  const description = `${lead}${matched.length <= room ? matched : `${matched.slice(0, Math.max(0, room - 1))}…`}${tail}`;
  const limit = MAX_ALARM_DESCRIPTION_LENGTH - reserve;
  return description.length <= limit ? description : `${description.slice(0, limit - 1)}…`;
}
