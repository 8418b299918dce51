// Comparing variants: which variants run (every combination of the varied values, the
// first axis slowest), that each runs the same seeds, that each figure's statistics are
// those of the runs, and that bad input is refused whole before the first run.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import { MAX_COMPARE_RUNS, planVariants, runComparison, statsOf, type ComparisonOptions } from '../../src/scenario/compare.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { ParamError, param } from '../../src/scenario/params.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

const echo = findScenario('echo')!;
const SMALL_ECHO: ComparisonOptions = { scenario: echo, seeds: { first: 1, last: 4 }, params: { requests: '10' }, vary: [{ name: 'loss', values: ['0', '0.3'] }] };

/** Throws during the run (not at setup) on odd seeds when asked: a bug a comparison must survive. */
const flakyScenario = defineScenario({
  name: 'flaky-fixture',
  summary: 'crashes on odd seeds when asked',
  description: 'Test fixture for compare.',
  durationUs: seconds(1),
  params: { crash: param.boolean({ default: false, description: 'throw on odd seeds' }) },
  setup(world, params) {
    const seed = world.simulation.seed;
    world.at(ms(10), () => {
      if (params.crash && seed % 2 === 1) throw new Error(`odd seed ${seed}`);
    });
    world.summary('seed', () => seed);
    world.summary('label', () => 'text figures are left out');
  },
});

describe('compare: planning', () => {
  it('runs every combination of the varied values, the first axis varying slowest, over the shared values', () => {
    const variants = planVariants({
      scenario: echo,
      seeds: { first: 1, last: 1 },
      params: { requests: '5' },
      vary: [{ name: 'loss', values: ['0', '0.5'] }, { name: 'ordering', values: ['reorder', 'fifo'] }],
    });
    expect(variants).toEqual([
      { requests: '5', loss: '0', ordering: 'reorder' },
      { requests: '5', loss: '0', ordering: 'fifo' },
      { requests: '5', loss: '0.5', ordering: 'reorder' },
      { requests: '5', loss: '0.5', ordering: 'fifo' },
    ]);
  });

  it.each([
    [{ vary: [{ name: 'nope', values: ['1'] }] }, ParamError, 'cannot vary unknown parameter "nope": known parameters: clients, requests, interval, loss, duplicate, ordering'],
    [{ vary: [{ name: 'loss', values: ['0', '2'] }] }, ParamError, 'invalid value "2" for parameter "loss": expected a number from 0 to 1'],
    [{ vary: [{ name: 'loss', values: [] }] }, RangeError, 'parameter "loss" is varied over no values: list at least one'],
    [{ vary: [{ name: 'loss', values: ['0', '0.0'] }] }, RangeError, 'parameter "loss" lists the value "0.0" twice'],
    [{ vary: [{ name: 'loss', values: ['0'] }, { name: 'loss', values: ['1'] }] }, RangeError, 'parameter "loss" is varied twice: give all its values in one list'],
    [{ params: { loss: '0.1' } }, RangeError, 'parameter "loss" is both set and varied: drop one'],
    [{ params: { clients: '0' } }, ParamError, 'invalid value "0" for parameter "clients": expected an integer from 1 to 10000'],
    [{ vary: [] }, RangeError, 'nothing to compare: vary at least one parameter (name=value1,value2)'],
    [{ seeds: { first: 1, last: MAX_COMPARE_RUNS } }, RangeError, `too many runs: 2 variants times ${MAX_COMPARE_RUNS} seeds is ${2 * MAX_COMPARE_RUNS}; at most ${MAX_COMPARE_RUNS}`],
  ] as const)('refuses %j before any run', (change, errorClass, message) => {
    expect(() => runComparison({ ...SMALL_ECHO, ...change })).toThrow(new errorClass(message));
  });
});

describe('compare: results', () => {
  it('runs each variant on the same seeds and condenses each numeric figure into the statistics of those runs', () => {
    const comparison = runComparison(SMALL_ECHO);
    expect(comparison).toMatchObject({ scenario: 'echo', seeds: '1..4', params: { requests: 10 } });
    expect(comparison.variants.map((variant) => variant.params)).toEqual([{ loss: 0 }, { loss: 0.3 }]);
    for (const [index, loss] of ['0', '0.3'].entries()) {
      const answered = [1, 2, 3, 4].map((seed) => runScenario(echo, { seed, params: { requests: '10', loss } }).summary['answered'] as number);
      const variant = comparison.variants[index]!;
      expect(variant).toMatchObject({ runs: 4, passed: 4, failed: 0, crashed: 0, crashes: [] });
      expect(Object.keys(variant.figures)).toEqual(['requests', 'answered', 'duplicate replies']);
      expect(variant.figures['answered']).toEqual(statsOf(answered));
    }
    // Losing 30% of messages loses about half of the round trips.
    const [clean, lossy] = comparison.variants.map((variant) => variant.figures['answered']!.mean);
    expect(clean).toBe(30);
    expect(lossy).toBeLessThan(20);
  });

  it('counts a run that throws as crashed, lists it, and still reports the other runs', () => {
    const comparison = runComparison({ scenario: flakyScenario, seeds: { first: 1, last: 4 }, vary: [{ name: 'crash', values: ['false', 'true'] }] });
    const [steady, flaky] = comparison.variants;
    expect(steady).toMatchObject({ params: { crash: false }, runs: 4, passed: 4, crashed: 0, figures: { seed: { mean: 2.5, median: 2.5, min: 1, max: 4 } } });
    expect(flaky).toMatchObject({
      params: { crash: true },
      runs: 4,
      passed: 2,
      crashed: 2,
      figures: { seed: { mean: 3, median: 3, min: 2, max: 4 } },
      crashes: [
        { seed: 1, message: 'Error: odd seed 1' },
        { seed: 3, message: 'Error: odd seed 3' },
      ],
    });
  });

  it('is the same comparison every time', () => {
    expect(runComparison(SMALL_ECHO)).toEqual(runComparison(SMALL_ECHO));
  });
});

describe('compare: statistics', () => {
  it('gives mean, median, min and max; the median of an even count is the mean of the middle two', () => {
    expect(statsOf([3, 1, 2])).toEqual({ mean: 2, median: 2, min: 1, max: 3 });
    expect(statsOf([10, 1, 4, 3])).toEqual({ mean: 4.5, median: 3.5, min: 1, max: 10 });
    expect(statsOf([7])).toEqual({ mean: 7, median: 7, min: 7, max: 7 });
  });
});
