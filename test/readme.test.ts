/**
 * README is the user's reference for what the library tells them: every
 * warning id the library can emit must be in its table.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('README lists every warning id the library emits', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const ids = new Set(sources(path.join(ROOT, 'src'))
    .flatMap((file) => [...fs.readFileSync(file, 'utf-8').matchAll(/addWarningV2\(\s*[`']cdk-flow-log-archive:([A-Za-z]+)/g)])
    .map((match) => `cdk-flow-log-archive:${match[1]}`));
  expect(ids.size).toBeGreaterThanOrEqual(10);
  expect([...ids].filter((id) => !readme.includes(`\`${id}`)).sort()).toEqual([]);
});
