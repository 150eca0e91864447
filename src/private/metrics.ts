import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ARCHIVE_DIMENSION, DELIVERY_ERRORS_METRIC, METRIC_NAMESPACE } from './probe-metric';

/**
 * The one metric factory: every metric an alarm or a `metric*` method of the
 * library uses is made here, from what it measures and how it is read by
 * default; the caller's options override the defaults.
 */
function metric(namespace: string, metricName: string, dimensionsMap: cloudwatch.DimensionsMap | undefined, statistic: string,
  period: Duration, props: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace, metricName, dimensionsMap, statistic, period, ...props });
}

/**
 * CloudWatch Logs metrics of a log group. Built here rather than with
 * `ILogGroup.metricIncomingLogEvents()`, which in aws-cdk-lib 2.189 names
 * the metric 'IncomingLogs'; the metric CloudWatch Logs publishes is
 * 'IncomingLogEvents'.
 */
export function logGroupMetric(logGroup: logs.ILogGroup, metricName: 'IncomingLogEvents' | 'IncomingBytes',
  props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return metric('AWS/Logs', metricName, { LogGroupName: logGroup.logGroupName }, cloudwatch.Stats.SUM, Duration.minutes(5), props);
}

/** Namespace of the metrics the delivery-status probe publishes (and traffic alarms' metrics). */
export const PROBE_NAMESPACE = METRIC_NAMESPACE;

/**
 * Flow logs of an archive whose delivery failed (or that no longer exist),
 * as counted by the delivery-status probe every 15 minutes. Maximum over 30
 * minutes: every window holds at least one run.
 */
export function deliveryErrorsMetric(archiveName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return metric(PROBE_NAMESPACE, DELIVERY_ERRORS_METRIC, { [ARCHIVE_DIMENSION]: archiveName }, cloudwatch.Stats.MAXIMUM, Duration.minutes(30), props);
}

/** S3 request metrics of a bucket's metrics configuration (filter). */
export function bucketRequestMetric(bucketName: string, filterId: string, metricName: 'PutRequests' | '4xxErrors',
  props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return metric('AWS/S3', metricName, { BucketName: bucketName, FilterId: filterId }, cloudwatch.Stats.SUM, Duration.minutes(5), props);
}

/**
 * Flow-log records a traffic alarm's metric filter matched, counted by
 * CloudWatch Logs in the library's namespace. A metric filter's dimensions
 * are fields of the matched record, never a fixed value ("the fields to use
 * as dimensions",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-logs-metricfilter-metrictransformation.html),
 * so each alarm has a metric name of its own. Sum over 5 minutes by default.
 */
export function trafficMetric(metricName: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return metric(PROBE_NAMESPACE, metricName, undefined, cloudwatch.Stats.SUM, Duration.minutes(5), props);
}

/**
 * Amazon Data Firehose metrics of a delivery stream (`AWS/Firehose`,
 * dimension `DeliveryStreamName`): `IncomingRecords`, the records the
 * stream took in, and `ThrottledRecords`, those it refused because the
 * stream's ingestion quota was reached
 * (https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html;
 * AWS recommends an alarm on ThrottledRecords:
 * https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html).
 * CloudWatch keeps them in the stream's account. Sum over 5 minutes by default.
 */
export function deliveryStreamMetric(deliveryStreamName: string, metricName: 'IncomingRecords' | 'ThrottledRecords',
  props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return metric('AWS/Firehose', metricName, { DeliveryStreamName: deliveryStreamName }, cloudwatch.Stats.SUM, Duration.minutes(5), props);
}
