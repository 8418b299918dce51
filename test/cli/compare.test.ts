// `faultline compare` end to end, in-process: one row per variant, the lossy variant
// answering less, the --json document's shape, and bad --vary input refused with exit 2
// and one line before anything runs.
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/scenario/compare.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const ECHO = ['compare', 'echo', '--set', 'requests=10', '--seeds', '1..4'];

describe('faultline compare', () => {
  it('prints one table with a row per variant, its runs, pass rate and the mean of each figure', async () => {
    const result = await runCapturing([...ECHO, '--vary', 'loss=0,0.3']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'compare echo: seeds 1..4, 4 runs per variant, with requests=10',
      'figures are means over the seeds (--json adds median, min and max)',
      '',
    ]);
    expect(lines[3]).toMatch(/^variant +runs +pass rate +requests +answered +duplicate replies$/);
    expect(lines.slice(4).map((line) => line.split(/ {2,}/))).toEqual([
      ['loss=0', '4', '100%', '30', '30', expect.stringMatching(/^\d/)],
      ['loss=0.3', '4', '100%', '30', expect.stringMatching(/^1\d\.\d\d$/), expect.stringMatching(/^\d/)],
    ]);
  });

  it('gives the same numbers as JSON, with median, min and max, the rows in the order of the combinations', async () => {
    const result = await runCapturing([...ECHO, '--vary', 'loss=0,0.3', '--vary', 'duplicate=0,0.2', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const comparison = JSON.parse(result.stdout) as Comparison;
    expect(Object.keys(comparison)).toEqual(['scenario', 'seeds', 'params', 'variants']);
    expect(comparison).toMatchObject({ scenario: 'echo', seeds: '1..4', params: { requests: 10 } });
    expect(comparison.variants.map((variant) => variant.params)).toEqual([
      { loss: 0, duplicate: 0 },
      { loss: 0, duplicate: 0.2 },
      { loss: 0.3, duplicate: 0 },
      { loss: 0.3, duplicate: 0.2 },
    ]);
    for (const variant of comparison.variants) {
      expect(Object.keys(variant)).toEqual(['params', 'runs', 'passed', 'failed', 'crashed', 'figures', 'crashes']);
      expect(variant).toMatchObject({ runs: 4, passed: 4, failed: 0, crashed: 0 });
      const answered = variant.figures['answered']!;
      expect(Object.keys(answered)).toEqual(['mean', 'median', 'min', 'max']);
      expect(answered.min).toBeLessThanOrEqual(answered.median);
      expect(answered.median).toBeLessThanOrEqual(answered.max);
    }
    const answeredMean = comparison.variants.map((variant) => variant.figures['answered']!.mean);
    expect(answeredMean[0]).toBe(30);
    expect(answeredMean[2]).toBeLessThan(20);
    expect(comparison.variants[0]!.figures['duplicate replies']!.max).toBe(0);
  });

  it('compares any scenario by whatever figures it reports', async () => {
    const result = await runCapturing(['compare', 'replicated-db', '--vary', 'db=single,replicated', '--seeds', '1..2', '--until', '1s', '--json']);
    expect(result.code).toBe(0);
    const comparison = JSON.parse(result.stdout) as Comparison;
    expect(comparison.variants.map((variant) => variant.params)).toEqual([{ db: 'single' }, { db: 'replicated' }]);
    expect(comparison.variants[1]!.figures['availability']).toEqual({ mean: 1, median: 1, min: 1, max: 1 });
  });

  it.each([
    [['--vary', 'nope=1,2'], 'faultline: cannot vary unknown parameter "nope": known parameters: clients, requests, interval, loss, duplicate, ordering'],
    [['--vary', 'loss=0,2'], 'faultline: invalid value "2" for parameter "loss": expected a number from 0 to 1'],
    [['--vary', 'loss='], 'faultline: invalid --vary "loss=": no values listed for "loss"; expected name=value1,value2 (for example loss=0,0.3)'],
    [['--vary', 'loss=0,,1'], 'faultline: invalid --vary "loss=0,,1": an empty value in the list; expected name=value1,value2 (for example loss=0,0.3)'],
    [['--vary', 'loss'], 'faultline: invalid --vary "loss": expected name=value1,value2 (for example loss=0,0.3)'],
    [['--vary', 'loss=0,0'], 'faultline: parameter "loss" lists the value "0" twice'],
    [['--vary', 'requests=1,2'], 'faultline: parameter "requests" is both set and varied: drop one'],
    [[], 'faultline: compare needs at least one --vary name=value1,value2 (for example --vary loss=0,0.3)'],
    [['--vary', 'loss=0', '--seeds', '9..1'], expect.stringMatching(/^faultline: --seeds: invalid seed range "9\.\.1": the first seed is after the last; /)],
    [['--vary', 'loss=0', '--seeds', '1..100000'], 'faultline: too many runs: 1 variant times 100000 seeds is 100000; at most 20000'],
    [['--vary', 'loss=0', '--until', '0s'], expect.stringMatching(/^faultline: invalid --until "0s"/)],
  ])('refuses %j with exit 2 and one line', async (extra, line) => {
    // Every case is refused before the first run, so the default seeds would never run either.
    const result = await runCapturing(['compare', 'echo', '--set', 'requests=10', ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr.trimEnd()).toEqual(line);
  });

  it('names an unknown scenario and prints its help', async () => {
    expect(await runCapturing(['compare', 'nope', '--vary', 'loss=0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown scenario "nope"') });
    const help = await runCapturing(['compare', '--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: faultline compare <scenario> --vary name=value1,value2/);
  });
});
