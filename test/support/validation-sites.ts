/**
 * Test support for the bad-input catalogue: where src/ validates, read from
 * the source with the TypeScript compiler API, so that the catalogue can be
 * checked for completeness (every validation has a row, every row is a
 * message src/ can build).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** The library's sources. */
export const SRC = path.join(__dirname, '..', '..', 'src');

/** One `invalid(property, rule, value, fix)` call, as a pattern of the message it builds. */
export interface InvalidSite {
  /** `file:line` under src/. */
  readonly at: string;
  readonly pattern: RegExp;
  /** How many characters of the message are fixed: ranks how specific the site is. */
  readonly literal: number;
}

/** A `throw` that does not throw `invalid(...)`. */
export interface OtherThrow {
  /** The file's name, e.g. `log-format.ts`. */
  readonly file: string;
  readonly at: string;
  /** The first literal text of the thrown `new Error(...)`, or the expression's source. */
  readonly text: string;
}

/** Every `invalid(...)` call in src/. */
export function invalidSites(): InvalidSite[] {
  return nodes((node) => isInvalidCall(node)).map(({ file, node }) => {
    const [property, rule, , fix] = (node as ts.CallExpression).arguments;
    const parts = [argumentPattern(property), argumentPattern(rule), argumentPattern(fix)];
    return {
      at: where(file, node),
      pattern: new RegExp(`^${parts[0].source} ${parts[1].source}: got [\\s\\S]+?\\. ${parts[2].source}$`),
      literal: parts.reduce((sum, part) => sum + part.literal, 0),
    };
  });
}

/** Whole messages written as one string literal outside `invalid()` (e.g. for `node.addValidation`), by shape. */
export function literalMessages(shape: RegExp): Array<{ at: string; message: string }> {
  return nodes((node) => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && shape.test(node.text))
    .map(({ file, node }) => ({ at: where(file, node), message: (node as ts.StringLiteral).text }));
}

/** Every `throw` in src/ that does not throw `invalid(...)`. */
export function otherThrows(): OtherThrow[] {
  return nodes((node) => ts.isThrowStatement(node) && !isInvalidCall(node.expression))
    .map(({ file, node }) => ({
      file: path.basename(file.fileName),
      at: where(file, node),
      text: thrownText((node as ts.ThrowStatement).expression),
    }));
}

/** The files (relative to src/) that call `<something>.<method>(...)`, once per call. */
export function filesCalling(method: string): string[] {
  return nodes((node) => ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === method)
    .map(({ file }) => path.relative(SRC, file.fileName));
}

let parsed: ts.SourceFile[] | undefined;

/** The nodes of every source file that `match`, in file order. */
function nodes(match: (node: ts.Node) => boolean): Array<{ file: ts.SourceFile; node: ts.Node }> {
  parsed ??= sourceFiles(SRC).map((file) => ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true));
  const found: Array<{ file: ts.SourceFile; node: ts.Node }> = [];
  for (const file of parsed) {
    const visit = (node: ts.Node): void => {
      if (match(node)) {
        found.push({ file, node });
      }
      node.forEachChild(visit);
    };
    visit(file);
  }
  return found;
}

/** The TypeScript files under `dir`, recursively. */
export function sourceFiles(dir: string = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function isInvalidCall(node: ts.Node | undefined): boolean {
  return node !== undefined && ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'invalid';
}

function where(file: ts.SourceFile, node: ts.Node): string {
  return `${path.relative(SRC, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One argument of `invalid(...)` as a pattern: literal text as is, the
 * interpolations of a template and any other expression as a wildcard.
 */
function argumentPattern(node: ts.Expression | undefined): { source: string; literal: number } {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) {
    return { source: escapeRegExp(node.text), literal: node.text.length };
  }
  if (node && ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    return { source: parts.map(escapeRegExp).join('.+?'), literal: parts.join('').length };
  }
  return { source: '.+?', literal: 0 };
}

function thrownText(expression: ts.Expression | undefined): string {
  if (expression && ts.isNewExpression(expression) && expression.arguments?.length === 1) {
    const [argument] = expression.arguments;
    if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) {
      return argument.text;
    }
    if (ts.isTemplateExpression(argument)) {
      return argument.head.text;
    }
  }
  return expression?.getText() ?? '';
}
