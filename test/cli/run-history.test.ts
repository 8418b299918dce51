// `faultline run <scenario> --history FILE`: the clients' history of a scenario that
// records one, as JSON Lines that `faultline check-history --model auto` reads back with
// the verdict the scenario's own 'linearizable' figure gives; bad uses are bad input.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonlHistory } from '../../src/check/history/parse-jsonl-history.ts';
import type { Report } from '../../src/scenario/report.ts';
import { runScenario, scenarioRecordsHistory } from '../../src/scenario/runner.ts';
import type { HistoryEvent } from '../../src/check/history/history-event.ts';
import { findScenario, SCENARIOS } from '../../scenarios/index.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const scratch = mkdtempSync(join(tmpdir(), 'faultline-run-history-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The scenarios whose clients record a history, as the CLI finds them (kv-cp once it is registered). */
const RECORDING = SCENARIOS.filter((scenario) => scenarioRecordsHistory(scenario, {})).map((scenario) => scenario.name);

describe('faultline run --history', () => {
  it('is offered by kv-ap (and kv-cp when registered)', () => {
    expect(RECORDING).toContain('kv-ap');
    if (findScenario('kv-cp') !== undefined) expect(RECORDING).toContain('kv-cp');
  });

  it.each(RECORDING)('%s: writes a history that check-history reads back with the verdict of the linearizable figure', async (name) => {
    const path = join(scratch, `${name}.jsonl`);
    const run = await runCapturing(['run', name, '--seed', '1', '--json', '--history', path]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report & { history: { file: string; events: number } };
    const events = parseJsonlHistory(readFileSync(path, 'utf8'));
    expect(report.history).toEqual({ file: path, events: events.length });
    expect(events.length).toBeGreaterThan(0);
    const figure = report.summary['linearizable'];
    expect([0, 1]).toContain(figure);
    const check = await runCapturing(['check-history', path, '--model', 'kv', '--json']);
    const verdict = (JSON.parse(check.stdout) as { verdict: string }).verdict;
    expect(verdict).toBe(figure === 1 ? 'linearizable' : 'not-linearizable');
    expect(check.code).toBe(figure === 1 ? 0 : 1);
  });

  it('kv-cp with cas keys: check-history --model auto checks get/append keys and cas keys together', async () => {
    const path = join(scratch, 'kv-cp-cas.jsonl');
    const run = await runCapturing(['run', 'kv-cp', '--seed', '1', '--set', 'cas-share=0.3', '--json', '--history', path]);
    const report = JSON.parse(run.stdout) as Report;
    const functions = new Set(parseJsonlHistory(readFileSync(path, 'utf8')).map((event) => event.f));
    expect([...functions].sort()).toEqual(['append', 'cas', 'get', 'read', 'write']);
    expect(report.summary['linearizable']).toBe(1);
    const check = await runCapturing(['check-history', path, '--model', 'auto']);
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/: linearizable \(auto model/);
  });

  it('writes the events the runner hands over, in order, with their virtual times', async () => {
    const path = join(scratch, 'kv-ap-text.jsonl');
    let handed: readonly HistoryEvent[] = [];
    runScenario(findScenario('kv-ap')!, { seed: 2, params: { 'heal-at': '1s' }, onHistory: (recorded) => (handed = recorded.events) });
    const run = await runCapturing(['run', 'kv-ap', '--seed', '2', '--set', 'heal-at=1s', '--history', path]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`\nhistory   ${handed.length} events written to ${path} (check: faultline check-history ${path} --model auto)\n`);
    const strip = (event: HistoryEvent): unknown => ({ process: event.process, type: event.type, f: event.f, key: event.key, value: event.value, time: event.time });
    expect(parseJsonlHistory(readFileSync(path, 'utf8')).map(strip)).toEqual(handed.map(strip));
  });

  it('rejects a scenario that records no history, naming those that do (exit 2, one line)', async () => {
    const path = join(scratch, 'echo.jsonl');
    const run = await runCapturing(['run', 'echo', '--seed', '1', '--history', path]);
    expect(run.code).toBe(2);
    expect(isOneLine(run.stderr)).toBe(true);
    expect(run.stderr).toBe(`faultline: --history: scenario echo records no client history; scenarios that record one: ${RECORDING.join(', ')}\n`);
    expect(run.stdout).toBe('');
  });

  it('rejects a history file that cannot be written, before the run (exit 2, one line)', async () => {
    const run = await runCapturing(['run', 'kv-ap', '--seed', '1', '--history', join(scratch, 'missing-folder', 'history.jsonl')]);
    expect(run.code).toBe(2);
    expect(isOneLine(run.stderr)).toBe(true);
    expect(run.stderr).toMatch(/^faultline: cannot write history file ".*missing-folder\/history\.jsonl": /);
    expect(run.stdout).toBe('');
  });
});

describe('the runner and a history', () => {
  it('hands the history over once, and never for a scenario that records none', () => {
    const calls: number[] = [];
    runScenario(findScenario('echo')!, { seed: 1, onHistory: (recorded) => calls.push(recorded.events.length) });
    expect(calls).toEqual([]);
    runScenario(findScenario('kv-ap')!, { seed: 1, params: { 'heal-at': '1s' }, onHistory: (recorded) => calls.push(recorded.events.length) });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBeGreaterThan(0);
  });
});
