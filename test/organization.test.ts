/**
 * The organization's archive in one query: FlowLogArchiveBucket.addQueries()
 * over several accounts and Regions, its reports run in DuckDB over files
 * written where and as AWS writes them (support/athena-duckdb.ts reads them
 * through the synthesized table's partition projection), in both key
 * layouts; EC2 tag fields from the record format to the flow log's
 * TagFieldSpecifications and the "by tag" reports.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBConnection } from '@duckdb/node-api';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveQueriesOptions, FlowLogDestination, FlowLogField, FlowLogFormat,
  FlowLogQueryAccounts, FlowLogTarget,
} from '../src';
import { athenaConnection, checkInjectedFilter, createTableView, glueTable, GlueTable, projectedPartition, StoredFile } from './support/athena-duckdb';
import { writeFlowLogFile } from './support/aws-files';
import { newApp, newVpc } from './support/fixtures';

const LOG_ARCHIVE = '999999999999';
const TEAM_A = '111111111111';
const TEAM_B = '222222222222';
const OUTSIDER = '333333333333';
const HOME = 'eu-west-1';
const OTHER = 'us-east-1';

/** The format every workload account writes: the default fields, flow-direction, and the instance's team tag. */
const ORG_FORMAT = FlowLogFormat.fields(
  FlowLogField.VERSION, FlowLogField.ACCOUNT_ID, FlowLogField.INTERFACE_ID, FlowLogField.SRCADDR, FlowLogField.DSTADDR,
  FlowLogField.SRCPORT, FlowLogField.DSTPORT, FlowLogField.PROTOCOL, FlowLogField.PACKETS, FlowLogField.BYTES, FlowLogField.START,
  FlowLogField.END, FlowLogField.ACTION, FlowLogField.LOG_STATUS, FlowLogField.FLOW_DIRECTION, FlowLogField.INSTANCE_TAG,
).withTagKeys({ instance: ['team'] });

function centralStack(app = newApp()) {
  const stack = new Stack(app, 'LogArchive', { env: { account: LOG_ARCHIVE, region: HOME } });
  return { app, stack };
}

function central(options: Partial<FlowLogArchiveQueriesOptions> = {}, props: { sourceOrganizationId?: string } = {}) {
  const { app, stack } = centralStack();
  const bucket = new FlowLogArchiveBucket(stack, 'Central', {
    bucketName: 'org-flow-logs', ...props.sourceOrganizationId ? props : { sourceAccounts: [TEAM_A, TEAM_B] },
  });
  const queries = bucket.addQueries({ regions: [HOME, OTHER], logFormat: ORG_FORMAT, databaseName: 'org', ...options });
  return { app, stack, bucket, queries };
}

const tableOf = (stack: Stack) => (Object.values(Template.fromStack(stack).findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;

describe('FlowLogArchiveBucket.addQueries', () => {
  test('one table over the listed accounts and the Regions given, with every report, across accounts too', () => {
    const { stack, queries } = central();
    const table = tableOf(stack);
    expect(table.Parameters).toMatchObject({
      'projection.aws_account_id.type': 'enum',
      'projection.aws_account_id.values': `${TEAM_A},${TEAM_B}`,
      'projection.aws_region.type': 'enum',
      'projection.aws_region.values': `${HOME},${OTHER}`,
    });
    expect(Object.keys(queries.namedQueries)).toEqual([
      'TopTalkers', 'RejectedBySource', 'TrafficByPort', 'InternetFlows', 'VolumePerInterface', 'LastHourSummary', 'TrafficByTag', 'RejectedByTag',
      'TopTalkersAcrossAccounts', 'TrafficByAccountAndRegion', 'CrossAccountTraffic',
    ]);
    // The tag column says which tag it holds.
    expect(table.StorageDescriptor.Columns.find((c: any) => c.Name === 'instance_tag'))
      .toEqual({ Name: 'instance_tag', Type: 'string', Comment: "value of the EC2 tag 'team' (instance)" });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::NamedQuery', {
      Name: 'org: top talkers across accounts',
      QueryString: Match.stringLikeRegexp("WHERE year = date_format\\(current_date - interval '1' day, '%Y'\\)"),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ ResultConfiguration: { OutputLocation: Match.anyValue(), EncryptionConfiguration: Match.objectLike({ EncryptionOption: 'SSE_KMS' }) } }),
    });
  });

  test('an injected account projection: any account, each report asks for it, cross-account traffic is left out with a warning', () => {
    const { stack, queries } = central({ accounts: FlowLogQueryAccounts.injected() }, { sourceOrganizationId: 'o-a1b2c3d4e5' });
    const table = tableOf(stack);
    expect(table.Parameters['projection.aws_account_id.type']).toBe('injected');
    expect(table.Parameters['projection.aws_account_id.values']).toBeUndefined();
    expect(Object.keys(queries.namedQueries)).not.toContain('CrossAccountTraffic');
    for (const query of Object.values(queries.namedQueries)) {
      expect(query.queryString).toMatch(/aws_account_id = \? AND/);
    }
    Annotations.fromStack(stack).hasWarning('/LogArchive/Central/Queries', Match.stringLikeRegexp('cross-account traffic" was not created'));
  });

  test('an organization-wide bucket takes a list of accounts', () => {
    const { stack } = central({ accounts: FlowLogQueryAccounts.of(TEAM_A, OUTSIDER) }, { sourceOrganizationId: 'o-a1b2c3d4e5' });
    expect(tableOf(stack).Parameters['projection.aws_account_id.values']).toBe(`${TEAM_A},${OUTSIDER}`);
  });

  test('a writer of the app with another format or layout fails synth; one with the same format passes', () => {
    const { app, stack, bucket } = central({ keyPrefix: 'org' });
    new FlowLogArchive(stack, 'Same', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack, 'Vpc1'))],
      destinations: [FlowLogDestination.s3({ bucket: bucket.bucket, keyPrefix: 'org' })],
      logFormat: ORG_FORMAT,
      alarms: { enabled: false },
    });
    new FlowLogArchive(stack, 'ElsewhereAndOther', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack, 'Vpc2'))],
      destinations: [FlowLogDestination.s3({ bucket: bucket.bucket, keyPrefix: 'elsewhere' })],
      alarms: { enabled: false },
    });
    expect(() => app.synth()).not.toThrow();

    const other = central({ keyPrefix: 'org' });
    new FlowLogArchive(other.stack, 'Other', {
      targets: [FlowLogTarget.fromVpc(newVpc(other.stack))],
      destinations: [FlowLogDestination.s3({ bucket: other.bucket.bucket, keyPrefix: 'org', hiveCompatiblePartitions: true })],
      alarms: { enabled: false },
    });
    expect(() => other.app.synth()).toThrow(/logFormat must be the record format of every flow log the table reads, but LogArchive\/Other writes other fields/);
    expect(() => other.app.synth()).toThrow(/hiveCompatiblePartitions must match the key layout of LogArchive\/Other/);
  });

  test('without a writer in the app, a warning says the format could not be checked', () => {
    const { stack } = central();
    Annotations.fromStack(stack).hasWarning('/LogArchive/Central/Queries', Match.stringLikeRegexp('could not be checked'));
  });

  test('a writer from an account or Region the table does not read: a warning', () => {
    const { app, stack, bucket } = central({ regions: [OTHER] });
    new FlowLogArchive(stack, 'Home', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket: bucket.bucket })],
      logFormat: ORG_FORMAT,
      alarms: { enabled: false },
    });
    app.synth();
    Annotations.fromStack(stack).hasWarning('/LogArchive/Central/Queries',
      Match.stringLikeRegexp(`from account ${LOG_ARCHIVE} and Region ${HOME}, which the table does not read`));
  });

  test('grantQuery for a security team\'s role in another account: bucket and key policy statements for it, and a warning about Athena', () => {
    const { app, stack, queries } = central();
    const security = new Stack(app, 'Security', { env: { account: OUTSIDER, region: HOME } });
    const role = new iam.Role(security, 'Analyst', { assumedBy: new iam.AccountPrincipal(OUTSIDER), roleName: 'flow-log-analyst' });
    queries.grantQuery(role);
    const analyst = { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${OUTSIDER}:role/flow-log-analyst`]] } };
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: analyst, Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] })]) },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: analyst, Action: ['kms:Decrypt', 'kms:DescribeKey'] })]) },
    });
    // Behaviour (allowed and denied requests): test/policies.test.ts.
    Annotations.fromStack(stack).hasWarning('/LogArchive/Central/Queries', Match.stringLikeRegexp(`principal of account ${OUTSIDER}`));
  });

  test('grantQuery for a role of the archive\'s account that a security team assumes: no warning, Athena and Glue in its policy', () => {
    const { stack, queries } = central();
    const role = new iam.Role(stack, 'SecurityTeamQuery', { assumedBy: new iam.AccountPrincipal(OUTSIDER) });
    queries.grantQuery(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['athena:StartQueryExecution']) })]) },
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Athena runs queries'))).toEqual([]);
  });
});

test('the central table\'s database is named after the bucket by default', () => {
  const { stack } = centralStack();
  new FlowLogArchiveBucket(stack, 'Central', { sourceAccounts: [TEAM_A] }).addQueries({ regions: [HOME] });
  Template.fromStack(stack).hasResourceProperties('AWS::Glue::Database', { DatabaseInput: Match.objectLike({ Name: 'logarchive_central' }) });
  Template.fromStack(stack).hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'logarchive_central' });
});

test('a FlowLogArchive whose format has a tag field gets the "by tag" reports too; without one, neither they nor a warning', () => {
  const build = (format: FlowLogFormat) => {
    const stack = new Stack(newApp(), 'Workload', { env: { account: TEAM_A, region: HOME } });
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], logFormat: format, alarms: { enabled: false } });
    return { stack, queries: archive.addQueries({ databaseName: 'net' }) };
  };
  const tagged = build(ORG_FORMAT);
  expect(Object.keys(tagged.queries.namedQueries)).toEqual(expect.arrayContaining(['TrafficByTag', 'RejectedByTag']));
  Template.fromStack(tagged.stack).hasResourceProperties('AWS::Athena::NamedQuery', {
    Name: 'net: rejected traffic by tag',
    QueryString: Match.stringLikeRegexp('^SELECT instance_tag, srcaddr, COUNT\\(\\*\\) AS flows'),
  });
  const plain = build(FlowLogFormat.SECURITY);
  expect(Object.keys(plain.queries.namedQueries).filter((id) => id.endsWith('ByTag'))).toEqual([]);
  expect(Annotations.fromStack(plain.stack).findWarning('*', Match.stringLikeRegexp('by tag'))).toEqual([]);
});

describe('EC2 tag fields', () => {
  function archive(format: FlowLogFormat) {
    const stack = new Stack(newApp(), 'Workload', { env: { account: TEAM_A, region: HOME } });
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], logFormat: format, alarms: { enabled: false } });
    return Template.fromStack(stack);
  }

  test('the flow log gets TagFieldSpecifications, per resource type in AWS\'s order, and the fields in its LogFormat', () => {
    const format = FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.ASG_TAG, FlowLogField.INSTANCE_TAG, FlowLogField.INSTANCE_TAG_2)
      .withTagKeys({ instance: ['team', 'app'], autoScalingGroup: ['team'] });
    archive(format).hasResourceProperties('AWS::EC2::FlowLog', {
      LogFormat: '${srcaddr} ${asg-tag} ${instance-tag} ${instance-tag-2}',
      TagFieldSpecifications: [
        { ResourceType: 'instance', TagKeys: ['team', 'app'] },
        { ResourceType: 'auto-scaling-group', TagKeys: ['team'] },
      ],
    });
  });

  test('without tag fields, no TagFieldSpecifications', () => {
    archive(FlowLogFormat.SECURITY).hasResourceProperties('AWS::EC2::FlowLog', { TagFieldSpecifications: Match.absent() });
  });

  test('tagKeyOf and parse name the tag columns', () => {
    expect([ORG_FORMAT.tagKeyOf('instance-tag'), ORG_FORMAT.tagKeyOf('srcaddr')]).toEqual(['team', undefined]);
    const record = ORG_FORMAT.parse(`5 ${TEAM_A} eni-1 10.0.0.1 10.0.0.2 1 2 6 3 4 5 6 ACCEPT OK egress payments`);
    expect(record['instance-tag']).toBe('payments');
  });

  test('ALL_FIELDS never holds tag fields, so its flow logs keep their LogFormat', () => {
    expect(FlowLogFormat.ALL_FIELDS.forResourceType('VPC').fieldNames.filter((f) => f.includes('tag'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// The reports, run in DuckDB over generated multi-account files
// ---------------------------------------------------------------------------

/** A fixed instant: 09:20 UTC on 7 March, so "yesterday" is 6 March. */
const NOW = '2026-03-07T09:20:00Z';
const now = Date.parse(NOW) / 1000;
const sqlAt = (report: string) => report.replace(/\bcurrent_timestamp\b/g, `TIMESTAMPTZ '${NOW}'`).replace(/\bcurrent_date\b/g, `DATE '${NOW.slice(0, 10)}'`);

/** [account, Region, srcaddr, dstaddr, packets, bytes, action, flow-direction, team, hours before now]. */
type OrgFlow = [string, string, string, string, number, number, string, string, string, number];
const YESTERDAY = 20; // 13:20 on 6 March
const TODAY = 1;

const ORG_FLOWS: OrgFlow[] = [
  // A's instance 10.1.0.5 (eu-west-1) calls B's 10.2.0.7: both sides log it.
  [TEAM_A, HOME, '10.1.0.5', '10.2.0.7', 50, 5_000, 'ACCEPT', 'egress', 'payments', YESTERDAY],
  [TEAM_B, HOME, '10.1.0.5', '10.2.0.7', 49, 4_900, 'ACCEPT', 'ingress', 'search', YESTERDAY],
  [TEAM_A, OTHER, '10.1.8.8', '52.94.1.1', 900, 90_000, 'ACCEPT', 'egress', 'payments', YESTERDAY],
  [TEAM_B, OTHER, '198.51.100.7', '10.2.9.9', 4, 40, 'REJECT', 'ingress', 'search', YESTERDAY],
  [TEAM_B, HOME, '203.0.113.9', '10.2.0.7', 6, 60, 'REJECT', 'ingress', 'search', YESTERDAY],
  [TEAM_A, HOME, '198.51.100.7', '10.1.0.5', 3, 30, 'REJECT', 'ingress', 'payments', YESTERDAY],
  // Today: not in yesterday's reports; in the "by tag" reports (today).
  [TEAM_A, HOME, '10.1.0.5', '8.8.8.8', 1_000, 1_000_000_000, 'ACCEPT', 'egress', 'payments', TODAY],
  [TEAM_A, HOME, '198.51.100.7', '10.1.0.5', 7, 70, 'REJECT', 'ingress', 'payments', TODAY],
  [TEAM_B, OTHER, '203.0.113.9', '10.2.9.9', 2, 20, 'REJECT', 'ingress', 'search', TODAY],
  // An account the table does not list, and a Region it does not list: never read.
  [OUTSIDER, HOME, '10.3.0.1', '10.1.0.5', 1, 7_000_000_000, 'ACCEPT', 'egress', 'intruder', YESTERDAY],
  [TEAM_A, 'ap-south-1', '10.1.0.5', '10.2.0.7', 1, 8_000_000_000, 'ACCEPT', 'egress', 'payments', YESTERDAY],
];

interface OrgLayout {
  readonly keyPrefix?: string;
  readonly hive: boolean;
  /** Parquet files (else gzip text). */
  readonly parquet?: boolean;
  /** A folder per hour. */
  readonly perHour?: boolean;
}

/** Where AWS writes a file of `account`'s flow log in `region` (VPC guide, "Flow log files"), built independently of the table. */
function orgKey(layout: OrgLayout, account: string, region: string, unixSeconds: number): string {
  const t = new Date(unixSeconds * 1000).toISOString();
  const [Y, M, D, H, m] = [t.slice(0, 4), t.slice(5, 7), t.slice(8, 10), t.slice(11, 13), t.slice(14, 16)];
  const folder = layout.keyPrefix ? `${layout.keyPrefix}/` : '';
  const file = `${account}_vpcflowlogs_${region}_fl-0123456789abcdef0_${Y}${M}${D}T${H}${m}Z_1a2b3c4d.log.${layout.parquet ? 'parquet' : 'gz'}`;
  return layout.hive
    ? `${folder}AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/year=${Y}/month=${M}/day=${D}/`
      + `${layout.perHour ? `hour=${H}/` : ''}${file}`
    : `${folder}AWSLogs/${account}/vpcflowlogs/${region}/${Y}/${M}/${D}/${layout.perHour ? `${H}/` : ''}${file}`;
}

function orgRecord(flow: OrgFlow): string {
  const [account, , src, dst, packets, bytes, action, direction, team, hoursAgo] = flow;
  const start = now - hoursAgo * 3600;
  const values: Record<string, string | number> = {
    'version': 5,
    'account-id': account,
    'interface-id': 'eni-0aaaaaaaaaaaaaaaa',
    'srcaddr': src,
    'dstaddr': dst,
    'srcport': 49152,
    'dstport': 443,
    'protocol': 6,
    'packets': packets,
    'bytes': bytes,
    'start': start,
    'end': start + 60,
    'action': action,
    'log-status': 'OK',
    'flow-direction': direction,
    'instance-tag': team,
  };
  return ORG_FORMAT.fieldNames.map((f) => String(values[f] ?? '-')).join(' ');
}

async function writeOrgFiles(connection: DuckDBConnection, dir: string, layout: OrgLayout): Promise<StoredFile[]> {
  const groups = new Map<string, OrgFlow[]>();
  for (const flow of ORG_FLOWS) {
    const key = orgKey(layout, flow[0], flow[1], now - flow[9] * 3600 + 300);
    groups.set(key, [...groups.get(key) ?? [], flow]);
  }
  const files: StoredFile[] = [];
  for (const [key, flows] of groups) {
    const file = path.join(dir, key);
    await writeFlowLogFile(connection, file, ORG_FORMAT.fieldNames, flows.map(orgRecord), { parquet: layout.parquet ?? false });
    files.push({ key, path: file });
  }
  return files;
}

function orgReports(layout: OrgLayout, accounts?: FlowLogQueryAccounts) {
  const state: { connection?: DuckDBConnection; table?: GlueTable; sql?: Record<string, string>; files?: StoredFile[]; dir?: string } = {};
  beforeAll(async () => {
    state.connection = await athenaConnection('org');
    const { stack, queries } = central({
      keyPrefix: layout.keyPrefix,
      hiveCompatiblePartitions: layout.hive,
      perHourPartition: layout.perHour,
      fileFormat: layout.parquet ? ec2.FlowLogFileFormat.PARQUET : undefined,
      accounts,
    }, accounts ? { sourceOrganizationId: 'o-a1b2c3d4e5' } : {});
    state.table = glueTable(tableOf(stack));
    state.sql = Object.fromEntries(Object.entries(queries.namedQueries).map(([id, q]) => [id, q.queryString]));
    state.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-reports-'));
    state.files = await writeOrgFiles(state.connection, state.dir, layout);
    await createTableView(state.connection, 'org', state.table, state.files);
  }, 60_000);
  afterAll(() => state.dir && fs.rmSync(state.dir, { recursive: true, force: true }));
  return {
    state,
    run: async (id: string, account?: string) => {
      const sql = sqlAt(state.sql![id]);
      checkInjectedFilter(state.table!, sql);
      if (account === undefined) {
        return (await state.connection!.runAndReadAll(sql)).getRowObjectsJson() as Array<Record<string, unknown>>;
      }
      const prepared = await state.connection!.prepare(sql);
      prepared.bindVarchar(1, account);
      return (await prepared.runAndReadAll()).getRowObjectsJson() as Array<Record<string, unknown>>;
    },
  };
}

const ORG_LAYOUTS: Array<[string, OrgLayout]> = [
  ['plain layout, in a folder', { keyPrefix: 'org', hive: false }],
  ['Hive layout, at the root', { hive: true }],
  ['Parquet files, plain layout by the hour, in a folder', { keyPrefix: 'org', hive: false, parquet: true, perHour: true }],
  ['Parquet files, Hive layout by the hour', { hive: true, parquet: true, perHour: true }],
];

describe.each(ORG_LAYOUTS)('organization reports on %s', (_name, layout) => {
  const { state, run } = orgReports(layout);

  test('projection finds the listed accounts\' files in the listed Regions, and no others', () => {
    const found = state.files!.map((f) => projectedPartition(state.table!, f.key)).filter((p) => p !== undefined)
      .map((p) => `${p!.aws_account_id}/${p!.aws_region}/${p!.day}`);
    expect(new Set(found)).toEqual(new Set([
      `${TEAM_A}/${HOME}/06`, `${TEAM_B}/${HOME}/06`, `${TEAM_A}/${OTHER}/06`, `${TEAM_B}/${OTHER}/06`, `${TEAM_A}/${HOME}/07`, `${TEAM_B}/${OTHER}/07`,
    ]));
  });

  test('top talkers across all accounts yesterday', async () => {
    expect((await run('TopTalkersAcrossAccounts')).map((r) => [r.aws_account_id, r.aws_region, r.srcaddr, r.dstaddr, r.total_bytes])).toEqual([
      [TEAM_A, OTHER, '10.1.8.8', '52.94.1.1', '90000'],
      [TEAM_A, HOME, '10.1.0.5', '10.2.0.7', '5000'],
      [TEAM_B, HOME, '10.1.0.5', '10.2.0.7', '4900'],
      [TEAM_B, HOME, '203.0.113.9', '10.2.0.7', '60'],
      [TEAM_B, OTHER, '198.51.100.7', '10.2.9.9', '40'],
      [TEAM_A, HOME, '198.51.100.7', '10.1.0.5', '30'],
    ]);
  });

  test('traffic by account and Region yesterday', async () => {
    expect(await run('TrafficByAccountAndRegion')).toEqual([
      { aws_account_id: TEAM_A, aws_region: OTHER, flows: '1', total_bytes: '90000', total_packets: '900', rejected_flows: '0' },
      { aws_account_id: TEAM_A, aws_region: HOME, flows: '2', total_bytes: '5030', total_packets: '53', rejected_flows: '1' },
      { aws_account_id: TEAM_B, aws_region: HOME, flows: '2', total_bytes: '4960', total_packets: '55', rejected_flows: '1' },
      { aws_account_id: TEAM_B, aws_region: OTHER, flows: '1', total_bytes: '40', total_packets: '4', rejected_flows: '1' },
    ]);
  });

  test('cross-account traffic yesterday: A\'s instance to B\'s address, counted once (on the sending side)', async () => {
    expect(await run('CrossAccountTraffic')).toEqual([{ source_account: TEAM_A, destination_account: TEAM_B, total_bytes: '5000', flows: '1' }]);
  });

  test('rejected traffic by team (the instance\'s team tag) today', async () => {
    expect(await run('RejectedByTag')).toEqual([
      { instance_tag: 'payments', srcaddr: '198.51.100.7', flows: '1', total_packets: '7' },
      { instance_tag: 'search', srcaddr: '203.0.113.9', flows: '1', total_packets: '2' },
    ]);
  });

  test('traffic by team today', async () => {
    expect(await run('TrafficByTag')).toEqual([
      { instance_tag: 'payments', total_bytes: '1000000070', total_packets: '1007', rejected_flows: '1' },
      { instance_tag: 'search', total_bytes: '20', total_packets: '2', rejected_flows: '1' },
    ]);
  });

  test('the reports of today read today\'s partitions of every account', async () => {
    expect((await run('TopTalkers'))[0]).toEqual({ srcaddr: '10.1.0.5', dstaddr: '8.8.8.8', total_bytes: '1000000000' });
  });
});

describe.each(ORG_LAYOUTS)('an injected account projection on %s', (_name, layout) => {
  const { state, run } = orgReports(layout, FlowLogQueryAccounts.injected());

  test('projection reads any account\'s folder, the one the query names', () => {
    const accounts = new Set(state.files!.map((f) => projectedPartition(state.table!, f.key)?.aws_account_id).filter(Boolean));
    expect(accounts).toEqual(new Set([TEAM_A, TEAM_B, OUTSIDER]));
  });

  test('top talkers across accounts, for the account given when it runs', async () => {
    expect((await run('TopTalkersAcrossAccounts', TEAM_B)).map((r) => [r.aws_account_id, r.srcaddr, r.total_bytes])).toEqual([
      [TEAM_B, '10.1.0.5', '4900'], [TEAM_B, '203.0.113.9', '60'], [TEAM_B, '198.51.100.7', '40'],
    ]);
  });

  test('rejected traffic by team, for the account given', async () => {
    expect(await run('RejectedByTag', TEAM_A)).toEqual([{ instance_tag: 'payments', srcaddr: '198.51.100.7', flows: '1', total_packets: '7' }]);
  });
});

test('an app with a central bucket and workload stacks of other accounts synthesizes (cross-environment bucket by name)', () => {
  const app = new App();
  const { stack } = centralStack(app);
  const bucket = new FlowLogArchiveBucket(stack, 'Central', { bucketName: 'org-flow-logs', sourceAccounts: [TEAM_A] });
  bucket.addQueries({ regions: [HOME], logFormat: ORG_FORMAT });
  const workload = new Stack(app, 'Workload', { env: { account: TEAM_A, region: HOME } });
  new FlowLogArchive(workload, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(workload))],
    destinations: [FlowLogDestination.s3({ bucketArn: 'arn:aws:s3:::org-flow-logs' })],
    logFormat: ORG_FORMAT,
    alarms: { enabled: false },
  });
  expect(() => app.synth()).not.toThrow();
});

describe('TagFieldSpecifications at the aws-cdk-lib floor and the newest', () => {
  const specs = [{ ResourceType: 'network-interface', TagKeys: ['team', 'app'] }];
  function rendered(build: (stack: Stack) => void): unknown {
    const stack = new Stack(newApp(), 'Workload', { env: { account: TEAM_A, region: HOME } });
    build(stack);
    return (Object.values(Template.fromStack(stack).findResources('AWS::EC2::FlowLog'))[0] as any).Properties.TagFieldSpecifications;
  }
  const ours = () => rendered((stack) => new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))],
    alarms: { enabled: false },
    logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.INTERFACE_TAG, FlowLogField.INTERFACE_TAG_2)
      .withTagKeys({ networkInterface: ['team', 'app'] }),
  }));

  test('the archive writes them, whatever the version of aws-cdk-lib (this test runs at both)', () => {
    expect(ours()).toEqual(specs);
  });

  test('the same as the L1 property writes where the L1 has it; at the floor the L1 drops it, hence the override', () => {
    const l1 = rendered((stack) => new ec2.CfnFlowLog(stack, 'L1', {
      resourceId: 'vpc-1',
      resourceType: 'VPC',
      logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::b',
      tagFieldSpecifications: [{ resourceType: 'network-interface', tagKeys: ['team', 'app'] }],
    } as ec2.CfnFlowLogProps));
    const hasProperty = 'tagFieldSpecifications' in new ec2.CfnFlowLog(new Stack(), 'Probe', { resourceId: 'x', resourceType: 'VPC' });
    expect(l1).toEqual(hasProperty ? ours() : undefined);
  });
});
