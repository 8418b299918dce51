// `--export kind=file` (repeatable), `--window 2s..3s` and `--trace-sample 0.1`: runs a
// scenario with the observability collector subscribed and writes each export file. Rule: the collector is
// subscribed only when an export is asked for, so a plain run pays nothing; files are
// opened (created or truncated) before the run, so a path that cannot be written is bad
// input, reported before any virtual time passes.
import { closeSync, openSync, writeSync } from 'node:fs';
import { formatDuration, parseDuration, type Micros } from '../engine/time.ts';
import { EXPORT_KINDS, isExportKind, renderExport, type ExportKind } from '../obs/export-kind.ts';
import type { TimeWindow } from '../obs/export-mermaid.ts';
import { observabilityOf } from '../obs/observability.ts';
import type { ObservedRun, ObservedVerdict } from '../obs/observed-run.ts';
import { RunCollector } from '../obs/run-collector.ts';
import type { SloReport } from '../obs/slo.ts';
import { isTraceSampleRatio, type TraceSampling } from '../obs/trace-sampling.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import { parseDecimal } from '../scenario/params.ts';
import type { Report } from '../scenario/report.ts';
import { recentEventsBefore, ScenarioRun, type RunOptions } from '../scenario/runner.ts';
import type { CliHost } from './cli-host.ts';
import { messageOf, UsageError } from './usage-error.ts';

/** Exports one run may ask for. */
export const MAX_EXPORTS = 16;

export interface ExportTarget {
  readonly kind: ExportKind;
  readonly path: string;
}

export interface ExportPlan {
  readonly targets: readonly ExportTarget[];
  /** Mermaid's window; the whole run when absent. */
  readonly window: TimeWindow | undefined;
  /** The share of traces whose spans the exports keep (head-based sampling); 1 keeps all. */
  readonly traceSampleRatio: number;
}

export interface WrittenExport {
  readonly kind: ExportKind;
  readonly path: string;
  readonly bytes: number;
}

export interface ExportedRun {
  readonly report: Report;
  readonly written: readonly WrittenExport[];
  readonly slos: readonly SloReport[];
  readonly traceSampling: TraceSampling;
}

const KIND_LIST = EXPORT_KINDS.join(', ');

/** Reads every `--export` value, the `--window` and `--trace-sample`; undefined when no export was asked for. */
export function parseExportOptions(values: readonly string[], windowText: string | undefined, traceSampleText?: string): ExportPlan | undefined {
  if (values.length === 0) {
    if (windowText !== undefined) throw new UsageError('--window applies to a mermaid export: add --export mermaid=FILE');
    if (traceSampleText !== undefined) throw new UsageError('--trace-sample applies to exports: add --export perfetto=FILE, otlp=FILE or html=FILE');
    return undefined;
  }
  if (values.length > MAX_EXPORTS) throw new UsageError(`too many --export options (${values.length}): at most ${MAX_EXPORTS}`);
  const targets = values.map(parseExportTarget);
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target.path)) throw new UsageError(`file ${JSON.stringify(target.path)} is named by two --export options: give each export its own file`);
    seen.add(target.path);
  }
  const window = windowText === undefined ? undefined : parseWindow(windowText);
  if (window !== undefined && !targets.some((target) => target.kind === 'mermaid')) {
    throw new UsageError('--window applies to a mermaid export: add --export mermaid=FILE');
  }
  const traceSampleRatio = traceSampleText === undefined ? 1 : parseTraceSample(traceSampleText);
  return { targets, window, traceSampleRatio };
}

/** `0.1`: keep the spans of one trace in ten (decided per trace id, so a kept trace is whole). */
export function parseTraceSample(text: string): number {
  const ratio = parseDecimal(text);
  if (!isTraceSampleRatio(ratio)) throw new UsageError(`invalid --trace-sample ${JSON.stringify(text)}: expected a number above 0 and at most 1 (0.1 keeps one trace in ten, 1 keeps all)`);
  return ratio;
}

/** `html=report.html` -> { kind: 'html', path: 'report.html' }. */
export function parseExportTarget(text: string): ExportTarget {
  const equals = text.indexOf('=');
  const kind = equals < 0 ? text : text.slice(0, equals);
  const path = equals < 0 ? '' : text.slice(equals + 1);
  if (!isExportKind(kind)) throw new UsageError(`invalid --export ${JSON.stringify(text)}: expected KIND=FILE with KIND one of ${KIND_LIST} (for example html=report.html)`);
  if (path === '') throw new UsageError(`invalid --export ${JSON.stringify(text)}: expected a file after "=" (for example ${kind}=out.${kind === 'mermaid' ? 'mmd' : kind === 'prometheus' ? 'prom' : kind === 'otlp' ? 'jsonl' : kind})`);
  return { kind, path };
}

/** `2s..3s`: the messages sent from 2 s (included) to 3 s (excluded). */
export function parseWindow(text: string): TimeWindow {
  const parts = text.split('..');
  const form = 'expected START..END with durations, for example 2s..3s or 1500ms..2s';
  if (parts.length !== 2) throw new UsageError(`invalid --window ${JSON.stringify(text)}: ${form}`);
  let startUs: Micros;
  let endUs: Micros;
  try {
    startUs = parseDuration(parts[0] as string);
    endUs = parseDuration(parts[1] as string);
  } catch (error) {
    throw new UsageError(`invalid --window ${JSON.stringify(text)}: ${messageOf(error)}`);
  }
  if (endUs <= startUs) throw new UsageError(`invalid --window ${JSON.stringify(text)}: the end must come after the start`);
  return { startUs, endUs };
}

/**
 * Runs the scenario as runScenario does (the same report, a failing run explained by a
 * replay), with the collector watching, and writes every export.
 */
export function runWithExports(scenario: Scenario, options: RunOptions, plan: ExportPlan): ExportedRun {
  const files = plan.targets.map((target) => ({ target, descriptor: openForWriting(target.path) }));
  try {
    const run = new ScenarioRun(scenario, options);
    const collector = new RunCollector(observabilityOf(run.simulation), { seed: options.seed, untilUs: run.untilUs, title: `${scenario.name}, seed ${options.seed}`, traceSampleRatio: plan.traceSampleRatio });
    run.simulation.trace.subscribe(collector.observer);
    let report = run.run();
    if (report.verdict === 'fail' && options.explain !== false) {
      report = { ...report, violations: report.violations.map((violation) => ({ ...violation, recentEvents: recentEventsBefore(scenario, options, violation) })) };
    }
    const observed = collector.finish(run.simulation.now, verdictOf(report));
    const written = files.map(({ target, descriptor }) => writeExport(target, descriptor, observed, plan));
    return { report, written, slos: observed.slos, traceSampling: observed.traceSampling };
  } finally {
    for (const { descriptor } of files) closeSync(descriptor);
  }
}

function verdictOf(report: Report): ObservedVerdict {
  return {
    verdict: report.verdict,
    violations: report.violations.map((violation) => ({
      property: violation.property,
      kind: violation.kind,
      timeUs: violation.timeUs,
      eventIndex: violation.eventIndex,
      message: violation.message,
    })),
  };
}

function openForWriting(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`cannot write export file ${JSON.stringify(path)}: ${messageOf(error)}`);
  }
}

function writeExport(target: ExportTarget, descriptor: number, observed: ObservedRun, plan: ExportPlan): WrittenExport {
  const text = renderExport(target.kind, observed, plan.window === undefined ? {} : { window: plan.window });
  const buffer = Buffer.from(text, 'utf8');
  try {
    writeSync(descriptor, buffer);
  } catch (error) {
    throw new UsageError(`cannot write export file ${JSON.stringify(target.path)}: ${messageOf(error)}`);
  }
  return { kind: target.kind, path: target.path, bytes: buffer.length };
}

/** One line per export and per SLO, after the report (to stderr when stdout holds JSON). */
export function writeExportSummary(host: CliHost, output: 'text' | 'json', exported: ExportedRun): void {
  const lines = exported.slos.map(formatSlo);
  const sampling = exported.traceSampling;
  if (sampling.ratio < 1) lines.push(`traces    sampled at ${sampling.ratio}: ${sampling.tracesKept} kept, ${sampling.tracesSampledOut} left out of the span exports (metrics and SLOs count every request)`);
  for (const file of exported.written) lines.push(`export    ${file.kind} -> ${file.path} (${formatBytes(file.bytes)})`);
  if (lines.length === 0) return;
  const text = `${lines.join('\n')}\n`;
  if (output === 'json') host.stderr(text);
  else host.stdout(text);
}

function formatSlo(slo: SloReport): string {
  const breaches = slo.breaches.length === 0 ? 'never breached' : `breached ${slo.breaches.map((breach) => `${formatDuration(breach.startUs)}..${formatDuration(breach.endUs)}`).join(', ')}`;
  const share = slo.total === 0 ? 'no calls' : `${(slo.compliance * 100).toFixed(2)}% good of ${slo.total}`;
  return `slo       ${slo.name}: ${share} (objective ${(slo.objective * 100).toFixed(2)}% within ${formatDuration(slo.latencyUs)}), error budget spent ${slo.budgetSpent.toFixed(2)}, worst burn rate ${slo.maxBurnRate.toFixed(2)}, ${breaches}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
