import { FlowLogFormat } from '../log-format';
import { PRIVATE_RANGES } from './address-ranges';
import { Report, REPORTS } from './athena-reports';
import { columnName } from './athena-table';

/*
 * The saved reports of the Athena layer (REPORTS) in the CloudWatch Logs
 * Insights query language, for archives that deliver to CloudWatch Logs.
 * Insights discovers the fields of the default format only
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_AnalyzeLogData-discoverable-fields.html),
 * so every query first parses the record by the archive's format: `parse`
 * in glob mode, one `*` per field, named with `as` in the same number
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Parse.html).
 * The names are the Athena column names (`pkt_srcaddr`). A query has no
 * time range of its own: Insights asks for one when it runs.
 */

/** The body of each report after the parse command, by report id. A report without one here fails a test. */
export const INSIGHTS_BODIES: { [reportId: string]: string[] } = {
  TopTalkers: [
    'stats sum(bytes) as total_bytes by srcaddr, dstaddr',
    'sort total_bytes desc',
    'limit 25',
  ],
  RejectedBySource: [
    'filter action = "REJECT"',
    'stats count(*) as flows, sum(packets) as total_packets by srcaddr',
    'sort total_packets desc',
    'limit 50',
  ],
  TrafficByPort: [
    'stats sum(bytes) as total_bytes, count(*) as flows by dstport, protocol',
    'sort total_bytes desc',
    'limit 50',
  ],
  InternetFlows: [
    'filter srcaddr != "-" and dstaddr != "-"',
    // isIpInSubnet takes IPv4 and IPv6 blocks (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-operations-functions.html).
    `filter not (${isPrivate('srcaddr')} and ${isPrivate('dstaddr')})`,
    'stats sum(bytes) as total_bytes by srcaddr, dstaddr',
    'sort total_bytes desc',
    'limit 50',
  ],
  VolumePerInterface: [
    'stats sum(bytes) as total_bytes, sum(packets) as total_packets by interface_id',
    'sort total_bytes desc',
  ],
  LastHourSummary: [
    'stats count(*) as flows, sum(bytes) as total_bytes by action',
  ],
};

/** One saved Insights query. */
export interface InsightsQuery {
  readonly report: Report;
  readonly queryString: string;
}

/** The parse command that names every field of the format, in record order. */
export function parseCommand(format: FlowLogFormat): string {
  const names = format.fieldNames.map(columnName);
  return `parse @message "${names.map(() => '*').join(' ')}" as ${names.join(', ')}`;
}

/** The reports the format has the fields for, as Insights queries, and the reports it has not. */
export function insightsQueries(format: FlowLogFormat): { queries: InsightsQuery[]; missing: Array<{ report: Report; fields: string[] }> } {
  const queries: InsightsQuery[] = [];
  const missing: Array<{ report: Report; fields: string[] }> = [];
  for (const report of REPORTS) {
    const fields = report.fields.filter((f) => !format.fieldNames.includes(f));
    if (fields.length > 0) {
      missing.push({ report, fields });
      continue;
    }
    queries.push({ report, queryString: [parseCommand(format), ...INSIGHTS_BODIES[report.id]].join('\n| ') });
  }
  return { queries, missing };
}

function isPrivate(field: string): string {
  return `(${PRIVATE_RANGES.map((cidr) => `isIpInSubnet(${field}, "${cidr}")`).join(' or ')})`;
}
