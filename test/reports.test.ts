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

/**
 * The clock of a DuckDB transaction, in UTC. DuckDB's current_timestamp and
 * current_date are those of the start of the transaction, so the partition
 * the files are written to, their record times and the reports' "today" and
 * "last hour" all come from one instant, even across midnight.
 */
interface Clock {
  readonly now: number;
  readonly Y: string;
  readonly M: string;
  readonly D: string;
  readonly H: string;
}

/** A record in the SECURITY format: [srcaddr, dstaddr, dstport, protocol, packets, bytes, action, interface, minutes ago]. */
type Flow = [string, string, number, number, number, number, string, string, number];

/** A DNS flow, 90 minutes ago (out of the last hour). */
const internal = (src: string, dst: string, bytes: number): Flow =>
  [src, dst, 53, 17, 1, bytes, 'ACCEPT', 'eni-0cccccccccccccccc', 90];

const FLOWS: Flow[] = [
  ['10.0.1.25', '52.94.133.131', 443, 6, 900, 5_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 5],
  ['10.0.1.25', '52.94.133.131', 443, 6, 100, 1_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 90],
  ['10.0.2.14', '10.0.1.25', 5432, 6, 300, 2_000_000, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 10],
  ['10.0.2.14', '10.0.1.25', 5432, 6, 10, 40_000, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 40],
  ['10.0.2.14', '10.0.1.25', 5432, 6, 10, 70_000, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 70],
  ['198.51.100.7', '10.0.1.25', 22, 6, 40, 2_400, 'REJECT', 'eni-0aaaaaaaaaaaaaaaa', 15],
  ['198.51.100.7', '10.0.1.26', 3389, 6, 20, 1_200, 'REJECT', 'eni-0bbbbbbbbbbbbbbbb', 20],
  ['203.0.113.9', '10.0.1.25', 22, 6, 5, 300, 'REJECT', 'eni-0aaaaaaaaaaaaaaaa', 25],
  // Each private range at its edges, and the public addresses just outside 172.16.0.0/12.
  internal('192.168.1.10', '10.0.1.25', 600),
  internal('172.16.0.5', '10.0.1.25', 610),
  internal('172.20.3.4', '10.0.1.25', 620),
  internal('172.31.9.9', '10.0.1.25', 630),
  internal('172.32.0.8', '10.0.1.25', 9_000),
  internal('172.15.0.8', '10.0.1.25', 8_000),
  internal('fd00::10', 'fe80::1', 640),
  internal('fc00::7', '10.0.1.25', 650),
  internal('2001:db8::1', 'fd00::10', 7_000),
  // Many small private pairs, more than the 25 top talkers.
  ...Array.from({ length: 20 }, (_, i) => [`10.0.3.${i + 1}`, '10.0.4.1', 8080, 6, 1, 101 + i, 'ACCEPT', 'eni-0cccccccccccccccc', 90] as Flow),
];

function record(clock: Clock, format: FlowLogFormat, flow: Flow): string {
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
    'start': clock.now - ago * 60,
    'end': clock.now - ago * 60 + 60,
    'action': action,
    'log-status': 'OK',
  };
  return format.fieldNames.map((f) => String(values[f] ?? '-')).join(' ');
}

/** The object key AWS writes (VPC user guide, "Flow log files"), built without the table's template. */
function awsKey(clock: Clock, prefix: string | undefined, hive: boolean, perHour: boolean, ext: string): string {
  const { Y, M, D, H } = clock;
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

/** A DuckDB connection in UTC with Athena's functions, inside one transaction, so that its clock stands still. */
async function duck(): Promise<{ connection: DuckDBConnection; clock: Clock }> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  for (const macro of [
    "SET TimeZone = 'UTC'",
    'BEGIN TRANSACTION',
    'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
    'CREATE MACRO date_format(d, f) AS strftime(d, f)',
    'CREATE MACRO to_unixtime(t) AS epoch(t)',
    'CREATE SCHEMA flow',
  ]) {
    await connection.run(macro);
  }
  const [clock] = (await connection.runAndReadAll("SELECT floor(epoch(current_timestamp)) AS now, strftime(current_date, '%Y') AS Y, "
    + "strftime(current_date, '%m') AS M, strftime(current_date, '%d') AS D, strftime(current_timestamp, '%H') AS H")).getRowObjectsJson();
  return { connection, clock: clock as unknown as Clock };
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
  let connection: DuckDBConnection;
  let clock: Clock;
  let setup: Setup;
  let dir: string;

  beforeAll(async () => {
    ({ connection, clock } = await duck());
    const key = awsKey(clock, options.keyPrefix, options.hiveCompatiblePartitions ?? false, options.perHourPartition ?? false, parquet ? 'parquet' : 'gz');
    setup = synthesize(options, key);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-reports-'));
    const file = path.join(dir, key);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = [FlowLogFormat.SECURITY.fieldNames.join(' '), ...FLOWS.map((f) => record(clock, FlowLogFormat.SECURITY, f))];
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
    expect(setup.partitions).toMatchObject({ account: ACCOUNT, region: REGION, year: clock.Y, month: clock.M, day: clock.D });
  });

  test('top talkers: the 25 pairs with the most bytes', async () => {
    const totals = new Map<string, number>();
    FLOWS.forEach(([src, dst, , , , bytes]) => totals.set(`${src}>${dst}`, (totals.get(`${src}>${dst}`) ?? 0) + bytes));
    expect(totals.size).toBeGreaterThan(25);
    const result = await rows(connection, setup.sql.TopTalkers);
    expect(result[0]).toEqual({ srcaddr: '10.0.1.25', dstaddr: '52.94.133.131', total_bytes: '6000000' });
    expect(result.map((r) => [`${r.srcaddr}>${r.dstaddr}`, Number(r.total_bytes)]))
      .toEqual([...totals].sort(([, x], [, y]) => y - x).slice(0, 25));
  });

  test('rejected traffic by source', async () => {
    expect(await rows(connection, setup.sql.RejectedBySource)).toEqual([
      { srcaddr: '198.51.100.7', flows: '2', total_packets: '60' },
      { srcaddr: '203.0.113.9', flows: '1', total_packets: '5' },
    ]);
  });

  test('traffic by destination port', async () => {
    const result = await rows(connection, setup.sql.TrafficByPort);
    expect(result.map((r) => [r.dstport, r.total_bytes])).toEqual([[443, '6000000'], [5432, '2110000'], [53, '27750'], [22, '2700'], [8080, '2210'], [3389, '1200']]);
  });

  test('flows to and from the internet leave private-to-private traffic out (10/8, 172.16/12, 192.168/16, fc00::/7, fe80::/10)', async () => {
    const result = await rows(connection, setup.sql.InternetFlows);
    expect(result.map((r) => `${r.srcaddr}>${r.dstaddr}`)).toEqual([
      '10.0.1.25>52.94.133.131', '172.32.0.8>10.0.1.25', '172.15.0.8>10.0.1.25', '2001:db8::1>fd00::10',
      '198.51.100.7>10.0.1.25', '198.51.100.7>10.0.1.26', '203.0.113.9>10.0.1.25',
    ]);
  });

  test('volume per network interface', async () => {
    expect(await rows(connection, setup.sql.VolumePerInterface)).toEqual([
      { interface_id: 'eni-0aaaaaaaaaaaaaaaa', total_bytes: '6002700', total_packets: '1045' },
      { interface_id: 'eni-0bbbbbbbbbbbbbbbb', total_bytes: '2111200', total_packets: '340' },
      { interface_id: 'eni-0cccccccccccccccc', total_bytes: '29960', total_packets: '29' },
    ]);
  });

  test('last hour summary counts a flow of 40 minutes ago and leaves those of 70 and 90 minutes ago out', async () => {
    const result = await rows(connection, setup.sql.LastHourSummary);
    expect(Object.fromEntries(result.map((r) => [r.action, [r.flows, r.total_bytes]]))).toEqual({
      ACCEPT: ['3', '7040000'], REJECT: ['3', '3900'],
    });
  });
});
