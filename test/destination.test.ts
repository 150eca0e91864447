import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogArchive, FlowLogDestination, FlowLogTarget, S3DestinationOptions } from '../src';
import { ACCOUNT, bucketPolicyStatements, logicalIdByPath, newStack, newVpc } from './support/fixtures';

function synth(options: S3DestinationOptions) {
  const stack = newStack();
  new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3(options)] });
  const template = Template.fromStack(stack);
  const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket');
  const write = bucketPolicyStatements(template, bucketId).find((s) => s.Sid === 'AWSLogDeliveryWrite');
  const [flowLog] = Object.values(template.findResources('AWS::EC2::FlowLog')) as any[];
  return { flowLog, writeResources: write.Resource.map((r: any) => r['Fn::Join'][1][1]) };
}

describe('FlowLogDestination.s3', () => {
  test.each([
    [{}, { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false }],
    [{ fileFormat: ec2.FlowLogFileFormat.PARQUET }, { FileFormat: 'parquet', HiveCompatiblePartitions: false, PerHourPartition: false }],
    [{ hiveCompatiblePartitions: true }, { FileFormat: 'plain-text', HiveCompatiblePartitions: true, PerHourPartition: false }],
    [{ perHourPartition: true }, { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: true }],
  ])('%j emits all three DestinationOptions keys in PascalCase', (options, expected) => {
    expect(synth(options).flowLog.Properties.DestinationOptions).toEqual(expected);
  });

  test('the Hive layout is what the bucket policy allows', () => {
    expect(synth({ hiveCompatiblePartitions: true, keyPrefix: 'hive' }).writeResources).toEqual([`/hive/AWSLogs/aws-account-id=${ACCOUNT}/*`]);
  });

  test('the plain layout is what the bucket policy allows', () => {
    expect(synth({ perHourPartition: true }).writeResources).toEqual([`/AWSLogs/${ACCOUNT}/*`]);
  });

  test('bind returns the flow-log properties and the bucket it resolved', () => {
    const stack = newStack();
    const archiveScope = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    const config = FlowLogDestination.s3({ keyPrefix: 'other' }).bind(archiveScope, {});
    expect(config).toMatchObject({ id: 'S3-other', label: 's3/other', logDestinationType: 's3' });
    expect(config.bucket).toBe(archiveScope.bucket);
    expect(config.archiveBucket).toBe(archiveScope.archiveBucket);
    expect(stack.resolve(config.logDestination)).toEqual({ 'Fn::Join': ['', [stack.resolve(archiveScope.bucket!.bucketArn), '/other/']] });
    expect(config.dependencies).toEqual([archiveScope.bucket!.policy, archiveScope.encryptionKey]);
  });
});
