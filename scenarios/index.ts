// Every runnable scenario, in the order `faultline list` shows them.
import type { Scenario } from '../src/scenario/define-scenario.ts';
import broadcast from './broadcast.ts';
import bulkhead from './bulkhead.ts';
import cascade from './cascade.ts';
import cpVsAp from './cp-vs-ap.ts';
import echo from './echo.ts';
import eventSourcing from './event-sourcing.ts';
import kvAp from './kv-ap.ts';
import kvCp from './kv-cp.ts';
import overload from './overload.ts';
import payments from './payments.ts';
import twoPhaseCommitVsSaga from './2pc-vs-saga.ts';
import pubsub from './pubsub.ts';
import raft from './raft.ts';
import raftElectionTiming from './raft-election-timing.ts';
import raftFlapping from './raft-flapping.ts';
import raftLeaderIsolated from './raft-leader-isolated.ts';
import replicatedDb from './replicated-db.ts';
import retryStorm from './retry-storm.ts';

export const SCENARIOS: readonly Scenario[] = [broadcast, echo, raft, raftLeaderIsolated, raftFlapping, raftElectionTiming, replicatedDb, kvAp, kvCp, cpVsAp, cascade, retryStorm, payments, bulkhead, overload, pubsub, eventSourcing, twoPhaseCommitVsSaga];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
