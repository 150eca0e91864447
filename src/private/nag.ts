import * as core from 'aws-cdk-lib';
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag rule that cannot apply to a resource, and why. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Only these findings of the rule (e.g. 'Resource::*'). */
  readonly appliesTo?: string[];
}

/** What aws-cdk-lib 2.257+ offers to acknowledge a policy-validation rule (absent at our peer floor). */
interface Acknowledgeable {
  acknowledge(...rules: Array<{ id: string; reason: string }>): void;
}
type ValidationsClass = { of(scope: IConstruct): Acknowledgeable } | undefined;

/**
 * Records cdk-nag suppressions on the resource for both cdk-nag majors,
 * without this library depending on cdk-nag:
 * - cdk-nag 2 (an Aspect) reads the `cdk_nag` metadata of the resource;
 * - cdk-nag 3 (a policy-validation plugin, aws-cdk-lib 2.257+) reads only
 *   `Validations.of(construct).acknowledge()`, with a finding of a rule
 *   written `<rule>[<finding>]` (e.g. `AwsSolutions-IAM5[Resource::*]`).
 * `Validations` is looked up at run time, since the peer floor lacks it.
 * Each suppression is listed in README.
 */
export function suppressNagRules(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = construct.node.defaultChild as CfnResource;
  const existing: NagSuppression[] = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
  const validations = (core as unknown as { Validations?: ValidationsClass }).Validations;
  if (validations) {
    validations.of(resource).acknowledge(...acknowledgements(suppressions));
  }
}

/** The cdk-nag 3 form of suppressions: one acknowledgement per rule, or per finding of `appliesTo`. */
export function acknowledgements(suppressions: NagSuppression[]): Array<{ id: string; reason: string }> {
  return suppressions.flatMap(({ id, reason, appliesTo }) => appliesTo
    ? appliesTo.map((finding) => ({ id: `${id}[${finding}]`, reason }))
    : [{ id, reason }]);
}

/** The same suppression for the NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1 packs. */
export function inCompliancePacks(rule: string, reason: string): NagSuppression[] {
  return ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({ id: `${pack}-${rule}`, reason }));
}
