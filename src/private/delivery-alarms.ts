import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AlarmSpec, MAX_DIMENSION_VALUE_LENGTH, nameInDescription } from './alarm-spec';
import { bucketRequestMetric, deliveryErrorsMetric, deliveryStreamMetric, logGroupMetric } from './metrics';
import { Described, invalid } from './validation';

const { LESS_THAN_THRESHOLD, GREATER_THAN_OR_EQUAL_TO_THRESHOLD } = cloudwatch.ComparisonOperator;
const { BREACHING, NOT_BREACHING } = cloudwatch.TreatMissingData;

function minutes(period: Duration): string {
  return period.isUnresolved() ? 'the alarm period' : period.toHumanString();
}

/** No records reached the log group in `period` (missing data means none). */
export function logGroupNoDataAlarm(archiveName: string, id: string, logGroup: logs.ILogGroup, period: Duration): AlarmSpec {
  const name = logGroup.logGroupName;
  if (!Token.isUnresolved(name) && name.length > MAX_DIMENSION_VALUE_LENGTH) {
    // Log group names may have 512 characters; an alarm's dimension value 255
    // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudwatch-alarm-dimension.html).
    throw invalid('logGroup', `has a name longer than the ${MAX_DIMENSION_VALUE_LENGTH} characters of an alarm dimension, so no alarm can watch it`,
      new Described(`a ${name.length}-character name`),
      'Set noDataAlarm: false on this CloudWatch Logs destination, or use a log group name of at most 255 characters.');
  }
  return {
    id: `${id}NoRecords`,
    metric: logGroupMetric(logGroup, 'IncomingLogEvents', { period }),
    comparisonOperator: LESS_THAN_THRESHOLD,
    threshold: 1,
    treatMissingData: BREACHING,
    name: `${archiveName} flow logs: no records in CloudWatch Logs (${id})`,
    description: `No VPC flow-log records reached the log group ${nameInDescription(logGroup.logGroupName)} in ${minutes(period)} `
      + `(FlowLogArchive ${nameInDescription(archiveName)}). Check first: DeliverLogsStatus of the flow logs (aws ec2 describe-flow-logs), `
      + 'the delivery role\'s trust policy and permissions, the log group\'s KMS key policy. '
      + 'An idle network sends nothing: set noDataAlarm: false on this destination if that is expected.',
  };
}

/** No flow-log files were written under the prefix in `period`. */
export function bucketNoFilesAlarm(archiveName: string, id: string, bucketName: string, filterId: string, prefix: string,
  period: Duration): AlarmSpec {
  return {
    id: `${id}NoFiles`,
    metric: bucketRequestMetric(bucketName, filterId, 'PutRequests', { period }),
    comparisonOperator: LESS_THAN_THRESHOLD,
    threshold: 1,
    treatMissingData: BREACHING,
    name: `${archiveName} flow logs: no files written to S3 (${id})`,
    description: `No flow-log files were written under s3://${nameInDescription(bucketName)}/${nameInDescription(prefix)} `
      + `in ${minutes(period)} (FlowLogArchive ${nameInDescription(archiveName)}). `
      + 'Check first: DeliverLogsStatus of the flow logs (aws ec2 describe-flow-logs), the bucket policy statement '
      + 'AWSLogDeliveryWrite, and the KMS key policy statement AllowFlowLogDeliveryToUseTheKey. '
      + 'An idle network sends nothing: set noDataAlarm: false on this destination if that is expected.',
  };
}

/** S3 refused requests under the prefix (over five minutes, whatever the alarm period). */
export function bucketRequestErrorsAlarm(archiveName: string, id: string, bucketName: string, filterId: string, prefix: string): AlarmSpec {
  return {
    id: `${id}RequestErrors`,
    metric: bucketRequestMetric(bucketName, filterId, '4xxErrors', { period: Duration.minutes(5) }),
    comparisonOperator: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    treatMissingData: NOT_BREACHING,
    name: `${archiveName} flow logs: S3 refused requests (${id})`,
    description: `S3 answered requests under s3://${nameInDescription(bucketName)}/${nameInDescription(prefix)} with 4xx errors `
      + `(FlowLogArchive ${nameInDescription(archiveName)}): writes may be refused. `
      + 'Check first: changes to the bucket policy or KMS key policy, then the server access logs (flow-log-archive/) for the caller.',
  };
}

/** The delivery stream took in no records in `period` (missing data means none). */
export function deliveryStreamNoRecordsAlarm(archiveName: string, id: string, deliveryStreamName: string, period: Duration): AlarmSpec {
  return {
    id: `${id}NoRecords`,
    metric: deliveryStreamMetric(deliveryStreamName, 'IncomingRecords', { period }),
    comparisonOperator: LESS_THAN_THRESHOLD,
    threshold: 1,
    treatMissingData: BREACHING,
    name: `${archiveName} flow logs: no records in Firehose (${id})`,
    description: `No VPC flow-log records reached the delivery stream ${nameInDescription(deliveryStreamName)} in ${minutes(period)} `
      + `(FlowLogArchive ${nameInDescription(archiveName)}). Check first: DeliverLogsStatus of the flow logs (aws ec2 describe-flow-logs), `
      + 'the tag LogDeliveryEnabled=true on the stream (log delivery writes only to streams that have it), '
      + 'and that the stream still exists and takes Direct PUT. '
      + 'An idle network sends nothing: set noDataAlarm: false on this destination if that is expected.',
  };
}

/** The delivery stream refused records over its ingestion quota (over five minutes, whatever the alarm period). */
export function deliveryStreamThrottledAlarm(archiveName: string, id: string, deliveryStreamName: string): AlarmSpec {
  return {
    id: `${id}Throttled`,
    metric: deliveryStreamMetric(deliveryStreamName, 'ThrottledRecords', { period: Duration.minutes(5) }),
    comparisonOperator: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    treatMissingData: NOT_BREACHING,
    name: `${archiveName} flow logs: Firehose throttled records (${id})`,
    description: `The delivery stream ${nameInDescription(deliveryStreamName)} refused records over its ingestion quota `
      + `(FlowLogArchive ${nameInDescription(archiveName)}): flow-log records may be delayed or lost. `
      + 'Check first: the stream\'s IncomingRecords and IncomingBytes against its quota (records and bytes per second), '
      + 'then ask for a higher quota or send fewer flow logs to this stream.',
  };
}

/** The probe found flow logs that failed delivery or no longer exist, or did not run. */
export function probeAlarm(archiveName: string): AlarmSpec {
  return {
    id: 'DeliveryErrors',
    metric: deliveryErrorsMetric(archiveName),
    comparisonOperator: GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    threshold: 1,
    treatMissingData: BREACHING,
    name: `${archiveName} flow logs: delivery failing`,
    description: `At least one flow log of FlowLogArchive ${nameInDescription(archiveName)} reports DeliverLogsStatus FAILED or no longer exists `
      + '(or the delivery-status probe did not run). Check first: the probe function\'s log, which names each flow log and '
      + 'its error. "Access error": the bucket policy, the KMS key policy or the delivery role changed. "Rate limited": '
      + 'CloudWatch Logs quotas. No data: the probe failed; see its Lambda errors.',
  };
}
