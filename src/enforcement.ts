import { Annotations, Aspects, IAspect, Reference, Stack, Stage, Tag, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { FlowLogArchive } from './flow-log-archive';
import { FlowLogArchiveOptions } from './flow-log-archive-props';
import { archiveOptionsOf, checkArchiveOptions } from './private/archive-options-check';
import { checkEnumValue, checkKind, checkOptionNames, isOptionsObject, warnUnknownOptions } from './private/untyped-input';
import { Described, invalid, isToken } from './private/validation';
import { FlowLogTarget } from './target';

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
 * the archives ADD mode adds, one per stack with the `FlowLogArchive`
 * defaults (a new archive bucket per stack unless `destinations` names
 * e.g. a central bucket); WARN and ERROR modes take none of them.
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
}

/** The construct ID of the archive ADD mode puts in each stack. */
const ENFORCED_ARCHIVE_ID = 'FlowLogEnforcement';

/**
 * An Aspect that makes sure every VPC in the app has a VPC-level flow log:
 * adds one, warns, or fails the synth.
 *
 * A VPC counts as covered when an `AWS::EC2::FlowLog` anywhere in the app
 * (ours, the CDK's `vpc.addFlowLog`, or an L1; in the VPC's stack or
 * another) has `ResourceType` VPC and references it. Applying the aspect
 * twice, or two such aspects, adds nothing twice.
 *
 * @example
 * new FlowLogEnforcement({ mode: EnforcementMode.ADD }).applyTo(app);
 */
export class FlowLogEnforcement implements IAspect {
  private readonly excludePatterns: RegExp[];
  /** Option names this library does not know, warned about on the first stack visited. */
  private readonly unknownOptions: string[];
  private unknownOptionsReported = false;
  /** Names of the archive buckets added so far, with the stack each is in. */
  private readonly bucketNames = new Map<string, string>();

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
    const addOnly = Object.keys(archiveOptionsOf(props));
    if (props.mode !== EnforcementMode.ADD && addOnly.length > 0) {
      throw invalid('mode', `must be ADD when ${addOnly.join(', ')} ${addOnly.length === 1 ? 'is' : 'are'} given (they only apply to flow logs it adds)`,
        props.mode, `Use EnforcementMode.ADD, or remove ${addOnly.join(', ')}.`);
    }
    this.excludePatterns = (props.excludePaths ?? []).map(globToRegExp);
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
    if (!Stack.isStack(node)) {
      return;
    }
    if (!this.unknownOptionsReported) {
      warnUnknownOptions(node, 'FlowLogEnforcementProps', this.unknownOptions);
      this.unknownOptionsReported = true;
    }
    const uncovered = uncoveredVpcs(node).filter((vpc) => !this.isExcluded(vpc));
    if (uncovered.length === 0) {
      return;
    }
    if (this.props.mode === EnforcementMode.ADD) {
      this.addFlowLogs(node, uncovered);
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

  private addFlowLogs(stack: Stack, vpcs: ec2.CfnVPC[]): void {
    const existing = stack.node.tryFindChild(ENFORCED_ARCHIVE_ID) as FlowLogArchive | undefined;
    const targets = vpcs.map((vpc) => FlowLogTarget.fromVpc(vpcOf(vpc)));
    if (existing) {
      targets.forEach((target) => existing.addTarget(target));
      return;
    }
    const archive = new FlowLogArchive(stack, ENFORCED_ARCHIVE_ID, { ...archiveOptionsOf(this.props), targets });
    this.checkBucketNameUnique(stack, archive);
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

/**
 * The VPCs of `stack` (not of nested stages or stacks) that no VPC-level
 * flow log of the app references. A flow log is matched to the VPC object
 * its `ResourceId` refers to, not to what that resolves to: before synth a
 * reference to another stack's VPC still resolves to a `Ref` of its
 * logical ID, which a VPC at the same path in this stack shares.
 */
function uncoveredVpcs(stack: Stack): ec2.CfnVPC[] {
  const covered = new Set(stack.node.root.node.findAll()
    .filter((c): c is ec2.CfnFlowLog => c instanceof ec2.CfnFlowLog && c.resourceType === 'VPC')
    .map((flowLog) => referencedConstruct(flowLog.resourceId)));
  return stack.node.findAll()
    .filter((c): c is ec2.CfnVPC => c instanceof ec2.CfnVPC && Stack.of(c) === stack)
    .filter((vpc) => !covered.has(vpc));
}

/** The construct a value refers to (`Ref` or `GetAtt` of it), if it is a reference. */
function referencedConstruct(value: string): IConstruct | undefined {
  const token = Tokenization.reverse(value, { failConcat: false });
  return token instanceof Reference ? token.target : undefined;
}

/** Wraps an L1 VPC so that FlowLogTarget can log it; the L2's path when there is one. */
function vpcOf(vpc: ec2.CfnVPC): ec2.IVpc {
  const parent = vpc.node.scope;
  if (parent instanceof ec2.Vpc) {
    return parent;
  }
  return { vpcId: vpc.ref, node: vpc.node } as unknown as ec2.IVpc;
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
