import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
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
   * (`LambdaConcurrency`). Off by default because Lambda refuses any
   * reservation that leaves fewer than 100 executions of the account's quota
   * unreserved, so it fails to deploy in accounts whose quota is 10, as new
   * accounts often have ("Specified ReservedConcurrentExecutions for function
   * decreases account's UnreservedConcurrentExecution below its minimum
   * value"). Without it, the library records why `LambdaConcurrency` does not
   * apply: the probe is invoked only by its own 15-minute schedule.
   *
   * @default false
   */
  readonly reserveProbeConcurrency?: boolean;

  /**
   * A VPC to run the delivery-status probe in, for organizations whose AWS
   * Control Tower proactive control CT.LAMBDA.PR.3 requires every Lambda
   * function to be in a VPC. The probe only calls the EC2 and CloudWatch
   * APIs, so its subnets must reach them: through a NAT gateway, or
   * interface endpoints for `ec2` and `monitoring`. It gets a security group
   * of its own with no inbound rule and outbound HTTPS only.
   *
   * @default - the probe runs outside any VPC
   */
  readonly probeVpc?: ec2.IVpc;

  /**
   * The subnets of `probeVpc` the probe runs in.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly probeVpcSubnets?: ec2.SubnetSelection;
}
