// The scenario npm start opens: the first of the preferred ones that exists, on a seed
// whose run shows what it is there to show.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { FLAGSHIP_SCENARIOS, FLAGSHIP_SEED, flagshipScenario } from '../../src/tui/flagship.ts';
import { findScenario } from '../../scenarios/index.ts';

describe('flagship scenario', () => {
  it('is the first preferred scenario that exists', () => {
    expect(flagshipScenario().name).toBe(FLAGSHIP_SCENARIOS.find((name) => findScenario(name) !== undefined));
    const only = findScenario('echo') as Scenario;
    expect(flagshipScenario((name) => (name === FLAGSHIP_SCENARIOS.at(-1) ? only : undefined))).toBe(only);
  });

  it('says which scenarios it looked for when none exists', () => {
    expect(() => flagshipScenario(() => undefined)).toThrow(`none of the flagship scenarios (${FLAGSHIP_SCENARIOS.join(', ')}) is in scenarios/index.ts`);
  });

  it('opens cp-vs-ap on a seed that shows the CAP trade-off: the CP minority stops, the AP store answers and drifts, both heal', () => {
    const scenario = flagshipScenario();
    expect(scenario.name).toBe('cp-vs-ap');
    const report = runScenario(scenario, { seed: FLAGSHIP_SEED, explain: false });
    const summary = report.summary;
    expect(report.verdict).toBe('pass');
    expect(summary['cp availability minority']).toBe(0);
    expect(summary['cp linearizable']).toBe(1);
    expect(summary['cp highest term']).toBeGreaterThanOrEqual(2); // the leader began on the minority side and was replaced
    expect(summary['ap availability minority']).toBeGreaterThan(0.9);
    expect(summary['ap linearizable']).toBe(0);
    expect(summary['ap stale reads']).toBeGreaterThan(0);
    expect(summary['ap convergence ms']).toBeGreaterThanOrEqual(0);
    expect(summary['cp convergence ms']).toBeGreaterThanOrEqual(0);
  });
});
