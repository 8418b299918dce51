// Observability in one import: metrics, SLOs, spans, logs, the collector and the
// exporters. Rule: nothing is defined here; each concept lives in its own file.
export { arrowCount, diagramArrows, exportHtml } from './export-html.ts';
export { exportMermaid, MAX_MERMAID_MESSAGES, type MermaidOptions, type TimeWindow } from './export-mermaid.ts';
export { exportOtlp, type OtlpOptions } from './export-otlp.ts';
export { exportPerfetto } from './export-perfetto.ts';
export { exportPrometheus } from './export-prometheus.ts';
export { EXPORT_KINDS, isExportKind, renderExport, type ExportKind, type ExportOptions } from './export-kind.ts';
export { DEFAULT_DURATION_BOUNDS_US, Histogram, type HistogramSnapshot } from './histogram.ts';
export { LOG_LEVELS, LogRing, type LogLevel, type LogRecord } from './log-ring.ts';
export { MetricFamily, MetricsRegistry, type HistogramDefinition, type Labels, type MetricDefinition, type MetricType } from './metrics-registry.ts';
export { declarePeriod, declareSlo, metricsOf, Observability, observabilityOf, type DeclaredPeriod } from './observability.ts';
export type { ObservedRun, ObservedVerdict, ObservedViolation } from './observed-run.ts';
export { defaultSampleInterval, RunCollector, type CollectorOptions } from './run-collector.ts';
export { evaluateSlo, type SloDefinition, type SloReport } from './slo.ts';
export { MARKED_PATTERN_KINDS, MAX_PATTERN_MARKS, type PatternMark } from './pattern-marks.ts';
export type { Span, SpanKind, SpanStatus } from './span.ts';
export { formatTraceparent, parseTraceparent, serveSpanIdOf, TraceIdSource, type TraceContext } from './trace-ids.ts';
