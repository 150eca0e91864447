import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

export const ACCOUNT = '111111111111';
export const REGION = 'eu-west-1';

/** An app that records construct paths in the template, as the cdk CLI does. */
export function newApp(): App {
  return new App({ context: { 'aws:cdk:enable-path-metadata': true } });
}

/** A stack with a fixed account and region, so policies hold literal ids. */
export function newStack(id = 'Stack', app = newApp()): Stack {
  return new Stack(app, id, { env: { account: ACCOUNT, region: REGION } });
}

/** A small VPC (no NAT) to log. */
export function newVpc(stack: Stack, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(stack, id, { maxAzs: 2, natGateways: 0 });
}

/** The properties of the only resource of `type`, failing if there is not exactly one. */
export function onlyResource(template: Template, type: string): { logicalId: string; resource: any } {
  const found = Object.entries(template.findResources(type));
  if (found.length !== 1) {
    throw new Error(`expected exactly one ${type}, found ${found.length}`);
  }
  const [logicalId, resource] = found[0];
  return { logicalId, resource };
}

/** The statements of the policy of the bucket whose logical id starts with `prefix`. */
export function bucketPolicyStatements(template: Template, bucketLogicalId: string): any[] {
  const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'))
    .filter((p: any) => p.Properties.Bucket.Ref === bucketLogicalId);
  if (policies.length !== 1) {
    throw new Error(`expected one policy for ${bucketLogicalId}, found ${policies.length}`);
  }
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

/** The logical id of the only resource of `type` whose path contains `pathPart`. */
export function logicalIdByPath(template: Template, type: string, pathPart: string): string {
  const found = Object.entries(template.findResources(type))
    .filter(([, r]: [string, any]) => String(r.Metadata?.['aws:cdk:path'] ?? '').includes(pathPart));
  if (found.length !== 1) {
    throw new Error(`expected one ${type} at *${pathPart}*, found ${found.length}`);
  }
  return found[0][0];
}

/** `arn:<partition>:logs:<region>:<account>:*` as a stack with a fixed env renders it. */
export const LOGS_SOURCE_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${REGION}:${ACCOUNT}:*`]] };
