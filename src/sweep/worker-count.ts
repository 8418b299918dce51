// How many worker threads a sweep uses. Rule: results never depend on it; it only
// decides how fast the seeds go, so the default is the machine's available parallelism.
import { availableParallelism } from 'node:os';

export const MAX_WORKERS = 256;

/** Parses `--workers N`; throws a one-line RangeError naming the text and what is allowed. */
export function parseWorkerCount(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!isValidWorkerCount(value)) throw workerCountError(JSON.stringify(text));
  return value;
}

/** Throws the same RangeError for a worker count given as a number. */
export function checkWorkerCount(value: number): number {
  if (!isValidWorkerCount(value)) throw workerCountError(String(value));
  return value;
}

/** os.availableParallelism(), kept within 1..MAX_WORKERS. */
export function defaultWorkerCount(): number {
  return Math.min(MAX_WORKERS, Math.max(1, availableParallelism()));
}

function isValidWorkerCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 1 && value <= MAX_WORKERS;
}

function workerCountError(shown: string): RangeError {
  return new RangeError(`invalid worker count ${shown}: expected an integer from 1 to ${MAX_WORKERS}`);
}
