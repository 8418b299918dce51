// A client history in Jepsen's shape: one event per line, an `invoke` that starts an
// operation and an `ok`, `fail` or `info` that ends it. Rule: an event is plain data
// with the line it came from, so every later complaint can name that line.

/** What an event says about its operation. */
export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

export const EVENT_TYPES: readonly EventType[] = ['invoke', 'ok', 'fail', 'info'];

/**
 * A value carried by an event: JSON-like data. EDN keywords arrive as strings with
 * their colon (`:timed-out`), so they never equal a plain string value.
 */
export type HistoryValue = null | boolean | number | string | readonly HistoryValue[];

/** The client that issued an operation: an integer, or a name in our own JSON Lines. */
export type Process = number | string;

/** The key an operation is about; histories of one register name none (null). */
export type HistoryKey = string | number | null;

export interface HistoryEvent {
  readonly process: Process;
  readonly type: EventType;
  /** The operation's function: read, write, cas, get, put, append... */
  readonly f: string;
  readonly key: HistoryKey;
  readonly value: HistoryValue;
  /**
   * When it happened, in the history's own unit (virtual microseconds in our JSON Lines,
   * nanoseconds in Jepsen EDN), or undefined when the history carries no times and the
   * order of the lines is the order of events. Only the order matters to the checker.
   */
  readonly time: number | undefined;
  /** 1-based line of the source text. */
  readonly line: number;
}

/** Processes with this name are the fault injector, not a client: parsers skip their events. */
export const NEMESIS_PROCESS = 'nemesis';

export function isEventType(text: string): text is EventType {
  return (EVENT_TYPES as readonly string[]).includes(text);
}

/** A value as it reads in messages: JSON, with EDN keywords left as written (`:timed-out`). */
export function formatHistoryValue(value: HistoryValue): string {
  if (typeof value === 'string' && value.startsWith(':')) return value;
  if (Array.isArray(value)) return `[${value.map(formatHistoryValue).join(',')}]`;
  return JSON.stringify(value);
}

/** Throws unless the times are all present or all absent, and never decrease. */
export function checkEventTimes(events: readonly HistoryEvent[]): void {
  const first = events[0];
  if (first === undefined) return;
  let previous: number | undefined;
  for (const event of events) {
    if ((event.time === undefined) !== (first.time === undefined)) {
      const which = first.time === undefined ? 'has a time but earlier events have none' : 'has no time but earlier events have one';
      throw new RangeError(`line ${event.line}: the event ${which}: expected times on every event or on none`);
    }
    if (event.time !== undefined && previous !== undefined && event.time < previous) {
      throw new RangeError(`line ${event.line}: time ${event.time} is earlier than the previous event's ${previous}: expected events in time order`);
    }
    previous = event.time;
  }
}
