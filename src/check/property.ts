// Properties a scenario declares about its run. Rule: a check observes from outside:
// it reads snapshots (a node's inspect()) or what the scenario recorded, never a
// node's private fields, and it returns what is wrong, or undefined when all is well.
import type { Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';

/**
 * What is wrong, in words for a person ("node 3 has not seen value 17"), or undefined
 * when the property holds. Naming the nodes concerned lets the report show the last
 * events that involved them.
 */
export type Problem = string | { readonly message: string; readonly nodes: readonly number[] } | undefined;
export type Check = () => Problem;

/**
 * - always: must hold after every event;
 * - eventually: must hold by a deadline (checked then);
 * - atEnd: must hold when the run ends;
 * - limit: the run hit a limit before it could finish.
 */
export type PropertyKind = 'always' | 'eventually' | 'atEnd' | 'limit';

export interface Property {
  readonly name: string;
  readonly kind: Exclude<PropertyKind, 'limit'>;
  readonly check: Check;
  /** For eventually: the virtual time by which it must hold. */
  readonly deadlineUs?: Micros;
}

export interface Violation {
  readonly property: string;
  readonly kind: PropertyKind;
  readonly timeUs: Micros;
  /** Index of the last trace event before the violation was seen. */
  readonly eventIndex: number;
  readonly message: string;
  /** The nodes the property named as concerned (empty when it named none). */
  readonly nodes: readonly number[];
  /** The last trace events involving those nodes (every node when none was named), up to the violation. */
  readonly recentEvents?: readonly TraceEvent[];
}

/** Splits a Problem into its message and the nodes it concerns. */
export function describeProblem(problem: Exclude<Problem, undefined>): { message: string; nodes: readonly number[] } {
  return typeof problem === 'string' ? { message: problem, nodes: [] } : problem;
}

/** The properties of one run, in declaration order. */
export class PropertySet {
  private readonly declared: Property[] = [];

  always(name: string, check: Check): void {
    this.add({ name, kind: 'always', check });
  }

  eventually(name: string, deadlineUs: Micros, check: Check): void {
    this.add({ name, kind: 'eventually', check, deadlineUs });
  }

  atEnd(name: string, check: Check): void {
    this.add({ name, kind: 'atEnd', check });
  }

  ofKind(kind: Property['kind']): Property[] {
    return this.declared.filter((property) => property.kind === kind);
  }

  get all(): readonly Property[] {
    return this.declared;
  }

  private add(property: Property): void {
    if (this.declared.some((existing) => existing.name === property.name)) {
      throw new RangeError(`property "${property.name}" is declared twice`);
    }
    this.declared.push(property);
  }
}
