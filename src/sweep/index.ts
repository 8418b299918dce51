// The sweep library's public surface, for the CLI and other hosts: parse the flags,
// run the sweep, read results files. Rule: the CLI only parses text with these parsers,
// calls runSweep and formats what comes back; no sweep logic lives in the CLI.
export { parseSeedRange, formatSeedRange, seedCount, MAX_SWEEP_SEEDS, type SeedRange } from './seed-range.ts';
export { parseShard, formatShard, WHOLE_SWEEP, MAX_SHARDS, type Shard } from './shard.ts';
export { parseWorkerCount, checkWorkerCount, defaultWorkerCount, MAX_WORKERS } from './worker-count.ts';
export { runSweep, MAX_BATCH_SEEDS, type SweepOptions } from './run-sweep.ts';
export type { SweepSummary } from './sweep-summary.ts';
export type { SweepProgress } from './sweep-progress.ts';
export { MAX_LISTED_FAILURES, type SeedFailure } from './sweep-tally.ts';
export { formatResultLine, parseResultLine, type SeedResult, type SeedVerdict } from './seed-result.ts';
export { readResultsFile } from './results-file.ts';
export { createSweepPool, type SweepPool } from './sweep-pool.ts';
