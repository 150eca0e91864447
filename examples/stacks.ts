import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget } from '../src';

/**
 * The one-liner: a VPC and flow logs with every default (a new, secure S3 archive).
 */
export class FlowLogDefaultsStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc)],
    });
  }
}

/**
 * Finer-grained targets: the private subnets of a VPC and one network
 * interface, archived under the folder 'workload' with one-minute aggregation.
 */
export class FlowLogSubnetsAndEniStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const eni = new ec2.CfnNetworkInterface(this, 'AppliancePort', {
      subnetId: this.vpc.privateSubnets[0].subnetId,
      description: 'Network appliance port whose traffic is logged on its own',
    });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [
        ...FlowLogTarget.fromSubnets(this.vpc.privateSubnets),
        FlowLogTarget.fromNetworkInterfaceId(eni.ref),
      ],
      destinations: [FlowLogDestination.s3({ keyPrefix: 'workload' })],
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      flowLogName: 'workload',
    });
  }
}

/**
 * Flow logs to CloudWatch Logs only: an encrypted log group with one year
 * of retention and a delivery role only VPC Flow Logs can assume.
 */
export class FlowLogCloudWatchStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc)],
      destinations: [FlowLogDestination.cloudWatchLogs()],
    });
  }
}

/**
 * Both destinations: every target is logged to the S3 archive (long-term,
 * cheap) and to CloudWatch Logs (search and alarms), one flow log each.
 */
export class FlowLogBothDestinationsStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc), ...FlowLogTarget.fromSubnets(this.vpc.privateSubnets)],
      destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()],
    });
  }
}
