// Writes a history as our JSON Lines, the format `faultline check-history` reads back.
// Rule: fields come out in one fixed order (process, type, f, key, value, time), key
// only when the event names one, so the same history always gives the same text.
import type { EventType, HistoryKey, HistoryValue, Process } from './history-event.ts';

/** An event as a store records it: its virtual time in microseconds, no source line yet. */
export interface RecordedEvent {
  readonly process: Process;
  readonly type: EventType;
  readonly f: string;
  readonly key: HistoryKey;
  readonly value: HistoryValue;
  readonly time: number;
}

export function formatJsonlHistory(events: Iterable<RecordedEvent>): string {
  let text = '';
  for (const event of events) {
    const key = event.key === null ? '' : `,"key":${JSON.stringify(event.key)}`;
    text += `{"process":${JSON.stringify(event.process)},"type":"${event.type}","f":${JSON.stringify(event.f)}${key},"value":${JSON.stringify(event.value)},"time":${event.time}}\n`;
  }
  return text;
}
