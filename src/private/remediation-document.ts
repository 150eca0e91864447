/**
 * The SSM Automation document FlowLogGuardrail's remediation runs: adds a
 * VPC-level flow log to the central S3 archive for one VPC, unless the VPC
 * has any flow log already or carries the exclusion tag.
 *
 * Why the library writes its own: AWS's runbook AWSSupport-EnableVPCFlowLogs
 * creates flow logs for the resources it is given, and its documentation
 * describes no check for an existing flow log or a tag
 * (https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/automation-aws-enable-vpc-flowlogs.html;
 * no AWSConfigRemediation-* runbook that enables VPC flow logs is listed in
 * that reference), and AWS Config cannot scope a rule to
 * resources *without* a tag (a rule's Scope takes one TagKey/TagValue that
 * resources must have: https://docs.aws.amazon.com/config/latest/APIReference/API_Scope.html).
 *
 * One aws:executeScript step (Python 3.11; AWS asks runbooks to use 3.11 as
 * 3.6 to 3.8 are retired:
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-executeScript.html),
 * so the checks and the creation run in one place, with the automation's
 * assume role. test/guardrail-script.test.ts runs the script under python3
 * with a stand-in for boto3.
 */

/** The tag the remediation puts on the flow logs it creates (also checked by the role's policy). */
export const REMEDIATION_TAG_KEY = 'cdk-flow-log-archive:remediation';

/** The handler of the script step. */
export const SCRIPT_HANDLER = 'handler';

/**
 * The script. Inputs (InputPayload): VpcId, ExcludeTagKey ('' for none),
 * LogDestination (bucket ARN and optional folder), TrafficType,
 * MaxAggregationInterval, TagValue. Returns what it did.
 */
export const REMEDIATION_SCRIPT = `import boto3

TAG_KEY = '${REMEDIATION_TAG_KEY}'


def handler(events, context):
    ec2 = boto3.client('ec2')
    vpc_id = events['VpcId']
    exclude_tag = events.get('ExcludeTagKey') or ''
    vpcs = ec2.describe_vpcs(VpcIds=[vpc_id])['Vpcs']
    if not vpcs:
        return {'Action': 'NONE', 'Reason': 'no such VPC'}
    tag_keys = [tag['Key'] for tag in vpcs[0].get('Tags', [])]
    if exclude_tag and exclude_tag in tag_keys:
        return {'Action': 'NONE', 'Reason': 'the VPC is tagged ' + exclude_tag}
    existing = ec2.describe_flow_logs(Filters=[{'Name': 'resource-id', 'Values': [vpc_id]}])['FlowLogs']
    if existing:
        ids = ', '.join(flow_log['FlowLogId'] for flow_log in existing)
        return {'Action': 'NONE', 'Reason': 'the VPC has flow logs already: ' + ids}
    created = ec2.create_flow_logs(
        ResourceIds=[vpc_id],
        ResourceType='VPC',
        TrafficType=events['TrafficType'],
        LogDestinationType='s3',
        LogDestination=events['LogDestination'],
        MaxAggregationInterval=int(events['MaxAggregationInterval']),
        TagSpecifications=[{'ResourceType': 'vpc-flow-log', 'Tags': [{'Key': TAG_KEY, 'Value': events['TagValue']}]}],
    )
    if created.get('Unsuccessful'):
        raise Exception('CreateFlowLogs failed for ' + vpc_id + ': ' + str(created['Unsuccessful']))
    return {'Action': 'CREATED', 'FlowLogIds': created['FlowLogIds']}
`;

export interface RemediationDocumentOptions {
  readonly logDestination: string;
  readonly trafficType: string;
  readonly maxAggregationInterval: number;
  readonly excludeTagKey?: string;
  readonly tagValue: string;
}

/** The document's content (schema 0.3): parameters VpcId and AutomationAssumeRole, one script step. */
export function remediationDocumentContent(options: RemediationDocumentOptions): Record<string, unknown> {
  return {
    schemaVersion: '0.3',
    description: 'Adds a VPC-level flow log to the central S3 archive for a VPC that has no flow log and not the exclusion tag '
      + '(cdk-flow-log-archive FlowLogGuardrail).',
    assumeRole: '{{ AutomationAssumeRole }}',
    parameters: {
      VpcId: { type: 'String', description: 'The VPC to log.', allowedPattern: '^vpc-([0-9a-f]{8}|[0-9a-f]{17})$' },
      AutomationAssumeRole: { type: 'String', description: 'The role the automation runs with.' },
    },
    mainSteps: [{
      name: 'AddFlowLogUnlessPresent',
      action: 'aws:executeScript',
      timeoutSeconds: 120,
      onFailure: 'Abort',
      inputs: {
        Runtime: 'python3.11',
        Handler: SCRIPT_HANDLER,
        Script: REMEDIATION_SCRIPT,
        InputPayload: {
          VpcId: '{{ VpcId }}',
          ExcludeTagKey: options.excludeTagKey ?? '',
          LogDestination: options.logDestination,
          TrafficType: options.trafficType,
          MaxAggregationInterval: String(options.maxAggregationInterval),
          TagValue: options.tagValue,
        },
      },
      outputs: [{ Name: 'Result', Selector: '$.Payload', Type: 'StringMap' }],
    }],
    outputs: ['AddFlowLogUnlessPresent.Result'],
  };
}
