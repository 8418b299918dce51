// Our own history format: JSON Lines, one event per line,
// `{"process":0,"type":"invoke","f":"write","key":"x","value":3,"time":1500}`.
// Rule: every line is checked field by field; the first problem is a RangeError naming
// its line and what was expected. Blank lines are skipped; unknown fields are ignored.
import { isEventType, NEMESIS_PROCESS, type HistoryEvent, type HistoryKey, type HistoryValue, type Process, checkEventTimes } from './history-event.ts';

export function parseJsonlHistory(text: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const source = (lines[index] as string).trim();
    if (source === '') continue;
    const event = parseJsonlEvent(source, index + 1);
    if (event !== undefined) events.push(event);
  }
  checkEventTimes(events);
  return events;
}

/** One line's event, or undefined for a nemesis event. */
function parseJsonlEvent(source: string, line: number): HistoryEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch (error) {
    throw new RangeError(`line ${line}: expected a JSON object, got invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RangeError(`line ${line}: expected a JSON object with process, type, f, value and time, got ${JSON.stringify(parsed)}`);
  }
  const fields = parsed as Record<string, unknown>;
  const process = jsonProcess(fields['process'], line);
  if (process === NEMESIS_PROCESS) return undefined;
  const type = fields['type'];
  if (typeof type !== 'string' || !isEventType(type)) {
    throw new RangeError(`line ${line}: expected "type" to be one of "invoke", "ok", "fail", "info", got ${JSON.stringify(type)}`);
  }
  const f = fields['f'];
  if (typeof f !== 'string' || f === '') throw new RangeError(`line ${line}: expected "f" to be a non-empty string (read, write, cas, get, put, append), got ${JSON.stringify(f)}`);
  return { process, type, f, key: jsonKey(fields['key'], line), value: jsonValue(fields['value'], line), time: jsonTime(fields['time'], line), line };
}

function jsonProcess(value: unknown, line: number): Process {
  if ((typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'string' && value !== '')) return value;
  throw new RangeError(`line ${line}: expected "process" to be an integer from 0 or a non-empty string, got ${JSON.stringify(value)}`);
}

function jsonKey(value: unknown, line: number): HistoryKey {
  if (value === undefined || value === null || typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value))) return value ?? null;
  throw new RangeError(`line ${line}: expected "key" to be a string or an integer (or absent), got ${JSON.stringify(value)}`);
}

function jsonTime(value: unknown, line: number): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new RangeError(`line ${line}: expected "time" to be an integer from 0 (virtual microseconds), got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
}

function jsonValue(value: unknown, line: number): HistoryValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => jsonValue(item, line));
  throw new RangeError(`line ${line}: expected "value" to be null, a boolean, a number, a string or an array of those, got ${JSON.stringify(value)}`);
}
