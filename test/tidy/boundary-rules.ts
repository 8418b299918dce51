// The folder boundaries of DESIGN.md: which src/ folder may import which. Dependencies
// flow one way (engine -> net -> node -> protocols; scenario, sweep, cli, tui on top).
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { srcFolderOf, type SourceFile } from './source-files.ts';
import type { Finding } from './determinism-rules.ts';

/** For each src/ folder, the other src/ folders it may import (its own is always allowed). */
export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  engine: [],
  net: ['engine'],
  node: ['engine', 'net'],
  faults: ['engine', 'net', 'node'],
  check: ['engine'],
  obs: ['engine'],
  patterns: ['engine', 'node'],
  protocols: ['engine', 'net', 'node', 'patterns', 'check'],
  scenario: ['engine', 'net', 'node', 'faults', 'check', 'obs', 'patterns', 'protocols'],
  sweep: ['engine', 'net', 'node', 'faults', 'check', 'obs', 'patterns', 'protocols', 'scenario', 'scenarios'],
  cli: ['engine', 'net', 'node', 'faults', 'check', 'obs', 'patterns', 'protocols', 'scenario', 'sweep', 'tui', 'scenarios'],
  tui: ['engine', 'net', 'node', 'faults', 'check', 'obs', 'patterns', 'protocols', 'scenario', 'sweep', 'scenarios'],
};

/** Only this file may import seedrandom: every stream goes through it. */
export const SEEDRANDOM_OWNER = 'src/engine/rng.ts';

export function findBoundaryProblems(file: SourceFile): Finding[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  for (const statement of source.statements) {
    const specifier = moduleSpecifierOf(statement);
    if (specifier === undefined) continue;
    const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
    const problem = checkImport(file.path, specifier);
    if (problem !== undefined) findings.push({ path: file.path, line, message: problem });
  }
  return findings;
}

function moduleSpecifierOf(statement: ts.Statement): string | undefined {
  if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier !== undefined && ts.isStringLiteral(statement.moduleSpecifier)) {
    return statement.moduleSpecifier.text;
  }
  return undefined;
}

/** The top-level area a repository path belongs to: a src/ folder name, `scenarios`, `test`, ... */
function areaOf(path: string): string {
  return srcFolderOf(path) ?? path.split('/')[0] ?? path;
}

export function checkImport(importer: string, specifier: string): string | undefined {
  if (specifier === 'seedrandom' || specifier.startsWith('seedrandom/')) {
    return importer === SEEDRANDOM_OWNER ? undefined : `imports seedrandom: only ${SEEDRANDOM_OWNER} may; use the Random streams it provides`;
  }
  if (!specifier.startsWith('.')) return undefined;
  const target = normalize(join(dirname(importer), specifier)).split('\\').join('/');
  const from = areaOf(importer);
  const to = areaOf(target);
  if (from === to) return undefined;
  if (to === 'test' && from !== 'test') return `imports ${target}: production code must not depend on tests`;
  if (from === 'scenarios') {
    return ['cli', 'tui', 'sweep'].includes(to) ? `imports ${target}: scenarios build on the library, not on host code` : undefined;
  }
  const allowed = ALLOWED_IMPORTS[from];
  if (allowed === undefined) return undefined; // test/, bench/: may import anything
  if (allowed.includes(to)) return undefined;
  const list = allowed.length === 0 ? 'nothing else in src' : allowed.join(', ');
  return `src/${from} may not import ${to === 'scenarios' ? 'scenarios/' : `src/${to}`} (${target}); it may import: ${list} (see DESIGN.md, Folders)`;
}
