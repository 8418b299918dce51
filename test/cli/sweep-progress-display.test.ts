// Sweep progress on stderr: the line's wording, a live line rewritten in place on a
// terminal (paced), plain lines at most every 5s elsewhere, none with --json off a terminal.
import { describe, expect, it } from 'vitest';
import type { CliHost } from '../../src/cli/cli-host.ts';
import { formatProgress, formatSeconds, LIVE_INTERVAL_MS, PLAIN_INTERVAL_MS, progressDisplayModeFor, SweepProgressDisplay, type ProgressDisplayMode } from '../../src/cli/sweep-progress-display.ts';
import type { SweepProgress } from '../../src/sweep/index.ts';

const progress = (done: number, overrides: Partial<SweepProgress> = {}): SweepProgress => ({
  done,
  total: 100,
  failed: 0,
  skipped: 0,
  elapsedSeconds: done / 10,
  seedsPerSec: 10,
  etaSeconds: (100 - done) / 10,
  ...overrides,
});

/** A display over a host that keeps stderr, and a clock the test sets. */
function displayFor(mode: ProgressDisplayMode): { display: SweepProgressDisplay; stderr: () => string; setNow: (ms: number) => void } {
  let written = '';
  let now = 0;
  const host: CliHost = { stdout: () => undefined, stderr: (text) => void (written += text) };
  return { display: new SweepProgressDisplay(host, mode, 'echo', () => now), stderr: () => written, setNow: (ms) => void (now = ms) };
}

describe('formatProgress', () => {
  it('says seeds done of total, failures, speed and time left', () => {
    expect(formatProgress('echo', progress(12, { failed: 3, seedsPerSec: 850.4, etaSeconds: 10.2 }))).toBe('sweep echo: 12/100 seeds (12%), 3 failed, 850 seeds/s, about 11s left');
    expect(formatProgress('echo', progress(0, { seedsPerSec: 0, etaSeconds: undefined }))).toBe('sweep echo: 0/100 seeds (0%), 0 failed, 0.0 seeds/s, time left unknown');
    expect(formatProgress('echo', progress(50, { skipped: 900, seedsPerSec: 12.25 }))).toBe('sweep echo: 50/100 seeds (50%), 0 failed, 12.3 seeds/s, about 5s left, 900 already done');
  });

  it.each([
    [0, '0s'],
    [0.2, '1s'],
    [59, '59s'],
    [61, '1m 01s'],
    [3599, '59m 59s'],
    [7380, '2h 03m'],
  ])('writes %s seconds as %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('progressDisplayModeFor', () => {
  it('uses a live line on a terminal (even with --json), plain lines elsewhere, none with --json elsewhere', () => {
    const terminal: CliHost = { stdout: () => undefined, stderr: () => undefined, isStderrTerminal: true };
    const pipe: CliHost = { stdout: () => undefined, stderr: () => undefined };
    expect(progressDisplayModeFor(terminal, 'text')).toBe('live-line');
    expect(progressDisplayModeFor(terminal, 'json')).toBe('live-line');
    expect(progressDisplayModeFor(pipe, 'text')).toBe('plain-lines');
    expect(progressDisplayModeFor(pipe, 'json')).toBe('none');
  });
});

describe('SweepProgressDisplay', () => {
  it('rewrites one live line in place, at most every LIVE_INTERVAL_MS, always showing the last update, and clears it', () => {
    const { display, stderr, setNow } = displayFor('live-line');
    display.update(progress(10));
    setNow(LIVE_INTERVAL_MS - 1);
    display.update(progress(20));
    setNow(LIVE_INTERVAL_MS);
    display.update(progress(30));
    display.update(progress(100));
    display.clear();
    expect(stderr()).toBe(
      [`\r${formatProgress('echo', progress(10))}`, `\r${formatProgress('echo', progress(30))}`, `\r${formatProgress('echo', progress(100))}`, '\r'].join('\u001b[K') + '\u001b[K',
    );
  });

  it('clears the live line before a note, and does nothing on clear when nothing is shown', () => {
    const { display, stderr } = displayFor('live-line');
    display.clear();
    expect(stderr()).toBe('');
    display.update(progress(10));
    display.note('stopping');
    expect(stderr()).toBe(`\r${formatProgress('echo', progress(10))}\u001b[K\r\u001b[Kstopping\n`);
  });

  it('prints plain lines only once PLAIN_INTERVAL_MS has passed since the start or the last line', () => {
    const { display, stderr, setNow } = displayFor('plain-lines');
    display.update(progress(10));
    setNow(PLAIN_INTERVAL_MS);
    display.update(progress(20));
    setNow(PLAIN_INTERVAL_MS * 2 - 1);
    display.update(progress(30));
    setNow(PLAIN_INTERVAL_MS * 2);
    display.update(progress(100));
    display.clear();
    expect(stderr()).toBe(`${formatProgress('echo', progress(20))}\n${formatProgress('echo', progress(100))}\n`);
  });

  it('prints nothing in mode none', () => {
    const { display, stderr, setNow } = displayFor('none');
    setNow(PLAIN_INTERVAL_MS * 10);
    display.update(progress(100));
    display.clear();
    expect(stderr()).toBe('');
  });
});
