// A Mermaid sequence diagram of the messages sent in a time window, which GitHub renders
// in markdown: one participant per node, an arrow per delivery (`->>`), a cross for a
// message that was lost (`-x`), notes for faults. Rule: messages appear in the order they
// were sent; the diagram is capped at MAX_MERMAID_MESSAGES arrows, and says how many more
// there were, because a diagram of thousands of arrows helps nobody.
import { formatDuration, type Micros } from '../engine/time.ts';
import type { ObservedRun } from './observed-run.ts';

export const MAX_MERMAID_MESSAGES = 300;

export interface TimeWindow {
  readonly startUs: Micros;
  /** Exclusive. */
  readonly endUs: Micros;
}

export interface MermaidOptions {
  /** Messages sent in this window; the whole run when absent. */
  readonly window?: TimeWindow;
  readonly maxMessages?: number;
}

export function exportMermaid(run: ObservedRun, options: MermaidOptions = {}): string {
  const window = options.window ?? { startUs: run.startUs, endUs: run.endUs + 1 };
  const limit = options.maxMessages ?? MAX_MERMAID_MESSAGES;
  const isInWindow = (timeUs: Micros): boolean => timeUs >= window.startUs && timeUs < window.endUs;
  const lines = ['sequenceDiagram'];
  for (const node of run.nodes) lines.push(`  participant ${participant(node.id)} as ${escapeText(node.id < 0 ? 'client' : `node ${node.id} ${node.service}`)}`);
  const entries: { readonly timeUs: Micros; readonly order: number; readonly line: string }[] = [];
  let shown = 0;
  let skipped = 0;
  for (const message of run.messages) {
    if (!isInWindow(message.sendUs)) continue;
    if (shown >= limit) {
      skipped++;
      continue;
    }
    shown++;
    const from = participant(message.from);
    const to = participant(message.to);
    const label = escapeText(`${formatDuration(message.sendUs)} ${message.label}`);
    if (message.deliveries.length === 0) {
      const reason = message.drop === undefined ? 'in flight at the end' : `lost: ${message.drop.reason}`;
      entries.push({ timeUs: message.sendUs, order: entries.length, line: `  ${from}-x${to}: ${label} (${reason})` });
    }
    message.deliveries.forEach((delivery, index) => {
      const arrow = message.label.startsWith('reply') ? '-->>' : '->>';
      const note = index > 0 ? ' (duplicate)' : '';
      entries.push({ timeUs: message.sendUs, order: entries.length, line: `  ${from}${arrow}${to}: ${label}${escapeText(note)}, arrives ${formatDuration(delivery.timeUs)}` });
    });
  }
  for (const mark of run.faultMarks) {
    if (!isInWindow(mark.timeUs)) continue;
    const over = mark.node !== undefined && run.nodes.some((node) => node.id === mark.node) ? participant(mark.node) : spanAll(run);
    if (over === undefined) continue;
    entries.push({ timeUs: mark.timeUs, order: entries.length, line: `  Note over ${over}: ${escapeText(`${formatDuration(mark.timeUs)} ${mark.description}`)}` });
  }
  entries.sort((first, second) => first.timeUs - second.timeUs || first.order - second.order);
  lines.push(...entries.map((entry) => entry.line));
  if (skipped > 0 || shown === 0) {
    const text = shown === 0 ? `no messages sent from ${formatDuration(window.startUs)} to ${formatDuration(window.endUs)}` : `${skipped} more messages in this window not shown: narrow it with --window`;
    const over = spanAll(run);
    if (over !== undefined) lines.push(`  Note over ${over}: ${escapeText(text)}`);
  }
  return `${lines.join('\n')}\n`;
}

function participant(node: number): string {
  return node < 0 ? 'client' : `n${node}`;
}

function spanAll(run: ObservedRun): string | undefined {
  const first = run.nodes[0];
  const last = run.nodes[run.nodes.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return first === last ? participant(first.id) : `${participant(first.id)},${participant(last.id)}`;
}

/** Mermaid reads `;` and `#` in message text as syntax, and a line break ends the statement. */
export function escapeText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/;/g, ',').replace(/#/g, 'no. ').replace(/[{}]/g, '');
}
