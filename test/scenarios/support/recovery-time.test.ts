// Time to recover: the start of the first 1s window after the fault from which every
// window has at least 90% successes; the time left when there is none.
import { describe, expect, it } from 'vitest';
import { ms, seconds, type Micros } from '../../../src/engine/time.ts';
import { RECOVERY, recoveryAfter } from '../../../scenarios/support/recovery-time.ts';
import type { RequestRecord } from '../../../scenarios/support/request-log.ts';

const FAULT_END = seconds(10);
const RUN_END = seconds(20);

/** One request ending every 10 ms from `fromUs` to `toUs`, ok unless `isFailed` says otherwise. */
function requestsEnding(fromUs: Micros, toUs: Micros, isFailed: (endUs: Micros) => boolean): RequestRecord[] {
  const records: RequestRecord[] = [];
  for (let endUs = fromUs; endUs < toUs; endUs += ms(10)) {
    records.push({ id: records.length, label: 'request', key: undefined, startUs: endUs - ms(5), endUs, outcome: isFailed(endUs) ? 'timeout' : 'ok', attempts: 1 });
  }
  return records;
}

describe('recovery after a fault', () => {
  it('is 0 when every window after the fault is healthy', () => {
    expect(recoveryAfter(requestsEnding(0, RUN_END, () => false), FAULT_END, RUN_END)).toEqual({ recovered: true, recoveryUs: 0 });
  });

  it('starts at the first window from which every later window is healthy', () => {
    // Everything fails until 12.5s; a window holds 100 requests. The window starting at
    // 12.4s holds 10 failures (90% ok: healthy, at the threshold); the one at 12.3s holds 20.
    const records = requestsEnding(0, RUN_END, (endUs) => endUs < ms(12_500));
    expect(RECOVERY.threshold).toBe(0.9);
    expect(recoveryAfter(records, FAULT_END, RUN_END)).toEqual({ recovered: true, recoveryUs: ms(2_400) });
  });

  it('does not count a healthy stretch followed by another failure', () => {
    const records = requestsEnding(0, RUN_END, (endUs) => endUs < ms(11_000) || (endUs >= ms(15_000) && endUs < ms(16_000)));
    // Healthy from 11s to 14s, then failures from 15s to 16s: the last unhealthy window
    // starts at 15.8s (20 failures); the one at 15.9s holds 10, healthy at the threshold.
    expect(recoveryAfter(records, FAULT_END, RUN_END)).toEqual({ recovered: true, recoveryUs: ms(5_900) });
  });

  it('reports the time left after the fault when the last window is not healthy', () => {
    const records = requestsEnding(0, RUN_END, (endUs) => endUs >= ms(19_500));
    expect(recoveryAfter(records, FAULT_END, RUN_END)).toEqual({ recovered: false, recoveryUs: seconds(10) });
  });

  it('counts a window in which no request ended as not healthy', () => {
    const records = requestsEnding(0, ms(18_000), () => false);
    expect(recoveryAfter(records, FAULT_END, RUN_END)).toEqual({ recovered: false, recoveryUs: seconds(10) });
  });

  it('ignores requests that had not ended and reports the time left when no full window fits', () => {
    const running: RequestRecord = { id: 0, label: 'request', key: undefined, startUs: ms(10_500), endUs: undefined, outcome: undefined, attempts: 1 };
    const records = [...requestsEnding(0, RUN_END, () => false), running];
    expect(recoveryAfter(records, FAULT_END, RUN_END).recovered).toBe(true);
    expect(recoveryAfter(records, FAULT_END, ms(10_500))).toEqual({ recovered: false, recoveryUs: ms(500) });
  });
});
