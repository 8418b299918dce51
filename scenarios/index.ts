// Every runnable scenario, in the order `faultline list` shows them.
import type { Scenario } from '../src/scenario/define-scenario.ts';
import broadcast from './broadcast.ts';
import echo from './echo.ts';
import replicatedDb from './replicated-db.ts';

export const SCENARIOS: readonly Scenario[] = [broadcast, echo, replicatedDb];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
