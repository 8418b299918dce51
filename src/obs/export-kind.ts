// The export formats by name, as `--export kind=file` names them, and the one function
// that renders any of them. Rule: every kind is a pure function of the observed run.
import { assertNever } from '../engine/assert-never.ts';
import { exportHtml } from './export-html.ts';
import { exportMermaid, type TimeWindow } from './export-mermaid.ts';
import { exportOtlp } from './export-otlp.ts';
import { exportPerfetto } from './export-perfetto.ts';
import { exportPrometheus } from './export-prometheus.ts';
import type { ObservedRun } from './observed-run.ts';

export const EXPORT_KINDS = ['perfetto', 'otlp', 'prometheus', 'mermaid', 'html'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportOptions {
  /** Mermaid only: the messages sent in this window. */
  readonly window?: TimeWindow;
}

export function isExportKind(text: string): text is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(text);
}

export function renderExport(kind: ExportKind, run: ObservedRun, options: ExportOptions = {}): string {
  switch (kind) {
    case 'perfetto':
      return exportPerfetto(run);
    case 'otlp':
      return exportOtlp(run);
    case 'prometheus':
      return exportPrometheus(run);
    case 'mermaid':
      return exportMermaid(run, options.window === undefined ? {} : { window: options.window });
    case 'html':
      return exportHtml(run);
    default:
      return assertNever(kind);
  }
}
