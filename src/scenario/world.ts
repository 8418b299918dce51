// What a scenario's setup builds on: the simulation, the cluster and its network, the
// properties to check, the fault schedule, the figures the report shows and, for a
// scenario whose clients record one, their history.
// Rule: setup only declares; nothing runs until the runner starts the loop.
import { PropertySet } from '../check/property.ts';
import type { Random } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import type { FaultSchedule } from '../faults/fault-event.ts';
import type { Network } from '../net/network.ts';
import { Cluster } from '../node/cluster.ts';
import type { ClientHistory } from './client-history.ts';

export type SummaryValue = number | string | boolean;

export class World {
  readonly cluster: Cluster;
  readonly properties = new PropertySet();
  /** The scenario's own fault schedule; a schedule given to the runner replaces it. */
  faults: FaultSchedule = [];
  private readonly summaries = new Map<string, () => SummaryValue>();
  private clientHistory: ClientHistory | undefined;

  constructor(
    readonly simulation: Simulation,
    /** How long this run lasts: the scenario's duration, or what the caller asked for (--until). */
    readonly durationUs: Micros,
  ) {
    this.cluster = new Cluster(simulation);
  }

  get network(): Network {
    return this.cluster.network;
  }

  /** A named random stream for scenario logic ("workload", "clients", ...). */
  random(name: string): Random {
    return this.simulation.random.stream(name);
  }

  /** Runs `action` at virtual time `at` (scenario-level events such as client requests). */
  at(at: Micros, action: () => void): void {
    this.simulation.scheduleAt(at, runAction, action);
  }

  /** A figure for the report, computed when the run ends ("replies", "values seen"). */
  summary(name: string, compute: () => SummaryValue): void {
    this.summaries.set(name, compute);
  }

  /**
   * The clients' history, for a scenario that records one: pass the recorder itself (it
   * is read when the run ends). `faultline run --history FILE` writes its events as JSON
   * Lines; the CAP report reads its operations' sides. A second call replaces the first.
   */
  history(source: ClientHistory): void {
    this.clientHistory = source;
  }

  /** The history so far, or undefined when the scenario records none. */
  get recordedHistory(): ClientHistory | undefined {
    return this.clientHistory;
  }

  computeSummary(): Record<string, SummaryValue> {
    const result: Record<string, SummaryValue> = {};
    for (const [name, compute] of this.summaries) result[name] = compute();
    return result;
  }
}

function runAction(action: () => void): void {
  action();
}
