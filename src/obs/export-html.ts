// One self-contained HTML file that shows a run: the checker verdicts with links to the
// moments that broke them, the SLOs, a space-time diagram (a lane per node, messages as
// arrows, losses and partitions marked, zoom and pan), metric charts with fault periods
// shaded and breaker state changes marked, the slowest calls and the latest logs.
// Rule: nothing is fetched: styles, script and data are inline (no src or href points at
// the network), so the file opens offline; text from the run is escaped, and the JSON is
// embedded so that no `<` can end its script element early.
import { formatDuration, type Micros } from '../engine/time.ts';
import { buildCharts } from './chart-data.ts';
import { VIEWER_SCRIPT } from './html-viewer-script.ts';
import { HTML_STYLE } from './html-style.ts';
import type { ObservedMessage, ObservedRun } from './observed-run.ts';
import type { PatternMark } from './pattern-marks.ts';
import type { Span } from './span.ts';

/** Logs and calls listed in the report, at most. */
export const HTML_LOG_ROWS = 300;
export const HTML_SLOW_CALLS = 25;
/** Pattern marks (breaker state changes) listed in the report's table, at most; charts mark them all. */
export const HTML_PATTERN_ROWS = 100;

/** Arrow states, in the order the viewer's STATES list names them. */
const ARROW_STATE = { delivered: 0, partition: 1, loss: 2, 'node-down': 3, 'in-flight': 4 } as const;

/** One arrow of the diagram: [from, to, startUs, endUs, state, messageId, label index, trace index, event index]. */
export type ArrowRow = readonly [number, number, Micros, Micros, number, number, number, number, number];

/** Every arrow the diagram can draw: one per delivery, one for a loss, one for a message still in flight. */
export function diagramArrows(run: ObservedRun, labels: string[], traces: string[]): ArrowRow[] {
  const labelIndex = new Map<string, number>();
  const traceIndex = new Map<string, number>();
  const indexOf = (table: string[], index: Map<string, number>, value: string): number => {
    let found = index.get(value);
    if (found === undefined) {
      found = table.length;
      table.push(value);
      index.set(value, found);
    }
    return found;
  };
  const arrows: ArrowRow[] = [];
  for (const message of run.messages) {
    const label = indexOf(labels, labelIndex, message.label);
    const trace = message.traceId === undefined ? -1 : indexOf(traces, traceIndex, message.traceId);
    for (const delivery of message.deliveries) arrows.push(arrowRow(message, label, trace, delivery.timeUs, ARROW_STATE.delivered, delivery.eventIndex));
    if (message.drop !== undefined) arrows.push(arrowRow(message, label, trace, message.drop.timeUs, ARROW_STATE[message.drop.reason], message.drop.eventIndex));
    if (message.deliveries.length === 0 && message.drop === undefined) arrows.push(arrowRow(message, label, trace, run.endUs, ARROW_STATE['in-flight'], message.sendEventIndex));
  }
  return arrows;
}

/** One arrow (a module function, not a closure per message: the tsx loader wraps every named closure it creates). */
function arrowRow(message: ObservedMessage, label: number, trace: number, endUs: Micros, state: number, eventIndex: number): ArrowRow {
  return [message.from, message.to, message.sendUs, endUs, state, message.id, label, trace, eventIndex];
}

/** The number of arrows the diagram draws for a message (what a viewer should count). */
export function arrowCount(message: ObservedMessage): number {
  return message.deliveries.length + (message.drop === undefined ? 0 : 1) + (message.deliveries.length === 0 && message.drop === undefined ? 1 : 0);
}

export function exportHtml(run: ObservedRun): string {
  const labels: string[] = [];
  const traces: string[] = [];
  const arrows = diagramArrows(run, labels, traces);
  const data = {
    title: run.title,
    startUs: run.startUs,
    endUs: run.endUs,
    nodes: run.nodes,
    laneOf: Object.fromEntries(run.nodes.map((node, index) => [String(node.id), index])),
    arrows,
    labels,
    traces,
    faultPeriods: run.faultPeriods.map((period) => ({ kind: period.kind, node: period.node ?? null, startUs: period.startUs, endUs: period.endUs, description: period.description })),
    patternMarks: run.patternMarks.map((mark) => ({ kind: mark.kind, node: mark.node, policy: mark.policy, timeUs: mark.timeUs, eventIndex: mark.eventIndex })),
    timesUs: run.timeline.timesUs,
    charts: buildCharts(run),
  };
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Faultline: ${escapeHtml(run.title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>Faultline: ${escapeHtml(run.title)}</h1>${summaryLine(run, arrows.length)}</header>`,
    verdictSection(run),
    sloSection(run),
    diagramSection(run, arrows.length),
    '<section><h2>Metrics over time</h2><p class="hint">Shaded: fault periods (partitions, crashes, pauses, loss bursts) and periods the scenario marked (a load burst). Vertical lines: a circuit breaker opened (red), went half-open (orange) or closed (green), a retry budget ran out (purple). Click a chart to see that moment in the diagram.</p><div id="charts"></div></section>',
    patternSection(run),
    slowCallsSection(run),
    logSection(run),
    `<script type="application/json" id="faultline-data">${embedJson(data)}</script>`,
    `<script>${VIEWER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function summaryLine(run: ObservedRun, arrowTotal: number): string {
  const parts = [
    `seed ${run.seed}`,
    `${formatDuration(run.endUs - run.startUs)} of virtual time`,
    `${run.nodes.length} nodes`,
    `${arrowTotal} message arrows`,
    `${run.spans.length} spans`,
  ];
  if (run.messagesOmitted > 0) parts.push(`${run.messagesOmitted} messages beyond the limit not kept`);
  if (run.requestsOmitted > 0) parts.push(`${run.requestsOmitted} requests beyond the span limit not traced`);
  const sampling = run.traceSampling;
  if (sampling.ratio < 1) parts.push(`traces sampled at ${sampling.ratio}: ${sampling.tracesKept} kept, ${sampling.tracesSampledOut} left out (metrics count every request)`);
  return `<p class="summary">${escapeHtml(parts.join(' · '))}</p>`;
}

function timeLink(timeUs: Micros, text: string, extra = ''): string {
  return `<a href="#diagram-section" data-time-us="${timeUs}"${extra}>${escapeHtml(text)}</a>`;
}

function verdictSection(run: ObservedRun): string {
  const verdict = run.verdict;
  if (verdict === undefined) return '';
  const items = verdict.violations.map(
    (violation) =>
      `<li>${timeLink(violation.timeUs, formatDuration(violation.timeUs), ` data-event="${violation.eventIndex}"`)} <strong>${escapeHtml(violation.property)}</strong> (${escapeHtml(violation.kind)}), event ${violation.eventIndex}: ${escapeHtml(violation.message)}</li>`,
  );
  const list = items.length === 0 ? '<p>Every property held.</p>' : `<ul class="violations">${items.join('')}</ul>`;
  return `<section id="verdict"><h2>Checker verdict: <span class="verdict verdict-${verdict.verdict}">${verdict.verdict.toUpperCase()}</span></h2>${list}</section>`;
}

function sloSection(run: ObservedRun): string {
  if (run.slos.length === 0) return '';
  const rows = run.slos.map((slo) => {
    const breaches = slo.breaches.length === 0 ? 'none' : slo.breaches.map((breach) => timeLink(breach.startUs, `${formatDuration(breach.startUs)} to ${formatDuration(breach.endUs)}`)).join(', ');
    return `<tr><td>${escapeHtml(slo.name)}</td><td>${(slo.objective * 100).toFixed(2)}% within ${formatDuration(slo.latencyUs)} over ${formatDuration(slo.windowUs)}${slo.service === undefined ? '' : ` (calls to ${escapeHtml(slo.service)})`}</td><td>${slo.good} / ${slo.total} (${(slo.compliance * 100).toFixed(2)}%)</td><td>${slo.budgetSpent.toFixed(2)}</td><td>${slo.maxBurnRate.toFixed(2)}</td><td>${breaches}</td></tr>`;
  });
  return `<section id="slos"><h2>Service-level objectives</h2><table><thead><tr><th>SLO</th><th>objective</th><th>good calls</th><th>error budget spent</th><th>worst burn rate</th><th>breached</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function diagramSection(run: ObservedRun, arrowTotal: number): string {
  const legend = '<span class="key key-delivered">delivered</span><span class="key key-lost">lost (×)</span><span class="key key-in-flight">in flight at the end</span><span class="key key-partition">partition</span><span class="key key-crash">crashed</span><span class="key key-pause">paused</span><span class="key key-declared">marked by the scenario</span><span class="key key-breaker-opened">breaker opened</span>';
  return [
    '<section id="diagram-section">',
    '<h2>Space-time diagram</h2>',
    '<p class="hint">One vertical lane per node, time going down; each line is a message from its send to its delivery. Scroll to zoom, drag to pan, click a message to follow its trace.</p>',
    `<div class="toolbar"><button id="zoom-in" type="button">zoom in</button><button id="zoom-out" type="button">zoom out</button><button id="zoom-reset" type="button">whole run</button><span id="diagram-range"></span></div>`,
    `<div class="legend">${legend}</div>`,
    `<svg id="diagram" role="img" aria-label="space-time diagram of ${run.nodes.length} nodes" data-lanes="${run.nodes.length}" data-arrows="${arrowTotal}"></svg>`,
    '<p id="diagram-info" class="hint"></p>',
    '</section>',
  ].join('\n');
}

const PATTERN_WORDS: Readonly<Record<PatternMark['kind'], string>> = {
  'breaker-opened': 'circuit breaker opened',
  'breaker-half-opened': 'circuit breaker half-open (probing)',
  'breaker-closed': 'circuit breaker closed',
  'retry-budget-exhausted': 'retry budget exhausted',
};

function patternSection(run: ObservedRun): string {
  if (run.patternMarks.length === 0) return '';
  const services = new Map(run.nodes.map((node) => [node.id, node.service]));
  const rows = run.patternMarks.slice(0, HTML_PATTERN_ROWS).map((mark) => {
    const link = timeLink(mark.timeUs, formatDuration(mark.timeUs), ` data-event="${mark.eventIndex}"`);
    const node = `node ${mark.node}${services.has(mark.node) ? ` (${services.get(mark.node) as string})` : ''}`;
    return `<tr class="pattern-row pattern-row-${mark.kind}"><td>${link}</td><td>${escapeHtml(node)}</td><td>${escapeHtml(mark.policy)}</td><td>${PATTERN_WORDS[mark.kind]}</td></tr>`;
  });
  const total = run.patternMarks.length + run.patternMarksOmitted;
  const note = total > rows.length ? `<p class="hint">The first ${rows.length} of ${total}.</p>` : '';
  return `<section id="patterns"><h2>Resilience patterns: breakers and budgets</h2>${note}<table><thead><tr><th>time</th><th>node</th><th>policy</th><th>what happened</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function slowCallsSection(run: ObservedRun): string {
  const slowest = slowestCalls(run.spans, HTML_SLOW_CALLS);
  if (slowest.length === 0) return '';
  const rows = slowest.map((span) => {
    const link = timeLink(span.startUs, formatDuration(span.startUs), ` data-trace="${span.traceId}" data-span-us="${Math.max(1000, duration(span))}"`);
    const attempts = span.attributes['rpc.attempts'] ?? '';
    return `<tr><td>${link}</td><td>node ${span.node}</td><td>${escapeHtml(span.name)}</td><td>${formatDuration(duration(span))}</td><td>${escapeHtml(String(attempts))}</td><td>${escapeHtml(span.statusMessage ?? span.status)}</td><td><code>${span.traceId}</code></td></tr>`;
  });
  const sampled = run.traceSampling.ratio < 1 ? ` Only the traces sampling kept (${run.traceSampling.ratio} of them) are ranked.` : '';
  return `<section id="calls"><h2>Slowest calls</h2><p class="hint">Click a time to see the call's messages highlighted in the diagram.${sampled}</p><table><thead><tr><th>started</th><th>caller</th><th>call</th><th>took</th><th>attempts</th><th>outcome</th><th>trace id</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

/**
 * The `limit` slowest client calls that start a trace, slowest first, of equal durations
 * the one that came first: one pass that keeps the few it lists, where a sort of every
 * call cost the report more than any of its sections.
 */
function slowestCalls(spans: readonly Span[], limit: number): Span[] {
  const slowest: Span[] = [];
  for (const span of spans) {
    if (span.parentSpanId !== undefined || span.kind !== 'client') continue;
    const took = duration(span);
    if (slowest.length === limit && took <= duration(slowest[limit - 1] as Span)) continue;
    // After every call at least as slow: those came first.
    let position = slowest.length;
    while (position > 0 && duration(slowest[position - 1] as Span) < took) position--;
    slowest.splice(position, 0, span);
    if (slowest.length > limit) slowest.pop();
  }
  return slowest;
}

function duration(span: Span): Micros {
  return span.endUs - span.startUs;
}

function logSection(run: ObservedRun): string {
  if (run.logs.length === 0) return '';
  const shown = run.logs.slice(-HTML_LOG_ROWS);
  const rows = shown.map((record) => {
    const trace = record.traceId === undefined ? '' : `<code>${record.traceId.slice(0, 8)}</code>`;
    const extra = ` data-event="${record.eventIndex}"${record.traceId === undefined ? '' : ` data-trace="${record.traceId}"`}`;
    return `<tr class="log-${record.level}"><td>${timeLink(record.timeUs, formatDuration(record.timeUs), extra)}</td><td>${record.node < 0 ? '' : record.node}</td><td>${record.level}</td><td>${trace}</td><td>${escapeHtml(record.text)}</td></tr>`;
  });
  const note = run.logs.length > shown.length || run.logsDiscarded > 0 ? `<p class="hint">The last ${shown.length} of ${run.logs.length + run.logsDiscarded} log records.</p>` : '';
  return `<section id="logs"><h2>Logs</h2>${note}<div class="log-box"><table><thead><tr><th>time</th><th>node</th><th>level</th><th>trace</th><th>text</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

export function escapeHtml(text: string): string {
  // Most texts have nothing to escape: one test instead of five passes.
  if (!HTML_SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const HTML_SPECIAL = /[&<>"']/;

const UNSAFE_IN_SCRIPT = /[<\u2028\u2029]/g;
const ESCAPED_IN_SCRIPT: Readonly<Record<string, string>> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON that is safe inside a script element: no `<` (so no `</script>`), no line separators; one pass over a text of megabytes. */
function embedJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Searching for each character is far faster than the pattern's scan, and usually finds none.
  if (json.indexOf('<') < 0 && json.indexOf('\u2028') < 0 && json.indexOf('\u2029') < 0) return json;
  return json.replace(UNSAFE_IN_SCRIPT, (character) => ESCAPED_IN_SCRIPT[character] as string);
}
