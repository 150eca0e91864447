/**
 * The floor of synth time for a template: the same resources written as
 * `CfnResource`s with literal properties, so the CDK only has to lay them
 * out. Constructs pay more than this for what makes them constructs
 * (defaults, tokens, references, validation); comparing a variant with its
 * floor separates what its template costs from what its constructs cost.
 */
import { CfnResource, Stack } from 'aws-cdk-lib';

/** The resource attributes the replay carries over besides Type and Properties. */
const ATTRIBUTES = ['DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition'];

/** Adds the template's resources to the stack as literal CfnResources with the same logical IDs. */
export function addAsCloudFormation(stack: Stack, template: any): void {
  for (const [logicalId, resource] of Object.entries<any>(template.Resources)) {
    const cfn = new CfnResource(stack, logicalId, { type: resource.Type, properties: resource.Properties });
    cfn.overrideLogicalId(logicalId);
    if (resource.Metadata) {
      cfn.cfnOptions.metadata = resource.Metadata;
    }
    ATTRIBUTES.filter((attribute) => resource[attribute] !== undefined)
      .forEach((attribute) => cfn.addOverride(attribute, resource[attribute]));
  }
}

/** Whether two templates have the same resources, whatever the order of keys. */
export function sameResources(a: any, b: any): boolean {
  return canonical(a.Resources) === canonical(b.Resources);
}

function canonical(value: any): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
