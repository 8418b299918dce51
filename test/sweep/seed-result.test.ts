import { describe, expect, it } from 'vitest';
import { formatResultLine, parseResultLine, type SeedResult } from '../../src/sweep/seed-result.ts';

const passing: SeedResult = { seed: 3, scenario: 'echo', paramsFingerprint: '0123456789abcdef', verdict: 'pass', traceHash: 'aaaabbbbccccdddd', events: 322, virtualTimeMs: 10000 };
const failing: SeedResult = {
  seed: 4,
  scenario: 'broadcast',
  paramsFingerprint: 'fedcba9876543210',
  verdict: 'fail',
  traceHash: '65bd66958baa2b7d',
  events: 429,
  virtualTimeMs: 10000,
  property: 'every node sees every value',
  message: 'node 0 has not seen value 3',
  replay: 'npm run --silent faultline -- run broadcast --seed 4 --set retransmit=false',
};

describe('results file lines', () => {
  it('writes fields in a fixed order whatever order the object has', () => {
    const shuffled = { virtualTimeMs: 10000, events: 322, traceHash: 'aaaabbbbccccdddd', verdict: 'pass', paramsFingerprint: '0123456789abcdef', scenario: 'echo', seed: 3 } as const;
    expect(formatResultLine(shuffled)).toBe(
      '{"seed":3,"scenario":"echo","paramsFingerprint":"0123456789abcdef","verdict":"pass","traceHash":"aaaabbbbccccdddd","events":322,"virtualTimeMs":10000}',
    );
    expect(Object.keys(JSON.parse(formatResultLine(failing)) as object)).toEqual([
      'seed', 'scenario', 'paramsFingerprint', 'verdict', 'traceHash', 'events', 'virtualTimeMs', 'property', 'message', 'replay',
    ]);
  });

  it('reads back exactly what it wrote, for passes and failures', () => {
    for (const result of [passing, failing, { ...failing, verdict: 'crash', property: 'crash', message: 'Error: boom' } as const]) {
      expect(parseResultLine(formatResultLine(result))).toEqual(result);
    }
  });

  it('drops fields a line should not have', () => {
    expect(parseResultLine(JSON.stringify({ ...passing, extra: 1, property: 'x' }))).toEqual(passing);
  });

  it.each([
    ['{"seed":3', 'not valid JSON'],
    ['', 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    [JSON.stringify({ ...passing, seed: -1 }), 'seed is not a non-negative integer'],
    [JSON.stringify({ ...passing, traceHash: 5 }), 'traceHash is not a string'],
    [JSON.stringify({ ...passing, events: 1.5 }), 'events is not a non-negative integer'],
    [JSON.stringify({ ...passing, verdict: 'maybe' }), 'unknown verdict "maybe"'],
    [JSON.stringify({ ...failing, replay: undefined }), 'replay is not a string on a fail'],
  ])('names the problem with line %j', (line, problem) => {
    expect(parseResultLine(line)).toEqual({ problem });
  });
});
