import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag rule that cannot apply to a resource, and why. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Only these findings of the rule (e.g. 'Resource::*'). */
  readonly appliesTo?: string[];
}

/**
 * Records cdk-nag suppressions in the resource's `cdk_nag` metadata, the
 * format cdk-nag 2.x reads, so users get clean reports without this library
 * depending on cdk-nag. Each one is listed in README.
 */
export function suppressNagRules(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = construct.node.defaultChild as CfnResource;
  const existing: NagSuppression[] = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
}

/** The same suppression for the NIST 800-53 rev 5, HIPAA Security and PCI DSS 3.2.1 packs. */
export function inCompliancePacks(rule: string, reason: string): NagSuppression[] {
  return ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'].map((pack) => ({ id: `${pack}-${rule}`, reason }));
}
