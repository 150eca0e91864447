import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogAlarmOptions } from './alarms';
import { FlowLogDestination } from './destination';
import { FlowLogFormat } from './log-format';
import { FlowLogTarget } from './target';

/**
 * How a `FlowLogArchive` logs and keeps records: everything but what it logs.
 * `FlowLogArchiveProps` adds the targets; `FlowLogEnforcementProps` passes
 * these options to the archives it adds.
 */
export interface FlowLogArchiveOptions {
  /**
   * Where to deliver records. Every target is logged to each destination.
   *
   * @default [FlowLogDestination.s3()] - a new secure FlowLogArchiveBucket
   */
  readonly destinations?: FlowLogDestination[];

  /**
   * Which traffic to log.
   *
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly trafficType?: ec2.FlowLogTrafficType;

  /**
   * The longest time traffic is aggregated into one record.
   *
   * @default ec2.FlowLogMaxAggregationInterval.TEN_MINUTES
   */
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;

  /**
   * The fields of each record. Presets adapt to transit gateways; a custom
   * format is checked against every target's accepted fields. Changing the
   * format replaces the flow logs (CloudFormation cannot update it).
   *
   * @default FlowLogFormat.DEFAULT - no LogFormat is written
   */
  readonly logFormat?: FlowLogFormat;

  /**
   * Start of each flow log's Name tag; the target and destination are
   * appended (`<flowLogName>/<target>/<destination>`).
   *
   * @default - the construct path of this FlowLogArchive
   */
  readonly flowLogName?: string;

  /**
   * What happens to the buckets, keys and log groups this construct creates
   * when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Delivery alarms: no data within a period, S3 refusing requests, and the
   * delivery-status probe, all notifying one SNS topic.
   *
   * @default - alarms on, a new encrypted topic, period one hour, probe on
   */
  readonly alarms?: FlowLogAlarmOptions;
}

/**
 * Properties of a `FlowLogArchive`.
 */
export interface FlowLogArchiveProps extends FlowLogArchiveOptions {
  /**
   * What to log: VPCs, subnets, network interfaces, transit gateways and
   * their attachments. At least one, here or
   * added later with `addTarget` / `addVpc`.
   */
  readonly targets: FlowLogTarget[];
}
