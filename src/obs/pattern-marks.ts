// Moments a resilience pattern changed how a service behaves (a breaker opened, went
// half-open, closed again, a retry budget ran out), kept apart from the log ring so a
// report can mark every one of them on its charts however many log lines came after.
// Rule: read from the pattern log lines (`pattern <kind> <json>`), at most
// MAX_PATTERN_MARKS per run (the first ones; later ones are counted, not kept).
import type { Micros } from '../engine/time.ts';
import type { PatternLine } from './rpc-envelope.ts';

/** Pattern events a report marks. */
export const MARKED_PATTERN_KINDS = ['breaker-opened', 'breaker-half-opened', 'breaker-closed', 'retry-budget-exhausted'] as const;
export type MarkedPatternKind = (typeof MARKED_PATTERN_KINDS)[number];

/** The most pattern marks one run keeps. */
export const MAX_PATTERN_MARKS = 2_000;

export interface PatternMark {
  readonly timeUs: Micros;
  readonly eventIndex: number;
  readonly node: number;
  readonly kind: MarkedPatternKind;
  /** The policy's name (`to-payments`). */
  readonly policy: string;
}

function isMarkedPatternKind(kind: string): kind is MarkedPatternKind {
  return (MARKED_PATTERN_KINDS as readonly string[]).includes(kind);
}

export class PatternMarks {
  private readonly kept: PatternMark[] = [];
  private omittedCount = 0;

  observe(timeUs: Micros, eventIndex: number, node: number, line: PatternLine): void {
    if (!isMarkedPatternKind(line.kind)) return;
    if (this.kept.length >= MAX_PATTERN_MARKS) {
      this.omittedCount++;
      return;
    }
    const policy = typeof line.fields['policy'] === 'string' ? line.fields['policy'] : 'unnamed';
    this.kept.push({ timeUs, eventIndex, node, kind: line.kind, policy });
  }

  get marks(): readonly PatternMark[] {
    return this.kept;
  }

  get omitted(): number {
    return this.omittedCount;
  }
}
