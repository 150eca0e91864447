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
 *
 * How many flow logs to expect: EXPECTED_FLOW_LOGS in the archive's own stack
 * (the function waits for them, so the count rises only once they exist),
 * plus, for an archive shared by several stacks, the value of each Parameter
 * Store parameter under EXPECTED_FLOW_LOGS_PATH: one per other stack, written
 * by that stack after its flow logs, so a stack not deployed yet expects none.
 */
import { CloudWatchClient, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import { EC2Client, FlowLog, paginateDescribeFlowLogs } from '@aws-sdk/client-ec2';
import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import {
  ARCHIVE_DIMENSION, ARCHIVE_NAME_VARIABLE, ARCHIVE_TAG, DELIVERY_ERRORS_METRIC, EXPECTED_FLOW_LOGS_PATH_VARIABLE, EXPECTED_FLOW_LOGS_VARIABLE,
  FLOW_LOGS_CHECKED_METRIC, METRIC_NAMESPACE,
} from './private/probe-metric';

const ec2 = new EC2Client({ maxAttempts: 5 });
const cloudwatch = new CloudWatchClient({ maxAttempts: 5 });
const ssm = new SSMClient({ maxAttempts: 5 });

export interface ProbeResult {
  readonly checked: number;
  readonly failed: number;
  readonly missing: number;
}

interface ProbeConfig {
  readonly archiveName: string;
  /** Flow logs in the archive's own stack. */
  readonly expected: number;
  /** Where the archive's other stacks say how many they hold. */
  readonly expectedPath?: string;
}

export async function handler(): Promise<ProbeResult> {
  const config = readConfig(process.env);
  // Counts first, flow logs second: a stack writes its count only after its
  // flow logs exist, so whatever count is read, its flow logs are found.
  const expected = config.expected + (config.expectedPath ? await expectedInOtherStacks(config.expectedPath) : 0);
  const flowLogs = await describeArchiveFlowLogs(config);
  const failures = flowLogs.filter((flowLog) => flowLog.DeliverLogsStatus === 'FAILED');
  for (const flowLog of failures) {
    console.error(`flow log ${flowLog.FlowLogId} of ${flowLog.ResourceId} to ${flowLog.LogDestination ?? flowLog.LogGroupName}: `
      + `delivery FAILED: ${flowLog.DeliverLogsErrorMessage ?? 'no error message'}`);
  }
  const missing = Math.max(0, expected - flowLogs.length);
  if (missing > 0) {
    console.error(`${missing} of ${expected} flow logs of ${config.archiveName} were not found (deleted outside CloudFormation?)`);
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

/** The sum of the counts the archive's other stacks hold under `path` (none for a stack not deployed yet). */
async function expectedInOtherStacks(path: string): Promise<number> {
  let expected = 0;
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path, Recursive: false })) {
    for (const parameter of page.Parameters ?? []) {
      const count = wholeNumber(parameter.Value);
      if (count === undefined) {
        throw new Error(`Parameter Store parameter ${parameter.Name} must be a whole number: got '${parameter.Value}'`);
      }
      expected += count;
    }
  }
  return expected;
}

/** The value as a whole number, or undefined if it is not one. */
function wholeNumber(value: string | undefined): number | undefined {
  const n = Number(value);
  return value === undefined || value.trim() === '' || !Number.isInteger(n) || n < 0 ? undefined : n;
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
  const archiveName = required(ARCHIVE_NAME_VARIABLE);
  const expected = wholeNumber(required(EXPECTED_FLOW_LOGS_VARIABLE));
  if (expected === undefined) {
    throw new Error(`EXPECTED_FLOW_LOGS must be a whole number: got '${env[EXPECTED_FLOW_LOGS_VARIABLE]}'`);
  }
  return { archiveName, expected, expectedPath: env[EXPECTED_FLOW_LOGS_PATH_VARIABLE] || undefined };
}
