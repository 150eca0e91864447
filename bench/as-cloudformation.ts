/**
 * Two replays of a template, to separate what a template costs from what the
 * constructs that wrote it cost:
 *
 * - as JSON: the same resources written as `CfnResource`s with literal
 *   properties, so the CDK only has to lay them out. That is the floor of
 *   synth time for the template.
 * - as L1 classes: the same resources as the CDK's typed L1 classes
 *   (`CfnBucket`, `CfnKey`, ...) with literal properties, through
 *   `CfnInclude`. Synthesizing them runs what every construct built on those
 *   classes runs (property validation and rendering, token resolution, the
 *   tree metadata) and no construct code of ours or of the CDK's L2s.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';

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

/** Writes the template's resources to a file in the temporary directory, for addAsL1Classes. */
export function writeTemplateFile(name: string, template: any): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'flow-log-bench-')), `${name.replace(/[^A-Za-z0-9]+/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ Resources: template.Resources }));
  return file;
}

/** Adds the file's resources to the stack as the CDK's typed L1 classes, with the same logical IDs. */
export function addAsL1Classes(stack: Stack, templateFile: string): void {
  new CfnInclude(stack, 'Template', { templateFile });
}

/**
 * Whether two templates have the same resources, whatever the order of keys
 * and of DependsOn entries (which CloudFormation does not order).
 */
export function sameResources(a: any, b: any): boolean {
  return canonical(a.Resources) === canonical(b.Resources);
}

function canonical(value: any, key?: string): string {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return `[${(key === 'DependsOn' ? items.sort() : items).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k], k)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
