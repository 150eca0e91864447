import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { FlowLogArchive, FlowLogArchiveProps, FlowLogDestination, FlowLogField, FlowLogFormat, FlowLogTarget } from '../src';
import { logicalIdByPath, newStack, newVpc } from './support/fixtures';
import { anyRecord, line } from './support/flow-log-records';
import { REPORTS } from '../src/private/athena-reports';
import { INSIGHTS_BODIES, parseCommand } from '../src/private/insights-reports';

function withInsightsQueries(props: Partial<FlowLogArchiveProps> = {}) {
  const stack = newStack();
  const archive = new FlowLogArchive(stack, 'FlowLogs', {
    targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()], alarms: { enabled: false }, ...props,
  });
  const queries = archive.addInsightsQueries();
  return { stack, archive, queries, template: Template.fromStack(stack) };
}

const DEFAULT_PARSE = 'parse @message "* * * * * * * * * * * * * *" as version, account_id, interface_id, srcaddr, dstaddr, srcport, dstport, '
  + 'protocol, packets, bytes, start, end, action, log_status';

describe('the default format', () => {
  const { template, queries } = withInsightsQueries();
  const logGroupId = logicalIdByPath(template, 'AWS::Logs::LogGroup', 'FlowLogs/LogGroup/');

  test('every report of the Athena layer is a query definition on the archive\'s log group, named after the archive', () => {
    expect(Object.keys(queries.queryDefinitions)).toEqual(REPORTS.map((r) => r.id));
    template.resourceCountIs('AWS::Logs::QueryDefinition', REPORTS.length);
    for (const report of REPORTS) {
      template.hasResourceProperties('AWS::Logs::QueryDefinition', {
        Name: `Stack/FlowLogs flow logs: ${report.name}`,
        LogGroupNames: [{ Ref: logGroupId }],
        QueryString: Match.stringLikeRegexp(`^${DEFAULT_PARSE.replace(/[*.]/g, '\\$&')}\n\\| `),
      });
    }
  });

  test('top talkers, rejected traffic by source and flows to and from the internet, exactly', () => {
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'Stack/FlowLogs flow logs: top talkers by bytes',
      QueryString: `${DEFAULT_PARSE}\n| stats sum(bytes) as total_bytes by srcaddr, dstaddr\n| sort total_bytes desc\n| limit 25`,
    });
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'Stack/FlowLogs flow logs: rejected traffic by source',
      QueryString: `${DEFAULT_PARSE}\n| filter action = "REJECT"\n| stats count(*) as flows, sum(packets) as total_packets by srcaddr\n`
        + '| sort total_packets desc\n| limit 50',
    });
    const isPrivate = (f: string) => `(isIpInSubnet(${f}, "10.0.0.0/8") or isIpInSubnet(${f}, "172.16.0.0/12") or isIpInSubnet(${f}, "192.168.0.0/16") `
      + `or isIpInSubnet(${f}, "fc00::/7") or isIpInSubnet(${f}, "fe80::/10"))`;
    template.hasResourceProperties('AWS::Logs::QueryDefinition', {
      Name: 'Stack/FlowLogs flow logs: flows to and from the internet',
      QueryString: `${DEFAULT_PARSE}\n| filter srcaddr != "-" and dstaddr != "-"\n| filter not (${isPrivate('srcaddr')} and ${isPrivate('dstaddr')})\n`
        + '| stats sum(bytes) as total_bytes by srcaddr, dstaddr\n| sort total_bytes desc\n| limit 50',
    });
  });

  test('no query definition is created without addInsightsQueries()', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', { targets: [FlowLogTarget.fromVpc(newVpc(stack))], destinations: [FlowLogDestination.cloudWatchLogs()] });
    Template.fromStack(stack).resourceCountIs('AWS::Logs::QueryDefinition', 0);
  });
});

test('every report of the Athena layer has an Insights translation, and nothing else has one', () => {
  expect(Object.keys(INSIGHTS_BODIES).sort()).toEqual(REPORTS.map((r) => r.id).sort());
});

describe('the parse command reads each record by its format', () => {
  /** Insights' glob: each * any characters, the rest literal, over the whole message. */
  const glob = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('(.*?)')}$`);

  test.each([
    ['DEFAULT', FlowLogFormat.DEFAULT],
    ['SECURITY', FlowLogFormat.SECURITY.forResourceType('VPC')],
    ['ALL_FIELDS', FlowLogFormat.ALL_FIELDS.forResourceType('VPC')],
    ['transit gateways', FlowLogFormat.ALL_FIELDS.forResourceType('TransitGateway')],
    ['a custom order', FlowLogFormat.custom('${dstport} ${pkt-srcaddr} ${action} ${srcaddr}')],
  ])('%s: as many * as names, and each name gets its field', (_name, format) => {
    const command = parseCommand(format);
    const [, pattern, names] = /^parse @message "([^"]*)" as (.*)$/.exec(command)!;
    const aliases = names.split(', ');
    expect(aliases).toEqual(format.fieldNames.map((f) => f.replace(/-/g, '_')));
    expect(pattern.split('*').length - 1).toBe(aliases.length);
    fc.assert(fc.property(anyRecord(format.fieldNames), (record) => {
      const values = glob(pattern).exec(line(format.fieldNames, record))!.slice(1);
      expect(Object.fromEntries(aliases.map((alias, i) => [alias, values[i]])))
        .toEqual(Object.fromEntries(format.fieldNames.map((f) => [f.replace(/-/g, '_'), record[f]])));
    }), { numRuns: 100 });
  });
});

describe('formats without some fields', () => {
  test('only the reports the format allows, and a warning naming the missing fields for each other', () => {
    const logFormat = FlowLogFormat.fields(FlowLogField.SRCADDR, FlowLogField.DSTADDR, FlowLogField.BYTES);
    const { stack, queries } = withInsightsQueries({ logFormat });
    expect(Object.keys(queries.queryDefinitions)).toEqual(['TopTalkers', 'InternetFlows']);
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/FlowLogs/InsightsQueries', Match.anyValue()).map((w) => w.entry.data);
    expect(warnings).toEqual(expect.arrayContaining([
      expect.stringMatching(/^The saved query "rejected traffic by source" was not created: the log format has no action, packets\. .*\[ack: cdk-flow-log-archive:reportRejectedBySource\]$/),
      expect.stringMatching(/^The saved query "traffic by destination port" was not created: the log format has no dstport, protocol\. /),
    ]));
    expect(warnings).toHaveLength(4);
  });

  test('an archive of transit gateways parses their records: no interface or action, so three reports', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', {
      targets: [FlowLogTarget.fromTransitGatewayId('tgw-0123456789abcdef0')], destinations: [FlowLogDestination.cloudWatchLogs()], alarms: { enabled: false },
    });
    const queries = archive.addInsightsQueries();
    expect(Object.keys(queries.queryDefinitions)).toEqual(['TopTalkers', 'TrafficByPort', 'InternetFlows']);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::QueryDefinition', {
      QueryString: Match.stringLikeRegexp('^parse @message "(\\* ){35}\\*" as version, resource_type, account_id, tgw_id, '),
    });
  });
});

test('a long archive name: query names keep 255 characters with a hash', () => {
  const stack = newStack('S'.repeat(130));
  const archive = new FlowLogArchive(stack, 'F'.repeat(130), {
    targets: [FlowLogTarget.fromNetworkInterfaceId('eni-0123456789abcdef0')],
    destinations: [FlowLogDestination.cloudWatchLogs()],
    alarms: { enabled: false },
    flowLogName: 'long',
  });
  const names = Object.values(archive.addInsightsQueries().queryDefinitions).map((q) => q.name);
  expect(names.every((name) => name.length === 255 && / #[0-9a-f]{8}$/.test(name))).toBe(true);
  expect(new Set(names).size).toBe(names.length);
});
