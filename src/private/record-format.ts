import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { FlowLogFormat } from '../log-format';
import { isTransitGatewayType } from './resource-types';
import { Described, invalid } from './validation';

/** The fields of the records an archive writes to its log group, and whether they are a transit gateway's. */
export interface RecordFormat {
  readonly format: FlowLogFormat;
  readonly transitGateway: boolean;
}

/**
 * The record format of an archive's flow logs so far, for what reads its
 * records by position (`method`): transit gateway records when every flow
 * log is a transit gateway's, else VPC records. VPC and transit gateway
 * flow logs of one archive write different fields into the same log group
 * unless the format is the same for both, which one pattern cannot read.
 */
export function recordFormatOf(scope: IConstruct, flowLogs: ec2.CfnFlowLog[], logFormat: FlowLogFormat, method: string): RecordFormat {
  if (Token.isUnresolved(logFormat.toString())) {
    throw invalid('logFormat', `must be known at synth for ${method}, which reads records by the position of their fields`,
      new Described('a token'), 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.');
  }
  const kinds = new Set(flowLogs.map((flowLog) => isTransitGatewayType(flowLog.resourceType)));
  const transitGateway = kinds.size === 1 && kinds.has(true);
  if (kinds.size > 1 && logFormat.forResourceType('VPC').toString() !== logFormat.forResourceType('TransitGateway').toString()) {
    Annotations.of(scope).addWarningV2('cdk-flow-log-archive:mixedRecordFormats',
      `${method} reads the records of VPC flow logs, but this archive also logs transit gateways, whose records have other `
      + 'fields in the same log group and will be misread. Log transit gateways with a FlowLogArchive of its own.');
  }
  return { format: logFormat.forResourceType(transitGateway ? 'TransitGateway' : 'VPC'), transitGateway };
}
