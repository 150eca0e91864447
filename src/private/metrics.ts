import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * CloudWatch Logs metrics of a log group. Built here rather than with
 * `ILogGroup.metricIncomingLogEvents()`, which in aws-cdk-lib 2.189 names
 * the metric 'IncomingLogs'; the metric CloudWatch Logs publishes is
 * 'IncomingLogEvents'.
 */
export function logGroupMetric(logGroup: logs.ILogGroup, metricName: 'IncomingLogEvents' | 'IncomingBytes',
  props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Logs',
    metricName,
    dimensionsMap: { LogGroupName: logGroup.logGroupName },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(5),
    ...props,
  });
}
