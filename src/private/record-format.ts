import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { FlowLogFormat } from '../log-format';
import { isTransitGatewayType } from './resource-types';
import { Described, invalid } from './validation';

/** The fields of the records an archive writes, and whether they are a transit gateway's. */
export interface RecordFormat {
  readonly format: FlowLogFormat;
  readonly transitGateway: boolean;
}

/** What reads an archive's records by the position of their fields, and how it warns of mixed records. */
export interface RecordReader {
  /** e.g. `addQueries()`. */
  readonly method: string;
  /** The id of its warning (`cdk-flow-log-archive:<id>`). */
  readonly warningId: string;
  /** What will misread the records, e.g. 'queries', and where they are, e.g. 'folder'. */
  readonly misreads: string;
  readonly where: string;
}

/**
 * The record format of an archive's flow logs so far, for what reads its
 * records by position: transit gateway records when every flow log is a
 * transit gateway's, else VPC records. VPC and transit gateway flow logs of
 * one archive write different fields to the same place unless the format is
 * the same for both, which one table or pattern cannot read.
 */
export function recordFormatOf(scope: IConstruct, flowLogs: ec2.CfnFlowLog[], logFormat: FlowLogFormat, reader: RecordReader): RecordFormat {
  if (Token.isUnresolved(logFormat.toString())) {
    throw invalid('logFormat', `must be known at synth for ${reader.method}, which reads records by the position of their fields`,
      new Described('a token'), 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.');
  }
  const kinds = new Set(flowLogs.map((flowLog) => isTransitGatewayType(flowLog.resourceType)));
  const transitGateway = kinds.size === 1 && kinds.has(true);
  if (kinds.size > 1 && logFormat.forResourceType('VPC').toString() !== logFormat.forResourceType('TransitGateway').toString()) {
    Annotations.of(scope).addWarningV2(`cdk-flow-log-archive:${reader.warningId}`,
      `${reader.method} reads the records of VPC flow logs, but this archive also logs transit gateways, whose records have other `
      + `fields in the same ${reader.where}, so ${reader.misreads} will misread them. Log transit gateways with a FlowLogArchive of its own.`);
  }
  return { format: logFormat.forResourceType(transitGateway ? 'TransitGateway' : 'VPC'), transitGateway };
}
