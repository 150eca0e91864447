import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Delivery alarms of a `FlowLogArchive`: someone hears about it when flow
 * logs stop arriving or AWS cannot deliver them.
 */
export interface FlowLogAlarmOptions {
  /**
   * Whether to create the alarms (and the topic and probe).
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The topic every alarm notifies, on ALARM and on OK.
   *
   * @default - a new SNS topic encrypted with a customer managed KMS key, SSL only
   */
  readonly topic?: sns.ITopic;

  /**
   * The window in which no delivered data means delivery has stalled. At
   * least 5 minutes, a whole number of minutes, at most one day.
   *
   * @default Duration.hours(1)
   */
  readonly period?: Duration;

  /**
   * Whether to run the delivery-status probe: a function that every 15
   * minutes calls `ec2:DescribeFlowLogs` for this archive's flow logs and
   * publishes `CdkFlowLogArchive` `DeliveryErrors` (dimension
   * `FlowLogArchive`), the count of flow logs whose delivery FAILED (e.g.
   * "Access error" after a key or bucket policy change) or that no longer
   * exist. An alarm fires when it is above 0 or missing.
   *
   * @default true
   */
  readonly deliveryStatusProbe?: boolean;

  /**
   * Whether to reserve one concurrent execution for the delivery-status
   * probe, as the NIST 800-53 and HIPAA Security packs of cdk-nag ask
   * (`LambdaConcurrency`). Lambda refuses any reservation in an account
   * whose concurrency quota is 10, as new accounts often have ("Specified
   * ReservedConcurrentExecutions for function decreases account's
   * UnreservedConcurrentExecution below its minimum value"): there, set this
   * to false, or raise the quota. Without the reservation cdk-nag reports
   * `LambdaConcurrency` on the probe, for you to suppress with your reason.
   *
   * @default true
   */
  readonly reserveProbeConcurrency?: boolean;
}
