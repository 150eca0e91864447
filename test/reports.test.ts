/**
 * The saved Athena reports, run for real: flow-log files are generated in the
 * key layout AWS writes (independently of the table's projection template),
 * the template is checked to find them, and each report's SQL runs in DuckDB
 * over a view shaped like the Glue table (Athena functions mapped by macros).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogArchive, FlowLogDestination, FlowLogFormat, FlowLogTarget, S3DestinationOptions } from '../src';
import { ACCOUNT, newStack, newVpc, REGION } from './support/fixtures';

const NOW = Math.floor(Date.now() / 1000);
const today = new Date(NOW * 1000);
const Y = String(today.getUTCFullYear());
const M = String(today.getUTCMonth() + 1).padStart(2, '0');
const D = String(today.getUTCDate()).padStart(2, '0');
const H = String(today.getUTCHours()).padStart(2, '0');

/** Records in the SECURITY format: [srcaddr, dstaddr, dstport, protocol, packets, bytes, action, interface, minutes ago]. */
const FLOWS: Array<[string, string, number, number, number, number, string, string, number]> = [
  ['10.0.1.25', '52.94.133.131', 443, 6, 900, 5_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 5],
  ['10.0.1.25', '52.94.133.131', 443, 6, 100, 1_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 90],
  ['10.0.2.14', '10.0.1.25', 5432, 6, 300, 2_000_000, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 10],
  ['198.51.100.7', '10.0.1.25', 22, 6, 40, 2_400, 'REJECT', 'eni-0aaaaaaaaaaaaaaaa', 15],
  ['198.51.100.7', '10.0.1.26', 3389, 6, 20, 1_200, 'REJECT', 'eni-0bbbbbbbbbbbbbbbb', 20],
  ['203.0.113.9', '10.0.1.25', 22, 6, 5, 300, 'REJECT', 'eni-0aaaaaaaaaaaaaaaa', 25],
];

function record(format: FlowLogFormat, flow: (typeof FLOWS)[number]): string {
  const [src, dst, port, proto, packets, bytes, action, eni, ago] = flow;
  const values: Record<string, string | number> = {
    'version': 5,
    'account-id': ACCOUNT,
    'interface-id': eni,
    'srcaddr': src,
    'dstaddr': dst,
    'srcport': 49152,
    'dstport': port,
    'protocol': proto,
    'packets': packets,
    'bytes': bytes,
    'start': NOW - ago * 60,
    'end': NOW - ago * 60 + 60,
    'action': action,
    'log-status': 'OK',
  };
  return format.fieldNames.map((f) => String(values[f] ?? '-')).join(' ');
}

/** The object key AWS writes (VPC user guide, "Flow log files"), built without the table's template. */
function awsKey(prefix: string | undefined, hive: boolean, perHour: boolean, ext: string): string {
  const folder = prefix ? `${prefix}/` : '';
  const file = `${ACCOUNT}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_${Y}${M}${D}T${H}00Z_1a2b3c4d.log.${ext}`;
  return hive
    ? `${folder}AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/year=${Y}/month=${M}/day=${D}/${perHour ? `hour=${H}/` : ''}${file}`
    : `${folder}AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/${Y}/${M}/${D}/${perHour ? `${H}/` : ''}${file}`;
}

interface Setup {
  readonly sql: Record<string, string>;
  readonly columns: Array<{ Name: string; Type: string }>;
  readonly partitions: Record<string, string>;
}

/** Synthesizes the table, checks its template finds `key`, and returns the reports and partition values. */
function synthesize(options: S3DestinationOptions, key: string): Setup {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))],
    destinations: [FlowLogDestination.s3(options)],
    logFormat: FlowLogFormat.SECURITY,
    alarms: { enabled: false },
  });
  const queries = archive.addQueries({ databaseName: 'flow' });
  const table = (Object.values(Template.fromStack(stack).findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
  const template: string = table.Parameters['storage.location.template']['Fn::Join'][1][2];
  const pattern = new RegExp(`^${template.replace(/^\//, '').replace(/\$\{(\w+)\}/g, '(?<$1>[^/]+)')}/[^/]+$`);
  const match = pattern.exec(key);
  if (!match) {
    throw new Error(`the projection template ${template} does not find ${key}`);
  }
  const sql = Object.fromEntries(Object.entries(queries.namedQueries).map(([id, q]) => [id, q.queryString]));
  return { sql, columns: table.StorageDescriptor.Columns, partitions: { ...match.groups } };
}

const DUCK_TYPES: Record<string, string> = { bigint: 'BIGINT', int: 'INTEGER', string: 'VARCHAR' };

async function duck(): Promise<DuckDBConnection> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const macro of [
    'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO date_format(d, f) AS strftime(d, f)',
    'CREATE MACRO to_unixtime(t) AS epoch(t)',
    'CREATE SCHEMA flow',
  ]) {
    await connection.run(macro);
  }
  return connection;
}

async function tableView(connection: DuckDBConnection, setup: Setup, file: string, parquet: boolean): Promise<void> {
  const columns = setup.columns.map((c) => `'${c.Name}': '${DUCK_TYPES[c.Type]}'`).join(', ');
  const source = parquet
    ? `read_parquet('${file}')`
    : `read_csv('${file}', delim = ' ', header = true, nullstr = '-', columns = {${columns}})`;
  const partitions = Object.entries(setup.partitions).map(([k, v]) => `'${v}' AS "${k}"`).join(', ');
  await connection.run(`CREATE VIEW flow.vpc_flow_logs AS SELECT *, ${partitions} FROM ${source}`);
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Array<Record<string, unknown>>> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Array<Record<string, unknown>>;
}

const LAYOUTS: Array<[string, S3DestinationOptions]> = [
  ['plain text, default layout, folder', { keyPrefix: 'net' }],
  ['plain text, Hive layout, hourly', { hiveCompatiblePartitions: true, perHourPartition: true }],
  ['Parquet, default layout, hourly', { fileFormat: ec2.FlowLogFileFormat.PARQUET, perHourPartition: true }],
  ['Parquet, Hive layout', { fileFormat: ec2.FlowLogFileFormat.PARQUET, hiveCompatiblePartitions: true }],
];

describe.each(LAYOUTS)('reports on %s', (_name, options) => {
  const parquet = options.fileFormat === ec2.FlowLogFileFormat.PARQUET;
  const key = awsKey(options.keyPrefix, options.hiveCompatiblePartitions ?? false, options.perHourPartition ?? false, parquet ? 'parquet' : 'gz');
  let connection: DuckDBConnection;
  let setup: Setup;
  let dir: string;

  beforeAll(async () => {
    setup = synthesize(options, key);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-reports-'));
    const file = path.join(dir, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    connection = await duck();
    const lines = [FlowLogFormat.SECURITY.fieldNames.join(' '), ...FLOWS.map((f) => record(FlowLogFormat.SECURITY, f))];
    if (parquet) {
      const csv = path.join(dir, 'records.txt');
      fs.writeFileSync(csv, lines.join('\n') + '\n');
      const columns = setup.columns.map((c) => `'${c.Name}': '${DUCK_TYPES[c.Type]}'`).join(', ');
      await connection.run(`COPY (SELECT * FROM read_csv('${csv}', delim = ' ', header = true, nullstr = '-', columns = {${columns}})) `
        + `TO '${file}' (FORMAT PARQUET)`);
    } else {
      fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n'));
    }
    await tableView(connection, setup, file, parquet);
  });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the projection template finds the files in the layout AWS writes', () => {
    expect(setup.partitions).toMatchObject({ account: ACCOUNT, region: REGION, year: Y, month: M, day: D });
  });

  test('top talkers', async () => {
    const result = await rows(connection, setup.sql.TopTalkers);
    expect(result[0]).toEqual({ srcaddr: '10.0.1.25', dstaddr: '52.94.133.131', total_bytes: '6000000' });
    expect(result).toHaveLength(5);
  });

  test('rejected traffic by source', async () => {
    expect(await rows(connection, setup.sql.RejectedBySource)).toEqual([
      { srcaddr: '198.51.100.7', flows: '2', total_packets: '60' },
      { srcaddr: '203.0.113.9', flows: '1', total_packets: '5' },
    ]);
  });

  test('traffic by destination port', async () => {
    const result = await rows(connection, setup.sql.TrafficByPort);
    expect(result.map((r) => [r.dstport, r.total_bytes])).toEqual([[443, '6000000'], [5432, '2000000'], [22, '2700'], [3389, '1200']]);
  });

  test('flows to and from the internet leave private-to-private traffic out', async () => {
    const result = await rows(connection, setup.sql.InternetFlows);
    expect(result.map((r) => `${r.srcaddr}>${r.dstaddr}`)).toEqual([
      '10.0.1.25>52.94.133.131', '198.51.100.7>10.0.1.25', '198.51.100.7>10.0.1.26', '203.0.113.9>10.0.1.25',
    ]);
  });

  test('volume per network interface', async () => {
    expect(await rows(connection, setup.sql.VolumePerInterface)).toEqual([
      { interface_id: 'eni-0aaaaaaaaaaaaaaaa', total_bytes: '6002700', total_packets: '1045' },
      { interface_id: 'eni-0bbbbbbbbbbbbbbbb', total_bytes: '2001200', total_packets: '320' },
    ]);
  });

  test('last hour summary leaves older flows out', async () => {
    const result = await rows(connection, setup.sql.LastHourSummary);
    expect(Object.fromEntries(result.map((r) => [r.action, [r.flows, r.total_bytes]]))).toEqual({
      ACCEPT: ['2', '7000000'], REJECT: ['3', '3900'],
    });
  });
});
