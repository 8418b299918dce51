// The scenario npm start opens: the first of the preferred ones that exists.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { FLAGSHIP_SCENARIOS, flagshipScenario } from '../../src/tui/flagship.ts';
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
});
