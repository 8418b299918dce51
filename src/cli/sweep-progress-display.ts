// How a sweep shows its progress on stderr while it runs. On a terminal: one live line,
// rewritten in place (`\r`) at most every LIVE_INTERVAL_MS. Elsewhere (a CI log, a file):
// a plain line at most every PLAIN_INTERVAL_MS, so logs stay short; none with --json,
// whose output is meant for programs. Rule: progress only ever goes to stderr, so stdout
// holds the summary alone, and the live line is cleared before anything else is written.
import { assertNever } from '../engine/assert-never.ts';
import type { SweepProgress } from '../sweep/index.ts';
import type { CliHost } from './cli-host.ts';

export type ProgressDisplayMode = 'live-line' | 'plain-lines' | 'none';

/** Shortest time between two rewrites of the live line. */
export const LIVE_INTERVAL_MS = 100;
/** Shortest time between two plain progress lines (and before the first). */
export const PLAIN_INTERVAL_MS = 5_000;
/** Erases from the cursor to the end of the line (ANSI "erase in line"). */
const ERASE_TO_END = '\u001b[K';

/** A live line on a terminal (even with --json: it is stderr); plain lines otherwise, none with --json. */
export function progressDisplayModeFor(host: CliHost, output: 'text' | 'json'): ProgressDisplayMode {
  if (host.isStderrTerminal === true) return 'live-line';
  return output === 'json' ? 'none' : 'plain-lines';
}

export class SweepProgressDisplay {
  private lastShownMs: number;
  private isLineShown = false;

  constructor(
    private readonly host: CliHost,
    private readonly mode: ProgressDisplayMode,
    private readonly scenario: string,
    private readonly nowMs: () => number,
  ) {
    // Plain lines wait a full interval before the first one: a short sweep prints none.
    this.lastShownMs = mode === 'plain-lines' ? nowMs() : Number.NEGATIVE_INFINITY;
  }

  update(progress: SweepProgress): void {
    const now = this.nowMs();
    const isLast = progress.done === progress.total;
    switch (this.mode) {
      case 'live-line':
        if (!isLast && now - this.lastShownMs < LIVE_INTERVAL_MS) return;
        this.host.stderr(`\r${formatProgress(this.scenario, progress)}${ERASE_TO_END}`);
        this.isLineShown = true;
        break;
      case 'plain-lines':
        if (now - this.lastShownMs < PLAIN_INTERVAL_MS) return;
        this.host.stderr(`${formatProgress(this.scenario, progress)}\n`);
        break;
      case 'none':
        return;
      default:
        return assertNever(this.mode);
    }
    this.lastShownMs = now;
  }

  /** Writes a line of its own on stderr (clearing the live line first; the next update redraws it). */
  note(line: string): void {
    this.clear();
    this.host.stderr(`${line}\n`);
  }

  /** Clears the live line, so the summary starts on a clean line. */
  clear(): void {
    if (!this.isLineShown) return;
    this.host.stderr(`\r${ERASE_TO_END}`);
    this.isLineShown = false;
  }
}

/** `sweep echo: 1200/10000 seeds (12%), 3 failed, 850 seeds/s, about 11s left`. */
export function formatProgress(scenario: string, progress: SweepProgress): string {
  const percent = progress.total === 0 ? 100 : Math.floor((progress.done / progress.total) * 100);
  const parts = [
    `sweep ${scenario}: ${progress.done}/${progress.total} seeds (${percent}%)`,
    `${progress.failed} failed`,
    `${formatRate(progress.seedsPerSec)} seeds/s`,
    progress.etaSeconds === undefined ? 'time left unknown' : `about ${formatSeconds(progress.etaSeconds)} left`,
  ];
  if (progress.skipped > 0) parts.push(`${progress.skipped} already done`);
  return parts.join(', ');
}

function formatRate(seedsPerSec: number): string {
  return seedsPerSec >= 100 ? String(Math.round(seedsPerSec)) : seedsPerSec.toFixed(1);
}

/** Whole seconds up to a minute, then `4m 05s`, then `2h 03m`. */
export function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
