// A sweep's summary for people: what ran, how many passed and failed, how fast, and
// the first failures with the property they broke and the command that replays each.
// Rule: it only formats the library's SweepSummary (the --json output), so text and
// JSON never disagree; the JSON lists more failures, the results file has them all.
import { MAX_LISTED_FAILURES, type SweepSummary } from '../sweep/index.ts';

/** Failures the text summary shows, lowest seeds first. */
export const MAX_SHOWN_FAILURES = 10;
/** Longer violation messages are cut, with "...", so each failure stays two lines. */
const MESSAGE_LIMIT = 100;

export interface SweepSummaryContext {
  /** The --out file, if any. */
  readonly outPath: string | undefined;
}

export function formatSweepSummary(summary: SweepSummary, context: SweepSummaryContext): string[] {
  const resumed = summary.skipped === 0 ? '' : `, ${summary.skipped} already in ${context.outPath ?? 'the results file'}`;
  const lines = [
    `sweep     ${summary.scenario}, seeds ${summary.seeds}, shard ${summary.shard}, params fingerprint ${summary.paramsFingerprint}`,
    `runs      ${summary.runs} run now${resumed}`,
    `speed     ${summary.seedsPerSec} seeds/s (${summary.workers} worker${summary.workers === 1 ? '' : 's'}, ${summary.elapsedSeconds}s)`,
    `verdicts  ${summary.passed} passed, ${summary.failed} failed${summary.crashed === 0 ? '' : ` (${summary.crashed} crashed)`}`,
  ];
  lines.push(...formatFailures(summary));
  if (context.outPath !== undefined) lines.push(`results   ${context.outPath}`);
  if (summary.interrupted) {
    const howToFinish = context.outPath === undefined ? 'use --out FILE, then --resume, to keep results across runs' : 'run the same command with --resume to run only the rest';
    lines.push(`stopped   by Ctrl-C before every seed had a result; ${howToFinish}`);
  }
  return lines;
}

function formatFailures(summary: SweepSummary): string[] {
  if (summary.failed === 0) return [];
  const shown = summary.failures.slice(0, MAX_SHOWN_FAILURES);
  const lines = ['failures  lowest seeds first, each with the command that replays it:'];
  const width = Math.max(...shown.map((failure) => String(failure.seed).length));
  for (const failure of shown) {
    const label = `seed ${String(failure.seed).padEnd(width)}`;
    const what = failure.verdict === 'crash' ? `crashed: ${failure.message}` : `${failure.property}: ${failure.message}`;
    lines.push(`  ${label}  ${shorten(what)}`, `  ${' '.repeat(label.length)}  ${failure.replay}`);
  }
  const hidden = summary.failed - shown.length;
  if (hidden > 0) lines.push(`  and ${hidden} more (--json lists the first ${MAX_LISTED_FAILURES}; a results file, --out, has every seed)`);
  return lines;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= MESSAGE_LIMIT ? oneLine : `${oneLine.slice(0, MESSAGE_LIMIT - 3)}...`;
}
