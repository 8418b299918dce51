import { describe, expect, it } from 'vitest';
import { findScenario } from '../../scenarios/index.ts';
import { ms } from '../../src/engine/time.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { param } from '../../src/scenario/params.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { runSeedBatch } from '../../src/sweep/run-seed-batch.ts';
import { resolveSweepSetup } from '../../src/sweep/sweep-setup.ts';

const broadcast = findScenario('broadcast');
if (broadcast === undefined) throw new Error('the broadcast scenario is missing');

/** Throws from a scheduled action on seeds whose `fate` stream says so. */
const crashing = defineScenario({
  name: 'crash-on-some-seeds',
  summary: 'test scenario',
  description: 'throws on some seeds',
  durationUs: ms(10),
  params: { crashAtMs: param.int({ default: 3, min: 1, max: 9, description: 'when to crash' }) },
  setup(world, params) {
    world.cluster.addNode(() => ({ onMessage: () => undefined }));
    world.at(ms(params.crashAtMs), () => {
      if (world.random('fate').chance(0.5)) throw new TypeError('boom\nsecond line');
    });
  },
});

describe('running a batch of seeds', () => {
  it('condenses each report, keeping the first violation and the replay command of failures', () => {
    const setup = resolveSweepSetup(broadcast, { retransmit: 'false' });
    const results = runSeedBatch(broadcast, { setup, seeds: [1, 2] });
    expect(results.map((entry) => entry.seed)).toEqual([1, 2]);
    for (const entry of results) {
      const report = runScenario(broadcast, { seed: entry.seed, params: { retransmit: 'false' } });
      expect(report.verdict).toBe('fail');
      expect(entry).toEqual({
        seed: entry.seed,
        scenario: 'broadcast',
        paramsFingerprint: setup.paramsFingerprint,
        verdict: 'fail',
        traceHash: report.traceHash,
        events: report.events,
        virtualTimeMs: report.virtualTimeMs,
        property: report.violations[0]?.property,
        message: report.violations[0]?.message,
        replay: `npm run --silent faultline -- run broadcast --seed ${entry.seed} --set retransmit=false`,
      });
    }
  });

  it('records a seed whose run throws as a crash with its replay command, and goes on with the next seed', () => {
    const setup = resolveSweepSetup(crashing, { crashAtMs: '4' }, ms(8));
    const seeds = Array.from({ length: 16 }, (_, seed) => seed);
    const results = runSeedBatch(crashing, { setup, seeds });
    const crashes = results.filter((entry) => entry.verdict === 'crash');
    expect(crashes.length).toBeGreaterThan(0);
    expect(crashes.length).toBeLessThan(results.length);
    for (const crash of crashes) {
      expect(crash).toMatchObject({ property: 'crash', message: 'TypeError: boom', virtualTimeMs: 4 });
      expect(crash.traceHash).toMatch(/^[0-9a-f]{16}$/);
      expect(crash.replay).toBe(`npm run --silent faultline -- run crash-on-some-seeds --seed ${crash.seed} --set crashAtMs=4 --until 8ms`);
    }
    for (const entry of results.filter((result) => result.verdict !== 'crash')) expect(entry.verdict).toBe('pass');
    expect(runSeedBatch(crashing, { setup, seeds })).toEqual(results);
  });
});
