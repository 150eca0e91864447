import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogFormat } from '../log-format';

/** A FlowLogArchive of the app that delivers flow-log files to a bucket. */
export interface BucketWriter {
  /** The archive's construct path. */
  readonly path: string;
  readonly account: string;
  readonly region: string;
  readonly keyPrefix?: string;
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  readonly parquet: boolean;
  /** Its record format. */
  format(): FlowLogFormat;
}

const WRITERS = new WeakMap<s3.IBucket, BucketWriter[]>();

/** Records that `writer` delivers to `bucket`, so a query table on the bucket can check its format. */
export function registerWriter(bucket: s3.IBucket, writer: BucketWriter): void {
  WRITERS.set(bucket, [...WRITERS.get(bucket) ?? [], writer]);
}

/** The writers of `bucket` in this app so far. */
export function writersOf(bucket: s3.IBucket): BucketWriter[] {
  return WRITERS.get(bucket) ?? [];
}
