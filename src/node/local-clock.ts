// A node's local clock: reads virtual time shifted by an offset and running at a
// drifted rate. Rule: only what a node sees is skewed; the simulation's own clock,
// the trace and timer scheduling stay in true virtual time.
import type { Micros } from '../engine/time.ts';

const PPM = 1_000_000;

export interface ClockSetting {
  /** The local clock reads true time plus this offset at the moment it is set. */
  readonly offsetUs: Micros;
  /** Parts per million faster (positive) or slower (negative) than true time. */
  readonly driftPpm: number;
}

export function validateClockSetting(setting: ClockSetting, where: string): void {
  if (!Number.isSafeInteger(setting.offsetUs)) {
    throw new RangeError(`${where}: invalid clock offsetUs ${String(setting.offsetUs)}: expected an integer`);
  }
  if (!Number.isInteger(setting.driftPpm) || setting.driftPpm <= -PPM || setting.driftPpm > PPM) {
    throw new RangeError(`${where}: invalid clock driftPpm ${String(setting.driftPpm)}: expected an integer above -1000000 and at most 1000000`);
  }
}

export class LocalClock {
  constructor(
    private readonly anchorTrue: Micros,
    private readonly anchorLocal: Micros,
    private readonly driftPpm: number,
  ) {}

  static set(trueNow: Micros, setting: ClockSetting): LocalClock {
    return new LocalClock(trueNow, trueNow + setting.offsetUs, setting.driftPpm);
  }

  read(trueNow: Micros): Micros {
    const elapsed = trueNow - this.anchorTrue;
    return this.anchorLocal + elapsed + Math.floor((elapsed * this.driftPpm) / PPM);
  }

  /** True-time delay after which `localDelay` has passed on this clock. */
  trueDelay(localDelay: Micros): Micros {
    return Math.ceil((localDelay * PPM) / (PPM + this.driftPpm));
  }
}
