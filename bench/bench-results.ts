// The shape of `npm run bench -- --json` (and of the files `--out` writes and `--compare`
// reads): every section is optional, so a run with some cases switched off, or a file
// recorded before a case existed, still reads. Rule: add fields, never rename them: the
// committed files in bench/results/ must stay comparable.
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import type { CheckHistoryMeasurement } from './check-history.ts';
import type { CaseMeasurement } from './measure.ts';
import type { ObsOverheadMeasurement } from './obs-overhead.ts';
import type { RaftDayMeasurement } from './raft-day.ts';
import type { RaftHourMeasurement } from './raft-hour.ts';
import type { ScaleMeasurement } from './scale-broadcast.ts';
import type { SeedSweepMeasurement, SkippedCase } from './seed-sweep.ts';
import type { SweepMeasurement } from './sweep.ts';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  /** 1, 5 and 15 minute load averages when the run ended: more than the core count means other jobs competed. */
  readonly loadAverage: readonly number[];
}

export interface BenchResults {
  readonly machine?: MachineDescription;
  readonly results?: readonly CaseMeasurement[];
  readonly sweeps?: readonly SweepMeasurement[];
  readonly checkHistory?: CheckHistoryMeasurement;
  readonly scale?: readonly ScaleMeasurement[];
  readonly raftSeeds?: SeedSweepMeasurement;
  readonly kvCp?: SeedSweepMeasurement | SkippedCase;
  readonly raftHour?: RaftHourMeasurement;
  readonly raftDay?: RaftDayMeasurement;
  /** What observing a run with every export on costs (issue 8's 3x bound). */
  readonly obsOverhead?: readonly ObsOverheadMeasurement[];
}

export function describeMachine(): MachineDescription {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/** Reads a results file; throws a RangeError naming the file when it is not one. */
export function readBenchResults(path: string): BenchResults {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RangeError(`cannot read bench results ${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new RangeError(`${path} is not a bench results object (expected the output of npm run bench -- --json)`);
  return parsed as BenchResults;
}
