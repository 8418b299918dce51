// A service-level objective over a run's summary figures: `availability>=0.99`,
// `latency p99 ms<=250`, several joined by ";". Rule: an objective names figures the
// scenario reports; the same bound also applies to each service's own figure, named
// `<figure> <service>` (`availability db`), which is how an audit tells which services a
// fault degraded. A scenario declares its objective as the text of the summary figure
// `objective`; a caller may give one instead.
import type { SummaryValue } from './world.ts';

/** 'at-least' is written `>=`, 'at-most' `<=`. */
export type ObjectiveBound = 'at-least' | 'at-most';

export interface ObjectiveClause {
  /** A summary figure name, as the report shows it. */
  readonly figure: string;
  readonly bound: ObjectiveBound;
  readonly limit: number;
}

export type Objective = readonly ObjectiveClause[];

/** The summary figure in which a scenario declares its objective (text, clauses joined by ";"). */
export const OBJECTIVE_FIGURE = 'objective';
/** What an audit holds a scenario to when neither the caller nor the scenario names an objective. */
export const DEFAULT_OBJECTIVE_TEXT = 'availability>=0.99';
/** Most clauses in one objective. */
export const MAX_OBJECTIVE_CLAUSES = 32;

const CLAUSE_PATTERN = /^(.*?)\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$/;
/** A service name: one word, so `latency p99 ms` never reads as figure `latency`, service `p99 ms`. */
const SERVICE_PATTERN = /^[A-Za-z0-9_.-]+$/;
const CLAUSE_FORM = 'expected FIGURE>=NUMBER or FIGURE<=NUMBER (for example availability>=0.99 or "latency p99 ms<=250")';

/** One clause such as `availability>=0.99`; throws a one-line RangeError naming the text. */
export function parseObjectiveClause(text: string): ObjectiveClause {
  const match = CLAUSE_PATTERN.exec(text.trim());
  const figure = match?.[1]?.trim() ?? '';
  if (match === null || figure === '') throw new RangeError(`invalid objective ${JSON.stringify(text)}: ${CLAUSE_FORM}`);
  return { figure, bound: match[2] === '>=' ? 'at-least' : 'at-most', limit: Number(match[3]) };
}

/** Clauses joined by ";" (`availability>=0.99; latency p99 ms<=250`). */
export function parseObjective(text: string): Objective {
  const parts = text.split(';');
  if (parts.length > MAX_OBJECTIVE_CLAUSES) throw new RangeError(`invalid objective ${JSON.stringify(text)}: more than ${MAX_OBJECTIVE_CLAUSES} clauses`);
  return parts.map(parseObjectiveClause);
}

export function formatClause(clause: ObjectiveClause): string {
  return `${clause.figure}${clause.bound === 'at-least' ? '>=' : '<='}${clause.limit}`;
}

export function isClauseMet(clause: ObjectiveClause, value: number): boolean {
  return clause.bound === 'at-least' ? value >= clause.limit : value <= clause.limit;
}

/** A figure's value when it is a finite number; undefined when absent, text, or not finite. */
export function numericFigure(summary: Readonly<Record<string, SummaryValue>>, name: string): number | undefined {
  const value = Object.hasOwn(summary, name) ? summary[name] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Every finite numeric figure, in the order the scenario reports them. */
export function numericFigures(summary: Readonly<Record<string, SummaryValue>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, value] of Object.entries(summary)) {
    if (typeof value === 'number' && Number.isFinite(value)) result[name] = value;
  }
  return result;
}

export interface ServiceFigure {
  readonly service: string;
  /** The full figure name: `<clause figure> <service>`. */
  readonly figure: string;
  readonly value: number;
}

/** The per-service figures of one clause's figure (`availability api`, `availability db`), in report order. */
export function serviceFigures(summary: Readonly<Record<string, SummaryValue>>, figure: string): ServiceFigure[] {
  const prefix = `${figure} `;
  const result: ServiceFigure[] = [];
  for (const [name, value] of Object.entries(summary)) {
    if (!name.startsWith(prefix) || typeof value !== 'number' || !Number.isFinite(value)) continue;
    const service = name.slice(prefix.length);
    if (SERVICE_PATTERN.test(service)) result.push({ service, figure: name, value });
  }
  return result;
}
