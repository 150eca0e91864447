import { CfnParameter, Duration, Lazy, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  EnforcementMode, FirehoseDestinationOptions, FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveBucketProps, FlowLogArchiveProps,
  FlowLogArchiveQueriesOptions, FlowLogArchiveSharing, FlowLogDestination, FlowLogEnforcement, FlowLogEnforcementProps, FlowLogField,
  FlowLogFirehoseCrossAccountRole, FlowLogFirehoseCrossAccountRoleProps, FlowLogFormat, FlowLogGuardrail, FlowLogGuardrailStackSet, FlowLogLifecycle,
  FlowLogProtectionPolicy, FlowLogQueriesOptions, FlowLogQueryAccounts, FlowLogTarget, TrafficAlarmOptions, TrafficCondition, TrafficMatch,
} from '../src';
import { newApp, newStack, newVpc } from './support/fixtures';
import { readmeNumbers } from './support/readme';
import { filesCalling, invalidSites, literalMessages, OtherThrow, otherThrows } from './support/validation-sites';
import { resolveAlarmOptions } from '../src/private/alarm-options';

/** A valid FlowLogGuardrailStackSet configuration, for rows that change one property. */
const STACK_SET = { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] };

// ---------------------------------------------------------------------------
// Builders: each returns a function that builds one configuration and synthesizes it.

/** Builds an archive with one VPC target and the given props on top, then synthesizes. */
function archiveWith(props: Partial<FlowLogArchiveProps> | ((scope: Stack) => Partial<FlowLogArchiveProps>)) {
  return () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const extra = typeof props === 'function' ? props(stack) : props;
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)], ...extra });
    Template.fromStack(stack);
  };
}

function s3Destination(options: Parameters<typeof FlowLogDestination.s3>[0]) {
  return archiveWith({ destinations: [FlowLogDestination.s3(options)] });
}

function bucketWith(props: FlowLogArchiveBucketProps | ((scope: Construct) => FlowLogArchiveBucketProps)) {
  return () => {
    const stack = newStack();
    new FlowLogArchiveBucket(stack, 'Archive', typeof props === 'function' ? props(stack) : props);
    Template.fromStack(stack);
  };
}

/** A format with an EC2 tag field (instance-tag) and no tag keys yet. */
const TAGGED = FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.INSTANCE_TAG);

/** A central bucket (two listed accounts, or the props given) with `addQueries(options)`, then `more`, then synth. */
function centralQueriesWith(options: FlowLogArchiveQueriesOptions, more?: (bucket: FlowLogArchiveBucket, stack: Stack) => void,
  props: FlowLogArchiveBucketProps = { sourceAccounts: ['111111111111', '222222222222'] }) {
  return () => {
    const stack = newStack();
    const bucket = new FlowLogArchiveBucket(stack, 'Archive', props);
    bucket.addQueries(options);
    more?.(bucket, stack);
    Template.fromStack(stack);
  };
}

function lifecycle(value: FlowLogLifecycle) {
  return bucketWith({ lifecycle: value });
}

/** An archive with the default S3 destination and `addQueries(options)`. */
function queriesWith(options: FlowLogQueriesOptions, archiveId = 'FlowLogs') {
  return () => {
    const stack = newStack();
    new FlowLogArchive(stack, archiveId, { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).addQueries(options);
    Template.fromStack(stack);
  };
}

/** An app with one VPC and no flow log, an enforcement aspect, synthesized (the aspect runs at synth). */
function enforcedWith(props: FlowLogEnforcementProps) {
  return () => {
    const app = newApp();
    const stack = newStack('Stack', app);
    newVpc(stack);
    new FlowLogEnforcement(props).applyTo(app);
    Template.fromStack(stack);
  };
}

/** An archive of one VPC delivering to CloudWatch Logs with the given props, and a traffic alarm on it, synthesized. */
function trafficAlarmWith(options: TrafficAlarmOptions, props: Partial<FlowLogArchiveProps> = {}) {
  return () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()], ...props,
    }).addTrafficAlarm('Alarm', options);
    Template.fromStack(stack);
  };
}

function firehoseDestination(options: FirehoseDestinationOptions | ((scope: Stack) => FirehoseDestinationOptions)) {
  return archiveWith((scope) => ({ destinations: [FlowLogDestination.firehose(typeof options === 'function' ? options(scope) : options)] }));
}

/** A FlowLogFirehoseCrossAccountRole for one imported stream of its account, with the given props on top. */
function crossAccountRoleWith(props: Partial<FlowLogFirehoseCrossAccountRoleProps>) {
  return () => {
    const stack = newStack();
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'flow-logs')], ...props,
    });
    Template.fromStack(stack);
  };
}

/** A string or number known only at deploy time. */
const token = (value: string) => Lazy.string({ produce: () => value });
const tokenNumber = (value: number) => Token.asNumber(Lazy.number({ produce: () => value }));

const TGW = 'tgw-0123456789abcdef0';
const TGW_ATTACHMENT = 'tgw-attach-0123456789abcdef0';
const ENI = 'eni-0123456789abcdef0';

// ---------------------------------------------------------------------------
// The catalogue.

const AREAS = [
  'untyped callers', 'targets', 'S3 destination', 'CloudWatch Logs destination', 'destinations', 'FlowLogArchive', 'metrics', 'formats',
  'lifecycle', 'alarms', 'archive bucket', 'central bucket', 'enforcement', 'queries', 'traffic alarms', 'Insights queries',
  'Firehose destination', 'Firehose cross-account role', 'guardrail',
] as const;
type Area = typeof AREAS[number];

interface BadInput {
  readonly area: Area;
  readonly name: string;
  readonly build: () => void;
  /** The whole message, exactly. */
  readonly message: string;
  /**
   * For errors raised at synth by `node.addValidation`: the path of the
   * construct CDK reports the message on. Undefined for errors thrown as they are.
   */
  readonly validationPath?: string;
}

/** An error thrown as it is, at construction (or while an aspect runs at synth). */
function thrown(area: Area, name: string, build: () => void, message: string): BadInput {
  return { area, name, build, message };
}

/** An error returned by `node.addValidation`, which CDK collects and wraps at synth. */
function reportedAtSynth(area: Area, name: string, validationPath: string, build: () => void, message: string): BadInput {
  return { area, name, build, message, validationPath };
}

const KEY_PREFIX_FIX = "Use a folder name such as 'vpc-flow-logs' or 'network/prod'.";
const KEY_PREFIX_CHARACTERS = "keyPrefix may contain only letters, digits and the characters ! _ . * ' ( ) - /";
const ENI_RULE = "eniId must be a network interface id ('eni-' and 8 or 17 hex digits)";
const ENI_FIX = "Pass the interface's id, e.g. 'eni-0123456789abcdef0' or CfnNetworkInterface.ref.";
const TGW_RULE = "tgwId must be a transit gateway id ('tgw-' and 8 or 17 hex digits)";
const TGW_FIX = "Pass the gateway's id, e.g. 'tgw-0123456789abcdef0' or CfnTransitGateway.ref.";
const DUPLICATE_TARGET_FIX = 'Remove the duplicate; each target is logged once to every destination.';
const DUPLICATE_DESTINATION_FIX = 'Remove the duplicate destination, or give each destination its own bucket, keyPrefix or logGroup.';
const BUCKET_ARN_RULE = "bucketArn must be an S3 bucket ARN ('arn:aws:s3:::<bucket name>', no folder)";
const BUCKET_ARN_FIX = "Put the folder in keyPrefix, e.g. bucketArn 'arn:aws:s3:::org-flow-logs' and keyPrefix 'team-a'.";
const UP_TO_VERSION_RULE = 'takes a record version from 2 to 11';
const UP_TO_VERSION_FIX = 'Use the version whose fields you deployed, e.g. 8 for the fields up to reject-reason, or ALL_FIELDS for every field.';
const FIELD_SYNTAX = 'logFormat must write each field as ${name} (lower-case letters, digits and hyphens)';
const FIELD_OF_RULE = 'FlowLogField.of takes a field name of lower-case letters, digits and single hyphens';
const FIELD_OF_FIX = "Write the name as in the AWS documentation, without '${}', e.g. 'pkt-srcaddr'.";
const SINGLE_SPACES = 'logFormat must separate fields with single spaces';
const SINGLE_SPACES_FIX = "Write the fields as '${a} ${b}', with no space around them.";
const WHOLE_DAYS = 'must be a whole number of days, at least 1';
const PERIOD_FIX = 'Use Duration.minutes(n) with n from 5 to 1440.';
const ACCOUNT_IDS = 'sourceAccounts must contain 12-digit account ids';
const ACCOUNT_IDS_FIX = "Write each account id as 12 digits in quotes, e.g. '123456789012'.";
const ORGANIZATION_ID = "sourceOrganizationId must be an organization id ('o-' and 10 to 32 lower-case letters or digits)";
const ORGANIZATION_ID_FIX = "Copy it from the AWS Organizations console, e.g. 'o-a1b2c3d4e5'.";
const FIRST_YEAR_RULE = 'must be a whole year from 2015 (when VPC Flow Logs started) to 2100 (where the projection ends)';
const FIRST_YEAR_FIX = 'Use the year of your oldest flow-log files, e.g. 2024, or leave firstYear undefined for 2020.';
const ATHENA_NAME = 'may contain only lower-case letters, digits and underscores';
const TARGETS_FIX = 'Make each with a factory: targets: [FlowLogTarget.fromVpc(vpc)], FlowLogTarget.fromSubnets(vpc.privateSubnets), ...';
const NUMBER_FIELD = 'Use TrafficCondition.numberIn(FlowLogField.DSTPORT, [...]) or a number comparison such as TrafficCondition.atLeast.';
const VALUE_CHARACTERS = 'takes text of letters, digits and . _ : / - only (flow-log values hold nothing else)';
const VALUE_FIX = "Write the value as the record does, e.g. 'REJECT' or 'vpc-0123456789abcdef0'.";
const ADDRESS_FIELD_FIX = 'Use FlowLogField.SRCADDR, DSTADDR, PKT_SRCADDR or PKT_DSTADDR.';
const CIDR_PREFIXES = 'selects a block that a filter pattern cannot write as at most 16 text prefixes';
const CIDR_PREFIXES_FIX = 'Use a block of /4 to /8, /12 to /16, /20 to /24 or /28 to /32, or split it into such blocks.';
const PERIOD_RULE = 'period must be whole minutes from 1 minute to 1 day (metric filters publish every minute)';
const TRAFFIC_PERIOD_FIX = 'Use Duration.minutes(n) with n from 1 to 1440.';
const OTHER_STREAM = 'arn:aws:firehose:eu-west-1:222222222222:deliverystream/central-flow-logs';
const OWN_STREAM = 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/flow-logs';
const HUB_ROLE = 'arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole-eu-west-1';
const STREAM_ARN_RULE = "deliveryStreamArn must be a Firehose delivery stream ARN ('arn:aws:firehose:<region>:<account>:deliverystream/<name>')";
const STREAM_ARN_FIX = 'Copy the ARN from the Firehose console or `aws firehose describe-delivery-stream`; '
  + 'a Kinesis data stream or an S3 bucket cannot receive flow logs here.';
const S3_OPTION_FIX = "Remove it: Firehose receives plain-text records, and the delivery stream's own destination decides their format and layout.";
const NO_TARGETS = 'targets must contain at least one FlowLogTarget: got none. Pass targets, or call addTarget() or addVpc() before synth.';

const CASES: BadInput[] = [
  // untyped callers (plain JavaScript, or a spread of a wider object): what TypeScript would have caught
  thrown('untyped callers', 'no props at all', () => new FlowLogArchive(newStack(), 'FlowLogs', undefined as any),
    'props must be an object of FlowLogArchiveProps: got undefined. Pass e.g. { targets: [FlowLogTarget.fromVpc(vpc)] }.'),
  thrown('untyped callers', 'a VPC where the targets belong', archiveWith((stack) => ({ targets: newVpc(stack, 'Other') as any })),
    `targets must be an array of FlowLogTarget: got a Vpc. ${TARGETS_FIX}`),
  thrown('untyped callers', 'a VPC in the targets',
    archiveWith((stack) => ({ targets: [newVpc(stack, 'Other')] as any })), `targets must be an array of FlowLogTarget: got [a Vpc]. ${TARGETS_FIX}`),
  thrown('untyped callers', 'one destination not in an array', archiveWith({ destinations: FlowLogDestination.cloudWatchLogs() as any }),
    'destinations must be an array of FlowLogDestination: got FlowLogDestination.cloudWatchLogs(). '
    + 'Make each with a factory: destinations: [FlowLogDestination.s3()], or FlowLogDestination.cloudWatchLogs().'),
  thrown('untyped callers', 'a preset name as a string', archiveWith({ logFormat: 'SECURITY' as any }),
    "logFormat must be a FlowLogFormat: got 'SECURITY'. Use FlowLogFormat.SECURITY (a preset), FlowLogFormat.fields(...) "
    + "or FlowLogFormat.custom('${srcaddr} ${dstaddr}')."),
  thrown('untyped callers', 'a misspelt field constant (undefined) in FlowLogFormat.fields', () => FlowLogFormat.fields(FlowLogField.SRCADDR, (FlowLogField as any).DST_ADDR),
    'logFormat must be FlowLogField values: got [${srcaddr}, undefined]. Use the FlowLogField constants (e.g. FlowLogField.SRCADDR), '
    + "or FlowLogFormat.custom('${srcaddr} ${dstaddr}') with field names."),
  thrown('untyped callers', 'a flow-log name that is no string', archiveWith({ flowLogName: 42 as any }),
    "flowLogName must be a string: got 42. Pass a name such as 'network/prod', or leave flowLogName undefined."),
  thrown('untyped callers', 'alarms as a boolean', archiveWith({ alarms: false as any }),
    'alarms must be an object of FlowLogAlarmOptions: got false. Pass e.g. alarms: { enabled: false }, or alarms: { topic } with an sns.ITopic.'),
  thrown('untyped callers', 'a traffic type in lower case', archiveWith({ trafficType: 'all' as any }),
    "trafficType must be a value of ec2.FlowLogTrafficType: got 'all'. Use ec2.FlowLogTrafficType.ALL."),
  thrown('untyped callers', 'an aggregation interval AWS does not offer', archiveWith({ maxAggregationInterval: 300 as any }),
    'maxAggregationInterval must be a value of ec2.FlowLogMaxAggregationInterval: got 300. Use one of '
    + 'ec2.FlowLogMaxAggregationInterval.ONE_MINUTE, ec2.FlowLogMaxAggregationInterval.TEN_MINUTES.'),
  thrown('untyped callers', 'a removal policy that does not exist', archiveWith({ removalPolicy: 'delete' as any }),
    "removalPolicy must be a value of RemovalPolicy: got 'delete'. Use one of RemovalPolicy.DESTROY, RemovalPolicy.RETAIN, "
    + 'RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE.'),
  thrown('untyped callers', 'a file format in upper case', s3Destination({ fileFormat: 'PARQUET' as any }),
    "fileFormat must be a value of ec2.FlowLogFileFormat: got 'PARQUET'. Use ec2.FlowLogFileFormat.PARQUET."),
  thrown('untyped callers', 'a retention in days that CloudWatch Logs does not offer',
    archiveWith({ destinations: [FlowLogDestination.cloudWatchLogs({ retention: 366 as any })] }),
    'retention must be a value of logs.RetentionDays: got 366. Use a value of logs.RetentionDays, e.g. logs.RetentionDays.ONE_YEAR.'),
  thrown('untyped callers', 'a misspelt option', archiveWith({ destinaton: [FlowLogDestination.cloudWatchLogs()] } as any),
    "destinaton is not an option of FlowLogArchiveProps: got 'destinaton'. Did you mean 'destinations'? Correct the spelling."),
  thrown('untyped callers', 'a misspelt alarm option', archiveWith({ alarms: { enabeld: false } as any }),
    "alarms.enabeld is not an option of FlowLogAlarmOptions: got 'enabeld'. Did you mean 'enabled'? Correct the spelling."),
  thrown('untyped callers', 'a misspelt S3 option', s3Destination({ keyPrefx: 'flow' } as any),
    "keyPrefx is not an option of S3DestinationOptions: got 'keyPrefx'. Did you mean 'keyPrefix'? Correct the spelling."),
  thrown('untyped callers', 'an option in the wrong case', bucketWith({ BucketName: 'flow-logs' } as any),
    "BucketName is not an option of FlowLogArchiveBucketProps: got 'BucketName'. Did you mean 'bucketName'? Correct the spelling."),
  thrown('untyped callers', 'an enforcement mode in lower case', enforcedWith({ mode: 'add' as any }),
    "mode must be a value of EnforcementMode: got 'add'. Use EnforcementMode.ADD."),
  thrown('untyped callers', 'no enforcement mode', enforcedWith({} as any),
    'mode must be given: got no mode. Use EnforcementMode.ADD, EnforcementMode.WARN or EnforcementMode.ERROR.'),

  // targets
  thrown('targets', 'ENI id without the eni- prefix', () => FlowLogTarget.fromNetworkInterfaceId('0123456789abcdef0'),
    `${ENI_RULE}: got '0123456789abcdef0'. ${ENI_FIX}`),
  thrown('targets', 'ENI id of the wrong length', () => FlowLogTarget.fromNetworkInterfaceId('eni-0123'),
    `${ENI_RULE}: got 'eni-0123'. ${ENI_FIX}`),
  thrown('targets', 'ENI id in upper case', () => FlowLogTarget.fromNetworkInterfaceId('eni-0123456789ABCDEF0'),
    `${ENI_RULE}: got 'eni-0123456789ABCDEF0'. ${ENI_FIX}`),
  thrown('targets', 'a transit gateway id without tgw-', () => FlowLogTarget.fromTransitGatewayId('0123456789abcdef0'),
    `${TGW_RULE}: got '0123456789abcdef0'. ${TGW_FIX}`),
  thrown('targets', 'an attachment id given as a transit gateway id', () => FlowLogTarget.fromTransitGatewayId(TGW_ATTACHMENT),
    `${TGW_RULE}: got '${TGW_ATTACHMENT}'. ${TGW_FIX}`),
  thrown('targets', 'a transit gateway id given as an attachment id', () => FlowLogTarget.fromTransitGatewayAttachmentId(TGW),
    "attachmentId must be a transit gateway attachment id ('tgw-attach-' and 8 or 17 hex digits): got 'tgw-0123456789abcdef0'. "
    + "Pass the attachment's id, e.g. 'tgw-attach-0123456789abcdef0' or CfnTransitGatewayAttachment.ref."),
  thrown('targets', 'a traffic type with a transit gateway', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayId(TGW)], trafficType: ec2.FlowLogTrafficType.REJECT,
  }), `trafficType cannot be used with transit gateway targets (they log all traffic): got 'REJECT'. Remove trafficType, or log ${TGW} with a FlowLogArchive of its own.`),
  thrown('targets', 'a traffic type with a transit gateway attachment', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayAttachmentId(TGW_ATTACHMENT)], trafficType: ec2.FlowLogTrafficType.ACCEPT,
  }), `trafficType cannot be used with transit gateway targets (they log all traffic): got 'ACCEPT'. Remove trafficType, or log ${TGW_ATTACHMENT} with a FlowLogArchive of its own.`),
  thrown('targets', 'the same VPC twice', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromVpc(vpc)] });
  }, `targets must not contain the same resource twice: got 'Vpc'. ${DUPLICATE_TARGET_FIX}`),
  thrown('targets', "addVpc() of a VPC that is already a target (same message as 'the same VPC twice': props and addVpc() share one check)", () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] }).addVpc(vpc);
  }, `targets must not contain the same resource twice: got 'Vpc'. ${DUPLICATE_TARGET_FIX}`),
  thrown('targets', 'the same subnet twice', () => {
    const stack = newStack();
    const subnet = newVpc(stack).publicSubnets[0];
    new FlowLogArchive(stack, 'FlowLogs', { targets: FlowLogTarget.fromSubnets([subnet, subnet]) });
  }, `targets must not contain the same resource twice: got 'Vpc/PublicSubnet1'. ${DUPLICATE_TARGET_FIX}`),
  thrown('targets', 'the same ENI twice', archiveWith({
    targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd'), FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd')],
  }), `targets must not contain the same resource twice: got 'eni-0123abcd'. ${DUPLICATE_TARGET_FIX}`),
  reportedAtSynth('targets', 'no targets at synth', 'Stack/FlowLogs', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [] });
    Template.fromStack(stack);
  }, NO_TARGETS),
  reportedAtSynth('targets', "no targets at synth in a nested archive (same message as 'no targets at synth': CDK reports the path beside it)",
    'Stack/Network/FlowLogs', () => {
      const stack = newStack();
      new FlowLogArchive(new Construct(stack, 'Network'), 'FlowLogs', { targets: [] });
      Template.fromStack(stack);
    }, NO_TARGETS),

  // S3 destination
  thrown('S3 destination', 'keyPrefix empty', s3Destination({ keyPrefix: '' }),
    "keyPrefix must not be empty: got ''. Leave keyPrefix undefined to write at the bucket root."),
  thrown('S3 destination', 'keyPrefix with a leading slash', s3Destination({ keyPrefix: '/flow' }),
    "keyPrefix must not start with '/': got '/flow'. Remove the leading slash."),
  thrown('S3 destination', 'keyPrefix with a trailing slash', s3Destination({ keyPrefix: 'flow/' }),
    "keyPrefix must not end with '/': got 'flow/'. Remove the trailing slash; the construct adds it."),
  thrown('S3 destination', 'keyPrefix with an empty folder', s3Destination({ keyPrefix: 'flow//prod' }),
    "keyPrefix must not contain empty folders ('//'): got 'flow//prod'. Use single slashes between folders."),
  thrown('S3 destination', 'keyPrefix AWSLogs', s3Destination({ keyPrefix: 'AWSLogs' }),
    `keyPrefix must not contain the folder 'AWSLogs': got 'AWSLogs'. AWS writes under <keyPrefix>/AWSLogs/ itself. ${KEY_PREFIX_FIX}`),
  thrown('S3 destination', 'keyPrefix with an AWSLogs folder inside', s3Destination({ keyPrefix: 'prod/awslogs/x' }),
    `keyPrefix must not contain the folder 'AWSLogs': got 'prod/awslogs/x'. AWS writes under <keyPrefix>/AWSLogs/ itself. ${KEY_PREFIX_FIX}`),
  thrown('S3 destination', 'keyPrefix with a space', s3Destination({ keyPrefix: 'flow logs' }),
    `${KEY_PREFIX_CHARACTERS}: got 'flow logs'. ${KEY_PREFIX_FIX}`),
  thrown('S3 destination', 'keyPrefix with a non-ASCII letter', s3Destination({ keyPrefix: 'flöw' }),
    `${KEY_PREFIX_CHARACTERS}: got 'flöw'. ${KEY_PREFIX_FIX}`),
  thrown('S3 destination', 'keyPrefix too long', s3Destination({ keyPrefix: 'a'.repeat(513) }),
    "keyPrefix must be at most 512 characters long: got 'aaaaaaaaaaaaaaaaaaaa...'. Use a shorter folder name."),
  thrown('S3 destination', 'bucket and bucketProps together', archiveWith((scope) => ({
    destinations: [FlowLogDestination.s3({ bucket: s3.Bucket.fromBucketName(scope, 'B', 'central-logs'), bucketProps: {} })],
  })), 'bucketProps cannot be used together with bucket: got both. Configure the bucket you pass yourself, or drop it to let the construct create a FlowLogArchiveBucket.'),
  thrown('S3 destination', 'bucketArn and bucketProps together', s3Destination({ bucketArn: 'arn:aws:s3:::org-flow-logs', bucketProps: {} }),
    'bucketProps cannot be used together with bucketArn: got both. Configure the bucket you pass yourself, or drop it to let the construct create a FlowLogArchiveBucket.'),
  thrown('S3 destination', 'bucketArn and bucket together', archiveWith((scope) => ({
    destinations: [FlowLogDestination.s3({ bucket: s3.Bucket.fromBucketName(scope, 'B', 'central-logs'), bucketArn: 'arn:aws:s3:::central-logs' })],
  })), 'bucketArn cannot be used together with bucket: got both. Pass either the bucket or its ARN.'),
  thrown('S3 destination', 'bucketArn with a folder', s3Destination({ bucketArn: 'arn:aws:s3:::org-flow-logs/team-a' }),
    `${BUCKET_ARN_RULE}: got 'arn:aws:s3:::org-flow-logs/team-a'. ${BUCKET_ARN_FIX}`),
  thrown('S3 destination', 'bucketArn that is a bucket name', s3Destination({ bucketArn: 'org-flow-logs' }),
    `${BUCKET_ARN_RULE}: got 'org-flow-logs'. ${BUCKET_ARN_FIX}`),
  thrown('S3 destination', 'bucketProps on a second S3 destination', archiveWith({
    destinations: [FlowLogDestination.s3({ keyPrefix: 'a' }), FlowLogDestination.s3({ keyPrefix: 'b', bucketProps: { bucketName: 'x-logs' } })],
  }), 'bucketProps may be given on only one S3 destination of a FlowLogArchive: got bucketProps on a second S3 destination. '
    + 'Give bucketProps on the first S3 destination only; the others share its bucket.'),

  // CloudWatch Logs destination
  thrown('CloudWatch Logs destination', 'an existing logGroup with retention', archiveWith((scope) => ({
    destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(scope, 'Existing'), retention: logs.RetentionDays.ONE_YEAR })],
  })), 'retention cannot be used together with logGroup: got both retention and logGroup. '
    + 'Set retention on your log group yourself, or drop logGroup to let the construct create one.'),
  thrown('CloudWatch Logs destination', 'an existing logGroup with encryptionKey', archiveWith((scope) => ({
    destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(scope, 'Existing'), encryptionKey: new kms.Key(scope, 'K') })],
  })), 'encryptionKey cannot be used together with logGroup: got both encryptionKey and logGroup. '
    + 'Set encryptionKey on your log group yourself, or drop logGroup to let the construct create one.'),
  thrown('CloudWatch Logs destination', 'two CloudWatch Logs destinations without logGroup', archiveWith({
    destinations: [FlowLogDestination.cloudWatchLogs(), FlowLogDestination.cloudWatchLogs({ retention: logs.RetentionDays.TEN_YEARS })],
  }), "destinations must not deliver to the same place twice: got 'cloudwatch-logs'. "
    + 'Give at most one CloudWatch Logs destination without logGroup; pass logGroup to the others.'),
  thrown('CloudWatch Logs destination', 'the same logGroup twice', archiveWith((scope) => {
    const logGroup = new logs.LogGroup(scope, 'Existing');
    return { destinations: [FlowLogDestination.cloudWatchLogs({ logGroup }), FlowLogDestination.cloudWatchLogs({ logGroup })] };
  }), `destinations must not deliver to the same place twice: got 'cloudwatch-logs'. ${DUPLICATE_DESTINATION_FIX}`),

  // destinations of a FlowLogArchive
  thrown('destinations', 'no destinations', archiveWith({ destinations: [] }),
    'destinations must contain at least one destination: got []. Leave destinations undefined for the default S3 archive, or pass FlowLogDestination.s3().'),
  thrown('destinations', 'the same destination twice', archiveWith({ destinations: [FlowLogDestination.s3(), FlowLogDestination.s3()] }),
    `destinations must not deliver to the same place twice: got 's3'. ${DUPLICATE_DESTINATION_FIX}`),
  thrown('destinations', "the same bucket twice (same message as 'the same destination twice': the label names the folder, not the bucket)",
    archiveWith((scope) => {
      const bucket = new s3.Bucket(scope, 'Mine');
      return { destinations: [FlowLogDestination.s3({ bucket }), FlowLogDestination.s3({ bucket })] };
    }), `destinations must not deliver to the same place twice: got 's3'. ${DUPLICATE_DESTINATION_FIX}`),
  thrown('destinations', 'the same folder twice', archiveWith({ destinations: [FlowLogDestination.s3({ keyPrefix: 'x' }), FlowLogDestination.s3({ keyPrefix: 'x' })] }),
    `destinations must not deliver to the same place twice: got 's3/x'. ${DUPLICATE_DESTINATION_FIX}`),

  // FlowLogArchive
  thrown('FlowLogArchive', 'flowLogName empty', archiveWith({ flowLogName: ' ' }),
    "flowLogName must not be empty: got ' '. Leave flowLogName undefined to name flow logs after the construct path."),
  thrown('FlowLogArchive', 'flowLogName with a character tags reject', archiveWith({ flowLogName: 'prod#1' }),
    "flowLogName may contain only letters, digits, spaces and _ . : / = + - @: got 'prod#1'. Remove the other characters; the name is used as a tag value."),
  thrown('FlowLogArchive', 'a Name tag over 256 characters (flowLogName, target and keyPrefix together)', archiveWith({
    flowLogName: 'n'.repeat(100), destinations: [FlowLogDestination.s3({ keyPrefix: 'k'.repeat(150) })],
  }), 'flowLogName leaves no room for the target and destination in the Name tag (at most 256 characters): '
    + 'got a 258-character Name for Vpc to s3/' + 'k'.repeat(150) + '. Pass a shorter flowLogName (the default is the construct path), or a shorter keyPrefix.'),
  thrown('FlowLogArchive', 'flowLogName too long', archiveWith({ flowLogName: 'n'.repeat(129) }),
    `flowLogName must be at most 128 characters long: got '${'n'.repeat(129)}'. Use a shorter name; the target and destination are appended to it.`),

  // metrics of a FlowLogArchive
  thrown('metrics', 'metricIncomingLogEvents() without a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).metricIncomingLogEvents();
  }, 'destinations must include a CloudWatch Logs destination for metricIncomingLogEvents(): got S3 destinations only. '
    + 'Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.'),
  thrown('metrics', 'metricIncomingBytes() without a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).metricIncomingBytes();
  }, 'destinations must include a CloudWatch Logs destination for metricIncomingBytes(): got S3 destinations only. '
    + 'Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.'),
  thrown('metrics', 'metricPutRequests() without a bucket the construct creates', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine');
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3({ bucket })] })
      .metricPutRequests();
  }, 'destinations must include an S3 destination with a bucket the construct creates for metricPutRequests(): got no such destination. '
    + 'Use FlowLogDestination.s3() without bucket, or turn on request metrics on your own bucket.'),
  thrown('metrics', 'metric4xxErrors() with only a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()] })
      .metric4xxErrors();
  }, 'destinations must include an S3 destination with a bucket the construct creates for metric4xxErrors(): got no such destination. '
    + 'Use FlowLogDestination.s3() without bucket, or turn on request metrics on your own bucket.'),

  // record formats
  thrown('formats', 'an empty custom format', () => FlowLogFormat.custom(''),
    "logFormat must have at least one field: got ''. Write fields as '${srcaddr} ${dstaddr}'."),
  thrown('formats', 'fields() with no field', () => FlowLogFormat.fields(),
    'logFormat must have at least one field: got []. Pass fields, e.g. FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR).'),
  thrown('formats', 'two spaces between fields', () => FlowLogFormat.custom('${srcaddr}  ${dstaddr}'),
    `${SINGLE_SPACES}: got '\${srcaddr}  \${dstaddr}'. ${SINGLE_SPACES_FIX}`),
  thrown('formats', 'a leading space', () => FlowLogFormat.custom(' ${srcaddr}'),
    `${SINGLE_SPACES}: got ' \${srcaddr}'. ${SINGLE_SPACES_FIX}`),
  thrown('formats', 'a tab between fields', () => FlowLogFormat.custom('${srcaddr}\t${dstaddr}'),
    `${SINGLE_SPACES}: got '\${srcaddr}\t\${dstaddr}'. ${SINGLE_SPACES_FIX}`),
  thrown('formats', 'a field without ${}', () => FlowLogFormat.custom('${srcaddr} dstaddr'),
    `${FIELD_SYNTAX}: got 'dstaddr'. Write it like '\${srcaddr}'.`),
  thrown('formats', 'an upper-case field name', () => FlowLogFormat.custom('${SrcAddr}'),
    `${FIELD_SYNTAX}: got '\${SrcAddr}'. Write it like '\${srcaddr}'.`),
  thrown('formats', 'an empty field name', () => FlowLogFormat.custom('${srcaddr} ${}'),
    `${FIELD_SYNTAX}: got '\${}'. Write it like '\${srcaddr}'.`),
  thrown('formats', 'a field twice', () => FlowLogFormat.custom('${srcaddr} ${dstaddr} ${srcaddr}'),
    "logFormat must not have a field twice: got 'srcaddr'. Remove the second one."),
  thrown('formats', "a field twice in fields() (same message as 'a field twice': custom() and fields() share one check)",
    () => FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.SRCADDR),
    "logFormat must not have a field twice: got 'srcaddr'. Remove the second one."),
  thrown('formats', 'a record version past the newest the library knows', () => FlowLogFormat.allFieldsUpToVersion(12),
    `FlowLogFormat.allFieldsUpToVersion ${UP_TO_VERSION_RULE}: got 12. ${UP_TO_VERSION_FIX}`),
  thrown('formats', 'a record version before the first (2)', () => FlowLogFormat.allFieldsUpToVersion(1),
    `FlowLogFormat.allFieldsUpToVersion ${UP_TO_VERSION_RULE}: got 1. ${UP_TO_VERSION_FIX}`),
  thrown('formats', 'a bad field name for of()', () => FlowLogField.of('${srcaddr}'),
    `${FIELD_OF_RULE}: got '\${srcaddr}'. ${FIELD_OF_FIX}`),
  thrown('formats', 'an upper-case field name for of()', () => FlowLogField.of('Pkt-SrcAddr'),
    `${FIELD_OF_RULE}: got 'Pkt-SrcAddr'. ${FIELD_OF_FIX}`),
  thrown('formats', 'a double hyphen in a field name for of()', () => FlowLogField.of('pkt--srcaddr'),
    `${FIELD_OF_RULE}: got 'pkt--srcaddr'. ${FIELD_OF_FIX}`),
  thrown('formats', 'a VPC-only field for a transit gateway', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayId(TGW)], logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.ACTION),
  }), "logFormat has fields that TransitGateway flow logs do not accept: got ['action']. "
    + 'Remove action, or log this target with a FlowLogArchive of its own and a format for transit gateways.'),
  thrown('formats', 'a VPC-only field for a transit gateway attachment', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayAttachmentId(TGW_ATTACHMENT)],
    logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.INTERFACE_ID),
  }), "logFormat has fields that TransitGatewayAttachment flow logs do not accept: got ['interface-id']. "
    + 'Remove interface-id, or log this target with a FlowLogArchive of its own and a format for transit gateways.'),
  thrown('formats', 'a transit-gateway field for a VPC', archiveWith({ logFormat: FlowLogFormat.custom('${srcaddr} ${tgw-id}') }),
    "logFormat has fields that VPC flow logs do not accept: got ['tgw-id']. Remove tgw-id, or log this target with a FlowLogArchive of its own and a format for VPCs."),
  thrown('formats', 'transit-gateway fields for a subnet', archiveWith((scope) => ({
    targets: [FlowLogTarget.fromSubnet(newVpc(scope, 'Other').publicSubnets[0])],
    logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.TGW_ID, FlowLogField.TGW_ATTACHMENT_ID),
  })), "logFormat has fields that Subnet flow logs do not accept: got ['tgw-id', 'tgw-attachment-id']. "
    + 'Remove tgw-id, tgw-attachment-id, or log this target with a FlowLogArchive of its own and a format for VPCs.'),
  thrown('formats', 'a transit-gateway field for a network interface', archiveWith({
    targets: [FlowLogTarget.fromNetworkInterfaceId(ENI)], logFormat: FlowLogFormat.custom('${srcaddr} ${tgw-src-eni}'),
  }), "logFormat has fields that NetworkInterface flow logs do not accept: got ['tgw-src-eni']. "
    + 'Remove tgw-src-eni, or log this target with a FlowLogArchive of its own and a format for VPCs.'),

  // lifecycle
  thrown('lifecycle', 'Standard-IA sooner than 30 days', lifecycle({ infrequentAccessAfter: Duration.days(7) }),
    'lifecycle.infrequentAccessAfter must be at least 30 days (S3 moves nothing to Standard-IA sooner): got 7 days. Set it to Duration.days(30) or more.'),
  thrown('lifecycle', 'Standard-IA sooner than 30 days through the bucketProps of an archive',
    s3Destination({ bucketProps: { lifecycle: { infrequentAccessAfter: Duration.days(29) } } }),
    'lifecycle.infrequentAccessAfter must be at least 30 days (S3 moves nothing to Standard-IA sooner): got 29 days. Set it to Duration.days(30) or more.'),
  thrown('lifecycle', 'a duration that is not whole days', lifecycle({ expiration: Duration.hours(36) }),
    `lifecycle.expiration ${WHOLE_DAYS}: got 1 day 12 hours. Use Duration.days(n) with n >= 1.`),
  thrown('lifecycle', 'a transition that is not whole days', lifecycle({ deepArchiveAfter: Duration.hours(4380) }),
    `lifecycle.deepArchiveAfter ${WHOLE_DAYS}: got 182 days 12 hours. Use Duration.days(n) with n >= 1.`),
  thrown('lifecycle', 'a zero duration', lifecycle({ noncurrentVersionExpiration: Duration.days(0) }),
    `lifecycle.noncurrentVersionExpiration ${WHOLE_DAYS}: got 0 days. Use Duration.days(n) with n >= 1.`),
  thrown('lifecycle', 'Glacier Instant Retrieval before Standard-IA is over', lifecycle({ glacierInstantRetrievalAfter: Duration.days(45) }),
    'lifecycle.glacierInstantRetrievalAfter must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): '
    + 'got 45 days with lifecycle.infrequentAccessAfter 30 days. '
    + 'Set lifecycle.glacierInstantRetrievalAfter to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'),
  thrown('lifecycle', 'Glacier before Standard-IA (wrong order)', lifecycle({ glacierAfter: Duration.days(10) }),
    'lifecycle.glacierAfter must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): '
    + 'got 10 days with lifecycle.infrequentAccessAfter 30 days. Set lifecycle.glacierAfter to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'),
  thrown('lifecycle', "Glacier within Glacier Instant Retrieval's 90 days", lifecycle({ glacierInstantRetrievalAfter: Duration.days(60), glacierAfter: Duration.days(100) }),
    'lifecycle.glacierAfter must be at least 90 days after lifecycle.glacierInstantRetrievalAfter (Glacier Instant Retrieval keeps objects at least 90 days): '
    + 'got 100 days with lifecycle.glacierInstantRetrievalAfter 60 days. '
    + 'Set lifecycle.glacierAfter to Duration.days(150) or later, or move lifecycle.glacierInstantRetrievalAfter earlier.'),
  thrown('lifecycle', "Deep Archive within Glacier Instant Retrieval's 90 days", lifecycle({ glacierInstantRetrievalAfter: Duration.days(60), deepArchiveAfter: Duration.days(120) }),
    'lifecycle.deepArchiveAfter must be at least 90 days after lifecycle.glacierInstantRetrievalAfter (Glacier Instant Retrieval keeps objects at least 90 days): '
    + 'got 120 days with lifecycle.glacierInstantRetrievalAfter 60 days. '
    + 'Set lifecycle.deepArchiveAfter to Duration.days(150) or later, or move lifecycle.glacierInstantRetrievalAfter earlier.'),
  thrown('lifecycle', "Deep Archive within Glacier's 90 days", lifecycle({ glacierAfter: Duration.days(60), deepArchiveAfter: Duration.days(120) }),
    'lifecycle.deepArchiveAfter must be at least 90 days after lifecycle.glacierAfter (Glacier Flexible Retrieval keeps objects at least 90 days): '
    + 'got 120 days with lifecycle.glacierAfter 60 days. Set lifecycle.deepArchiveAfter to Duration.days(150) or later, or move lifecycle.glacierAfter earlier.'),
  thrown('lifecycle', "expiration within Deep Archive's 180 days", lifecycle({ deepArchiveAfter: Duration.days(250) }),
    'lifecycle.expiration must be at least 180 days after lifecycle.deepArchiveAfter (Glacier Deep Archive keeps objects at least 180 days): '
    + 'got 365 days with lifecycle.deepArchiveAfter 250 days. Set lifecycle.expiration to Duration.days(430) or later, or move lifecycle.deepArchiveAfter earlier.'),
  thrown('lifecycle', "expiration within Glacier's 90 days", lifecycle({ glacierAfter: Duration.days(300) }),
    'lifecycle.expiration must be at least 90 days after lifecycle.glacierAfter (Glacier Flexible Retrieval keeps objects at least 90 days): '
    + 'got 365 days with lifecycle.glacierAfter 300 days. Set lifecycle.expiration to Duration.days(390) or later, or move lifecycle.glacierAfter earlier.'),
  thrown('lifecycle', 'expiration before Standard-IA is over', lifecycle({ expiration: Duration.days(45) }),
    'lifecycle.expiration must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): '
    + 'got 45 days with lifecycle.infrequentAccessAfter 30 days. Set lifecycle.expiration to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'),

  // alarms
  thrown('alarms', 'a no-data alarm on a log group name longer than an alarm dimension',
    archiveWith((stack) => ({ destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: logs.LogGroup.fromLogGroupName(stack, 'Long', 'g'.repeat(256)) })] })),
    'logGroup has a name longer than the 255 characters of an alarm dimension, so no alarm can watch it: got a 256-character name. '
    + 'Set noDataAlarm: false on this CloudWatch Logs destination, or use a log group name of at most 255 characters.'),
  thrown('alarms', 'a VPC for the probe with the probe off',
    archiveWith((stack) => ({ alarms: { deliveryStatusProbe: false, probeVpc: newVpc(stack, 'ProbeVpc') } })),
    'alarms.probeVpc applies only to the delivery-status probe, which is off: got given with deliveryStatusProbe false. '
    + 'Remove probeVpc, or leave alarms.deliveryStatusProbe undefined.'),
  thrown('alarms', 'subnets for the probe without its VPC', archiveWith({ alarms: { probeVpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } } }),
    'alarms.probeVpcSubnets needs probeVpc: got subnets without a VPC. Pass the VPC as alarms.probeVpc too, or remove probeVpcSubnets.'),
  thrown('alarms', 'alarm period under 5 minutes', archiveWith({ alarms: { period: Duration.minutes(1) } }),
    `alarms.period must be at least 5 minutes (flow logs are delivered about every 5 minutes): got 1 minute. ${PERIOD_FIX}`),
  thrown('alarms', 'alarm period not whole minutes', archiveWith({ alarms: { period: Duration.seconds(330) } }),
    `alarms.period must be a whole number of minutes (CloudWatch alarm periods are multiples of 60 seconds): got 5 minutes 30 seconds. ${PERIOD_FIX}`),
  thrown('alarms', 'alarm period over a day', archiveWith({ alarms: { period: Duration.days(2) } }),
    `alarms.period must be at most one day (CloudWatch evaluates at most one day): got 2 days. ${PERIOD_FIX}`),
  thrown('alarms', 'alarm period a minute over a day', archiveWith({ alarms: { period: Duration.minutes(1441) } }),
    `alarms.period must be at most one day (CloudWatch evaluates at most one day): got 1 day 1 minute. ${PERIOD_FIX}`),
  thrown('alarms', 'alarm options while alarms are off', archiveWith((scope) => ({ alarms: { enabled: false, topic: new sns.Topic(scope, 'T'), period: Duration.hours(2) } })),
    'alarms.enabled is false, so other alarm options have no effect: got false with topic, period. Remove topic, period, or leave alarms.enabled undefined.'),
  thrown('alarms', 'the delivery-status probe while alarms are off', archiveWith({ alarms: { enabled: false, deliveryStatusProbe: true } }),
    'alarms.enabled is false, so other alarm options have no effect: got false with deliveryStatusProbe. '
    + 'Remove deliveryStatusProbe, or leave alarms.enabled undefined.'),
  thrown('alarms', 'a probe concurrency reservation while alarms are off', archiveWith({ alarms: { enabled: false, reserveProbeConcurrency: true } }),
    'alarms.enabled is false, so other alarm options have no effect: got false with reserveProbeConcurrency. '
    + 'Remove reserveProbeConcurrency, or leave alarms.enabled undefined.'),
  thrown('alarms', 'a probe concurrency reservation while the probe is off',
    archiveWith({ alarms: { deliveryStatusProbe: false, reserveProbeConcurrency: true } }),
    'alarms.reserveProbeConcurrency applies only to the delivery-status probe, which is off: got true with deliveryStatusProbe false. '
    + 'Remove reserveProbeConcurrency, or leave alarms.deliveryStatusProbe undefined.'),

  // FlowLogArchiveBucket
  thrown('archive bucket', 'serverAccessLogs false with a serverAccessLogsBucket', bucketWith((scope) => ({
    serverAccessLogs: false, serverAccessLogsBucket: s3.Bucket.fromBucketName(scope, 'Logs', 'logs'),
  })), 'serverAccessLogs cannot be false when serverAccessLogsBucket is given: got false and a serverAccessLogsBucket. '
    + 'Remove serverAccessLogsBucket to turn access logging off, or leave serverAccessLogs undefined.'),
  thrown('archive bucket', "serverAccessLogs false with a serverAccessLogsBucket in an archive's bucketProps "
    + "(same message as 'serverAccessLogs false with a serverAccessLogsBucket': bucketProps reach the same check)", archiveWith((scope) => ({
    destinations: [FlowLogDestination.s3({ bucketProps: { serverAccessLogs: false, serverAccessLogsBucket: s3.Bucket.fromBucketName(scope, 'Logs', 'logs') } })],
  })), 'serverAccessLogs cannot be false when serverAccessLogsBucket is given: got false and a serverAccessLogsBucket. '
    + 'Remove serverAccessLogsBucket to turn access logging off, or leave serverAccessLogs undefined.'),

  // central bucket (multi-account)
  thrown('central bucket', 'sourceAccounts with a short id', bucketWith({ sourceAccounts: ['12345'] }),
    `${ACCOUNT_IDS}: got '12345'. ${ACCOUNT_IDS_FIX}`),
  thrown('central bucket', 'sourceAccounts with 13 digits', bucketWith({ sourceAccounts: ['1234567890123'] }),
    `${ACCOUNT_IDS}: got '1234567890123'. ${ACCOUNT_IDS_FIX}`),
  thrown('central bucket', 'sourceAccounts with an ARN', bucketWith({ sourceAccounts: ['111111111111', 'arn:aws:iam::222222222222:root'] }),
    `${ACCOUNT_IDS}: got 'arn:aws:iam::222222222222:root'. ${ACCOUNT_IDS_FIX}`),
  thrown('central bucket', "sourceAccounts in an archive's bucketProps", s3Destination({ bucketProps: { sourceAccounts: ['1111-2222-3333'] } }),
    `${ACCOUNT_IDS}: got '1111-2222-3333'. ${ACCOUNT_IDS_FIX}`),
  thrown('central bucket', 'sourceAccounts empty', bucketWith({ sourceAccounts: [] }),
    "sourceAccounts must list at least one account: got []. Leave sourceAccounts undefined for this stack's account only."),
  thrown('central bucket', 'sourceAccounts as a list token', bucketWith((scope) => ({
    sourceAccounts: new CfnParameter(scope, 'Accounts', { type: 'List<String>' }).valueAsList,
  })), 'sourceAccounts must be a list of account ids, not a list token: got a list token (e.g. CfnParameter.valueAsList). '
    + 'Pass an array with one string per account; each string may be a token, such as a CfnParameter.valueAsString.'),
  thrown('central bucket', 'sourceAccounts with a duplicate', bucketWith({ sourceAccounts: ['111111111111', '111111111111'] }),
    "sourceAccounts must not list an account twice: got '111111111111'. Remove the duplicate."),
  reportedAtSynth('central bucket', 'more accounts than a bucket policy can hold', 'Stack/Archive/Bucket/Policy',
    bucketWith({ sourceAccounts: Array.from({ length: 300 }, (_, i) => String(100000000000 + i)) }),
    "sourceAccounts must keep the bucket policy within S3's limit of 20480 bytes: got 300 accounts, a 33834-byte policy. "
    + 'Use sourceOrganizationId for the accounts of an organization, or split the accounts or folders over more buckets.'),
  reportedAtSynth('archive bucket', 'more delivery folders than a bucket policy can hold', 'Stack/Archive/Bucket/Policy', () => {
    const stack = newStack();
    const archive = new FlowLogArchiveBucket(stack, 'Archive');
    Array.from({ length: 300 }, (_, i) => archive.allowFlowLogDelivery({ keyPrefix: `team-${i}` }));
    Template.fromStack(stack);
  }, "keyPrefix must keep the bucket policy within S3's limit of 20480 bytes: got 300 delivery folders, a 36343-byte policy. "
    + 'Use sourceOrganizationId for the accounts of an organization, or split the accounts or folders over more buckets.'),
  thrown('central bucket', 'sourceOrganizationId malformed', bucketWith({ sourceOrganizationId: 'org-123' }),
    `${ORGANIZATION_ID}: got 'org-123'. ${ORGANIZATION_ID_FIX}`),
  thrown('central bucket', 'sourceOrganizationId in upper case', bucketWith({ sourceOrganizationId: 'o-A1B2C3D4E5' }),
    `${ORGANIZATION_ID}: got 'o-A1B2C3D4E5'. ${ORGANIZATION_ID_FIX}`),
  thrown('central bucket', 'sourceOrganizationId too short', bucketWith({ sourceOrganizationId: 'o-abc123' }),
    `${ORGANIZATION_ID}: got 'o-abc123'. ${ORGANIZATION_ID_FIX}`),
  thrown('central bucket', 'sourceOrganizationId with sourceAccounts', bucketWith({ sourceOrganizationId: 'o-a1b2c3d4e5', sourceAccounts: ['111111111111'] }),
    'sourceOrganizationId cannot be used together with sourceAccounts: got both. '
    + 'Use sourceOrganizationId for every account of the organization, or sourceAccounts for a list.'),
  thrown('central bucket', 'object lock longer than the default expiration', bucketWith({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(400)) }),
    'lifecycle.expiration must not be shorter than objectLockRetention (400 days): got 365 days. '
    + 'Set lifecycle.expiration to Duration.days(400) or later, or shorten the retention.'),
  thrown('central bucket', 'governance-mode object lock longer than a custom expiration', bucketWith({
    lifecycle: { expiration: Duration.days(400) }, objectLockRetention: s3.ObjectLockRetention.governance(Duration.days(730)),
  }), 'lifecycle.expiration must not be shorter than objectLockRetention (730 days): got 400 days. '
    + 'Set lifecycle.expiration to Duration.days(730) or later, or shorten the retention.'),

  // enforcement
  thrown('enforcement', 'an empty exclude pattern', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, excludePaths: ['Sandbox/**', ' '] }),
    "excludePaths must not contain an empty pattern: got ' '. Remove it; use construct paths such as 'Sandbox/**'."),
  thrown('enforcement', 'an empty-string exclude pattern', () => new FlowLogEnforcement({ mode: EnforcementMode.ERROR, excludePaths: [''] }),
    "excludePaths must not contain an empty pattern: got ''. Remove it; use construct paths such as 'Sandbox/**'."),
  thrown('enforcement', 'an empty exclude tag', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, excludeTag: '' }),
    "excludeTag must not be empty: got ''. Give the tag key that marks VPCs to leave alone, or leave excludeTag undefined."),
  thrown('enforcement', 'enforcement with no destinations', () => new FlowLogEnforcement({ mode: EnforcementMode.ADD, destinations: [] }),
    'destinations must contain at least one destination: got []. Leave destinations undefined for a new S3 archive per stack.'),
  thrown('enforcement', 'flow-log options in WARN mode', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, destinations: [FlowLogDestination.s3()] }),
    "mode must be ADD when destinations is given (they only apply to flow logs it adds): got 'WARN'. Use EnforcementMode.ADD, or remove destinations."),
  thrown('enforcement', 'a traffic type in ERROR mode', () => new FlowLogEnforcement({ mode: EnforcementMode.ERROR, trafficType: ec2.FlowLogTrafficType.REJECT }),
    "mode must be ADD when trafficType is given (they only apply to flow logs it adds): got 'ERROR'. Use EnforcementMode.ADD, or remove trafficType."),
  thrown('enforcement', 'a removal policy and alarms in WARN mode', () => new FlowLogEnforcement({
    mode: EnforcementMode.WARN, alarms: { enabled: false }, removalPolicy: RemovalPolicy.DESTROY,
  }), "mode must be ADD when removalPolicy, alarms are given (they only apply to flow logs it adds): got 'WARN'. Use EnforcementMode.ADD, or remove removalPolicy, alarms."),
  thrown('enforcement', 'a record format and a flow-log name in ERROR mode', () => new FlowLogEnforcement({
    mode: EnforcementMode.ERROR, logFormat: FlowLogFormat.SECURITY, flowLogName: 'org',
  }), "mode must be ADD when logFormat, flowLogName are given (they only apply to flow logs it adds): got 'ERROR'. Use EnforcementMode.ADD, or remove logFormat, flowLogName."),
  thrown('enforcement', 'a flow-log name tags reject, before any stack is visited', () => new FlowLogEnforcement({ mode: EnforcementMode.ADD, flowLogName: 'org#1' }),
    "flowLogName may contain only letters, digits, spaces and _ . : / = + - @: got 'org#1'. Remove the other characters; the name is used as a tag value."),
  thrown('enforcement', 'one bucketName for the archives of two stacks (thrown when the aspect reaches the second)', () => {
    const app = newApp();
    ['First', 'Second'].forEach((id) => newVpc(newStack(id, app)));
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, destinations: [FlowLogDestination.s3({ bucketProps: { bucketName: 'acme-flow-logs' } })] })
      .applyTo(app);
    app.synth();
  }, 'destinations must not name the archive bucket (bucketProps.bucketName) when archives are added to more than one stack (First and Second): '
    + "got 'acme-flow-logs'. Deliver to one central bucket with FlowLogDestination.s3({ bucketArn }), or leave bucketName undefined: S3 bucket names are global."),
  thrown('enforcement', 'archiveStacks without PER_ENVIRONMENT sharing', () => {
    const app = newApp();
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveStacks: [newStack('Logging', app)] });
  }, "archiveSharing must be FlowLogArchiveSharing.PER_ENVIRONMENT when archiveStacks is given: got 'PER_STACK'. "
    + 'Pass archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT, or remove archiveStacks.'),
  thrown('enforcement', 'archive sharing in WARN mode', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT }),
    "mode must be ADD when archiveSharing is given (they only apply to flow logs it adds): got 'WARN'. Use EnforcementMode.ADD, or remove archiveSharing."),
  thrown('enforcement', 'two archive stacks in one environment', () => {
    const app = newApp();
    const env = { account: '111111111111', region: 'eu-west-1' };
    new FlowLogEnforcement({
      mode: EnforcementMode.ADD,
      archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT,
      archiveStacks: [new Stack(app, 'LoggingA', { env }), new Stack(app, 'LoggingB', { env })],
    });
  }, 'archiveStacks must name one stack per environment: LoggingA and LoggingB are both in 111111111111/eu-west-1: '
    + "got 'LoggingB'. Keep one of them; the shared archive of an environment lives in one stack."),
  thrown('enforcement', 'a named archive stack that holds flow logs to another enforcement aspect\'s shared archive', () => {
    const app = newApp();
    const env = { account: '111111111111', region: 'eu-west-1' };
    const [, b] = ['A', 'B', 'C'].map((id) => {
      const stack = new Stack(app, id, { env });
      newVpc(stack);
      return stack;
    });
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT, excludePaths: ['C/**'] }).applyTo(app);
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT, archiveStacks: [b] }).applyTo(app);
    app.synth();
  }, "archiveStacks names B, which already has a construct with id 'FlowLogEnforcement' (the flow logs of its VPCs to another archive): got 'B'. "
    + 'Name a stack of that environment whose VPCs are logged, or none (the first such stack then holds the archive).'),
  thrown('untyped callers', 'an unknown archive sharing', () => new FlowLogEnforcement({ mode: EnforcementMode.ADD, archiveSharing: 'SHARED' as any }),
    "archiveSharing must be a value of FlowLogArchiveSharing: got 'SHARED'. Use one of FlowLogArchiveSharing.PER_STACK, FlowLogArchiveSharing.PER_ENVIRONMENT."),
  thrown('enforcement', 'an invalid keyPrefix for the archives ADD mode adds (thrown when the aspect runs at synth)', enforcedWith({
    mode: EnforcementMode.ADD, destinations: [FlowLogDestination.s3({ keyPrefix: 'AWSLogs/vpc' })],
  }), `keyPrefix must not contain the folder 'AWSLogs': got 'AWSLogs/vpc'. AWS writes under <keyPrefix>/AWSLogs/ itself. ${KEY_PREFIX_FIX}`),
  thrown('enforcement', 'an invalid alarm period for the archives ADD mode adds (thrown when the aspect runs at synth)', enforcedWith({
    mode: EnforcementMode.ADD, alarms: { period: Duration.minutes(2) },
  }), `alarms.period must be at least 5 minutes (flow logs are delivered about every 5 minutes): got 2 minutes. ${PERIOD_FIX}`),

  // the organization's guardrail (#20)
  thrown('guardrail', 'a bucket name for the bucket ARN', () => new FlowLogGuardrail(newStack(), 'G', { destinationBucketArn: 'org-flow-logs' }),
    "destinationBucketArn must be an S3 bucket ARN: got 'org-flow-logs'. Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix)."),
  thrown('guardrail', 'a bucket ARN with a folder', () => new FlowLogGuardrail(newStack(), 'G', { destinationBucketArn: 'arn:aws:s3:::org-flow-logs/vpc' }),
    "destinationBucketArn must be an S3 bucket ARN: got 'arn:aws:s3:::org-flow-logs/vpc'. Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix)."),
  thrown('guardrail', 'the ARN of another service', () => new FlowLogGuardrail(newStack(), 'G', { destinationBucketArn: 'arn:aws:logs:eu-west-1:111111111111:log-group:x' }),
    "destinationBucketArn must be an S3 bucket ARN: got 'arn:aws:logs:eu-west-1:111111111111:log-group:x'. Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix)."),
  thrown('guardrail', 'an empty exclusion tag', () => new FlowLogGuardrail(newStack(), 'G', { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', excludeTag: ' ' }),
    "excludeTag must not be empty: got ' '. Give the tag key that marks VPCs to leave alone, or leave excludeTag undefined."),
  thrown('guardrail', 'a guardrail folder with a trailing slash', () => new FlowLogGuardrail(newStack(), 'G', { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', keyPrefix: 'vpc/' }),
    "keyPrefix must not end with '/': got 'vpc/'. Remove the trailing slash; the construct adds it."),
  thrown('guardrail', 'a StackSet without OUs', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, organizationalUnitIds: [] }),
    "organizationalUnitIds must not be empty: got []. Pass e.g. ['ou-ab12-cdef3456'], or the root ['r-ab12'] for the whole organization."),
  thrown('guardrail', 'an account id for an OU', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, organizationalUnitIds: ['111111111111'] }),
    "organizationalUnitIds must contain only an OU id ('ou-' ...) or the root id ('r-' ...): got '111111111111'. "
    + "Pass e.g. ['ou-ab12-cdef3456'], or the root ['r-ab12'] for the whole organization."),
  thrown('guardrail', 'a StackSet without Regions', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, regions: [] }),
    "regions must not be empty: got []. Pass e.g. ['eu-west-1', 'us-east-1']."),
  thrown('guardrail', 'an availability zone for a Region', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, regions: ['eu-west-1a'] }),
    "regions must contain only a Region name such as 'eu-west-1': got 'eu-west-1a'. Pass e.g. ['eu-west-1', 'us-east-1']."),
  thrown('guardrail', 'no concurrency', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, maxConcurrentPercentage: 0 }),
    'maxConcurrentPercentage must be a whole number from 1 to 100: got 0. Pass e.g. 25.'),
  thrown('guardrail', 'a failure tolerance above 100 %', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, failureTolerancePercentage: 150 }),
    'failureTolerancePercentage must be a whole number from 0 to 100: got 150. Pass e.g. 10.'),
  thrown('guardrail', 'a StackSet with a bucket name for the bucket ARN', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, destinationBucketArn: 'b' }),
    "destinationBucketArn must be an S3 bucket ARN: got 'b'. Pass the bucket's ARN, e.g. 'arn:aws:s3:::org-flow-logs' (no folder: use keyPrefix)."),
  thrown('untyped callers', 'an unknown StackSet caller', () => new FlowLogGuardrailStackSet(newStack(), 'S', { ...STACK_SET, callAs: 'ADMIN' as any }),
    "callAs must be a value of StackSetCaller: got 'ADMIN'. Use one of StackSetCaller.SELF, StackSetCaller.DELEGATED_ADMIN."),
  thrown('guardrail', 'an SCP exempting nobody', () => new FlowLogProtectionPolicy(newStack(), 'P', { exemptPrincipalArns: [] }),
    'exemptPrincipalArns must not be empty: got []. Name at least the role that administers flow logs; with none, nobody could delete a flow log in the accounts it applies to.'),
  thrown('guardrail', 'a role name for an exempt principal ARN', () => new FlowLogProtectionPolicy(newStack(), 'P', { exemptPrincipalArns: ['platform-admin'] }),
    "exemptPrincipalArns must contain only IAM principal ARNs: got 'platform-admin'. Pass e.g. 'arn:aws:iam::*:role/platform-admin'."),
  thrown('guardrail', 'a bucket name for an archive bucket ARN', () => new FlowLogProtectionPolicy(newStack(), 'P', {
    exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'], archiveBucketArns: ['org-flow-logs'],
  }), "archiveBucketArns must contain only S3 bucket ARNs: got 'org-flow-logs'. Pass e.g. 'arn:aws:s3:::org-flow-logs'."),
  thrown('guardrail', 'an SCP above 5,120 characters', () => new FlowLogProtectionPolicy(newStack(), 'P', {
    exemptPrincipalArns: Array.from({ length: 150 }, (_, i) => `arn:aws:iam::*:role/platform-admin-${i}`),
  }), 'exemptPrincipalArns make the policy 6220 characters, above the 5120 of an SCP: got 150 ARNs. Use fewer ARNs, e.g. one wildcard pattern such as arn:aws:iam::*:role/platform-*.'),

  // queries
  thrown('queries', 'addQueries without an S3 destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()],
    }).addQueries();
  }, 'destinations must include an S3 destination for addQueries(): got no S3 destination. '
    + 'Add FlowLogDestination.s3() to destinations; CloudWatch Logs has its own query language (Logs Insights).'),
  thrown('queries', 'addQueries twice', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    archive.addQueries();
    archive.addQueries();
  }, 'addQueries can be called only once per FlowLogArchive: got a second call. Keep the FlowLogQueries the first call returned.'),
  thrown('queries', 'a database name with upper case and hyphens', queriesWith({ databaseName: 'Flow-Logs' }),
    `databaseName ${ATHENA_NAME}: got 'Flow-Logs'. Athena folds names to lower case; use e.g. 'flow_logs'.`),
  thrown('queries', 'an empty database name', queriesWith({ databaseName: '' }),
    "databaseName must not be empty: got ''. Leave databaseName undefined for the default, or use e.g. 'flow_logs'."),
  thrown('queries', 'a database name too long for the saved-query names', queriesWith({ databaseName: 'd'.repeat(97) }),
    "databaseName must be at most 96 characters long (saved queries are named '<databaseName>: <report>', which Athena limits to 128 characters): "
    + `got '${'d'.repeat(97)}'. Use a shorter databaseName, e.g. 'flow_logs'.`),
  thrown('queries', 'a database name too long for the saved queries\' names', queriesWith({ databaseName: 'f'.repeat(97) }),
    "databaseName must be at most 96 characters long (saved queries are named '<databaseName>: <report>', which Athena limits to 128 characters): "
    + `got '${'f'.repeat(97)}'. Use a shorter databaseName, e.g. 'flow_logs'.`),
  thrown('queries', 'a first year before VPC Flow Logs existed', queriesWith({ firstYear: 2010 }),
    `firstYear ${FIRST_YEAR_RULE}: got 2010. ${FIRST_YEAR_FIX}`),
  thrown('queries', 'a first year that is not a whole number', queriesWith({ firstYear: 2024.5 }),
    `firstYear ${FIRST_YEAR_RULE}: got 2024.5. ${FIRST_YEAR_FIX}`),
  thrown('queries', 'a first year after the projection ends', queriesWith({ firstYear: 2101 }),
    `firstYear ${FIRST_YEAR_RULE}: got 2101. ${FIRST_YEAR_FIX}`),
  thrown('queries', 'a table name with upper case', queriesWith({ tableName: 'VPC_Flow_Logs' }),
    `tableName ${ATHENA_NAME}: got 'VPC_Flow_Logs'. Athena folds names to lower case; use e.g. 'vpc_flow_logs'.`),
  thrown('queries', 'an empty table name', queriesWith({ tableName: '' }),
    "tableName must not be empty: got ''. Leave tableName undefined for the default, or use e.g. 'flow_logs'."),
  thrown('queries', 'a table name over 255 characters', queriesWith({ tableName: 't'.repeat(256) }),
    `tableName must be at most 255 characters long: got '${'t'.repeat(256)}'. Use a shorter tableName, e.g. 'flow_logs'.`),
  thrown('queries', 'a field unknown to the library named like a partition key', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], logFormat: FlowLogFormat.custom('${srcaddr} ${year} ${aws-region}'),
    }).addQueries();
  }, "logFormat has fields whose columns would repeat the query table's partition keys (aws_account_id, aws_region, year, month, day), "
    + "which Athena rejects: got ['year', 'aws-region']. "
    + "Remove them from logFormat to use addQueries(); the partition keys already hold each file's account, Region and date."),
  thrown('queries', 'a bytes-scanned cutoff below 10 MB', queriesWith({ bytesScannedCutoffPerQuery: Size.mebibytes(9) }),
    'bytesScannedCutoffPerQuery must be at least 10,000,000 bytes (Athena rejects smaller cutoffs): got 9437184 bytes. '
    + 'Use Size.mebibytes(10) or more, or leave bytesScannedCutoffPerQuery undefined for no limit.'),

  // traffic alarms: conditions (checked as they are made), matches, the alarm
  thrown('untyped callers', 'a traffic alarm without options', trafficAlarmWith(undefined as any),
    'options must be an object of TrafficAlarmOptions: got undefined. Pass e.g. { match: TrafficMatch.rejected() }.'),
  thrown('untyped callers', 'a preset name where the match belongs', trafficAlarmWith({ match: 'rejected' } as any),
    "match must be a TrafficMatch: got 'rejected'. Use a preset such as TrafficMatch.rejected(), or TrafficMatch.where(...conditions)."),
  thrown('untyped callers', 'a misspelt traffic alarm option', trafficAlarmWith({ match: TrafficMatch.rejected(), treshold: 10 } as any),
    "treshold is not an option of TrafficAlarmOptions: got 'treshold'. Did you mean 'threshold'? Correct the spelling."),
  thrown('traffic alarms', 'a port compared with text', () => TrafficCondition.equalTo(FlowLogField.DSTPORT, 'ssh'),
    `TrafficCondition.equalTo compares dstport, a number field, with text: got 'ssh'. ${NUMBER_FIELD}`),
  thrown('traffic alarms', 'a value with a space', () => TrafficCondition.notEqualTo(FlowLogField.INTERFACE_ID, 'eni-0 1'),
    `TrafficCondition.notEqualTo ${VALUE_CHARACTERS}: got 'eni-0 1'. ${VALUE_FIX}`),
  thrown('traffic alarms', 'a prefix with its own wildcard', () => TrafficCondition.startsWith(FlowLogField.SRCADDR, '10.*'),
    `TrafficCondition.startsWith ${VALUE_CHARACTERS}: got '10.*'. ${VALUE_FIX}`),
  thrown('traffic alarms', 'an action in lower case', () => TrafficCondition.equalTo(FlowLogField.ACTION, 'reject'),
    "TrafficCondition.equalTo compares action with a value it never has: got 'reject'. action is ACCEPT or REJECT (case matters), or - in records without data."),
  thrown('traffic alarms', 'a flow direction that is not ingress or egress', () => TrafficCondition.anyOf(FlowLogField.FLOW_DIRECTION, ['ingress', 'inbound']),
    "TrafficCondition.anyOf compares flow-direction with a value it never has: got 'inbound'. flow-direction is ingress or egress (case matters), or - in records without data."),
  thrown('traffic alarms', 'a text field compared with a number', () => TrafficCondition.greaterThan(FlowLogField.ACTION, 5),
    'TrafficCondition.greaterThan compares action, a text field, with a number: got 5. Use TrafficCondition.equalTo or TrafficCondition.anyOf for action.'),
  thrown('traffic alarms', 'a port above 65535', () => TrafficCondition.numberIn(FlowLogField.DSTPORT, [22, 70000]),
    'TrafficCondition.numberIn compares dstport with a number it never has: got 70000. Ports are whole numbers from 0 to 65535.'),
  thrown('traffic alarms', 'a protocol above 255', () => TrafficCondition.atMost(FlowLogField.PROTOCOL, 300),
    'TrafficCondition.atMost compares protocol with a number it never has: got 300. Protocols are IANA numbers from 0 to 255, e.g. 6 (TCP) or 17 (UDP).'),
  thrown('traffic alarms', 'a fraction of a byte', () => TrafficCondition.atLeast(FlowLogField.BYTES, 1.5),
    'TrafficCondition.atLeast compares bytes with a number it never has: got 1.5. Flow-log numbers are whole numbers of at least 0.'),
  thrown('traffic alarms', 'no ports', () => TrafficMatch.toPorts([]),
    "TrafficCondition.numberIn needs at least one value: got []. Pass the values to match, e.g. [22, 3389] or ['REJECT']."),
  thrown('traffic alarms', 'an address block on a field without addresses', () => TrafficCondition.inCidr(FlowLogField.INTERFACE_ID, '10.0.0.0/8'),
    `TrafficCondition.inCidr needs a field that holds IP addresses: got 'interface-id'. ${ADDRESS_FIELD_FIX}`),
  thrown('traffic alarms', 'private ranges of a port', () => TrafficCondition.outsidePrivateRanges(FlowLogField.DSTPORT),
    `TrafficCondition.outsidePrivateRanges needs a field that holds IP addresses: got 'dstport'. ${ADDRESS_FIELD_FIX}`),
  thrown('traffic alarms', 'an address block known only at deploy time', () => TrafficCondition.inCidr(FlowLogField.SRCADDR, token('10.0.0.0/8')),
    'TrafficCondition.inCidr must be known at synth (the block becomes text prefixes in the filter pattern): got a token. '
    + "Pass the block as a literal string, e.g. '203.0.113.0/24'."),
  thrown('traffic alarms', 'an IPv6 block', () => TrafficCondition.inCidr(FlowLogField.SRCADDR, '2001:db8::/32'),
    'TrafficCondition.inCidr cannot select IPv6 blocks (flow logs write IPv6 addresses shortened, e.g. 2001:db8::1, so a block is no text prefix): '
    + "got '2001:db8::/32'. Use TrafficCondition.startsWith with the address text, or CloudWatch Logs Insights (isIpInSubnet) for IPv6 blocks."),
  thrown('traffic alarms', 'an address block without its length', () => TrafficCondition.inCidr(FlowLogField.SRCADDR, '10.0.0.0'),
    "TrafficCondition.inCidr takes an IPv4 block in CIDR notation: got '10.0.0.0'. Write it like '203.0.113.0/24'."),
  thrown('traffic alarms', 'an address block that does not start its block', () => TrafficCondition.inCidr(FlowLogField.DSTADDR, '10.1.0.0/8'),
    "TrafficCondition.inCidr takes the first address of the block: got '10.1.0.0/8'. Clear the bits after the first 8, e.g. write 10.0.0.0/8 rather than 10.1.0.0/8."),
  thrown('traffic alarms', 'a /25, 128 addresses a pattern would list one by one', () => TrafficCondition.inCidr(FlowLogField.SRCADDR, '192.0.2.0/25'),
    `TrafficCondition.inCidr ${CIDR_PREFIXES}: got '192.0.2.0/25'. ${CIDR_PREFIXES_FIX}`),
  thrown('traffic alarms', 'every address (/0)', () => TrafficCondition.inCidr(FlowLogField.SRCADDR, '0.0.0.0/0'),
    `TrafficCondition.inCidr ${CIDR_PREFIXES}: got '0.0.0.0/0'. ${CIDR_PREFIXES_FIX}`),
  thrown('traffic alarms', 'a match without conditions', () => TrafficMatch.where(),
    'TrafficMatch.where needs at least one condition: got none. Pass conditions, e.g. TrafficMatch.where(TrafficCondition.numberIn(FlowLogField.DSTPORT, [23])).'),
  thrown('traffic alarms', 'a match on a field the format lacks',
    trafficAlarmWith({ match: TrafficMatch.where(TrafficCondition.equalTo(FlowLogField.VPC_ID, 'vpc-0123456789abcdef0')) }),
    "match needs a field the archive's records lack: got 'vpc-id'. Add FlowLogField.VPC_ID to logFormat, or drop the condition on vpc-id."),
  thrown('traffic alarms', 'rejected traffic of transit gateways, which record no action', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromTransitGatewayId(TGW)], destinations: [FlowLogDestination.cloudWatchLogs()] })
      .addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
  }, "match needs a field the archive's transit gateway records lack: got 'action'. "
    + 'Transit gateway flow logs do not record action; match on fields they record, such as srcaddr, dstport or packets-lost-no-route.'),
  thrown('traffic alarms', 'a choice of ports and another condition on the port', trafficAlarmWith({
    match: TrafficMatch.remoteAdministrationFromPublicAddresses().and(TrafficCondition.atMost(FlowLogField.DSTPORT, 1023)),
  }), "match combines a choice of values with other conditions on one field, which a filter pattern cannot express: got ['dstport is 22 or 3389', "
    + "'dstport is at most 1023']. Fold them into one condition on dstport, or give each its own alarm."),
  thrown('traffic alarms', 'three address fields outside the private ranges, over 1,024 characters', trafficAlarmWith({
    match: TrafficMatch.where(...[FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.PKT_SRCADDR]
      .map((f) => TrafficCondition.outsidePrivateRanges(f))),
  }, { logFormat: FlowLogFormat.SECURITY }), 'match makes a filter pattern longer than the 1024 characters CloudWatch Logs accepts: got 1650 characters. '
    + 'Match fewer values, or move the fields you match towards the start of logFormat (the fields after the last one matched are written as ...).'),
  thrown('traffic alarms', 'alarms off and no topic', trafficAlarmWith({ match: TrafficMatch.rejected() }, { alarms: { enabled: false } }),
    "topic is needed when the archive has no alarm topic (alarms.enabled is false): got none. Pass topic to addTrafficAlarm(), or leave alarms.enabled undefined to get the archive's topic."),
  thrown('traffic alarms', 'a 101st traffic alarm on one log group', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()] });
    Array.from({ length: 101 }, (_, i) => archive.addTrafficAlarm(`Port${i}`, { match: TrafficMatch.toPorts([i]) }));
  }, 'addTrafficAlarm would put more than 100 metric filters on one log group, the CloudWatch Logs quota that cannot be raised: got 101 traffic alarms. '
    + 'Combine matches into fewer alarms, or deliver to a second log group with an archive of its own.'),
  thrown('traffic alarms', 'a threshold of 0', trafficAlarmWith({ match: TrafficMatch.rejected(), threshold: 0 }),
    'threshold must be a whole number of records, at least 1: got 0. Use e.g. 1 to hear of every matching record, or 100 for a spike.'),
  thrown('traffic alarms', 'a period under a minute', trafficAlarmWith({ match: TrafficMatch.rejected(), period: Duration.seconds(30) }),
    `${PERIOD_RULE}: got 30 seconds. ${TRAFFIC_PERIOD_FIX}`),
  thrown('traffic alarms', 'a period that is not whole minutes', trafficAlarmWith({ match: TrafficMatch.rejected(), period: Duration.seconds(90) }),
    `${PERIOD_RULE}: got 1 minute 30 seconds. ${TRAFFIC_PERIOD_FIX}`),
  thrown('traffic alarms', 'a period over a day', trafficAlarmWith({ match: TrafficMatch.rejected(), period: Duration.days(2) }),
    `${PERIOD_RULE}: got 2 days. ${TRAFFIC_PERIOD_FIX}`),
  thrown('traffic alarms', 'a log format known only at deploy time', trafficAlarmWith({ match: TrafficMatch.rejected() },
    { logFormat: FlowLogFormat.custom(token('${action}')) }),
  'logFormat must be known at synth for addTrafficAlarm(), which reads records by the position of their fields: got a token. '
    + 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.'),
  thrown('traffic alarms', 'addTrafficAlarm without a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
  }, 'destinations must include a CloudWatch Logs destination for addTrafficAlarm(): got S3 destinations only. '
    + 'Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.'),

  // saved CloudWatch Logs Insights queries
  thrown('Insights queries', 'addInsightsQueries without a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).addInsightsQueries();
  }, 'destinations must include a CloudWatch Logs destination for addInsightsQueries(): got S3 destinations only. '
    + 'Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.'),
  thrown('Insights queries', 'addInsightsQueries twice', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()] });
    archive.addInsightsQueries();
    archive.addInsightsQueries();
  }, 'addInsightsQueries can be called only once per FlowLogArchive: got a second call. Keep the FlowLogInsightsQueries the first call returned.'),
  thrown('Insights queries', 'a log format known only at deploy time, for the queries', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()], logFormat: FlowLogFormat.custom(token('${action}')),
    }).addInsightsQueries();
  }, 'logFormat must be known at synth for addInsightsQueries(), which reads records by the position of their fields: got a token. '
    + 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.'),

  // Firehose destination
  thrown('untyped callers', 'FlowLogDestination.firehose() without options', archiveWith({ destinations: [FlowLogDestination.firehose(undefined as any)] }),
    'options must be an object of FirehoseDestinationOptions: got undefined. Pass e.g. FlowLogDestination.firehose({ deliveryStream }), or { deliveryStreamArn }.'),
  thrown('untyped callers', 'a misspelt Firehose option', firehoseDestination({ deliveryStreamArn: OWN_STREAM, noDataAlrm: false } as any),
    "noDataAlrm is not an option of FirehoseDestinationOptions: got 'noDataAlrm'. Did you mean 'noDataAlarm'? Correct the spelling."),
  thrown('Firehose destination', 'neither deliveryStream nor deliveryStreamArn', firehoseDestination({}),
    'deliveryStream or deliveryStreamArn must be given: got neither. Pass the stream, e.g. FlowLogDestination.firehose({ deliveryStream }), '
    + "or its ARN, e.g. 'arn:aws:firehose:eu-west-1:222222222222:deliverystream/flow-logs'."),
  thrown('Firehose destination', 'deliveryStream and deliveryStreamArn together', firehoseDestination((scope) => ({
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(scope, 'S', OWN_STREAM), deliveryStreamArn: OWN_STREAM,
  })), 'deliveryStreamArn cannot be used together with deliveryStream: got both. Pass either the delivery stream or its ARN.'),
  thrown('Firehose destination', 'an S3 bucket ARN as deliveryStreamArn', firehoseDestination({ deliveryStreamArn: 'arn:aws:s3:::flow-logs' }),
    `${STREAM_ARN_RULE}: got 'arn:aws:s3:::flow-logs'. ${STREAM_ARN_FIX}`),
  thrown('Firehose destination', 'a Kinesis data stream ARN as deliveryStreamArn',
    firehoseDestination({ deliveryStreamArn: 'arn:aws:kinesis:eu-west-1:111111111111:stream/flow-logs' }),
    `${STREAM_ARN_RULE}: got 'arn:aws:kinesis:eu-west-1:111111111111:stream/flow-logs'. ${STREAM_ARN_FIX}`),
  thrown('Firehose destination', 'a delivery stream name as deliveryStreamArn', firehoseDestination({ deliveryStreamArn: 'flow-logs' }),
    `${STREAM_ARN_RULE}: got 'flow-logs'. ${STREAM_ARN_FIX}`),
  thrown('Firehose destination', 'crossAccountRoleArn with a stream of this account', firehoseDestination({ deliveryStreamArn: OWN_STREAM, crossAccountRoleArn: HUB_ROLE }),
    `crossAccountRoleArn must not be given for a delivery stream in this account: got '${HUB_ROLE}'. `
    + 'Remove crossAccountRoleArn: a flow log to a stream of its own account needs no role.'),
  thrown('Firehose destination', "crossAccountRoleArn with a stream defined in the app (same message as 'crossAccountRoleArn with a stream of this account': the stream's account is the stack's)", firehoseDestination((scope) => ({
    deliveryStream: new firehose.DeliveryStream(scope, 'Stream', { destination: new firehose.S3Bucket(new s3.Bucket(scope, 'B')) }),
    crossAccountRoleArn: HUB_ROLE,
  })), `crossAccountRoleArn must not be given for a delivery stream in this account: got '${HUB_ROLE}'. `
    + 'Remove crossAccountRoleArn: a flow log to a stream of its own account needs no role.'),
  thrown('Firehose destination', 'a stream in another account without crossAccountRoleArn', firehoseDestination({ deliveryStreamArn: OTHER_STREAM }),
    'crossAccountRoleArn must be given for a delivery stream in another account: got a stream in account 222222222222. '
    + 'Deploy a FlowLogFirehoseCrossAccountRole in 222222222222 that trusts this account, and pass its roleArn.'),
  thrown('Firehose destination', "an imported stream of another account without crossAccountRoleArn (same message as 'a stream in another account without crossAccountRoleArn': the account comes from the ARN either way)", firehoseDestination((scope) => ({
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(scope, 'S', OTHER_STREAM),
  })), 'crossAccountRoleArn must be given for a delivery stream in another account: got a stream in account 222222222222. '
    + 'Deploy a FlowLogFirehoseCrossAccountRole in 222222222222 that trusts this account, and pass its roleArn.'),
  thrown('Firehose destination', 'a user ARN as crossAccountRoleArn', firehoseDestination({
    deliveryStreamArn: OTHER_STREAM, crossAccountRoleArn: 'arn:aws:iam::222222222222:user/AWSLogDeliveryFirehoseCrossAccountRole',
  }), "crossAccountRoleArn must be an IAM role ARN ('arn:aws:iam::<account>:role/<name>'): got 'arn:aws:iam::222222222222:user/AWSLogDeliveryFirehoseCrossAccountRole'. "
    + "Pass the roleArn of the FlowLogFirehoseCrossAccountRole in the delivery stream's account."),
  thrown('Firehose destination', 'a crossAccountRoleArn without the name AWS requires', firehoseDestination({
    deliveryStreamArn: OTHER_STREAM, crossAccountRoleArn: 'arn:aws:iam::222222222222:role/flow-logs/FirehoseDelivery',
  }), 'crossAccountRoleArn must name a role whose name starts with AWSLogDeliveryFirehoseCrossAccountRole (AWS requires it): '
    + "got 'arn:aws:iam::222222222222:role/flow-logs/FirehoseDelivery'. Use the role a FlowLogFirehoseCrossAccountRole creates, or rename your role."),
  thrown('Firehose destination', "a crossAccountRoleArn in another account than the stream's", firehoseDestination({
    deliveryStreamArn: OTHER_STREAM, crossAccountRoleArn: 'arn:aws:iam::333333333333:role/AWSLogDeliveryFirehoseCrossAccountRole',
  }), "crossAccountRoleArn must be a role in the delivery stream's account: got 'arn:aws:iam::333333333333:role/AWSLogDeliveryFirehoseCrossAccountRole'. "
    + 'Use the role of account 222222222222, where the stream is.'),
  thrown('Firehose destination', 'fileFormat (Parquet) on a Firehose destination', firehoseDestination({
    deliveryStreamArn: OWN_STREAM, fileFormat: ec2.FlowLogFileFormat.PARQUET,
  } as any), `fileFormat does not apply to a Firehose destination: got fileFormat in FlowLogDestination.firehose(). ${S3_OPTION_FIX}`),
  thrown('Firehose destination', 'keyPrefix on a Firehose destination', firehoseDestination({ deliveryStreamArn: OWN_STREAM, keyPrefix: 'vpc' } as any),
    `keyPrefix does not apply to a Firehose destination: got keyPrefix in FlowLogDestination.firehose(). ${S3_OPTION_FIX}`),
  thrown('Firehose destination', 'a stream fed by a Kinesis data stream', firehoseDestination((scope) => ({
    deliveryStream: new firehose.DeliveryStream(scope, 'Stream', {
      source: new firehose.KinesisStreamSource(new kinesis.Stream(scope, 'Source')),
      destination: new firehose.S3Bucket(new s3.Bucket(scope, 'B')),
    }),
  })), "deliveryStream must take records by Direct PUT (VPC Flow Logs writes to it directly): got 'KinesisStreamAsSource'. "
    + 'Use a delivery stream without a source (DeliveryStreamType DirectPut).'),
  thrown('destinations', 'the same delivery stream twice', archiveWith({
    destinations: [FlowLogDestination.firehose({ deliveryStreamArn: OWN_STREAM }), FlowLogDestination.firehose({ deliveryStreamArn: OWN_STREAM })],
  }), `destinations must not deliver to the same place twice: got 'firehose/flow-logs'. ${DUPLICATE_DESTINATION_FIX}`),

  // the delivery-stream account's FlowLogFirehoseCrossAccountRole
  thrown('Firehose cross-account role', 'neither sourceAccounts nor sourceOrganizationId', crossAccountRoleWith({}),
    'sourceAccounts or sourceOrganizationId must be given, not both: got neither. '
    + "Pass the accounts whose flow logs deliver here, e.g. sourceAccounts: ['111111111111'], or sourceOrganizationId: 'o-a1b2c3d4e5'."),
  thrown('Firehose cross-account role', 'sourceAccounts and sourceOrganizationId together',
    crossAccountRoleWith({ sourceAccounts: ['222222222222'], sourceOrganizationId: 'o-a1b2c3d4e5' }),
    'sourceAccounts or sourceOrganizationId must be given, not both: got both. '
    + "Pass the accounts whose flow logs deliver here, e.g. sourceAccounts: ['111111111111'], or sourceOrganizationId: 'o-a1b2c3d4e5'."),
  thrown('Firehose cross-account role', "sourceOrganizationId malformed (same message as 'sourceOrganizationId malformed': the central bucket's rule)",
    crossAccountRoleWith({ sourceOrganizationId: 'org-123' }), `${ORGANIZATION_ID}: got 'org-123'. ${ORGANIZATION_ID_FIX}`),
  thrown('Firehose cross-account role', 'sourceAccounts empty, for the role', crossAccountRoleWith({ sourceAccounts: [] }),
    'sourceAccounts must list at least one account id: got []. Pass an array with one string per account, or use sourceOrganizationId.'),
  thrown('Firehose cross-account role', "sourceAccounts with an ARN (same message as 'sourceAccounts with an ARN': the central bucket's rule)",
    crossAccountRoleWith({ sourceAccounts: ['arn:aws:iam::222222222222:root'] }), `${ACCOUNT_IDS}: got 'arn:aws:iam::222222222222:root'. ${ACCOUNT_IDS_FIX}`),
  thrown('Firehose cross-account role', 'sourceAccounts with an account twice',
    crossAccountRoleWith({ sourceAccounts: ['222222222222', '333333333333', '222222222222'] }),
    "sourceAccounts must not list an account twice: got '222222222222'. Remove the duplicate."),
  thrown('Firehose cross-account role', 'more source accounts than a trust policy can hold',
    crossAccountRoleWith({ sourceAccounts: Array.from({ length: 130 }, (_, i) => String(100000000000 + i)) }),
    "sourceAccounts makes the trust policy longer than IAM's 2048 characters: got 130 accounts (2212 characters). "
    + 'Use sourceOrganizationId, whose trust policy stays one size.'),
  thrown('Firehose cross-account role', 'no delivery streams', crossAccountRoleWith({ deliveryStreams: [], sourceAccounts: ['222222222222'] }),
    'deliveryStreams must list at least one delivery stream: got none. Pass the streams flow logs may be delivered to, e.g. deliveryStreams: [stream].'),
  thrown('Firehose cross-account role', 'a delivery stream of another account', () => {
    const stack = newStack();
    new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamArn(stack, 'Stream', OTHER_STREAM)], sourceAccounts: ['333333333333'],
    });
  }, 'deliveryStreams must be in the account of the role: got a stream of account 222222222222. '
    + 'Deploy a FlowLogFirehoseCrossAccountRole in each account that owns a delivery stream.'),
  thrown('Firehose cross-account role', 'a roleName without the prefix AWS requires',
    crossAccountRoleWith({ sourceAccounts: ['222222222222'], roleName: 'FlowLogDelivery' }),
    'roleName must start with AWSLogDeliveryFirehoseCrossAccountRole (AWS requires it) and be at most 64 of the characters IAM allows: '
    + "got 'FlowLogDelivery'. Use e.g. 'AWSLogDeliveryFirehoseCrossAccountRole-network', or leave roleName undefined."),

  // The organization's query table (FlowLogArchiveBucket.addQueries) and EC2 tag fields
  thrown('formats', 'withTagKeys on a preset', () => FlowLogFormat.SECURITY.withTagKeys({ instance: ['team'] }),
    'withTagKeys needs a format with EC2 tag fields: got the security preset. '
    + 'Use FlowLogFormat.fields(...) with FlowLogField.INSTANCE_TAG, INTERFACE_TAG or ASG_TAG.'),
  thrown('formats', 'tag keys for a resource type without its tag field', () => TAGGED.withTagKeys({ instance: ['team'], autoScalingGroup: ['team'] }),
    "withTagKeys.autoScalingGroup needs a tag field for auto-scaling-group in the format: got ['team']. Add asg-tag to the format, or remove autoScalingGroup."),
  thrown('formats', 'a tag field without a tag key', archiveWith({ logFormat: TAGGED }),
    "logFormat has EC2 tag fields without a tag key: got ['instance-tag']. Name the tag keys with format.withTagKeys({ instance: ['team'] })."),
  thrown('formats', 'tag keys as a list token', () => TAGGED.withTagKeys({ instance: Token.asList(Lazy.list({ produce: () => ['team'] })) }),
    'withTagKeys.instance must be a list of tag keys, not a list token: got a list token. Pass an array of strings; each string may be a token.'),
  thrown('formats', 'three tag keys for one resource type', () => TAGGED.withTagKeys({ instance: ['team', 'app', 'env'] }),
    "withTagKeys.instance must have 1 or 2 tag keys (AWS's limit per resource type): got ['team', 'app', 'env']. "
    + "Keep the one or two tag keys the records should show, e.g. ['team']."),
  thrown('formats', 'a tag key over 128 characters', () => TAGGED.withTagKeys({ networkInterface: ['k'.repeat(129)] }),
    `withTagKeys.networkInterface must have tag keys of 1 to 128 characters: got '${'k'.repeat(129)}'. Use the tag's key as written on the resource, e.g. 'team'.`),
  thrown('formats', 'a tag key twice', () => TAGGED.withTagKeys({ instance: ['team', 'team'] }),
    "withTagKeys.instance must not have a tag key twice: got 'team'. Remove the second one."),
  thrown('queries', 'FlowLogQueryAccounts.of a list token', () => FlowLogQueryAccounts.of(...Token.asList(Lazy.list({ produce: () => ['111111111111'] }))),
    'FlowLogQueryAccounts.of takes account ids, not a list token: got a list token. Pass one string per account; each string may be a token.'),
  thrown('queries', 'FlowLogQueryAccounts.of no account', () => FlowLogQueryAccounts.of(),
    'FlowLogQueryAccounts.of takes at least one account: got []. '
    + 'List the accounts, or use FlowLogQueryAccounts.injected() for an organization whose accounts you do not list.'),
  thrown('queries', 'FlowLogQueryAccounts.of a short account id', () => FlowLogQueryAccounts.of('12345'),
    "FlowLogQueryAccounts.of takes 12-digit account ids: got '12345'. Write each account id as 12 digits in quotes, e.g. '123456789012'."),
  thrown('queries', 'FlowLogQueryAccounts.of an account twice', () => FlowLogQueryAccounts.of('111111111111', '111111111111'),
    "FlowLogQueryAccounts.of must not list an account twice: got '111111111111'. Remove the duplicate."),
  thrown('queries', 'a central bucket\'s addQueries twice', centralQueriesWith({ regions: ['eu-west-1'] }, (bucket) => bucket.addQueries({ regions: ['eu-west-1'] })),
    'addQueries can be called only once per FlowLogArchiveBucket: got a second call. Keep the FlowLogQueries the first call returned.'),
  thrown('queries', 'a central table\'s logFormat as a token', centralQueriesWith({ regions: ['eu-west-1'], logFormat: FlowLogFormat.custom(token('${srcaddr}')) }),
    'logFormat must be known at synth for addQueries(), which reads records by the position of their fields: got a token. '
    + 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.'),
  thrown('queries', 'an organization-wide bucket\'s table without accounts', centralQueriesWith({ regions: ['eu-west-1'] }, undefined, { sourceOrganizationId: 'o-a1b2c3d4e5' }),
    'accounts must be given for a bucket with sourceOrganizationId, whose accounts the library does not know: got undefined. '
    + "List them with FlowLogQueryAccounts.of('111111111111', ...), or use FlowLogQueryAccounts.injected()."),
  thrown('queries', 'a central table without regions (untyped)', centralQueriesWith({} as any),
    "regions must be a list of Regions: got undefined. Pass the Regions whose flow logs the bucket holds, e.g. ['eu-west-1', 'us-east-1']."),
  thrown('queries', 'a central table with no Region', centralQueriesWith({ regions: [] }),
    "regions must list at least one Region: got []. Pass e.g. ['eu-west-1']."),
  thrown('queries', 'a central table with a Region name', centralQueriesWith({ regions: ['Ireland'] }),
    "regions must contain Region codes: got 'Ireland'. Write each Region as its code, e.g. 'eu-west-1'."),
  thrown('queries', 'a central table with a Region twice', centralQueriesWith({ regions: ['eu-west-1', 'eu-west-1'] }),
    "regions must not list a Region twice: got 'eu-west-1'. Remove the duplicate."),
  reportedAtSynth('queries', 'a central table whose writer in the app writes other fields', 'Stack/Archive/Queries',
    centralQueriesWith({ regions: ['eu-west-1'] }, (bucket, stack) => new FlowLogArchive(stack, 'Writer', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket: bucket.bucket })],
      logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR),
    })),
    "logFormat must be the record format of every flow log the table reads, but Stack/Writer writes other fields: got '${srcaddr} ${dstaddr}'. "
    + "Pass that archive's logFormat to addQueries(), or give one of them another keyPrefix (one format per table)."),
  reportedAtSynth('queries', 'a central table whose writer in the app writes Parquet', 'Stack/Archive/Queries',
    centralQueriesWith({ regions: ['eu-west-1'] }, (bucket, stack) => new FlowLogArchive(stack, 'Writer', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket: bucket.bucket, fileFormat: ec2.FlowLogFileFormat.PARQUET })],
    })),
    "fileFormat must match the key layout of Stack/Writer, which writes to the table's folder: got parquet false here, true there. "
    + 'Use the same options in both, or give the archive another keyPrefix.'),
];

// ---------------------------------------------------------------------------
// How a row's error is observed.

/** The error `build` throws; fails the test when it throws nothing or something that is not an Error. */
function errorOf(build: () => void): Error {
  try {
    build();
  } catch (error) {
    if (error instanceof Error) {
      return error;
    }
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('did not throw');
}

/** CDK's wrapping of the messages `node.addValidation` returns (aws-cdk-lib core synthesis, validateTree). */
const VALIDATION_HEADER = 'Validation failed with the following errors:';

/** Splits CDK's wrapped validation error into its lines: one `[<construct path>] <message>` each. */
function validationErrors(error: Error): { header: string; errors: Array<{ path: string; message: string }> } {
  const [header, ...lines] = error.message.split('\n');
  return {
    header,
    errors: lines.map((line) => {
      const match = /^ {2}\[([^\]]+)\] (.*)$/.exec(line);
      return match ? { path: match[1], message: match[2] } : { path: '(not a validation line)', message: line };
    }),
  };
}

/** "<property> <rule>: got <value>. <fix>" — the fix is a sentence. */
const MESSAGE_SHAPE = /^[A-Za-z][A-Za-z0-9.]* [^\s].*: got .+\. [^\s].*\.$/s;

describe('every invalid input throws a message naming the property, the value and the fix', () => {
  const thrownRows = CASES.filter((c) => c.validationPath === undefined);
  const synthRows = CASES.filter((c) => c.validationPath !== undefined);

  test.each(thrownRows.map((c) => [`${c.area}: ${c.name}`, c] as const))('%s', (_name, row) => {
    expect(errorOf(row.build).message).toBe(row.message);
  });

  test.each(synthRows.map((c) => [`${c.area}: ${c.name}`, c] as const))('%s (reported at synth)', (_name, row) => {
    const { header, errors } = validationErrors(errorOf(row.build));
    expect(header).toBe(VALIDATION_HEADER);
    expect(errors).toEqual([{ path: row.validationPath, message: row.message }]);
  });

  test('the catalogue holds every distinct message once', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    // Rows may share a message only deliberately, saying so in their name.
    const firstWithMessage = new Map<string, string>();
    const unexplained: string[] = [];
    for (const row of CASES) {
      const first = firstWithMessage.get(row.message);
      if (first === undefined) {
        firstWithMessage.set(row.message, row.name);
      } else if (!row.name.includes(`(same message as '${first}': `)) {
        unexplained.push(`'${row.name}' repeats the message of '${first}'`);
      }
    }
    expect(unexplained).toEqual([]);
    // And a row that says it shares a message does.
    const claims = CASES.flatMap((row) => {
      const claimed = /\(same message as '(.+?)': /.exec(row.name)?.[1];
      return claimed === undefined ? [] : [{ row: row.name, claimed, same: CASES.find((c) => c.name === claimed)?.message === row.message }];
    });
    expect(claims.filter((claim) => !claim.same)).toEqual([]);
    expect(claims.length).toBeGreaterThan(0);
  });

  test('every message has the shape "<property> <rule>: got <value>. <fix>"', () => {
    expect(CASES.filter((c) => !MESSAGE_SHAPE.test(c.message)).map((c) => c.name)).toEqual([]);
  });

  test('at least 40 rows, and every area has rows', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(AREAS.filter((area) => !CASES.some((c) => c.area === area))).toEqual([]);
  });

  test('README states the size of the catalogue as it is', () => {
    expect(readmeNumbers(/\((\d+) of them, across targets/)).toEqual([CASES.length]);
    expect(readmeNumbers(/`test\/bad-inputs\.test\.ts`: (\d+) rows with their exact messages/)).toEqual([CASES.length]);
    expect(readmeNumbers(/rows with their exact messages, (\d+) token rows/)).toEqual([TOKEN_CASES.length]);
  });
});

describe('synth-time findings are errors too', () => {
  test('ERROR mode: a VPC without a VPC-level flow log gets exactly this error', () => {
    const app = newApp();
    const stack = newStack('Stack', app);
    newVpc(stack);
    new FlowLogEnforcement({ mode: EnforcementMode.ERROR }).applyTo(app);
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((e) => ({ path: e.id, message: e.entry.data }));
    expect(errors).toEqual([{
      path: '/Stack/Vpc/Resource',
      message: 'VPC Stack/Vpc has no VPC-level flow log (Security Hub EC2.6). '
        + "Add new FlowLogArchive(this, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] }), "
        + 'or exclude it with excludePaths or excludeTag of FlowLogEnforcement.',
    }]);
  });
});

// ---------------------------------------------------------------------------
// Completeness: every validation in src/ has a row.

/**
 * Errors in src/ that are not about a configuration, so have no row: what
 * each `throw` that does not throw `invalid(...)` starts with, by file.
 */
const NOT_CONFIGURATION_ERRORS = [
  // parse() reads records for consumers and tests; these are about the record or the call, not a configuration.
  { file: 'log-format.ts', startsWith: 'parse() needs the format' },
  { file: 'log-format.ts', startsWith: 'A record of this format has ' },
  // About the installed aws-cdk-lib, not a configuration (the peer floor lists Node.js 22).
  { file: 'probe-function.ts', startsWith: 'aws-cdk-lib lists no Node.js 22' },
  // The delivery-status probe's Lambda handler, at run time, about its environment.
  { file: 'delivery-status-probe.lambda.ts', startsWith: 'environment variable ' },
  { file: 'delivery-status-probe.lambda.ts', startsWith: 'EXPECTED_FLOW_LOGS must be a whole number: got ' },
  { file: 'delivery-status-probe.lambda.ts', startsWith: 'Parameter Store parameter ' },
];

describe('the catalogue covers every validation in src/', () => {
  const sites = invalidSites();
  const literals = literalMessages(MESSAGE_SHAPE);
  /** Rows by the most specific site whose pattern their message matches. */
  const rowsBySite = new Map<string, string[]>();
  const unmatchedRows: string[] = [];
  for (const row of CASES) {
    const matching = sites.filter((site) => site.pattern.test(row.message));
    const best = Math.max(...matching.map((site) => site.literal));
    matching.filter((site) => site.literal === best).forEach((site) => rowsBySite.set(site.at, [...rowsBySite.get(site.at) ?? [], row.name]));
    if (matching.length === 0 && !literals.some((literal) => literal.message === row.message)) {
      unmatchedRows.push(row.name);
    }
  }

  test('src/ has invalid() call sites to compare with (the parser finds them)', () => {
    expect(sites.length).toBeGreaterThanOrEqual(50);
  });

  test('every invalid() call site has a row', () => {
    expect(sites.filter((site) => !rowsBySite.has(site.at)).map((site) => `${site.at} ${site.pattern.source}`)).toEqual([]);
  });

  test('every message written whole in src/ (node.addValidation) has a row', () => {
    expect(literals.filter((literal) => !CASES.some((c) => c.message === literal.message)).map((l) => `${l.at} ${l.message}`)).toEqual([]);
  });

  test('every row is a message src/ can build', () => {
    expect(unmatchedRows).toEqual([]);
  });

  test('every other throw in src/ is listed as not about a configuration', () => {
    const listed = (t: OtherThrow) => NOT_CONFIGURATION_ERRORS.some((e) => t.file === e.file && t.text.startsWith(e.startsWith));
    expect(otherThrows().filter((t) => !listed(t)).map((t) => `${t.at} ${t.text}`)).toEqual([]);
  });

  test('the errors reported at synth are the known ones (a new addValidation or addError needs its row or test here)', () => {
    // addValidation: 'no targets at synth' and the bucket policy size rows; addError: the ERROR mode finding ('synth-time findings are errors too').
    expect({ addValidation: filesCalling('addValidation'), addError: filesCalling('addError') })
      .toEqual({ addValidation: ['flow-log-archive.ts', 'organization-queries.ts', 'private/delivery-policy.ts'], addError: ['enforcement.ts'] });
  });
});

// ---------------------------------------------------------------------------
// Tokens: values known only at deploy time are never validated.


/** The resources of `type`, as JSON, so that a value can be found in them whatever intrinsic it sits in. */
function resourcesJson(template: Template, type: string): string {
  return JSON.stringify(template.findResources(type));
}

function retentionRule(rule: Record<string, unknown>) {
  return {
    LifecycleConfiguration: {
      Rules: Match.arrayWith([Match.objectLike({ Id: 'FlowLogRetention', ...rule })]),
    },
  };
}

function transition(storageClass: string, days: number) {
  return retentionRule({ Transitions: Match.arrayWith([{ StorageClass: storageClass, TransitionInDays: days }]) });
}

interface TokenCase {
  readonly name: string;
  /** Builds a configuration whose token, if it were a literal, would be rejected. */
  readonly build: (stack: Stack) => void;
  /** Checks that the token's value reached the template as it was. */
  readonly reaches: (template: Template) => void;
}

const archiveIn = (stack: Stack, props: Partial<FlowLogArchiveProps>) =>
  new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], ...props });

const TOKEN_CASES: TokenCase[] = [
  {
    name: 'keyPrefix',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.s3({ keyPrefix: token('/AWSLogs//not valid/') })] }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::EC2::FlowLog')).toContain('//AWSLogs//not valid//'),
  },
  {
    name: 'flowLogName',
    build: (stack) => archiveIn(stack, { flowLogName: token('#not valid#') }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { Tags: Match.arrayWith([{ Key: 'Name', Value: '#not valid#/Vpc/s3' }]) }),
  },
  {
    name: 'eniId',
    build: (stack) => new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromNetworkInterfaceId(token('not-an-eni'))] }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'NetworkInterface', ResourceId: 'not-an-eni' }),
  },
  {
    name: 'tgwId',
    build: (stack) => new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromTransitGatewayId(token('not-a-tgw'))] }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'TransitGateway', ResourceId: 'not-a-tgw' }),
  },
  {
    name: 'attachmentId',
    build: (stack) => new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromTransitGatewayAttachmentId(token('not-an-attachment'))] }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'TransitGatewayAttachment', ResourceId: 'not-an-attachment' }),
  },
  {
    name: 'bucketArn',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.s3({ bucketArn: token('arn:aws:s3:::Not_A_Bucket/folder') })] }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: 'arn:aws:s3:::Not_A_Bucket/folder' }),
  },
  {
    name: 'sourceAccounts',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { sourceAccounts: ['111111111111', token('not-an-account')] }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::S3::BucketPolicy')).toContain('"aws:SourceAccount":["111111111111","not-an-account"]'),
  },
  {
    name: 'sourceOrganizationId',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { sourceOrganizationId: token('not-an-org') }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::S3::BucketPolicy')).toContain('"aws:SourceOrgID":"not-an-org"'),
  },
  {
    name: 'lifecycle.infrequentAccessAfter',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { infrequentAccessAfter: Duration.days(tokenNumber(1)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', transition('STANDARD_IA', 1)),
  },
  {
    name: 'lifecycle.glacierInstantRetrievalAfter',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { glacierInstantRetrievalAfter: Duration.days(tokenNumber(2)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', transition('GLACIER_IR', 2)),
  },
  {
    name: 'lifecycle.glacierAfter',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { glacierAfter: Duration.days(tokenNumber(3)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', transition('GLACIER', 3)),
  },
  {
    name: 'lifecycle.deepArchiveAfter',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { deepArchiveAfter: Duration.days(tokenNumber(4)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', transition('DEEP_ARCHIVE', 4)),
  },
  {
    name: 'lifecycle.expiration',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { expiration: Duration.days(tokenNumber(5)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', retentionRule({ ExpirationInDays: 5 })),
  },
  {
    name: 'lifecycle.noncurrentVersionExpiration',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { lifecycle: { noncurrentVersionExpiration: Duration.days(tokenNumber(0)) } }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', retentionRule({ NoncurrentVersionExpiration: { NoncurrentDays: 0 } })),
  },
  {
    name: 'lifecycle.expiration shorter than objectLockRetention',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', {
      lifecycle: { expiration: Duration.days(tokenNumber(31)) }, objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(400)),
    }),
    reaches: (t) => t.hasResourceProperties('AWS::S3::Bucket', {
      ...retentionRule({ ExpirationInDays: 31 }),
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } },
    }),
  },
  {
    name: 'logFormat (custom)',
    build: (stack) => archiveIn(stack, { logFormat: FlowLogFormat.custom(token('${srcaddr}  ${srcaddr}')) }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr}  ${srcaddr}' }),
  },
  {
    name: 'FlowLogField.of',
    build: (stack) => archiveIn(stack, { logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.of(token('Not Valid'))) }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: '${srcaddr} ${Not Valid}' }),
  },
  {
    name: 'databaseName',
    build: (stack) => archiveIn(stack, {}).addQueries({ databaseName: token('Not-Valid') }),
    reaches: (t) => {
      t.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'Not-Valid' }) });
      t.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'Not-Valid' });
    },
  },
  {
    name: 'tableName',
    build: (stack) => archiveIn(stack, {}).addQueries({ tableName: token('Not-Valid') }),
    reaches: (t) => t.hasResourceProperties('AWS::Glue::Table', { TableInput: Match.objectLike({ Name: 'Not-Valid' }) }),
  },
  {
    name: 'bytesScannedCutoffPerQuery',
    build: (stack) => archiveIn(stack, {}).addQueries({ bytesScannedCutoffPerQuery: Size.bytes(tokenNumber(5)) }),
    reaches: (t) => t.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 5 }),
    }),
  },
  {
    name: 'firstYear',
    build: (stack) => archiveIn(stack, {}).addQueries({ firstYear: tokenNumber(1999) }),
    reaches: (t) => t.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({ Parameters: Match.objectLike({ 'projection.year.range': '1999,2100' }) }),
    }),
  },
  {
    name: 'TrafficCondition.equalTo',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.cloudWatchLogs()] })
      .addTrafficAlarm('Alarm', { match: TrafficMatch.where(TrafficCondition.equalTo(FlowLogField.ACTION, token('reject me'))) }),
    reaches: (t) => t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('action="reject me", \\.\\.\\.\\]$') }),
  },
  {
    name: 'TrafficCondition.numberIn',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.cloudWatchLogs()] })
      .addTrafficAlarm('Alarm', { match: TrafficMatch.toPorts([tokenNumber(70000)]) }),
    reaches: (t) => t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: Match.stringLikeRegexp('dstport=70000, \\.\\.\\.\\]$') }),
  },
  {
    name: 'threshold',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.cloudWatchLogs()] })
      .addTrafficAlarm('Alarm', { match: TrafficMatch.rejected(), threshold: tokenNumber(0) }),
    reaches: (t) => t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'Traffic/Stack/FlowLogs/Alarm', Threshold: 0 }),
  },
  {
    name: 'deliveryStreamArn',
    build: (stack) => archiveIn(stack, { destinations: [FlowLogDestination.firehose({ deliveryStreamArn: token('arn:aws:s3:::not-a-stream') })] }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 'kinesis-data-firehose', LogDestination: 'arn:aws:s3:::not-a-stream' }),
  },
  {
    name: 'crossAccountRoleArn',
    build: (stack) => archiveIn(stack, {
      destinations: [FlowLogDestination.firehose({ deliveryStreamArn: token(OWN_STREAM), crossAccountRoleArn: token('not-a-role') })],
    }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { LogDestination: OWN_STREAM, DeliverCrossAccountRole: 'not-a-role' }),
  },
  {
    name: 'roleName of FlowLogFirehoseCrossAccountRole',
    build: (stack) => new FlowLogFirehoseCrossAccountRole(stack, 'CrossAccountRole', {
      deliveryStreams: [firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'flow-logs')],
      sourceAccounts: ['222222222222'],
      roleName: token('not the prefix'),
    }),
    reaches: (t) => t.hasResourceProperties('AWS::IAM::Role', { RoleName: 'not the prefix' }),
  },
  {
    name: 'sourceAccounts and sourceOrganizationId of FlowLogFirehoseCrossAccountRole',
    build: (stack) => {
      const deliveryStreams = [firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'flow-logs')];
      new FlowLogFirehoseCrossAccountRole(stack, 'Accounts', { deliveryStreams, sourceAccounts: [token('not-an-account')], roleName: 'AWSLogDeliveryFirehoseCrossAccountRole-a' });
      new FlowLogFirehoseCrossAccountRole(stack, 'Organization', { deliveryStreams, sourceOrganizationId: token('not-an-org') });
    },
    reaches: (t) => {
      expect(resourcesJson(t, 'AWS::IAM::Role')).toContain('"aws:PrincipalAccount":["not-an-account"]');
      expect(resourcesJson(t, 'AWS::IAM::Role')).toContain('"aws:PrincipalOrgID":"not-an-org"');
    },
  },
  {
    // A tag key only matters at synth (it is not written anywhere); a token never matches a tag, so the VPC is logged.
    name: 'excludeTag',
    build: (stack) => {
      newVpc(stack);
      new FlowLogEnforcement({ mode: EnforcementMode.ADD, excludeTag: token('') }).applyTo(stack);
    },
    reaches: (t) => t.resourcePropertiesCountIs('AWS::EC2::FlowLog', { ResourceType: 'VPC' }, 1),
  },
  {
    name: 'regions of a central table',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { sourceAccounts: ['111111111111'] }).addQueries({ regions: [token('not a region')] }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::Glue::Table')).toContain('not a region'),
  },
  {
    name: 'FlowLogQueryAccounts.of',
    build: (stack) => new FlowLogArchiveBucket(stack, 'Archive', { sourceOrganizationId: 'o-a1b2c3d4e5' })
      .addQueries({ regions: ['eu-west-1'], accounts: FlowLogQueryAccounts.of(token('not-an-account')) }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::Glue::Table')).toContain('not-an-account'),
  },
  {
    name: 'withTagKeys',
    build: (stack) => archiveIn(stack, {
      logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.INSTANCE_TAG).withTagKeys({ instance: [token('k'.repeat(200))] }),
    }),
    reaches: (t) => t.hasResourceProperties('AWS::EC2::FlowLog', { TagFieldSpecifications: [{ ResourceType: 'instance', TagKeys: ['k'.repeat(200)] }] }),
  },
  {
    name: 'FlowLogGuardrail destinationBucketArn and excludeTag',
    build: (stack) => new FlowLogGuardrail(stack, 'Guardrail', { destinationBucketArn: token('not-a-bucket'), excludeTag: token(' ') }),
    reaches: (t) => t.hasResourceProperties('AWS::SSM::Document', {
      Content: { mainSteps: [Match.objectLike({ inputs: Match.objectLike({ InputPayload: Match.objectLike({ LogDestination: 'not-a-bucket', ExcludeTagKey: ' ' }) }) })] },
    }),
  },
  {
    name: 'FlowLogGuardrailStackSet organizationalUnitIds, regions and maxConcurrentPercentage',
    build: (stack) => new FlowLogGuardrailStackSet(stack, 'StackSet', {
      destinationBucketArn: 'arn:aws:s3:::org-flow-logs',
      organizationalUnitIds: [token('not-an-ou')],
      regions: [token('not-a-region')],
      maxConcurrentPercentage: tokenNumber(0),
    }),
    reaches: (t) => t.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: ['not-an-ou'] }, Regions: ['not-a-region'] }],
      OperationPreferences: Match.objectLike({ MaxConcurrentPercentage: 0 }),
    }),
  },
  {
    name: 'FlowLogProtectionPolicy exemptPrincipalArns and archiveBucketArns',
    build: (stack) => new FlowLogProtectionPolicy(stack, 'Protection', { exemptPrincipalArns: [token('not-an-arn')], archiveBucketArns: [token('not-a-bucket')] }),
    reaches: (t) => expect(resourcesJson(t, 'AWS::Organizations::Policy')).toContain('"aws:PrincipalArn":["not-an-arn"]'),
  },
];

describe('tokens are never validated', () => {
  test.each(TOKEN_CASES.map((c) => [c.name, c] as const))('%s: construction and synth succeed', (_name, row) => {
    const stack = newStack();
    row.build(stack);
    const template = Template.fromStack(stack);
    row.reaches(template);
  });

  test('alarms.period: passed on unchecked (no synth: CDK\'s own cloudwatch.Metric checks token periods)', () => {
    // Duration.minutes(token) cannot be converted to seconds, and CDK's Metric
    // checks the number a Duration.seconds(token) encodes against 1, 5, 10, 30
    // or a multiple of 60 (which an encoded token passes only by chance), so an
    // archive with a token period does not synthesize reliably; the library's
    // own check must still let the token through.
    const period = Duration.seconds(tokenNumber(60));
    expect(resolveAlarmOptions({ period }).period).toBe(period);
    const minutes = Duration.minutes(tokenNumber(1));
    expect(resolveAlarmOptions({ period: minutes }).period).toBe(minutes);
  });
});
