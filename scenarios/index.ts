// Every runnable scenario, in the order `faultline list` shows them.
import type { Scenario } from '../src/scenario/define-scenario.ts';
import broadcast from './broadcast.ts';
import bulkhead from './bulkhead.ts';
import cascade from './cascade.ts';
import echo from './echo.ts';
import kvAp from './kv-ap.ts';
import overload from './overload.ts';
import payments from './payments.ts';
import raft from './raft.ts';
import raftElectionTiming from './raft-election-timing.ts';
import raftFlapping from './raft-flapping.ts';
import raftLeaderIsolated from './raft-leader-isolated.ts';
import replicatedDb from './replicated-db.ts';
import retryStorm from './retry-storm.ts';

export const SCENARIOS: readonly Scenario[] = [broadcast, echo, raft, raftLeaderIsolated, raftFlapping, raftElectionTiming, replicatedDb, kvAp, cascade, retryStorm, payments, bulkhead, overload];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
