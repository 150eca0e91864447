/** A saved query and the record fields it needs. */
export interface Report {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly fields: string[];
  sql(table: string): string;
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
    sql: (t) => `SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes\nFROM ${t}\nWHERE ${today()}\n`
      + 'GROUP BY srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT 25',
  },
  {
    id: 'RejectedBySource',
    name: 'rejected traffic by source',
    description: 'Sources whose packets security groups or network ACLs rejected most today.',
    fields: ['action', 'srcaddr', 'packets'],
    sql: (t) => `SELECT srcaddr, COUNT(*) AS flows, SUM(packets) AS total_packets\nFROM ${t}\nWHERE action = 'REJECT' AND ${today()}\n`
      + 'GROUP BY srcaddr\nORDER BY total_packets DESC\nLIMIT 50',
  },
  {
    id: 'TrafficByPort',
    name: 'traffic by destination port',
    description: 'Bytes per destination port and protocol today.',
    fields: ['dstport', 'protocol', 'bytes'],
    sql: (t) => `SELECT dstport, protocol, SUM(bytes) AS total_bytes, COUNT(*) AS flows\nFROM ${t}\nWHERE ${today()}\n`
      + 'GROUP BY dstport, protocol\nORDER BY total_bytes DESC\nLIMIT 50',
  },
  {
    id: 'InternetFlows',
    name: 'flows to and from the internet',
    description: 'Today\'s flows with a public address on either side, by bytes.',
    fields: ['srcaddr', 'dstaddr', 'bytes'],
    sql: (t) => `SELECT srcaddr, dstaddr, SUM(bytes) AS total_bytes\nFROM ${t}\n`
      + `WHERE ${today()} AND srcaddr <> '-' AND dstaddr <> '-'\n  AND NOT (${isPrivate('srcaddr')} AND ${isPrivate('dstaddr')})\n`
      + 'GROUP BY srcaddr, dstaddr\nORDER BY total_bytes DESC\nLIMIT 50',
  },
  {
    id: 'VolumePerInterface',
    name: 'volume per network interface',
    description: 'Bytes and packets per network interface today.',
    fields: ['interface-id', 'bytes', 'packets'],
    sql: (t) => `SELECT interface_id, SUM(bytes) AS total_bytes, SUM(packets) AS total_packets\nFROM ${t}\nWHERE ${today()}\n`
      + 'GROUP BY interface_id\nORDER BY total_bytes DESC',
  },
  {
    id: 'LastHourSummary',
    name: 'last hour summary',
    description: 'Flows, bytes and rejected flows of the last hour, per action.',
    fields: ['action', 'bytes', 'start'],
    sql: (t) => `SELECT action, COUNT(*) AS flows, SUM(bytes) AS total_bytes\nFROM ${t}\n`
      + `WHERE ${lastHour()}\n  AND start >= to_unixtime(current_timestamp) - 3600\nGROUP BY action`,
  },
];

/** Partition predicate for today (UTC: Athena's session time zone), so a report scans one day's files. */
function today(): string {
  return dayOf('current_date');
}

/**
 * Partition predicate for the days of now and of an hour ago: one day's
 * files, two in the first hour after midnight, when the last hour began
 * yesterday.
 */
function lastHour(): string {
  return `((${dayOf('current_timestamp')})\n    OR (${dayOf("current_timestamp - interval '1' hour")}))`;
}

function dayOf(instant: string): string {
  return `year = date_format(${instant}, '%Y') AND month = date_format(${instant}, '%m') AND day = date_format(${instant}, '%d')`;
}
