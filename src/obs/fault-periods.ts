// Fault periods read from the trace: partitions until the heal, crashes until the
// restart, pauses until the resume, loss bursts for their stated length. Rule: a period
// still open when the run ends closes at the run's end; charts shade these periods.
import type { Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';

/** 'declared': a period the scenario marked itself (a load burst), not a fault the trace shows. */
export type FaultPeriodKind = 'partition' | 'crash' | 'pause' | 'loss-burst' | 'declared';

export interface FaultPeriod {
  readonly kind: FaultPeriodKind;
  /** The node it affects; undefined for network-wide faults. */
  readonly node: number | undefined;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly description: string;
  /** The trace event that started it; -1 for a declared period. */
  readonly eventIndex: number;
}

/** An instant worth marking on a timeline: a partition, a heal, a crash, a clock jump. */
export interface FaultMark {
  readonly timeUs: Micros;
  readonly eventIndex: number;
  readonly kind: TraceEvent['kind'];
  readonly node: number | undefined;
  readonly description: string;
}

/** The most periods and marks kept (a nemesis that flaps forever keeps its first ones). */
export const MAX_FAULT_RECORDS = 10_000;

interface OpenPeriod {
  readonly kind: FaultPeriodKind;
  readonly node: number | undefined;
  readonly startUs: Micros;
  readonly description: string;
  readonly eventIndex: number;
}

const LOSS_BURST = /^loss-burst (\S+) for (\d+)us$/;

export class FaultTracker {
  private readonly periods: FaultPeriod[] = [];
  private readonly marks: FaultMark[] = [];
  private readonly open: OpenPeriod[] = [];

  observe(event: TraceEvent): void {
    switch (event.kind) {
      case 'partition':
        this.mark(event, String(event.detail));
        this.begin({ kind: 'partition', node: undefined, startUs: event.timeUs, description: String(event.detail), eventIndex: event.index });
        return;
      case 'heal':
        this.mark(event, 'heal');
        this.endWhere(event.timeUs, (period) => period.kind === 'partition');
        return;
      case 'fault':
        this.onFault(event);
        return;
      case 'crash':
        this.mark(event, `node ${event.node} crashed`);
        this.begin({ kind: 'crash', node: event.node, startUs: event.timeUs, description: `node ${event.node} crashed`, eventIndex: event.index });
        return;
      case 'restart':
        this.mark(event, `node ${event.node} restarted`);
        this.endWhere(event.timeUs, (period) => period.kind === 'crash' && period.node === event.node);
        return;
      case 'pause':
        this.mark(event, `node ${event.node} paused`);
        this.begin({ kind: 'pause', node: event.node, startUs: event.timeUs, description: `node ${event.node} paused`, eventIndex: event.index });
        return;
      case 'resume':
        this.endWhere(event.timeUs, (period) => period.kind === 'pause' && period.node === event.node);
        return;
      default:
        return;
    }
  }

  finish(endUs: Micros, declared: readonly { readonly description: string; readonly startUs: Micros; readonly endUs: Micros }[] = []): { readonly periods: FaultPeriod[]; readonly marks: FaultMark[] } {
    this.endWhere(endUs, () => true);
    for (const period of declared) {
      if (period.startUs < endUs) this.store({ kind: 'declared', node: undefined, startUs: period.startUs, endUs: period.endUs, description: period.description, eventIndex: -1 });
    }
    // Loss bursts were stored with their planned end: clip them to the run.
    const periods = this.periods.map((period) => (period.endUs > endUs ? { ...period, endUs } : period));
    return { periods: periods.sort((first, second) => first.startUs - second.startUs || first.eventIndex - second.eventIndex), marks: this.marks.slice() };
  }

  private onFault(event: TraceEvent): void {
    const description = String(event.detail);
    this.mark(event, description);
    const burst = LOSS_BURST.exec(description);
    if (burst !== null) {
      this.store({ kind: 'loss-burst', node: undefined, startUs: event.timeUs, endUs: event.timeUs + Number(burst[2]), description, eventIndex: event.index });
    }
  }

  private mark(event: TraceEvent, description: string): void {
    if (this.marks.length < MAX_FAULT_RECORDS) this.marks.push({ timeUs: event.timeUs, eventIndex: event.index, kind: event.kind, node: event.node, description });
  }

  private begin(period: OpenPeriod): void {
    if (this.open.length < MAX_FAULT_RECORDS) this.open.push(period);
  }

  private endWhere(endUs: Micros, isEnded: (period: OpenPeriod) => boolean): void {
    for (let index = 0; index < this.open.length; ) {
      const period = this.open[index] as OpenPeriod;
      if (!isEnded(period)) {
        index++;
        continue;
      }
      this.open.splice(index, 1);
      this.store({ ...period, endUs });
    }
  }

  private store(period: FaultPeriod): void {
    if (this.periods.length < MAX_FAULT_RECORDS) this.periods.push(period);
  }
}
