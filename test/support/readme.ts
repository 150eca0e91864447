import * as fs from 'fs';
import * as path from 'path';

/** README.md, which states what the tests check in numbers a reader can hold them to. */
export function readme(): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
}

/** Every number README states where `pattern`'s first group is, in order (none if the pattern is not found). */
export function readmeNumbers(pattern: RegExp): number[] {
  return [...readme().matchAll(new RegExp(pattern.source, 'g'))].map((match) => Number(match[1]));
}
