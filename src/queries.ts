import { Annotations, Size, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FlowLogFormat } from './log-format';
import { REPORTS } from './private/athena-reports';
import { columnsOf, partitionKeys, projection, storageFormat, TableLayout } from './private/athena-table';
import { invalid } from './private/validation';

/**
 * Options of `FlowLogArchive.addQueries()`.
 */
export interface FlowLogQueriesOptions {
  /**
   * Name of the Glue database (lower case, digits and underscores).
   *
   * @default - derived from the construct path, e.g. `network_flowlogs`
   */
  readonly databaseName?: string;

  /**
   * Name of the table.
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
   * First year partition projection covers (up to 2100). A fixed number,
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
  /** The key of the bucket, for query results. @default - the bucket's key */
  readonly encryptionKey?: kms.IKey;
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
    validateName('databaseName', this.databaseName);
    validateName('tableName', this.tableName);
    const format = props.format.forResourceType('VPC');

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
      accounts: [stack.account],
      regions: [stack.region],
      firstYear: props.firstYear ?? 2020,
      lastYear: 2100,
    };
    const { location, parameters } = projection(layout);
    const table = new glue.CfnTable(this, 'Table', {
      catalogId: stack.account,
      databaseName: this.databaseName,
      tableInput: {
        name: this.tableName,
        description: `VPC flow-log records (${layout.parquet ? 'Parquet' : 'plain text'}, ${layout.hive ? 'Hive' : 'default'} layout)`,
        tableType: 'EXTERNAL_TABLE',
        parameters: { EXTERNAL: 'TRUE', classification: layout.parquet ? 'parquet' : 'csv', ...parameters },
        partitionKeys: partitionKeys(layout),
        storageDescriptor: { columns: columnsOf(format), location, ...storageFormat(layout.parquet) },
      },
    });
    table.addDependency(database);

    this.workGroupName = `${this.databaseName}`;
    const workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries of the VPC flow logs of ${scope.node.path}`,
      state: 'ENABLED',
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
    for (const report of REPORTS) {
      const missing = report.fields.filter((f) => !format.fieldNames.includes(f));
      if (missing.length > 0) {
        Annotations.of(this).addWarningV2(`cdk-flow-log-archive:report${report.id}`,
          `The report "${report.name}" was not created: the log format has no ${missing.join(', ')}. Add the field(s) to logFormat to get it.`);
        continue;
      }
      const query = new athena.CfnNamedQuery(this, report.id, {
        name: `${this.databaseName}: ${report.name}`,
        description: report.description,
        database: this.databaseName,
        workGroup: this.workGroupName,
        queryString: report.sql(qualified),
      });
      query.addDependency(workGroup);
      query.addDependency(table);
      this.namedQueries[report.id] = query;
    }
  }

  /**
   * Let `grantee` run queries in the workgroup: read the table and the
   * archived files, write and read results.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const stack = Stack.of(this);
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

function defaultDatabaseName(scope: Construct): string {
  return scope.node.path.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 200);
}

function validateName(property: string, name: string): void {
  if (!/^[a-z0-9_]{1,255}$/.test(name)) {
    throw invalid(property, 'may contain only lower-case letters, digits and underscores', name,
      `Athena folds names to lower case; use e.g. '${name.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}'.`);
  }
}
