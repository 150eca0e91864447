/**
 * The delivery-status probe of a FlowLogArchive.
 *
 * A flow log whose bucket policy, key policy or delivery role breaks keeps
 * running and sends nothing: the only sign is `DeliverLogsStatus: FAILED`
 * (e.g. "Access error") on the flow log itself. Every 15 minutes this
 * function asks EC2 for the status of the archive's flow logs (found by
 * their archive tag) and publishes the number of failed or missing flow
 * logs as a metric that an alarm watches. If EC2 cannot be asked, it fails
 * instead of publishing 0, so the alarm (missing data = breaching) fires.
 */
import { CloudWatchClient, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { EC2Client, FlowLog, paginateDescribeFlowLogs } from '@aws-sdk/client-ec2';
import { ARCHIVE_DIMENSION, ARCHIVE_TAG, DELIVERY_ERRORS_METRIC, FLOW_LOGS_CHECKED_METRIC, METRIC_NAMESPACE } from './private/probe-metric';

const ec2 = new EC2Client({ maxAttempts: 5 });
const cloudwatch = new CloudWatchClient({ maxAttempts: 5 });

export interface ProbeResult {
  readonly checked: number;
  readonly failed: number;
  readonly missing: number;
}

interface ProbeConfig {
  readonly archiveName: string;
  readonly expected: number;
}

export async function handler(): Promise<ProbeResult> {
  const config = readConfig(process.env);
  const flowLogs = await describeArchiveFlowLogs(config);
  const failures = flowLogs.filter((flowLog) => flowLog.DeliverLogsStatus === 'FAILED');
  for (const flowLog of failures) {
    console.error(`flow log ${flowLog.FlowLogId} of ${flowLog.ResourceId} to ${flowLog.LogDestination ?? flowLog.LogGroupName}: `
      + `delivery FAILED: ${flowLog.DeliverLogsErrorMessage ?? 'no error message'}`);
  }
  const missing = Math.max(0, config.expected - flowLogs.length);
  if (missing > 0) {
    console.error(`${missing} of ${config.expected} flow logs of ${config.archiveName} were not found (deleted outside CloudFormation?)`);
  }
  const result = { checked: flowLogs.length, failed: failures.length, missing };
  console.log(JSON.stringify({ archive: config.archiveName, ...result }));
  await cloudwatch.send(new PutMetricDataCommand({
    Namespace: METRIC_NAMESPACE,
    MetricData: [
      { MetricName: DELIVERY_ERRORS_METRIC, Value: result.failed + result.missing, Unit: StandardUnit.Count, Dimensions: dimensions(config) },
      { MetricName: FLOW_LOGS_CHECKED_METRIC, Value: result.checked, Unit: StandardUnit.Count, Dimensions: dimensions(config) },
    ],
  }));
  return result;
}

async function describeArchiveFlowLogs(config: ProbeConfig): Promise<FlowLog[]> {
  const flowLogs: FlowLog[] = [];
  const pages = paginateDescribeFlowLogs({ client: ec2, pageSize: 1000 }, {
    Filter: [{ Name: `tag:${ARCHIVE_TAG}`, Values: [config.archiveName] }],
  });
  for await (const page of pages) {
    flowLogs.push(...(page.FlowLogs ?? []));
  }
  return flowLogs;
}

function dimensions(config: ProbeConfig) {
  return [{ Name: ARCHIVE_DIMENSION, Value: config.archiveName }];
}

function readConfig(env: NodeJS.ProcessEnv): ProbeConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) {
      throw new Error(`environment variable ${name} is not set; the probe is configured by FlowLogArchive`);
    }
    return value;
  };
  const expected = Number(required('EXPECTED_FLOW_LOGS'));
  if (!Number.isInteger(expected) || expected < 0) {
    throw new Error(`EXPECTED_FLOW_LOGS must be a whole number: got '${env.EXPECTED_FLOW_LOGS}'`);
  }
  return { archiveName: required('ARCHIVE_NAME'), expected };
}
