import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogDestinationConfig } from '../destination-options';
import { ResolvedAlarmOptions } from './alarm-options';
import { createAlarmKey, createAlarmTopic } from './alarm-topic';
import { bucketNoFilesAlarm, bucketRequestErrorsAlarm, createAlarm, logGroupNoDataAlarm, probeAlarm } from './delivery-alarms';
import { DeliveryStatusProbe } from './delivery-probe';
import { stableIdentity } from './ids';

/** The S3 request-metrics filter of an archive-owned destination: records under `<prefix>/AWSLogs/`. */
export interface RequestMetricsFilter {
  readonly bucketName: string;
  readonly filterId: string;
  readonly prefix: string;
}

/**
 * Turns on S3 request metrics for the destination's folder (idempotent) and
 * returns the filter, or undefined when the bucket is not the archive's own
 * (request metrics are a bucket setting the construct only changes on
 * buckets it created).
 */
export function requestMetricsFilter(destination: FlowLogDestinationConfig): RequestMetricsFilter | undefined {
  const bucket = destination.archiveBucket?.bucket;
  if (!bucket) {
    return undefined;
  }
  const prefix = destination.keyPrefix ? `${destination.keyPrefix}/AWSLogs/` : 'AWSLogs/';
  const folder = destination.keyPrefix === undefined ? undefined : stableIdentity(bucket, destination.keyPrefix);
  const filterId = folder ? `FlowLogs-${folder.replace(/[^A-Za-z0-9\-_.]/g, '-')}`.slice(0, 64) : 'FlowLogs';
  const enabled = enabledFilters.get(bucket) ?? new Set<string>();
  if (!enabled.has(filterId)) {
    bucket.addMetric({ id: filterId, prefix });
    enabled.add(filterId);
    enabledFilters.set(bucket, enabled);
  }
  return { bucketName: bucket.bucketName, filterId, prefix };
}

const enabledFilters = new WeakMap<object, Set<string>>();

export interface ArchiveAlarms {
  readonly topic?: sns.ITopic;
  readonly alarms: cloudwatch.IAlarm[];
  readonly probe?: DeliveryStatusProbe;
}

/**
 * The alarms of an archive: per CloudWatch Logs destination no records; per
 * archive-owned S3 destination no files and refused requests; the probe.
 * `noDataAlarm: false` drops the no-records and no-files alarms only.
 */
export function createArchiveAlarms(scope: Construct, archiveName: string, destinations: FlowLogDestinationConfig[],
  options: ResolvedAlarmOptions, expectedFlowLogs: () => number, removalPolicy: RemovalPolicy): ArchiveAlarms {
  if (!options.enabled) {
    return { alarms: [] };
  }
  let key: kms.Key | undefined;
  const alarmKey = () => key ?? (key = createAlarmKey(scope, removalPolicy));
  const topic = options.topic ?? createAlarmTopic(scope, alarmKey());
  const alarms: cloudwatch.IAlarm[] = [];

  for (const destination of destinations) {
    if (destination.logGroup && destination.noDataAlarm) {
      alarms.push(createAlarm(scope, logGroupNoDataAlarm(archiveName, destination.id, destination.logGroup, options.period), topic));
    }
    const filter = requestMetricsFilter(destination);
    if (filter) {
      // noDataAlarm is about idle networks; refused writes are worth knowing on any.
      const { bucketName, filterId, prefix } = filter;
      if (destination.noDataAlarm) {
        alarms.push(createAlarm(scope, bucketNoFilesAlarm(archiveName, destination.id, bucketName, filterId, prefix, options.period), topic));
      }
      alarms.push(createAlarm(scope, bucketRequestErrorsAlarm(archiveName, destination.id, bucketName, filterId, prefix), topic));
    }
  }

  let probe: DeliveryStatusProbe | undefined;
  if (options.deliveryStatusProbe) {
    probe = new DeliveryStatusProbe(scope, 'DeliveryStatusProbe', {
      archiveName,
      expectedFlowLogs,
      encryptionKey: alarmKey(),
      removalPolicy,
      reserveConcurrency: options.reserveProbeConcurrency,
      vpc: options.probeVpc,
      vpcSubnets: options.probeVpcSubnets,
    });
    alarms.push(createAlarm(scope, probeAlarm(archiveName), topic));
  }
  return { topic, alarms, probe };
}
