import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  EnforcementMode, FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveBucketProps, FlowLogArchiveProps, FlowLogDestination,
  FlowLogEnforcement, FlowLogField, FlowLogFormat, FlowLogLifecycle,
  FlowLogTarget,
} from '../src';
import { newStack, newVpc } from './support/fixtures';

/** Builds an archive with one VPC target and the given props on top. */
function archiveWith(props: Partial<FlowLogArchiveProps> | ((scope: Construct) => Partial<FlowLogArchiveProps>)) {
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
  };
}

function lifecycle(value: FlowLogLifecycle) {
  return bucketWith({ lifecycle: value });
}

const CASES: Array<[string, () => void, string]> = [
  // S3 destination
  ['keyPrefix empty', s3Destination({ keyPrefix: '' }),
    "keyPrefix must not be empty: got ''. Leave keyPrefix undefined to write at the bucket root."],
  ['keyPrefix with a leading slash', s3Destination({ keyPrefix: '/flow' }),
    "keyPrefix must not start with '/': got '/flow'. Remove the leading slash."],
  ['keyPrefix with a trailing slash', s3Destination({ keyPrefix: 'flow/' }),
    "keyPrefix must not end with '/': got 'flow/'. Remove the trailing slash; the construct adds it."],
  ['keyPrefix with an empty folder', s3Destination({ keyPrefix: 'flow//prod' }),
    "keyPrefix must not contain empty folders ('//'): got 'flow//prod'. Use single slashes between folders."],
  ['keyPrefix AWSLogs', s3Destination({ keyPrefix: 'AWSLogs' }),
    "keyPrefix must not contain the folder 'AWSLogs': got 'AWSLogs'. AWS writes under <keyPrefix>/AWSLogs/ itself. Use a folder name such as 'vpc-flow-logs' or 'network/prod'."],
  ['keyPrefix with an AWSLogs folder inside', s3Destination({ keyPrefix: 'prod/awslogs/x' }),
    "keyPrefix must not contain the folder 'AWSLogs': got 'prod/awslogs/x'. AWS writes under <keyPrefix>/AWSLogs/ itself. Use a folder name such as 'vpc-flow-logs' or 'network/prod'."],
  ['keyPrefix with a space', s3Destination({ keyPrefix: 'flow logs' }),
    "keyPrefix may contain only letters, digits and the characters ! _ . * ' ( ) - /: got 'flow logs'. Use a folder name such as 'vpc-flow-logs' or 'network/prod'."],
  ['keyPrefix with a non-ASCII letter', s3Destination({ keyPrefix: 'flöw' }),
    "keyPrefix may contain only letters, digits and the characters ! _ . * ' ( ) - /: got 'flöw'. Use a folder name such as 'vpc-flow-logs' or 'network/prod'."],
  ['keyPrefix too long', s3Destination({ keyPrefix: 'a'.repeat(513) }),
    "keyPrefix must be at most 512 characters long: got 'aaaaaaaaaaaaaaaaaaaa...'. Use a shorter folder name."],
  ['bucket and bucketProps together', archiveWith((scope) => ({
    destinations: [FlowLogDestination.s3({ bucket: s3.Bucket.fromBucketName(scope, 'B', 'central-logs'), bucketProps: {} })],
  })), 'bucketProps cannot be used together with bucket: got both. Configure the bucket you pass yourself, or drop it to let the construct create a FlowLogArchiveBucket.'],
  ['bucketArn and bucketProps together', s3Destination({ bucketArn: 'arn:aws:s3:::org-flow-logs', bucketProps: {} }),
    'bucketProps cannot be used together with bucketArn: got both. Configure the bucket you pass yourself, or drop it to let the construct create a FlowLogArchiveBucket.'],
  ['bucketArn and bucket together', archiveWith((scope) => ({
    destinations: [FlowLogDestination.s3({ bucket: s3.Bucket.fromBucketName(scope, 'B', 'central-logs'), bucketArn: 'arn:aws:s3:::central-logs' })],
  })), 'bucketArn cannot be used together with bucket: got both. Pass either the bucket or its ARN.'],
  ['bucketArn with a folder', s3Destination({ bucketArn: 'arn:aws:s3:::org-flow-logs/team-a' }),
    "bucketArn must be an S3 bucket ARN ('arn:aws:s3:::<bucket name>', no folder): got 'arn:aws:s3:::org-flow-logs/team-a'. Put the folder in keyPrefix, e.g. bucketArn 'arn:aws:s3:::org-flow-logs' and keyPrefix 'team-a'."],
  ['bucketProps on a second S3 destination', archiveWith({
    destinations: [FlowLogDestination.s3({ keyPrefix: 'a' }), FlowLogDestination.s3({ keyPrefix: 'b', bucketProps: { bucketName: 'x-logs' } })],
  }), 'bucketProps may be given on only one S3 destination of a FlowLogArchive: got bucketProps on a second S3 destination. Give bucketProps on the first S3 destination only; the others share its bucket.'],

  // CloudWatch Logs destination
  ['an existing logGroup with retention', archiveWith((scope) => ({
    destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(scope, 'Existing'), retention: logs.RetentionDays.ONE_YEAR })],
  })), 'retention cannot be used together with logGroup: got both retention and logGroup. Set retention on your log group yourself, or drop logGroup to let the construct create one.'],
  ['an existing logGroup with encryptionKey', archiveWith((scope) => ({
    destinations: [FlowLogDestination.cloudWatchLogs({ logGroup: new logs.LogGroup(scope, 'Existing'), encryptionKey: new kms.Key(scope, 'K') })],
  })), 'encryptionKey cannot be used together with logGroup: got both encryptionKey and logGroup. Set encryptionKey on your log group yourself, or drop logGroup to let the construct create one.'],
  ['two CloudWatch Logs destinations without logGroup', archiveWith({
    destinations: [FlowLogDestination.cloudWatchLogs(), FlowLogDestination.cloudWatchLogs({ retention: logs.RetentionDays.TEN_YEARS })],
  }), "destinations must not deliver to the same place twice: got 'cloudwatch-logs'. Give at most one CloudWatch Logs destination without logGroup; pass logGroup to the others."],
  ['the same logGroup twice', archiveWith((scope) => {
    const logGroup = new logs.LogGroup(scope, 'Existing');
    return { destinations: [FlowLogDestination.cloudWatchLogs({ logGroup }), FlowLogDestination.cloudWatchLogs({ logGroup })] };
  }), "destinations must not deliver to the same place twice: got 'cloudwatch-logs'. Remove the duplicate destination, or give each destination its own bucket, keyPrefix or logGroup."],
  ['a CloudWatch Logs metric without a CloudWatch Logs destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).metricIncomingLogEvents();
  }, 'destinations must include a CloudWatch Logs destination for metricIncomingLogEvents(): got S3 destinations only. Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.'],

  // FlowLogArchive
  ['no destinations', archiveWith({ destinations: [] }),
    'destinations must contain at least one destination: got []. Leave destinations undefined for the default S3 archive, or pass FlowLogDestination.s3().'],
  ['the same destination twice', archiveWith({ destinations: [FlowLogDestination.s3(), FlowLogDestination.s3()] }),
    "destinations must not deliver to the same place twice: got 's3'. Remove the duplicate destination, or give each destination its own bucket, keyPrefix or logGroup."],
  ['the same folder twice', archiveWith({ destinations: [FlowLogDestination.s3({ keyPrefix: 'x' }), FlowLogDestination.s3({ keyPrefix: 'x' })] }),
    "destinations must not deliver to the same place twice: got 's3/x'. Remove the duplicate destination, or give each destination its own bucket, keyPrefix or logGroup."],
  ['the same VPC twice', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromVpc(vpc)] });
  }, "targets must not contain the same resource twice: got 'Vpc'. Remove the duplicate; each target is logged once to every destination."],
  ['the same ENI twice', archiveWith({
    targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd'), FlowLogTarget.fromNetworkInterfaceId('eni-0123abcd')],
  }), "targets must not contain the same resource twice: got 'eni-0123abcd'. Remove the duplicate; each target is logged once to every destination."],
  ['no targets at synth', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [] });
    Template.fromStack(stack);
  }, 'targets must contain at least one FlowLogTarget: got none. Pass targets, or call addTarget() or addVpc() before synth.'],
  ['flowLogName empty', archiveWith({ flowLogName: ' ' }),
    "flowLogName must not be empty: got ' '. Leave flowLogName undefined to name flow logs after the construct path."],
  ['flowLogName with a character tags reject', archiveWith({ flowLogName: 'prod#1' }),
    "flowLogName may contain only letters, digits, spaces and _ . : / = + - @: got 'prod#1'. Remove the other characters; the name is used as a tag value."],
  ['flowLogName too long', archiveWith({ flowLogName: 'n'.repeat(129) }),
    `flowLogName must be at most 128 characters long: got '${'n'.repeat(129)}'. Use a shorter name; the target and destination are appended to it.`],

  // targets
  ['ENI id without the eni- prefix', () => FlowLogTarget.fromNetworkInterfaceId('0123456789abcdef0'),
    "eniId must be a network interface id ('eni-' and 8 or 17 hex digits): got '0123456789abcdef0'. Pass the interface's id, e.g. 'eni-0123456789abcdef0' or CfnNetworkInterface.ref."],
  ['ENI id of the wrong length', () => FlowLogTarget.fromNetworkInterfaceId('eni-0123'),
    "eniId must be a network interface id ('eni-' and 8 or 17 hex digits): got 'eni-0123'. Pass the interface's id, e.g. 'eni-0123456789abcdef0' or CfnNetworkInterface.ref."],
  ['ENI id in upper case', () => FlowLogTarget.fromNetworkInterfaceId('eni-0123456789ABCDEF0'),
    "eniId must be a network interface id ('eni-' and 8 or 17 hex digits): got 'eni-0123456789ABCDEF0'. Pass the interface's id, e.g. 'eni-0123456789abcdef0' or CfnNetworkInterface.ref."],

  ['a transit gateway id without tgw-', () => FlowLogTarget.fromTransitGatewayId('0123456789abcdef0'),
    "tgwId must be a transit gateway id ('tgw-' and 8 or 17 hex digits): got '0123456789abcdef0'. Pass the gateway's id, e.g. 'tgw-0123456789abcdef0' or CfnTransitGateway.ref."],
  ['an attachment id given as a gateway id', () => FlowLogTarget.fromTransitGatewayAttachmentId('tgw-0123456789abcdef0'),
    "attachmentId must be a transit gateway attachment id ('tgw-attach-' and 8 or 17 hex digits): got 'tgw-0123456789abcdef0'. Pass the attachment's id, e.g. 'tgw-attach-0123456789abcdef0' or CfnTransitGatewayAttachment.ref."],
  ['a traffic type with a transit gateway', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], trafficType: ec2.FlowLogTrafficType.REJECT,
  }), "trafficType cannot be used with transit gateway targets (they log all traffic): got 'REJECT'. Remove trafficType, or log tgw-0123456789abcdef0 with a FlowLogArchive of its own."],

  // FlowLogArchiveBucket
  ['serverAccessLogs false with a serverAccessLogsBucket', bucketWith((scope) => ({
    serverAccessLogs: false, serverAccessLogsBucket: s3.Bucket.fromBucketName(scope, 'Logs', 'logs'),
  })), 'serverAccessLogs cannot be false when serverAccessLogsBucket is given: got false and a serverAccessLogsBucket. Remove serverAccessLogsBucket to turn access logging off, or leave serverAccessLogs undefined.'],

  // central bucket (multi-account)
  ['sourceAccounts with a short id', bucketWith({ sourceAccounts: ['12345'] }),
    "sourceAccounts must contain 12-digit account ids: got '12345'. Write each account id as 12 digits in quotes, e.g. '123456789012'."],
  ['sourceAccounts with an ARN', bucketWith({ sourceAccounts: ['111111111111', 'arn:aws:iam::222222222222:root'] }),
    "sourceAccounts must contain 12-digit account ids: got 'arn:aws:iam::222222222222:root'. Write each account id as 12 digits in quotes, e.g. '123456789012'."],
  ['sourceAccounts empty', bucketWith({ sourceAccounts: [] }),
    "sourceAccounts must list at least one account: got []. Leave sourceAccounts undefined for this stack's account only."],
  ['sourceAccounts with a duplicate', bucketWith({ sourceAccounts: ['111111111111', '111111111111'] }),
    "sourceAccounts must not list an account twice: got '111111111111'. Remove the duplicate."],
  ['sourceOrganizationId malformed', bucketWith({ sourceOrganizationId: 'org-123' }),
    "sourceOrganizationId must be an organization id ('o-' and 10 to 32 lower-case letters or digits): got 'org-123'. Copy it from the AWS Organizations console, e.g. 'o-a1b2c3d4e5'."],
  ['sourceOrganizationId with sourceAccounts', bucketWith({ sourceOrganizationId: 'o-a1b2c3d4e5', sourceAccounts: ['111111111111'] }),
    'sourceOrganizationId cannot be used together with sourceAccounts: got both. Use sourceOrganizationId for every account of the organization, or sourceAccounts for a list.'],
  ['object lock longer than the expiration', bucketWith({ objectLockRetention: s3.ObjectLockRetention.compliance(Duration.days(400)) }),
    'lifecycle.expiration must not be shorter than objectLockRetention (400 days): got 365 days. Set lifecycle.expiration to Duration.days(400) or later, or shorten the retention.'],

  // alarms
  ['alarm period under 5 minutes', archiveWith({ alarms: { period: Duration.minutes(1) } }),
    'alarms.period must be at least 5 minutes (flow logs are delivered about every 5 minutes): got 1 minute. Use Duration.minutes(n) with n from 5 to 1440.'],
  ['alarm period not whole minutes', archiveWith({ alarms: { period: Duration.seconds(330) } }),
    'alarms.period must be a whole number of minutes (CloudWatch alarm periods are multiples of 60 seconds): got 5 minutes 30 seconds. Use Duration.minutes(n) with n from 5 to 1440.'],
  ['alarm period over a day', archiveWith({ alarms: { period: Duration.days(2) } }),
    'alarms.period must be at most one day (CloudWatch evaluates at most one day): got 2 days. Use Duration.minutes(n) with n from 5 to 1440.'],
  ['alarm options while alarms are off', archiveWith((scope) => ({ alarms: { enabled: false, topic: new sns.Topic(scope, 'T'), period: Duration.hours(2) } })),
    'alarms.enabled is false, so other alarm options have no effect: got false with topic, period. Remove topic, period, or leave alarms.enabled undefined.'],
  ['S3 metrics without a bucket the construct creates', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Mine');
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3({ bucket })] })
      .metricPutRequests();
  }, 'destinations must include an S3 destination with a bucket the construct creates for metricPutRequests(): got no such destination. Use FlowLogDestination.s3() without bucket, or turn on request metrics on your own bucket.'],

  // record formats
  ['an empty custom format', () => FlowLogFormat.custom(''),
    "logFormat must have at least one field: got ''. Write fields as '${srcaddr} ${dstaddr}'."],
  ['fields() with no field', () => FlowLogFormat.fields(),
    'logFormat must have at least one field: got []. Pass fields, e.g. FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR).'],
  ['two spaces between fields', () => FlowLogFormat.custom('${srcaddr}  ${dstaddr}'),
    "logFormat must separate fields with single spaces: got '${srcaddr}  ${dstaddr}'. Write the fields as '${a} ${b}', with no space around them."],
  ['a field without ${}', () => FlowLogFormat.custom('${srcaddr} dstaddr'),
    "logFormat must write each field as ${name} (lower-case letters, digits and hyphens): got 'dstaddr'. Write it like '${srcaddr}'."],
  ['an upper-case field name', () => FlowLogFormat.custom('${SrcAddr}'),
    "logFormat must write each field as ${name} (lower-case letters, digits and hyphens): got '${SrcAddr}'. Write it like '${srcaddr}'."],
  ['a field twice', () => FlowLogFormat.custom('${srcaddr} ${dstaddr} ${srcaddr}'),
    "logFormat must not have a field twice: got 'srcaddr'. Remove the second one."],
  ['a bad field name for of()', () => FlowLogField.of('${srcaddr}'),
    "FlowLogField.of takes a field name of lower-case letters, digits and single hyphens: got '${srcaddr}'. Write the name as in the AWS documentation, without '${}', e.g. 'pkt-srcaddr'."],
  ['a VPC-only field for a transit gateway', archiveWith({
    targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.ACTION),
  }), "logFormat has fields that TransitGateway flow logs do not accept: got ['action']. Remove action, or log this target with a FlowLogArchive of its own and a format for transit gateways."],
  ['a transit-gateway field for a VPC', archiveWith({ logFormat: FlowLogFormat.custom('${srcaddr} ${tgw-id}') }),
    "logFormat has fields that VPC flow logs do not accept: got ['tgw-id']. Remove tgw-id, or log this target with a FlowLogArchive of its own and a format for VPCs."],

  // queries
  ['addQueries without an S3 destination', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()],
    }).addQueries();
  }, 'destinations must include an S3 destination for addQueries(): got no S3 destination. Add FlowLogDestination.s3() to destinations; CloudWatch Logs has its own query language (Logs Insights).'],
  ['addQueries twice', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    archive.addQueries();
    archive.addQueries();
  }, 'addQueries can be called only once per FlowLogArchive: got a second call. Keep the FlowLogQueries the first call returned.'],
  ['a database name with upper case and hyphens', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).addQueries({ databaseName: 'Flow-Logs' });
  }, "databaseName may contain only lower-case letters, digits and underscores: got 'Flow-Logs'. Athena folds names to lower case; use e.g. 'flow_logs'."],

  // enforcement
  ['an empty exclude pattern', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, excludePaths: ['Sandbox/**', ' '] }),
    "excludePaths must not contain an empty pattern: got ' '. Remove it; use construct paths such as 'Sandbox/**'."],
  ['an empty exclude tag', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, excludeTag: '' }),
    "excludeTag must not be empty: got ''. Give the tag key that marks VPCs to leave alone, or leave excludeTag undefined."],
  ['enforcement with no destinations', () => new FlowLogEnforcement({ mode: EnforcementMode.ADD, destinations: [] }),
    'destinations must contain at least one destination: got []. Leave destinations undefined for a new S3 archive per stack.'],
  ['flow-log options in WARN mode', () => new FlowLogEnforcement({ mode: EnforcementMode.WARN, destinations: [FlowLogDestination.s3()] }),
    "mode must be ADD when flow-log options are given (they only apply to flow logs it adds): got 'WARN'. Use EnforcementMode.ADD, or remove destinations, trafficType, maxAggregationInterval and alarms."],

  // lifecycle
  ['Standard-IA sooner than 30 days', lifecycle({ infrequentAccessAfter: Duration.days(7) }),
    'lifecycle.infrequentAccessAfter must be at least 30 days (S3 moves nothing to Standard-IA sooner): got 7 days. Set it to Duration.days(30) or more.'],
  ['a duration that is not whole days', lifecycle({ expiration: Duration.hours(36) }),
    'lifecycle.expiration must be a whole number of days, at least 1: got 1 day 12 hours. Use Duration.days(n) with n >= 1.'],
  ['a zero duration', lifecycle({ noncurrentVersionExpiration: Duration.days(0) }),
    'lifecycle.noncurrentVersionExpiration must be a whole number of days, at least 1: got 0 days. Use Duration.days(n) with n >= 1.'],
  ['Glacier Instant Retrieval before Standard-IA is over', lifecycle({ glacierInstantRetrievalAfter: Duration.days(45) }),
    'lifecycle.glacierInstantRetrievalAfter must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): got 45 days with lifecycle.infrequentAccessAfter 30 days. Set lifecycle.glacierInstantRetrievalAfter to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'],
  ['Glacier before Standard-IA (wrong order)', lifecycle({ glacierAfter: Duration.days(10) }),
    'lifecycle.glacierAfter must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): got 10 days with lifecycle.infrequentAccessAfter 30 days. Set lifecycle.glacierAfter to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'],
  ['Deep Archive within Glacier Instant Retrieval\'s 90 days', lifecycle({ glacierInstantRetrievalAfter: Duration.days(60), deepArchiveAfter: Duration.days(120) }),
    'lifecycle.deepArchiveAfter must be at least 90 days after lifecycle.glacierInstantRetrievalAfter (Glacier Instant Retrieval keeps objects at least 90 days): got 120 days with lifecycle.glacierInstantRetrievalAfter 60 days. Set lifecycle.deepArchiveAfter to Duration.days(150) or later, or move lifecycle.glacierInstantRetrievalAfter earlier.'],
  ['expiration within Deep Archive\'s 180 days', lifecycle({ deepArchiveAfter: Duration.days(250) }),
    'lifecycle.expiration must be at least 180 days after lifecycle.deepArchiveAfter (Glacier Deep Archive keeps objects at least 180 days): got 365 days with lifecycle.deepArchiveAfter 250 days. Set lifecycle.expiration to Duration.days(430) or later, or move lifecycle.deepArchiveAfter earlier.'],
  ['expiration within Glacier\'s 90 days', lifecycle({ glacierAfter: Duration.days(300) }),
    'lifecycle.expiration must be at least 90 days after lifecycle.glacierAfter (Glacier Flexible Retrieval keeps objects at least 90 days): got 365 days with lifecycle.glacierAfter 300 days. Set lifecycle.expiration to Duration.days(390) or later, or move lifecycle.glacierAfter earlier.'],
  ['expiration before Standard-IA is over', lifecycle({ expiration: Duration.days(45) }),
    'lifecycle.expiration must be at least 30 days after lifecycle.infrequentAccessAfter (Standard-IA keeps objects at least 30 days): got 45 days with lifecycle.infrequentAccessAfter 30 days. Set lifecycle.expiration to Duration.days(60) or later, or move lifecycle.infrequentAccessAfter earlier.'],
];

describe('every invalid input throws a message naming the property, the value and the fix', () => {
  test.each(CASES)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test('the catalogue holds every distinct message once', () => {
    const messages = CASES.map(([, , message]) => message);
    expect(new Set(CASES.map(([name]) => name)).size).toBe(CASES.length);
    expect(messages.every((m) => /: got .+\. .+/.test(m))).toBe(true);
  });
});

describe('tokens are never validated', () => {
  const token = (value: string) => Lazy.string({ produce: () => value });

  test.each([
    ['keyPrefix', s3Destination({ keyPrefix: token('/not/validated/') })],
    ['flowLogName', archiveWith({ flowLogName: token('#not validated#') })],
    ['eniId', archiveWith({ targets: [FlowLogTarget.fromNetworkInterfaceId(token('not-an-eni'))] })],
    ['lifecycle durations', lifecycle({ infrequentAccessAfter: Duration.days(Token.asNumber(Lazy.number({ produce: () => 1 }))) })],
    ['sourceAccounts', bucketWith({ sourceAccounts: [token('not-an-account')] })],
    ['sourceOrganizationId', bucketWith({ sourceOrganizationId: token('not-an-org') })],
  ])('%s', (_name, build) => {
    expect(build).not.toThrow();
  });
});
