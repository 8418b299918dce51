import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { loadResume } from '../../src/sweep/resume.ts';
import { formatResultLine, type SeedResult } from '../../src/sweep/seed-result.ts';
import { SeedSelection } from '../../src/sweep/seed-selection.ts';
import { resolveSweepSetup } from '../../src/sweep/sweep-setup.ts';

const directory = mkdtempSync(join(tmpdir(), 'faultline-resume-'));
let fileCount = 0;
const newPath = (): string => join(directory, `results-${++fileCount}.jsonl`);

const echo = findScenario('echo');
if (echo === undefined) throw new Error('the echo scenario is missing');
const setup = resolveSweepSetup(echo, { clients: '2' });
const selection = new SeedSelection({ first: 1, last: 10 }, { index: 1, count: 1 });

function result(seed: number, changes: Partial<SeedResult> = {}): SeedResult {
  return { seed, scenario: 'echo', paramsFingerprint: setup.paramsFingerprint, verdict: 'pass', traceHash: `h${seed}`, events: 1, virtualTimeMs: 10000, ...changes };
}
const lines = (...results: SeedResult[]): string => results.map((entry) => `${formatResultLine(entry)}\n`).join('');
const failure = (seed: number): SeedResult => result(seed, { verdict: 'fail', property: 'p', message: 'm', replay: 'r' });

describe('resuming from a results file', () => {
  it('marks the seeds found as done and counts their verdicts once each', () => {
    const path = newPath();
    writeFileSync(path, lines(result(3), failure(5), result(3), result(11)));
    const state = loadResume(path, setup, selection);
    expect([...state.done].flatMap((flag, position) => (flag === 1 ? [selection.seedAt(position)] : []))).toEqual([3, 5]);
    expect(state.skipped).toBe(2);
    expect([state.tally.passed, state.tally.failed]).toEqual([1, 1]);
    expect(state.tally.listedFailures().map((entry) => entry.seed)).toEqual([5]);
    expect(state.warnings).toEqual([]);
  });

  it('starts from nothing when the file does not exist yet', () => {
    const state = loadResume(join(directory, 'not-there.jsonl'), setup, selection);
    expect(state.skipped).toBe(0);
    expect(state.warnings).toEqual([]);
  });

  it('cuts a broken last line off the file and reports it, so appending starts on a clean line', () => {
    const path = newPath();
    const clean = lines(result(1), result(2));
    writeFileSync(path, `${clean}${lines(result(3)).slice(0, 25)}`);
    const state = loadResume(path, setup, selection);
    expect(state.skipped).toBe(2);
    expect(state.warnings).toEqual([
      `${path} line 3, the last line, is cut short (no newline at the end), most likely a write cut short when a sweep was killed: removed it (25 bytes); its seed runs again`,
    ]);
    expect(readFileSync(path, 'utf8')).toBe(clean);
  });

  it('refuses a broken line in the middle, naming its number, and leaves the file alone', () => {
    const path = newPath();
    const text = `${lines(result(1))}not json\n${lines(result(2))}`;
    writeFileSync(path, text);
    expect(() => loadResume(path, setup, selection)).toThrow(new RangeError(`${path} line 2 is not a result (not valid JSON) and is not the last line: fix or remove it (only a last line cut short by a killed sweep is tolerated)`));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('refuses lines written for another scenario or other parameters, naming the line', () => {
    const path = newPath();
    writeFileSync(path, lines(result(1), result(2, { paramsFingerprint: 'ffffffffffffffff' })));
    expect(() => loadResume(path, setup, selection)).toThrow(
      `${path} line 2: a result for scenario echo with params fingerprint ffffffffffffffff, but this sweep runs echo with ${setup.paramsFingerprint}`,
    );
    writeFileSync(path, lines(result(1, { scenario: 'broadcast' })));
    expect(() => loadResume(path, setup, selection)).toThrow(`${path} line 1: a result for scenario broadcast`);
  });
});
