// Jepsen EDN histories: a sequence of maps such as
// `{:process 0, :type :invoke, :f :cas, :value [1 2]}`, one after another or inside one
// vector. Rule: :process, :type and :f are required, :key, :value and :time optional
// (times on every event or on none); keywords in values become strings with their colon.
import { assertNever } from '../../engine/assert-never.ts';
import { readEdnForms, type EdnForm, type EdnMap, type EdnValue } from './edn-reader.ts';
import { checkEventTimes, isEventType, NEMESIS_PROCESS, type HistoryEvent, type HistoryKey, type HistoryValue, type Process } from './history-event.ts';

export function parseEdnHistory(text: string): HistoryEvent[] {
  const forms = readEdnForms(text);
  const only = forms[0]?.value;
  const wrapped = forms.length === 1 && only !== null && typeof only === 'object' && (only.kind === 'vector' || only.kind === 'list');
  const maps: EdnForm[] = wrapped ? only.items.map((value, index) => ({ value, line: only.itemLines[index] as number })) : forms;
  const events: HistoryEvent[] = [];
  for (const { value, line } of maps) {
    if (value === null || typeof value !== 'object' || value.kind !== 'map') {
      throw new RangeError(`line ${line}: expected an operation map such as {:process 0, :type :invoke, :f :read, :value nil}, got ${describe(value)}`);
    }
    const event = eventFromMap(value);
    if (event !== undefined) events.push(event);
  }
  checkEventTimes(events);
  return events;
}

/** The map's event, or undefined for a nemesis event. */
function eventFromMap(map: EdnMap): HistoryEvent | undefined {
  const line = map.line;
  const processValue = map.entries.get('process');
  if (isKeyword(processValue, NEMESIS_PROCESS)) return undefined;
  const process = ednProcess(processValue, line);
  const type = keywordName(map.entries.get('type'));
  if (type === undefined || !isEventType(type)) {
    throw new RangeError(`line ${line}: expected :type to be one of :invoke, :ok, :fail, :info, got ${describe(map.entries.get('type'))}`);
  }
  const fValue = map.entries.get('f');
  const f = typeof fValue === 'string' ? fValue : keywordName(fValue);
  if (f === undefined || f === '') throw new RangeError(`line ${line}: expected :f to be a keyword such as :read, :write or :cas, got ${describe(fValue)}`);
  return { process, type, f, key: ednKey(map.entries.get('key'), line), value: ednToHistoryValue(map.entries.get('value') ?? null), time: ednTime(map.entries.get('time'), line), line };
}

function ednProcess(value: EdnValue | undefined, line: number): Process {
  if (typeof value === 'number' && value >= 0) return value;
  throw new RangeError(`line ${line}: expected :process to be an integer from 0 (or :nemesis), got ${describe(value)}`);
}

function ednKey(value: EdnValue | undefined, line: number): HistoryKey {
  if (value === undefined || value === null || typeof value === 'string' || typeof value === 'number') return value ?? null;
  if (typeof value === 'object' && value.kind === 'keyword') return `:${value.name}`;
  throw new RangeError(`line ${line}: expected :key to be a keyword, string or integer, got ${describe(value)}`);
}

function ednTime(value: EdnValue | undefined, line: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= 0) return value;
  throw new RangeError(`line ${line}: expected :time to be an integer from 0, got ${describe(value)}`);
}

/** A value as a history carries it: vectors and lists become arrays, keywords strings with their colon. */
export function ednToHistoryValue(value: EdnValue): HistoryValue {
  if (value === null || typeof value !== 'object') return value;
  switch (value.kind) {
    case 'keyword':
      return `:${value.name}`;
    case 'vector':
    case 'list':
      return value.items.map(ednToHistoryValue);
    case 'map':
      throw new RangeError(`line ${value.line}: expected a value that is nil, a number, a string, a keyword or a vector, got a map`);
    default:
      return assertNever(value);
  }
}

function keywordName(value: EdnValue | undefined): string | undefined {
  return value !== null && typeof value === 'object' && value.kind === 'keyword' ? value.name : undefined;
}

function isKeyword(value: EdnValue | undefined, name: string): boolean {
  return keywordName(value) === name;
}

function describe(value: EdnValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'nil';
  if (typeof value !== 'object') return JSON.stringify(value);
  return value.kind === 'keyword' ? `:${value.name}` : `a ${value.kind}`;
}
