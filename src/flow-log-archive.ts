import { Annotations, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FlowLogArchiveBucket } from './archive-bucket';
import { FlowLogDestination } from './destination';
import { FlowLogArchiveProps } from './flow-log-archive-props';
import { FlowLogInsightsQueries } from './insights-queries';
import { FlowLogFormat } from './log-format';
import { resolveAlarmOptions } from './private/alarm-options';
import { ArchiveAlarms } from './private/archive-alarms';
import { checkArchiveOptions, isFlowLogTarget } from './private/archive-options-check';
import { registerWriter } from './private/bucket-writers';
import { DEFAULT_REMOVAL_POLICY } from './private/defaults';
import { DeliveryStatusProbe } from './private/delivery-probe';
import { ArchiveDestination, DestinationContext, RequestMetricsFilter } from './private/destinations/context';
import { createFlowLog, FlowLogSettings } from './private/flow-log';
import { fitWithHash, nameInAccount } from './private/ids';
import { bucketRequestMetric, deliveryErrorsMetric, logGroupMetric } from './private/metrics';
import { RecordReader, recordFormatOf } from './private/record-format';
import { checkKind, checkOptionNames, hasMethods, isArrayOf, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { Described, invalid } from './private/validation';
import { FlowLogQueries, FlowLogQueriesOptions } from './queries';
import { FlowLogTarget } from './target';
import { FlowLogTrafficAlarm, TrafficAlarmOptions } from './traffic-alarm';

/** What reads the archive's records by the position of their fields (record-format.ts). */
const QUERIES: RecordReader = { method: 'addQueries()', warningId: 'mixedQueryTable', misreads: 'queries', where: 'folder' };
const TRAFFIC_ALARM: RecordReader = { method: 'addTrafficAlarm()', warningId: 'mixedRecordFormats', misreads: 'the pattern', where: 'log group' };
const INSIGHTS_QUERIES: RecordReader = { method: 'addInsightsQueries()', warningId: 'mixedRecordFormats', misreads: 'the queries', where: 'log group' };

/**
 * The archive's name is the value of a tag on each flow log (AWS allows 256
 * characters) and of the probe metric's dimension (CloudWatch allows 255).
 */
const ARCHIVE_NAME_MAX_LENGTH = 255;

/**
 * VPC flow logs for VPCs, subnets, network interfaces and transit
 * gateways, delivered to a secure, compliant archive in S3 and/or
 * CloudWatch Logs.
 *
 * One `AWS::EC2::FlowLog` is created per (target, destination). Their
 * logical IDs derive from the target's identity and the destination, so
 * adding or reordering targets never replaces an existing flow log.
 *
 * @example
 * new FlowLogArchive(this, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
 */
export class FlowLogArchive extends Construct {
  /**
   * The bucket records are written to, when there is an S3 destination.
   */
  public readonly bucket?: s3.IBucket;

  /**
   * The archive bucket this construct created, if any.
   */
  public readonly archiveBucket?: FlowLogArchiveBucket;

  /**
   * The key encrypting the archive: the S3 archive's key when there is an
   * S3 destination, else the log group's key, when known.
   */
  public readonly encryptionKey?: kms.IKey;

  /**
   * The log group records are written to, when there is a CloudWatch Logs destination.
   */
  public readonly logGroup?: logs.ILogGroup;

  /**
   * The role VPC Flow Logs assumes to write to CloudWatch Logs, if any.
   */
  public readonly deliveryRole?: iam.IRole;

  /**
   * The topic the delivery alarms notify (undefined when alarms are off).
   */
  public readonly alarmTopic?: sns.ITopic;

  /**
   * The delivery alarms (empty when alarms are off).
   */
  public readonly alarms: cloudwatch.IAlarm[];

  private readonly destinations: ArchiveDestination[];
  private readonly flowLogSettings: FlowLogSettings;
  private readonly trafficTypeGiven: boolean;
  private readonly intervalGiven: boolean;
  private readonly targetIds = new Set<string>();
  private _flowLogs: ec2.CfnFlowLog[] = [];
  /** One construct per target in this archive's stack, holding its flow logs: what the probe waits for. */
  private readonly targetScopes: Construct[] = [];
  private readonly probe?: DeliveryStatusProbe;
  private trafficAlarms?: Construct;

  constructor(scope: Construct, id: string, props: FlowLogArchiveProps) {
    super(scope, id);
    checkKind('props', props, 'an object of FlowLogArchiveProps', isOptionsObject, 'Pass e.g. { targets: [FlowLogTarget.fromVpc(vpc)] }.', true);
    const targets = props.targets ?? [];
    checkKind('targets', targets, 'an array of FlowLogTarget', isArrayOf(isFlowLogTarget),
      'Make each with a factory: targets: [FlowLogTarget.fromVpc(vpc)], FlowLogTarget.fromSubnets(vpc.privateSubnets), ...');
    warnUnknownOptions(this, 'FlowLogArchiveProps', [...checkOptionNames('FlowLogArchiveProps', props), ...checkArchiveOptions(props)]);
    const alarmOptions = resolveAlarmOptions(props.alarms);
    const removalPolicy = props.removalPolicy ?? DEFAULT_REMOVAL_POLICY;
    const destinations = props.destinations ?? [FlowLogDestination.s3()];
    if (destinations.length === 0) {
      throw invalid('destinations', 'must contain at least one destination', [],
        'Leave destinations undefined for the default S3 archive, or pass FlowLogDestination.s3().');
    }
    this.trafficTypeGiven = props.trafficType !== undefined;
    this.intervalGiven = props.maxAggregationInterval !== undefined;
    this.flowLogSettings = {
      archiveName: fitWithHash(nameInAccount(this), ARCHIVE_NAME_MAX_LENGTH, ' #'),
      flowLogName: props.flowLogName ?? this.node.path,
      trafficType: props.trafficType ?? ec2.FlowLogTrafficType.ALL,
      maxAggregationInterval: props.maxAggregationInterval ?? ec2.FlowLogMaxAggregationInterval.TEN_MINUTES,
      logFormat: props.logFormat ?? FlowLogFormat.DEFAULT,
    };
    const unknownFields = this.flowLogSettings.logFormat.unknownFieldNames;
    if (unknownFields.length > 0) {
      Annotations.of(this).addWarningV2('cdk-flow-log-archive:unknownLogFields',
        `logFormat has fields this library does not know: ${unknownFields.join(', ')}. They are written as given; `
        + 'check the names against the AWS documentation, since CloudFormation rejects unknown fields at deploy time.');
    }

    this.destinations = this.bindDestinations(destinations, new DestinationContext(this, removalPolicy));
    // A central bucket's query table checks the format and layout of the archives writing to it.
    for (const layout of this.destinations.map((d) => d.queryLayout)) {
      if (layout) {
        const stack = Stack.of(this);
        registerWriter(layout.bucket, {
          path: this.node.path,
          account: stack.account,
          region: stack.region,
          keyPrefix: layout.keyPrefix,
          hiveCompatiblePartitions: layout.hiveCompatiblePartitions,
          perHourPartition: layout.perHourPartition,
          parquet: layout.parquet,
          format: () => this.flowLogSettings.logFormat,
        });
      }
    }
    // The first destination that has each resource gives the attribute.
    const first = <T>(resource: (d: ArchiveDestination) => T | undefined): T | undefined =>
      this.destinations.map(resource).find((r) => r !== undefined);
    this.bucket = first((d) => d.resources.bucket);
    this.archiveBucket = first((d) => d.resources.archiveBucket);
    this.logGroup = first((d) => d.resources.logGroup);
    this.deliveryRole = first((d) => d.resources.deliveryRole);
    // The archive's key: its bucket's when it has one, else the log group's.
    this.encryptionKey = first((d) => d.resources.bucket && d.resources.encryptionKey) ?? first((d) => d.resources.encryptionKey);

    targets.forEach((target) => this.addTarget(target));
    const alarms = alarmOptions.enabled ? new ArchiveAlarms(this, this.flowLogSettings.archiveName, alarmOptions, removalPolicy) : undefined;
    if (alarms) {
      this.destinations.forEach((destination) => destination.addAlarms(alarms));
      alarms.addProbe(() => this.flowLogsIn(Stack.of(this)));
    }
    this.alarmTopic = alarms?.topic;
    this.alarms = alarms?.alarms ?? [];
    this.probe = alarms?.probe;
    // Targets added later wait likewise (addTarget).
    this.targetScopes.forEach((targetScope) => this.probe?.waitFor(targetScope));
    this.node.addValidation({
      validate: () => this._flowLogs.length > 0 ? [] : [
        'targets must contain at least one FlowLogTarget: got none. Pass targets, or call addTarget() or addVpc() before synth.',
      ],
    });
  }

  /**
   * The flow logs created so far, one per (target, destination).
   */
  public get flowLogs(): ec2.CfnFlowLog[] {
    return [...this._flowLogs];
  }

  /**
   * The ids (`fl-...`) of the flow logs, as tokens.
   */
  public get flowLogIds(): string[] {
    return this._flowLogs.map((flowLog) => flowLog.attrId);
  }

  /**
   * Log a VPC, subnet, network interface or transit gateway (attachment) to every destination.
   */
  public addTarget(target: FlowLogTarget): void {
    this.addTargetTo(this, target);
  }

  /**
   * Log a target with flow logs created under `scope`, which may be in
   * another stack of the same environment (FlowLogEnforcement's shared
   * archives): the flow logs reference this archive's destinations across
   * stacks. Returns a function that removes what it added.
   *
   * @internal
   */
  public _addTargetIn(scope: Construct, target: FlowLogTarget): () => void {
    return this.addTargetTo(scope, target);
  }

  private addTargetTo(scope: Construct, target: FlowLogTarget): () => void {
    const config = target.bind(this);
    if (this.targetIds.has(config.id)) {
      throw invalid('targets', 'must not contain the same resource twice', config.label,
        'Remove the duplicate; each target is logged once to every destination.');
    }
    this.targetIds.add(config.id);
    if (target.isTransitGateway) {
      this.checkTransitGatewayOptions(config.label);
    }
    const targetScope = new Construct(scope, config.id);
    const created = this.destinations.map((destination) => createFlowLog(targetScope, config, destination, this.flowLogSettings));
    this._flowLogs.push(...created);
    // The probe waits for the target's flow logs (a dependency on the scope
    // holding them, so a removed target leaves none). A stack of its own
    // deploys after this one, which holds the probe: there a parameter that
    // waits for them tells the probe how many to expect.
    const stack = Stack.of(scope);
    if (stack === Stack.of(this)) {
      this.targetScopes.push(targetScope);
      this.probe?.waitFor(targetScope);
    } else {
      this.probe?.expectIn(scope, targetScope, () => this.flowLogsIn(stack));
    }
    return () => {
      created.forEach((flowLog) => targetScope.node.tryRemoveChild(flowLog.node.id));
      scope.node.tryRemoveChild(targetScope.node.id);
      this._flowLogs = this._flowLogs.filter((flowLog) => !created.includes(flowLog));
      this.targetIds.delete(config.id);
      if (stack !== Stack.of(this) && this.flowLogsIn(stack) === 0) {
        this.probe?.expectNoneIn(stack);
      }
    };
  }

  /** How many of the archive's flow logs are in `stack`. */
  private flowLogsIn(stack: Stack): number {
    return this._flowLogs.filter((flowLog) => Stack.of(flowLog) === stack).length;
  }

  /**
   * Log all traffic of a VPC; shorthand for `addTarget(FlowLogTarget.fromVpc(vpc))`.
   */
  public addVpc(vpc: ec2.IVpc): void {
    this.addTarget(FlowLogTarget.fromVpc(vpc));
  }

  /**
   * Grant read access to the archived records: the S3 objects (and decrypt
   * with their key) of every S3 destination, and the log events of every
   * CloudWatch Logs destination.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grants = this.destinations.map((d) => d.grantRead(grantee)).filter((grant): grant is iam.Grant => grant !== undefined);
    // Only destinations defined outside this library give no grant.
    return grants.length > 0 ? grants.reduce((all, grant) => all.combine(grant)) : iam.Grant.drop(grantee, 'read the archived flow-log records');
  }

  /**
   * Log events CloudWatch Logs received for this archive's log group
   * (`AWS/Logs` `IncomingLogEvents`, Sum over 5 minutes by default).
   */
  public metricIncomingLogEvents(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return logGroupMetric(this.requireLogGroup('metricIncomingLogEvents'), 'IncomingLogEvents', props);
  }

  /**
   * Bytes CloudWatch Logs received for this archive's log group
   * (`AWS/Logs` `IncomingBytes`, Sum over 5 minutes by default).
   */
  public metricIncomingBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return logGroupMetric(this.requireLogGroup('metricIncomingBytes'), 'IncomingBytes', props);
  }

  /**
   * S3 PutRequests under the flow-log folder of the archive's own bucket
   * (`AWS/S3`, dimensions `BucketName` and `FilterId`; turns on S3 request
   * metrics for that folder). Sum over 5 minutes by default.
   */
  public metricPutRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const filter = this.requireRequestMetrics('metricPutRequests');
    return bucketRequestMetric(filter.bucketName, filter.filterId, 'PutRequests', props);
  }

  /**
   * S3 4xxErrors under the flow-log folder of the archive's own bucket
   * (`AWS/S3`, dimensions `BucketName` and `FilterId`). Sum over 5 minutes by default.
   */
  public metric4xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    const filter = this.requireRequestMetrics('metric4xxErrors');
    return bucketRequestMetric(filter.bucketName, filter.filterId, '4xxErrors', props);
  }

  /**
   * Flow logs of this archive whose delivery FAILED or that no longer exist,
   * as published by the delivery-status probe (`CdkFlowLogArchive`
   * `DeliveryErrors`, dimension `FlowLogArchive` = the stack name and the
   * archive's path in the stack, e.g. `Network/FlowLogs`).
   * Maximum over 30 minutes by default.
   */
  public metricDeliveryErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return deliveryErrorsMetric(this.flowLogSettings.archiveName, props);
  }

  /**
   * Add an Athena query layer over the first S3 destination: a Glue table
   * matching the record format and key layout (partition projection, no
   * crawler), a workgroup with encrypted results under `athena-results/`
   * and saved reports. Call it once.
   */
  public addQueries(options: FlowLogQueriesOptions = {}): FlowLogQueries {
    warnUnknownOptions(this, 'FlowLogQueriesOptions', checkOptionNames('FlowLogQueriesOptions', options));
    const layout = this.destinations.map((d) => d.queryLayout).find((l) => l !== undefined);
    if (!layout) {
      throw invalid('destinations', 'must include an S3 destination for addQueries()', new Described('no S3 destination'),
        'Add FlowLogDestination.s3() to destinations; CloudWatch Logs has its own query language (Logs Insights).');
    }
    if (this.node.tryFindChild('Queries')) {
      throw invalid('addQueries', 'can be called only once per FlowLogArchive', new Described('a second call'),
        'Keep the FlowLogQueries the first call returned.');
    }
    const { transitGateway } = recordFormatOf(this, this._flowLogs, this.flowLogSettings.logFormat, QUERIES);
    return new FlowLogQueries(this, 'Queries', {
      ...options,
      ...layout,
      format: this.flowLogSettings.logFormat,
      transitGateway,
    });
  }

  /**
   * Alarm on the traffic itself: a metric filter on the first CloudWatch
   * Logs destination's log group whose pattern is written from the record
   * format, a metric of the matching records (`CdkFlowLogArchive`), and an
   * alarm to the archive's topic. Add targets first: the pattern reads the
   * records of the flow logs so far (transit gateway records when all are
   * transit gateways).
   *
   * @example
   * archive.addTrafficAlarm('Ssh', { match: TrafficMatch.remoteAdministrationFromPublicAddresses() });
   */
  public addTrafficAlarm(id: string, options: TrafficAlarmOptions): FlowLogTrafficAlarm {
    checkKind('options', options, 'an object of TrafficAlarmOptions', isOptionsObject,
      'Pass e.g. { match: TrafficMatch.rejected() }.', true);
    warnUnknownOptions(this, 'TrafficAlarmOptions', checkOptionNames('TrafficAlarmOptions', options));
    checkKind('match', options.match, 'a TrafficMatch', hasMethods('and'),
      'Use a preset such as TrafficMatch.rejected(), or TrafficMatch.where(...conditions).', true);
    const logGroup = this.requireLogGroup('addTrafficAlarm');
    this.trafficAlarms ??= new Construct(this, 'TrafficAlarms');
    return new FlowLogTrafficAlarm(this.trafficAlarms, id, {
      ...options,
      ...recordFormatOf(this, this._flowLogs, this.flowLogSettings.logFormat, TRAFFIC_ALARM),
      topic: options.topic ?? this.alarmTopic,
      logGroup,
      archiveName: this.flowLogSettings.archiveName,
    });
  }

  /**
   * Save the reports of `addQueries()` as CloudWatch Logs Insights queries
   * on the first CloudWatch Logs destination's log group, each parsing the
   * records by the archive's format. Call it once, after adding targets.
   */
  public addInsightsQueries(): FlowLogInsightsQueries {
    const logGroup = this.requireLogGroup('addInsightsQueries');
    if (this.node.tryFindChild('InsightsQueries')) {
      throw invalid('addInsightsQueries', 'can be called only once per FlowLogArchive', new Described('a second call'),
        'Keep the FlowLogInsightsQueries the first call returned.');
    }
    const { format } = recordFormatOf(this, this._flowLogs, this.flowLogSettings.logFormat, INSIGHTS_QUERIES);
    return new FlowLogInsightsQueries(this, 'InsightsQueries', { logGroup, format, archiveName: this.flowLogSettings.archiveName });
  }

  private checkTransitGatewayOptions(label: string): void {
    if (this.trafficTypeGiven) {
      throw invalid('trafficType', 'cannot be used with transit gateway targets (they log all traffic)', this.flowLogSettings.trafficType,
        `Remove trafficType, or log ${label} with a FlowLogArchive of its own.`);
    }
    const interval = this.flowLogSettings.maxAggregationInterval;
    if (this.intervalGiven && interval !== ec2.FlowLogMaxAggregationInterval.ONE_MINUTE) {
      Annotations.of(this).addWarningV2('cdk-flow-log-archive:transitGatewayInterval',
        `maxAggregationInterval is ${interval} seconds, but transit gateway ${label} is logged every 60 seconds, `
        + 'the only interval transit gateways support.');
    }
  }

  private requireRequestMetrics(method: string): RequestMetricsFilter {
    const filter = this.destinations.map((d) => d.requestMetrics()).find((f) => f !== undefined);
    if (!filter) {
      throw invalid('destinations', `must include an S3 destination with a bucket the construct creates for ${method}()`,
        new Described('no such destination'), 'Use FlowLogDestination.s3() without bucket, or turn on request metrics on your own bucket.');
    }
    return filter;
  }

  private requireLogGroup(method: string): logs.ILogGroup {
    if (!this.logGroup) {
      throw invalid('destinations', `must include a CloudWatch Logs destination for ${method}()`, new Described('S3 destinations only'),
        'Add FlowLogDestination.cloudWatchLogs() to destinations, or use the S3 metrics.');
    }
    return this.logGroup;
  }

  private bindDestinations(destinations: FlowLogDestination[], context: DestinationContext): ArchiveDestination[] {
    const seen = new Set<string>();
    return destinations.map((destination) => {
      const bound = destination._bindToArchive(context);
      if (seen.has(bound.id)) {
        throw invalid('destinations', 'must not deliver to the same place twice', bound.label,
          'Remove the duplicate destination, or give each destination its own bucket, keyPrefix or logGroup.');
      }
      seen.add(bound.id);
      return bound;
    });
  }
}
