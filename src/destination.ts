import { Construct } from 'constructs';
import {
  CloudWatchLogsDestinationOptions, FirehoseDestinationOptions, FlowLogDestinationBindOptions, FlowLogDestinationConfig, S3DestinationOptions,
} from './destination-options';
import { CloudWatchLogsDestination } from './private/destinations/cloudwatch-logs';
import { ArchiveDestination, DestinationContext } from './private/destinations/context';
import { FirehoseDestination } from './private/destinations/firehose';
import { S3Destination } from './private/destinations/s3';
import { constructIdFrom, stableIdentity } from './private/ids';

/**
 * A kind of destination: one class (in `private/destinations/`) that owns
 * everything it adds to an archive.
 */
interface DestinationKind {
  /** The factory that made it, e.g. `FlowLogDestination.s3()`, as errors show it. */
  readonly factory: string;
  bind(context: DestinationContext): ArchiveDestination;
}

/**
 * Where flow-log records are delivered. Create one with the static factories.
 */
export abstract class FlowLogDestination {
  /**
   * Deliver records to S3: by default to a new, secure `FlowLogArchiveBucket`.
   */
  public static s3(options: S3DestinationOptions = {}): FlowLogDestination {
    return new BuiltInDestination(new S3Destination(options));
  }

  /**
   * Deliver records to CloudWatch Logs: by default to a new KMS-encrypted
   * log group with one-year retention, through a least-privilege role.
   */
  public static cloudWatchLogs(options: CloudWatchLogsDestinationOptions = {}): FlowLogDestination {
    return new BuiltInDestination(new CloudWatchLogsDestination(options));
  }

  /**
   * Deliver records to an existing Amazon Data Firehose delivery stream
   * (Direct PUT), e.g. towards Splunk, an HTTP endpoint or OpenSearch: in
   * this account (a stream defined in the app gets the tag
   * `LogDeliveryEnabled: true` that log delivery requires), or in another
   * account through the role a `FlowLogFirehoseCrossAccountRole` creates
   * there (`crossAccountRoleArn`), with a source-account role the archive
   * creates. Records arrive as plain text.
   */
  public static firehose(options: FirehoseDestinationOptions): FlowLogDestination {
    return new BuiltInDestination(new FirehoseDestination(options));
  }

  /**
   * Create what this destination needs under `scope` and return the
   * properties each `AWS::EC2::FlowLog` to it takes. `FlowLogArchive` binds
   * its destinations itself; call this only to use a destination with a
   * flow log of your own, once per scope.
   */
  public abstract bind(scope: Construct, options?: FlowLogDestinationBindOptions): FlowLogDestinationConfig;

  /**
   * This destination as a `FlowLogArchive` uses it. A destination defined
   * outside this library gives its flow-log properties and nothing more: no
   * alarms, no read grant, no query layer.
   *
   * @internal
   */
  public _bindToArchive(context: DestinationContext): ArchiveDestination {
    const config = this.bind(context.scope, { removalPolicy: context.removalPolicy });
    return {
      id: constructIdFrom('Destination', stableIdentity(context.scope, config.logDestination ?? config.logDestinationType)),
      label: config.logDestinationType,
      config,
      resources: {},
      grantRead: () => undefined,
      requestMetrics: () => undefined,
      addAlarms: () => {},
    };
  }
}

/** A destination of this library: a kind bound to each archive that uses it. */
class BuiltInDestination extends FlowLogDestination {
  constructor(private readonly kind: DestinationKind) {
    super();
  }

  public bind(scope: Construct, options: FlowLogDestinationBindOptions = {}): FlowLogDestinationConfig {
    return this.kind.bind(new DestinationContext(scope, options.removalPolicy)).config;
  }

  /** @internal */
  public _bindToArchive(context: DestinationContext): ArchiveDestination {
    return this.kind.bind(context);
  }

  public toString(): string {
    return this.kind.factory;
  }
}
