// Time to recover after a fault ends, the same way in every resilience scenario.
// Rule (the definition the reports quote): requests are grouped by the moment they
// ended; a window of RECOVERY.windowUs is healthy when at least RECOVERY.threshold of the
// requests that ended in it succeeded (a window in which none ended is not healthy).
// Windows start every RECOVERY.stepUs from the fault's end, and the last one ends at or
// before the run's end. Recovery is the start of the first window from which every
// later window is healthy, counted from the fault's end. A run that never gets there
// reports the time left after the fault (the end of the run minus the fault's end):
// larger than any real recovery time, so a mean over seeds stays a lower bound.
import { ms, seconds, type Micros } from '../../src/engine/time.ts';
import { isEnded, type RequestRecord } from './request-log.ts';

export const RECOVERY = {
  windowUs: seconds(1),
  stepUs: ms(100),
  /** Success rate a window needs to count as healthy. */
  threshold: 0.9,
} as const;

export interface Recovery {
  readonly recovered: boolean;
  /** Since the fault's end; the time left after the fault when it never recovered. */
  readonly recoveryUs: Micros;
}

export function recoveryAfter(records: readonly RequestRecord[], faultEndUs: Micros, runEndUs: Micros): Recovery {
  const { windowUs, stepUs, threshold } = RECOVERY;
  const timeLeftUs = Math.max(0, runEndUs - faultEndUs);
  const stepsPerWindow = windowUs / stepUs;
  const windows = Math.floor((timeLeftUs - windowUs) / stepUs) + 1;
  if (windows <= 0) return { recovered: false, recoveryUs: timeLeftUs };
  // Requests ended per step-long bin after the fault's end, and how many of them succeeded.
  const bins = windows - 1 + stepsPerWindow;
  const ended = new Array<number>(bins).fill(0);
  const succeeded = new Array<number>(bins).fill(0);
  for (const record of records) {
    if (!isEnded(record) || record.endUs < faultEndUs) continue;
    const bin = Math.floor((record.endUs - faultEndUs) / stepUs);
    if (bin >= bins) continue;
    ended[bin] = (ended[bin] as number) + 1;
    if (record.outcome === 'ok') succeeded[bin] = (succeeded[bin] as number) + 1;
  }
  let firstHealthy = windows;
  let windowEnded = 0;
  let windowSucceeded = 0;
  // Slide from the last window back; stop at the first unhealthy one.
  for (let bin = bins - 1; bin >= 0; bin--) {
    windowEnded += ended[bin] as number;
    windowSucceeded += succeeded[bin] as number;
    const last = bin + stepsPerWindow;
    if (last < bins) {
      windowEnded -= ended[last] as number;
      windowSucceeded -= succeeded[last] as number;
    }
    if (bin >= windows) continue;
    const isHealthy = windowEnded > 0 && windowSucceeded >= threshold * windowEnded;
    if (!isHealthy) break;
    firstHealthy = bin;
  }
  if (firstHealthy === windows) return { recovered: false, recoveryUs: timeLeftUs };
  return { recovered: true, recoveryUs: firstHealthy * stepUs };
}
