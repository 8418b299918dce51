// The long Raft runs of the bench (one virtual hour, one virtual day): the `raft`
// scenario with 5 servers, enough clients for 100 answered commands per virtual second,
// and nemesis faults over the whole run, not only its first seconds. Rule: everything
// a run does is fixed here (seed, parameters, fault schedule), so the hour and the day
// simulate the same cluster and a run is the same run every time.
import { RandomStreams } from '../src/engine/rng.ts';
import { ms, seconds, type Micros } from '../src/engine/time.ts';
import type { FaultSchedule } from '../src/faults/fault-event.ts';
import { orderSchedule } from '../src/faults/fault-schedule.ts';
import { generateNemesisSchedule, NEMESIS_KINDS } from '../src/faults/nemesis.ts';
import type { Report } from '../src/scenario/report.ts';
import { ScenarioRun } from '../src/scenario/runner.ts';
import raft from '../scenarios/raft.ts';
import { placeClientsInSplits } from '../scenarios/raft-cluster.ts';

export const RAFT_LOAD_SEED = 1;
export const RAFT_LOAD_SERVERS = 5;
/**
 * Clients send one command at a time, then wait 0..2/clientRate s: with the batched
 * replication's wait for a heartbeat, a client at 10/s gets about 6.5 answers a second
 * under these faults, so 16 of them give just over 100 answered commands per virtual
 * second (10 gave 68 without faults; 15 gave 98 with them).
 */
export const RAFT_LOAD_CLIENTS = 16;
export const RAFT_LOAD_CLIENT_RATE = 10;
/** The load: commands answered per virtual second. */
export const RAFT_LOAD_TARGET_COMMANDS_PER_SECOND = 100;
/** Faults throughout the run, a fault window every 5 s on average, none in the last minute (so liveness can be checked). */
const FAULT_MEAN_GAP_US = seconds(5);
const FAULT_MEAN_DURATION_US = ms(500);
const QUIET_END_US = seconds(60);
/** Enough windows for a day at the mean gap (about 17,000), and a bound. */
const MAX_FAULTS = 40_000;

export const RAFT_LOAD_PARAMS = {
  nodes: String(RAFT_LOAD_SERVERS),
  clients: String(RAFT_LOAD_CLIENTS),
  clientRate: String(RAFT_LOAD_CLIENT_RATE),
} as const;

/** Nemesis windows of every kind over servers 0..4, clients placed on the sides of a split. */
export function raftLoadFaults(untilUs: Micros): FaultSchedule {
  const streams = new RandomStreams(RAFT_LOAD_SEED);
  const schedule = generateNemesisSchedule(streams.stream('bench:raft-load:faults'), RAFT_LOAD_SERVERS, {
    kinds: NEMESIS_KINDS,
    startUs: 0,
    endUs: Math.max(1, untilUs - QUIET_END_US),
    meanGapUs: FAULT_MEAN_GAP_US,
    meanFaultUs: FAULT_MEAN_DURATION_US,
    maxFaults: MAX_FAULTS,
  });
  const clients = Array.from({ length: RAFT_LOAD_CLIENTS }, (_, index) => RAFT_LOAD_SERVERS + index);
  return placeClientsInSplits(orderSchedule(schedule), clients);
}

export function startRaftLoadRun(untilUs: Micros, faults: FaultSchedule = raftLoadFaults(untilUs)): ScenarioRun {
  return new ScenarioRun(raft, { seed: RAFT_LOAD_SEED, params: RAFT_LOAD_PARAMS, untilUs, faults });
}

/** Runs events up to `untilUs` (not past the run's end); false once the run is over. */
export function advanceTo(run: ScenarioRun, untilUs: Micros): boolean {
  const simulation = run.simulation;
  while (simulation.nextEventTime() <= untilUs) {
    if (!run.step()) return false;
  }
  return !run.isFinished;
}

/** A named figure of the report's summary, or 0 when the scenario does not give it. */
export function summaryFigure(report: Report, name: string): number {
  const value = report.summary[name];
  return typeof value === 'number' ? value : 0;
}

export function countFaultWindows(faults: FaultSchedule): number {
  return faults.filter((event) => event.kind !== 'heal' && event.kind !== 'restart' && !(event.kind === 'clock-skew' && event.offsetUs === 0 && event.driftPpm === 0)).length;
}
