import { Annotations, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FlowLogFormat } from './log-format';
import { writersOf } from './private/bucket-writers';
import { checkEnumValue, checkOptionNames, warnUnknownOptions } from './private/untyped-input';
import { checkAccountIds, Described, invalid, isToken, validateKeyPrefix } from './private/validation';
import { FlowLogQueries, FlowLogQueriesOptions } from './queries';

/**
 * Which accounts' folders the query table of a central bucket reads.
 */
export class FlowLogQueryAccounts {
  /**
   * These accounts, as an enum partition projection: every report reads all
   * of them (one day's partitions of each). The list is in the table's
   * parameters, so add an account to read its folder.
   */
  public static of(...accounts: string[]): FlowLogQueryAccounts {
    if (isToken(accounts)) {
      throw invalid('FlowLogQueryAccounts.of', 'takes account ids, not a list token', new Described('a list token'),
        'Pass one string per account; each string may be a token.');
    }
    if (accounts.length === 0) {
      throw invalid('FlowLogQueryAccounts.of', 'takes at least one account', [],
        'List the accounts, or use FlowLogQueryAccounts.injected() for an organization whose accounts you do not list.');
    }
    checkAccountIds('FlowLogQueryAccounts.of', accounts, 'takes 12-digit account ids');
    return new FlowLogQueryAccounts([...accounts]);
  }

  /**
   * Any account: `aws_account_id` is an injected partition projection
   * (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-injected-type.html),
   * so the table needs no list, and every query must name the account
   * (`WHERE aws_account_id = '111111111111'`): the saved reports ask for it
   * as an execution parameter (`?`). For an organization-wide bucket
   * (`sourceOrganizationId`) whose accounts come and go. Reports across
   * accounts (cross-account traffic) need a list and are not created.
   */
  public static injected(): FlowLogQueryAccounts {
    return new FlowLogQueryAccounts(undefined);
  }

  private constructor(
    /** The listed accounts; undefined for an injected projection. */
    public readonly accounts: string[] | undefined,
  ) {}

  /** Whether the table reads any account, named by each query. */
  public get isInjected(): boolean {
    return this.accounts === undefined;
  }
}

/**
 * Options of `FlowLogArchiveBucket.addQueries()`: one table over every
 * account and Region that writes to the bucket under one folder, in one key
 * layout and record format.
 */
export interface FlowLogArchiveQueriesOptions extends FlowLogQueriesOptions {
  /**
   * The Regions whose folders the table reads, e.g. `['eu-west-1', 'us-east-1']`.
   */
  readonly regions: string[];

  /**
   * The accounts whose folders the table reads.
   *
   * @default - the bucket's `sourceAccounts`; this stack's account for a
   * bucket without them. Required with `sourceOrganizationId`.
   */
  readonly accounts?: FlowLogQueryAccounts;

  /**
   * The record format every writer of the folder uses (one format per
   * table). Checked at synth against the `FlowLogArchive`s of this app that
   * deliver to the bucket; flow logs of other apps cannot be checked.
   *
   * @default FlowLogFormat.DEFAULT
   */
  readonly logFormat?: FlowLogFormat;

  /**
   * The folder the writers use (`<keyPrefix>/AWSLogs/...`).
   *
   * @default - the bucket root
   */
  readonly keyPrefix?: string;

  /**
   * Whether the writers use Hive-compatible partitions.
   *
   * @default false
   */
  readonly hiveCompatiblePartitions?: boolean;

  /**
   * Whether the writers use hourly partitions.
   *
   * @default false
   */
  readonly perHourPartition?: boolean;

  /**
   * The file format of the writers.
   *
   * @default ec2.FlowLogFileFormat.PLAIN_TEXT
   */
  readonly fileFormat?: ec2.FlowLogFileFormat;
}

/** What the bucket hands over. */
export interface CentralBucketQueries {
  readonly bucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  readonly sourceAccounts?: string[];
  readonly sourceOrganizationId?: string;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The query layer of a central bucket, at `<scope>/Queries`. */
export function addCentralQueries(scope: Construct, central: CentralBucketQueries, options: FlowLogArchiveQueriesOptions): FlowLogQueries {
  warnUnknownOptions(scope, 'FlowLogArchiveQueriesOptions', checkOptionNames('FlowLogArchiveQueriesOptions', options));
  checkEnumValue('fileFormat', options.fileFormat, 'ec2.FlowLogFileFormat', ec2.FlowLogFileFormat);
  if (scope.node.tryFindChild('Queries')) {
    throw invalid('addQueries', 'can be called only once per FlowLogArchiveBucket', new Described('a second call'),
      'Keep the FlowLogQueries the first call returned.');
  }
  validateRegions(options.regions);
  validateKeyPrefix(options.keyPrefix);
  const accounts = options.accounts ?? defaultAccounts(scope, central);
  const format = options.logFormat ?? FlowLogFormat.DEFAULT;
  if (isToken(format.toString())) {
    throw invalid('logFormat', 'must be known at synth for addQueries(), which reads records by the position of their fields',
      new Described('a token'), 'Pass FlowLogFormat.fields(...) or FlowLogFormat.custom() with a literal string.');
  }
  const layout = {
    keyPrefix: options.keyPrefix,
    hiveCompatiblePartitions: options.hiveCompatiblePartitions ?? false,
    perHourPartition: options.perHourPartition ?? false,
    parquet: options.fileFormat === ec2.FlowLogFileFormat.PARQUET,
  };
  const queries = new FlowLogQueries(scope, 'Queries', {
    databaseName: options.databaseName,
    tableName: options.tableName,
    bytesScannedCutoffPerQuery: options.bytesScannedCutoffPerQuery,
    firstYear: options.firstYear,
    bucket: central.bucket,
    encryptionKey: central.encryptionKey,
    ...layout,
    format,
    accounts: accounts.accounts,
    injectedAccounts: accounts.isInjected,
    regions: options.regions,
    organizationReports: true,
  });
  // At synth, when every FlowLogArchive of the app has registered its flow logs.
  queries.node.addValidation({ validate: () => checkWriters(queries, central.bucket, format, layout, accounts, options.regions) });
  return queries;
}

function defaultAccounts(scope: Construct, central: CentralBucketQueries): FlowLogQueryAccounts {
  if (central.sourceAccounts) {
    return FlowLogQueryAccounts.of(...central.sourceAccounts);
  }
  if (central.sourceOrganizationId) {
    throw invalid('accounts', 'must be given for a bucket with sourceOrganizationId, whose accounts the library does not know',
      new Described('undefined'), "List them with FlowLogQueryAccounts.of('111111111111', ...), or use FlowLogQueryAccounts.injected().");
  }
  return FlowLogQueryAccounts.of(Stack.of(scope).account);
}

function validateRegions(regions: string[]): void {
  if (regions === undefined || isToken(regions) || !Array.isArray(regions)) {
    throw invalid('regions', 'must be a list of Regions', new Described(regions === undefined ? 'undefined' : 'a list token or no list'),
      "Pass the Regions whose flow logs the bucket holds, e.g. ['eu-west-1', 'us-east-1'].");
  }
  if (regions.length === 0) {
    throw invalid('regions', 'must list at least one Region', [], "Pass e.g. ['eu-west-1'].");
  }
  const bad = regions.find((r) => !isToken(r) && !REGION.test(r));
  if (bad !== undefined) {
    throw invalid('regions', 'must contain Region codes', bad, "Write each Region as its code, e.g. 'eu-west-1'.");
  }
  const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
  if (duplicate !== undefined) {
    throw invalid('regions', 'must not list a Region twice', duplicate, 'Remove the duplicate.');
  }
}

interface Layout {
  readonly keyPrefix?: string;
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  readonly parquet: boolean;
}

/**
 * One record format per table: the FlowLogArchives of this app that write
 * to the table's folder must write its fields, in its key layout; their
 * accounts and Regions should be in the table. Writers of other apps cannot
 * be seen: a warning says so when none is found.
 */
function checkWriters(queries: FlowLogQueries, bucket: s3.IBucket, format: FlowLogFormat, layout: Layout,
  accounts: FlowLogQueryAccounts, regions: string[]): string[] {
  const writers = writersOf(bucket).filter((w) => (w.keyPrefix ?? '') === (layout.keyPrefix ?? ''));
  const errors: string[] = [];
  const expected = format.forResourceType('VPC').toString();
  for (const writer of writers) {
    const written = writer.format().forResourceType('VPC').toString();
    if (!isToken(written) && written !== expected) {
      errors.push(invalid('logFormat', `must be the record format of every flow log the table reads, but ${writer.path} writes other fields`,
        written, 'Pass that archive\'s logFormat to addQueries(), or give one of them another keyPrefix (one format per table).').message);
    }
    const mismatched = (['hiveCompatiblePartitions', 'perHourPartition', 'parquet'] as const).filter((k) => writer[k] !== layout[k]);
    if (mismatched.length > 0) {
      errors.push(invalid(mismatched[0] === 'parquet' ? 'fileFormat' : mismatched[0],
        `must match the key layout of ${writer.path}, which writes to the table's folder`,
        new Described(`${mismatched.map((k) => `${k} ${layout[k]}`).join(', ')} here, ${mismatched.map((k) => writer[k]).join(', ')} there`),
        'Use the same options in both, or give the archive another keyPrefix.').message);
    }
    const missing = [
      ...!accounts.isInjected && !isToken(writer.account) && !accounts.accounts!.includes(writer.account) ? [`account ${writer.account}`] : [],
      ...!isToken(writer.region) && !regions.includes(writer.region) ? [`Region ${writer.region}`] : [],
    ];
    if (missing.length > 0) {
      Annotations.of(queries).addWarningV2('cdk-flow-log-archive:organizationTableMisses',
        `${writer.path} delivers to the table's folder from ${missing.join(' and ')}, which the table does not read. Add it to accounts or regions.`);
    }
  }
  if (writers.length === 0) {
    Annotations.of(queries).addWarningV2('cdk-flow-log-archive:organizationFormatUnchecked',
      'No FlowLogArchive of this app delivers to the table\'s folder, so its record format and key layout could not be checked: '
      + 'every flow log of the other accounts must write logFormat\'s fields in this order, or their records read wrong.');
  }
  return errors;
}
