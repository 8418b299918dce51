// The seeds a sweep runs: `FIRST..LAST` (both included) or a single seed `N`.
// Rule: a range is validated when it is parsed, so a sweep never starts on a range it
// cannot finish: integers only, first <= last, at most MAX_SWEEP_SEEDS seeds.

/** The most seeds one sweep may cover (a shard of it covers fewer). */
export const MAX_SWEEP_SEEDS = 10_000_000;

export interface SeedRange {
  readonly first: number;
  /** Included. */
  readonly last: number;
}

const ACCEPTED_FORM = `expected N or FIRST..LAST (non-negative integers, FIRST <= LAST, both included, at most ${MAX_SWEEP_SEEDS} seeds)`;
const SEED_PATTERN = /^\d+$/;

/** Parses `1..10000` or `42`; throws a one-line RangeError naming the text and the accepted form. */
export function parseSeedRange(text: string): SeedRange {
  const fail = (reason: string): never => {
    throw new RangeError(`invalid seed range ${JSON.stringify(text)}: ${reason}; ${ACCEPTED_FORM}`);
  };
  const parts = text.split('..');
  if (parts.length > 2) return fail('more than one ".."');
  const first = parseSeed(parts[0] ?? '') ?? fail(`${JSON.stringify(parts[0])} is not a seed`);
  const last = parts.length === 1 ? first : (parseSeed(parts[1] ?? '') ?? fail(`${JSON.stringify(parts[1])} is not a seed`));
  if (first > last) return fail('the first seed is after the last');
  if (last - first + 1 > MAX_SWEEP_SEEDS) return fail(`${last - first + 1} seeds is too many`);
  return { first, last };
}

export function seedCount(range: SeedRange): number {
  return range.last - range.first + 1;
}

export function formatSeedRange(range: SeedRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}..${range.last}`;
}

function parseSeed(text: string): number | undefined {
  if (!SEED_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
