// A pool of worker threads that run seed batches (tinypool underneath). Rule: threads
// start once and keep their loaded scenarios between batches; a pool given to runSweep
// stays the caller's to destroy, a pool runSweep creates is destroyed by it.
import { Tinypool } from 'tinypool';
import type { SeedBatch } from './run-seed-batch.ts';
import type { SeedResult } from './seed-result.ts';
import { checkWorkerCount } from './worker-count.ts';

export interface SweepPool {
  readonly workers: number;
  /** Runs the batch on the next free thread; resolves with one result per seed, in batch order. */
  runBatch(batch: SeedBatch): Promise<SeedResult[]>;
  /** Terminates the threads; a running batch's promise rejects. */
  destroy(): Promise<void>;
}

const WORKER_ENTRY = new URL('./sweep-worker-entry.mjs', import.meta.url);

export function createSweepPool(workers: number): SweepPool {
  checkWorkerCount(workers);
  const pool = new Tinypool({
    filename: WORKER_ENTRY.href,
    minThreads: workers,
    maxThreads: workers,
    // One batch at a time per thread: a batch is CPU-bound and already holds many seeds.
    concurrentTasksPerWorker: 1,
    isolateWorkers: false,
  });
  return {
    workers,
    runBatch: (batch) => pool.run(batch) as Promise<SeedResult[]>,
    destroy: () => pool.destroy(),
  };
}
