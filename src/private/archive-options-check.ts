import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { OPTION_NAMES } from './option-names';
import { checkEnumValue, checkKind, checkOptionNames, hasMethods, isArrayOf, isOptionsObject } from './untyped-input';
import { validateFlowLogName } from './validation';
import { FlowLogArchiveOptions } from '../flow-log-archive-props';

/** What a FlowLogArchive's options look like to a caller without types. */
type UntypedArchiveOptions = { readonly [K in keyof FlowLogArchiveOptions]?: unknown };

/** The archive options given in `props`, and only those (FlowLogEnforcement passes them on). */
export function archiveOptionsOf(props: FlowLogArchiveOptions): FlowLogArchiveOptions {
  const given = OPTION_NAMES.FlowLogArchiveOptions.filter((name) => props[name] !== undefined);
  return Object.fromEntries(given.map((name) => [name, props[name]]));
}

/** A FlowLogTarget, by shape (a second copy of the library in node_modules has other classes). */
export const isFlowLogTarget = (value: unknown): boolean => hasMethods('bind')(value) && typeof (value as { resourceType?: unknown }).resourceType === 'string';
const isDestination = (value: unknown): boolean => hasMethods('bind')(value) && !isFlowLogTarget(value);
const isFormat = hasMethods('forResourceType', 'parse');

/**
 * Checks the options every archive has (FlowLogArchive's, and those
 * FlowLogEnforcement passes on) the way TypeScript would; returns the names
 * of unknown alarm options to warn about.
 */
export function checkArchiveOptions(options: UntypedArchiveOptions): string[] {
  checkKind('destinations', options.destinations, 'an array of FlowLogDestination', isArrayOf(isDestination),
    'Make each with a factory: destinations: [FlowLogDestination.s3()], or FlowLogDestination.cloudWatchLogs().');
  checkEnumValue('trafficType', options.trafficType, 'ec2.FlowLogTrafficType', ec2.FlowLogTrafficType);
  checkEnumValue('maxAggregationInterval', options.maxAggregationInterval, 'ec2.FlowLogMaxAggregationInterval', ec2.FlowLogMaxAggregationInterval);
  checkKind('logFormat', options.logFormat, 'a FlowLogFormat', isFormat,
    "Use FlowLogFormat.SECURITY (a preset), FlowLogFormat.fields(...) or FlowLogFormat.custom('${srcaddr} ${dstaddr}').");
  checkEnumValue('removalPolicy', options.removalPolicy, 'RemovalPolicy', RemovalPolicy);
  checkKind('flowLogName', options.flowLogName, 'a string', (value) => typeof value === 'string',
    "Pass a name such as 'network/prod', or leave flowLogName undefined.");
  validateFlowLogName(options.flowLogName as string | undefined);
  checkKind('alarms', options.alarms, 'an object of FlowLogAlarmOptions', isOptionsObject,
    'Pass e.g. alarms: { enabled: false }, or alarms: { topic } with an sns.ITopic.');
  return checkOptionNames('FlowLogAlarmOptions', options.alarms, 'alarms.');
}
