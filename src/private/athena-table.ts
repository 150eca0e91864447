import { FlowLogFormat } from '../log-format';

/** A Glue column. */
export interface Column {
  readonly name: string;
  readonly type: string;
}

/** Fields whose values are 64-bit counts or Unix times. */
const BIGINT = new Set(['packets', 'bytes', 'start', 'end', 'packets-lost-no-route', 'packets-lost-blackhole',
  'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired']);
/** Fields whose values are small integers. */
const INT = new Set(['version', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'traffic-path']);

/** Whether the field holds a number (a count, a time, a port, a protocol, flags). */
export function isNumberField(field: string): boolean {
  return BIGINT.has(field) || INT.has(field);
}

/** `pkt-srcaddr` -> `pkt_srcaddr`; SQL keywords are quoted where used. */
export function columnName(field: string): string {
  return field.replace(/-/g, '_');
}

/** The table columns: exactly the format's fields, typed for queries. */
export function columnsOf(format: FlowLogFormat): Column[] {
  return format.fieldNames.map((field) => ({
    name: columnName(field),
    type: BIGINT.has(field) ? 'bigint' : INT.has(field) ? 'int' : 'string',
  }));
}

/** Where the files are and how partition projection finds them. */
export interface TableLayout {
  readonly bucketName: string;
  readonly keyPrefix?: string;
  readonly hive: boolean;
  readonly perHour: boolean;
  readonly parquet: boolean;
  readonly accounts: string[];
  readonly regions: string[];
  readonly firstYear: number;
  readonly lastYear: number;
}

/** Partition columns, the same for every layout so that reports work everywhere. */
export function partitionKeys(layout: TableLayout): Column[] {
  const keys = ['account', 'region', 'year', 'month', 'day', ...(layout.perHour ? ['hour'] : [])];
  return keys.map((name) => ({ name, type: 'string' }));
}

/** The table's S3 location and its partition-projection parameters. */
export function projection(layout: TableLayout): { location: string; parameters: Record<string, string> } {
  const root = `s3://${layout.bucketName}/${layout.keyPrefix ? `${layout.keyPrefix}/` : ''}AWSLogs/`;
  const hour = layout.perHour ? (layout.hive ? '/hour=${hour}' : '/${hour}') : '';
  const template = layout.hive
    ? `${root}aws-account-id=\${account}/aws-service=vpcflowlogs/aws-region=\${region}/year=\${year}/month=\${month}/day=\${day}${hour}`
    : `${root}\${account}/vpcflowlogs/\${region}/\${year}/\${month}/\${day}${hour}`;
  const parameters: Record<string, string> = {
    'projection.enabled': 'true',
    'projection.account.type': 'enum',
    'projection.account.values': layout.accounts.join(','),
    'projection.region.type': 'enum',
    'projection.region.values': layout.regions.join(','),
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
