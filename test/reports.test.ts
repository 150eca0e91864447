/**
 * The saved Athena reports, run for real: flow-log files are written where
 * AWS writes them (keys built independently of the table) and as AWS writes
 * them (gzip text, or Parquet with AWS's Parquet types), then each report's
 * SQL runs in DuckDB over a view that reads them as Athena would through the
 * synthesized Glue table: its partition projection decides which folders it
 * finds and their partition values, its column types whether values read
 * (see support/athena-duckdb.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBConnection } from '@duckdb/node-api';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogArchive, FlowLogDestination, FlowLogFormat, FlowLogTarget, S3DestinationOptions } from '../src';
import { athenaConnection, createTableView, glueTable, GlueTable, projectedPartition, StoredFile } from './support/athena-duckdb';
import { writeFlowLogFile } from './support/aws-files';
import { ACCOUNT, newStack, newVpc, REGION } from './support/fixtures';

/** A record: [srcaddr, dstaddr, dstport, protocol, packets, bytes, action, interface, minutes before the clock]. */
type Flow = [string, string, number, number, number, number, string, string, number];

/** More than 2^31 - 1 bytes: an `int` column cannot hold it. */
const HUGE = 3_000_000_000;

/** A DNS flow, 90 minutes ago (out of the last hour). */
const internal = (src: string, dst: string, bytes: number): Flow =>
  [src, dst, 53, 17, 1, bytes, 'ACCEPT', 'eni-0cccccccccccccccc', 90];

const FLOWS: Flow[] = [
  ['10.0.1.25', '52.94.133.131', 443, 6, 900, 5_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 5],
  ['10.0.1.25', '52.94.133.131', 443, 6, 100, 1_000_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 90],
  ['10.0.5.9', '10.0.1.25', 443, 6, 2_500_000, HUGE, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 30],
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

/** A fixed instant the reports run at: Athena's current_timestamp and current_date (UTC, Athena's session time zone). */
class Clock {
  constructor(public readonly iso: string) {}
  get now(): number {
    return Date.parse(this.iso) / 1000;
  }
  /** The report's SQL run at this instant. */
  sql(report: string): string {
    if (/\bnow\(|localtimestamp|current_time\b|current_timezone/.test(report)) {
      throw new Error(`the report reads a clock this test does not set: ${report}`);
    }
    return report.replace(/\bcurrent_timestamp\b/g, `TIMESTAMPTZ '${this.iso}'`).replace(/\bcurrent_date\b/g, `DATE '${this.iso.slice(0, 10)}'`);
  }
}

interface Layout extends S3DestinationOptions {
  readonly transitGateway?: boolean;
}

/** The object key AWS writes for a file of the flow log at `unixSeconds` (VPC guide, "Flow log files"). */
function awsKey(layout: Layout, unixSeconds: number, ext: string): string {
  const t = new Date(unixSeconds * 1000).toISOString();
  const [Y, M, D, H] = [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10), t.slice(11, 13)];
  const folder = layout.keyPrefix ? `${layout.keyPrefix}/` : '';
  const file = `${ACCOUNT}_vpcflowlogs_${REGION}_fl-0123456789abcdef0_${Y}${M}${D}T${H}${t.slice(14, 16)}Z_1a2b3c4d.log.${ext}`;
  return layout.hiveCompatiblePartitions
    ? `${folder}AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/year=${Y}/month=${M}/day=${D}/`
      + `${layout.perHourPartition ? `hour=${H}/` : ''}${file}`
    : `${folder}AWSLogs/${ACCOUNT}/vpcflowlogs/${REGION}/${Y}/${M}/${D}/${layout.perHourPartition ? `${H}/` : ''}${file}`;
}

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
    'resource-type': 'TransitGateway',
    'tgw-id': 'tgw-0123456789abcdef0',
  };
  return format.fieldNames.map((f) => String(values[f] ?? '-')).join(' ');
}

/** Synthesizes the archive and its queries: the Glue table, the reports' SQL and the resolved record format. */
function synthesize(layout: Layout): { table: GlueTable; sql: Record<string, string>; format: FlowLogFormat } {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [layout.transitGateway ? FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0') : FlowLogTarget.fromVpc(newVpc(stack))],
    destinations: [FlowLogDestination.s3(layout)],
    logFormat: layout.transitGateway ? FlowLogFormat.DEFAULT : FlowLogFormat.SECURITY,
    alarms: { enabled: false },
  });
  const queries = archive.addQueries({ databaseName: 'flow' });
  const tableInput = (Object.values(Template.fromStack(stack).findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
  const sql = Object.fromEntries(Object.entries(queries.namedQueries).map(([id, q]) => [id, q.queryString]));
  const format = (layout.transitGateway ? FlowLogFormat.DEFAULT : FlowLogFormat.SECURITY).forResourceType(layout.transitGateway ? 'TransitGateway' : 'VPC');
  return { table: glueTable(tableInput), sql, format };
}

/** Writes the flows into files where and as AWS writes them: one file per hour of their start. */
async function writeFiles(connection: DuckDBConnection, dir: string, layout: Layout, clock: Clock, format: FlowLogFormat, flows: Flow[]) {
  const parquet = layout.fileFormat === ec2.FlowLogFileFormat.PARQUET;
  const byHour = new Map<number, Flow[]>();
  flows.forEach((f) => {
    const hour = Math.floor((clock.now - f[8] * 60) / 3600) * 3600;
    byHour.set(hour, [...byHour.get(hour) ?? [], f]);
  });
  const files: StoredFile[] = [];
  for (const [hour, group] of byHour) {
    const key = awsKey(layout, hour + 300, parquet ? 'parquet' : 'gz');
    const file = path.join(dir, key);
    const records = group.map((f) => record(clock, format, f));
    await writeFlowLogFile(connection, file, format.fieldNames, records, { parquet, transitGateway: layout.transitGateway });
    files.push({ key, path: file });
  }
  return files;
}

/** The reports over the flows, at `clock`, in `layout`; `run(id)` runs a saved report. */
function reportsOver(layout: Layout, clock: Clock, flows: Flow[]) {
  const state: { connection?: DuckDBConnection; table?: GlueTable; sql?: Record<string, string>; files?: StoredFile[]; dir?: string } = {};
  beforeAll(async () => {
    state.connection = await athenaConnection('flow');
    const { table, sql, format } = synthesize(layout);
    Object.assign(state, { table, sql, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'flow-reports-')) });
    state.files = await writeFiles(state.connection, state.dir!, layout, clock, format, flows);
    await createTableView(state.connection, 'flow', table, state.files);
  }, 60_000); // the first synth loads aws-cdk-lib, which on a busy machine takes longer than jest's 5 s
  afterAll(() => state.dir && fs.rmSync(state.dir, { recursive: true, force: true }));
  return {
    state,
    run: async (id: string) =>
      (await state.connection!.runAndReadAll(clock.sql(state.sql![id]))).getRowObjectsJson() as Array<Record<string, unknown>>,
  };
}

const LAYOUTS: Array<[string, Layout]> = [
  ['plain text, default layout, folder', { keyPrefix: 'net' }],
  ['plain text, Hive layout, hourly', { hiveCompatiblePartitions: true, perHourPartition: true }],
  ['Parquet, default layout, hourly', { fileFormat: ec2.FlowLogFileFormat.PARQUET, perHourPartition: true }],
  ['Parquet, Hive layout', { fileFormat: ec2.FlowLogFileFormat.PARQUET, hiveCompatiblePartitions: true }],
];

/** 09:20 UTC on 7 March: one-digit month, day and hour, so projection must pad them as AWS does. */
const MORNING = new Clock('2026-03-07T09:20:00Z');

describe.each(LAYOUTS)('reports on %s', (_name, layout) => {
  const { state, run } = reportsOver(layout, MORNING, FLOWS);

  test('the table\'s partition projection finds every file in the folders AWS writes, with the file\'s partition values', () => {
    for (const file of state.files!) {
      // The file name carries the time AWS wrote it at, e.g. _20260307T0905Z_.
      const [Y, M, D, H] = /_(\d{4})(\d\d)(\d\d)T(\d\d)\d\dZ_/.exec(file.key)!.slice(1);
      expect([file.key, projectedPartition(state.table!, file.key)]).toEqual([file.key, {
        aws_account_id: ACCOUNT, aws_region: REGION, year: Y, month: M, day: D, ...layout.perHourPartition ? { hour: H } : {},
      }]);
    }
    expect(new Set(state.files!.map((f) => path.dirname(f.key))).size).toBe(layout.perHourPartition ? 3 : 1);
  });

  test('top talkers: the 25 pairs with the most bytes, counting a flow of more than 2^31 bytes', async () => {
    const totals = new Map<string, number>();
    FLOWS.forEach(([src, dst, , , , bytes]) => totals.set(`${src}>${dst}`, (totals.get(`${src}>${dst}`) ?? 0) + bytes));
    expect(totals.size).toBeGreaterThan(25);
    const result = await run('TopTalkers');
    expect(result[0]).toEqual({ srcaddr: '10.0.5.9', dstaddr: '10.0.1.25', total_bytes: String(HUGE) });
    expect(result.map((r) => [`${r.srcaddr}>${r.dstaddr}`, Number(r.total_bytes)]))
      .toEqual([...totals].sort(([, x], [, y]) => y - x).slice(0, 25));
  });

  test('rejected traffic by source', async () => {
    expect(await run('RejectedBySource')).toEqual([
      { srcaddr: '198.51.100.7', flows: '2', total_packets: '60' },
      { srcaddr: '203.0.113.9', flows: '1', total_packets: '5' },
    ]);
  });

  test('traffic by destination port', async () => {
    const result = await run('TrafficByPort');
    expect(result.map((r) => [r.dstport, r.protocol, r.total_bytes])).toEqual([
      ['443', '6', '3006000000'], ['5432', '6', '2110000'], ['53', '17', '27750'], ['22', '6', '2700'], ['8080', '6', '2210'], ['3389', '6', '1200'],
    ]);
  });

  test('flows to and from the internet leave private-to-private traffic out (10/8, 172.16/12, 192.168/16, fc00::/7, fe80::/10)', async () => {
    const result = await run('InternetFlows');
    expect(result.map((r) => `${r.srcaddr}>${r.dstaddr}`)).toEqual([
      '10.0.1.25>52.94.133.131', '172.32.0.8>10.0.1.25', '172.15.0.8>10.0.1.25', '2001:db8::1>fd00::10',
      '198.51.100.7>10.0.1.25', '198.51.100.7>10.0.1.26', '203.0.113.9>10.0.1.25',
    ]);
  });

  test('volume per network interface', async () => {
    expect(await run('VolumePerInterface')).toEqual([
      { interface_id: 'eni-0bbbbbbbbbbbbbbbb', total_bytes: '3002111200', total_packets: '2500340' },
      { interface_id: 'eni-0aaaaaaaaaaaaaaaa', total_bytes: '6002700', total_packets: '1045' },
      { interface_id: 'eni-0cccccccccccccccc', total_bytes: '29960', total_packets: '29' },
    ]);
  });

  test('last hour summary counts flows of 40 and fewer minutes ago and leaves those of 70 and 90 minutes ago out', async () => {
    const result = await run('LastHourSummary');
    expect(Object.fromEntries(result.map((r) => [r.action, [r.flows, r.total_bytes]]))).toEqual({
      ACCEPT: ['4', '3007040000'], REJECT: ['3', '3900'],
    });
  });
});

/** 00:30 UTC on 1 March: the last hour began the day (and month) before. */
const AFTER_MIDNIGHT = new Clock('2026-03-01T00:30:00Z');

const ACROSS_MIDNIGHT: Flow[] = [
  ['10.0.1.25', '52.94.133.131', 443, 6, 10, 1_000, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 20],
  ['10.0.1.25', '52.94.133.131', 443, 6, 10, HUGE, 'ACCEPT', 'eni-0aaaaaaaaaaaaaaaa', 50],
  ['198.51.100.7', '10.0.1.25', 22, 6, 40, 2_400, 'REJECT', 'eni-0aaaaaaaaaaaaaaaa', 70],
  ['10.0.2.14', '10.0.1.25', 5432, 6, 300, 2_000_000, 'ACCEPT', 'eni-0bbbbbbbbbbbbbbbb', 150],
];

describe.each(LAYOUTS.slice(0, 3))('just after midnight, on %s', (_name, layout) => {
  const { state, run } = reportsOver(layout, AFTER_MIDNIGHT, ACROSS_MIDNIGHT);

  test('the flows are in yesterday\'s partitions and today\'s', () => {
    expect(new Set(state.files!.map((f) => projectedPartition(state.table!, f.key)!.day))).toEqual(new Set(['28', '01']));
  });

  test('last hour summary includes the flow of 23:40 the day before, and not that of 23:20', async () => {
    const result = await run('LastHourSummary');
    expect(Object.fromEntries(result.map((r) => [r.action, [r.flows, r.total_bytes]]))).toEqual({ ACCEPT: ['2', String(HUGE + 1_000)] });
  });

  test('the reports of "today" still read today\'s partitions only', async () => {
    expect(await run('TopTalkers')).toEqual([{ srcaddr: '10.0.1.25', dstaddr: '52.94.133.131', total_bytes: '1000' }]);
  });
});

describe('transit gateway records in Parquet, whose protocol AWS writes as INT_64', () => {
  const { state, run } = reportsOver({ transitGateway: true, fileFormat: ec2.FlowLogFileFormat.PARQUET }, MORNING, FLOWS.slice(0, 4));

  test('the files hold protocol as INT64 and bytes of more than 2^31', async () => {
    const schema = await state.connection!.runAndReadAll(`SELECT name, type FROM parquet_schema('${state.files![0].path}') WHERE name IN ('protocol', 'bytes')`);
    expect(schema.getRowObjectsJson()).toEqual([{ name: 'protocol', type: 'INT64' }, { name: 'bytes', type: 'INT64' }]);
  });

  test('traffic by destination port reads them', async () => {
    expect((await run('TrafficByPort')).map((r) => [r.dstport, r.protocol, r.total_bytes])).toEqual([
      ['443', '6', String(HUGE + 6_000_000)], ['5432', '6', '2000000'],
    ]);
  });
});
