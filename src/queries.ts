import { Annotations, Size, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FlowLogFormat } from './log-format';
import { ORGANIZATION_REPORTS, Report, reportPartitions, REPORTS, TAG_REPORTS, tagColumnOf } from './private/athena-reports';
import { checkNoPartitionColumn, columnsOf, partitionKeys, projection, storageFormat, TableLayout } from './private/athena-table';
import { fitWithHash, nameInAccount } from './private/ids';
import { Described, invalid, isToken } from './private/validation';

/**
 * Options of `FlowLogArchive.addQueries()`.
 */
export interface FlowLogQueriesOptions {
  /**
   * Name of the Glue database, also the name of the Athena workgroup: lower
   * case, digits and underscores, at most 96 characters (the saved queries
   * are named `<databaseName>: <report>`, which Athena limits to 128).
   *
   * @default - the archive's stack name and path in the stack in lower case
   * and underscores, e.g. `stack_network_flowlogs`; a longer name keeps its
   * start (up to 87 characters) and gets `_` and 8 characters of a hash of
   * the whole name
   */
  readonly databaseName?: string;

  /**
   * Name of the table: lower case, digits and underscores, at most 255 characters.
   *
   * @default 'vpc_flow_logs'
   */
  readonly tableName?: string;

  /**
   * Stop any query of the workgroup that would scan more than this.
   *
   * @default - no limit
   */
  readonly bytesScannedCutoffPerQuery?: Size;

  /**
   * First year partition projection covers, from 2015 to 2100. A fixed number,
   * so that the template does not change with the calendar.
   *
   * @default 2020
   */
  readonly firstYear?: number;
}

/** What the archive hands over to build its query layer. */
export interface FlowLogQueriesProps extends FlowLogQueriesOptions {
  /** The bucket the flow logs are in (results go under `athena-results/`). */
  readonly bucket: s3.IBucket;
  /** Folder of the flow logs. @default - bucket root */
  readonly keyPrefix?: string;
  /** Hive-compatible layout. @default false */
  readonly hiveCompatiblePartitions?: boolean;
  /** Hourly partitions. @default false */
  readonly perHourPartition?: boolean;
  /** Parquet files. @default false */
  readonly parquet?: boolean;
  /** The record format of the files. */
  readonly format: FlowLogFormat;
  /**
   * The files hold transit gateway flow-log records, whose fields differ
   * from those of VPC, subnet and network interface flow logs.
   *
   * @default false
   */
  readonly transitGateway?: boolean;
  /** The key of the bucket, for query results. @default - the bucket's key */
  readonly encryptionKey?: kms.IKey;
  /**
   * The accounts whose folders the table reads (enum projection).
   *
   * @default - this stack's account
   */
  readonly accounts?: string[];
  /**
   * Read any account's folder: `aws_account_id` is an injected projection,
   * so every query names the account (the reports ask for it).
   *
   * @default false
   */
  readonly injectedAccounts?: boolean;
  /**
   * The Regions whose folders the table reads.
   *
   * @default - this stack's Region
   */
  readonly regions?: string[];
  /**
   * Add the reports of an organization's central archive: top talkers
   * across accounts, traffic by account and Region, cross-account traffic.
   *
   * @default false
   */
  readonly organizationReports?: boolean;
}

/**
 * An Athena query layer over an S3 flow-log archive: a Glue table whose
 * columns are the archive's record fields and whose partition projection
 * follows its key layout (no crawler, no partition loading), an Athena
 * workgroup with encrypted results, and saved reports.
 */
export class FlowLogQueries extends Construct {
  /** The Glue database. */
  public readonly databaseName: string;
  /** The Glue table of the flow-log records. */
  public readonly tableName: string;
  /** The Athena workgroup. */
  public readonly workGroupName: string;
  /** The saved reports, by id (e.g. `TopTalkers`). */
  public readonly namedQueries: { [id: string]: athena.CfnNamedQuery } = {};

  private readonly bucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: FlowLogQueriesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = props.bucket;
    this.databaseName = props.databaseName ?? defaultDatabaseName(scope);
    this.tableName = props.tableName ?? 'vpc_flow_logs';
    validateName('databaseName', this.databaseName, DATABASE_NAME_MAX_LENGTH,
      ` (saved queries are named '<databaseName>: <report>', which Athena limits to ${NAMED_QUERY_NAME_MAX_LENGTH} characters)`);
    validateName('tableName', this.tableName, 255, '');
    validateCutoff(props.bytesScannedCutoffPerQuery);
    validateFirstYear(props.firstYear);
    const format = props.format.forResourceType(props.transitGateway ? 'TransitGateway' : 'VPC');

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: this.databaseName, description: `VPC flow logs of ${scope.node.path}` },
    });
    const layout: TableLayout = {
      bucketName: props.bucket.bucketName,
      keyPrefix: props.keyPrefix,
      hive: props.hiveCompatiblePartitions ?? false,
      perHour: props.perHourPartition ?? false,
      parquet: props.parquet ?? false,
      accounts: props.injectedAccounts ? undefined : props.accounts ?? [stack.account],
      regions: props.regions ?? [stack.region],
      firstYear: props.firstYear ?? 2020,
      lastYear: LAST_YEAR,
    };
    const { location, parameters } = projection(layout);
    const columns = columnsOf(format);
    const partitions = partitionKeys(layout);
    checkNoPartitionColumn(format, partitions);
    const table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: `VPC flow-log records (${layout.parquet ? 'Parquet' : 'plain text'}, ${layout.hive ? 'Hive' : 'default'} layout)`,
        tableType: 'EXTERNAL_TABLE',
        parameters: { EXTERNAL: 'TRUE', classification: layout.parquet ? 'parquet' : 'csv', ...parameters },
        partitionKeys: partitions,
        storageDescriptor: { columns, location, ...storageFormat(layout.parquet) },
      },
    });
    // node.addDependency: CfnResource.addDependency is deprecated in newer aws-cdk-lib,
    // and its successor addResourceDependency does not exist at our 2.189 floor.
    table.node.addDependency(database);

    this.workGroupName = `${this.databaseName}`;
    const workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries of the VPC flow logs of ${scope.node.path}`,
      state: 'ENABLED',
      // Athena refuses to delete a workgroup with query history ("WorkGroup
      // is not empty"), so without this the stack could not be deleted, nor
      // the workgroup replaced, once a report had run. Results in S3 stay.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery?.toBytes(),
        resultConfiguration: {
          outputLocation: `s3://${props.bucket.bucketName}/athena-results/`,
          encryptionConfiguration: props.encryptionKey ?? props.bucket.encryptionKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: (props.encryptionKey ?? props.bucket.encryptionKey)!.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });

    const qualified = `"${this.databaseName}"."${this.tableName}"`;
    const predicates = reportPartitions(props.injectedAccounts ?? false);
    const tagColumn = tagColumnOf(format);
    const reports = [...REPORTS, ...tagColumn ? TAG_REPORTS : [], ...props.organizationReports ? ORGANIZATION_REPORTS : []];
    for (const report of reports) {
      if (!this.canRun(report, format, props.injectedAccounts ?? false)) {
        continue;
      }
      const query = new athena.CfnNamedQuery(this, report.id, {
        name: `${this.databaseName}: ${report.name}`,
        description: report.description,
        database: this.databaseName,
        workGroup: this.workGroupName,
        queryString: report.sql(qualified, predicates, tagColumn ?? ''),
      });
      query.node.addDependency(workGroup, table);
      this.namedQueries[report.id] = query;
    }
  }

  /** Whether the report can run on this table; warns when it cannot. */
  private canRun(report: Report, format: FlowLogFormat, injectedAccounts: boolean): boolean {
    const missing = report.fields.filter((f) => !format.fieldNames.includes(f));
    if (missing.length > 0) {
      Annotations.of(this).addWarningV2(`cdk-flow-log-archive:report${report.id}`,
        `The report "${report.name}" was not created: the log format has no ${missing.join(', ')}. Add the field(s) to logFormat to get it.`);
      return false;
    }
    if (report.allAccounts && injectedAccounts) {
      Annotations.of(this).addWarningV2(`cdk-flow-log-archive:report${report.id}`,
        `The report "${report.name}" was not created: it reads every account, and with FlowLogQueryAccounts.injected() each query `
        + 'reads one account. List the accounts with FlowLogQueryAccounts.of(...) to get it.');
      return false;
    }
    return true;
  }

  /**
   * Let `grantee` run queries in the workgroup: read the table and the
   * archived files, write and read results.
   *
   * A principal of another account (e.g. a security team's role) gets the
   * bucket and key policy statements; Athena runs a query in the account of
   * the caller, so to use this workgroup and its saved reports that team
   * assumes a role of this account granted here (README: "Querying the
   * organization's archive").
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
    const principalAccount = grantee.grantPrincipal.principalAccount;
    if (principalAccount && !isToken(principalAccount) && !isToken(stack.account) && principalAccount !== stack.account) {
      Annotations.of(this).addWarningV2('cdk-flow-log-archive:crossAccountQuery',
        `grantQuery() was given a principal of account ${principalAccount}: it may read the flow-log files (bucket and key policies), `
        + `but Athena runs queries in the caller's account, so it cannot use this workgroup of account ${stack.account}. `
        + 'Grant a role of this account that the other account may assume (README: "Querying the organization\'s archive").');
    }
    const catalog = (resource: string) => stack.formatArn({ service: 'glue', resource });
    const athenaGrant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution',
        'athena:GetWorkGroup', 'athena:GetNamedQuery', 'athena:ListNamedQueries'],
      resourceArns: [stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName })],
    });
    const glueGrant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      resourceArns: [catalog('catalog'), catalog(`database/${this.databaseName}`), catalog(`table/${this.databaseName}/${this.tableName}`)],
    });
    return athenaGrant.combine(glueGrant)
      .combine(this.bucket.grantRead(grantee))
      .combine(this.bucket.grantReadWrite(grantee, 'athena-results/*'));
  }
}

/**
 * The archive's name in its account and Region in Athena's alphabet. A
 * name too long for a database keeps its start and gets a hash of the whole
 * name, so two long names that share a start still get different ones.
 */
function defaultDatabaseName(scope: Construct): string {
  const archive = nameInAccount(scope);
  const name = archive.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
  return fitWithHash(name, DATABASE_NAME_MAX_LENGTH, '_', archive).replace(/__/g, '_');
}

/** Athena limits saved-query names (`<databaseName>: <report name>`) to this length. */
const NAMED_QUERY_NAME_MAX_LENGTH = 128;
/** The longest database name whose saved-query names all fit (the workgroup name, at most 128, then fits too). */
const DATABASE_NAME_MAX_LENGTH = NAMED_QUERY_NAME_MAX_LENGTH
  - Math.max(...[...REPORTS, ...TAG_REPORTS, ...ORGANIZATION_REPORTS].map((report) => `: ${report.name}`.length));
/** Athena rejects a workgroup whose per-query cutoff is below 10 MB. */
const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

function validateName(property: string, name: string, maxLength: number, why: string): void {
  if (isToken(name)) {
    return;
  }
  if (name.length === 0) {
    throw invalid(property, 'must not be empty', name, `Leave ${property} undefined for the default, or use e.g. 'flow_logs'.`);
  }
  if (name.length > maxLength) {
    throw invalid(property, `must be at most ${maxLength} characters long${why}`, name, `Use a shorter ${property}, e.g. 'flow_logs'.`);
  }
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw invalid(property, 'may contain only lower-case letters, digits and underscores', name,
      `Athena folds names to lower case; use e.g. '${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}'.`);
  }
}

/** VPC Flow Logs started in 2015; the projection ends in LAST_YEAR. */
const FIRST_FLOW_LOG_YEAR = 2015;
const LAST_YEAR = 2100;

function validateFirstYear(firstYear: number | undefined): void {
  if (firstYear === undefined || isToken(firstYear)) {
    return;
  }
  if (!Number.isInteger(firstYear) || firstYear < FIRST_FLOW_LOG_YEAR || firstYear > LAST_YEAR) {
    throw invalid('firstYear', `must be a whole year from ${FIRST_FLOW_LOG_YEAR} (when VPC Flow Logs started) to ${LAST_YEAR} (where the projection ends)`,
      firstYear, 'Use the year of your oldest flow-log files, e.g. 2024, or leave firstYear undefined for 2020.');
  }
}

function validateCutoff(cutoff: Size | undefined): void {
  if (cutoff === undefined || cutoff.isUnresolved() || cutoff.toBytes() >= MIN_BYTES_SCANNED_CUTOFF) {
    return;
  }
  throw invalid('bytesScannedCutoffPerQuery', 'must be at least 10,000,000 bytes (Athena rejects smaller cutoffs)',
    new Described(`${cutoff.toBytes()} bytes`), 'Use Size.mebibytes(10) or more, or leave bytesScannedCutoffPerQuery undefined for no limit.');
}
