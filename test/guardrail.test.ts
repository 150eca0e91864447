import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { FlowLogGuardrail, FlowLogGuardrailProps, FlowLogGuardrailStackSet, FlowLogProtectionPolicy, StackSetCaller } from '../src';
import { newStack, onlyResource } from './support/fixtures';
import { REMEDIATION_SCRIPT } from '../src/private/remediation-document';

const BUCKET = 'arn:aws:s3:::org-flow-logs';

function guardrail(props: Partial<FlowLogGuardrailProps> = {}): { stack: Stack; template: Template } {
  const stack = newStack();
  new FlowLogGuardrail(stack, 'Guardrail', { destinationBucketArn: BUCKET, ...props });
  return { stack, template: Template.fromStack(stack) };
}

const documentOf = (template: Template) => onlyResource(template, 'AWS::SSM::Document').resource.Properties;

describe('FlowLogGuardrail', () => {
  test('the AWS Config managed rule vpc-flow-logs-enabled, with the traffic type asked for', () => {
    const { template } = guardrail();
    template.resourceCountIs('AWS::Config::ConfigRule', 1);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' },
      InputParameters: { trafficType: 'ALL' },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      Description: 'Checks that every VPC has a flow log of traffic type ALL (cdk-flow-log-archive FlowLogGuardrail).',
    });
  });

  test('trafficType and maximumExecutionFrequency reach the rule; trafficType and the interval reach the flow logs added', () => {
    const { template } = guardrail({
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.ONE_MINUTE,
      maximumExecutionFrequency: config.MaximumExecutionFrequency.ONE_HOUR,
    });
    template.hasResourceProperties('AWS::Config::ConfigRule', { InputParameters: { trafficType: 'REJECT' }, MaximumExecutionFrequency: 'One_Hour' });
    expect(documentOf(template).Content.mainSteps[0].inputs.InputPayload).toEqual(expect.objectContaining({
      TrafficType: 'REJECT', MaxAggregationInterval: '60',
    }));
  });

  test('the remediation runs the document for each NON_COMPLIANT VPC, with the role, automatically and with retries', () => {
    const { stack, template } = guardrail();
    const g = stack.node.findChild('Guardrail') as FlowLogGuardrail;
    const { resource } = onlyResource(template, 'AWS::Config::RemediationConfiguration');
    expect(resource.Properties).toEqual({
      ConfigRuleName: { Ref: stack.getLogicalId(g.rule.node.defaultChild as config.CfnConfigRule) },
      TargetType: 'SSM_DOCUMENT',
      TargetId: { Ref: stack.getLogicalId(g.document) },
      Automatic: true,
      MaximumAutomaticAttempts: 5,
      RetryAttemptSeconds: 60,
      Parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [{ 'Fn::GetAtt': [stack.getLogicalId(g.remediationRole.node.defaultChild as any), 'Arn'] }] } },
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
    });
    // Config runs the remediation only once the role may do its work.
    expect(resource.DependsOn).toEqual([expect.stringMatching(/^GuardrailRemediationPolicy/)]);
  });

  test('automaticRemediation: false leaves the remediation to be run by hand', () => {
    guardrail({ automaticRemediation: false }).template.hasResourceProperties('AWS::Config::RemediationConfiguration', { Automatic: false });
  });

  test('the Automation document: schema 0.3, the VPC and the role as parameters, one Python 3.11 script step', () => {
    const { template } = guardrail({ keyPrefix: 'org/vpc', excludeTag: 'flow-logs:exempt' });
    const props = documentOf(template);
    expect(props.DocumentType).toEqual('Automation');
    expect(props.DocumentFormat).toEqual('JSON');
    expect(props.Content).toEqual({
      schemaVersion: '0.3',
      description: expect.stringContaining('no flow log and not the exclusion tag'),
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
          Handler: 'handler',
          Script: REMEDIATION_SCRIPT,
          InputPayload: {
            VpcId: '{{ VpcId }}',
            ExcludeTagKey: 'flow-logs:exempt',
            LogDestination: `${BUCKET}/org/vpc/`,
            TrafficType: 'ALL',
            MaxAggregationInterval: '600',
            TagValue: 'FlowLogGuardrail',
          },
        },
        outputs: [{ Name: 'Result', Selector: '$.Payload', Type: 'StringMap' }],
      }],
      outputs: ['AddFlowLogUnlessPresent.Result'],
    });
  });

  test('without keyPrefix the flow logs write at the bucket root; without excludeTag no VPC is excluded', () => {
    const payload = documentOf(guardrail().template).Content.mainSteps[0].inputs.InputPayload;
    expect(payload.LogDestination).toEqual(BUCKET);
    expect(payload.ExcludeTagKey).toEqual('');
  });

  test('the remediation role: assumed by Systems Manager for this account only; its policy (behaviour in policies.test.ts)', () => {
    const { template } = guardrail({ excludeTag: 'flow-logs:exempt' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ssm.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }],
      },
    });
    const statements = onlyResource(template, 'AWS::IAM::ManagedPolicy').resource.Properties.PolicyDocument.Statement;
    expect(statements.map((s: any) => s.Sid)).toEqual(['FindVpcsAndFlowLogs', 'LogVpcsNotExcluded', 'CreateTaggedFlowLogs', 'TagFlowLogsOnCreation', 'SetUpLogDelivery']);
    expect(statements.flatMap((s: any) => [s.Action].flat())).not.toContain('iam:PassRole');
    expect(statements[1].Condition).toEqual({ Null: { 'aws:ResourceTag/flow-logs:exempt': 'true' } });
    template.resourceCountIs('AWS::IAM::Role', 1);
  });

  test('without excludeTag the VPC statement has no tag condition', () => {
    const statements = onlyResource(guardrail().template, 'AWS::IAM::ManagedPolicy').resource.Properties.PolicyDocument.Statement;
    expect(statements[1].Condition).toBeUndefined();
  });
});

describe('FlowLogGuardrailStackSet', () => {
  function stackSet(extra: object = {}) {
    const stack = newStack('Management');
    const set = new FlowLogGuardrailStackSet(stack, 'Guardrail', {
      destinationBucketArn: BUCKET,
      organizationalUnitIds: ['ou-ab12-cdef3456', 'ou-ab12-ghij7890'],
      regions: ['eu-west-1', 'us-east-1'],
      excludeTag: 'flow-logs:exempt',
      ...extra,
    });
    return { stack, set, template: Template.fromStack(stack) };
  }

  test('a service-managed StackSet with automatic deployment to the OUs and Regions', () => {
    const { template, set } = stackSet();
    template.resourceCountIs('AWS::CloudFormation::StackSet', 1);
    expect(onlyResource(template, 'AWS::CloudFormation::StackSet').resource.Properties).toEqual({
      StackSetName: 'FlowLogGuardrail',
      Description: expect.stringContaining('vpc-flow-logs-enabled'),
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      Capabilities: ['CAPABILITY_IAM'],
      ManagedExecution: { Active: true },
      OperationPreferences: { MaxConcurrentPercentage: 25, FailureTolerancePercentage: 10, RegionConcurrencyType: 'PARALLEL' },
      Parameters: [{ ParameterKey: 'DestinationBucketArn', ParameterValue: BUCKET }],
      StackInstancesGroup: [{
        DeploymentTargets: { OrganizationalUnitIds: ['ou-ab12-cdef3456', 'ou-ab12-ghij7890'] },
        Regions: ['eu-west-1', 'us-east-1'],
      }],
      TemplateBody: set.templateBody,
    });
    // Nothing of the guardrail in the management account's own stack.
    template.resourceCountIs('AWS::Config::ConfigRule', 0);
  });

  test('the options given reach the StackSet', () => {
    stackSet({
      stackSetName: 'OrgFlowLogs',
      callAs: StackSetCaller.DELEGATED_ADMIN,
      maxConcurrentPercentage: 100,
      failureTolerancePercentage: 0,
      retainStacksOnAccountRemoval: true,
    }).template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'OrgFlowLogs',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      OperationPreferences: { MaxConcurrentPercentage: 100, FailureTolerancePercentage: 0 },
    });
  });

  test('its template is the guardrail, self-contained: the bucket as a parameter, no bootstrap parameter, no assets, no metadata, within 51,200 bytes', () => {
    const { set } = stackSet();
    const body = JSON.parse(set.templateBody);
    expect(Object.keys(body.Parameters)).toEqual(['DestinationBucketArn']);
    expect(body.Rules).toBeUndefined();
    const types = Object.values<any>(body.Resources).map((r) => r.Type).sort();
    expect(types).toEqual(['AWS::Config::ConfigRule', 'AWS::Config::RemediationConfiguration', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role', 'AWS::SSM::Document']);
    expect(Object.values<any>(body.Resources).every((r) => r.Metadata === undefined)).toBe(true);
    const inner = Template.fromJSON(body);
    inner.hasResourceProperties('AWS::SSM::Document', {
      Content: { mainSteps: [Match.objectLike({ inputs: Match.objectLike({ InputPayload: Match.objectLike({ LogDestination: { Ref: 'DestinationBucketArn' }, ExcludeTagKey: 'flow-logs:exempt' }) }) })] },
    });
    inner.hasResourceProperties('AWS::Config::ConfigRule', { Source: { Owner: 'AWS', SourceIdentifier: 'VPC_FLOW_LOGS_ENABLED' } });
    expect(Buffer.byteLength(set.templateBody)).toBeLessThan(51200);
  });

  test('the largest template (a 128-character tag key, a long folder) stays far below TemplateBody\'s 51,200 bytes', () => {
    const { set } = stackSet({ excludeTag: 'k'.repeat(128), keyPrefix: 'f'.repeat(500) });
    expect(Buffer.byteLength(set.templateBody)).toBeLessThan(8000);
  });
});

describe('FlowLogProtectionPolicy', () => {
  const exempt = ['arn:aws:iam::*:role/platform-admin', 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'];

  test('an SCP denying flow-log deletion and bucket-policy changes on the archive buckets, except to the exempt roles', () => {
    const stack = newStack('Management');
    const p = new FlowLogProtectionPolicy(stack, 'Protection', { exemptPrincipalArns: exempt, archiveBucketArns: [BUCKET], targetIds: ['ou-ab12-cdef3456'] });
    const { resource } = onlyResource(Template.fromStack(stack), 'AWS::Organizations::Policy');
    const content = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'DenyDeletingFlowLogs', Effect: 'Deny', Action: 'ec2:DeleteFlowLogs', Resource: '*', Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } } },
        {
          Sid: 'DenyChangingArchiveBucketPolicies',
          Effect: 'Deny',
          Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
          Resource: BUCKET,
          Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } },
        },
      ],
    };
    expect(resource.Properties).toEqual({
      Name: 'FlowLogProtection',
      Description: expect.stringContaining('Denies deleting VPC flow logs'),
      Type: 'SERVICE_CONTROL_POLICY',
      Content: content,
      TargetIds: ['ou-ab12-cdef3456'],
    });
    expect(JSON.parse(p.toJson())).toEqual(content);
  });

  test('without archive buckets only flow-log deletion is denied; unattached by default; a name of the user\'s', () => {
    const stack = newStack('Management');
    new FlowLogProtectionPolicy(stack, 'Protection', { exemptPrincipalArns: exempt, policyName: 'OrgFlowLogs' });
    const { resource } = onlyResource(Template.fromStack(stack), 'AWS::Organizations::Policy');
    expect(resource.Properties.Content.Statement.map((s: any) => s.Sid)).toEqual(['DenyDeletingFlowLogs']);
    expect(resource.Properties.TargetIds).toBeUndefined();
    expect(resource.Properties.Name).toEqual('OrgFlowLogs');
  });
});
