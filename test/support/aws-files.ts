/**
 * Flow-log files written as AWS writes them to S3: gzip text with a header
 * line, or Parquet with AWS's column types.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { DuckDBConnection } from '@duckdb/node-api';

/**
 * The Parquet types AWS writes (VPC guide, "Flow log records",
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html; TGW
 * guide, https://docs.aws.amazon.com/vpc/latest/tgw/tgw-flow-logs.html), as
 * DuckDB types; stated here, not read from the library, since they are what
 * the table must read. Other fields are text.
 */
export const AWS_PARQUET: Record<'vpc' | 'transitGateway', Record<string, 'INTEGER' | 'BIGINT'>> = {
  vpc: {
    'version': 'INTEGER',
    'srcport': 'INTEGER',
    'dstport': 'INTEGER',
    'protocol': 'INTEGER',
    'packets': 'BIGINT',
    'bytes': 'BIGINT',
    'start': 'BIGINT',
    'end': 'BIGINT',
    'tcp-flags': 'INTEGER',
    'traffic-path': 'INTEGER',
  },
  transitGateway: {
    'version': 'INTEGER',
    'srcport': 'INTEGER',
    'dstport': 'INTEGER',
    'protocol': 'BIGINT',
    'packets': 'BIGINT',
    'bytes': 'BIGINT',
    'start': 'BIGINT',
    'end': 'BIGINT',
    'tcp-flags': 'INTEGER',
    'packets-lost-no-route': 'BIGINT',
    'packets-lost-blackhole': 'BIGINT',
    'packets-lost-mtu-exceeded': 'BIGINT',
    'packets-lost-ttl-expired': 'BIGINT',
  },
};

export interface FlowLogFileOptions {
  /** Parquet (columns named with `_` for `-`, AWS's types), else gzip text. */
  readonly parquet: boolean;
  /** Transit gateway records (their Parquet types differ). */
  readonly transitGateway?: boolean;
}

/**
 * Writes one flow-log file of the records (lines of space-separated values,
 * `-` for none) in the fields given, creating its folders.
 */
export async function writeFlowLogFile(connection: DuckDBConnection, file: string, fieldNames: string[], records: string[],
  options: FlowLogFileOptions): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = [fieldNames.join(' '), ...records];
  if (!options.parquet) {
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
    return;
  }
  const text = `${file}.txt`;
  fs.writeFileSync(text, lines.join('\n') + '\n');
  const types = AWS_PARQUET[options.transitGateway ? 'transitGateway' : 'vpc'];
  const columns = fieldNames.map((f) => `CAST("${f}" AS ${types[f] ?? 'VARCHAR'}) AS "${f.replace(/-/g, '_')}"`).join(', ');
  await connection.run(`COPY (SELECT ${columns} FROM read_csv('${text}', delim = ' ', header = true, nullstr = '-', all_varchar = true)) `
    + `TO '${file}' (FORMAT PARQUET)`);
  fs.rmSync(text);
}
