import * as fs from 'fs';
import * as path from 'path';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import {
  FlowLogArchive, FlowLogArchiveBucket, FlowLogDestination, FlowLogDestinationConfig, FlowLogTarget, S3DestinationOptions,
} from '../src';
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

  test('bind, for a flow log of your own: creates what the destination needs under the scope, returns only the flow-log properties', () => {
    const stack = newStack();
    const scope = new Construct(stack, 'Mine');
    const config = FlowLogDestination.s3({ keyPrefix: 'other' }).bind(scope);
    expect(Object.keys(config).sort()).toEqual(['dependencies', 'destinationOptions', 'logDestination', 'logDestinationType']);
    const bucket = scope.node.findChild('ArchiveBucket') as FlowLogArchiveBucket;
    expect(config.logDestinationType).toBe('s3');
    expect(stack.resolve(config.logDestination)).toEqual({ 'Fn::Join': ['', [stack.resolve(bucket.bucket.bucketArn), '/other/']] });
    expect(config.dependencies).toEqual([bucket.bucket.policy, bucket.encryptionKey]);
    new ec2.CfnFlowLog(scope, 'FlowLog', { resourceId: 'vpc-0123456789abcdef0', resourceType: 'VPC', trafficType: 'ALL', ...config });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3', ResourceId: 'vpc-0123456789abcdef0' });
  });
});

/** A destination defined outside this library: only its flow-log properties. */
class PartnerDestination extends FlowLogDestination {
  public bind(): FlowLogDestinationConfig {
    return { logDestinationType: 'kinesis-data-firehose', logDestination: 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/partner' };
  }
}

describe('a destination defined outside this library', () => {
  test('is logged to with its own properties; it adds no alarm, grant or query layer', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [new PartnerDestination()],
      alarms: { deliveryStatusProbe: false },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestinationType: 'kinesis-data-firehose',
      LogDestination: 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/partner',
    });
    expect(archive.flowLogs[0].node.id).toMatch(/^Destination-arnawsfirehose/);
    expect(archive.alarms).toEqual([]);
    expect(archive.bucket).toBeUndefined();
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    // Nothing the library knows to grant: a dropped grant, and no policy.
    expect(archive.grantRead(role).success).toBe(false);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });
});

describe('the archive never asks which kind a destination is', () => {
  test('FlowLogArchive imports no destination kind: each kind owns what it adds (private/destinations/)', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'flow-log-archive.ts'), 'utf-8');
    const kinds = fs.readdirSync(path.join(__dirname, '..', 'src', 'private', 'destinations')).filter((f) => f !== 'context.ts');
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    expect(kinds.filter((kind) => source.includes(`destinations/${kind.replace(/\.ts$/, '')}'`))).toEqual([]);
    expect(source).not.toMatch(/\.(bucket|logGroup) \?|logGroup!|instanceof \w+Destination/);
  });
});
