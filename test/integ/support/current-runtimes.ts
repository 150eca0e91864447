import { CfnResource, IAspect, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { newestNodeRuntime } from '../../../src/private/probe-function';

/**
 * Every Node.js function of an integration test runs on the newest Node.js
 * runtime the installed aws-cdk-lib knows. At the floor (2.189) the CDK's own
 * provider functions (integ-tests-alpha's assertions, the custom-resource
 * framework behind EmptyArchivesOnDelete) take theirs from the mapping
 * `LatestNodeRuntimeMap`, which gives nodejs20.x; Lambda no longer creates
 * functions on nodejs20.x (deprecated 2026-04-30, creation blocked
 * 2026-06-01: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html;
 * cfn-lint W1034 reports it on the snapshots), so no test would deploy.
 */
export class CurrentNodeRuntimes implements IAspect {
  private readonly runtime = newestNodeRuntime().name;

  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || node.cfnResourceType !== 'AWS::Lambda::Function') {
      return;
    }
    // CfnFunction has the property; the CDK's CustomResourceProvider writes a plain CfnResource.
    const runtime = node instanceof lambda.CfnFunction
      ? node.runtime
      : (node as unknown as { _cfnProperties?: { Runtime?: string } })._cfnProperties?.Runtime;
    if (runtime !== undefined && (Token.isUnresolved(runtime) || (runtime.startsWith('nodejs') && runtime !== this.runtime))) {
      node.addPropertyOverride('Runtime', this.runtime);
    }
  }
}
