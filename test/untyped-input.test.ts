/**
 * Callers without types (plain JavaScript, or a spread of a wider object):
 * the checks TypeScript would have made. The exact error messages are in
 * bad-inputs.test.ts; here, what is accepted, what only warns, and that the
 * option lists match the interfaces they stand for.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { EnforcementMode, FlowLogArchive, FlowLogArchiveBucket, FlowLogDestination, FlowLogEnforcement, FlowLogTarget } from '../src';
import { newApp, newStack, newVpc } from './support/fixtures';
import { sourceFiles, SRC } from './support/validation-sites';
import { OPTION_NAMES } from '../src/private/option-names';
import { unknownOptionNames } from '../src/private/untyped-input';

/** The property names of every exported interface in src/, by interface name. */
function interfaceMembers(): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf-8'), ts.ScriptTarget.Latest, true);
    source.forEachChild((node) => {
      if (ts.isInterfaceDeclaration(node) && !file.includes(`${path.sep}private${path.sep}`)) {
        const own = node.members.filter(ts.isPropertySignature).map((m) => m.name.getText(source));
        const inherited = (node.heritageClauses ?? []).flatMap((clause) => clause.types.map((t) => `...${t.expression.getText(source)}`));
        members.set(node.name.text, [...own, ...inherited]);
      }
    });
  }
  return members;
}

/** The names of an interface with those of the interfaces it extends, in src/. */
function allMembers(name: string, members: Map<string, string[]>): string[] {
  return (members.get(name) ?? []).flatMap((member) => member.startsWith('...') ? allMembers(member.slice(3), members) : [member]);
}

describe('the option lists', () => {
  const members = interfaceMembers();
  test.each(Object.keys(OPTION_NAMES))('%s lists exactly the properties of its interface', (name) => {
    expect(members.has(name)).toBe(true);
    expect([...OPTION_NAMES[name as keyof typeof OPTION_NAMES]].sort()).toEqual(allMembers(name, members).sort());
  });

  test('every props interface a user passes to a construct or factory is listed', () => {
    const exported = [...members.keys()].filter((name) => /(Props|Options|Lifecycle)$/.test(name));
    // Props of constructs the archive creates for its methods, from options already checked.
    const internal = ['FlowLogQueriesProps', 'FlowLogInsightsQueriesProps', 'FlowLogTrafficAlarmProps', 'FlowLogDestinationBindOptions',
      'FlowLogDeliveryOptions'];
    expect(exported.filter((name) => !(name in OPTION_NAMES) && !internal.includes(name)).sort()).toEqual([]);
    expect(internal.every((name) => members.has(name))).toBe(true);
  });
});

describe('option names', () => {
  const known = ['destinations', 'trafficType', 'enabled', 'bucketName'];

  test.each([
    ['a missing letter', 'destination', 'destinations'],
    ['two letters swapped', 'enabeld', 'enabled'],
    ['two edits', 'destinaton', 'destinations'],
    ['another case', 'BucketName', 'bucketName'],
  ])('%s is a typo: an error naming the option meant', (_what, typo, meant) => {
    expect(() => unknownOptionNames('', 'Props', { [typo]: 1 }, known)).toThrow(`Did you mean '${meant}'?`);
  });

  test.each([
    ['a name far from every option', 'vpcName'],
    ['three edits away', 'trafficKind'],
    ['a short name (fewer than 4 letters) one edit away', 'ena'],
  ])('%s is returned to warn about, not thrown', (_what, name) => {
    expect(unknownOptionNames('p.', 'Props', { [name]: 1, enabled: true }, known)).toEqual([`p.${name}`]);
  });

  test('known names, no options, and a token pass', () => {
    expect(unknownOptionNames('', 'Props', { enabled: true, bucketName: 'b' }, known)).toEqual([]);
    expect(unknownOptionNames('', 'Props', undefined, known)).toEqual([]);
  });

  test('an unknown option that is no typo synthesizes with one warning naming it', () => {
    const stack = newStack();
    const shared = { owner: 'network-team', targets: [FlowLogTarget.fromVpc(newVpc(stack))] };
    new FlowLogArchive(stack, 'FlowLogs', shared as any);
    Template.fromStack(stack);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not an option'));
    expect(warnings.map((w) => [w.id, w.entry.data])).toEqual([['/Stack/FlowLogs',
      'owner is not an option of FlowLogArchiveProps and was ignored. Remove it, or check the spelling against the API reference. '
      + '[ack: cdk-flow-log-archive:unknownOption]']]);
  });

  test('unknown options of destinations, alarms, buckets and enforcement are warned about where they are used', () => {
    const app = newApp();
    const stack = newStack('Stack', app);
    newVpc(stack);
    new FlowLogArchiveBucket(stack, 'Archive', { tier: 'gold', lifecycle: { archive: true } } as any);
    new FlowLogEnforcement({ mode: EnforcementMode.ADD, reason: 'audit', alarms: { owner: 'x' } } as any).applyTo(app);
    new FlowLogArchive(stack, 'FlowLogs', {
      targets: [],
      destinations: [FlowLogDestination.s3({ team: 'a' } as any), FlowLogDestination.cloudWatchLogs({ team: 'a' } as any)],
      alarms: { channel: '#ops' } as any,
    }).addVpc(newVpc(stack, 'Second'));
    Template.fromStack(stack);
    const warned = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('not (an option|options)')).map((w) => `${w.id}: ${String(w.entry.data).split(' and ')[0]}`);
    expect(warned.sort()).toEqual([
      '/Stack/Archive: tier, lifecycle.archive are not options of FlowLogArchiveBucketProps',
      '/Stack/FlowLogEnforcement: alarms.owner is not an option of FlowLogArchiveProps',
      '/Stack/FlowLogs: alarms.channel is not an option of FlowLogArchiveProps',
      '/Stack/FlowLogs: team is not an option of CloudWatchLogsDestinationOptions',
      '/Stack/FlowLogs: team is not an option of S3DestinationOptions',
      '/Stack: reason is not an option of FlowLogEnforcementProps',
    ]);
  });
});

describe('what a JavaScript caller may leave out', () => {
  test('no targets at construction is the usual synth error, not a TypeError', () => {
    const stack = newStack();
    new FlowLogArchive(stack, 'FlowLogs', {} as any);
    expect(() => Template.fromStack(stack)).toThrow('targets must contain at least one FlowLogTarget: got none.');
  });

  test('a target added later is enough', () => {
    const stack = newStack();
    const archive = new FlowLogArchive(stack, 'FlowLogs', {} as any);
    archive.addVpc(newVpc(stack));
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 1);
  });
});

test('README documents the unknown-option rule', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  expect(readme).toContain('`cdk-flow-log-archive:unknownOption`');
});
