import { App, CfnParameter, Lazy, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogArchiveBucket, FlowLogArchiveProps, FlowLogDestination, FlowLogTarget } from '../src';
import { ACCOUNT, bucketPolicyStatements, logicalIdByPath, newApp, newStack, newVpc } from './support/fixtures';

const ARCHIVE_TAG_KEY = 'cdk-flow-log-archive:archive';

function nameTag(flowLog: any): string {
  return flowLog.Properties.Tags.find((t: any) => t.Key === 'Name').Value;
}

function flowLogsOf(template: Template): Record<string, any> {
  return template.findResources('AWS::EC2::FlowLog');
}

describe('FlowLogArchive with defaults', () => {
  const stack = newStack();
  const vpc = newVpc(stack);
  const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
  const template = Template.fromStack(stack);
  const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket');
  const policyId = logicalIdByPath(template, 'AWS::S3::BucketPolicy', 'FlowLogs/ArchiveBucket/Bucket/Policy');
  const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/ArchiveBucket/Key');

  test('one VPC flow log of all traffic, 10-minute aggregation, to the archive bucket', () => {
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResource('AWS::EC2::FlowLog', {
      Properties: {
        ResourceType: 'VPC',
        ResourceId: { Ref: logicalIdByPath(template, 'AWS::EC2::VPC', 'Stack/Vpc') },
        TrafficType: 'ALL',
        MaxAggregationInterval: 600,
        LogDestinationType: 's3',
        LogDestination: { 'Fn::GetAtt': [bucketId, 'Arn'] },
        DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: false, PerHourPartition: false },
        Tags: [{ Key: 'cdk-flow-log-archive:archive', Value: 'Stack/FlowLogs' }, { Key: 'Name', Value: 'Stack/FlowLogs/Vpc/s3' }],
        LogFormat: Match.absent(),
        DeliverLogsPermissionArn: Match.absent(),
      },
    });
  });

  test('the flow log waits for the bucket policy and the key (with its policy)', () => {
    const [flowLog] = Object.values(flowLogsOf(template));
    expect([...flowLog.DependsOn].sort()).toEqual([policyId, keyId].sort());
  });

  test('the logical ID derives from the VPC path and the destination', () => {
    expect(Object.keys(flowLogsOf(template))).toEqual([expect.stringMatching(/^FlowLogsVpcVpcS3[0-9A-F]{8}$/)]);
    expect(archive.flowLogs[0].node.path).toBe('Stack/FlowLogs/Vpc-Vpc/S3');
  });

  test('attributes expose the flow logs, their ids, the bucket and the key', () => {
    expect(archive.flowLogs).toHaveLength(1);
    expect(stack.resolve(archive.flowLogIds)).toEqual([{ 'Fn::GetAtt': [stack.resolve(archive.flowLogs[0].logicalId), 'Id'] }]);
    expect(archive.archiveBucket).toBeInstanceOf(FlowLogArchiveBucket);
    expect(archive.bucket).toBe(archive.archiveBucket!.bucket);
    expect(archive.encryptionKey).toBe(archive.archiveBucket!.encryptionKey);
  });

  test('the defaults synthesize without warnings or errors', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test('the write statement allows the bucket root for this account', () => {
    const write = bucketPolicyStatements(template, bucketId).find((s) => s.Sid === 'AWSLogDeliveryWrite');
    expect(write.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/AWSLogs/${ACCOUNT}/*`]] }]);
  });
});

describe('FlowLogArchive options', () => {
  test('trafficType, maxAggregationInterval and flowLogName are applied to every flow log', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: FlowLogTarget.fromSubnets(vpc.publicSubnets),
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      flowLogName: 'prod-edge',
    });
    const flowLogs = Object.values(flowLogsOf(Template.fromStack(stack)));
    expect(flowLogs.map((f) => [f.Properties.ResourceType, f.Properties.TrafficType, f.Properties.MaxAggregationInterval, nameTag(f)]))
      .toEqual([
        ['Subnet', 'REJECT', 60, 'prod-edge/Vpc/PublicSubnet1/s3'],
        ['Subnet', 'REJECT', 60, 'prod-edge/Vpc/PublicSubnet2/s3'],
      ]);
  });

  test('tags of the app reach the flow logs, but a Name tag on a parent does not rename them', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    Tags.of(stack.node.scope!).add('team', 'network');
    Tags.of(stack).add('Name', 'everything');
    Tags.of(archive).add(ARCHIVE_TAG_KEY, 'overwritten');
    const [flowLog] = Object.values(flowLogsOf(Template.fromStack(stack)));
    expect(flowLog.Properties.Tags).toEqual([
      { Key: ARCHIVE_TAG_KEY, Value: 'Stack/FlowLogs' },
      { Key: 'Name', Value: 'Stack/FlowLogs/Vpc/s3' },
      { Key: 'team', Value: 'network' },
    ]);
  });

  test('a Name tag with a priority above the default still renames, and a removed tag is removed', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
    Tags.of(stack).add('Name', 'chosen', { priority: 200 });
    Tags.of(stack).remove(ARCHIVE_TAG_KEY);
    const [flowLog] = Object.values(flowLogsOf(Template.fromStack(stack)));
    expect(flowLog.Properties.Tags).toEqual([{ Key: 'Name', Value: 'chosen' }]);
  });

  test('keyPrefix goes into the destination ARN, the ID, the name and the bucket policy', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(vpc)],
      destinations: [FlowLogDestination.s3({ keyPrefix: 'network/prod' })],
    });
    const template = Template.fromStack(stack);
    const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket');
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogDestination: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/network/prod/']] },
      Tags: Match.arrayWith([{ Key: 'Name', Value: 'Stack/FlowLogs/Vpc/s3/network/prod' }]),
    });
    expect(Object.keys(flowLogsOf(template))[0]).toMatch(/^FlowLogsVpcVpcS3networkprod[0-9A-F]{8}$/);
    const write = bucketPolicyStatements(template, bucketId).find((s) => s.Sid === 'AWSLogDeliveryWrite');
    expect(write.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/network/prod/AWSLogs/${ACCOUNT}/*`]] }]);
  });

  test('removalPolicy reaches every bucket, key and log group', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(stack);
    const stateful = ['AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'].flatMap((type) => Object.values(template.findResources(type)));
    expect(stateful.length).toBe(5); // archive + access-log buckets, archive + alarm keys, probe log group
    expect(stateful.map((r: any) => r.DeletionPolicy)).toEqual(stateful.map(() => 'Delete'));
  });

  test('bucketProps configure the bucket the construct creates, and win over removalPolicy', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucketProps: { bucketName: 'acme-flow-logs', serverAccessLogs: false, removalPolicy: RemovalPolicy.RETAIN } })],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', { Properties: { BucketName: 'acme-flow-logs' }, DeletionPolicy: 'Retain' });
  });
});

describe('targets', () => {
  test('subnets, a literal ENI id and an ENI token each get a flow log with the right type and id', () => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const eni = new ec2.CfnNetworkInterface(stack, 'Appliance', { subnetId: vpc.publicSubnets[0].subnetId });
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [
        FlowLogTarget.fromSubnet(vpc.publicSubnets[0]),
        FlowLogTarget.fromNetworkInterfaceId('eni-0123456789abcdef0'),
        FlowLogTarget.fromNetworkInterfaceId(eni.ref),
      ],
    });
    const flowLogs = flowLogsOf(Template.fromStack(stack));
    const subnetId = stack.getLogicalId(vpc.publicSubnets[0].node.defaultChild as ec2.CfnSubnet);
    const summary = Object.entries(flowLogs)
      .map(([id, f]) => [id.slice(0, -8), f.Properties.ResourceType, f.Properties.ResourceId, nameTag(f)]);
    expect(summary).toEqual([
      ['FlowLogsSubnetVpcPublicSubnet1S3', 'Subnet', { Ref: subnetId }, 'Stack/FlowLogs/Vpc/PublicSubnet1/s3'],
      ['FlowLogsEnieni0123456789abcdef0S3', 'NetworkInterface', 'eni-0123456789abcdef0', 'Stack/FlowLogs/eni-0123456789abcdef0/s3'],
      ['FlowLogsEniRefApplianceS3', 'NetworkInterface', { Ref: 'Appliance' }, 'Stack/FlowLogs/Ref:Appliance/s3'],
    ]);
  });

  test('addTarget and addVpc add flow logs after construction', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [] });
    archive.addVpc(newVpc(stack, 'A'));
    archive.addTarget(FlowLogTarget.fromVpc(newVpc(stack, 'B')));
    expect(archive.flowLogs.map((f) => f.node.path)).toEqual(['Stack/FlowLogs/Vpc-A/S3', 'Stack/FlowLogs/Vpc-B/S3']);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 2);
  });

  test('an archive with no target fails synth, naming the fix', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [] });
    expect(() => Template.fromStack(stack)).toThrow(
      'targets must contain at least one FlowLogTarget: got none. Pass targets, or call addTarget() or addVpc() before synth.');
  });

  test('a VPC in another stack is identified by its full path', () => {
    const app = newApp();
    const network = newStack('Network', app);
    const vpc = newVpc(network);
    const stack = newStack('Logging', app);
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
    expect(archive.flowLogs[0].node.id).toBe('S3');
    expect(archive.flowLogs[0].node.scope!.node.id).toBe('Vpc-Network-Vpc');
  });
});

describe('deterministic logical IDs', () => {
  function logicalIds(build: (stack: Stack, vpcs: ec2.Vpc[]) => FlowLogTarget[]): string[] {
    const stack = newStack();
    const vpcs = ['A', 'B', 'C'].map((id) => newVpc(stack, id));
    new FlowLogArchive(stack, 'FlowLogs', { targets: build(stack, vpcs) });
    return Object.keys(flowLogsOf(Template.fromStack(stack))).sort();
  }

  test('adding a target keeps the IDs of the existing flow logs', () => {
    const before = logicalIds((_, [a, b]) => [FlowLogTarget.fromVpc(a), FlowLogTarget.fromVpc(b)]);
    const after = logicalIds((_, [a, b, c]) => [FlowLogTarget.fromVpc(c), FlowLogTarget.fromVpc(a), FlowLogTarget.fromVpc(b)]);
    expect(after).toHaveLength(3);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  test('reordering targets changes nothing', () => {
    const forward = logicalIds((_, [a, b, c]) => [a, b, c].map((v) => FlowLogTarget.fromVpc(v)));
    const backward = logicalIds((_, [a, b, c]) => [c, b, a].map((v) => FlowLogTarget.fromVpc(v)));
    expect(backward).toEqual(forward);
  });

  test('the same app synthesizes the same template twice', () => {
    const synth = () => {
      const stack = newStack();
      new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
      return Template.fromStack(stack).toJSON();
    };
    expect(synth()).toEqual(synth());
  });

  test('a token keyPrefix or bucketArn gives the same logical IDs however many tokens were made before', () => {
    const ids = (tokensBefore: number) => {
      const stack = newStack();
      Array.from({ length: tokensBefore }, (_, i) => Lazy.string({ produce: () => `unrelated-${i}` }));
      const folder = new CfnParameter(stack, 'Folder');
      const central = new CfnParameter(stack, 'CentralBucketArn');
      new FlowLogArchive(stack, 'FlowLogs', {
        targets: [FlowLogTarget.fromVpc(newVpc(stack))],
        destinations: [FlowLogDestination.s3({ keyPrefix: folder.valueAsString }), FlowLogDestination.s3({ bucketArn: central.valueAsString })],
      });
      return Object.keys(Template.fromStack(stack).toJSON().Resources).sort();
    };
    expect(ids(1)).toEqual(ids(50));
    expect(ids(1).filter((id) => id.startsWith('FlowLogsVpcVpc'))).toEqual([
      expect.stringMatching(/^FlowLogsVpcVpcS3FlowLogsBucketRefCentralBucketArn[0-9A-F]{8}$/),
      expect.stringMatching(/^FlowLogsVpcVpcS3RefFolder[0-9A-F]{8}$/),
    ]);
  });

  test('adding a second destination keeps the first destination\'s flow logs', () => {
    const ids = (destinations: FlowLogDestination[]) => {
      const stack = newStack();
      new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations });
      return Object.keys(flowLogsOf(Template.fromStack(stack)));
    };
    const one = ids([FlowLogDestination.s3()]);
    const two = ids([FlowLogDestination.s3(), FlowLogDestination.s3({ keyPrefix: 'copy' })]);
    expect(two).toHaveLength(2);
    expect(two).toEqual(expect.arrayContaining(one));
  });
});

describe('the bucket policy does not grow per target', () => {
  function policySize(targetCount: number): number {
    const stack = newStack();
    const vpc = newVpc(stack);
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(vpc)] });
    for (let i = 0; i < targetCount - 1; i++) {
      archive.addTarget(FlowLogTarget.fromNetworkInterfaceId(`eni-${(0x10000000 + i).toString(16)}`));
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', targetCount);
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    return JSON.stringify(policies).length;
  }

  test('1 target and 60 targets give byte-identical bucket policies', () => {
    expect(policySize(60)).toBe(policySize(1));
  });
});

describe('bringing your own bucket', () => {
  test('a bucket defined in the app gets the delivery statements and is waited for', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Logs', { encryptionKey: key, enforceSSL: true });
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket, keyPrefix: 'vpc' })],
    });
    const template = Template.fromStack(stack);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket);
    expect(archive.archiveBucket).toBeUndefined();
    expect(archive.bucket).toBe(bucket);
    expect(bucketPolicyStatements(template, bucketId).map((s) => s.Sid)).toEqual([undefined, 'AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowFlowLogDeliveryToUseTheKey' })]) },
    });
    const [flowLog] = Object.values(flowLogsOf(template));
    expect([...flowLog.DependsOn].sort()).toEqual(
      [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), stack.getLogicalId(bucket.policy!.node.defaultChild as s3.CfnBucketPolicy)].sort());
    expect(archive.flowLogs[0].node.id).toBe('S3-Logs-vpc');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an imported bucket is written to as is, with a warning that says what its owner must grant', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketArn(stack, 'Central', 'arn:aws:s3:::org-flow-logs');
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ bucket, keyPrefix: 'team-a' })],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResource('AWS::EC2::FlowLog', {
      Properties: Match.objectLike({ LogDestination: 'arn:aws:s3:::org-flow-logs/team-a/' }),
      DependsOn: Match.absent(),
    });
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp(
      'bucket Stack/Central is not defined in this app.*delivery.logs.amazonaws.com s3:PutObject on team-a/AWSLogs/<this account>/\\*'));
  });

  test('a bucket in another stack of the app gets the statements in its own stack', () => {
    const app = newApp();
    const central = newStack('Central', app);
    const archiveBucket = new FlowLogArchiveBucket(central, 'Archive');
    const workload = newStack('Workload', app);
    new FlowLogArchive(workload, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(workload))],
      destinations: [FlowLogDestination.s3({ bucket: archiveBucket.bucket, keyPrefix: 'workload' })],
    });
    const centralTemplate = Template.fromStack(central);
    const bucketId = central.getLogicalId(archiveBucket.bucket.node.defaultChild as s3.CfnBucket);
    const write = bucketPolicyStatements(centralTemplate, bucketId).find((s) => s.Sid === 'AWSLogDeliveryWrite');
    // the archive's folder replaces the root fallback: the policy holds exactly what is used
    expect(write.Resource).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, `/workload/AWSLogs/${ACCOUNT}/*`]] }]);
    Template.fromStack(workload).resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(workload.dependencies.map((s) => s.stackName)).toEqual(['Central']);
  });

  test('two S3 destinations on one bucket share one pair of delivery statements', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))],
      destinations: [FlowLogDestination.s3({ keyPrefix: 'a' }), FlowLogDestination.s3({ keyPrefix: 'b' })],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket');
    const statements = bucketPolicyStatements(template, bucketId);
    expect(statements.map((s) => s.Sid)).toEqual([undefined, 'AWSLogDeliveryWrite', 'AWSLogDeliveryAclCheck']);
    expect(statements[1].Resource.map((r: any) => r['Fn::Join'][1][1])).toEqual([`/a/AWSLogs/${ACCOUNT}/*`, `/b/AWSLogs/${ACCOUNT}/*`]);
  });
});

test('grantRead lets a reader get the archived objects and decrypt them', () => {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))] });
  const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
  archive.grantRead(analyst);
  const template = Template.fromStack(stack);
  const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'FlowLogs/ArchiveBucket/Bucket');
  const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'FlowLogs/ArchiveBucket/Key');
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
          Resource: [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }],
        },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      ],
    },
  });
});

test('an env-agnostic stack uses pseudo parameters for account and region', () => {
  const stack = new Stack(new App(), 'Agnostic');
  new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }))] });
  Template.fromStack(stack).hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AWSLogDeliveryWrite',
        Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': [{ Ref: 'AWS::AccountId' }], 's3:x-amz-acl': 'bucket-owner-full-control' } }),
      })]),
    },
  });
});

describe('transit gateways', () => {
  function tgwArchive(props: Partial<FlowLogArchiveProps> = {}) {
    const stack = newStack();
    const tgw = new ec2.CfnTransitGateway(stack, 'Tgw', {});
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId(tgw.ref), FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0123456789abcdef0')],
      alarms: { enabled: false },
      ...props,
    });
    return { stack, archive, template: Template.fromStack(stack) };
  }

  test('no TrafficType, 60-second aggregation, the right resource types and ids', () => {
    const { template } = tgwArchive();
    const flowLogs = Object.entries(flowLogsOf(template)).map(([id, f]) => [id.slice(0, -8), f.Properties.ResourceType,
      f.Properties.ResourceId, f.Properties.TrafficType, f.Properties.MaxAggregationInterval]);
    expect(flowLogs).toEqual([
      ['FlowLogsTgwRefTgwS3', 'TransitGateway', { Ref: 'Tgw' }, undefined, 60],
      ['FlowLogsTgwAttachmenttgwattach0123456789abcdef0S3', 'TransitGatewayAttachment', 'tgw-attach-0123456789abcdef0', undefined, 60],
    ]);
    validateNothingElse(template);
  });

  test('a VPC and a transit gateway in one archive: each gets what it accepts', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack)), FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')],
      alarms: { enabled: false },
    });
    const flowLogs = Object.values(flowLogsOf(Template.fromStack(stack))).map((f: any) => [f.Properties.ResourceType,
      f.Properties.TrafficType, f.Properties.MaxAggregationInterval]);
    expect(flowLogs).toEqual([['VPC', 'ALL', 600], ['TransitGateway', undefined, 60]]);
  });

  test('an explicit 10-minute interval warns that transit gateways use 60 seconds', () => {
    const { stack } = tgwArchive({ maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES });
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp('maxAggregationInterval is 600 seconds, but transit gateway'));
  });

  test('the default interval does not warn', () => {
    const { stack } = tgwArchive();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

function validateNothingElse(template: Template): void {
  const types = new Set(Object.values(template.toJSON().Resources).map((r: any) => r.Type));
  expect([...types].sort()).toEqual(['AWS::EC2::FlowLog', 'AWS::EC2::TransitGateway', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::S3::BucketPolicy']);
}
