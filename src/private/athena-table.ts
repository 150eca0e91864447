import { FlowLogField, FlowLogParquetType } from '../log-fields';
import { FlowLogFormat } from '../log-format';
import { TAG_FIELDS } from './tag-fields';
import { invalid } from './validation';

/** A Glue column. */
export interface Column {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

/** `pkt-srcaddr` -> `pkt_srcaddr`; SQL keywords are quoted where used. */
export function columnName(field: string): string {
  return field.replace(/-/g, '_');
}

/**
 * The table columns: exactly the format's fields, typed so that what AWS
 * writes reads. Athena reads a Parquet INT_32 as int or bigint but an INT_64
 * only as bigint, and the guides give `protocol` as INT_32 for VPCs and
 * INT_64 for transit gateways (https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html,
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html), so every
 * integer field is bigint, as in AWS's own table for VPC flow logs, which
 * declares `protocol bigint` (https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-parquet.html).
 * A field the library does not know is a string: text reads in any case.
 */
export function columnsOf(format: FlowLogFormat): Column[] {
  return format.recordFields.map((field) => {
    const tagKey = format.tagKeyOf(field.name);
    const column = { name: columnName(field.name), type: isInteger(field) ? 'bigint' : 'string' };
    // An EC2 tag column says which tag it holds.
    return tagKey === undefined ? column : { ...column, comment: `value of the EC2 tag '${tagKey}' (${TAG_FIELDS[field.name].resourceType})` };
  });
}

function isInteger(field: FlowLogField): boolean {
  return [field.parquetType, field.transitGatewayParquetType]
    .some((type) => type === FlowLogParquetType.INT_32 || type === FlowLogParquetType.INT_64);
}

/** Whether the field holds a number (a count, a time, a port, a protocol, flags), by the catalogue; unknown fields are text. */
export function isNumberField(field: string): boolean {
  return isInteger(FlowLogField.of(field));
}

/** Where the files are and how partition projection finds them. */
export interface TableLayout {
  readonly bucketName: string;
  readonly keyPrefix?: string;
  readonly hive: boolean;
  readonly perHour: boolean;
  readonly parquet: boolean;
  /** The accounts of the enum projection; undefined for an injected projection. */
  readonly accounts?: string[];
  readonly regions: string[];
  readonly firstYear: number;
  readonly lastYear: number;
}

const ACCOUNT = 'aws_account_id';
const REGION = 'aws_region';

/**
 * Partition columns, the same for every layout so that reports work
 * everywhere. A partition key may not repeat a column (Athena rejects the
 * table), and `region` and `account-id` are record fields, so the keys are
 * named after the Hive folders AWS writes (`aws-account-id=`, `aws-region=`;
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html), which no record field is.
 */
export function partitionKeys(layout: TableLayout): Column[] {
  const keys = [ACCOUNT, REGION, 'year', 'month', 'day', ...(layout.perHour ? ['hour'] : [])];
  return keys.map((name) => ({ name, type: 'string' }));
}

/** Throws when a field's column has the name of a partition key, which only a field unknown to the library can have. */
export function checkNoPartitionColumn(format: FlowLogFormat, partitions: Column[]): void {
  const names = partitions.map((p) => p.name);
  const clashes = format.fieldNames.filter((field) => names.includes(columnName(field)));
  if (clashes.length > 0) {
    throw invalid('logFormat', `has fields whose columns would repeat the query table's partition keys (${names.join(', ')}), which Athena rejects`,
      clashes, "Remove them from logFormat to use addQueries(); the partition keys already hold each file's account, Region and date.");
  }
}

/** The table's S3 location and its partition-projection parameters. */
export function projection(layout: TableLayout): { location: string; parameters: Record<string, string> } {
  const root = `s3://${layout.bucketName}/${layout.keyPrefix ? `${layout.keyPrefix}/` : ''}AWSLogs/`;
  const hour = layout.perHour ? (layout.hive ? '/hour=${hour}' : '/${hour}') : '';
  const template = layout.hive
    ? `${root}aws-account-id=\${${ACCOUNT}}/aws-service=vpcflowlogs/aws-region=\${${REGION}}/year=\${year}/month=\${month}/day=\${day}${hour}`
    : `${root}\${${ACCOUNT}}/vpcflowlogs/\${${REGION}}/\${year}/\${month}/\${day}${hour}`;
  const parameters: Record<string, string> = {
    'projection.enabled': 'true',
    // Injected: any account, named by each query (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-injected-type.html).
    ...layout.accounts
      ? { [`projection.${ACCOUNT}.type`]: 'enum', [`projection.${ACCOUNT}.values`]: layout.accounts.join(',') }
      : { [`projection.${ACCOUNT}.type`]: 'injected' },
    [`projection.${REGION}.type`]: 'enum',
    [`projection.${REGION}.values`]: layout.regions.join(','),
    'projection.year.type': 'integer',
    'projection.year.range': `${layout.firstYear},${layout.lastYear}`,
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'storage.location.template': template,
  };
  if (layout.perHour) {
    Object.assign(parameters, { 'projection.hour.type': 'integer', 'projection.hour.range': '0,23', 'projection.hour.digits': '2' });
  }
  if (!layout.parquet) {
    // Plain-text files start with a header line of the field names.
    parameters['skip.header.line.count'] = '1';
  }
  return { location: root, parameters };
}

/** Input/output formats and SerDe of the files. */
export function storageFormat(parquet: boolean) {
  return parquet
    ? {
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    }
    : {
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      serdeInfo: {
        serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        parameters: { 'field.delim': ' ', 'serialization.format': ' ' },
      },
    };
}
