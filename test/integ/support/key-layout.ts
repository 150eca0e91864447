import { Aws } from 'aws-cdk-lib';

/** Where an S3 flow log writes, as its destination options say. */
export interface KeyLayout {
  readonly keyPrefix?: string;
  readonly hive?: boolean;
  readonly perHour?: boolean;
  readonly parquet?: boolean;
  /** @default - the stack's account (a token) */
  readonly account?: string;
  /** @default - the stack's Region (a token) */
  readonly region?: string;
}

/**
 * The folder every file of the layout is under, and a regular expression
 * of a whole file key. Folders and file names as AWS documents them
 * (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html):
 * `<prefix>/AWSLogs/<account>/vpcflowlogs/<region>/yyyy/mm/dd/[hh/]`, Hive
 * style `.../aws-account-id=<account>/aws-service=vpcflowlogs/aws-region=<region>/year=yyyy/month=mm/day=dd/[hour=hh/]`,
 * files `<account>_vpcflowlogs_<region>_<flow log id>_<yyyymmddThhmmZ>_<hash>.log.gz`.
 * The documentation gives no Parquet file name; `.log.parquet` is what the
 * tests expect, to be confirmed by the first real run.
 *
 * Account and Region may be tokens: only the literal parts are escaped.
 */
export function keyLayout(layout: KeyLayout): { prefix: string; pattern: string } {
  const account = layout.account ?? Aws.ACCOUNT_ID;
  const region = layout.region ?? Aws.REGION;
  const root = layout.keyPrefix ? `${layout.keyPrefix}/AWSLogs/` : 'AWSLogs/';
  const prefix = layout.hive
    ? `${root}aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/`
    : `${root}${account}/vpcflowlogs/${region}/`;
  const escapedRoot = layout.keyPrefix ? `${escapeRegExp(layout.keyPrefix)}/AWSLogs/` : 'AWSLogs/';
  const escapedPrefix = layout.hive
    ? `${escapedRoot}aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/`
    : `${escapedRoot}${account}/vpcflowlogs/${region}/`;
  const date = layout.hive ? 'year=\\d{4}/month=\\d{2}/day=\\d{2}/' : '\\d{4}/\\d{2}/\\d{2}/';
  const hour = layout.perHour ? (layout.hive ? 'hour=\\d{2}/' : '\\d{2}/') : '';
  const file = `${account}_vpcflowlogs_${region}_fl-[0-9a-f]+_\\d{8}T\\d{4}Z_[0-9a-f]+\\.log\\.${layout.parquet ? 'parquet' : 'gz'}`;
  return { prefix, pattern: `^${escapedPrefix}${date}${hour}${file}$` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
