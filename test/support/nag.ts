/**
 * cdk-nag 2 and 3 behind one interface, so the compliance tests run under
 * every major installed: cdk-nag 2 (an Aspect whose findings are
 * annotations, suppressed by `cdk_nag` metadata) at the peer floor, and at
 * the newest aws-cdk-lib cdk-nag 3 (a policy-validation plugin that reads
 * `Validations.of(c).acknowledge()`) and cdk-nag 2 again as `cdk-nag-v2`
 * (npm alias; .ci/newest installs it).
 */
import * as core from 'aws-cdk-lib';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { IConstruct } from 'constructs';
import { NagSuppression } from '../../src/private/nag';

/** The four packs the library is held to, by class name. */
export const PACK_NAMES = ['AwsSolutionsChecks', 'NIST80053R5Checks', 'HIPAASecurityChecks', 'PCIDSS321Checks'] as const;

/** What cdk-nag 2 hands its loggers (the part the tests read). */
export interface JudgedRule {
  readonly ruleId: string;
  readonly resource: { node: { path: string } };
}

/** One installed cdk-nag major. */
export interface NagVersion {
  /** e.g. 'cdk-nag 3.0.2'. */
  readonly label: string;
  readonly major: number;
  /** Acknowledge rules on a construct and its children, the way this major reads them. */
  acknowledge(construct: IConstruct, suppressions: NagSuppression[]): void;
  /**
   * Run the four packs on `app` (before any synth), and return a function
   * that lists each stack's findings as `/<path> <rule>`: unsuppressed pack
   * findings plus the annotations (errors and warnings) of the stack.
   * `judged` (cdk-nag 2 only) hears of every rule that judged a resource.
   */
  check(app: App, judged?: (rule: JudgedRule) => void): (stack: Stack) => string[];
}

function load(name: string): any {
  try {
    // An optional module, by name: `cdk-nag-v2` is installed in the run against the newest dependencies only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { module: require(name), version: require(`${name}/package.json`).version as string };
  } catch {
    return undefined;
  }
}

/** `AwsSolutions-IAM5[Resource::*]: ...` and `NIST.800.53.R5-S3BucketLoggingEnabled: ...` -> the rule id. */
function ruleOf(text: string): string {
  return /^([A-Za-z0-9.]+-[A-Za-z0-9]+)/.exec(text)?.[1] ?? text.split(':')[0];
}

/** The library's and the CDK's own annotations of a stack (cdk-nag 2 findings among them). */
function annotationFindings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
    .map((m) => `${m.id} ${ruleOf(String(m.entry.data))}`);
}

function version2(nag: any, version: string): NagVersion {
  return {
    label: `cdk-nag ${version}`,
    major: 2,
    acknowledge: (construct, suppressions) => nag.NagSuppressions.addResourceSuppressions(construct, suppressions, true),
    check(app, judged) {
      const logger = judged && {
        onCompliance: judged,
        onNonCompliance: judged,
        onSuppressed: judged,
        onError: () => {},
        onSuppressedError: () => {},
        onNotApplicable: () => {},
      };
      PACK_NAMES.forEach((pack) => Aspects.of(app).add(new nag[pack](logger ? { additionalLoggers: [logger] } : {})));
      return (stack) => annotationFindings(stack).sort();
    },
  };
}

function version3(nag: any, version: string): NagVersion {
  const validations = (core as any).Validations;
  return {
    label: `cdk-nag ${version}`,
    major: 3,
    acknowledge: (construct, suppressions) => validations.of(construct).acknowledge(
      ...suppressions.flatMap(({ id, reason, appliesTo }) => appliesTo ? appliesTo.map((f) => ({ id: `${id}[${f}]`, reason })) : [{ id, reason }])),
    check(app) {
      const packs = PACK_NAMES.map((pack) => new nag[pack](app));
      return (stack) => {
        // cdk-nag 3 runs as a policy-validation plugin, after the app's aspects (FlowLogEnforcement among them):
        // synthesize first, as `cdk synth` would, then validate.
        const annotations = annotationFindings(stack);
        const violations = packs.flatMap((pack) => pack.validateScope(stack).violations as any[]);
        const fromPacks = violations.flatMap((v) => v.violatingResources.map((r: any) => `/${r.constructPath} ${ruleOf(v.ruleName)}`));
        return [...fromPacks, ...annotations].sort();
      };
    },
  };
}

/** Every cdk-nag major installed, the primary `cdk-nag` first. */
export const NAG_VERSIONS: NagVersion[] = [load('cdk-nag'), load('cdk-nag-v2')]
  .filter((loaded) => loaded !== undefined)
  .map(({ module, version }) => (Number(version.split('.')[0]) >= 3 ? version3 : version2)(module, version));

/** Whether this aws-cdk-lib can run cdk-nag 3 (policy-validation plugins reading acknowledgements). */
export const CORE_HAS_VALIDATIONS = typeof (core as any).Validations?.of === 'function';
