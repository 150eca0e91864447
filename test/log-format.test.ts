import * as fs from 'fs';
import * as path from 'path';
import { Lazy } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { FlowLogArchive, FlowLogField, FlowLogFormat, FlowLogParquetType, FlowLogTarget } from '../src';
import { newStack, newVpc } from './support/fixtures';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', 'records', name), 'utf-8').trim().split('\n');

const V2 = ['version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'action', 'log-status'];

describe('FlowLogField', () => {
  test('constants carry name, version and which flow logs accept them', () => {
    expect([FlowLogField.SRCADDR.name, FlowLogField.SRCADDR.version]).toEqual(['srcaddr', 2]);
    expect([FlowLogField.TRAFFIC_PATH.version, FlowLogField.ECS_TASK_ID.version, FlowLogField.REJECT_REASON.version]).toEqual([5, 7, 8]);
    expect([FlowLogField.INSTANCE_ID.vpcTargets, FlowLogField.INSTANCE_ID.transitGatewayTargets]).toEqual([true, false]);
    expect([FlowLogField.TGW_ID.vpcTargets, FlowLogField.TGW_ID.transitGatewayTargets]).toEqual([false, true]);
    expect([FlowLogField.BYTES.vpcTargets, FlowLogField.BYTES.transitGatewayTargets]).toEqual([true, true]);
    expect(FlowLogField.PKT_DSTADDR.toString()).toBe('${pkt-dstaddr}');
  });

  test('fields per version', () => {
    const count = (v: number) => FlowLogField.all().filter((f) => f.version === v).length;
    // Version 11: six fields, and the six EC2 tag fields (instance-tag, interface-tag, asg-tag and their -2 twins).
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map(count)).toEqual([14, 7, 4, 4, 18, 10, 1, 1, 1, 12]);
    expect(new Set(FlowLogField.all().map((f) => f.name)).size).toBe(FlowLogField.all().length);
  });

  test('the fields after version 8, in the VPC guide\'s order, for VPC-family flow logs only', () => {
    const newer = FlowLogField.all().filter((f) => f.version > 8);
    expect(newer.map((f) => [f.name, f.version])).toEqual([
      ['resource-id', 9], ['encryption-status', 10], ['interface-type', 11], ['next-hop-interface-id', 11], ['next-hop-subnet-id', 11],
      ['next-hop-az-id', 11], ['next-hop-vpc-id', 11], ['next-hop-interface-type', 11],
      ['instance-tag', 11], ['instance-tag-2', 11], ['interface-tag', 11], ['interface-tag-2', 11], ['asg-tag', 11], ['asg-tag-2', 11],
    ]);
    expect(newer.filter((f) => !f.vpcTargets || f.transitGatewayTargets)).toEqual([]);
    expect(FlowLogField.all().slice(-newer.length)).toEqual(newer);
  });

  test('Parquet types as the guides list them; protocol differs between VPCs (INT_32) and transit gateways (INT_64)', () => {
    const { STRING, INT_32, INT_64 } = FlowLogParquetType;
    const vpc = (type: FlowLogParquetType) => FlowLogField.all().filter((f) => f.parquetType === type).map((f) => f.name);
    const tgw = (type: FlowLogParquetType) => FlowLogField.all().filter((f) => f.transitGatewayParquetType === type).map((f) => f.name);
    expect(vpc(INT_32)).toEqual(['version', 'srcport', 'dstport', 'protocol', 'tcp-flags', 'traffic-path', 'encryption-status']);
    expect(vpc(INT_64)).toEqual(['packets', 'bytes', 'start', 'end']);
    expect(tgw(INT_32)).toEqual(['version', 'srcport', 'dstport', 'tcp-flags']);
    expect(tgw(INT_64)).toEqual(['protocol', 'packets', 'bytes', 'start', 'end', 'packets-lost-no-route', 'packets-lost-blackhole',
      'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired']);
    expect([FlowLogField.PROTOCOL.parquetTypeFor('Subnet'), FlowLogField.PROTOCOL.parquetTypeFor('TransitGatewayAttachment')]).toEqual([INT_32, INT_64]);
    // Every field a kind accepts has a type for it, and only those.
    expect(FlowLogField.all().filter((f) => (f.parquetType !== undefined) !== f.vpcTargets)).toEqual([]);
    expect(FlowLogField.all().filter((f) => (f.transitGatewayParquetType !== undefined) !== f.transitGatewayTargets)).toEqual([]);
    expect(vpc(STRING)).toContain('ecs-task-arn');
    expect(tgw(STRING)).toContain('tgw-id');
  });

  test('of() returns the constant for a known name, and an unknown field, with no Parquet type, for a newer one', () => {
    expect(FlowLogField.of('srcaddr')).toBe(FlowLogField.SRCADDR);
    expect(FlowLogField.of('encryption-status')).toBe(FlowLogField.ENCRYPTION_STATUS);
    const newer = FlowLogField.of('future-field');
    expect([newer.name, newer.version, newer.known, newer.vpcTargets, newer.transitGatewayTargets])
      .toEqual(['future-field', 0, false, true, true]);
    expect([newer.parquetType, newer.transitGatewayParquetType]).toEqual([undefined, undefined]);
  });
});

describe('presets', () => {
  test('DEFAULT is the 14 version-2 fields in AWS order', () => {
    expect(FlowLogFormat.DEFAULT.fieldNames).toEqual(V2);
    expect(FlowLogFormat.DEFAULT.isDefault).toBe(true);
    expect(FlowLogFormat.DEFAULT.toString()).toBe(V2.map((n) => `\${${n}}`).join(' '));
  });

  test('SECURITY is DEFAULT plus the fields security teams ask for', () => {
    expect(FlowLogFormat.SECURITY.fieldNames).toEqual([...V2, 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr',
      'pkt-dstaddr', 'flow-direction', 'traffic-path', 'pkt-src-aws-service', 'pkt-dst-aws-service']);
    expect(FlowLogFormat.SECURITY.isDefault).toBe(false);
  });

  test('ALL_FIELDS resolves per kind of flow log', () => {
    const vpc = FlowLogFormat.ALL_FIELDS.forResourceType('VPC').fieldNames;
    const tgw = FlowLogFormat.ALL_FIELDS.forResourceType('TransitGateway').fieldNames;
    expect(vpc).toContain('instance-id');
    expect(vpc).not.toContain('tgw-id');
    expect(tgw).toContain('tgw-id');
    expect(tgw).not.toContain('instance-id');
    // Every VPC field but the six EC2 tag fields, which need tag keys (withTagKeys).
    expect(vpc).toHaveLength(FlowLogField.all().filter((f) => f.vpcTargets).length - 6);
    expect(vpc.filter((name) => name.includes('-tag'))).toEqual([]);
    expect(vpc.slice(-3)).toEqual(['next-hop-az-id', 'next-hop-vpc-id', 'next-hop-interface-type']);
  });

  test('allFieldsUpToVersion(8) is ALL_FIELDS as it was before versions 9 to 11, so pinning it keeps deployed flow logs', () => {
    const before = [...V2, 'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr', 'region', 'az-id',
      'sublocation-type', 'sublocation-id', 'pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path',
      'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn', 'ecs-container-instance-id', 'ecs-container-id',
      'ecs-second-container-id', 'ecs-service-name', 'ecs-task-definition-arn', 'ecs-task-arn', 'ecs-task-id', 'reject-reason'];
    const pinned = FlowLogFormat.allFieldsUpToVersion(8);
    expect(pinned.fieldNames).toEqual(before);
    expect(pinned.forResourceType('VPC').fieldNames).toEqual(before);
    expect(FlowLogFormat.allFieldsUpToVersion(11).forResourceType('Subnet').fieldNames).toEqual(FlowLogFormat.ALL_FIELDS.fieldNames);
    expect(FlowLogFormat.allFieldsUpToVersion(3).forResourceType('TransitGateway').fieldNames).toEqual(
      ['version', 'account-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'log-status',
        'tcp-flags', 'type']);
    expect(FlowLogFormat.allFieldsUpToVersion(2).isDefault).toBe(true);
  });

  test('DEFAULT for transit gateways is their own default format, still written as no LogFormat', () => {
    const tgw = FlowLogFormat.DEFAULT.forResourceType('TransitGatewayAttachment');
    expect(tgw.fieldNames.slice(0, 5)).toEqual(['version', 'resource-type', 'account-id', 'tgw-id', 'tgw-attachment-id']);
    expect(tgw.fieldNames).toHaveLength(36);
    // AWS's default for transit gateways: every field of versions 2 to 6 they accept, in the TGW guide's own order.
    expect([...tgw.fieldNames].sort()).toEqual(FlowLogField.all().filter((f) => f.transitGatewayTargets && f.version <= 6).map((f) => f.name).sort());
    expect(tgw.isDefault).toBe(true);
  });
});

describe('custom formats', () => {
  test('fields() and custom() give the same format, and toString round-trips', () => {
    const a = FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.BYTES);
    const b = FlowLogFormat.custom('${srcaddr} ${dstaddr} ${bytes}');
    expect(a.fieldNames).toEqual(b.fieldNames);
    expect(FlowLogFormat.custom(a.toString()).fieldNames).toEqual(a.fieldNames);
  });

  test('a custom format equal to the default is the default', () => {
    expect(FlowLogFormat.custom(FlowLogFormat.DEFAULT.toString()).isDefault).toBe(true);
  });

  test('unknown field names are kept and listed', () => {
    const format = FlowLogFormat.custom('${srcaddr} ${future-field}');
    expect(format.unknownFieldNames).toEqual(['future-field']);
    expect(format.forResourceType('VPC')).toBe(format);
  });

  test('a field the target does not accept is rejected naming field and target', () => {
    expect(() => FlowLogFormat.SECURITY.forResourceType('VPC')).not.toThrow();
    expect(() => FlowLogFormat.custom('${srcaddr} ${instance-id} ${action}').forResourceType('TransitGateway')).toThrow(
      "logFormat has fields that TransitGateway flow logs do not accept: got ['instance-id', 'action']. Remove instance-id, action, "
      + 'or log this target with a FlowLogArchive of its own and a format for transit gateways.');
  });

  test('a token is passed through unvalidated', () => {
    const format = FlowLogFormat.custom(Lazy.string({ produce: () => 'anything' }));
    expect(format.forResourceType('TransitGateway')).toBe(format);
    expect(() => format.parse('x')).toThrow('this format is a token');
  });
});

describe('parse', () => {
  test('default-format records, including NODATA and SKIPDATA lines', () => {
    const [accept, reject, nodata, skipdata] = fixture('default-format.txt').map((line) => FlowLogFormat.DEFAULT.parse(line));
    expect(accept).toEqual({
      'version': '2',
      'account-id': '123456789012',
      'interface-id': 'eni-0a1b2c3d4e5f60718',
      'srcaddr': '10.0.1.25',
      'dstaddr': '203.0.113.12',
      'srcport': '49152',
      'dstport': '443',
      'protocol': '6',
      'packets': '20',
      'bytes': '4249',
      'start': '1732450000',
      'end': '1732450060',
      'action': 'ACCEPT',
      'log-status': 'OK',
    });
    expect([reject.action, reject.dstport]).toEqual(['REJECT', '22']);
    expect(nodata).toEqual({ 'version': '2', 'account-id': '123456789012', 'interface-id': 'eni-0a1b2c3d4e5f60718', 'start': '1732450060', 'end': '1732450120', 'log-status': 'NODATA' });
    expect(skipdata['log-status']).toBe('SKIPDATA');
    expect(skipdata.srcaddr).toBeUndefined();
  });

  test('SECURITY-format records', () => {
    const [egress, ingress] = fixture('security-format.txt').map((line) => FlowLogFormat.SECURITY.parse(line));
    expect([egress['flow-direction'], egress['traffic-path'], egress['pkt-dst-aws-service'], egress['pkt-src-aws-service']])
      .toEqual(['egress', '8', 'S3', undefined]);
    expect([ingress.action, ingress['tcp-flags'], ingress['traffic-path']]).toEqual(['REJECT', '2', undefined]);
  });

  test('transit-gateway default records', () => {
    const [record] = fixture('transit-gateway-format.txt').map((line) => FlowLogFormat.DEFAULT.forResourceType('TransitGateway').parse(line));
    expect([record['resource-type'], record['tgw-id'], record['packets-lost-no-route'], record.region])
      .toEqual(['VPC', 'tgw-0123456789abcdef0', '0', 'us-east-1']);
  });

  test('a wrong number of values is an error that says both numbers', () => {
    expect(() => FlowLogFormat.DEFAULT.parse('2 123456789012 eni-1')).toThrow(
      "A record of this format has 14 values, but this line has 3: '2 123456789012 eni-1'");
  });

  test('trailing newline and tabs are tolerated', () => {
    expect(FlowLogFormat.custom('${srcaddr} ${dstaddr}').parse('10.0.0.1\t10.0.0.2\n')).toEqual({ srcaddr: '10.0.0.1', dstaddr: '10.0.0.2' });
  });
});

describe('property-based', () => {
  const knownFields = FlowLogField.all();
  const fieldLists = fc.uniqueArray(fc.constantFrom(...knownFields), { minLength: 1, maxLength: knownFields.length });
  const value = fc.oneof(fc.constant('-'), fc.stringMatching(/^[A-Za-z0-9.:_/-]{1,20}$/).filter((v) => v !== '-'));

  test('any valid field list -> format string -> custom() -> parse of a generated record round-trips', () => {
    fc.assert(fc.property(fieldLists, fc.array(value, { minLength: 80, maxLength: 80 }), (fields, values) => {
      const format = FlowLogFormat.custom(FlowLogFormat.fields(...fields).toString());
      expect(format.fieldNames).toEqual(fields.map((f) => f.name));
      const line = fields.map((_, i) => values[i]).join(' ');
      const parsed = format.parse(line);
      fields.forEach((f, i) => expect(parsed[f.name]).toBe(values[i] === '-' ? undefined : values[i]));
    }));
  });

  test('any format with a broken separator or a malformed field is rejected', () => {
    const broken = fc.tuple(fieldLists, fc.constantFrom('  ', '\t', ',', ' , ')).map(([fields, sep]) => fields.map(String).join(sep))
      .filter((s) => s.includes('}') && !/^\$\{[a-z0-9-]+\}( \$\{[a-z0-9-]+\})*$/.test(s));
    fc.assert(fc.property(broken, (format) => {
      expect(() => FlowLogFormat.custom(format)).toThrow(/^logFormat must/);
    }));
    fc.assert(fc.property(fc.stringMatching(/^[A-Z_ ]{1,10}$/), (name) => {
      expect(() => FlowLogFormat.custom(`\${${name}}`)).toThrow(/^logFormat must/);
    }));
  });
});

describe('logFormat on FlowLogArchive', () => {
  function synth(logFormat?: FlowLogFormat, tgw = false) {
    const stack = newStack();
    const targets = tgw ? [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')] : [FlowLogTarget.fromVpc(newVpc(stack))];
    new FlowLogArchive(stack, 'FlowLogs', { targets, logFormat, alarms: { enabled: false } });
    return { stack, template: Template.fromStack(stack) };
  }

  test('the default writes no LogFormat, for VPCs and transit gateways', () => {
    synth().template.hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: Match.absent() });
    synth(FlowLogFormat.DEFAULT, true).template.hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: Match.absent() });
  });

  test('another format is written as LogFormat', () => {
    synth(FlowLogFormat.SECURITY).template.hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: FlowLogFormat.SECURITY.toString() });
    synth(FlowLogFormat.ALL_FIELDS, true).template.hasResourceProperties('AWS::EC2::FlowLog', {
      LogFormat: FlowLogFormat.ALL_FIELDS.forResourceType('TransitGateway').toString(),
    });
  });

  test('unknown fields synthesize with a warning', () => {
    const { stack } = synth(FlowLogFormat.custom('${srcaddr} ${future-field}'));
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp('logFormat has fields this library does not know: future-field'));
  });
});
