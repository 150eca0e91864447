/**
 * The remediation's Automation script (src/private/remediation-document.ts),
 * run under python3 with a stand-in for boto3 that records every EC2 call
 * and answers from a fixture: it must never touch a VPC that has a flow log
 * or the exclusion tag, and must create exactly one tagged flow log to the
 * archive otherwise.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REMEDIATION_SCRIPT, REMEDIATION_TAG_KEY, SCRIPT_HANDLER } from '../src/private/remediation-document';

/** Runs the script's handler on `events` against EC2 answers `world`; returns the calls made and the result (or the error). */
function run(events: Record<string, string>, world: { vpcs: any[]; flowLogs: any[]; unsuccessful?: any[] }):
{ calls: Array<[string, any]>; result?: any; error?: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'remediation-'));
  fs.writeFileSync(path.join(dir, 'remediation.py'), REMEDIATION_SCRIPT);
  fs.writeFileSync(path.join(dir, 'boto3.py'), `
import json
CALLS = []
WORLD = json.loads(open(${JSON.stringify(path.join(dir, 'world.json'))}).read())

class _Ec2:
    def describe_vpcs(self, **kwargs):
        CALLS.append(['DescribeVpcs', kwargs])
        return {'Vpcs': [v for v in WORLD['vpcs'] if v['VpcId'] in kwargs['VpcIds']]}

    def describe_flow_logs(self, **kwargs):
        CALLS.append(['DescribeFlowLogs', kwargs])
        ids = [f for filt in kwargs['Filters'] if filt['Name'] == 'resource-id' for f in filt['Values']]
        return {'FlowLogs': [f for f in WORLD['flowLogs'] if f['ResourceId'] in ids]}

    def create_flow_logs(self, **kwargs):
        CALLS.append(['CreateFlowLogs', kwargs])
        if WORLD.get('unsuccessful'):
            return {'FlowLogIds': [], 'Unsuccessful': WORLD['unsuccessful']}
        return {'FlowLogIds': ['fl-0123456789abcdef0'], 'Unsuccessful': []}

def client(name):
    assert name == 'ec2', name
    return _Ec2()
`);
  fs.writeFileSync(path.join(dir, 'world.json'), JSON.stringify(world));
  fs.writeFileSync(path.join(dir, 'main.py'), `
import json, sys
sys.path.insert(0, ${JSON.stringify(dir)})
import boto3, remediation
out = {}
try:
    out['result'] = remediation.${SCRIPT_HANDLER}(json.loads(sys.argv[1]), None)
except Exception as e:
    out['error'] = str(e)
out['calls'] = boto3.CALLS
print(json.dumps(out))
`);
  try {
    return JSON.parse(execFileSync('python3', [path.join(dir, 'main.py'), JSON.stringify(events)], { encoding: 'utf-8' }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const VPC = 'vpc-0123456789abcdef0';
const events = (extra: Record<string, string> = {}) => ({
  VpcId: VPC,
  ExcludeTagKey: 'flow-logs:exempt',
  LogDestination: 'arn:aws:s3:::org-flow-logs/org/',
  TrafficType: 'ALL',
  MaxAggregationInterval: '600',
  TagValue: 'FlowLogGuardrail',
  ...extra,
});
const names = (calls: Array<[string, any]>) => calls.map(([name]) => name);

test('a VPC without flow logs or the tag gets one VPC-level flow log to the archive, tagged', () => {
  const out = run(events(), { vpcs: [{ VpcId: VPC, Tags: [{ Key: 'Name', Value: 'app' }] }], flowLogs: [] });
  expect(out.error).toBeUndefined();
  expect(names(out.calls)).toEqual(['DescribeVpcs', 'DescribeFlowLogs', 'CreateFlowLogs']);
  expect(out.calls[1][1]).toEqual({ Filters: [{ Name: 'resource-id', Values: [VPC] }] });
  expect(out.calls[2][1]).toEqual({
    ResourceIds: [VPC],
    ResourceType: 'VPC',
    TrafficType: 'ALL',
    LogDestinationType: 's3',
    LogDestination: 'arn:aws:s3:::org-flow-logs/org/',
    MaxAggregationInterval: 600,
    TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: [{ Key: REMEDIATION_TAG_KEY, Value: 'FlowLogGuardrail' }] }],
  });
  expect(out.result).toEqual({ Action: 'CREATED', FlowLogIds: ['fl-0123456789abcdef0'] });
});

test('a VPC with any flow log (even one of another traffic type) is never touched', () => {
  const out = run(events(), { vpcs: [{ VpcId: VPC }], flowLogs: [{ FlowLogId: 'fl-0aaaaaaaaaaaaaaaa', ResourceId: VPC, TrafficType: 'REJECT' }] });
  expect(names(out.calls)).toEqual(['DescribeVpcs', 'DescribeFlowLogs']);
  expect(out.result).toEqual({ Action: 'NONE', Reason: 'the VPC has flow logs already: fl-0aaaaaaaaaaaaaaaa' });
});

test('a VPC with the exclusion tag (any value) is never touched, not even looked up for flow logs', () => {
  const out = run(events(), { vpcs: [{ VpcId: VPC, Tags: [{ Key: 'flow-logs:exempt', Value: '' }] }], flowLogs: [] });
  expect(names(out.calls)).toEqual(['DescribeVpcs']);
  expect(out.result).toEqual({ Action: 'NONE', Reason: 'the VPC is tagged flow-logs:exempt' });
});

test('without an exclusion tag configured, a tagged VPC is logged', () => {
  const out = run(events({ ExcludeTagKey: '' }), { vpcs: [{ VpcId: VPC, Tags: [{ Key: 'flow-logs:exempt', Value: 'x' }] }], flowLogs: [] });
  expect(names(out.calls)).toEqual(['DescribeVpcs', 'DescribeFlowLogs', 'CreateFlowLogs']);
});

test('a flow log of another VPC does not count', () => {
  const out = run(events(), { vpcs: [{ VpcId: VPC }], flowLogs: [{ FlowLogId: 'fl-0bbbbbbbbbbbbbbbb', ResourceId: 'vpc-0fedcba9876543210' }] });
  expect(names(out.calls)).toContain('CreateFlowLogs');
});

test('a VPC that no longer exists: nothing done', () => {
  const out = run(events(), { vpcs: [], flowLogs: [] });
  expect(names(out.calls)).toEqual(['DescribeVpcs']);
  expect(out.result).toEqual({ Action: 'NONE', Reason: 'no such VPC' });
});

test('a creation EC2 reports unsuccessful fails the step (Config retries it)', () => {
  const out = run(events(), {
    vpcs: [{ VpcId: VPC }], flowLogs: [], unsuccessful: [{ ResourceId: VPC, Error: { Code: 'AccessDenied', Message: 'no bucket access' } }],
  });
  expect(out.result).toBeUndefined();
  expect(out.error).toMatch(/^CreateFlowLogs failed for vpc-0123456789abcdef0: .*AccessDenied/);
});
