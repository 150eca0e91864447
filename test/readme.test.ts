/**
 * README is the user's reference for what the library tells them: every
 * warning id the library can emit must be in its table.
 */
import * as fs from 'fs';
import * as path from 'path';
import { sourceFiles } from './support/validation-sites';

test('README lists every warning id the library emits', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const ids = new Set(sourceFiles()
    .flatMap((file) => [...fs.readFileSync(file, 'utf-8').matchAll(/(?:addWarningV2\(\s*[`']cdk-flow-log-archive:|warningId: ')([A-Za-z]+)/g)])
    .map((match) => `cdk-flow-log-archive:${match[1]}`));
  expect(ids.size).toBeGreaterThanOrEqual(10);
  expect([...ids].filter((id) => !readme.includes(`\`${id}`)).sort()).toEqual([]);
});
