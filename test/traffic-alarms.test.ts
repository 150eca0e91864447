import { CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  FlowLogArchive, FlowLogArchiveProps, FlowLogDestination, FlowLogField, FlowLogFormat, FlowLogTarget, TrafficCondition, TrafficMatch,
} from '../src';
import { logicalIdByPath, newStack, newVpc } from './support/fixtures';
import { trafficAlarmDescription } from '../src/private/traffic-alarm-spec';

const TGW = 'tgw-0123456789abcdef0';

function cloudWatchArchive(props: Partial<FlowLogArchiveProps> = {}, stack: Stack = newStack()) {
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()], ...props,
  });
  return { stack, archive };
}

describe('addTrafficAlarm with a preset and every default', () => {
  const { stack, archive } = cloudWatchArchive();
  const alarm = archive.addTrafficAlarm('Ssh', { match: TrafficMatch.remoteAdministrationFromPublicAddresses() });
  const template = Template.fromStack(stack);
  const logGroupId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/');
  const topicId = logicalIdByPath(template, 'AWS::SNS::Topic', 'FlowLogs/AlarmTopic/');

  test('a metric filter on the archive\'s log group counts each matching record once in CdkFlowLogArchive, 0 when records match nothing', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: alarm.filterPattern,
      MetricTransformations: [{
        MetricNamespace: 'CdkFlowLogArchive',
        MetricName: 'Traffic/Stack/FlowLogs/Ssh',
        MetricValue: '1',
        DefaultValue: 0,
        Unit: 'Count',
      }],
    });
    expect(alarm.filterPattern).toMatch(/^\[version, account_id, interface_id, srcaddr!=10\.\* && .* dstport=22 \|\| dstport=3389, \.\.\.\]$/);
    expect(alarm.metricFilter.node.path).toBe('Stack/FlowLogs/TrafficAlarms/Ssh/MetricFilter');
  });

  test('an alarm on that metric: Sum over 5 minutes >= 1, one period, no data is no traffic, to the archive\'s topic on ALARM and OK', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: SSH or RDP from public addresses (Ssh)',
      Namespace: 'CdkFlowLogArchive',
      MetricName: 'Traffic/Stack/FlowLogs/Ssh',
      Dimensions: Match.absent(),
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
      OKActions: [{ Ref: topicId }],
    });
    expect(alarm.metric.namespace).toBe('CdkFlowLogArchive');
    expect(alarm.metric.metricName).toBe('Traffic/Stack/FlowLogs/Ssh');
  });

  test('the description says what matched, where, and what to check first', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: Match.stringLikeRegexp('\\(Ssh\\)$'),
      AlarmDescription: {
        'Fn::Join': ['', [
          'A flow-log record matched SSH or RDP from public addresses within 5 minutes (FlowLogArchive Stack/FlowLogs, log group ',
          { Ref: logGroupId },
          '). Matched: dstport is 22 or 3389; srcaddr is outside the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7, '
          + 'fe80::/10. Check first: the source addresses and whether the flows were ACCEPTed; then any security group or network ACL '
          + 'rule that allows port 22 or 3389 from 0.0.0.0/0 or ::/0. Prefer Session Manager to open administration ports.',
        ]],
      },
    });
  });

  test('the delivery alarms are unchanged: the traffic alarm is not one of archive.alarms', () => {
    expect(archive.alarms).not.toContain(alarm.alarm);
    template.resourceCountIs('AWS::CloudWatch::Alarm', archive.alarms.length + 1);
  });
});

describe('addTrafficAlarm options', () => {
  test('threshold, period, topic and checkFirst are the alarm\'s', () => {
    const { stack, archive } = cloudWatchArchive();
    const topic = new sns.Topic(stack, 'OnCall');
    archive.addTrafficAlarm('Rejected', {
      match: TrafficMatch.rejected(), threshold: 500, period: Duration.minutes(15), topic, checkFirst: 'the firewall team\'s change log.',
    });
    const template = Template.fromStack(stack);
    const onCall = logicalIdByPath(template, 'AWS::SNS::Topic', 'Stack/OnCall/');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: rejected traffic (Rejected)',
      Threshold: 500,
      Period: 900,
      AlarmActions: [{ Ref: onCall }],
      OKActions: [{ Ref: onCall }],
      AlarmDescription: {
        'Fn::Join': ['', [
          '500 or more flow-log records matched rejected traffic within 15 minutes (FlowLogArchive Stack/FlowLogs, log group ',
          Match.anyValue(), '). Matched: action is REJECT. Check first: the firewall team\'s change log.',
        ]],
      },
    });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action="REJECT", ...]',
    });
  });

  test('with the archive\'s alarms off, a topic of your own is enough', () => {
    const { stack, archive } = cloudWatchArchive({ alarms: { enabled: false } });
    archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]), topic: new sns.Topic(stack, 'OnCall') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Stack/FlowLogs flow logs: traffic to port 23 (Telnet)',
      AlarmActions: [{ Ref: logicalIdByPath(template, 'AWS::SNS::Topic', 'Stack/OnCall/') }],
    });
  });

  test('several alarms: one metric filter and one metric each, named after the alarm', () => {
    const { stack, archive } = cloudWatchArchive();
    archive.addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
    archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]) });
    const filters = Template.fromStack(stack).findResources('AWS::Logs::MetricFilter');
    expect(Object.values(filters).map((f: any) => f.Properties.MetricTransformations[0].MetricName).sort())
      .toEqual(['Traffic/Stack/FlowLogs/Rejected', 'Traffic/Stack/FlowLogs/Telnet']);
  });

  test('the archive\'s format decides the pattern: SECURITY, a custom order', () => {
    const security = cloudWatchArchive({ logFormat: FlowLogFormat.SECURITY }).archive
      .addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
    expect(security.filterPattern).toBe('[version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, '
      + 'start, end, action="REJECT", ...]');
    const custom = cloudWatchArchive({ logFormat: FlowLogFormat.custom('${action} ${srcaddr} ${dstport}') }).archive
      .addTrafficAlarm('Rejected', { match: TrafficMatch.rejected().and(TrafficCondition.numberIn(FlowLogField.DSTPORT, [22])) });
    expect(custom.filterPattern).toBe('[action="REJECT", srcaddr, dstport=22]');
  });

  test('the first CloudWatch Logs destination\'s log group is the one watched', () => {
    const stack = newStack();
    const { archive } = cloudWatchArchive({ destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()] }, stack);
    archive.addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/') },
    });
  });
});

describe('transit gateways', () => {
  test('an archive of transit gateways reads their records', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId(TGW)], destinations: [FlowLogDestination.cloudWatchLogs()],
    });
    const alarm = archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]) });
    expect(alarm.filterPattern).toMatch(/^\[version, resource_type, account_id, tgw_id, .*, srcaddr, dstaddr, srcport, dstport=23, \.\.\.\]$/);
  });

  test('an archive of VPCs and transit gateways reads VPC records and warns', () => {
    const { stack, archive } = cloudWatchArchive();
    archive.addTarget(FlowLogTarget.fromTransitGatewayId(TGW));
    const alarm = archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]) });
    expect(alarm.filterPattern).toMatch(/^\[version, account_id, interface_id, /);
    Annotations.fromStack(stack).hasWarning('/Stack/FlowLogs', Match.stringLikeRegexp(
      '^addTrafficAlarm\\(\\) reads the records of VPC flow logs, but this archive also logs transit gateways, whose records have other fields'));
  });

  test('the same format for both kinds: no warning', () => {
    const { stack, archive } = cloudWatchArchive({ logFormat: FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTPORT) });
    archive.addTarget(FlowLogTarget.fromTransitGatewayId(TGW));
    archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]) });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('names and descriptions within CloudWatch\'s limits', () => {
  const many = TrafficMatch.where(...Array.from({ length: 12 }, (_, i) => TrafficCondition.inCidr(FlowLogField.DSTADDR, `10.${i}.0.0/16`)));

  test('a description over 1,024 characters shortens the list of conditions, keeping what to check, with room for the log group name', () => {
    const stack = newStack();
    const { archive } = cloudWatchArchive({}, stack);
    const long = TrafficMatch.where(TrafficCondition.anyOf(FlowLogField.ACCOUNT_ID, Array.from({ length: 20 }, (_, i) => String(100000000000 + i))));
    const alarm = archive.addTrafficAlarm('Long', { match: long });
    const logicalId = stack.getLogicalId(alarm.alarm.node.defaultChild as CfnElement);
    const description: string[] = Template.fromStack(stack).toJSON().Resources[logicalId].Properties.AlarmDescription['Fn::Join'][1];
    const [lead, , rest] = description;
    expect(lead.length + 512 + rest.length).toBeLessThanOrEqual(1024);
    expect(rest).toMatch(/…\. Check first: the matching records \(CloudWatch Logs Insights on the log group\), then recent changes/);
  });

  test('descriptions of literal names are cut at exactly 1,024 characters; short ones are left alone', () => {
    const text = {
      archiveName: 'Stack/FlowLogs',
      id: 'Many',
      matchName: many.name,
      summaries: many.conditions.map((c) => c.summary),
      checkFirst: 'x'.repeat(900),
      threshold: 1,
      period: Duration.minutes(5),
      logGroupName: 'flow-logs',
    };
    expect(trafficAlarmDescription(text)).toHaveLength(1024);
    expect(trafficAlarmDescription(text).endsWith('…')).toBe(true);
    const short = trafficAlarmDescription({ ...text, checkFirst: 'the log.' });
    expect(short.length).toBeLessThan(1024);
    expect(short.endsWith('Check first: the log.')).toBe(true);
  });

  test('a long archive name: the alarm name keeps 255 characters with a hash, the metric name too', () => {
    const stack = newStack('S'.repeat(120));
    const archive = new FlowLogArchive(new ec2.Vpc(stack, 'V'.repeat(100), { maxAzs: 1, natGateways: 0 }), 'A'.repeat(100), {
      targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0123456789abcdef0')],
      destinations: [FlowLogDestination.cloudWatchLogs()],
      flowLogName: 'long',
    });
    const alarm = archive.addTrafficAlarm('Rejected', { match: TrafficMatch.rejected() });
    const props = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'CdkFlowLogArchive', MetricName: Match.stringLikeRegexp('^Traffic/') } });
    const [resource] = Object.values(props) as any[];
    expect(resource.Properties.AlarmName).toHaveLength(255);
    expect(resource.Properties.AlarmName).toMatch(/ #[0-9a-f]{8}$/);
    expect(alarm.metric.metricName).toHaveLength(255);
    expect(alarm.metric.metricName).toMatch(/^Traffic\/S+\/V+\/A+ #[0-9a-f]{8}$/);
    // The hash is of the whole name, so two alarms of one archive keep two metrics.
    expect(archive.addTrafficAlarm('Telnet', { match: TrafficMatch.toPorts([23]) }).metric.metricName).not.toBe(alarm.metric.metricName);
  });
});
