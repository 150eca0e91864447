/** The stacks the synth benchmark builds: FlowLogArchive variants, the CDK L2, and both of those as CloudFormation JSON. */
import { performance } from 'perf_hooks';
import { App, CfnElement, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { FlowLogArchive, FlowLogArchiveProps, FlowLogDestination, FlowLogTarget } from '../src';
import { addAsCloudFormation, addAsL1Classes, writeTemplateFile } from './as-cloudformation';

/** The context key of the CDK's check against CloudFormation's resource limit. */
const STACK_RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';

export type Build = (stack: Stack, vpcs: ec2.IVpc[]) => void;

export interface Variant {
  readonly name: string;
  readonly build: Build;
}

export interface Shape {
  readonly resources: number;
  readonly templateBytes: number;
  readonly bucketPolicyBytes: number;
  readonly types: Record<string, number>;
}

function archive(props: Partial<FlowLogArchiveProps> = {}): Build {
  return (stack, vpcs) => {
    new FlowLogArchive(stack, 'FlowLogs', { targets: vpcs.map((vpc) => FlowLogTarget.fromVpc(vpc)), ...props });
  };
}

export const OURS: Variant = { name: 'ours', build: archive() };
export const OURS_QUIET: Variant = { name: 'ours, alarms off', build: archive({ alarms: { enabled: false } }) };
export const OURS_NO_PROBE: Variant = { name: 'ours, probe off', build: archive({ alarms: { deliveryStatusProbe: false } }) };
export const OURS_TWO_DESTINATIONS: Variant = {
  name: 'ours, S3 + CloudWatch Logs',
  build: archive({ destinations: [FlowLogDestination.s3(), FlowLogDestination.cloudWatchLogs()] }),
};
/**
 * Ours with every logical ID fixed in advance (overrideLogicalId with the ID
 * the stack derives, so the same template), as the replays have them: what
 * the CDK deriving IDs from construct paths at each rendering costs.
 */
export const OURS_FIXED_IDS: Variant = {
  name: 'ours, logical IDs fixed',
  build: (stack, vpcs) => {
    archive()(stack, vpcs);
    stack.node.findAll().filter(CfnElement.isCfnElement).forEach((element) => element.overrideLogicalId(stack.getLogicalId(element)));
  },
};
export const L2: Variant = {
  name: 'L2',
  build: (stack, vpcs) => {
    const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
    vpcs.forEach((vpc, i) => vpc.addFlowLog(`FlowLog${i}`, { destination: ec2.FlowLogDestination.toS3(bucket) }));
  },
};

const templates = new Map<string, any>();

/** The variant's template for n targets, synthesized once. */
export function templateOf(variant: Variant, n: number): any {
  const key = `${variant.name}/${n}`;
  if (!templates.has(key)) {
    templates.set(key, synthesize(variant, n, true).template);
  }
  return templates.get(key);
}

/**
 * The source's own template for the same N, added back as literal
 * CfnResources: the least synth time the CDK needs for that template.
 * Call templateOf(source, n) before timing it.
 */
function asCloudFormation(source: Variant): Variant {
  return {
    name: `${source.name} as JSON`,
    build: (stack, vpcs) => addAsCloudFormation(stack, templateOf(source, vpcs.length)),
  };
}

const templateFiles = new Map<string, string>();

/**
 * The source's own template for the same N, added back as the CDK's typed
 * L1 classes: what synthesizing that template costs any construct built on
 * them. Call templateOf(source, n) before timing it.
 */
function asL1Classes(source: Variant): Variant {
  return {
    name: `${source.name} as L1 classes`,
    build: (stack, vpcs) => {
      const key = `${source.name}/${vpcs.length}`;
      if (!templateFiles.has(key)) {
        templateFiles.set(key, writeTemplateFile(key, templateOf(source, vpcs.length)));
      }
      addAsL1Classes(stack, templateFiles.get(key)!);
    },
  };
}

export const OURS_JSON = asCloudFormation(OURS);
export const L2_JSON = asCloudFormation(L2);
export const OURS_L1 = asL1Classes(OURS);
export const L2_L1 = asL1Classes(L2);
/** Each replay variant and the variant it replays. */
export const REPLAY_SOURCES = new Map<Variant, Variant>([[OURS_JSON, OURS], [L2_JSON, L2], [OURS_L1, OURS], [L2_L1, L2], [OURS_FIXED_IDS, OURS]]);

function importedVpcs(stack: Stack, n: number): ec2.IVpc[] {
  return Array.from({ length: n }, (_, i) => ec2.Vpc.fromVpcAttributes(stack, `Vpc${i}`, {
    vpcId: `vpc-${(0x10000000 + i).toString(16)}`,
    availabilityZones: ['eu-west-1a'],
  }));
}

export interface Synthesis {
  /** From `new App()` to `app.synth()` returning. */
  readonly millis: number;
  /** `app.synth()` alone: what the CDK does with the construct tree once it is built. */
  readonly synthMillis: number;
  readonly template: any;
}

/**
 * Builds and synthesizes one app: what a `cdk synth` of this stack does
 * after loading modules. `unlimited` lifts the CDK's 500-resource check, to
 * count what would not fit.
 */
export function synthesize(variant: Variant, n: number, unlimited = false): Synthesis {
  const start = performance.now();
  const app = new App(unlimited ? { context: { [STACK_RESOURCE_LIMIT_CONTEXT]: 0 } } : {});
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  variant.build(stack, importedVpcs(stack, n));
  const built = performance.now();
  const template = app.synth().getStackByName('Bench').template;
  const end = performance.now();
  return { millis: end - start, synthMillis: end - built, template };
}

export function shapeOf(template: any): Shape {
  const resources = Object.values<any>(template.Resources);
  const policies = resources.filter((r) => r.Type === 'AWS::S3::BucketPolicy').map((r) => JSON.stringify(r.Properties.PolicyDocument));
  const types: Record<string, number> = {};
  resources.forEach((r) => { types[r.Type] = (types[r.Type] ?? 0) + 1; });
  return {
    resources: resources.length,
    templateBytes: JSON.stringify(template).length,
    bucketPolicyBytes: Math.max(0, ...policies.map((p) => p.length)),
    types,
  };
}
