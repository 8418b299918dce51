// Entry point of a sweep worker thread. Worker threads start as plain Node, which cannot
// load TypeScript, so this registers tsx's loader first and then imports the worker
// module. Rule: keep this file tiny and plain JavaScript; all logic lives in .ts files.
// It works the same under `node bin/...`, `node --import tsx` and vitest.
import { register } from 'tsx/esm/api';

register();
const { default: runBatchInWorker } = await import('./sweep-worker.ts');

export default runBatchInWorker;
