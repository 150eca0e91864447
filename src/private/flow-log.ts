import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { FlowLogDestinationConfig } from '../destination-options';
import { FlowLogFormat } from '../log-format';
import { FlowLogTargetConfig } from '../target';
import { ARCHIVE_TAG } from './delivery-probe';
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
export function createFlowLog(scope: Construct, target: FlowLogTargetConfig, destination: FlowLogDestinationConfig,
  settings: FlowLogSettings): ec2.CfnFlowLog {
  const transitGateway = isTransitGatewayType(target.resourceType);
  const format = settings.logFormat.forResourceType(target.resourceType);
  const flowLog = new ec2.CfnFlowLog(scope, destination.id, {
    resourceType: target.resourceType,
    resourceId: target.resourceId,
    // Transit gateways take no traffic type and aggregate over 60 s only.
    trafficType: transitGateway ? undefined : settings.trafficType,
    maxAggregationInterval: transitGateway ? ec2.FlowLogMaxAggregationInterval.ONE_MINUTE : settings.maxAggregationInterval,
    logDestinationType: destination.logDestinationType,
    logDestination: destination.logDestination,
    deliverLogsPermissionArn: destination.deliverLogsPermissionArn,
    destinationOptions: destination.destinationOptions,
    // Only when not AWS's default, so default flow logs keep their template (and are never replaced).
    logFormat: format.isDefault ? undefined : format.toString(),
  });
  // AWS checks delivery permissions when the flow log is created.
  flowLog.node.addDependency(...destination.dependencies);
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

/**
 * Whether a query table over these flow logs describes transit gateway
 * records: when every flow log is a transit gateway's. VPC and transit
 * gateway flow logs of one archive write different fields (unless the format
 * is the same for both) into the same folder, which one table cannot describe.
 */
export function hasOnlyTransitGatewayRecords(scope: IConstruct, flowLogs: ec2.CfnFlowLog[], logFormat: FlowLogFormat): boolean {
  const kinds = new Set(flowLogs.map((flowLog) => isTransitGatewayType(flowLog.resourceType)));
  if (kinds.size > 1 && logFormat.forResourceType('VPC').toString() !== logFormat.forResourceType('TransitGateway').toString()) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:mixedQueryTable',
      'addQueries() builds one table for VPC records, but this archive also logs transit gateways, whose records have other '
      + 'fields in the same folder, so queries will misread them. Log transit gateways with a FlowLogArchive of its own.');
  }
  return kinds.size === 1 && kinds.has(true);
}
