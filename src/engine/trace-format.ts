// One trace event as one line for people: `1.204s #520 deliver 3->1 m17 {"type":"gossip"}`.
// Rule: the line is derived from the event alone, so it reads the same in any report.
import type { TraceEvent } from './trace.ts';
import { formatDuration } from './time.ts';

const DETAIL_LIMIT = 80;

export function formatTraceEvent(event: TraceEvent): string {
  const parts = [`${formatDuration(event.timeUs)}`, `#${event.index}`, event.kind];
  if (event.from !== undefined && event.to !== undefined) parts.push(`${event.from === -1 ? 'client' : event.from}->${event.to}`);
  if (event.node !== undefined && event.node !== -1) parts.push(`node ${event.node}`);
  if (event.messageId !== undefined) parts.push(`m${event.messageId}`);
  if (event.reason !== undefined) parts.push(`(${event.reason})`);
  if (event.detail !== undefined) parts.push(shorten(typeof event.detail === 'string' ? event.detail : safeJson(event.detail)));
  return parts.join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function shorten(text: string): string {
  return text.length <= DETAIL_LIMIT ? text : `${text.slice(0, DETAIL_LIMIT - 3)}...`;
}
