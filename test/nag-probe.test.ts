import { App, Aspects } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { FlowLogDefaultsStack, FlowLogSubnetsAndEniStack } from '../examples/stacks';

test('probe', () => {
  const app = new App();
  const stacks = [new FlowLogDefaultsStack(app, 'D'), new FlowLogSubnetsAndEniStack(app, 'S')];
  for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
    Aspects.of(app).add(pack);
  }
  for (const stack of stacks) {
    const a = Annotations.fromStack(stack);
    const all = [...a.findError('*', Match.anyValue()), ...a.findWarning('*', Match.anyValue())];
    console.log(all.map((m) => `${m.id} ${String(m.entry.data).split(':')[0]}`).join('\n'));
  }
});
