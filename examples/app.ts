import { App } from 'aws-cdk-lib';
import { FlowLogDefaultsStack, FlowLogSubnetsAndEniStack } from './stacks';

const app = new App();
new FlowLogDefaultsStack(app, 'FlowLogDefaults');
new FlowLogSubnetsAndEniStack(app, 'FlowLogSubnetsAndEni');
app.synth();
