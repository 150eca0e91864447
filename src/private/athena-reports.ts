import { FlowLogFormat } from '../log-format';
import { columnName } from './athena-table';
import { isTagField } from './tag-fields';

/** The partition predicates of a table's reports. */
export interface ReportPartitions {
  /** Today's partitions (UTC: Athena's session time zone). */
  today(): string;
  /** Yesterday's partitions: a whole day. */
  yesterday(): string;
  /** The partitions of now and of an hour ago. */
  lastHour(): string;
}

/** A saved query and the record fields it needs. */
export interface Report {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly fields: string[];
  /** Needs every account in the table (not an injected account projection). */
  readonly allAccounts?: boolean;
  sql(table: string, partitions: ReportPartitions, tagColumn: string): string;
}

const PRIVATE_ADDRESS = "regexp_like(%s, '^(10\\.|172\\.(1[6-9]|2[0-9]|3[01])\\.|192\\.168\\.|fc|fd|fe80)')";
const isPrivate = (column: string) => PRIVATE_ADDRESS.replace('%s', column);

/** The reports every archive table gets when its format has the fields. */
export const REPORTS: Report[] = [
  {
    id: 'TopTalkers',
    name: 'top talkers by bytes',
    description: 'The 25 source/destination pairs that moved the most bytes today.',
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (t, p) => `SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes\nFROM ${t}\nWHERE ${p.today()}\n`
      + 'GROUP BY srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT 25',
  },
  {
    id: 'RejectedBySource',
    name: 'rejected traffic by source',
    description: 'Sources whose packets security groups or network ACLs rejected most today.',
    fields: ['action', 'srcaddr', 'packets'],
    sql: (t, p) => `SELECT srcaddr, COUNT(*) AS flows, SUM(packets) AS total_packets\nFROM ${t}\nWHERE action = 'REJECT' AND ${p.today()}\n`
      + 'GROUP BY srcaddr\nORDER BY total_packets DESC\nLIMIT 50',
  },
  {
    id: 'TrafficByPort',
    name: 'traffic by destination port',
    description: 'Bytes per destination port and protocol today.',
    fields: ['dstport', 'protocol', 'bytes'],
    sql: (t, p) => `SELECT dstport, protocol, SUM(bytes) AS total_bytes, COUNT(*) AS flows\nFROM ${t}\nWHERE ${p.today()}\n`
      + 'GROUP BY dstport, protocol\nORDER BY total_bytes DESC\nLIMIT 50',
  },
  {
    id: 'InternetFlows',
    name: 'flows to and from the internet',
    description: 'Today\'s flows with a public address on either side, by bytes.',
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (t, p) => `SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes\nFROM ${t}\n`
      + `WHERE ${p.today()} AND srcaddr <> '-' AND dstaddr <> '-'\n  AND NOT (${isPrivate('srcaddr')} AND ${isPrivate('dstaddr')})\n`
      + 'GROUP BY srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT 50',
  },
  {
    id: 'VolumePerInterface',
    name: 'volume per network interface',
    description: 'Bytes and packets per network interface today.',
    fields: ['interface-id', 'bytes', 'packets'],
    sql: (t, p) => `SELECT interface_id, SUM(bytes) AS total_bytes, SUM(packets) AS total_packets\nFROM ${t}\nWHERE ${p.today()}\n`
      + 'GROUP BY interface_id\nORDER BY total_bytes DESC',
  },
  {
    id: 'LastHourSummary',
    name: 'last hour summary',
    description: 'Flows, bytes and rejected flows of the last hour, per action.',
    fields: ['action', 'bytes', 'start'],
    sql: (t, p) => `SELECT action, COUNT(*) AS flows, SUM(bytes) AS total_bytes\nFROM ${t}\n`
      + `WHERE ${p.lastHour()}\n  AND start >= to_unixtime(current_timestamp) - 3600\nGROUP BY action`,
  },
];

/**
 * What a table whose format has EC2 tag fields adds (none otherwise, and no
 * warning): the records by the value of its first tag field, e.g. the team.
 */
export const TAG_REPORTS: Report[] = [
  {
    id: 'TrafficByTag',
    name: 'traffic by tag',
    description: 'Bytes, packets and rejected flows per value of the format\'s first EC2 tag field (e.g. per team) today.',
    fields: ['bytes', 'packets', 'action'],
    sql: (t, p, tag) => `SELECT ${tag}, SUM(bytes) AS total_bytes, SUM(packets) AS total_packets, `
      + `COUNT_IF(action = 'REJECT') AS rejected_flows\nFROM ${t}\nWHERE ${p.today()}\n`
      + `GROUP BY ${tag}\nORDER BY total_bytes DESC`,
  },
  {
    id: 'RejectedByTag',
    name: 'rejected traffic by tag',
    description: 'Rejected flows and packets per value of the format\'s first EC2 tag field (e.g. per team) and source today.',
    fields: ['action', 'srcaddr', 'packets'],
    sql: (t, p, tag) => `SELECT ${tag}, srcaddr, COUNT(*) AS flows, SUM(packets) AS total_packets\nFROM ${t}\n`
      + `WHERE action = 'REJECT' AND ${p.today()}\nGROUP BY ${tag}, srcaddr\nORDER BY total_packets DESC\nLIMIT 50`,
  },
];

/**
 * What a table over a central bucket adds: every account and Region of
 * yesterday, a whole day, so each still reads one day's partitions.
 */
export const ORGANIZATION_REPORTS: Report[] = [
  {
    id: 'TopTalkersAcrossAccounts',
    name: 'top talkers across accounts',
    description: 'The 25 source/destination pairs that moved the most bytes yesterday, in every account and Region.',
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (t, p) => `SELECT aws_account_id, aws_region, srcaddr, dstaddr, SUM(bytes) AS total_bytes\nFROM ${t}\nWHERE ${p.yesterday()}\n`
      + 'GROUP BY aws_account_id, aws_region, srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT 25',
  },
  {
    id: 'TrafficByAccountAndRegion',
    name: 'traffic by account and Region',
    description: 'Flows, bytes, packets and rejected flows per account and Region yesterday.',
    fields: ['bytes', 'packets', 'action'],
    sql: (t, p) => 'SELECT aws_account_id, aws_region, COUNT(*) AS flows, SUM(bytes) AS total_bytes, SUM(packets) AS total_packets, '
      + `COUNT_IF(action = 'REJECT') AS rejected_flows\nFROM ${t}\nWHERE ${p.yesterday()}\n`
      + 'GROUP BY aws_account_id, aws_region\nORDER BY total_bytes DESC',
  },
  {
    id: 'CrossAccountTraffic',
    name: 'cross-account traffic',
    description: 'Bytes sent yesterday from one account\'s interfaces to addresses of another account\'s (an address belongs to the '
      + 'account whose records show it as the local side: source of egress, destination of ingress flows; address ranges must not overlap).',
    fields: ['srcaddr', 'dstaddr', 'bytes', 'flow-direction'],
    allAccounts: true,
    sql: (t, p) => `WITH flows AS (\n  SELECT aws_account_id, srcaddr, dstaddr, flow_direction, bytes\n  FROM ${t}\n  WHERE ${p.yesterday()}\n),\n`
      + 'owners AS (\n  SELECT DISTINCT aws_account_id AS owner, CASE WHEN flow_direction = \'egress\' THEN srcaddr ELSE dstaddr END AS address\n'
      + '  FROM flows\n  WHERE flow_direction IN (\'egress\', \'ingress\')\n)\n'
      + 'SELECT f.aws_account_id AS source_account, o.owner AS destination_account, SUM(f.bytes) AS total_bytes, COUNT(*) AS flows\n'
      + 'FROM flows f\nJOIN owners o ON o.address = f.dstaddr AND o.owner <> f.aws_account_id\n'
      + 'WHERE f.flow_direction = \'egress\'\nGROUP BY f.aws_account_id, o.owner\nORDER BY total_bytes DESC\nLIMIT 50',
  },
];

/** The column of the format's first EC2 tag field, if any. */
export function tagColumnOf(format: FlowLogFormat): string | undefined {
  const field = format.fieldNames.find(isTagField);
  return field === undefined ? undefined : columnName(field);
}

/**
 * The partition predicates of a table. With an injected account projection
 * Athena needs the account in every query: each report then asks for it
 * (`aws_account_id = ?`, an execution parameter the console prompts for).
 */
export function reportPartitions(injectedAccount: boolean): ReportPartitions {
  const account = injectedAccount ? 'aws_account_id = ? AND ' : '';
  return {
    today: () => account + dayOf('current_date'),
    yesterday: () => account + dayOf("current_date - interval '1' day"),
    // The days of now and of an hour ago: one day's files, two in the first hour after midnight.
    lastHour: () => `${account}((${dayOf('current_timestamp')})\n    OR (${dayOf("current_timestamp - interval '1' hour")}))`,
  };
}

function dayOf(instant: string): string {
  return `year = date_format(${instant}, '%Y') AND month = date_format(${instant}, '%m') AND day = date_format(${instant}, '%d')`;
}
