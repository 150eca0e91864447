import { App } from 'aws-cdk-lib';
import { FlowLogBothDestinationsStack, FlowLogCloudWatchStack, FlowLogDefaultsStack, FlowLogSubnetsAndEniStack } from './stacks';

const app = new App();
new FlowLogDefaultsStack(app, 'FlowLogDefaults');
new FlowLogSubnetsAndEniStack(app, 'FlowLogSubnetsAndEni');
new FlowLogCloudWatchStack(app, 'FlowLogToCloudWatch');
new FlowLogBothDestinationsStack(app, 'FlowLogToBoth');
app.synth();
