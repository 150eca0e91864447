import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FlowLogBothDestinationsStack, FlowLogCloudWatchStack, FlowLogDefaultsStack, FlowLogSubnetsAndEniStack } from '../examples/stacks';
import { summarize } from '../examples/summary';

function exampleApp() {
  const app = new App({ context: { 'aws:cdk:enable-path-metadata': true } });
  return {
    app,
    defaults: new FlowLogDefaultsStack(app, 'FlowLogDefaults'),
    subnets: new FlowLogSubnetsAndEniStack(app, 'FlowLogSubnetsAndEni'),
    cloudWatch: new FlowLogCloudWatchStack(app, 'FlowLogToCloudWatch'),
    both: new FlowLogBothDestinationsStack(app, 'FlowLogToBoth'),
  };
}

describe('example stacks (snapshots guard against surprise; assertions elsewhere pin behaviour)', () => {
  const { defaults, subnets, cloudWatch, both } = exampleApp();

  test('FlowLogDefaults', () => {
    expect(Template.fromStack(defaults).toJSON()).toMatchSnapshot();
  });

  test('FlowLogSubnetsAndEni', () => {
    expect(Template.fromStack(subnets).toJSON()).toMatchSnapshot();
  });

  test('FlowLogToCloudWatch', () => {
    expect(Template.fromStack(cloudWatch).toJSON()).toMatchSnapshot();
  });

  test('FlowLogToBoth', () => {
    expect(Template.fromStack(both).toJSON()).toMatchSnapshot();
  });
});

test('the example summary names each stack, its resources and each flow log\'s target and destination', () => {
  const { app } = exampleApp();
  const outdir = app.synth().directory;
  const lines = summarize(outdir);
  expect(lines[0]).toBe(`Synthesized 4 stacks into ${outdir}/`);
  expect(lines).toContain('    1  AWS::EC2::FlowLog');
  expect(lines).toContain('    3  AWS::EC2::FlowLog');
  expect(lines).toContain('    VPC FlowLogDefaults/Vpc -> s3 FlowLogDefaults/FlowLogs/ArchiveBucket/Bucket.Arn');
  expect(lines).toContain('    Subnet FlowLogSubnetsAndEni/Vpc/PrivateSubnet1/Subnet -> s3 FlowLogSubnetsAndEni/FlowLogs/ArchiveBucket/Bucket.Arn/workload/');
  expect(lines).toContain('    NetworkInterface FlowLogSubnetsAndEni/AppliancePort -> s3 FlowLogSubnetsAndEni/FlowLogs/ArchiveBucket/Bucket.Arn/workload/');
  expect(lines).toContain('    VPC FlowLogToCloudWatch/Vpc -> cloud-watch-logs FlowLogToCloudWatch/FlowLogs/LogGroup.Arn');
  expect(lines).toContain('    6  AWS::EC2::FlowLog');
});
