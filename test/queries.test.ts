import { Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  FlowLogArchive, FlowLogDestination, FlowLogField, FlowLogFormat, FlowLogParquetType, FlowLogQueries, FlowLogQueriesOptions, FlowLogTarget,
  S3DestinationOptions,
} from '../src';
import { ACCOUNT, logicalIdByPath, newApp, newStack, newVpc, onlyResource, REGION } from './support/fixtures';

/** `s3://<bucket>` then `suffix`, as the template renders a path in the bucket. */
const inBucket = (bucketId: string, suffix: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }, suffix]] });

function withQueries(s3Options: S3DestinationOptions = {}, logFormat?: FlowLogFormat, options?: FlowLogQueriesOptions) {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3(s3Options)], logFormat, alarms: { enabled: false },
  });
  const queries = archive.addQueries(options);
  const template = Template.fromStack(stack);
  const table = (Object.values(template.findResources('AWS::Glue::Table'))[0] as any).Properties.TableInput;
  return { stack, archive, queries, template, table, bucketId: logicalIdByPath(template, 'AWS::S3::Bucket', 'ArchiveBucket/Bucket/') };
}

describe('the Glue table', () => {
  test('columns are exactly the format\'s fields; every integer is bigint, which reads both INT_32 and INT_64 Parquet values', () => {
    const { table } = withQueries();
    expect(table.StorageDescriptor.Columns).toEqual([
      { Name: 'version', Type: 'bigint' }, { Name: 'account_id', Type: 'string' }, { Name: 'interface_id', Type: 'string' },
      { Name: 'srcaddr', Type: 'string' }, { Name: 'dstaddr', Type: 'string' }, { Name: 'srcport', Type: 'bigint' },
      { Name: 'dstport', Type: 'bigint' }, { Name: 'protocol', Type: 'bigint' }, { Name: 'packets', Type: 'bigint' },
      { Name: 'bytes', Type: 'bigint' }, { Name: 'start', Type: 'bigint' }, { Name: 'end', Type: 'bigint' },
      { Name: 'action', Type: 'string' }, { Name: 'log_status', Type: 'string' },
    ]);
  });

  test('column types come from the catalogue: integer Parquet types (either kind of flow log) are bigint, the rest and unknown fields string', () => {
    const all = [...FlowLogField.all(), FlowLogField.of('some-newer-field')];
    const { table } = withQueries({}, FlowLogFormat.fields(...all.filter((f) => f.vpcTargets))
      .withTagKeys({ instance: ['team', 'app'], networkInterface: ['team', 'app'], autoScalingGroup: ['team', 'app'] }));
    const typeOf = (field: FlowLogField) => table.StorageDescriptor.Columns.find((c: any) => c.Name === field.name.replace(/-/g, '_')).Type;
    for (const field of all.filter((f) => f.vpcTargets)) {
      const integer = [field.parquetType, field.transitGatewayParquetType]
        .some((t) => t === FlowLogParquetType.INT_32 || t === FlowLogParquetType.INT_64);
      expect([field.name, typeOf(field)]).toEqual([field.name, integer ? 'bigint' : 'string']);
    }
    expect([typeOf(FlowLogField.ENCRYPTION_STATUS), typeOf(FlowLogField.TRAFFIC_PATH), typeOf(FlowLogField.of('some-newer-field'))])
      .toEqual(['bigint', 'bigint', 'string']);
  });

  test('plain text, default layout in a folder: exact projection parameters, text formats, location under the folder', () => {
    const { table, bucketId } = withQueries({ keyPrefix: 'net' });
    expect(table.PartitionKeys).toEqual(['aws_account_id', 'aws_region', 'year', 'month', 'day'].map((Name) => ({ Name, Type: 'string' })));
    expect(table.Parameters).toEqual({
      'EXTERNAL': 'TRUE',
      'classification': 'csv',
      'projection.enabled': 'true',
      'projection.aws_account_id.type': 'enum',
      'projection.aws_account_id.values': ACCOUNT,
      'projection.aws_region.type': 'enum',
      'projection.aws_region.values': REGION,
      'projection.year.type': 'integer',
      'projection.year.range': '2020,2100',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      'skip.header.line.count': '1',
      'storage.location.template': inBucket(bucketId, '/net/AWSLogs/${aws_account_id}/vpcflowlogs/${aws_region}/${year}/${month}/${day}'),
    });
    expect(table.StorageDescriptor).toEqual({
      Columns: expect.any(Array),
      Location: inBucket(bucketId, '/net/AWSLogs/'),
      InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      SerdeInfo: {
        SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
        Parameters: { 'field.delim': ' ', 'serialization.format': ' ' },
      },
    });
  });

  test('without a folder, the location and the template start at AWSLogs/ in the bucket root', () => {
    const { table, bucketId } = withQueries();
    expect(table.StorageDescriptor.Location).toEqual(inBucket(bucketId, '/AWSLogs/'));
    expect(table.Parameters['storage.location.template']).toEqual(
      inBucket(bucketId, '/AWSLogs/${aws_account_id}/vpcflowlogs/${aws_region}/${year}/${month}/${day}'));
  });

  test('plain text, default layout, hourly: the hour is a folder of its own, projected as two digits', () => {
    const { table, bucketId } = withQueries({ perHourPartition: true });
    expect(table.Parameters).toMatchObject({
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'skip.header.line.count': '1',
      'storage.location.template': inBucket(bucketId, '/AWSLogs/${aws_account_id}/vpcflowlogs/${aws_region}/${year}/${month}/${day}/${hour}'),
    });
  });

  test('Parquet, Hive layout and hourly partitions: exact projection parameters, Parquet formats, no header to skip', () => {
    const { table, bucketId } = withQueries(
      { fileFormat: ec2.FlowLogFileFormat.PARQUET, hiveCompatiblePartitions: true, perHourPartition: true }, undefined, { firstYear: 2024 });
    expect(table.PartitionKeys).toEqual(['aws_account_id', 'aws_region', 'year', 'month', 'day', 'hour'].map((Name) => ({ Name, Type: 'string' })));
    expect(table.Parameters).toEqual({
      'EXTERNAL': 'TRUE',
      'classification': 'parquet',
      'projection.enabled': 'true',
      'projection.aws_account_id.type': 'enum',
      'projection.aws_account_id.values': ACCOUNT,
      'projection.aws_region.type': 'enum',
      'projection.aws_region.values': REGION,
      'projection.year.type': 'integer',
      'projection.year.range': '2024,2100',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template': inBucket(bucketId,
        '/AWSLogs/aws-account-id=${aws_account_id}/aws-service=vpcflowlogs/aws-region=${aws_region}/year=${year}/month=${month}/day=${day}/hour=${hour}'),
    });
    expect(table.StorageDescriptor).toEqual({
      Columns: expect.any(Array),
      Location: inBucket(bucketId, '/AWSLogs/'),
      InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    });
  });

  test('the table is an external table in the account\'s catalog and the database, created after the database', () => {
    const { template } = withQueries({}, undefined, { databaseName: 'net_flows', tableName: 'records' });
    const databaseId = logicalIdByPath(template, 'AWS::Glue::Database', 'FlowLogs/Queries/Database');
    expect(onlyResource(template, 'AWS::Glue::Database').resource.Properties).toEqual({
      CatalogId: ACCOUNT,
      DatabaseInput: { Name: 'net_flows', Description: 'VPC flow logs of Stack/FlowLogs' },
    });
    const { resource } = onlyResource(template, 'AWS::Glue::Table');
    expect(resource.DependsOn).toEqual([databaseId]);
    expect(resource.Properties.CatalogId).toBe(ACCOUNT);
    expect(resource.Properties.DatabaseName).toBe('net_flows');
    expect(resource.Properties.TableInput).toMatchObject({ Name: 'records', TableType: 'EXTERNAL_TABLE' });
  });
});

describe('partition keys never repeat a column (Athena rejects such a table)', () => {
  const LAYOUTS = [false, true].flatMap((hive) => [false, true].map((perHour) => ({ hive, perHour })));
  /** The table's columns and partition keys, built directly (no VPC, no synth), or the error building it threw. */
  const tableOf = (fieldNames: string[], layout: { hive: boolean; perHour: boolean }, transitGateway = false) => {
    const stack = newStack();
    const queries = new FlowLogQueries(stack, 'Queries', {
      bucket: new s3.Bucket(stack, 'Bucket'),
      format: FlowLogFormat.custom(fieldNames.map((n) => `\${${n}}`).join(' ')),
      hiveCompatiblePartitions: layout.hive,
      perHourPartition: layout.perHour,
      transitGateway,
      databaseName: 'flows',
    });
    const input = stack.resolve((queries.node.findChild('Table') as glue.CfnTable).tableInput);
    return { columns: input.storageDescriptor.columns.map((c: any) => c.name), partitions: input.partitionKeys.map((p: any) => p.name) };
  };

  test.each(LAYOUTS)('no field the library knows is named like a partition key (hive $hive, hourly $perHour)', (layout) => {
    const vpc = tableOf(FlowLogField.all().filter((f) => f.vpcTargets).map((f) => f.name), layout);
    const tgw = tableOf(FlowLogField.all().filter((f) => f.transitGatewayTargets).map((f) => f.name), layout, true);
    expect(vpc.partitions).toEqual(['aws_account_id', 'aws_region', 'year', 'month', 'day', ...layout.perHour ? ['hour'] : []]);
    expect(vpc.columns).toContain('region');
    expect(tgw.columns).toContain('region');
    expect(vpc.columns.filter((c: string) => vpc.partitions.includes(c))).toEqual([]);
    expect(tgw.columns.filter((c: string) => tgw.partitions.includes(c))).toEqual([]);
  });

  test('any format of known fields and arbitrary names, in any layout: columns and partition keys are disjoint, or logFormat is rejected', () => {
    const known = FlowLogField.all().map((f) => f.name);
    const partitionLike = ['aws-account-id', 'aws-region', 'year', 'month', 'day', 'hour', 'account', 'region'];
    const name = fc.oneof(fc.constantFrom(...known, ...partitionLike), fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}$/));
    fc.assert(fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 10 }), fc.constantFrom(...LAYOUTS), fc.boolean(),
      (names, layout, transitGateway) => {
        // Each kind of flow log takes its own fields; the rest are rejected before the table (a row of bad-inputs).
        const fields = names.filter((n) => FlowLogField.of(n).acceptedBy(transitGateway ? 'TransitGateway' : 'VPC'));
        fc.pre(fields.length > 0);
        const partitions = tableOf(['srcaddr'], layout, transitGateway).partitions;
        const clashes = fields.filter((f) => partitions.includes(f.replace(/-/g, '_')));
        if (clashes.length > 0) {
          expect(() => tableOf(fields, layout, transitGateway)).toThrow(
            `logFormat has fields whose columns would repeat the query table's partition keys (${partitions.join(', ')}), which Athena rejects: `
            + `got [${clashes.map((c) => `'${c}'`).join(', ')}].`);
        } else {
          const table = tableOf(fields, layout, transitGateway);
          expect(table.columns).toEqual(fields.map((f) => f.replace(/-/g, '_')));
          expect(table.columns.filter((c: string) => table.partitions.includes(c))).toEqual([]);
        }
      }));
  });
});

describe('workgroup and reports', () => {
  test('results go to athena-results/ in the archive bucket, encrypted with its key; configuration enforced, metrics published, scan limit applied', () => {
    const { template, bucketId } = withQueries({}, undefined, { bytesScannedCutoffPerQuery: Size.gibibytes(10) });
    const keyId = logicalIdByPath(template, 'AWS::KMS::Key', 'ArchiveBucket/Key/');
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'stack_flowlogs',
      WorkGroupConfiguration: Match.exact({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10737418240,
        ResultConfiguration: {
          OutputLocation: inBucket(bucketId, '/athena-results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        },
      }),
    });
  });

  test('results in a given bucket without a KMS key are encrypted with SSE_S3', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'B', { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true });
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.s3({ bucket })], alarms: { enabled: false },
    });
    archive.addQueries();
    const template = Template.fromStack(stack);
    const bucketId = logicalIdByPath(template, 'AWS::S3::Bucket', 'Stack/B/');
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.exact({
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        ResultConfiguration: {
          OutputLocation: inBucket(bucketId, '/athena-results/'),
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        },
      }),
    });
  });

  test('saved queries are named after the database, in its workgroup, one per report', () => {
    const { template } = withQueries({}, undefined, { databaseName: 'net_flows' });
    const tableId = logicalIdByPath(template, 'AWS::Glue::Table', 'FlowLogs/Queries/Table');
    const workGroupId = logicalIdByPath(template, 'AWS::Athena::WorkGroup', 'FlowLogs/Queries/WorkGroup');
    template.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'net_flows' });
    const saved = Object.values(template.findResources('AWS::Athena::NamedQuery')).map((q: any) => {
      const { QueryString, ...properties } = q.Properties;
      expect(QueryString).toContain('FROM "net_flows"."vpc_flow_logs"');
      expect([...q.DependsOn].sort()).toEqual([tableId, workGroupId].sort());
      return properties;
    });
    const report = (name: string) => ({ Name: `net_flows: ${name}`, Database: 'net_flows', WorkGroup: 'net_flows', Description: expect.any(String) });
    expect(saved).toEqual([
      report('top talkers by bytes'), report('rejected traffic by source'), report('traffic by destination port'),
      report('flows to and from the internet'), report('volume per network interface'), report('last hour summary'),
    ]);
  });

  test('descriptions of the database, table, workgroup and saved queries', () => {
    const { template } = withQueries();
    const descriptions = (type: string, of: (properties: any) => string) =>
      Object.values(template.findResources(type)).map((r: any) => of(r.Properties));
    expect(descriptions('AWS::Glue::Database', (p) => p.DatabaseInput.Description)).toEqual(['VPC flow logs of Stack/FlowLogs']);
    expect(descriptions('AWS::Glue::Table', (p) => p.TableInput.Description)).toEqual(['VPC flow-log records (plain text, default layout)']);
    expect(descriptions('AWS::Athena::WorkGroup', (p) => p.Description)).toEqual(['Queries of the VPC flow logs of Stack/FlowLogs']);
    expect(descriptions('AWS::Athena::NamedQuery', (p) => p.Description)).toEqual([
      'The 25 source/destination pairs that moved the most bytes today.',
      'Sources whose packets security groups or network ACLs rejected most today.',
      'Bytes per destination port and protocol today.',
      'Today\'s flows with a public address on either side, by bytes.',
      'Bytes and packets per network interface today.',
      'Flows, bytes and rejected flows of the last hour, per action.',
    ]);
    const parquetHive = withQueries({ fileFormat: ec2.FlowLogFileFormat.PARQUET, hiveCompatiblePartitions: true }).table;
    expect(parquetHive.Description).toBe('VPC flow-log records (Parquet, Hive layout)');
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
      { Name: 'packets_lost_no_route', Type: 'bigint' }, { Name: 'bytes', Type: 'bigint' }, { Name: 'protocol', Type: 'bigint' },
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
      'addQueries\\(\\) reads the records of VPC flow logs, but this archive also logs transit gateways, whose records have other fields in the same folder'));
  });

  test('VPCs and transit gateways with one custom format both accept: no warning', () => {
    const { stack, columns } = tableOf([], FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.BYTES));
    expect(columns).toEqual(['srcaddr', 'dstaddr', 'bytes']);
    Annotations.fromStack(stack).hasNoWarning('/Stack/FlowLogs', Match.anyValue());
  });
});
