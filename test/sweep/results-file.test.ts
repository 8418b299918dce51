import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, ResultsAppender, readResultsFile, scanResultsFile } from '../../src/sweep/results-file.ts';
import { formatResultLine, type SeedResult } from '../../src/sweep/seed-result.ts';

const directory = mkdtempSync(join(tmpdir(), 'faultline-results-file-'));
let fileCount = 0;
const newPath = (): string => join(directory, `results-${++fileCount}.jsonl`);

function result(seed: number): SeedResult {
  return { seed, scenario: 'echo', paramsFingerprint: '0123456789abcdef', verdict: 'pass', traceHash: `hash${seed}`, events: seed * 10, virtualTimeMs: 10000 };
}

const lines = (...seeds: number[]): string => seeds.map((seed) => `${formatResultLine(result(seed))}\n`).join('');

describe('results files', () => {
  it('appends whole lines, batch after batch, to what is already there', () => {
    const path = newPath();
    writeFileSync(path, lines(9));
    const appender = ResultsAppender.open(path);
    appender.append([result(3), result(1)]);
    appender.append([result(2)]);
    appender.close();
    expect(readFileSync(path, 'utf8')).toBe(lines(9, 3, 1, 2));
  });

  it('refuses to append after a last line cut short, which would glue two lines together', () => {
    const path = newPath();
    writeFileSync(path, lines(1) + lines(2).slice(0, 10));
    expect(() => ResultsAppender.open(path)).toThrow(new RangeError(`${path} ends with a line cut short (no newline at the end): resume the sweep (--resume), which removes that line, or write to another file`));
    const fresh = ResultsAppender.open(newPath());
    fresh.append([result(1)]);
    fresh.close();
  });

  it('reads a merged view ordered by seed', () => {
    const path = newPath();
    writeFileSync(path, lines(5, 2) + lines(4, 1, 3));
    const merged = readResultsFile(path);
    expect(merged.results.map((entry) => entry.seed)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.results[0]).toEqual(result(1));
    expect(merged.warnings).toEqual([]);
  });

  it('scans a missing file as empty', () => {
    expect(scanResultsFile(join(directory, 'missing.jsonl'), () => undefined)).toEqual({ cleanByteLength: 0, lineCount: 0, brokenTail: undefined });
  });

  it('reports a last line cut short, even one that parses, and where the clean part ends', () => {
    const path = newPath();
    const whole = lines(1, 2);
    writeFileSync(path, whole + lines(3).slice(0, -1));
    const seen: number[] = [];
    const scan = scanResultsFile(path, (entry) => seen.push(entry.seed));
    expect(seen).toEqual([1, 2]);
    expect(scan.cleanByteLength).toBe(Buffer.byteLength(whole));
    expect(scan.brokenTail).toEqual({ lineNumber: 3, problem: 'cut short (no newline at the end)', byteLength: Buffer.byteLength(lines(3)) - 1 });
  });

  it('reports a broken last line in the merged view as a warning naming the line', () => {
    const path = newPath();
    writeFileSync(path, `${lines(2, 1)}{"seed":3,"scen\n`);
    const merged = readResultsFile(path);
    expect(merged.results.map((entry) => entry.seed)).toEqual([1, 2]);
    expect(merged.warnings).toEqual([`${path} line 3, the last line, is not a result (not valid JSON), most likely a write cut short when a sweep was killed: ignored it`]);
  });

  it('refuses a broken line that is not the last, naming its number', () => {
    const path = newPath();
    writeFileSync(path, `${lines(1)}{"seed":2,"sce\n${lines(3)}`);
    expect(() => scanResultsFile(path, () => undefined)).toThrow(new RangeError(`${path} line 2 is not a result (not valid JSON) and is not the last line: fix or remove it (only a last line cut short by a killed sweep is tolerated)`));
  });

  it('reads lines longer than its read buffer', () => {
    const path = newPath();
    const long = { ...result(1), verdict: 'fail', property: 'p', message: 'x'.repeat(600_000), replay: 'r' } as const;
    writeFileSync(path, `${formatResultLine(long)}\n${lines(2)}`);
    const seen: SeedResult[] = [];
    scanResultsFile(path, (entry) => seen.push(entry));
    expect(seen.map((entry) => entry.message?.length ?? 0)).toEqual([600_000, 0]);
  });

  it(`refuses a line longer than ${MAX_LINE_BYTES} bytes without holding all of it`, () => {
    const path = newPath();
    const long = { ...result(1), verdict: 'fail', property: 'p', message: 'x'.repeat(3 * MAX_LINE_BYTES), replay: 'r' } as const;
    writeFileSync(path, `${formatResultLine(long)}\n${lines(2)}`);
    expect(() => scanResultsFile(path, () => undefined)).toThrow(`${path} line 1 is not a result (longer than ${MAX_LINE_BYTES} bytes) and is not the last line`);
  });
});
