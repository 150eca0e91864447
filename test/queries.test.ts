import { Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { FlowLogArchive, FlowLogDestination, FlowLogField, FlowLogFormat, FlowLogQueriesOptions, FlowLogTarget, S3DestinationOptions } from '../src';
import { ACCOUNT, logicalIdByPath, newApp, newStack, newVpc, REGION } from './support/fixtures';

function withQueries(s3: S3DestinationOptions = {}, logFormat?: FlowLogFormat, options?: FlowLogQueriesOptions) {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3(s3)], logFormat, alarms: { enabled: false },
  });
  const queries = archive.addQueries(options);
  const template = Template.fromStack(stack);
  const table = (Object.values(template.findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
  return { stack, archive, queries, template, table, bucketId: logicalIdByPath(template, 'AWS::S3::Bucket', 'ArchiveBucket/Bucket/') };
}

describe('the Glue table', () => {
  test('columns are exactly the format\'s fields, typed for queries', () => {
    const { table } = withQueries();
    expect(table.StorageDescriptor.Columns).toEqual([
      { Name: 'version', Type: 'int' }, { Name: 'account_id', Type: 'string' }, { Name: 'interface_id', Type: 'string' },
      { Name: 'srcaddr', Type: 'string' }, { Name: 'dstaddr', Type: 'string' }, { Name: 'srcport', Type: 'int' },
      { Name: 'dstport', Type: 'int' }, { Name: 'protocol', Type: 'int' }, { Name: 'packets', Type: 'bigint' },
      { Name: 'bytes', Type: 'bigint' }, { Name: 'start', Type: 'bigint' }, { Name: 'end', Type: 'bigint' },
      { Name: 'action', Type: 'string' }, { Name: 'log_status', Type: 'string' },
    ]);
  });

  test('plain text: space-delimited text SerDe, header skipped, default layout projected', () => {
    const { table, bucketId } = withQueries({ keyPrefix: 'net' });
    expect(table.StorageDescriptor.SerdeInfo).toEqual({
      SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
      Parameters: { 'field.delim': ' ', 'serialization.format': ' ' },
    });
    expect(table.StorageDescriptor.InputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(table.PartitionKeys.map((k: any) => k.Name)).toEqual(['account', 'region', 'year', 'month', 'day']);
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.account.values': ACCOUNT,
      'projection.region.values': REGION,
      'projection.year.range': '2020,2100',
      'projection.month.digits': '2',
      'skip.header.line.count': '1',
      'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: bucketId }, '/net/AWSLogs/${account}/vpcflowlogs/${region}/${year}/${month}/${day}']] },
    });
  });

  test('Parquet, Hive layout and hourly partitions', () => {
    const { table, bucketId } = withQueries({ fileFormat: ec2.FlowLogFileFormat.PARQUET, hiveCompatiblePartitions: true, perHourPartition: true });
    expect(table.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(table.PartitionKeys.map((k: any) => k.Name)).toEqual(['account', 'region', 'year', 'month', 'day', 'hour']);
    expect(table.Parameters['skip.header.line.count']).toBeUndefined();
    expect(table.Parameters['projection.hour.range']).toBe('0,23');
    expect(table.Parameters['storage.location.template']).toEqual({
      'Fn::Join': ['', ['s3://', { Ref: bucketId },
        '/AWSLogs/aws-account-id=${account}/aws-service=vpcflowlogs/aws-region=${region}/year=${year}/month=${month}/day=${day}/hour=${hour}']],
    });
  });
});

describe('workgroup and reports', () => {
  test('results are encrypted with the archive key, configuration enforced, scan limit applied', () => {
    const { template } = withQueries({}, undefined, { bytesScannedCutoffPerQuery: Size.gibibytes(10) });
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'ArchiveBucket/Key/');
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'stack_flowlogs',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 10737418240,
        ResultConfiguration: {
          OutputLocation: Match.anyValue(),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        },
      },
    });
  });

  test('the workgroup can be deleted with its query history (Athena refuses otherwise), and is enabled', () => {
    const { template } = withQueries();
    template.hasResourceProperties('AWS::Athena::WorkGroup', { RecursiveDeleteOption: true, State: 'ENABLED' });
  });

  test('the default database is named after the stack name, so copies of a stack under other names do not collide', () => {
    const stack = new Stack(newApp(), 'Network', { env: { account: ACCOUNT, region: REGION }, stackName: 'network-feature-x' });
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], alarms: { enabled: false } });
    expect(archive.addQueries().databaseName).toBe('network_feature_x_flowlogs');
  });

  test('the default format gets every report; each queries only columns it has', () => {
    const { queries } = withQueries();
    expect(Object.keys(queries.namedQueries)).toEqual(['TopTalkers', 'RejectedBySource', 'TrafficByPort', 'InternetFlows', 'VolumePerInterface', 'LastHourSummary']);
    expect(queries.namedQueries.TopTalkers.queryString).toContain('FROM "stack_flowlogs"."vpc_flow_logs"');
  });

  test('a report whose fields the format lacks is not created, and a warning says which field to add', () => {
    const { queries, stack } = withQueries({}, FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.BYTES));
    expect(Object.keys(queries.namedQueries)).toEqual(['TopTalkers', 'InternetFlows']);
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs/Queries', Match.stringLikeRegexp('"rejected traffic by source" was not created: the log format has no action, packets'));
  });

  test('grantQuery: workgroup, catalog, archive read and results read/write', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], alarms: { enabled: false } });
    archive.addQueries().grantQuery(new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() }));
    const statements = (Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0] as any).Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['athena:StartQueryExecution', 'glue:GetTable', 'glue:GetPartitions', 's3:GetObject*', 's3:PutObject', 'kms:Decrypt']));
  });
});

describe('the default database name', () => {
  const nameFor = (...path: string[]) => {
    const stack = newStack();
    const scope = path.slice(0, -1).reduce<Construct>((parent, id) => new Construct(parent, id), stack);
    return new FlowLogArchive(scope, path[path.length - 1], { targets: [FlowLogTarget.fromVpc(newVpc(stack))] }).addQueries().databaseName;
  };

  test('is the construct path in lower case and underscores', () => {
    expect(nameFor('Network', 'FlowLogs')).toBe('stack_network_flowlogs');
  });

  test('a path too long for Athena keeps its start and gets a hash of the whole path, the same on every synth', () => {
    const long = 'VeryLongConstructName'.repeat(3);
    const name = nameFor(long, long, 'FlowLogs');
    expect(name).toMatch(/^stack_verylongconstructname[a-z_]+_[0-9a-f]{8}$/);
    expect(name.length).toBeLessThanOrEqual(96);
    expect(nameFor(long, long, 'FlowLogs')).toBe(name);
    expect(nameFor(long, long, 'OtherFlowLogs')).not.toBe(name);
    expect(nameFor(long, long, 'OtherFlowLogs').slice(0, 80)).toBe(name.slice(0, 80));
  });
});

describe('transit gateway archives', () => {
  const tableOf = (targets: FlowLogTarget[], logFormat?: FlowLogFormat) => {
    const stack = newStack();
    const vpc = newVpc(stack);
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: targets.length > 0 ? targets : [FlowLogTarget.fromVpc(vpc), FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')],
      logFormat,
      alarms: { enabled: false },
    });
    archive.addQueries();
    const template = Template.fromStack(stack);
    const table = (Object.values(template.findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
    const typed = table.StorageDescriptor.Columns as Array<{ Name: string; Type: string }>;
    return { stack, typed, columns: typed.map((c) => c.Name) };
  };
  const TGW = FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0');
  const ATTACHMENT = FlowLogTarget.fromTransitGatewayAttachmentId('tgw-attach-0123456789abcdef0');

  test('only transit gateways: the table has the transit gateway fields, typed', () => {
    const { stack, columns, typed } = tableOf([TGW, ATTACHMENT]);
    expect(typed.filter((c) => c.Type !== 'string')).toEqual(expect.arrayContaining([
      { Name: 'packets_lost_no_route', Type: 'bigint' }, { Name: 'bytes', Type: 'bigint' }, { Name: 'srcport', Type: 'int' },
    ]));
    expect(columns).toEqual(FlowLogFormat.DEFAULT.forResourceType('TransitGateway').fieldNames.map((f) => f.replace(/-/g, '_')));
    expect(columns).toEqual(expect.arrayContaining(['tgw_id', 'tgw_attachment_id', 'packets_lost_no_route']));
    expect(columns).not.toContain('interface_id');
    Annotations.fromStack(stack).hasNoWarning('/Stack/FlowLogs', Match.stringLikeRegexp('addQueries'));
  });

  test('every transit gateway field with ALL_FIELDS', () => {
    const { columns } = tableOf([TGW], FlowLogFormat.ALL_FIELDS);
    expect(columns).toEqual(FlowLogFormat.ALL_FIELDS.forResourceType('TransitGateway').fieldNames.map((f) => f.replace(/-/g, '_')));
  });

  test('VPCs and transit gateways with a preset: the table is the VPC one, and a warning says why queries would misread', () => {
    const { stack, columns } = tableOf([]);
    expect(columns).toContain('interface_id');
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp(
      'addQueries\\(\\) builds one table for VPC records, but this archive also logs transit gateways'));
  });

  test('VPCs and transit gateways with one custom format both accept: no warning', () => {
    const { stack, columns } = tableOf([], FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.BYTES));
    expect(columns).toEqual(['srcaddr', 'dstaddr', 'bytes']);
    Annotations.fromStack(stack).hasNoWarning('/Stack/FlowLogs', Match.anyValue());
  });
});
