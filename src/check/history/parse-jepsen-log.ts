// The `jepsen.util` log format of the Jepsen etcd test data: one event a line,
// `INFO  jepsen.util - 3	:invoke	:cas	[3 0]` (tabs or spaces between the fields).
// Rule: the log has no times, so the order of the lines is the order of events; the
// value is one EDN form (nil, an integer, a vector, or a keyword such as :timed-out).
import { readEdnForms } from './edn-reader.ts';
import { isEventType, type HistoryEvent, type HistoryValue } from './history-event.ts';
import { ednToHistoryValue } from './parse-edn-history.ts';

const LOG_LINE = /^INFO\s+jepsen\.util\s+-\s+(\S+)\s+:(\S+)\s+:(\S+)\s+(\S.*)$/;
const EXPECTED_LINE = 'expected "INFO jepsen.util - <process> :<type> :<f> <value>", for example "INFO jepsen.util - 3 :invoke :cas [3 0]"';

export function parseJepsenLog(text: string): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const source = (lines[index] as string).trim();
    if (source !== '') events.push(parseLogLine(source, index + 1));
  }
  return events;
}

function parseLogLine(source: string, line: number): HistoryEvent {
  const match = LOG_LINE.exec(source);
  if (match === null) throw new RangeError(`line ${line}: ${EXPECTED_LINE}, got ${JSON.stringify(source.slice(0, 80))}`);
  const [, processText, type, f, valueText] = match as unknown as [string, string, string, string, string];
  if (!/^\d+$/.test(processText) || !Number.isSafeInteger(Number(processText))) {
    throw new RangeError(`line ${line}: expected the process to be an integer from 0, got ${JSON.stringify(processText)}`);
  }
  if (!isEventType(type)) throw new RangeError(`line ${line}: expected the type to be one of :invoke, :ok, :fail, :info, got ":${type}"`);
  return { process: Number(processText), type, f, key: null, value: parseLogValue(valueText, line), time: undefined, line };
}

function parseLogValue(text: string, line: number): HistoryValue {
  const expected = 'expected one value such as nil, 3, [3 0] or :timed-out';
  let forms;
  try {
    forms = readEdnForms(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^line \d+: /, '') : String(error);
    throw new RangeError(`line ${line}: ${expected}, got ${JSON.stringify(text)} (${reason})`);
  }
  const [form, extra] = forms;
  if (form === undefined || extra !== undefined) throw new RangeError(`line ${line}: ${expected}, got ${JSON.stringify(text)}`);
  try {
    return ednToHistoryValue(form.value);
  } catch {
    throw new RangeError(`line ${line}: ${expected}, got ${JSON.stringify(text)}`);
  }
}
