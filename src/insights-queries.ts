import { Annotations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FlowLogFormat } from './log-format';
import { fitWithHash } from './private/ids';
import { insightsQueries } from './private/insights-reports';

/** CloudFormation's limit on a query definition's name (AWS::Logs::QueryDefinition schema). */
const MAX_QUERY_NAME_LENGTH = 255;

/**
 * What the saved Insights queries are built from. Create them with
 * `FlowLogArchive.addInsightsQueries()`, which fills these in.
 */
export interface FlowLogInsightsQueriesProps {
  /** The log group the flow-log records are delivered to. */
  readonly logGroup: logs.ILogGroup;
  /** The format of the records in the log group (not a preset: the fields of one kind of flow log). */
  readonly format: FlowLogFormat;
  /** The archive's name in its account and Region, which starts each query's name. */
  readonly archiveName: string;
}

/**
 * The saved reports of the Athena layer as CloudWatch Logs Insights query
 * definitions (`AWS::Logs::QueryDefinition`) on the archive's log group:
 * each query parses the records by the archive's format, and is created
 * only when the format has the fields it needs (otherwise synth warns).
 * Query definitions cost nothing; running one is billed per GB scanned.
 */
export class FlowLogInsightsQueries extends Construct {
  /** The saved queries, by report id (e.g. `TopTalkers`). */
  public readonly queryDefinitions: { [id: string]: logs.CfnQueryDefinition } = {};

  constructor(scope: Construct, id: string, props: FlowLogInsightsQueriesProps) {
    super(scope, id);
    const { queries, missing } = insightsQueries(props.format);
    for (const { report, fields } of missing) {
      Annotations.of(this).addWarningV2(`cdk-flow-log-archive:report${report.id}`,
        `The saved query "${report.name}" was not created: the log format has no ${fields.join(', ')}. Add the field(s) to logFormat to get it.`);
    }
    for (const { report, queryString } of queries) {
      this.queryDefinitions[report.id] = new logs.CfnQueryDefinition(this, report.id, {
        name: fitWithHash(`${props.archiveName} flow logs: ${report.name}`, MAX_QUERY_NAME_LENGTH, ' #'),
        queryString,
        logGroupNames: [props.logGroup.logGroupName],
      });
    }
  }
}
