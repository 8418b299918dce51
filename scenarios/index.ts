// Every runnable scenario, in the order `faultline list` shows them.
import type { Scenario } from '../src/scenario/define-scenario.ts';
import broadcast from './broadcast.ts';
import echo from './echo.ts';

export const SCENARIOS: readonly Scenario[] = [broadcast, echo];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
