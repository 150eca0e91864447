/** The variable that turns the cross-account test on: the log-archive account's id. */
export const CENTRAL_ACCOUNT_VARIABLE = 'FLOW_LOG_ARCHIVE_INTEG_CENTRAL_ACCOUNT';

/**
 * The two accounts of the cross-account test. integ-runner synthesizes
 * snapshots with CDK_INTEG_ACCOUNT set and no credentials: the snapshot
 * then holds placeholders (12 digits, as the library requires of
 * `sourceAccounts`), so that it is the same for everyone. A real run takes
 * the caller's account and the configured central one.
 */
export function integAccounts(env: NodeJS.ProcessEnv = process.env): { source: string; central: string } {
  if (env.CDK_INTEG_ACCOUNT) {
    return { source: '111111111111', central: '222222222222' };
  }
  const central = env[CENTRAL_ACCOUNT_VARIABLE];
  const source = env.CDK_DEFAULT_ACCOUNT;
  if (!central || !/^\d{12}$/.test(central)) {
    throw new Error(`${CENTRAL_ACCOUNT_VARIABLE} must be the 12-digit id of a second account (the log-archive account): got '${central ?? ''}'. `
      + 'npx projen integ leaves this test out when it is not set.');
  }
  if (!source || source === central) {
    throw new Error(`The central bucket test needs credentials of an account other than ${central}: got '${source ?? 'none'}'.`);
  }
  return { source, central };
}
