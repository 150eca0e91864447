import { App } from 'aws-cdk-lib';
import { addExampleStacks } from './stacks';

const app = new App();
addExampleStacks(app);
app.synth();
