// The runs the determinism tests fingerprint, shared by the in-process test and the
// child processes it spawns (print-trace-hashes.ts), so both compute exactly the same.
import { Random } from '../../src/engine/rng.ts';
import { seconds } from '../../src/engine/time.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { generateNemesisSchedule, NEMESIS_KINDS } from '../../src/faults/nemesis.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

export const DETERMINISM_SEED = 7;

/** echo has no fault parameter: give it a nemesis schedule drawn from its own stream (1 server + 3 clients). */
export function echoNemesisSchedule(seed: number): FaultSchedule {
  return generateNemesisSchedule(new Random(`${seed}/echo-nemesis`), 4, {
    kinds: NEMESIS_KINDS,
    startUs: 0,
    endUs: seconds(6),
    meanGapUs: seconds(0.3),
    meanFaultUs: seconds(0.5),
    maxFaults: 20,
  });
}

function scenarioNamed(name: string): Scenario {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new Error(`no scenario ${name}`);
  return scenario;
}

/** Trace hashes of broadcast and echo, with default parameters and with nemesis faults. */
export function determinismHashes(seed = DETERMINISM_SEED): Record<string, string> {
  const broadcast = scenarioNamed('broadcast');
  const echo = scenarioNamed('echo');
  return {
    'broadcast defaults': runScenario(broadcast, { seed }).traceHash,
    'broadcast faults=nemesis': runScenario(broadcast, { seed, params: { faults: 'nemesis' } }).traceHash,
    'echo defaults': runScenario(echo, { seed }).traceHash,
    'echo with a nemesis schedule': runScenario(echo, { seed, faults: echoNemesisSchedule(seed) }).traceHash,
  };
}
