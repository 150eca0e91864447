/**
 * The option names of each props interface, for the checks of untyped
 * callers (untyped-input.ts). test/untyped-input.test.ts compares each list
 * with its interface in src/, so a new option cannot be forgotten here.
 */
const ARCHIVE_OPTIONS = ['destinations', 'trafficType', 'maxAggregationInterval', 'logFormat', 'flowLogName', 'removalPolicy', 'alarms'] as const;
const QUERIES_OPTIONS = ['databaseName', 'tableName', 'bytesScannedCutoffPerQuery', 'firstYear'] as const;
const GUARDRAIL_PROPS = ['destinationBucketArn', 'keyPrefix', 'trafficType', 'maxAggregationInterval', 'excludeTag', 'automaticRemediation',
  'maximumExecutionFrequency'] as const;

export const OPTION_NAMES = {
  FlowLogArchiveOptions: ARCHIVE_OPTIONS,
  FlowLogArchiveProps: ['targets', ...ARCHIVE_OPTIONS],
  FlowLogAlarmOptions: ['enabled', 'topic', 'period', 'deliveryStatusProbe', 'reserveProbeConcurrency', 'probeVpc', 'probeVpcSubnets'],
  S3DestinationOptions: ['bucket', 'bucketArn', 'bucketProps', 'keyPrefix', 'fileFormat', 'hiveCompatiblePartitions', 'perHourPartition', 'noDataAlarm'],
  CloudWatchLogsDestinationOptions: ['logGroup', 'retention', 'encryptionKey', 'deliveryRole', 'noDataAlarm'],
  FirehoseDestinationOptions: ['deliveryStream', 'deliveryStreamArn', 'crossAccountRoleArn', 'noDataAlarm'],
  FlowLogFirehoseCrossAccountRoleProps: ['deliveryStreams', 'sourceAccounts', 'sourceOrganizationId', 'roleName'],
  FlowLogArchiveBucketProps: ['encryptionKey', 'lifecycle', 'serverAccessLogs', 'serverAccessLogsBucket', 'sourceAccounts', 'sourceOrganizationId',
    'objectLockRetention', 'bucketName', 'removalPolicy'],
  FlowLogLifecycle: ['infrequentAccessAfter', 'glacierInstantRetrievalAfter', 'glacierAfter', 'deepArchiveAfter', 'expiration', 'noncurrentVersionExpiration'],
  FlowLogQueriesOptions: QUERIES_OPTIONS,
  FlowLogArchiveQueriesOptions: [...QUERIES_OPTIONS, 'regions', 'accounts', 'logFormat', 'keyPrefix', 'hiveCompatiblePartitions', 'perHourPartition',
    'fileFormat'],
  TrafficAlarmOptions: ['match', 'threshold', 'period', 'topic', 'checkFirst'],
  FlowLogEnforcementProps: ['mode', 'excludePaths', 'excludeTag', 'archiveSharing', 'archiveStacks', ...ARCHIVE_OPTIONS],
  FlowLogGuardrailProps: GUARDRAIL_PROPS,
  FlowLogGuardrailStackSetProps: [...GUARDRAIL_PROPS, 'organizationalUnitIds', 'regions', 'stackSetName', 'callAs', 'maxConcurrentPercentage',
    'failureTolerancePercentage', 'retainStacksOnAccountRemoval'],
  FlowLogProtectionPolicyProps: ['exemptPrincipalArns', 'archiveBucketArns', 'targetIds', 'policyName'],
} as const;

export type OptionsType = keyof typeof OPTION_NAMES;
