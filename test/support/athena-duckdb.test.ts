/**
 * The Athena emulation must fail where Athena fails, or the reports test
 * could pass over a table Athena cannot read.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { createTableView, GlueTable, projectedPartition } from './athena-duckdb';

const KEY = 'AWSLogs/111111111111/vpcflowlogs/eu-west-1/2026/03/07/f.log.parquet';

function table(columns: Array<[string, string]>, digits = true, partitionKeys = ['aws_account_id', 'aws_region', 'year', 'month', 'day']): GlueTable {
  return {
    name: 't',
    columns: columns.map(([Name, Type]) => ({ Name, Type })),
    partitionKeys: partitionKeys.map((Name) => ({ Name, Type: 'string' })),
    parameters: {
      'projection.aws_account_id.type': 'enum',
      'projection.aws_account_id.values': '111111111111',
      'projection.aws_region.type': 'enum',
      'projection.aws_region.values': 'eu-west-1',
      'projection.year.type': 'integer',
      'projection.year.range': '2020,2100',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      ...digits ? { 'projection.month.digits': '2' } : {},
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
    },
    keyTemplate: 'AWSLogs/${aws_account_id}/vpcflowlogs/${aws_region}/${year}/${month}/${day}',
    parquet: true,
  };
}

describe('the Athena emulation', () => {
  let connection: DuckDBConnection;
  let file: string;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(':memory:')).connect();
    await connection.run('CREATE SCHEMA s');
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'athena-emulation-')), 'f.parquet');
    await connection.run(`COPY (SELECT CAST(6 AS BIGINT) AS protocol, CAST(80 AS INTEGER) AS dstport) TO '${file}' (FORMAT PARQUET)`);
  });
  afterAll(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));

  test('finds a zero-padded folder through integer projection with digits, and not without them', () => {
    expect(projectedPartition(table([]), KEY)).toEqual({ aws_account_id: '111111111111', aws_region: 'eu-west-1', year: '2026', month: '03', day: '07' });
    expect(projectedPartition(table([], false), KEY)).toBeUndefined();
    expect(projectedPartition(table([]), KEY.replace('111111111111/', '222222222222/'))).toBeUndefined();
  });

  test('reads INT64 as bigint and INT32 as int or bigint, but refuses INT64 as int', async () => {
    await createTableView(connection, 's', table([['protocol', 'bigint'], ['dstport', 'int']]), [{ key: KEY, path: file }]);
    expect((await connection.runAndReadAll('SELECT protocol, dstport, month FROM s.t')).getRowObjectsJson()).toEqual([
      { protocol: '6', dstport: 80, month: '03' },
    ]);
    await expect(createTableView(connection, 's', table([['protocol', 'int']]), [{ key: KEY, path: file }]))
      .rejects.toThrow("HIVE_BAD_DATA: Field protocol's type INT64 in parquet file");
  });

  test('refuses a table whose partition keys repeat a column', async () => {
    await expect(createTableView(connection, 's', table([['day', 'string']]), []))
      .rejects.toThrow('HIVE_INVALID_METADATA: Table t has partition keys that repeat columns: day');
  });
});
