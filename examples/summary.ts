/**
 * Prints what `npx projen example` synthesized: the stacks, their resources
 * by type, and each flow log's target and destination.
 *
 * Usage: ts-node examples/summary.ts <cloud assembly dir>
 */
import * as fs from 'fs';
import * as path from 'path';

interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
}

/** The summary of the cloud assembly in `outdir`, as lines of text. */
export function summarize(outdir: string): string[] {
  const lines: string[] = [];
  const console = { log: (line: string) => lines.push(line) };
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const stacks = Object.entries<any>(manifest.artifacts ?? {})
    .filter(([, artifact]) => artifact.type === 'aws:cloudformation:stack')
    .sort(([a], [b]) => a.localeCompare(b));
  console.log(`Synthesized ${stacks.length} stacks into ${outdir}/`);
  for (const [name, artifact] of stacks) {
    const templateFile = path.join(outdir, artifact.properties.templateFile);
    const template = JSON.parse(fs.readFileSync(templateFile, 'utf-8'));
    const resources: Record<string, Resource> = template.Resources ?? {};
    console.log(`\n${name} (${templateFile}): ${Object.keys(resources).length} resources`);
    for (const [type, count] of countByType(resources)) {
      console.log(`  ${String(count).padStart(3)}  ${type}`);
    }
    // What a StackSet deploys to each of its accounts and Regions (the runtime guardrail).
    for (const stackSet of Object.values(resources).filter((r) => r.Type === 'AWS::CloudFormation::StackSet')) {
      const p = stackSet.Properties ?? {};
      const deployed: Record<string, Resource> = JSON.parse(p.TemplateBody).Resources ?? {};
      const groups: any[] = p.StackInstancesGroup ?? [];
      const units = groups.flatMap((group) => group.DeploymentTargets?.OrganizationalUnitIds ?? []);
      const regions = groups.flatMap((group) => group.Regions ?? []);
      console.log(`  stack set ${p.StackSetName}, in every account of ${units.join(', ')} and in ${regions.join(', ')}:`);
      for (const [type, count] of countByType(deployed)) {
        console.log(`    ${String(count).padStart(3)}  ${type}`);
      }
    }
    const flowLogs = Object.values(resources).filter((r) => r.Type === 'AWS::EC2::FlowLog');
    console.log(`  flow logs (${flowLogs.length}):`);
    for (const flowLog of flowLogs) {
      const p = flowLog.Properties ?? {};
      console.log(`    ${p.ResourceType} ${describe(p.ResourceId, resources)} -> ${p.LogDestinationType} ${describe(p.LogDestination, resources)}`);
    }
  }
  return lines;
}

function countByType(resources: Record<string, Resource>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const resource of Object.values(resources)) {
    counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** A CloudFormation value in words: references become the construct path they point at. */
function describe(value: any, resources: Record<string, Resource>): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value?.Ref) {
    // Pseudo parameters (AWS::Region, ...) as CloudFormation's Fn::Sub writes them.
    return value.Ref.startsWith('AWS::') ? `\${${value.Ref}}` : pathOf(value.Ref, resources);
  }
  if (value?.['Fn::GetAtt']) {
    return `${pathOf(value['Fn::GetAtt'][0], resources)}.${value['Fn::GetAtt'][1]}`;
  }
  if (value?.['Fn::Join']) {
    return value['Fn::Join'][1].map((part: any) => describe(part, resources)).join(value['Fn::Join'][0]);
  }
  return JSON.stringify(value);
}

function pathOf(logicalId: string, resources: Record<string, Resource>): string {
  const cdkPath: string | undefined = resources[logicalId]?.Metadata?.['aws:cdk:path'];
  return cdkPath ? cdkPath.replace(/\/Resource$/, '') : logicalId;
}

if (require.main === module) {
  summarize(process.argv[2] ?? 'cdk.out').forEach((line) => console.log(line));
}
