import { Reference, Stack, Stage, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';

/**
 * Which VPCs of an app have a VPC-level flow log, built once per synthesis
 * and kept up to date, so that `FlowLogEnforcement` costs time linear in the
 * app's size (it used to walk the whole app at every stack: quadratic).
 *
 * - One index per construct tree (its root; a Stage's stacks cannot reference
 *   another Stage's VPCs, so the root's index serves every Stage): built on
 *   the first visit with one walk of the tree.
 * - Extended by every `AWS::EC2::FlowLog` the aspect visits (aspects visit
 *   what other aspects add), by what ADD mode adds, and by one walk of each
 *   stack: when the aspect visits the stack (to decide) and again at the
 *   stack's {@link Checkpoint} (to see what other aspects added since).
 *
 * The aspect decides when it visits the stack, before the stack's VPCs are
 * visited, so that aspects that read the template (cdk-nag 2) see the flow
 * logs ADD mode adds. A flow log another aspect adds to a VPC of the stack
 * afterwards is found at the checkpoint, the stack's last child, which
 * every aspect visits after the stack's other constructs; the flow logs ADD
 * mode added for that VPC are then withdrawn, so it is not logged twice.
 * When the aspect is applied to an app or a Stage, it also adds a
 * checkpoint as the Stage's last child, visited after all its stacks: there
 * it sees the flow logs other aspects added in later stacks for VPCs of
 * earlier ones (another stack may log a VPC through a reference).
 */
export class CoverageIndex {
  /** The index of the tree `scope` is in, built on first use. */
  public static of(scope: IConstruct): CoverageIndex {
    const root = scope.node.root;
    let index = INDEXES.get(root);
    if (!index) {
      index = new CoverageIndex(root);
      INDEXES.set(root, index);
    }
    return index;
  }

  /** The VPC-level flow logs that reference each construct (a CfnVPC). */
  private readonly coveredBy = new Map<IConstruct, Set<ec2.CfnFlowLog>>();
  private readonly seen = new WeakSet<ec2.CfnFlowLog>();
  /** What ADD mode added, by stack and VPC, and how to withdraw it. */
  private readonly added = new Map<Stack, Map<ec2.CfnVPC, AddedFlowLogs>>();
  private readonly addedFlowLogs = new WeakSet<ec2.CfnFlowLog>();

  private constructor(root: IConstruct) {
    for (const construct of root.node.findAll()) {
      if (construct instanceof ec2.CfnFlowLog) {
        this.addFlowLog(construct);
      }
    }
  }

  /** Count the VPC a flow log references as covered (for a VPC-level flow log). */
  public addFlowLog(flowLog: ec2.CfnFlowLog): void {
    if (this.seen.has(flowLog)) {
      return;
    }
    this.seen.add(flowLog);
    if (flowLog.resourceType !== 'VPC') {
      return;
    }
    const target = referencedConstruct(flowLog.resourceId);
    if (target) {
      let flowLogs = this.coveredBy.get(target);
      if (!flowLogs) {
        flowLogs = new Set();
        this.coveredBy.set(target, flowLogs);
      }
      flowLogs.add(flowLog);
    }
  }

  /**
   * The VPCs of `stack` (not of nested stacks) that no VPC-level flow log of
   * the app references, after counting the flow logs in the stack now. A flow
   * log is matched to the VPC object its `ResourceId` refers to, not to what
   * that resolves to: before synth a reference to another stack's VPC still
   * resolves to a `Ref` of its logical ID, which a VPC at the same path in
   * this stack shares.
   */
  public uncoveredVpcs(stack: Stack): ec2.CfnVPC[] {
    const vpcs: ec2.CfnVPC[] = [];
    for (const construct of stack.node.findAll()) {
      if (construct instanceof ec2.CfnFlowLog) {
        this.addFlowLog(construct);
      } else if (construct instanceof ec2.CfnVPC && Stack.of(construct) === stack) {
        vpcs.push(construct);
      }
    }
    return vpcs.filter((vpc) => !this.coveredBy.get(vpc)?.size);
  }

  /** Record the flow logs ADD mode added for `vpc`, and how to remove them. */
  public addedFor(vpc: ec2.CfnVPC, flowLogs: ec2.CfnFlowLog[], withdraw: () => void): void {
    flowLogs.forEach((flowLog) => {
      this.addFlowLog(flowLog);
      this.addedFlowLogs.add(flowLog);
    });
    const stack = Stack.of(vpc);
    let byVpc = this.added.get(stack);
    if (!byVpc) {
      byVpc = new Map();
      this.added.set(stack, byVpc);
    }
    byVpc.set(vpc, { flowLogs: new Set(flowLogs), withdraw });
  }

  /** Count the flow logs in `scope` now (at a Stage's checkpoint: one walk of the Stage). */
  public refresh(scope: IConstruct): void {
    for (const construct of scope.node.findAll()) {
      if (construct instanceof ec2.CfnFlowLog) {
        this.addFlowLog(construct);
      }
    }
  }

  /** The stacks of `stage` (not of Stages within it) that ADD mode added flow logs to. */
  public stacksWithAdditions(stage: Stage): Stack[] {
    return [...this.added.keys()].filter((stack) => Stage.of(stack) === stage);
  }

  /**
   * At the stack's checkpoint: withdraw the flow logs ADD mode added to VPCs
   * of `stack` that another flow log now covers (one added by an aspect that
   * ran after this one). Returns the VPCs withdrawn.
   */
  public withdrawDuplicates(stack: Stack): ec2.CfnVPC[] {
    const byVpc = this.added.get(stack);
    if (!byVpc) {
      return [];
    }
    for (const construct of stack.node.findAll()) {
      if (construct instanceof ec2.CfnFlowLog) {
        this.addFlowLog(construct);
      }
    }
    const withdrawn: ec2.CfnVPC[] = [];
    for (const [vpc, added] of byVpc) {
      const others = [...this.coveredBy.get(vpc) ?? []].filter((flowLog) => !this.addedFlowLogs.has(flowLog));
      if (others.length > 0) {
        added.withdraw();
        added.flowLogs.forEach((flowLog) => this.coveredBy.get(vpc)?.delete(flowLog));
        byVpc.delete(vpc);
        withdrawn.push(vpc);
      }
    }
    return withdrawn;
  }

}

interface AddedFlowLogs {
  readonly flowLogs: Set<ec2.CfnFlowLog>;
  readonly withdraw: () => void;
}

const INDEXES = new WeakMap<IConstruct, CoverageIndex>();

/** The construct ID of the checkpoint the aspect adds to each stack and Stage. */
const CHECKPOINT_ID = 'FlowLogEnforcementCheckpoint';

/**
 * A construct of no resources, the last child of a stack, or of an app or
 * Stage: aspects visit it after everything else in that scope (for a Stage,
 * after every stack of it), so the aspect sees there what other aspects
 * added to it.
 */
export class Checkpoint extends Construct {
  /** Add the checkpoint to `scope` (once, whichever aspect asks first). */
  public static addTo(scope: Stack | Stage): void {
    if (!scope.node.tryFindChild(CHECKPOINT_ID)) {
      new Checkpoint(scope, CHECKPOINT_ID);
    }
  }

  public static isCheckpoint(x: unknown): x is Checkpoint {
    return x instanceof Checkpoint;
  }

  /** The stack, app or Stage this checkpoint decides. */
  public get decides(): Stack | Stage {
    return this.node.scope as Stack | Stage;
  }
}

/** The construct a value refers to (`Ref` or `GetAtt` of it), if it is a reference. */
function referencedConstruct(value: string): IConstruct | undefined {
  const token = Tokenization.reverse(value, { failConcat: false });
  return token instanceof Reference ? token.target : undefined;
}
