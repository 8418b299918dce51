// The history formats we read, and telling them apart. Rule: detection looks only at the
// first non-blank line; a text that could be read more than one way is never guessed.
import { assertNever } from '../../engine/assert-never.ts';
import type { HistoryEvent } from './history-event.ts';
import { parseEdnHistory } from './parse-edn-history.ts';
import { parseJepsenLog } from './parse-jepsen-log.ts';
import { parseJsonlHistory } from './parse-jsonl-history.ts';

/** jsonl: our JSON Lines; edn: Jepsen EDN maps; jepsen-log: `INFO jepsen.util - ...` lines. */
export type HistoryFormat = 'jsonl' | 'edn' | 'jepsen-log';

export const HISTORY_FORMATS: readonly HistoryFormat[] = ['jsonl', 'edn', 'jepsen-log'];

export interface ParsedHistory {
  readonly format: HistoryFormat;
  readonly events: readonly HistoryEvent[];
}

/** Parses `text` in `format`, or in the format detectHistoryFormat finds. Throws RangeError naming the line. */
export function parseHistory(text: string, format: HistoryFormat | 'auto'): ParsedHistory {
  const resolved = format === 'auto' ? detectHistoryFormat(text) : format;
  return { format: resolved, events: parseHistoryAs(text, resolved) };
}

function parseHistoryAs(text: string, format: HistoryFormat): HistoryEvent[] {
  switch (format) {
    case 'jsonl':
      return parseJsonlHistory(text);
    case 'edn':
      return parseEdnHistory(text);
    case 'jepsen-log':
      return parseJepsenLog(text);
    default:
      return assertNever(format);
  }
}

/** The format of `text`, judged by its first non-blank line (an empty text reads as jsonl). */
export function detectHistoryFormat(text: string): HistoryFormat {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '') continue;
    if (/^INFO\s+jepsen\.util\s/.test(line)) return 'jepsen-log';
    if (/^\{\s*("|\})/.test(line)) return 'jsonl';
    if (/^[{[(;]/.test(line)) return 'edn';
    throw new RangeError(
      `line ${index + 1}: cannot tell the history format: expected a JSON object ({"process": 0, ...}), an EDN map ({:process 0, ...}) or a jepsen.util log line, got ${JSON.stringify(line.slice(0, 60))}`,
    );
  }
  return 'jsonl';
}
