// Property testing the raft scenario with fast-check: from busy random fault schedules
// of the servers, fast-check finds the vote-without-log-check bug and shrinks it to a
// schedule of at most 4 fault events (the README shows it), which replays to the same
// failing run; the correct protocol passes the same kind of schedules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seconds } from '../../../src/engine/time.ts';
import type { FaultSchedule } from '../../../src/faults/fault-event.ts';
import { parseFaultFile } from '../../../src/faults/fault-file.ts';
import { describeSchedule } from '../../../src/faults/fault-script.ts';
import { RAFT_INVARIANTS } from '../../../src/protocols/raft/raft-invariants.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import { scenarioProperty, type ScenarioFailure, type ScenarioPropertyOptions } from '../../../src/scenario/scenario-property.ts';
import raft from '../../../scenarios/raft.ts';

const FC_SEED = 42;
/** Faults on the 5 servers during the first 60% of a 4s run, 8 to 12 windows to start with. */
const BUSY: ScenarioPropertyOptions = { nodeCount: 5, untilUs: seconds(4), faultsUntilUs: seconds(2.4), maxFaults: 12, minGeneratedFaults: 8 };
const BUGGY = { bug: 'vote-without-log-check' } as const;

describe('shrinking a raft bug to a short fault schedule', () => {
  const failures: ScenarioFailure[] = [];
  const details = fc.check(scenarioProperty(raft, { ...BUSY, params: BUGGY, onFailure: (failure) => failures.push(failure) }), { seed: FC_SEED, numRuns: 60 });

  it('finds the bug from busy schedules and shrinks it to at most 4 fault events', () => {
    expect(details.failed).toBe(true);
    expect((failures[0] as ScenarioFailure).faults.length).toBeGreaterThanOrEqual(8);
    const [, schedule] = details.counterexample as [number, FaultSchedule];
    expect(schedule.length).toBeGreaterThanOrEqual(1);
    expect(schedule.length).toBeLessThanOrEqual(4);
    expect(failures.at(-1)?.report.violations[0]?.property).toBe(RAFT_INVARIANTS['leader-completeness']);
  });

  it('prints the shrunk schedule as a script with the command that replays it', () => {
    const [seed, schedule] = details.counterexample as [number, FaultSchedule];
    const message = (details.errorInstance as Error).message;
    expect(message).toContain(`faults     ${describeSchedule(schedule)}`);
    expect(message).toContain(`replay     npm run --silent faultline -- run raft --seed ${seed} --set bug=vote-without-log-check --until 4s --faults raft-seed-${seed}.faults.json`);
  });

  it('replays the shrunk seed and fault file to the same failing run', () => {
    const shrunk = failures.at(-1) as ScenarioFailure;
    const faults = parseFaultFile(shrunk.faultFileText, 5 + 3);
    const replayed = runScenario(raft, { seed: shrunk.seed, params: BUGGY, untilUs: seconds(4), faults, explain: false });
    expect(replayed.verdict).toBe('fail');
    expect(replayed.traceHash).toBe(shrunk.report.traceHash);
  });

  it('passes the correct protocol under the same kind of schedules', () => {
    fc.assert(scenarioProperty(raft, { ...BUSY, params: { bug: 'none' } }), { seed: FC_SEED, numRuns: 15 });
  });
});
