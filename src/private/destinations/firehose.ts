import { Arn, ArnFormat, Resource, Stack, Tags, Token, TokenComparison } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import { IConstruct } from 'constructs';
import { FirehoseDestinationOptions } from '../../destination-options';
import { ArchiveAlarms } from '../archive-alarms';
import { deliveryStreamNoRecordsAlarm, deliveryStreamThrottledAlarm } from '../delivery-alarms';
import {
  CROSS_ACCOUNT_ROLE_PREFIX, DELIVERY_STREAM_TYPE, firehoseSourceRole, LOG_DELIVERY_TAG, warnCrossAccountStream, warnImportedStream,
} from '../firehose-delivery';
import { constructIdFrom, pathWithinStack } from '../ids';
import { checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from '../untyped-input';
import { Described, invalid, isToken } from '../validation';
import { ArchiveDestination, DestinationContext } from './context';

/** A delivery stream ARN: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondatafirehose.html#amazondatafirehose-resources-for-iam-policies */
const DELIVERY_STREAM_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:(\d{12}):deliverystream\/([a-zA-Z0-9_.-]{1,64})$/;
/** An IAM role ARN, with an optional path; the name is the last segment. */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\x21-\x7E]*\/)?([\w+=,.@-]{1,64})$/;

/** Options of the S3 destination that an untyped caller might carry over: Firehose receives plain text and picks no layout. */
const S3_ONLY_OPTIONS = ['fileFormat', 'hiveCompatiblePartitions', 'perHourPartition', 'keyPrefix', 'bucket', 'bucketArn', 'bucketProps'];

/**
 * Flow logs to an existing Amazon Data Firehose delivery stream
 * (`LogDestinationType: kinesis-data-firehose`,
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-firehose.html).
 * In this account the flow log needs no role; the stream must carry the tag
 * `LogDeliveryEnabled: true`, which it gets here when the app defines it. In
 * another account the flow log names two roles: a source role created here
 * (`DeliverLogsPermissionArn`) and the stream account's role
 * (`DeliverCrossAccountRole`, a `FlowLogFirehoseCrossAccountRole`). Owns the
 * validation of that pair and, for a stream in this account, the alarms on
 * the stream's own metrics. Nothing to read or query here: the stream's own
 * destination holds the records.
 */
export class FirehoseDestination {
  public readonly factory = 'FlowLogDestination.firehose()';

  constructor(private readonly options: FirehoseDestinationOptions) {}

  public bind(context: DestinationContext): ArchiveDestination {
    const scope = context.scope;
    checkKind('options', this.options, 'an object of FirehoseDestinationOptions', isOptionsObject,
      'Pass e.g. FlowLogDestination.firehose({ deliveryStream }), or { deliveryStreamArn }.', true);
    warnUnknownOptions(scope, 'FirehoseDestinationOptions', checkOptionNames('FirehoseDestinationOptions', this.options));
    rejectS3Options(this.options);
    const { deliveryStream: given, crossAccountRoleArn, noDataAlarm = true } = this.options;
    const streamArn = deliveryStreamArnOf(this.options);
    const crossAccount = isCrossAccount(scope, streamArn, given, crossAccountRoleArn);
    const streamName = given?.deliveryStreamName ?? Arn.split(streamArn, ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    const id = constructIdFrom('Firehose', given ? pathWithinStack(given, scope) : streamIdentity(scope, streamArn));

    let source: ReturnType<typeof firehoseSourceRole> | undefined;
    if (crossAccount) {
      source = firehoseSourceRole(scope, id, crossAccountRoleArn!);
      warnCrossAccountStream(scope);
    } else if (given && Resource.isOwnedResource(given)) {
      requireDirectPut(given);
      // AWS tags the stream when the flow log is created; in the template too, so that an update of the
      // stream's tags by CloudFormation cannot take the tag away (and with it, delivery).
      Tags.of(given).add(LOG_DELIVERY_TAG, 'true', { includeResourceTypes: [DELIVERY_STREAM_TYPE] });
    } else {
      warnImportedStream(scope);
    }

    return {
      id,
      label: `firehose/${streamName}`,
      config: {
        logDestinationType: ec2.FlowLogDestinationType.KINESIS_DATA_FIREHOSE,
        logDestination: streamArn,
        ...(source ? { deliverLogsPermissionArn: source.role.roleArn, deliverCrossAccountRole: crossAccountRoleArn } : {}),
        dependencies: source ? [source.policy] : [],
      },
      resources: {},
      grantRead: () => undefined,
      requestMetrics: () => undefined,
      addAlarms: (alarms: ArchiveAlarms) => {
        // CloudWatch keeps a stream's metrics in the stream's account, where this stack cannot alarm.
        if (crossAccount) {
          return;
        }
        if (noDataAlarm) {
          alarms.add(deliveryStreamNoRecordsAlarm(alarms.archiveName, id, streamName, alarms.period));
        }
        alarms.add(deliveryStreamThrottledAlarm(alarms.archiveName, id, streamName));
      },
    };
  }
}

/** The stream's ARN, given exactly one way. */
function deliveryStreamArnOf(options: FirehoseDestinationOptions): string {
  const { deliveryStream, deliveryStreamArn } = options;
  if (deliveryStream && deliveryStreamArn !== undefined) {
    throw invalid('deliveryStreamArn', 'cannot be used together with deliveryStream', new Described('both'), 'Pass either the delivery stream or its ARN.');
  }
  if (!deliveryStream && deliveryStreamArn === undefined) {
    throw invalid('deliveryStream', 'or deliveryStreamArn must be given', new Described('neither'),
      "Pass the stream, e.g. FlowLogDestination.firehose({ deliveryStream }), or its ARN, e.g. 'arn:aws:firehose:eu-west-1:222222222222:deliverystream/flow-logs'.");
  }
  if (deliveryStreamArn !== undefined && !isToken(deliveryStreamArn) && !DELIVERY_STREAM_ARN.test(deliveryStreamArn)) {
    throw invalid('deliveryStreamArn', "must be a Firehose delivery stream ARN ('arn:aws:firehose:<region>:<account>:deliverystream/<name>')",
      deliveryStreamArn, 'Copy the ARN from the Firehose console or `aws firehose describe-delivery-stream`; a Kinesis data stream or an S3 bucket cannot receive flow logs here.');
  }
  return deliveryStream?.deliveryStreamArn ?? deliveryStreamArn!;
}

/**
 * Whether the stream is in another account: known when both accounts are
 * (then `crossAccountRoleArn` must match the answer), else what
 * `crossAccountRoleArn` says. The cross-account role is checked where it can be.
 */
function isCrossAccount(scope: IConstruct, streamArn: string, given: firehose.IDeliveryStream | undefined,
  crossAccountRoleArn: string | undefined): boolean {
  const account = Stack.of(scope).account;
  // An imported stream's env is its scope's; its literal ARN tells its account.
  const streamAccount = isToken(streamArn) ? given?.env.account : DELIVERY_STREAM_ARN.exec(streamArn)?.[1];
  const comparison = streamAccount === undefined ? TokenComparison.BOTH_UNRESOLVED : Token.compareStrings(streamAccount, account);
  if (comparison === TokenComparison.SAME && crossAccountRoleArn !== undefined) {
    throw invalid('crossAccountRoleArn', 'must not be given for a delivery stream in this account', crossAccountRoleArn,
      'Remove crossAccountRoleArn: a flow log to a stream of its own account needs no role.');
  }
  if (comparison === TokenComparison.DIFFERENT && crossAccountRoleArn === undefined) {
    throw invalid('crossAccountRoleArn', 'must be given for a delivery stream in another account', new Described(`a stream in account ${streamAccount}`),
      `Deploy a FlowLogFirehoseCrossAccountRole in ${streamAccount} that trusts this account, and pass its roleArn.`);
  }
  if (crossAccountRoleArn !== undefined && !isToken(crossAccountRoleArn)) {
    validateCrossAccountRole(crossAccountRoleArn, comparison === TokenComparison.DIFFERENT ? streamAccount : undefined);
  }
  return crossAccountRoleArn !== undefined;
}

/** AWS requires the role's name prefix; the role lives in the stream's account. */
function validateCrossAccountRole(roleArn: string, streamAccount: string | undefined): void {
  const match = ROLE_ARN.exec(roleArn);
  if (!match) {
    throw invalid('crossAccountRoleArn', "must be an IAM role ARN ('arn:aws:iam::<account>:role/<name>')", roleArn,
      'Pass the roleArn of the FlowLogFirehoseCrossAccountRole in the delivery stream\'s account.');
  }
  if (!match[2].startsWith(CROSS_ACCOUNT_ROLE_PREFIX)) {
    throw invalid('crossAccountRoleArn', `must name a role whose name starts with ${CROSS_ACCOUNT_ROLE_PREFIX} (AWS requires it)`, roleArn,
      'Use the role a FlowLogFirehoseCrossAccountRole creates, or rename your role.');
  }
  if (streamAccount !== undefined && match[1] !== streamAccount) {
    throw invalid('crossAccountRoleArn', 'must be a role in the delivery stream\'s account', roleArn,
      `Use the role of account ${streamAccount}, where the stream is.`);
  }
}

/** S3's options have no meaning for Firehose (which takes no DestinationOptions); only an untyped caller can pass them. */
function rejectS3Options(options: FirehoseDestinationOptions): void {
  const s3Option = S3_ONLY_OPTIONS.find((name) => (options as Record<string, unknown>)[name] !== undefined);
  if (s3Option !== undefined) {
    throw invalid(s3Option, 'does not apply to a Firehose destination', new Described(`${s3Option} in FlowLogDestination.firehose()`),
      'Remove it: Firehose receives plain-text records, and the delivery stream\'s own destination decides their format and layout.');
  }
}

/** Log delivery writes with PutRecordBatch: a stream fed by Kinesis Data Streams or MSK takes no direct writes. */
function requireDirectPut(stream: firehose.IDeliveryStream): void {
  const cfn = stream.node.defaultChild;
  const type = cfn instanceof firehose.CfnDeliveryStream ? cfn.deliveryStreamType : undefined;
  if (type !== undefined && !isToken(type) && type !== 'DirectPut') {
    throw invalid('deliveryStream', 'must take records by Direct PUT (VPC Flow Logs writes to it directly)', type,
      'Use a delivery stream without a source (DeliveryStreamType DirectPut).');
  }
}

/** The stream's account, Region and name: what tells two streams apart, whatever tokens the ARN holds. */
function streamIdentity(scope: IConstruct, arn: string): string {
  if (isToken(arn)) {
    return JSON.stringify(Stack.of(scope).resolve(arn));
  }
  const { account, region, resourceName } = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
  return `${account}-${region}-${resourceName}`;
}
