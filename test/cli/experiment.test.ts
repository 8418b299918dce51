// `faultline experiment` in-process: the --json document (one object per Figure 16 range,
// identical from run to run), the table beside the paper's figures, and bad input refused
// with exit 2 and one line.
import { describe, expect, it } from 'vitest';
import type { RangeResult } from '../../src/scenario/experiment-election-timing.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const SMALL = ['experiment', 'raft-election-timing', '--trials', '2', '--cap', '1s'];

describe('faultline experiment', () => {
  it('gives one JSON object per range, identical from run to run', async () => {
    const [first, second] = [await runCapturing([...SMALL, '--json']), await runCapturing([...SMALL, '--json'])];
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const results = first.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as RangeResult);
    expect(results.map((result) => result.range)).toEqual(['150-150ms', '150-151ms', '150-155ms', '150-175ms', '150-200ms', '150-300ms', '12-24ms']);
    expect(Object.keys(results[0] ?? {})).toEqual(['range', 'minMs', 'spreadMs', 'trials', 'aboveCap', 'capMs', 'medianMs', 'p90Ms', 'p99Ms', 'maxMs', 'meanElectedMs', 'paper']);
    expect(results[0]).toMatchObject({ minMs: 150, spreadMs: 0, trials: 2, aboveCap: 2, capMs: 1000, medianMs: null, maxMs: null });
    expect(results[6]).toMatchObject({ minMs: 12, spreadMs: 12, trials: 2, aboveCap: 0, paper: 'average 35 ms, longest 152 ms' });
    expect(results[6]?.maxMs).toBeGreaterThan(0);
    expect(first.stderr.trimEnd().split('\n')).toHaveLength(7);
  });

  it('prints a table with the paper beside each range', async () => {
    const result = await runCapturing(SMALL);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^range +trials +median ms +p90 ms +p99 ms +max ms +mean ms +> cap +paper$/);
    expect(lines[2]).toMatch(/^150-150ms +2 +>1000 +>1000 +>1000 +>1000 +- +2 +no randomness/);
    expect(lines[4]).toMatch(/^150-155ms +2 .*median downtime 287 ms$/);
  });

  it.each([
    [['--trials', '0'], /--trials/],
    [['--trials', 'many'], /invalid --trials "many"/],
    [['--cap', 'soon'], /--cap/],
  ])('refuses %j with exit 2 and one line', async (options, message) => {
    const result = await runCapturing(['experiment', 'raft-election-timing', ...options]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(message);
  });

  it('refuses an unknown experiment with exit 2', async () => {
    const result = await runCapturing(['experiment', 'paxos-timing']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('known experiments: raft-election-timing');
  });
});
