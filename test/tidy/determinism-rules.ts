// The determinism lint: finds, in simulation code, every use of real time, ambient
// randomness, timers, the environment, I/O or promises, and names the replacement.
// It walks the TypeScript syntax tree, so comments and strings never trigger it.
import ts from 'typescript';

export interface Finding {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}

const CLOCK = 'read virtual time instead: context.now in a node, simulation.now elsewhere';
const RANDOM = 'draw from a seeded stream instead: context.random in a node, world.random(name) in a scenario';
const TIMER = 'schedule in virtual time instead: context.setTimer in a node, simulation.scheduleAfter or world.at elsewhere';
const ENVIRONMENT = 'pass it in as a scenario parameter instead; only host code (src/cli, src/tui, src/sweep) reads the environment';
const PROMISE = 'keep simulation code synchronous: events are plain callbacks, sequential logic is a generator process';
const IO = 'only host code (src/cli, src/tui, src/sweep) does I/O; return data and let host code write it';

/** Member accesses that are banned, as `object.property`. */
const BANNED_MEMBERS: Readonly<Record<string, string>> = {
  'Math.random': RANDOM,
  'Date.now': CLOCK,
  'performance.now': CLOCK,
  'process.hrtime': CLOCK,
  'process.env': ENVIRONMENT,
  'process.argv': ENVIRONMENT,
  'crypto.randomUUID': RANDOM,
  'crypto.getRandomValues': RANDOM,
  'crypto.randomBytes': RANDOM,
  'crypto.randomInt': RANDOM,
};

/** Bare identifiers that are banned wherever they are referenced. */
const BANNED_IDENTIFIERS: Readonly<Record<string, string>> = {
  Date: CLOCK,
  performance: CLOCK,
  setTimeout: TIMER,
  setInterval: TIMER,
  setImmediate: TIMER,
  queueMicrotask: TIMER,
  Promise: PROMISE,
};

const BANNED_MODULES: Readonly<Record<string, string>> = {
  fs: IO,
  'fs/promises': IO,
  child_process: IO,
  worker_threads: IO,
  net: IO,
  http: IO,
  https: IO,
  crypto: RANDOM,
  perf_hooks: CLOCK,
  timers: TIMER,
  'timers/promises': TIMER,
};

export function findDeterminismProblems(path: string, text: string): Finding[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const report = (node: ts.Node, what: string, replacement: string): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    findings.push({ path, line, message: `${what} is not allowed in simulation code: ${replacement}` });
  };
  const visit = (node: ts.Node): void => {
    inspectNode(node, report);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

type Reporter = (node: ts.Node, what: string, replacement: string) => void;

function inspectNode(node: ts.Node, report: Reporter): void {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const member = `${node.expression.text}.${node.name.text}`;
    const replacement = BANNED_MEMBERS[member];
    if (replacement !== undefined) report(node, member, replacement);
  } else if (ts.isIdentifier(node) && Object.hasOwn(BANNED_IDENTIFIERS, node.text) && isReference(node)) {
    report(node, node.text, BANNED_IDENTIFIERS[node.text] as string);
  } else if (isAsyncFunction(node)) {
    report(node, 'an async function', PROMISE);
  } else if (ts.isAwaitExpression(node)) {
    report(node, 'await', PROMISE);
  } else if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
    const module = node.moduleSpecifier.text.replace(/^node:/, '');
    const replacement = BANNED_MODULES[module];
    if (replacement !== undefined) report(node, `importing "${node.moduleSpecifier.text}"`, replacement);
  }
}

/** An identifier that refers to a global, not a property name or a declaration of our own. */
function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === node) return false;
  if ((ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === node) return false;
  return true;
}

function isAsyncFunction(node: ts.Node): boolean {
  if (!(ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node))) return false;
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}
