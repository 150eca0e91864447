import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogFormat } from './log-format';
import { createAlarm } from './private/alarm-spec';
import { filterPattern } from './private/filter-pattern';
import { PROBE_NAMESPACE } from './private/metrics';
import { trafficAlarmSpec, trafficMetricName } from './private/traffic-alarm-spec';
import { Described, invalid, isToken } from './private/validation';
import { TrafficMatch } from './traffic-match';

/** CloudWatch Logs allows 100 metric filters per log group, a quota that cannot be raised (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html). */
const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;

/**
 * Options of `FlowLogArchive.addTrafficAlarm()`.
 */
export interface TrafficAlarmOptions {
  /**
   * Which records count, e.g. `TrafficMatch.rejected()` or
   * `TrafficMatch.remoteAdministrationFromPublicAddresses()`.
   */
  readonly match: TrafficMatch;

  /**
   * The alarm fires when at least this many records match within `period`.
   *
   * @default 1
   */
  readonly threshold?: number;

  /**
   * The window the matching records are counted over: whole minutes, from
   * 1 minute (metric filters publish every minute) to 1 day.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;

  /**
   * The topic the alarm notifies, on ALARM and on OK.
   *
   * @default - the archive's alarm topic (required when the archive's alarms are off)
   */
  readonly topic?: sns.ITopic;

  /**
   * What the person on call should check first, at the end of the alarm's description.
   *
   * @default - the match's own advice (`match.checkFirst`)
   */
  readonly checkFirst?: string;
}

/**
 * What a traffic alarm is built from. Create one with
 * `FlowLogArchive.addTrafficAlarm()`, which fills these in.
 */
export interface FlowLogTrafficAlarmProps extends TrafficAlarmOptions {
  /** The log group the flow-log records are delivered to. */
  readonly logGroup: logs.ILogGroup;
  /** The format of the records in the log group (not a preset: the fields of one kind of flow log). */
  readonly format: FlowLogFormat;
  /**
   * Whether the records are a transit gateway's (for messages).
   *
   * @default false
   */
  readonly transitGateway?: boolean;
  /** The archive's name in its account and Region, which names the alarm and its metric. */
  readonly archiveName: string;
}

/**
 * An alarm on flow-log records: a metric filter whose space-delimited
 * pattern is written from the record format, a metric counting the matching
 * records (`CdkFlowLogArchive`, one metric per alarm), and an alarm on it
 * that notifies a topic.
 */
export class FlowLogTrafficAlarm extends Construct {
  /** The filter pattern, e.g. `[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport=22 || dstport=3389, ...]`. */
  public readonly filterPattern: string;
  /** The metric filter on the log group. */
  public readonly metricFilter: logs.CfnMetricFilter;
  /** The count of matching records (Sum over `period`). */
  public readonly metric: cloudwatch.Metric;
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: FlowLogTrafficAlarmProps) {
    super(scope, id);
    if (!props.topic) {
      throw invalid('topic', 'is needed when the archive has no alarm topic (alarms.enabled is false)', new Described('none'),
        'Pass topic to addTrafficAlarm(), or leave alarms.enabled undefined to get the archive\'s topic.');
    }
    const siblings = scope.node.children.filter((child) => child instanceof FlowLogTrafficAlarm);
    if (siblings.length > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
      throw invalid('addTrafficAlarm', `would put more than ${MAX_METRIC_FILTERS_PER_LOG_GROUP} metric filters on one log group, `
        + 'the CloudWatch Logs quota that cannot be raised', new Described(`${siblings.length} traffic alarms`),
      'Combine matches into fewer alarms, or deliver to a second log group with an archive of its own.');
    }
    const threshold = props.threshold ?? 1;
    const period = props.period ?? Duration.minutes(5);
    validateThreshold(threshold);
    validatePeriod(period);

    this.filterPattern = filterPattern(props.match.conditions.map((c) => c._spec),
      { fieldNames: props.format.fieldNames, transitGateway: props.transitGateway ?? false });
    this.metricFilter = new logs.CfnMetricFilter(this, 'MetricFilter', {
      logGroupName: props.logGroup.logGroupName,
      filterPattern: this.filterPattern,
      metricTransformations: [{
        metricNamespace: PROBE_NAMESPACE,
        metricName: trafficMetricName(props.archiveName, id),
        metricValue: '1',
        // Every minute with records gets a data point, so the alarm is OK, not INSUFFICIENT_DATA, on quiet traffic.
        defaultValue: 0,
        unit: cloudwatch.Unit.COUNT,
      }],
    });
    const spec = trafficAlarmSpec({
      archiveName: props.archiveName,
      id,
      matchName: props.match.name,
      summaries: props.match.conditions.map((c) => c.summary),
      checkFirst: props.checkFirst ?? props.match.checkFirst,
      threshold,
      period,
      logGroupName: props.logGroup.logGroupName,
    });
    this.metric = spec.metric as cloudwatch.Metric;
    this.alarm = createAlarm(this, spec, props.topic);
  }
}

function validateThreshold(threshold: number): void {
  if (!isToken(threshold) && (!Number.isSafeInteger(threshold) || threshold < 1)) {
    throw invalid('threshold', 'must be a whole number of records, at least 1', threshold,
      'Use e.g. 1 to hear of every matching record, or 100 for a spike.');
  }
}

function validatePeriod(period: Duration): void {
  if (period.isUnresolved()) {
    return;
  }
  const seconds = period.toSeconds({ integral: false });
  if (seconds < 60 || seconds > 86400 || !Number.isInteger(seconds / 60)) {
    throw invalid('period', 'must be whole minutes from 1 minute to 1 day (metric filters publish every minute)',
      new Described(period.toHumanString()), 'Use Duration.minutes(n) with n from 1 to 1440.');
  }
}
