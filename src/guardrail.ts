import { Aws, Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { validateBucketArn } from './private/bucket-arn';
import { suppressNagRules } from './private/nag';
import { REMEDIATION_TAG_KEY, remediationDocumentContent } from './private/remediation-document';
import { checkEnumValue, checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { invalid, isToken, validateKeyPrefix } from './private/validation';

/**
 * Properties of `FlowLogGuardrail`.
 */
export interface FlowLogGuardrailProps {
  /**
   * ARN of the central archive bucket the flow logs the remediation adds
   * deliver to, e.g. a `FlowLogArchiveBucket` with `sourceOrganizationId`
   * in the log archive account (its policy must let log delivery write for
   * every account the guardrail runs in).
   */
  readonly destinationBucketArn: string;

  /**
   * Folder of the bucket the flow logs write under (no leading or trailing '/').
   *
   * @default - the bucket root
   */
  readonly keyPrefix?: string;

  /**
   * Traffic the AWS Config rule asks a VPC's flow log to capture (its
   * `trafficType` parameter), and the traffic type of the flow logs the
   * remediation adds.
   *
   * @default ec2.FlowLogTrafficType.ALL
   */
  readonly trafficType?: ec2.FlowLogTrafficType;

  /**
   * Aggregation interval of the flow logs the remediation adds.
   *
   * @default ec2.FlowLogMaxAggregationInterval.TEN_MINUTES
   */
  readonly maxAggregationInterval?: ec2.FlowLogMaxAggregationInterval;

  /**
   * VPCs tagged with this key (any value) are never given a flow log by the
   * remediation: the automation checks the tag, and the remediation role may
   * not create flow logs for a VPC that has it. The Config rule still reports
   * such VPCs as NON_COMPLIANT (a rule's scope can only select resources
   * that have a tag, not exclude them).
   *
   * @default - no tag excludes a VPC
   */
  readonly excludeTag?: string;

  /**
   * Whether AWS Config runs the remediation by itself for every
   * NON_COMPLIANT VPC. When false, the remediation is configured and can be
   * run from the AWS Config console, VPC by VPC.
   *
   * @default true
   */
  readonly automaticRemediation?: boolean;

  /**
   * How often AWS Config evaluates the rule (a periodic rule).
   *
   * @default config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS
   */
  readonly maximumExecutionFrequency?: config.MaximumExecutionFrequency;
}

/** How many times AWS Config retries a failed automatic remediation, and how far apart. */
const MAXIMUM_AUTOMATIC_ATTEMPTS = 5;
const RETRY_ATTEMPT_SECONDS = 60;

/**
 * The runtime layer of flow-log enforcement, for one account and Region
 * (deploy it everywhere with `FlowLogGuardrailStackSet`):
 *
 * - the AWS Config managed rule `vpc-flow-logs-enabled` (identifier
 *   `VPC_FLOW_LOGS_ENABLED`, parameter `trafficType`,
 *   https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html),
 *   which needs AWS Config recording in the account and Region (AWS Control
 *   Tower turns it on in enrolled accounts);
 * - a remediation (`AWS::Config::RemediationConfiguration`) that runs an SSM
 *   Automation document the library writes: for a VPC without any flow log,
 *   and without the exclusion tag, it adds a VPC-level flow log to the
 *   central archive bucket; a VPC with a flow log is never touched;
 * - the least-privilege role the automation runs with.
 *
 * @example
 * new FlowLogGuardrail(this, 'Guardrail', {
 *   destinationBucketArn: 'arn:aws:s3:::org-flow-logs',
 *   excludeTag: 'flow-logs:exempt',
 * });
 */
export class FlowLogGuardrail extends Construct {
  /** The AWS Config rule. */
  public readonly rule: config.ManagedRule;

  /** The SSM Automation document the remediation runs. */
  public readonly document: ssm.CfnDocument;

  /** The role the automation runs with. */
  public readonly remediationRole: iam.IRole;

  /** The remediation of the rule. */
  public readonly remediation: config.CfnRemediationConfiguration;

  constructor(scope: Construct, id: string, props: FlowLogGuardrailProps) {
    super(scope, id);
    checkKind('props', props, 'an object of FlowLogGuardrailProps', isOptionsObject, "Pass e.g. { destinationBucketArn: 'arn:aws:s3:::org-flow-logs' }.", true);
    warnUnknownOptions(this, 'FlowLogGuardrailProps', checkOptionNames('FlowLogGuardrailProps', props));
    checkEnumValue('trafficType', props.trafficType, 'ec2.FlowLogTrafficType', ec2.FlowLogTrafficType);
    checkEnumValue('maxAggregationInterval', props.maxAggregationInterval, 'ec2.FlowLogMaxAggregationInterval', ec2.FlowLogMaxAggregationInterval);
    validateBucketArn(props.destinationBucketArn);
    validateKeyPrefix(props.keyPrefix);
    if (props.excludeTag !== undefined && !isToken(props.excludeTag) && props.excludeTag.trim() === '') {
      throw invalid('excludeTag', 'must not be empty', props.excludeTag, 'Give the tag key that marks VPCs to leave alone, or leave excludeTag undefined.');
    }
    const trafficType = props.trafficType ?? ec2.FlowLogTrafficType.ALL;
    const interval = props.maxAggregationInterval ?? ec2.FlowLogMaxAggregationInterval.TEN_MINUTES;
    const logDestination = props.keyPrefix ? `${props.destinationBucketArn}/${props.keyPrefix}/` : props.destinationBucketArn;
    const stack = Stack.of(this);

    this.rule = new config.ManagedRule(this, 'Rule', {
      identifier: config.ManagedRuleIdentifiers.VPC_FLOW_LOGS_ENABLED,
      inputParameters: { trafficType },
      maximumExecutionFrequency: props.maximumExecutionFrequency ?? config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      description: `Checks that every VPC has a flow log of traffic type ${trafficType} (cdk-flow-log-archive FlowLogGuardrail).`,
    });

    const remediationRole = new iam.Role(this, 'RemediationRole', {
      description: 'Runs the FlowLogGuardrail remediation: adds a flow log to a VPC without one (cdk-flow-log-archive).',
      // Systems Manager Automation assumes the role for this account's automations only: the
      // confused-deputy condition Systems Manager documents for service roles
      // (https://docs.aws.amazon.com/systems-manager/latest/userguide/cross-service-confused-deputy-prevention.html).
      assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
    });
    // A managed policy (the compliance packs flag inline ones), attached to this role only.
    this.remediationRole = remediationRole;
    const policy = new iam.ManagedPolicy(this, 'RemediationPolicy', {
      description: 'What the FlowLogGuardrail remediation calls (cdk-flow-log-archive).',
      statements: remediationStatements(stack, props.excludeTag),
      roles: [remediationRole],
    });
    suppressNagRules(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'ec2:CreateFlowLogs and ec2:CreateTags name the flow log to be created (vpc-flow-log/*, its id is not known before) and any VPC '
        + 'of this account and Region (vpc/*, the one Config found), each under conditions; ec2:Describe* and logs:CreateLogDelivery / '
        + 'DeleteLogDelivery take no resource-level permissions (Resource *).',
      appliesTo: ['vpc', 'vpc-flow-log'].map((type) => `Resource::arn:<AWS::Partition>:ec2:${nagPart(stack.region, 'AWS::Region')}:`
        + `${nagPart(stack.account, 'AWS::AccountId')}:${type}/*`).concat('Resource::*'),
    }]);

    this.document = new ssm.CfnDocument(this, 'Document', {
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: remediationDocumentContent({
        logDestination,
        trafficType,
        maxAggregationInterval: interval,
        excludeTagKey: props.excludeTag,
        tagValue: 'FlowLogGuardrail',
      }),
    });

    this.remediation = new config.CfnRemediationConfiguration(this, 'Remediation', {
      configRuleName: this.rule.configRuleName,
      targetType: 'SSM_DOCUMENT',
      targetId: this.document.ref,
      automatic: props.automaticRemediation ?? true,
      maximumAutomaticAttempts: MAXIMUM_AUTOMATIC_ATTEMPTS,
      retryAttemptSeconds: RETRY_ATTEMPT_SECONDS,
      parameters: {
        AutomationAssumeRole: { StaticValue: { Values: [this.remediationRole.roleArn] } },
        VpcId: { ResourceValue: { Value: 'RESOURCE_ID' } },
      },
    });
    // The role's permissions exist before Config can run the remediation.
    this.remediation.node.addDependency(policy);
  }
}

/**
 * What the automation calls (the script in private/remediation-document.ts):
 * - ec2:DescribeVpcs and ec2:DescribeFlowLogs, which take no resource-level
 *   permissions (Service Authorization Reference, Amazon EC2:
 *   https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html);
 * - ec2:CreateFlowLogs, authorized against the VPC (here: of this account and
 *   Region, without the exclusion tag) and the new flow log (here: only with
 *   the remediation tag in the request);
 * - ec2:CreateTags on the new flow log, only as part of CreateFlowLogs
 *   (ec2:CreateAction), since tags given at creation are authorized so;
 * - logs:CreateLogDelivery and logs:DeleteLogDelivery on '*', which the
 *   principal creating a flow log to S3 needs ("Create a flow log that
 *   publishes to Amazon S3", Amazon VPC User Guide:
 *   https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-create-flow-log.html).
 * No iam:PassRole: a flow log to S3 takes no delivery role.
 */
function remediationStatements(stack: Stack, excludeTag: string | undefined): iam.PolicyStatement[] {
  const ec2Arn = (resource: string) => stack.formatArn({ service: 'ec2', resource, resourceName: '*' });
  return [
    new iam.PolicyStatement({
      sid: 'FindVpcsAndFlowLogs',
      actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'LogVpcsNotExcluded',
      actions: ['ec2:CreateFlowLogs'],
      resources: [ec2Arn('vpc')],
      ...(excludeTag !== undefined ? { conditions: { Null: { [`aws:ResourceTag/${excludeTag}`]: 'true' } } } : {}),
    }),
    new iam.PolicyStatement({
      sid: 'CreateTaggedFlowLogs',
      actions: ['ec2:CreateFlowLogs'],
      resources: [ec2Arn('vpc-flow-log')],
      conditions: { 'StringEquals': { [`aws:RequestTag/${REMEDIATION_TAG_KEY}`]: 'FlowLogGuardrail' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': [REMEDIATION_TAG_KEY] } },
    }),
    new iam.PolicyStatement({
      sid: 'TagFlowLogsOnCreation',
      actions: ['ec2:CreateTags'],
      resources: [ec2Arn('vpc-flow-log')],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateFlowLogs' } },
    }),
    new iam.PolicyStatement({
      sid: 'SetUpLogDelivery',
      actions: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
      resources: ['*'],
    }),
  ];
}

/** How cdk-nag writes a part of an ARN in its findings: the value, or `<pseudo parameter>` for a token. */
function nagPart(value: string, pseudo: string): string {
  return Token.isUnresolved(value) ? `<${pseudo}>` : value;
}
