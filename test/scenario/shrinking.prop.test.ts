// The key promise of property testing scenarios: from busy random fault schedules
// (~20 faults), fast-check finds the toy election's split brain and shrinks it to a
// schedule of at most 3 fault events that replays to exactly the same run, while the
// correct variant keeps one leader per term under the same storm of faults.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seconds } from '../../src/engine/time.ts';
import { seedArbitrary, faultScheduleArbitrary } from '../../src/faults/arbitraries.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { parseFaultFile } from '../../src/faults/fault-file.ts';
import { describeSchedule } from '../../src/faults/fault-script.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { scenarioProperty, type ScenarioFailure, type ScenarioPropertyOptions } from '../../src/scenario/scenario-property.ts';
import { TOY_ELECTION_NODES, toyElection } from '../fixtures/toy-election.ts';

const FC_SEED = 1_337;
const BUGGY = { bug: 'no-step-down' } as const;
const CORRECT = { bug: 'none' } as const;
/** Busy schedules: 18 to 25 windows, each a fault and its undo (one or two events). */
const STORM: ScenarioPropertyOptions = { untilUs: seconds(3), maxFaults: 25, minGeneratedFaults: 18 };

interface Search {
  readonly details: fc.RunDetails<[number, FaultSchedule]>;
  /** Every failing run fast-check saw: the first counterexample, then each smaller one. */
  readonly failures: readonly ScenarioFailure[];
}

let search: Search | undefined;

/** One search, shared by the tests that read it. */
function searchBuggyElection(): Search {
  if (search !== undefined) return search;
  const failures: ScenarioFailure[] = [];
  const property = scenarioProperty(toyElection, { ...STORM, params: BUGGY, onFailure: (failure) => failures.push(failure) });
  search = { details: fc.check(property, { seed: FC_SEED, numRuns: 100 }), failures };
  return search;
}

describe('shrinking a toy election split brain', () => {
  it('finds two leaders in one term, starting from a schedule of many faults', () => {
    const { details, failures } = searchBuggyElection();
    expect(details.failed).toBe(true);
    const first = failures[0] as ScenarioFailure;
    expect(first.faults.length).toBeGreaterThanOrEqual(18);
    expect(first.report.violations[0]?.message).toMatch(/^term \d+ has two leaders: node \d and node \d$/);
  });

  it('shrinks the counterexample to at most 3 fault events', () => {
    const { details, failures } = searchBuggyElection();
    const [seed, schedule] = details.counterexample as [number, FaultSchedule];
    expect(schedule.length).toBeGreaterThanOrEqual(1);
    expect(schedule.length).toBeLessThanOrEqual(3);
    expect(details.numShrinks).toBeGreaterThan(0);
    const last = failures.at(-1) as ScenarioFailure;
    expect(last.seed).toBe(seed);
    expect(last.faults).toEqual(schedule);
  });

  it('reports the seed, the shrunk schedule as a script and the replay command', () => {
    const { details } = searchBuggyElection();
    const [seed, schedule] = details.counterexample as [number, FaultSchedule];
    const message = (details.errorInstance as Error).message;
    expect(message).toContain(`scenario toy-election failed (seed ${seed})`);
    expect(message).toContain(`faults     ${describeSchedule(schedule)}`);
    expect(message).toContain('violated   at most one leader per term (always) at ');
    expect(message).toContain(
      `replay     npm run --silent faultline -- run toy-election --seed ${seed} --set bug=no-step-down --until 3s --faults toy-election-seed-${seed}.faults.json`,
    );
  });

  it('replays the shrunk seed and fault file to the same failing run (same trace hash)', () => {
    const { failures } = searchBuggyElection();
    const shrunk = failures.at(-1) as ScenarioFailure;
    const faults = parseFaultFile(shrunk.faultFileText, TOY_ELECTION_NODES);
    const replayed = runScenario(toyElection, { seed: shrunk.seed, params: BUGGY, untilUs: seconds(3), faults });
    expect(replayed.verdict).toBe('fail');
    expect(replayed.traceHash).toBe(shrunk.report.traceHash);
    expect(replayed.violations).toEqual(shrunk.report.violations);
  });

  it('keeps one leader per term in the correct variant over 50 schedules of ~20 faults', () => {
    fc.assert(scenarioProperty(toyElection, { ...STORM, params: CORRECT }), { seed: FC_SEED, numRuns: 50 });
  });

  it('elects leaders under those faults, so the passing property is not vacuous', () => {
    const cases = fc.sample(fc.tuple(seedArbitrary(), faultScheduleArbitrary({ nodeCount: TOY_ELECTION_NODES, durationUs: seconds(3), maxFaults: 25, minGeneratedFaults: 18 })), {
      seed: FC_SEED,
      numRuns: 10,
    });
    const termsLed = cases.map(([seed, faults]) => runScenario(toyElection, { seed, params: CORRECT, faults }).summary['terms with a leader'] as number);
    expect(Math.min(...termsLed)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...termsLed)).toBeGreaterThan(1);
  });

  it('passes the buggy variant without faults: the bug needs a fault to show', () => {
    fc.assert(scenarioProperty(toyElection, { params: BUGGY, faults: fc.constant([]) }), { seed: FC_SEED, numRuns: 30 });
  });
});
