import { Annotations, Aspects, IAspect, Stack, Stage, Tag } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { FlowLogArchiveSharing } from './archive-sharing';
import { FlowLogArchive } from './flow-log-archive';
import { FlowLogArchiveOptions } from './flow-log-archive-props';
import { archiveOptionsOf, checkArchiveOptions } from './private/archive-options-check';
import { EnforcedArchives } from './private/enforced-archives';
import { Checkpoint, CoverageIndex } from './private/enforcement-index';
import { checkEnumValue, checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { Described, invalid, isToken } from './private/validation';

/**
 * What `FlowLogEnforcement` does with a VPC that has no VPC-level flow log.
 */
export enum EnforcementMode {
  /** Add flow logs: one `FlowLogArchive` per stack logs all such VPCs of the stack. */
  ADD = 'ADD',
  /** Add a warning to the VPC (synth succeeds; `--strict` makes it fail). */
  WARN = 'WARN',
  /** Add an error to the VPC, so synth fails. */
  ERROR = 'ERROR',
}

/**
 * Properties of `FlowLogEnforcement`. The `FlowLogArchiveOptions` apply to
 * the archives ADD mode adds (one per stack, or per environment with
 * `archiveSharing`), with the `FlowLogArchive` defaults (a new archive
 * bucket each unless `destinations` names e.g. a central bucket); WARN and
 * ERROR modes take none of them.
 */
export interface FlowLogEnforcementProps extends FlowLogArchiveOptions {
  /**
   * What to do with a VPC that has no VPC-level flow log in its stack.
   */
  readonly mode: EnforcementMode;

  /**
   * Construct paths of VPCs to leave alone. `*` matches within one path
   * segment, `**` across segments (as a whole segment, also none), e.g.
   * `'Sandbox/**'` or `'*\/LegacyVpc'`. Paths start with the stage of a
   * stack inside a `Stage`. A pattern may name the VPC construct or its
   * `Resource`.
   *
   * @default - no path is excluded
   */
  readonly excludePaths?: string[];

  /**
   * VPCs tagged with this key (any value) are left alone: set on the VPC,
   * with `Tags.of()` on it or a parent, or as a stack tag.
   *
   * @default - no tag excludes a VPC
   */
  readonly excludeTag?: string;

  /**
   * Whether ADD mode adds an archive to each stack that needs one, or one
   * per environment (account and Region) that the flow logs of every stack
   * of that environment deliver to, through cross-stack references. One
   * archive has a fixed monthly cost (keys, alarms, request metrics, the
   * probe; README: "Fixed cost at fleet scale").
   *
   * @default FlowLogArchiveSharing.PER_STACK
   */
  readonly archiveSharing?: FlowLogArchiveSharing;

  /**
   * With `FlowLogArchiveSharing.PER_ENVIRONMENT`: the stacks that hold the
   * shared archives, at most one per environment (account and Region of a
   * Stage). Name stacks that come after the others in the app, or set the
   * feature flag `@aws-cdk/core:aspectStabilization`, so that aspects
   * applied to the app (tags, cdk-nag) also visit the archive added to them.
   *
   * @default - the first stack of each environment that has a VPC to log
   */
  readonly archiveStacks?: Stack[];
}

/**
 * An Aspect that makes sure every VPC in the app has a VPC-level flow log:
 * adds one, warns, or fails the synth.
 *
 * A VPC counts as covered when an `AWS::EC2::FlowLog` anywhere in the app
 * (ours, the CDK's `vpc.addFlowLog`, or an L1; in the VPC's stack or
 * another) has `ResourceType` VPC and references it, including flow logs
 * other aspects add before or after this one (in a later stack too, when
 * the aspect is applied to the app or Stage). Applying the aspect twice, or
 * two such aspects, adds nothing twice.
 *
 * @example
 * new FlowLogEnforcement({ mode: EnforcementMode.ADD }).applyTo(app);
 */
export class FlowLogEnforcement implements IAspect {
  private readonly excludePatterns: RegExp[];
  /** Option names this library does not know, warned about on the first stack visited. */
  private readonly unknownOptions: string[];
  private unknownOptionsReported = false;
  /**
   * The apps and Stages this aspect visits itself, with the stacks whose
   * WARN or ERROR decision waits for the Stage's checkpoint.
   */
  private readonly stagesDecidingLast = new Map<Stage, Stack[]>();
  /** Names of the archive buckets added so far, with the stack each is in. */
  private readonly bucketNames = new Map<string, string>();
  private readonly archives: EnforcedArchives;

  constructor(private readonly props: FlowLogEnforcementProps) {
    checkKind('props', props, 'an object of FlowLogEnforcementProps', isOptionsObject, 'Pass e.g. { mode: EnforcementMode.ADD }.', true);
    checkEnumValue('mode', props.mode, 'EnforcementMode', EnforcementMode);
    if (props.mode === undefined) {
      throw invalid('mode', 'must be given', new Described('no mode'), 'Use EnforcementMode.ADD, EnforcementMode.WARN or EnforcementMode.ERROR.');
    }
    // Unknown alarm options are warned about by the archives ADD mode creates.
    checkArchiveOptions(props);
    this.unknownOptions = checkOptionNames('FlowLogEnforcementProps', props);
    const empty = (props.excludePaths ?? []).find((p) => p.trim() === '');
    if (empty !== undefined) {
      throw invalid('excludePaths', 'must not contain an empty pattern', empty, "Remove it; use construct paths such as 'Sandbox/**'.");
    }
    if (props.excludeTag !== undefined && props.excludeTag.trim() === '') {
      throw invalid('excludeTag', 'must not be empty', props.excludeTag, 'Give the tag key that marks VPCs to leave alone, or leave excludeTag undefined.');
    }
    if (props.destinations?.length === 0) {
      throw invalid('destinations', 'must contain at least one destination', [], 'Leave destinations undefined for a new S3 archive per stack.');
    }
    const sharingOptions = (['archiveSharing', 'archiveStacks'] as const).filter((option) => props[option] !== undefined);
    const addOnly = [...Object.keys(archiveOptionsOf(props)), ...sharingOptions];
    if (props.mode !== EnforcementMode.ADD && addOnly.length > 0) {
      throw invalid('mode', `must be ADD when ${addOnly.join(', ')} ${addOnly.length === 1 ? 'is' : 'are'} given (they only apply to flow logs it adds)`,
        props.mode, `Use EnforcementMode.ADD, or remove ${addOnly.join(', ')}.`);
    }
    this.excludePatterns = (props.excludePaths ?? []).map(globToRegExp);
    checkEnumValue('archiveSharing', props.archiveSharing, 'FlowLogArchiveSharing', FlowLogArchiveSharing);
    const sharing = props.archiveSharing ?? FlowLogArchiveSharing.PER_STACK;
    if (props.archiveStacks !== undefined && sharing !== FlowLogArchiveSharing.PER_ENVIRONMENT) {
      throw invalid('archiveSharing', 'must be FlowLogArchiveSharing.PER_ENVIRONMENT when archiveStacks is given', sharing,
        'Pass archiveSharing: FlowLogArchiveSharing.PER_ENVIRONMENT, or remove archiveStacks.');
    }
    this.archives = new EnforcedArchives(archiveOptionsOf(props), sharing, props.archiveStacks ?? [],
      (stack, archive) => this.checkBucketNameUnique(stack, archive));
  }

  /**
   * Add this aspect to `scope` and to every Stage nested in it. (The CDK
   * does not carry aspects across Stage boundaries, so
   * `Aspects.of(app).add()` alone misses stacks inside stages.) Call it
   * after the stages are created.
   */
  public applyTo(scope: IConstruct): void {
    for (const construct of [scope, ...scope.node.findAll().filter((c) => Stage.isStage(c) && c !== scope)]) {
      Aspects.of(construct).add(this);
    }
  }

  public visit(node: IConstruct): void {
    // Linear in the app's size: one coverage index per synthesis, and one
    // walk of each stack (private/enforcement-index.ts).
    if (node instanceof ec2.CfnFlowLog) {
      CoverageIndex.of(node).addFlowLog(node);
      return;
    }
    // ADD mode adds when it visits the stack, before its VPCs are visited,
    // so that aspects reading the template (cdk-nag 2) see the flow logs; at
    // the checkpoint it withdraws those another aspect has made redundant
    // since. WARN and ERROR decide at the checkpoint: the Stage's, after
    // all its stacks, when this aspect visits the Stage; else the stack's.
    if (Checkpoint.isCheckpoint(node)) {
      const scope = node.decides;
      if (Stack.isStack(scope)) {
        this.decideStack(scope);
      } else {
        this.decideStage(scope);
      }
      return;
    }
    if (Stage.isStage(node)) {
      this.stagesDecidingLast.set(node, []);
      Checkpoint.addTo(node);
      return;
    }
    if (!Stack.isStack(node)) {
      return;
    }
    if (!this.unknownOptionsReported) {
      warnUnknownOptions(node, 'FlowLogEnforcementProps', this.unknownOptions);
      this.unknownOptionsReported = true;
    }
    if (this.props.mode === EnforcementMode.ADD) {
      this.enforce(node);
    }
    Checkpoint.addTo(node);
  }

  /**
   * At a stack's checkpoint: withdraw what ADD mode made redundant, or warn
   * (fail) now, unless the Stage's checkpoint decides later.
   */
  private decideStack(stack: Stack): void {
    const pending = this.stagesDecidingLast.get(Stage.of(stack)!);
    if (this.props.mode === EnforcementMode.ADD) {
      CoverageIndex.of(stack).withdrawDuplicates(stack);
    } else if (pending) {
      pending.push(stack);
    } else {
      this.enforce(stack);
    }
  }

  /**
   * At a Stage's checkpoint: count the flow logs other aspects added in any
   * of its stacks, then withdraw what ADD mode made redundant, or warn
   * (fail) for the stacks whose decision waited.
   */
  private decideStage(stage: Stage): void {
    const index = CoverageIndex.of(stage);
    index.refresh(stage);
    if (this.props.mode === EnforcementMode.ADD) {
      index.stacksWithAdditions(stage).forEach((stack) => index.withdrawDuplicates(stack));
    } else {
      (this.stagesDecidingLast.get(stage) ?? []).forEach((stack) => this.enforce(stack));
    }
    this.stagesDecidingLast.delete(stage);
  }

  private enforce(stack: Stack): void {
    const index = CoverageIndex.of(stack);
    const uncovered = index.uncoveredVpcs(stack).filter((vpc) => !this.isExcluded(vpc));
    if (uncovered.length === 0) {
      return;
    }
    if (this.props.mode === EnforcementMode.ADD) {
      for (const added of this.archives.addFlowLogs(stack, uncovered)) {
        index.addedFor(added.vpc, added.flowLogs, added.withdraw);
      }
      return;
    }
    for (const vpc of uncovered) {
      const message = `VPC ${vpcPath(vpc)} has no VPC-level flow log (Security Hub EC2.6). `
        + 'Add new FlowLogArchive(this, \'FlowLogs\', { targets: [FlowLogTarget.fromVpc(vpc)] }), '
        + 'or exclude it with excludePaths or excludeTag of FlowLogEnforcement.';
      if (this.props.mode === EnforcementMode.ERROR) {
        Annotations.of(vpc).addError(message);
      } else {
        Annotations.of(vpc).addWarningV2('cdk-flow-log-archive:vpcWithoutFlowLogs', message);
      }
    }
  }

  /**
   * `bucketProps.bucketName` in `destinations` gives the archive bucket of
   * every stack the same name; S3 bucket names are global, so the second
   * stack would fail to deploy.
   */
  private checkBucketNameUnique(stack: Stack, archive: FlowLogArchive): void {
    const name = (archive.archiveBucket?.bucket.node.defaultChild as s3.CfnBucket | undefined)?.bucketName;
    if (name === undefined || isToken(name)) {
      return;
    }
    const first = this.bucketNames.get(name);
    if (first !== undefined) {
      throw invalid('destinations', `must not name the archive bucket (bucketProps.bucketName) when archives are added to more than one stack (${first} and ${stack.node.path})`,
        name, 'Deliver to one central bucket with FlowLogDestination.s3({ bucketArn }), or leave bucketName undefined: S3 bucket names are global.');
    }
    this.bucketNames.set(name, stack.node.path);
  }

  private isExcluded(vpc: ec2.CfnVPC): boolean {
    const paths = [vpc.node.path, vpcPath(vpc)];
    if (this.excludePatterns.some((pattern) => paths.some((p) => pattern.test(p)))) {
      return true;
    }
    return this.props.excludeTag !== undefined && hasTag(vpc, this.props.excludeTag);
  }
}

/** The path users know: the L2 VPC's, or the L1's. */
function vpcPath(vpc: ec2.CfnVPC): string {
  return vpc.node.scope instanceof ec2.Vpc ? vpc.node.scope.node.path : vpc.node.path;
}

/**
 * Tags are applied by aspects that may not have run yet when a stack is
 * visited, so look for the tag both on the resource and among the Tag
 * aspects of the VPC and its ancestors.
 */
function hasTag(vpc: ec2.CfnVPC, key: string): boolean {
  // Stack tags (StackProps.tags) reach every resource of the stack at deploy time.
  if (vpc.tags.tagValues()[key] !== undefined || Stack.of(vpc).tags.tagValues()[key] !== undefined) {
    return true;
  }
  return vpc.node.scopes.some((scope) => Aspects.of(scope).all.some((aspect) => aspect instanceof Tag && aspect.key === key));
}

/**
 * `*` matches within one path segment and `**` across segments; `**` as a
 * whole segment matches any number of segments, none included. Every other
 * character is literal.
 */
function globToRegExp(glob: string): RegExp {
  const pattern = glob.split('/').map((segment) => segment === '**'
    ? '\u0000'
    : segment.split('**').map((part) => part.split('*').map(escapeRegExp).join('[^/]*')).join('.*'))
    .join('/')
    .replace(/^\u0000\//, '(?:.*/)?')
    .replace(/\/\u0000$/, '(?:/.*)?')
    .replace(/\/\u0000\//g, '/(?:.*/)?')
    .replace(/\u0000/g, '.*');
  return new RegExp(`^${pattern}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
