import { Arn, ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IDependable } from 'constructs';
import { CloudWatchLogsDestinationOptions } from '../../destination-options';
import { ArchiveAlarms } from '../archive-alarms';
import { ownedLogGroup, warnImportedRole } from '../cloudwatch-delivery';
import { logGroupNoDataAlarm } from '../delivery-alarms';
import { constructIdFrom, pathWithinStack } from '../ids';
import { checkEnumValue, checkOptionNames, warnUnknownOptions } from '../untyped-input';
import { Described, invalid } from '../validation';
import { ArchiveDestination, DestinationContext } from './context';

/**
 * Flow logs to CloudWatch Logs: by default to the archive's own
 * KMS-encrypted log group, through the archive's delivery role. Owns the
 * role's permissions, the no-records alarm, read grants, and the log group
 * that traffic alarms and Insights queries read.
 */
export class CloudWatchLogsDestination {
  public readonly factory = 'FlowLogDestination.cloudWatchLogs()';

  constructor(private readonly options: CloudWatchLogsDestinationOptions) {}

  public bind(context: DestinationContext): ArchiveDestination {
    const scope = context.scope;
    warnUnknownOptions(scope, 'CloudWatchLogsDestinationOptions', checkOptionNames('CloudWatchLogsDestinationOptions', this.options));
    checkEnumValue('retention', this.options.retention, 'logs.RetentionDays', logs.RetentionDays, 'ONE_YEAR');
    const { logGroup: given, retention, encryptionKey: key, deliveryRole: role, noDataAlarm = true } = this.options;
    if (given && (retention !== undefined || key)) {
      const conflicting = retention !== undefined ? 'retention' : 'encryptionKey';
      throw invalid(conflicting, 'cannot be used together with logGroup', new Described(`both ${conflicting} and logGroup`),
        `Set ${conflicting} on your log group yourself, or drop logGroup to let the construct create one.`);
    }
    if (!given) {
      context.claimOwnLogGroup();
    }
    const owned = given ? undefined : ownedLogGroup(scope, retention, key, context.removalPolicy);
    const logGroup = given ?? owned!.logGroup;
    const deliveryRole = role ?? context.deliveryRole();
    const rolePolicy = context.allowLogDelivery(deliveryRole, logGroup);
    if (!rolePolicy) {
      warnImportedRole(scope);
    }
    const id = given ? constructIdFrom('CloudWatchLogs', pathWithinStack(given, scope)) : 'CloudWatchLogs';
    return {
      id,
      label: 'cloudwatch-logs',
      config: {
        logDestinationType: ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS,
        logDestination: logGroupDestinationArn(scope, logGroup),
        deliverLogsPermissionArn: deliveryRole.roleArn,
        dependencies: [rolePolicy].filter((d): d is IDependable => d !== undefined),
      },
      resources: { logGroup, deliveryRole, encryptionKey: owned?.encryptionKey },
      recordLogGroup: logGroup,
      grantRead: (grantee: iam.IGrantable) => logGroup.grantRead(grantee),
      requestMetrics: () => undefined,
      addAlarms: (alarms: ArchiveAlarms) => {
        if (noDataAlarm) {
          alarms.add(logGroupNoDataAlarm(alarms.archiveName, id, logGroup, alarms.period));
        }
      },
    };
  }
}

/**
 * The log group's ARN WITHOUT the trailing `:*` of its `Arn` attribute.
 * CloudFormation's `LogDestination` takes `arn:aws:logs:region:account:log-group:name`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html#cfn-ec2-flowlog-logdestination);
 * EC2 accepts the attribute's `...:name:*` too, and the flow log then
 * reports "Access error" and delivers nothing (Terraform's provider trims
 * the `:*` for this reason).
 */
function logGroupDestinationArn(scope: Construct, logGroup: logs.ILogGroup): string {
  return Arn.format({
    service: 'logs',
    resource: 'log-group',
    resourceName: logGroup.logGroupName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    account: logGroup.env.account,
    region: logGroup.env.region,
  }, Stack.of(scope));
}
