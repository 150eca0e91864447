import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { Described, invalid, isToken } from './private/validation';

/**
 * Properties of `FlowLogProtectionPolicy`.
 */
export interface FlowLogProtectionPolicyProps {
  /**
   * The principals still allowed to delete flow logs and change the archive
   * buckets' policies: IAM role ARNs, wildcards allowed (matched with
   * `ArnNotLike` on `aws:PrincipalArn`), e.g. the platform team's role and
   * the CDK's deployment roles (`arn:aws:iam::*:role/cdk-*-cfn-exec-role-*`),
   * which delete flow logs when stacks change.
   */
  readonly exemptPrincipalArns: string[];

  /**
   * The archive buckets whose bucket policy only those principals may put or delete.
   *
   * @default - none (only flow-log deletion is denied)
   */
  readonly archiveBucketArns?: string[];

  /**
   * Roots, OUs or accounts to attach the policy to.
   *
   * @default - not attached (attach it yourself)
   */
  readonly targetIds?: string[];

  /**
   * Name of the policy.
   *
   * @default 'FlowLogProtection'
   */
  readonly policyName?: string;
}

/**
 * An SCP holds at most 5,120 characters
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 */
const SCP_SIZE_LIMIT = 5120;

/**
 * The preventive layer of flow-log enforcement: a service control policy
 * (`AWS::Organizations::Policy` of type SERVICE_CONTROL_POLICY, deployed in
 * the management account or a delegated administrator for Organizations
 * policies) that denies `ec2:DeleteFlowLogs` and `s3:PutBucketPolicy` /
 * `s3:DeleteBucketPolicy` on the archive buckets to every principal except
 * the exempt ones. `document` is the same policy, for attaching it by hand.
 *
 * SCPs do not apply to the management account or to service-linked roles
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 * Risks: CloudFormation deletes a stack's flow logs with the deploying
 * role, so a stack update that replaces or removes a flow log fails unless
 * that role is exempt; nobody else can remove a flow log, even one logging
 * to a wrong place, until an exempt role does.
 *
 * @example
 * new FlowLogProtectionPolicy(this, 'Protection', {
 *   exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin', 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'],
 *   archiveBucketArns: ['arn:aws:s3:::org-flow-logs'],
 *   targetIds: ['ou-ab12-cdef3456'],
 * });
 */
export class FlowLogProtectionPolicy extends Construct {
  /** The policy document. */
  public readonly document: iam.PolicyDocument;

  /** The `AWS::Organizations::Policy`. */
  public readonly policy: organizations.CfnPolicy;

  constructor(scope: Construct, id: string, props: FlowLogProtectionPolicyProps) {
    super(scope, id);
    checkKind('props', props, 'an object of FlowLogProtectionPolicyProps', isOptionsObject,
      "Pass e.g. { exemptPrincipalArns: ['arn:aws:iam::*:role/platform-admin'] }.", true);
    warnUnknownOptions(this, 'FlowLogProtectionPolicyProps', checkOptionNames('FlowLogProtectionPolicyProps', props));
    checkKind('exemptPrincipalArns', props.exemptPrincipalArns, 'an array of role ARNs', Array.isArray,
      "Pass e.g. ['arn:aws:iam::*:role/platform-admin'].", true);
    if (!isToken(props.exemptPrincipalArns) && props.exemptPrincipalArns.length === 0) {
      throw invalid('exemptPrincipalArns', 'must not be empty', [],
        'Name at least the role that administers flow logs; with none, nobody could delete a flow log in the accounts it applies to.');
    }
    const notIam = props.exemptPrincipalArns.find((arn) => !Token.isUnresolved(arn) && !/^arn:[a-z*-]+:iam::[0-9*]*:/.test(arn));
    if (notIam !== undefined) {
      throw invalid('exemptPrincipalArns', 'must contain only IAM principal ARNs', notIam, "Pass e.g. 'arn:aws:iam::*:role/platform-admin'.");
    }
    const notBucket = (props.archiveBucketArns ?? []).find((arn) => !Token.isUnresolved(arn) && !/^arn:[a-z-]+:s3:::[^/]+$/.test(arn));
    if (notBucket !== undefined) {
      throw invalid('archiveBucketArns', 'must contain only S3 bucket ARNs', notBucket, "Pass e.g. 'arn:aws:s3:::org-flow-logs'.");
    }
    this.document = protectionDocument(props.exemptPrincipalArns, props.archiveBucketArns ?? []);
    // Whitespace does not count toward the limit (AWS minifies the policy).
    const size = JSON.stringify(Stack.of(this).resolve(this.document.toJSON())).length;
    if (size > SCP_SIZE_LIMIT) {
      throw invalid('exemptPrincipalArns', `make the policy ${size} characters, above the ${SCP_SIZE_LIMIT} of an SCP`,
        new Described(`${props.exemptPrincipalArns.length} ARNs`), 'Use fewer ARNs, e.g. one wildcard pattern such as arn:aws:iam::*:role/platform-*.');
    }
    this.policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName ?? 'FlowLogProtection',
      description: 'Denies deleting VPC flow logs and changing the flow-log archive bucket policies except to exempt roles (cdk-flow-log-archive)',
      type: 'SERVICE_CONTROL_POLICY',
      content: this.document,
      targetIds: props.targetIds,
    });
  }

  /**
   * The policy as JSON text, to attach by hand (CloudFormation intrinsics
   * in it when an ARN given is a token).
   */
  public toJson(): string {
    return JSON.stringify(Stack.of(this).resolve(this.document.toJSON()), undefined, 2);
  }
}

function protectionDocument(exempt: string[], buckets: string[]): iam.PolicyDocument {
  const unlessExempt = { ArnNotLike: { 'aws:PrincipalArn': exempt } };
  const statements = [new iam.PolicyStatement({
    sid: 'DenyDeletingFlowLogs',
    effect: iam.Effect.DENY,
    actions: ['ec2:DeleteFlowLogs'],
    resources: ['*'],
    conditions: unlessExempt,
  })];
  if (buckets.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyChangingArchiveBucketPolicies',
      effect: iam.Effect.DENY,
      actions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
      resources: buckets,
      conditions: unlessExempt,
    }));
  }
  return new iam.PolicyDocument({ statements });
}
