/**
 * The negative test: a key policy that denies the log-delivery service the
 * archive's key (as a later edit of the key policy could). Proves that the
 * flow log then reports FAILED, that the probe counts it, and that the
 * probe's alarm goes to ALARM because of that count, not for lack of data.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { FlowLogArchive, FlowLogTarget } from '../../src';
import { probeOf } from './support/archive-parts';
import { expectDeliveryStatus, expectProbeAlarm, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegDeliveryFailure');
const network = new TestNetwork(stack, 'Network', { cidr: '10.50.0.0/24', endpoint: false });
const archive = new FlowLogArchive(stack, 'FlowLogs', {
  targets: [FlowLogTarget.fromVpc(network.vpc)],
  removalPolicy: RemovalPolicy.DESTROY,
});
const key = archive.encryptionKey;
if (!(key instanceof kms.Key)) {
  throw new Error('the archive should have created its own key');
}
// An explicit deny wins over the statement the library adds for the same service
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
key.addToResourcePolicy(new iam.PolicyStatement({
  sid: 'IntegTestDeniesFlowLogDelivery',
  effect: iam.Effect.DENY,
  principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
  actions: ['kms:*'],
  resources: ['*'],
}));
const traffic = new Traffic(stack, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });

const { assertions } = integTest(app, 'DeliveryFailure', [stack]);
inOrder(
  makeTraffic(assertions, traffic.function),
  expectDeliveryStatus(assertions, archive.flowLogs[0], 'FAILED', true),
  expectProbeAlarm(assertions, probeOf(archive)),
);
app.synth();
