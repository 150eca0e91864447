import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { CurrentNodeRuntimes } from './current-runtimes';
import { EmptyArchivesOnDelete } from './empty-on-delete';

/**
 * The options every test shares: no update workflow (each test deploys
 * fresh, and the snapshots are region- and account-agnostic placeholders),
 * asset hashes ignored in the snapshot comparison.
 */
export function integTest(app: App, id: string, testCases: Stack[], assertionStack?: Stack): IntegTest {
  // After any aspect the test adds itself (FlowLogEnforcement), so that the archives it adds are emptied too.
  Aspects.of(app).add(new EmptyArchivesOnDelete());
  // After it too, so that its provider functions get a runtime Lambda still creates.
  Aspects.of(app).add(new CurrentNodeRuntimes());
  return new IntegTest(app, id, { testCases, assertionStack, stackUpdateWorkflow: false, diffAssets: false });
}
