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

/** A row of a figure table: its label, then per column the summary figure it shows (undefined: none). */
export type FigureTableRow = readonly [label: string, figures: readonly (string | undefined)[]];

/** A figure table as the report carries it: the figures' names and their values (null: no cell). */
export interface ReportTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly figures: readonly (string | null)[]; readonly values: readonly (SummaryValue | null)[] }[];
}

export class World {
  readonly cluster: Cluster;
  readonly properties = new PropertySet();
  /** The scenario's own fault schedule; a schedule given to the runner replaces it. */
  faults: FaultSchedule = [];
  private readonly summaries = new Map<string, () => SummaryValue>();
  private clientHistory: ClientHistory | undefined;
  private readonly tables: { readonly title: string; readonly columns: readonly string[]; readonly rows: readonly FigureTableRow[] }[] = [];

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
   * Lays some of the summary figures out as a table for the text report: one column per
   * design or store compared (`saga`, `2pc`), one row per measure, each cell the name of
   * a summary figure (or undefined for none). It changes no figure; --json keeps the
   * summary as it is and adds the table with its values.
   */
  table(title: string, columns: readonly string[], rows: readonly FigureTableRow[]): void {
    this.tables.push({ title, columns, rows });
  }

  /** The declared tables, filled from `summary` (the figures computed at the end). */
  computeTables(summary: Readonly<Record<string, SummaryValue>>): ReportTable[] {
    return this.tables.map(({ title, columns, rows }) => ({
      title,
      columns: [...columns],
      rows: rows.map(([label, figures]) => ({
        label,
        figures: figures.map((figure) => (figure === undefined ? null : figure)),
        values: figures.map((figure) => {
          if (figure === undefined) return null;
          if (!Object.hasOwn(summary, figure)) throw new Error(`table "${title}": no summary figure named ${JSON.stringify(figure)}`);
          return summary[figure] as SummaryValue;
        }),
      })),
    }));
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
