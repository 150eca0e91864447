import { AwsApiCall, ExpectedResult, IApiCall, IDeployAssert, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ProbeHandles } from './archive-parts';
import { keyLayout, KeyLayout } from './key-layout';
import { FlowLogArchive, FlowLogQueries } from '../../../src';

/**
 * Files reach S3 about every 5 minutes, after the aggregation interval
 * (10 minutes by default): the first file of a new flow log can take 20
 * minutes. https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 */
const FIRST_DELIVERY = { totalTimeout: Duration.minutes(40), interval: Duration.minutes(1) };
/**
 * The probe alarm watches the Maximum over 30 minutes; a new datapoint can
 * take a whole period to change its state.
 */
const ALARM_STATE = { totalTimeout: Duration.minutes(45), interval: Duration.minutes(1) };
/** The probe reserves one concurrent run, so an invoke during a scheduled run is throttled: try again. */
const PROBE_RUN = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) };
const QUERY_RUN = { totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) };

type Statement = { Effect: 'Allow'; Action: string[]; Resource: string[] };

/**
 * Adds permissions to the function that makes the call, and to the
 * waiter's function when the call waits (the SDK action names integ-tests
 * derives are not always IAM's: ListObjectsV2 needs s3:ListBucket).
 */
function allow(call: IApiCall, ...statements: Statement[]): void {
  for (const statement of statements) {
    call.provider.addToRolePolicy(statement);
    (call as AwsApiCall).waiterProvider?.addToRolePolicy(statement);
  }
}

/** Runs `calls` one after the other; returns the last. */
export function inOrder(...calls: IApiCall[]): IApiCall {
  calls.reduce((previous, next) => previous.next(next));
  return calls[calls.length - 1];
}

/** Invokes the traffic function once and checks it reached something. */
export function makeTraffic(assertions: IDeployAssert, fn: lambda.IFunction): IApiCall {
  return assertions.invokeFunction({ functionName: fn.functionName })
    .expect(ExpectedResult.objectLike({ StatusCode: 200, Payload: Match.stringLikeRegexp(':443 connected') }));
}

/** Waits for the first file under the layout's folder and checks its whole key. */
export function expectFirstFile(assertions: IDeployAssert, bucketName: string, layout: KeyLayout): IApiCall {
  const { prefix, pattern } = keyLayout(layout);
  const call = assertions.awsApiCall('S3', 'listObjectsV2', { Bucket: bucketName, Prefix: prefix, MaxKeys: 1 })
    .assertAtPath('Contents.0.Key', ExpectedResult.stringLikeRegexp(pattern))
    .waitForAssertions(FIRST_DELIVERY);
  allow(call, { Effect: 'Allow', Action: ['s3:ListBucket'], Resource: [`arn:aws:s3:::${bucketName}`] });
  return call;
}

/**
 * EC2 reports DeliverLogsStatus SUCCESS, or FAILED with a message such as
 * "Access error" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_FlowLog.html).
 */
export function expectDeliveryStatus(assertions: IDeployAssert, flowLog: ec2.CfnFlowLog, status: 'SUCCESS' | 'FAILED',
  wait?: boolean): IApiCall {
  const call = assertions.awsApiCall('EC2', 'describeFlowLogs', { FlowLogIds: [flowLog.ref] })
    .assertAtPath('FlowLogs.0.DeliverLogsStatus', ExpectedResult.exact(status));
  return wait ? call.waitForAssertions(FIRST_DELIVERY) : call;
}

/** Every flow log of the archive reports SUCCESS. */
export function expectEveryFlowLogDelivering(assertions: IDeployAssert, archive: FlowLogArchive): IApiCall[] {
  return archive.flowLogs.map((flowLog) => expectDeliveryStatus(assertions, flowLog, 'SUCCESS'));
}

/** CloudWatch Logs names each stream after the network interface it records. */
export function expectLogStreams(assertions: IDeployAssert, logGroup: logs.ILogGroup): IApiCall {
  return assertions.awsApiCall('CloudWatchLogs', 'describeLogStreams', { logGroupName: logGroup.logGroupName, limit: 1 })
    .assertAtPath('logStreams.0.logStreamName', ExpectedResult.stringLikeRegexp('^eni-[0-9a-f]+'))
    .waitForAssertions(FIRST_DELIVERY);
}

/**
 * Runs every saved report of the query layer in its workgroup, waits for
 * SUCCEEDED and checks that it returned a row besides the header.
 */
export function expectReportsAnswer(assertions: IDeployAssert, queries: FlowLogQueries, archive: FlowLogArchive): IApiCall[] {
  const reports = Object.values(queries.namedQueries);
  if (reports.length === 0) {
    throw new Error(`${queries.node.path} saved no report: nothing to run`);
  }
  return reports.map((namedQuery) => {
    const start = assertions.awsApiCall('Athena', 'startQueryExecution', {
      QueryString: namedQuery.queryString,
      WorkGroup: queries.workGroupName,
      QueryExecutionContext: { Database: queries.databaseName },
    });
    allow(start, ...queryPermissions(archive));
    const executionId = start.getAttString('QueryExecutionId');
    const state = assertions.awsApiCall('Athena', 'getQueryExecution', { QueryExecutionId: executionId })
      .assertAtPath('QueryExecution.Status.State', ExpectedResult.exact('SUCCEEDED'))
      .waitForAssertions(QUERY_RUN);
    // The first row of a SELECT's results is the header.
    const rows = assertions.awsApiCall('Athena', 'getQueryResults', { QueryExecutionId: executionId, MaxResults: 2 })
      .expect(ExpectedResult.objectLike({ ResultSet: { Rows: Match.arrayWith([Match.objectLike({}), Match.objectLike({})]) } }));
    allow(rows, ...queryPermissions(archive));
    return inOrder(start, state, rows);
  });
}

function queryPermissions(archive: FlowLogArchive): Statement[] {
  const bucket = archive.bucket!;
  const statements: Statement[] = [
    { Effect: 'Allow', Action: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'], Resource: ['*'] },
    { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucketLocation'], Resource: [bucket.bucketArn] },
    { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'], Resource: [bucket.arnForObjects('*')] },
  ];
  const key = archive.encryptionKey;
  if (key) {
    statements.push({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: [key.keyArn] });
  }
  return statements;
}

/**
 * The probe counts every flow log of the archive and none failed, and its
 * alarm is OK: with missing data treated as breaching, OK means a
 * DeliveryErrors datapoint below 1 was seen.
 */
export function expectProbeHealthy(assertions: IDeployAssert, probe: ProbeHandles): IApiCall {
  return inOrder(
    runProbe(assertions, probe, { checked: probe.flowLogCount, failed: 0, missing: 0 }),
    expectProbeAlarmAt(assertions, probe, 'MetricAlarms.0.StateValue', 'OK', true),
  );
}

/**
 * The probe counts every flow log as failed, and its alarm fires because of
 * a DeliveryErrors datapoint, not because data was missing (its reason
 * data then lists no recent datapoint).
 */
export function expectProbeAlarm(assertions: IDeployAssert, probe: ProbeHandles): IApiCall {
  return inOrder(
    runProbe(assertions, probe, { checked: probe.flowLogCount, failed: probe.flowLogCount, missing: 0 }),
    expectProbeAlarmAt(assertions, probe, 'MetricAlarms.0.StateReasonData.recentDatapoints.0', probe.flowLogCount, true),
    expectProbeAlarmAt(assertions, probe, 'MetricAlarms.0.StateValue', 'ALARM', false),
  );
}

function runProbe(assertions: IDeployAssert, probe: ProbeHandles, result: { checked: number; failed: number; missing: number }): IApiCall {
  return assertions.invokeFunction({ functionName: probe.functionName })
    .expect(ExpectedResult.objectLike({ Payload: Match.serializedJson(result) }))
    .waitForAssertions(PROBE_RUN);
}

function expectProbeAlarmAt(assertions: IDeployAssert, probe: ProbeHandles, path: string, value: string | number, wait: boolean): IApiCall {
  const call = assertions.awsApiCall('CloudWatch', 'describeAlarms', { AlarmNames: [probe.alarmName] })
    .assertAtPath(path, ExpectedResult.exact(value));
  return wait ? call.waitForAssertions(ALARM_STATE) : call;
}
