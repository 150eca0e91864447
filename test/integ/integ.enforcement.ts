/**
 * Enforcement: FlowLogEnforcement in ADD mode over a VPC the app did not
 * log. Proves that the flow log the aspect adds exists on AWS for that VPC,
 * delivers to the archive it added (first file under the default layout,
 * SUCCESS), and that the added archive's probe finds it and stays quiet.
 */
import { ExpectedResult } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EnforcementMode, FlowLogArchive, FlowLogEnforcement } from '../../src';
import { probeOf } from './support/archive-parts';
import { expectFirstFile, expectProbeHealthy, inOrder, makeTraffic } from './support/expectations';
import { integTest } from './support/integ-app';
import { TestNetwork } from './support/network';
import { Traffic } from './support/traffic';

const app = new App();
const stack = new Stack(app, 'FlowLogArchiveIntegEnforcement');
const network = new TestNetwork(stack, 'Network', { cidr: '10.60.0.0/24', endpoint: false });
const traffic = new Traffic(stack, 'Traffic', { vpc: network.vpc, subnets: network.vpc.isolatedSubnets, targets: network.trafficTargets });
const enforcement = new FlowLogEnforcement({ mode: EnforcementMode.ADD, removalPolicy: RemovalPolicy.DESTROY });
enforcement.applyTo(app);
// integ-tests names its assertions after their parameters when they are
// created, so the archive must exist before synth: visit the stack now, as
// synth does. At synth the aspect visits it again and must add nothing (a
// second archive would show in the snapshot).
enforcement.visit(stack);
const archive = stack.node.findAll().find((c): c is FlowLogArchive => c instanceof FlowLogArchive);
if (!archive) {
  throw new Error(`FlowLogEnforcement added no FlowLogArchive to ${stack.node.path}`);
}

const { assertions } = integTest(app, 'Enforcement', [stack]);
const delivered = inOrder(
  makeTraffic(assertions, traffic.function),
  expectFirstFile(assertions, archive.bucket!.bucketName, {}),
);
// The flow log is found by the VPC it logs, not by what the archive says it made.
const flowLogOfVpc = assertions.awsApiCall('EC2', 'describeFlowLogs', { Filter: [{ Name: 'resource-id', Values: [network.vpc.vpcId] }] })
  .assertAtPath('FlowLogs.0.DeliverLogsStatus', ExpectedResult.exact('SUCCESS'));
delivered.next(flowLogOfVpc);
delivered.next(expectProbeHealthy(assertions, probeOf(archive)));
app.synth();
