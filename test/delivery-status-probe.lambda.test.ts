import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeFlowLogsCommand, EC2Client, FlowLog } from '@aws-sdk/client-ec2';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../src/delivery-status-probe.lambda';
import { deliveryErrorsMetric } from '../src/private/metrics';
import { ARCHIVE_TAG } from '../src/private/probe-metric';

const ec2 = mockClient(EC2Client);
const cloudwatch = mockClient(CloudWatchClient);
const ssm = mockClient(SSMClient);

const ENV = {
  ARCHIVE_NAME: 'Network/FlowLogs',
  EXPECTED_FLOW_LOGS: '2',
};

function flowLog(id: string, status: 'SUCCESS' | 'FAILED', message?: string): FlowLog {
  return {
    FlowLogId: id,
    ResourceId: 'vpc-0123456789abcdef0',
    LogDestination: 'arn:aws:s3:::archive',
    DeliverLogsStatus: status,
    DeliverLogsErrorMessage: message,
  };
}

function publishedMetrics(): Record<string, number | undefined> {
  const calls = cloudwatch.commandCalls(PutMetricDataCommand);
  expect(calls).toHaveLength(1);
  const input = calls[0].args[0].input;
  expect(input.Namespace).toBe('CdkFlowLogArchive');
  for (const datum of input.MetricData ?? []) {
    expect(datum.Dimensions).toEqual([{ Name: 'FlowLogArchive', Value: 'Network/FlowLogs' }]);
    expect(datum.Unit).toBe('Count');
  }
  return Object.fromEntries((input.MetricData ?? []).map((d) => [d.MetricName!, d.Value]));
}

let errors: jest.SpyInstance;
const savedEnv = { ...process.env };

beforeEach(() => {
  ec2.reset();
  cloudwatch.reset();
  ssm.reset();
  cloudwatch.on(PutMetricDataCommand).resolves({});
  Object.assign(process.env, ENV);
  errors = jest.spyOn(console, 'error').mockImplementation(() => {});
  jest.spyOn(console, 'log').mockImplementation(() => {});
});

afterEach(() => {
  process.env = { ...savedEnv };
  jest.restoreAllMocks();
});

test('all flow logs delivering: DeliveryErrors 0 and the number checked', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS')] });
  await expect(handler()).resolves.toEqual({ checked: 2, failed: 0, missing: 0 });
  expect(publishedMetrics()).toEqual({ DeliveryErrors: 0, FlowLogsChecked: 2 });
  expect(errors).not.toHaveBeenCalled();
});

test('the flow logs are looked up by the archive tag, 1000 a page', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS')] });
  await handler();
  const calls = ec2.commandCalls(DescribeFlowLogsCommand);
  expect(calls).toHaveLength(1);
  expect(calls[0].args[0].input).toEqual({
    Filter: [{ Name: 'tag:cdk-flow-log-archive:archive', Values: ['Network/FlowLogs'] }],
    MaxResults: 1000,
    NextToken: undefined,
  });
});

test('the EC2 and CloudWatch clients retry up to 5 attempts (throttling is common on DescribeFlowLogs)', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS')] });
  await handler();
  // The mocks stub send() on the prototypes, so each call records the client the handler made.
  const [ec2Call] = ec2.commandCalls(DescribeFlowLogsCommand);
  const [cloudwatchCall] = cloudwatch.commandCalls(PutMetricDataCommand);
  expect(ec2Call.thisValue).toBeInstanceOf(EC2Client);
  expect(cloudwatchCall.thisValue).toBeInstanceOf(CloudWatchClient);
  expect(await (ec2Call.thisValue as EC2Client).config.maxAttempts()).toBe(5);
  expect(await (cloudwatchCall.thisValue as CloudWatchClient).config.maxAttempts()).toBe(5);
  // The Parameter Store client likewise.
  process.env.EXPECTED_FLOW_LOGS_PATH = '/cdk-flow-log-archive/Network/c8abc';
  ssm.on(GetParametersByPathCommand).resolves({ Parameters: [] });
  await handler();
  const [ssmCall] = ssm.commandCalls(GetParametersByPathCommand);
  expect(ssmCall.thisValue).toBeInstanceOf(SSMClient);
  expect(await (ssmCall.thisValue as SSMClient).config.maxAttempts()).toBe(5);
});

test('an "Access error" counts and is logged with the flow log it belongs to', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'FAILED', 'Access error')] });
  await expect(handler()).resolves.toEqual({ checked: 2, failed: 1, missing: 0 });
  expect(publishedMetrics()).toEqual({ DeliveryErrors: 1, FlowLogsChecked: 2 });
  expect(errors).toHaveBeenCalledWith(expect.stringMatching(/fl-2 of vpc-0123456789abcdef0 .*delivery FAILED: Access error/));
});

// The probe counts FAILED whatever the message: AWS documents "Access error"
// and "Rate limited" among others, and may send none.
test.each([
  ['Access error', 'Access error'],
  ['Rate limited', 'Rate limited'],
  ['a message this library does not know', 'Unknown error'],
  ['no message at all', undefined],
])('a FAILED delivery counts once, with %s', async (_what, message) => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'FAILED', message), flowLog('fl-2', 'SUCCESS')] });
  await expect(handler()).resolves.toEqual({ checked: 2, failed: 1, missing: 0 });
  expect(publishedMetrics()).toEqual({ DeliveryErrors: 1, FlowLogsChecked: 2 });
  expect(errors).toHaveBeenCalledWith(expect.stringContaining(`fl-1 of vpc-0123456789abcdef0 to arn:aws:s3:::archive: delivery FAILED: ${message ?? 'no error message'}`));
});

test('flow logs deleted outside CloudFormation count as errors', async () => {
  process.env.EXPECTED_FLOW_LOGS = '3';
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS')] });
  await expect(handler()).resolves.toEqual({ checked: 1, failed: 0, missing: 2 });
  expect(publishedMetrics()).toEqual({ DeliveryErrors: 2, FlowLogsChecked: 1 });
  expect(errors).toHaveBeenCalledWith(expect.stringContaining('2 of 3 flow logs of Network/FlowLogs were not found'));
});

describe('an archive shared by several stacks (EXPECTED_FLOW_LOGS_PATH)', () => {
  const PATH = '/cdk-flow-log-archive/Network/c8abc';
  const parameter = (stack: string, value: string) => ({ Name: `${PATH}/${stack}`, Type: 'String' as const, Value: value });
  const fourFound = [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS'), flowLog('fl-3', 'SUCCESS'), flowLog('fl-4', 'SUCCESS')];

  beforeEach(() => {
    process.env.EXPECTED_FLOW_LOGS = '1';
    process.env.EXPECTED_FLOW_LOGS_PATH = PATH;
  });

  test('expects its own stack\'s flow logs plus each other stack\'s count, across pages', async () => {
    const sent: Array<{ Path?: string; Recursive?: boolean; NextToken?: string }> = [];
    const pages = [{ Parameters: [parameter('Web', '2')], NextToken: 'p2' }, { Parameters: [parameter('Batch', '3')] }];
    ssm.on(GetParametersByPathCommand).callsFake((input) => {
      sent.push({ Path: input.Path, Recursive: input.Recursive, NextToken: input.NextToken });
      return pages[sent.length - 1];
    });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: fourFound });
    await expect(handler()).resolves.toEqual({ checked: 4, failed: 0, missing: 2 });
    expect(sent).toEqual([{ Path: PATH, Recursive: false, NextToken: undefined }, { Path: PATH, Recursive: false, NextToken: 'p2' }]);
    expect(errors).toHaveBeenCalledWith(expect.stringContaining('2 of 6 flow logs of Network/FlowLogs were not found'));
  });

  test('a stack not deployed yet has no parameter, so its flow logs are not missing', async () => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter('Web', '3')] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: fourFound });
    await expect(handler()).resolves.toEqual({ checked: 4, failed: 0, missing: 0 });
    expect(publishedMetrics()).toEqual({ DeliveryErrors: 0, FlowLogsChecked: 4 });
  });

  test.each([['two'], ['-1'], ['1.5'], ['']])('a parameter that is not a whole number (%p) fails the handler, publishing nothing', async (value) => {
    ssm.on(GetParametersByPathCommand).resolves({ Parameters: [parameter('Web', value)] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: fourFound });
    await expect(handler()).rejects.toThrow(`Parameter Store parameter ${PATH}/Web must be a whole number: got '${value}'`);
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  test('Parameter Store errors are not a silent 0: the handler fails', async () => {
    ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error('User is not authorized'), { name: 'AccessDeniedException' }));
    await expect(handler()).rejects.toThrow('User is not authorized');
    expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });
});

test('without EXPECTED_FLOW_LOGS_PATH (an archive in one stack), Parameter Store is not asked', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS')] });
  await expect(handler()).resolves.toEqual({ checked: 2, failed: 0, missing: 0 });
  expect(ssm.commandCalls(GetParametersByPathCommand)).toHaveLength(0);
});

test('results across pages are all counted', async () => {
  process.env.EXPECTED_FLOW_LOGS = '3';
  const pages = [
    { FlowLogs: [flowLog('fl-1', 'FAILED', 'Rate limited')], NextToken: 'a' },
    { FlowLogs: [flowLog('fl-2', 'SUCCESS')], NextToken: 'b' },
    { FlowLogs: [flowLog('fl-3', 'FAILED', 'Access error')] },
  ];
  // The SDK paginator reuses one input object for every page, so commandCalls() shows the last token on
  // every call: copy what each call sends when it is sent.
  const sent: { NextToken?: string; MaxResults?: number }[] = [];
  ec2.on(DescribeFlowLogsCommand).callsFake((input) => {
    sent.push({ NextToken: input.NextToken, MaxResults: input.MaxResults });
    return pages[sent.length - 1];
  });
  await expect(handler()).resolves.toEqual({ checked: 3, failed: 2, missing: 0 });
  expect(ec2.commandCalls(DescribeFlowLogsCommand)).toHaveLength(3);
  expect(sent).toEqual([
    { NextToken: undefined, MaxResults: 1000 },
    { NextToken: 'a', MaxResults: 1000 },
    { NextToken: 'b', MaxResults: 1000 },
  ]);
  expect(publishedMetrics()).toEqual({ DeliveryErrors: 2, FlowLogsChecked: 3 });
});

test('EC2 throttling is not a silent 0: the handler fails and publishes nothing', async () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  ec2.on(DescribeFlowLogsCommand).rejects(throttled);
  await expect(handler()).rejects.toThrow('Rate exceeded');
  expect(cloudwatch.commandCalls(PutMetricDataCommand)).toHaveLength(0);
});

test('a failure to publish fails the handler', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'SUCCESS')] });
  cloudwatch.on(PutMetricDataCommand).rejects(new Error('AccessDenied'));
  await expect(handler()).rejects.toThrow('AccessDenied');
});

test.each([
  ['ARCHIVE_NAME', undefined, 'environment variable ARCHIVE_NAME is not set'],
  ['EXPECTED_FLOW_LOGS', 'two', "EXPECTED_FLOW_LOGS must be a whole number: got 'two'"],
])('a bad environment (%s) fails with a clear message', async (name, value, message) => {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
  await expect(handler()).rejects.toThrow(message);
  expect(ec2.commandCalls(DescribeFlowLogsCommand)).toHaveLength(0);
});

test('the handler publishes exactly the metric the alarm and metricDeliveryErrors() watch (one definition for both)', async () => {
  ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog('fl-1', 'SUCCESS'), flowLog('fl-2', 'FAILED', 'Access error')] });
  await handler();
  const input = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input;
  const watched = deliveryErrorsMetric('Network/FlowLogs');
  const published = input.MetricData!.find((d) => d.MetricName === watched.metricName)!;
  expect([input.Namespace, published.Value]).toEqual([watched.namespace, 1]);
  expect(published.Dimensions).toEqual(Object.entries(watched.dimensions!).map(([Name, Value]) => ({ Name, Value })));
  // And it finds the flow logs by the tag the archive puts on them.
  expect(ec2.commandCalls(DescribeFlowLogsCommand)[0].args[0].input.Filter).toEqual([{ Name: `tag:${ARCHIVE_TAG}`, Values: ['Network/FlowLogs'] }]);
});
