// Every limit on a linearizability search, in one place. Rule: a search that reaches one
// ends with the verdict unknown and the limit's name, never a hang or a crash.

/**
 * Search steps (one candidate tried or one backtrack each) per key: a key that runs out
 * is unknown, and the next key gets its own steps, so one hard key cannot hide a
 * violation in another. The deadline, when given, bounds the whole check.
 */
export const DEFAULT_MAX_SEARCH_STEPS = 20_000_000;

/** Memory for the table of explored (linearized set, state) pairs, per key. */
export const DEFAULT_MAX_MEMO_BYTES = 512 * 1024 * 1024;

/** How often (in steps) the search asks the injected deadline whether time is up. */
export const DEADLINE_CHECK_INTERVAL_STEPS = 4096;

/** Why a search ended without a verdict. */
export type UnknownReason = 'step-limit' | 'memory-limit' | 'deadline';

export interface SearchLimits {
  /** At most this many steps per key (default DEFAULT_MAX_SEARCH_STEPS). */
  readonly maxSteps?: number;
  /** At most this much memory for a key's memo table (default DEFAULT_MAX_MEMO_BYTES). */
  readonly maxMemoBytes?: number;
  /**
   * Asked every DEADLINE_CHECK_INTERVAL_STEPS steps; true ends the search with verdict
   * unknown. Host code passes a wall-clock deadline here; the checker never reads a clock.
   */
  readonly isPastDeadline?: () => boolean;
}

/** Throws a RangeError unless the limits are positive integers. */
export function checkSearchLimits(limits: SearchLimits): void {
  for (const name of ['maxSteps', 'maxMemoBytes'] as const) {
    const value = limits[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new RangeError(`invalid ${name} ${String(value)}: expected an integer from 1 to ${Number.MAX_SAFE_INTEGER}`);
    }
  }
}
