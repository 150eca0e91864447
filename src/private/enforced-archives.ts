import { Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { FlowLogArchiveSharing } from '../archive-sharing';
import { FlowLogArchive } from '../flow-log-archive';
import { FlowLogArchiveOptions } from '../flow-log-archive-props';
import { FlowLogTarget } from '../target';
import { invalid } from './validation';

/** The construct ID of the archive ADD mode adds (and, in other stacks, of the scope holding the flow logs to a shared one). */
export const ENFORCED_ARCHIVE_ID = 'FlowLogEnforcement';

/** What a stack's added flow logs need: one function per VPC that withdraws them. */
export type Withdraw = () => void;

/**
 * The archives ADD mode adds: one per stack, or one per environment of each
 * Stage (FlowLogArchiveSharing.PER_ENVIRONMENT).
 */
export class EnforcedArchives {
  /** Shared archives by environment key. */
  private readonly shared = new Map<string, FlowLogArchive>();
  /** Targets each archive logs, so that an archive left with none is removed. */
  private readonly targetCounts = new Map<FlowLogArchive, number>();
  /** The named archive stack of each environment. */
  private readonly namedStacks = new Map<string, Stack>();

  constructor(
    private readonly archiveProps: FlowLogArchiveOptions,
    private readonly sharing: FlowLogArchiveSharing,
    archiveStacks: Stack[],
    private readonly onNewArchive: (stack: Stack, archive: FlowLogArchive) => void,
  ) {
    for (const stack of archiveStacks) {
      const key = environmentKey(stack);
      const other = this.namedStacks.get(key);
      if (other) {
        throw invalid('archiveStacks', `must name one stack per environment: ${other.node.path} and ${stack.node.path} are both in ${describeEnvironment(stack)}`,
          stack.node.path, 'Keep one of them; the shared archive of an environment lives in one stack.');
      }
      this.namedStacks.set(key, stack);
    }
  }

  /** Log `vpcs` of `stack`; returns, per VPC, the flow logs added and how to withdraw them. */
  public addFlowLogs(stack: Stack, vpcs: ec2.CfnVPC[]): Array<{ vpc: ec2.CfnVPC; flowLogs: ec2.CfnFlowLog[]; withdraw: Withdraw }> {
    const archive = this.archiveFor(stack);
    const scope = Stack.of(archive) === stack ? archive : this.scopeIn(stack);
    return vpcs.map((vpc) => {
      const before = new Set(archive.flowLogs);
      const remove = archive._addTargetIn(scope, FlowLogTarget.fromVpc(vpcOf(vpc)));
      const flowLogs = archive.flowLogs.filter((flowLog) => !before.has(flowLog));
      this.targetCounts.set(archive, (this.targetCounts.get(archive) ?? 0) + 1);
      return {
        vpc,
        flowLogs,
        withdraw: () => {
          remove();
          const left = this.targetCounts.get(archive)! - 1;
          this.targetCounts.set(archive, left);
          if (left === 0) {
            // An archive with nothing to log would fail validation, and cost money.
            archive.node.scope?.node.tryRemoveChild(archive.node.id);
            this.forget(archive);
          }
        },
      };
    });
  }

  private archiveFor(stack: Stack): FlowLogArchive {
    if (this.sharing === FlowLogArchiveSharing.PER_STACK) {
      const existing = stack.node.tryFindChild(ENFORCED_ARCHIVE_ID);
      if (existing instanceof FlowLogArchive) {
        return existing;
      }
      return this.newArchive(stack);
    }
    const key = environmentKey(stack);
    const existing = this.shared.get(key);
    if (existing) {
      return existing;
    }
    const home = this.namedStacks.get(key) ?? stack;
    const found = home.node.tryFindChild(ENFORCED_ARCHIVE_ID);
    const archive = found instanceof FlowLogArchive ? found : this.newArchive(home);
    this.shared.set(key, archive);
    return archive;
  }

  private newArchive(stack: Stack): FlowLogArchive {
    if (stack.node.tryFindChild(ENFORCED_ARCHIVE_ID)) {
      throw invalid('archiveStacks', `names ${stack.node.path}, which already has a construct with id '${ENFORCED_ARCHIVE_ID}' (the flow logs of its VPCs to another archive)`,
        stack.node.path, 'Name a stack of that environment whose VPCs are logged, or none (the first such stack then holds the archive).');
    }
    // Created without targets, which are added next, so its validation sees them.
    const archive = new FlowLogArchive(stack, ENFORCED_ARCHIVE_ID, { ...this.archiveProps, targets: [] });
    this.onNewArchive(stack, archive);
    return archive;
  }

  /** The construct in `stack` that holds the flow logs to a shared archive in another stack. */
  private scopeIn(stack: Stack): Construct {
    const existing = stack.node.tryFindChild(ENFORCED_ARCHIVE_ID);
    return existing instanceof Construct ? existing : new Construct(stack, ENFORCED_ARCHIVE_ID);
  }

  private forget(archive: FlowLogArchive): void {
    for (const [key, shared] of this.shared) {
      if (shared === archive) {
        this.shared.delete(key);
      }
    }
  }
}

/**
 * Stacks in one Stage with the same account and Region (as written: two
 * environment-agnostic stacks share one) can reference each other's
 * resources; stacks of different Stages cannot.
 */
function environmentKey(stack: Stack): string {
  return JSON.stringify([Stage.of(stack)?.node.path ?? '', stack.account, stack.region]);
}

function describeEnvironment(stack: Stack): string {
  const part = (value: string, what: string) => Token.isUnresolved(value) ? `any ${what}` : value;
  return `${part(stack.account, 'account')}/${part(stack.region, 'Region')}`;
}

/** Wraps an L1 VPC so that FlowLogTarget can log it; the L2's path when there is one. */
export function vpcOf(vpc: ec2.CfnVPC): ec2.IVpc {
  const parent = vpc.node.scope;
  if (parent instanceof ec2.Vpc) {
    return parent;
  }
  return { vpcId: vpc.ref, node: vpc.node } as unknown as ec2.IVpc;
}
