/**
 * Where `FlowLogEnforcement` in ADD mode puts the archives its flow logs deliver to.
 */
export enum FlowLogArchiveSharing {
  /**
   * One `FlowLogArchive` in each stack that has a VPC to log (its own
   * buckets, keys, alarms and probe).
   */
  PER_STACK = 'PER_STACK',

  /**
   * One `FlowLogArchive` per environment (account and Region) of each Stage:
   * in the stack `archiveStacks` names for that environment, else in the
   * first stack of the environment that has a VPC to log. The flow logs of
   * the other stacks stay in their VPC's stack and reference the shared
   * archive through cross-stack references (exports), so those stacks
   * depend on the archive's stack. Each of them also gets an
   * `AWS::SSM::Parameter` with how many flow logs of the archive it has,
   * which the archive's delivery-status probe reads, so flow logs of a stack
   * not deployed yet are never reported missing.
   */
  PER_ENVIRONMENT = 'PER_ENVIRONMENT',
}
