import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { FlowLogFormat } from '../log-format';
import { FlowLogTargetConfig } from '../target';
import { ArchiveDestination } from './destinations/context';
import { ARCHIVE_TAG } from './probe-metric';
import { isTransitGatewayType } from './resource-types';
import { Described, invalid, isToken } from './validation';

/** Above the default priority (100) of `Tags.of(scope).add()` on a parent scope. */
const FLOW_LOG_TAG_PRIORITY = 101;

/** AWS's limit on the length of a tag value. */
const MAX_TAG_VALUE_LENGTH = 256;

/** What the flow logs of one archive share. */
export interface FlowLogSettings {
  /** The archive's construct path: the value of ARCHIVE_TAG. */
  readonly archiveName: string;
  /** Start of each Name tag. */
  readonly flowLogName: string;
  readonly trafficType: ec2.FlowLogTrafficType;
  readonly maxAggregationInterval: ec2.FlowLogMaxAggregationInterval;
  readonly logFormat: FlowLogFormat;
}

/**
 * The `AWS::EC2::FlowLog` of one target to one destination, at
 * `<scope>/<destination.id>`, waiting for what delivery needs.
 */
export function createFlowLog(scope: Construct, target: FlowLogTargetConfig, destination: ArchiveDestination,
  settings: FlowLogSettings): ec2.CfnFlowLog {
  const { config } = destination;
  const transitGateway = isTransitGatewayType(target.resourceType);
  const format = settings.logFormat.forResourceType(target.resourceType);
  const flowLog = new ec2.CfnFlowLog(scope, destination.id, {
    resourceType: target.resourceType,
    resourceId: target.resourceId,
    // Transit gateways take no traffic type and aggregate over 60 s only.
    trafficType: transitGateway ? undefined : settings.trafficType,
    maxAggregationInterval: transitGateway ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : settings.maxAggregationInterval,
    logDestinationType: config.logDestinationType,
    logDestination: config.logDestination,
    deliverLogsPermissionArn: config.deliverLogsPermissionArn,
    deliverCrossAccountRole: config.deliverCrossAccountRole,
    destinationOptions: config.destinationOptions,
    // Only when not AWS's default, so default flow logs keep their template (and are never replaced).
    logFormat: format.isDefault ? undefined : format.toString(),
  });
  // EC2 tag fields: which tag keys they show. Written as an override, since
  // CfnFlowLog learned TagFieldSpecifications after our aws-cdk-lib floor
  // (2.189); the override writes the same template as the newer L1 property
  // (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-flowlog-tagfieldspecification.html).
  const tagFields = format._tagFieldSpecifications();
  if (tagFields.length > 0) {
    flowLog.addPropertyOverride('TagFieldSpecifications', tagFields);
  }
  // AWS checks delivery permissions when the flow log is created.
  flowLog.node.addDependency(...config.dependencies ?? []);
  // Set on the resource, not with Tags.of() (two aspects per flow log, which
  // slow synth down measurably: docs/benchmarks.md), with the precedence such
  // an aspect would have over tags applied to a parent. The archive tag lets
  // the delivery-status probe find the archive's flow logs (tags never
  // replace a flow log).
  flowLog.tags.setTag('Name', nameOf(settings.flowLogName, target.label, destination.label), FLOW_LOG_TAG_PRIORITY);
  flowLog.tags.setTag(ARCHIVE_TAG, settings.archiveName, FLOW_LOG_TAG_PRIORITY);
  return flowLog;
}

/** The Name tag of one flow log; AWS rejects tag values over 256 characters at deploy time. */
function nameOf(flowLogName: string, targetLabel: string, destinationLabel: string): string {
  const name = `${flowLogName}/${targetLabel}/${destinationLabel}`;
  if (!isToken(name) && name.length > MAX_TAG_VALUE_LENGTH) {
    throw invalid('flowLogName', `leaves no room for the target and destination in the Name tag (at most ${MAX_TAG_VALUE_LENGTH} characters)`,
      new Described(`a ${name.length}-character Name for ${targetLabel} to ${destinationLabel}`),
      'Pass a shorter flowLogName (the default is the construct path), or a shorter keyPrefix.');
  }
  return name;
}
