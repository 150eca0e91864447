import { Annotations, App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import {
  EnforcementMode, FlowLogArchive, FlowLogArchiveBucket, FlowLogDestination, FlowLogEnforcement, FlowLogField, FlowLogFormat, FlowLogTarget,
  TrafficMatch,
} from '../src';
import { FirehoseHubStack, FirehoseSpokeStack, FlowLogFirehoseStack } from './firehose';
import { OrganizationArchiveStack, OrganizationGuardrailStack } from './guardrail';

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
 * of retention and a delivery role only VPC Flow Logs can assume; an alarm
 * on SSH or RDP from public addresses and one on a spike of rejected
 * traffic, and the reports as saved Logs Insights queries.
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
    this.flowLogs.addTrafficAlarm('RemoteAdministration', { match: TrafficMatch.remoteAdministrationFromPublicAddresses() });
    this.flowLogs.addTrafficAlarm('RejectedSpike', { match: TrafficMatch.rejected(), threshold: 500 });
    this.flowLogs.addInsightsQueries();
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

/**
 * Query-friendly archive: Parquet files, Hive-compatible hourly partitions,
 * the SECURITY record format and an Athena query layer.
 */
export class FlowLogParquetStack extends Stack {
  public readonly vpc: ec2.Vpc;
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(this.vpc)],
      destinations: [FlowLogDestination.s3({
        keyPrefix: 'parquet',
        fileFormat: ec2.FlowLogFileFormat.PARQUET,
        hiveCompatiblePartitions: true,
        perHourPartition: true,
      })],
      logFormat: FlowLogFormat.SECURITY,
    });
    // Athena: a table over the Parquet files, a workgroup and saved reports.
    this.flowLogs.addQueries({ databaseName: 'network_flow_logs' });
  }
}

/**
 * A transit gateway and its flow logs: no traffic type, 60-second records,
 * every transit-gateway field.
 */
export class TransitGatewayFlowLogStack extends Stack {
  public readonly flowLogs: FlowLogArchive;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const tgw = new ec2.CfnTransitGateway(this, 'TransitGateway', { description: 'Hub of the example network' });
    this.flowLogs = new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId(tgw.ref)],
      logFormat: FlowLogFormat.ALL_FIELDS,
    });
  }
}

/** Account ids of the platform example (placeholders: any 12 digits). */
export const LOG_ARCHIVE_ACCOUNT = '999999999999';
export const WORKLOAD_ACCOUNTS = ['111111111111', '222222222222'];

/**
 * Platform team, log-archive account: one central archive bucket that
 * accepts flow logs from the workload accounts, under any folder they pick.
 */
export class CentralFlowLogArchiveStack extends Stack {
  public readonly archive: FlowLogArchiveBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: LOG_ARCHIVE_ACCOUNT, region: 'eu-west-1' }, ...props });
    this.archive = new FlowLogArchiveBucket(this, 'Central', {
      bucketName: CENTRAL_BUCKET_NAME,
      sourceAccounts: WORKLOAD_ACCOUNTS,
      lifecycle: { glacierAfter: Duration.days(90), expiration: Duration.days(730) },
    });
  }
}

/**
 * Platform team, a workload account: the application team's VPC has no flow
 * logs of its own; FlowLogEnforcement (applied to the app) adds them,
 * delivering to the central bucket under a folder named after the account.
 */
export class WorkloadStack extends Stack {
  public readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, account: string) {
    super(scope, id, { env: { account, region: 'eu-west-1' } });
    this.vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    Annotations.of(this).acknowledgeWarning('cdk-flow-log-archive:importedBucket',
      'The central bucket of the LogArchive stack grants delivery to every workload account (sourceAccounts).');
  }

  /** Zones named here so that synth needs no AWS account lookup. */
  get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b'];
  }
}

/** The central bucket's name, known to every workload account. */
export const CENTRAL_BUCKET_NAME = `org-flow-logs-${LOG_ARCHIVE_ACCOUNT}`;

/**
 * The enforcement a platform team applies to every workload app: VPCs
 * without flow logs get them, delivered to the central bucket.
 */
export function platformEnforcement(): FlowLogEnforcement {
  return new FlowLogEnforcement({
    mode: EnforcementMode.ADD,
    destinations: [FlowLogDestination.s3({ bucketArn: `arn:aws:s3:::${CENTRAL_BUCKET_NAME}`, keyPrefix: 'workloads' })],
  });
}

/**
 * The record format of the organization example: the default fields,
 * flow-direction (for cross-account traffic) and the value of each
 * instance's `team` tag (for the "by tag" reports).
 */
export const TEAM_FORMAT = FlowLogFormat.fields(
  FlowLogField.VERSION, FlowLogField.ACCOUNT_ID, FlowLogField.INTERFACE_ID, FlowLogField.SRCADDR, FlowLogField.DSTADDR,
  FlowLogField.SRCPORT, FlowLogField.DSTPORT, FlowLogField.PROTOCOL, FlowLogField.PACKETS, FlowLogField.BYTES,
  FlowLogField.START, FlowLogField.END, FlowLogField.ACTION, FlowLogField.LOG_STATUS,
  FlowLogField.FLOW_DIRECTION, FlowLogField.INSTANCE_TAG,
).withTagKeys({ instance: ['team'] });

/**
 * The organization's archive in one query: a central bucket in the
 * log-archive account with one Athena table over every workload account and
 * two Regions, the reports across accounts and by team.
 */
export class OrganizationQueriesStack extends Stack {
  public readonly archive: FlowLogArchiveBucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { env: { account: LOG_ARCHIVE_ACCOUNT, region: 'eu-west-1' }, ...props });
    this.archive = new FlowLogArchiveBucket(this, 'Central', {
      bucketName: `org-flow-logs-by-team-${LOG_ARCHIVE_ACCOUNT}`,
      sourceAccounts: WORKLOAD_ACCOUNTS,
    });
    this.archive.addQueries({ regions: ['eu-west-1', 'us-east-1'], logFormat: TEAM_FORMAT, keyPrefix: 'teams', databaseName: 'org_flow_logs' });
  }
}

/**
 * A workload account of the organization example: its VPC's flow logs
 * carry the team tag and go to the central bucket, in the table's format.
 */
export class TeamWorkloadStack extends Stack {
  constructor(scope: Construct, id: string, account: string, central: FlowLogArchiveBucket) {
    super(scope, id, { env: { account, region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    new FlowLogArchive(this, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc)],
      destinations: [FlowLogDestination.s3({ bucket: central.bucket, keyPrefix: 'teams' })],
      logFormat: TEAM_FORMAT,
    });
  }

  /** Zones named here so that synth needs no AWS account lookup. */
  get availabilityZones(): string[] {
    return ['eu-west-1a', 'eu-west-1b'];
  }
}

/**
 * Every example stack, as `npx projen example` synthesizes them:
 * the defaults, subnets and an ENI, CloudWatch Logs with traffic alarms, both destinations,
 * Parquet with Hive partitions, a transit gateway, a delivery stream of the app, and
 * a platform team's central archive with two enforced workload accounts, and
 * a Firehose delivery stream in one account receiving another account's flow logs, and
 * the organization's archive in one query, with a workload account writing to it by team, and
 * the organization-wide enforcement: a bucket for every account, and the runtime guardrail and SCP from the management account.
 */
export function addExampleStacks(app: App): Stack[] {
  const stacks: Stack[] = [
    new FlowLogDefaultsStack(app, 'FlowLogDefaults'),
    new FlowLogSubnetsAndEniStack(app, 'FlowLogSubnetsAndEni'),
    new FlowLogCloudWatchStack(app, 'FlowLogToCloudWatch'),
    new FlowLogBothDestinationsStack(app, 'FlowLogToBoth'),
    new FlowLogParquetStack(app, 'FlowLogParquet'),
    new TransitGatewayFlowLogStack(app, 'TransitGatewayFlowLogs'),
    new FlowLogFirehoseStack(app, 'FlowLogToFirehose'),
    new CentralFlowLogArchiveStack(app, 'LogArchive'),
  ];
  // A platform team applies the enforcement to the whole app; here it is
  // applied to the workload stacks only, so the other examples stay as they are.
  const enforcement = platformEnforcement();
  WORKLOAD_ACCOUNTS.forEach((account, i) => {
    const workload = new WorkloadStack(app, `Workload${i + 1}`, account);
    enforcement.applyTo(workload);
    stacks.push(workload);
  });
  // Cross-account Firehose: the stream's account, and a source account delivering to it.
  const spoke = new FirehoseSpokeStack(app, 'FirehoseSpoke');
  stacks.push(new FirehoseHubStack(app, 'FirehoseHub', [spoke.account]), spoke);
  // The organization's archive in one query, and a workload writing to it by team.
  const organization = new OrganizationQueriesStack(app, 'OrgFlowLogQueries');
  stacks.push(organization, new TeamWorkloadStack(app, 'TeamWorkload', WORKLOAD_ACCOUNTS[0], organization.archive));
  // Enforcement beyond CDK apps: the organization's bucket, and the guardrail and SCP deployed once from the management account.
  stacks.push(new OrganizationArchiveStack(app, 'OrgArchive'), new OrganizationGuardrailStack(app, 'OrgGuardrail'));
  return stacks;
}
