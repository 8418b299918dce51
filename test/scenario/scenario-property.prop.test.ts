// scenarioProperty and checkScenario: a passing scenario passes, a failing one fails with
// the documented message (seed, fault script, violated property, fault file, replay
// command), and fast-check never enters the code a run executes.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { parseFaultFile } from '../../src/faults/fault-file.ts';
import { describeSchedule } from '../../src/faults/fault-script.ts';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import { checkScenario, scenarioProperty, ScenarioPropertyError, type ScenarioFailure } from '../../src/scenario/scenario-property.ts';
import echo from '../../scenarios/echo.ts';
import { TOY_ELECTION_NODES, toyElection, type ElectionSnapshot } from '../fixtures/toy-election.ts';

const FC_SEED = 4_242;
const BUGGY = { bug: 'no-step-down' } as const;

/** A three-node scenario whose end-of-run property always fails, whatever the faults. */
const alwaysFails = defineScenario({
  name: 'always-fails',
  summary: 'three idle nodes and a property that never holds',
  description: 'For tests: every run fails, with or without faults.',
  durationUs: seconds(1),
  params: {},
  setup(world) {
    world.cluster.addNodes(3, () => ({ onMessage() {} }));
    world.properties.atEnd('never holds', () => 'it never holds');
  },
});

/** The message checkScenario throws. */
function thrownBy(action: () => void): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('scenarioProperty', () => {
  it('passes for a scenario that holds under random faults (echo, short runs)', () => {
    fc.assert(scenarioProperty(echo, { untilUs: seconds(1), maxFaults: 4 }), { seed: FC_SEED, numRuns: 10 });
    checkScenario(echo, { untilUs: ms(500), maxFaults: 2, params: { clients: 2 } }, { seed: FC_SEED, numRuns: 5 });
  });

  it('draws default schedules for every node of the scenario, counted by building it', () => {
    const failures: ScenarioFailure[] = [];
    fc.check(scenarioProperty(alwaysFails, { maxFaults: 6, minGeneratedFaults: 6, onFailure: (failure) => failures.push(failure) }), {
      seed: FC_SEED,
      numRuns: 1,
    });
    const nodes = new Set(failures.flatMap((failure) => failure.faults.flatMap((event) => ('node' in event ? [event.node] : []))));
    expect([...nodes].every((node) => node >= 0 && node < 3)).toBe(true);
    expect(nodes.size).toBeGreaterThan(1);
  });

  it('shrinks a failure that needs no faults to no faults and seed 0', () => {
    const details = fc.check(scenarioProperty(alwaysFails, { maxFaults: 5, minGeneratedFaults: 5 }), { seed: FC_SEED });
    expect(details.counterexample).toEqual([0, []]);
    expect((details.errorInstance as Error).message).toContain('faults     (no faults)');
  });

  it('throws a ScenarioPropertyError carrying the failure, and fast-check prints the schedule as a script', () => {
    const leader = leaderAt(11, ms(350));
    const splitBrain: FaultSchedule = [
      { atUs: ms(350), kind: 'partition', partition: { kind: 'isolate', node: leader } },
      { atUs: ms(900), kind: 'heal' },
    ];
    const property = scenarioProperty(toyElection, {
      params: BUGGY,
      untilUs: seconds(2),
      seeds: fc.constant(11),
      faults: fc.constant(splitBrain),
      faultsFile: 'split-brain.json',
    });
    let thrown: unknown;
    try {
      fc.assert(property, { seed: FC_SEED, numRuns: 1 });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as Error).message).toContain(`Counterexample: [11,at 350ms partition isolate ${leader}; at 900ms heal]`);
    const cause = (thrown as Error).cause;
    expect(cause).toBeInstanceOf(ScenarioPropertyError);
    const failure = (cause as ScenarioPropertyError).failure;
    expect(failure.seed).toBe(11);
    expect(failure.faults).toEqual(splitBrain);
    expect(failure.report.verdict).toBe('fail');
    expect(failure.message).toBe((cause as Error).message);
    expect(failure.message).toContain('--faults split-brain.json');
    expect(parseFaultFile(failure.faultFileText, TOY_ELECTION_NODES)).toEqual(splitBrain);
  });

  it('passes the same schedule when the bug is off', () => {
    const leader = leaderAt(11, ms(350));
    const splitBrain: FaultSchedule = [
      { atUs: ms(350), kind: 'partition', partition: { kind: 'isolate', node: leader } },
      { atUs: ms(900), kind: 'heal' },
    ];
    fc.assert(scenarioProperty(toyElection, { untilUs: seconds(2), seeds: fc.constant(11), faults: fc.constant(splitBrain) }), { numRuns: 1 });
  });
});

describe('checkScenario', () => {
  it('fails with the seed, the shrunk script, the violation, the fault file and the replay command', () => {
    const message = thrownBy(() => checkScenario(toyElection, { params: BUGGY, untilUs: seconds(2) }, { seed: FC_SEED, numRuns: 50 }));
    const seed = Number(/^scenario toy-election failed \(seed (\d+)\)$/m.exec(message)?.[1]);
    expect(Number.isSafeInteger(seed)).toBe(true);
    expect(message).toContain(`seed       ${seed}\n`);
    expect(message).toContain('params     bug=no-step-down\n');
    expect(message).toMatch(/^violated {3}at most one leader per term \(always\) at [\d.]+m?s: term \d+ has two leaders: node \d and node \d$/m);
    const faultFile = message.slice(message.indexOf('{\n'), message.indexOf('\n}\n') + 2);
    const schedule = parseFaultFile(faultFile, TOY_ELECTION_NODES);
    expect(message).toContain(`faults     ${describeSchedule(schedule)}\n`);
    expect(message).toContain(`fault file (save the JSON below as toy-election-seed-${seed}.faults.json, then run the replay command):`);
    expect(message).toContain(
      `replay     npm run --silent faultline -- run toy-election --seed ${seed} --set bug=no-step-down --until 2s --faults toy-election-seed-${seed}.faults.json`,
    );
    // fast-check's own report follows: its seed and path rerun the search, and the counterexample reads as a script.
    expect(message).toContain(`{ seed: ${FC_SEED}, path: `);
    expect(message).toContain(`Counterexample: [${seed},${describeSchedule(schedule)}]`);
    expect(message).toMatch(/Shrunk \d+ time\(s\)/);
  });
});

describe('fast-check stays out of runs', () => {
  const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
  const FAST_CHECK_USERS = ['src/faults/arbitraries.ts', 'src/scenario/scenario-property.ts'];

  it('is imported in src/ only by the arbitraries and the property helper', () => {
    const importers = sourceFiles(join(repoRoot, 'src')).filter((path) => /from ['"]fast-check['"]/.test(readFileSync(path, 'utf8')));
    expect(importers.map((path) => relative(repoRoot, path).split('\\').join('/')).sort()).toEqual(FAST_CHECK_USERS);
  });

  it('is not reachable from the runner', () => {
    const reachable = importClosure(join(repoRoot, 'src/scenario/runner.ts')).map((path) => relative(repoRoot, path).split('\\').join('/'));
    expect(reachable).toContain('src/engine/simulation.ts');
    for (const user of FAST_CHECK_USERS) expect(reachable).not.toContain(user);
  });
});

/** Which node leads the toy election at `atUs` for this seed, without faults (read from its snapshot). */
function leaderAt(seed: number, atUs: number): number {
  const run = new ScenarioRun(toyElection, { seed, untilUs: atUs, faults: [] });
  run.run();
  for (let node = 0; node < TOY_ELECTION_NODES; node++) {
    if ((run.world.cluster.inspect(node) as ElectionSnapshot).role === 'leader') return node;
  }
  throw new Error(`no leader at ${atUs}us for seed ${seed}`);
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every file the given module imports, directly or not (relative imports only). */
function importClosure(start: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    for (const match of text.matchAll(/(?:import|export)[^'";]*?from\s+['"](\.[^'"]+)['"]/g)) {
      visit(normalize(join(dirname(path), match[1] as string)));
    }
  };
  visit(start);
  return [...seen].sort();
}
