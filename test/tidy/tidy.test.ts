// Tidy: the determinism rules and folder boundaries, enforced over the whole tree, and
// the rules themselves shown to catch what they must.
import { describe, expect, it } from 'vitest';
import { checkImport, findBoundaryProblems } from './boundary-rules.ts';
import { findDeterminismProblems, type Finding } from './determinism-rules.ts';
import { isHostCode, listSources } from './source-files.ts';

const format = (findings: Finding[]): string => findings.map((finding) => `${finding.path}:${finding.line}: ${finding.message}`).join('\n');

const SIMULATION_SOURCES = [...listSources('src'), ...listSources('scenarios')].filter((file) => !isHostCode(file.path));

describe('determinism rules', () => {
  it('finds no real time, ambient randomness, timers, environment, I/O or promises in simulation code', () => {
    expect(SIMULATION_SOURCES.length).toBeGreaterThan(20);
    const findings = SIMULATION_SOURCES.flatMap((file) => findDeterminismProblems(file.path, file.text));
    expect(format(findings)).toBe('');
  }, 60_000); // parses every simulation source: seconds on a busy 2-core machine

  it.each([
    ['const x = Math.random();', 'Math.random', 'context.random'],
    ['const t = Date.now();', 'Date.now', 'context.now'],
    ['const d = new Date();', 'Date', 'context.now'],
    ['const t = performance.now();', 'performance.now', 'simulation.now'],
    ['setTimeout(() => {}, 5);', 'setTimeout', 'context.setTimer'],
    ['setImmediate(() => {});', 'setImmediate', 'scheduleAfter'],
    ['const t = process.hrtime.bigint();', 'process.hrtime', 'virtual time'],
    ['const home = process.env.HOME;', 'process.env', 'scenario parameter'],
    ["import { randomUUID } from 'node:crypto';", 'node:crypto', 'seeded stream'],
    ['const id = crypto.randomUUID();', 'crypto.randomUUID', 'seeded stream'],
    ['async function f() {}', 'async function', 'synchronous'],
    ['const p = Promise.resolve(1);', 'Promise', 'synchronous'],
    ["import { readFileSync } from 'node:fs';", 'node:fs', 'host code'],
  ])('flags %s and names the replacement', (code, what, replacement) => {
    const [finding] = findDeterminismProblems('src/net/example.ts', code);
    expect(finding?.message).toContain(what);
    expect(finding?.message).toContain(replacement);
    expect(finding?.line).toBe(1);
  });

  it('ignores comments, strings and our own properties with banned names', () => {
    const code = [
      '// Math.random() and Date.now() in a comment',
      "const text = 'setTimeout(Date.now())';",
      'const timer = { setTimeout: 1, performance: 2 };',
      'class Clock { Date = 0; now() { return this.Date; } }',
    ].join('\n');
    expect(findDeterminismProblems('src/engine/example.ts', code)).toEqual([]);
  });
});

describe('folder boundaries', () => {
  it('holds for every import in src/ and scenarios/', () => {
    const files = [...listSources('src'), ...listSources('scenarios')];
    expect(format(files.flatMap(findBoundaryProblems))).toBe('');
  }, 60_000);

  it('rejects an engine module importing the network', () => {
    expect(checkImport('src/engine/simulation.ts', '../net/network.ts')).toMatch(/src\/engine may not import src\/net .*nothing else in src/);
  });

  it('rejects a checker importing a node', () => {
    expect(checkImport('src/check/property.ts', '../node/cluster.ts')).toMatch(/src\/check may not import src\/node/);
  });

  it('rejects library code importing tests or host code', () => {
    expect(checkImport('src/scenario/runner.ts', '../../test/fixtures/toy.ts')).toMatch(/must not depend on tests/);
    expect(checkImport('src/scenario/runner.ts', '../cli/main.ts')).toMatch(/src\/scenario may not import src\/cli/);
    expect(checkImport('scenarios/echo.ts', '../src/cli/main.ts')).toMatch(/scenarios build on the library/);
  });

  it('lets seedrandom be imported by rng.ts alone', () => {
    expect(checkImport('src/engine/rng.ts', 'seedrandom')).toBeUndefined();
    expect(checkImport('src/net/network.ts', 'seedrandom')).toMatch(/only src\/engine\/rng.ts may/);
  });

  it('allows the directions DESIGN.md allows', () => {
    expect(checkImport('src/node/cluster.ts', '../net/network.ts')).toBeUndefined();
    expect(checkImport('src/scenario/runner.ts', '../faults/fault-schedule.ts')).toBeUndefined();
    expect(checkImport('src/cli/main.ts', '../../scenarios/index.ts')).toBeUndefined();
  });
});
