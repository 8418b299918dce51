// What one benchmark case is: an engine run and a bare-loop baseline run that do the
// same simulated work. Rule: both sides process exactly `events` events and return a
// fingerprint of what they simulated; the harness refuses to compare runs whose
// fingerprints differ, so a ratio always compares like with like.

export interface RunResult {
  /** Events processed (engine events for the engine side, popped heap entries for the baseline). */
  readonly events: number;
  /** A summary of the simulated outcome (final time, counters) that both sides must agree on. */
  readonly fingerprint: string;
}

export interface BenchCase {
  readonly name: string;
  /** One line for the table. */
  readonly description: string;
  /** Events per run, for both sides. */
  readonly events: number;
  /** False for cases shown for information only (no ratio target). */
  readonly hasTarget: boolean;
  runEngine(): RunResult;
  runBaseline(): RunResult;
}
