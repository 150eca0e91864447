import { App, BootstraplessSynthesizer, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';
import { FlowLogGuardrail, FlowLogGuardrailProps } from './guardrail';
import { validateBucketArn } from './private/bucket-arn';
import { checkEnumValue, checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { invalid, isToken } from './private/validation';

/**
 * Whether a StackSet is managed from the organization's management account
 * or from a delegated administrator account.
 */
export enum StackSetCaller {
  /** The management account. */
  SELF = 'SELF',
  /** A delegated administrator account for CloudFormation StackSets. */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/**
 * Properties of `FlowLogGuardrailStackSet`.
 */
export interface FlowLogGuardrailStackSetProps extends FlowLogGuardrailProps {
  /**
   * The organizational units (`ou-...`) or the root (`r-...`) whose accounts
   * get the guardrail, now and when they join later.
   */
  readonly organizationalUnitIds: string[];

  /**
   * The Regions the guardrail is deployed to in each account.
   */
  readonly regions: string[];

  /**
   * Name of the StackSet.
   *
   * @default 'FlowLogGuardrail'
   */
  readonly stackSetName?: string;

  /**
   * Whether this stack is deployed in the management account or in a
   * delegated administrator account.
   *
   * @default StackSetCaller.SELF
   */
  readonly callAs?: StackSetCaller;

  /**
   * Percentage of accounts per Region deployed at once.
   *
   * @default 25
   */
  readonly maxConcurrentPercentage?: number;

  /**
   * Percentage of accounts per Region that may fail before the operation stops.
   *
   * @default 10
   */
  readonly failureTolerancePercentage?: number;

  /**
   * Whether the guardrail stays in an account that leaves the OUs.
   *
   * @default false
   */
  readonly retainStacksOnAccountRemoval?: boolean;
}

/** The template's parameter that carries the central bucket's ARN. */
const BUCKET_PARAMETER = 'DestinationBucketArn';

/**
 * Deploys `FlowLogGuardrail` to every account and Region of organizational
 * units, from the management account or a delegated administrator: a
 * service-managed CloudFormation StackSet (`AWS::CloudFormation::StackSet`,
 * PermissionModel SERVICE_MANAGED) with automatic deployment to accounts
 * that join the OUs later.
 *
 * The guardrail's template is synthesized into the StackSet's TemplateBody
 * (no assets, no bootstrap resources needed in the member accounts); the
 * central bucket's ARN is passed as a StackSet parameter. Service-managed
 * StackSets do not deploy to the management account itself; deploy a
 * `FlowLogGuardrail` there in a stack of its own if it has VPCs.
 *
 * @example
 * new FlowLogGuardrailStackSet(this, 'Guardrail', {
 *   destinationBucketArn: 'arn:aws:s3:::org-flow-logs',
 *   organizationalUnitIds: ['ou-ab12-cdef3456'],
 *   regions: ['eu-west-1', 'us-east-1'],
 * });
 */
export class FlowLogGuardrailStackSet extends Construct {
  /** The StackSet. */
  public readonly stackSet: cloudformation.CfnStackSet;

  /** The template each account and Region gets, as deployed. */
  public readonly templateBody: string;

  constructor(scope: Construct, id: string, props: FlowLogGuardrailStackSetProps) {
    super(scope, id);
    checkKind('props', props, 'an object of FlowLogGuardrailStackSetProps', isOptionsObject,
      "Pass e.g. { destinationBucketArn: 'arn:aws:s3:::org-flow-logs', organizationalUnitIds: ['ou-ab12-cdef3456'], regions: ['eu-west-1'] }.", true);
    warnUnknownOptions(this, 'FlowLogGuardrailStackSetProps', checkOptionNames('FlowLogGuardrailStackSetProps', props));
    checkEnumValue('callAs', props.callAs, 'StackSetCaller', StackSetCaller);
    validateBucketArn(props.destinationBucketArn);
    validateList('organizationalUnitIds', props.organizationalUnitIds, /^(ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32})$/,
      "an OU id ('ou-' ...) or the root id ('r-' ...)", "Pass e.g. ['ou-ab12-cdef3456'], or the root ['r-ab12'] for the whole organization.");
    validateList('regions', props.regions, /^[a-z]{2}(-[a-z]+)+-\d$/, "a Region name such as 'eu-west-1'", "Pass e.g. ['eu-west-1', 'us-east-1'].");
    const maxConcurrent = percentage('maxConcurrentPercentage', props.maxConcurrentPercentage, 25, 1);
    const failureTolerance = percentage('failureTolerancePercentage', props.failureTolerancePercentage, 10, 0);

    // At most about 7,000 bytes with a 128-character exclusion tag and a long
    // keyPrefix (test/guardrail.test.ts), far below the 51,200 bytes of
    // TemplateBody (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStackSet.html).
    this.templateBody = guardrailTemplate(props);

    this.stackSet = new cloudformation.CfnStackSet(this, 'Resource', {
      stackSetName: props.stackSetName ?? 'FlowLogGuardrail',
      description: 'VPC flow-log guardrail: AWS Config rule vpc-flow-logs-enabled with automatic remediation (cdk-flow-log-archive)',
      permissionModel: 'SERVICE_MANAGED',
      callAs: props.callAs ?? StackSetCaller.SELF,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: props.retainStacksOnAccountRemoval ?? false },
      // The guardrail creates an IAM role (with a generated name).
      capabilities: ['CAPABILITY_IAM'],
      managedExecution: { Active: true },
      operationPreferences: {
        maxConcurrentPercentage: maxConcurrent,
        failureTolerancePercentage: failureTolerance,
        regionConcurrencyType: 'PARALLEL',
      },
      parameters: [{ parameterKey: BUCKET_PARAMETER, parameterValue: props.destinationBucketArn }],
      stackInstancesGroup: [{
        deploymentTargets: { organizationalUnitIds: props.organizationalUnitIds },
        regions: props.regions,
      }],
      templateBody: this.templateBody,
    });
  }
}

/**
 * The guardrail's template, synthesized in an app of its own (a
 * bootstrapless stack: member accounts need no CDK bootstrap), without the
 * CDK's metadata, as the JSON text of the TemplateBody.
 */
function guardrailTemplate(props: FlowLogGuardrailProps): string {
  const app = new App({ analyticsReporting: false });
  const stack = new Stack(app, 'FlowLogGuardrail', { synthesizer: new BootstraplessSynthesizer() });
  const bucketArn = new CfnParameter(stack, BUCKET_PARAMETER, {
    type: 'String',
    description: 'ARN of the central archive bucket',
    allowedPattern: '^arn:[a-z-]+:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  });
  new FlowLogGuardrail(stack, 'Guardrail', {
    destinationBucketArn: bucketArn.valueAsString,
    keyPrefix: props.keyPrefix,
    trafficType: props.trafficType,
    maxAggregationInterval: props.maxAggregationInterval,
    excludeTag: props.excludeTag,
    automaticRemediation: props.automaticRemediation,
    maximumExecutionFrequency: props.maximumExecutionFrequency,
  });
  const template = app.synth().getStackByName(stack.stackName).template;
  for (const resource of Object.values<any>(template.Resources ?? {})) {
    delete resource.Metadata;
  }
  return JSON.stringify(template);
}

function validateList(property: string, values: string[], pattern: RegExp, what: string, fix: string): void {
  checkKind(property, values, 'an array of strings', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), fix, true);
  if (isToken(values)) {
    return;
  }
  if (values.length === 0) {
    throw invalid(property, 'must not be empty', values, fix);
  }
  const bad = values.find((v) => !Token.isUnresolved(v) && !pattern.test(v));
  if (bad !== undefined) {
    throw invalid(property, `must contain only ${what}`, bad, fix);
  }
}

function percentage(property: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < min || value > 100)) {
    throw invalid(property, `must be a whole number from ${min} to 100`, value, `Pass e.g. ${fallback}.`);
  }
  return value;
}
