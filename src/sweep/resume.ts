// Resuming a sweep from its results file: which seeds are done, and what they found.
// Rule: every line must belong to this sweep (same scenario, same params fingerprint);
// a broken LAST line is cut off the file (so appending starts on a clean line) and
// reported as a warning; anything else wrong is a RangeError naming the line.
import { truncateSync } from 'node:fs';
import { describeBrokenTail, scanResultsFile } from './results-file.ts';
import type { SeedSelection } from './seed-selection.ts';
import type { SweepSetup } from './sweep-setup.ts';
import { SweepTally } from './sweep-tally.ts';

export interface ResumeState {
  /** One flag per selection position: 1 when that seed already has a result. */
  readonly done: Uint8Array;
  /** Seeds of this selection found in the file (each counted once). */
  readonly skipped: number;
  /** Their verdicts; the sweep keeps counting into it. */
  readonly tally: SweepTally;
  readonly warnings: readonly string[];
}

export function freshStart(selection: SeedSelection): ResumeState {
  return { done: new Uint8Array(selection.count), skipped: 0, tally: new SweepTally(), warnings: [] };
}

/**
 * Reads `path` (missing = nothing done yet). Lines for seeds outside the selection (another
 * shard, a wider range) are checked but not counted; a seed found twice counts once.
 */
export function loadResume(path: string, setup: SweepSetup, selection: SeedSelection): ResumeState {
  const state = freshStart(selection);
  let skipped = 0;
  const scan = scanResultsFile(path, (result, lineNumber) => {
    if (result.scenario !== setup.scenario || result.paramsFingerprint !== setup.paramsFingerprint) {
      throw new RangeError(
        `${path} line ${lineNumber}: a result for scenario ${result.scenario} with params fingerprint ${result.paramsFingerprint}, ` +
          `but this sweep runs ${setup.scenario} with ${setup.paramsFingerprint}: resume with the same scenario and --set values, or use another results file`,
      );
    }
    const position = selection.positionOf(result.seed);
    if (position === undefined || state.done[position] === 1) return;
    state.done[position] = 1;
    skipped++;
    state.tally.add(result);
  });
  const warnings: string[] = [];
  if (scan.brokenTail !== undefined) {
    truncateSync(path, scan.cleanByteLength);
    warnings.push(describeBrokenTail(path, scan.brokenTail, `removed it (${scan.brokenTail.byteLength} bytes); its seed runs again`));
  }
  return { ...state, skipped, warnings };
}
