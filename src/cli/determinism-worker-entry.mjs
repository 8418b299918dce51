// Entry point of the worker thread that reruns a seed for `--check-determinism`. Worker
// threads start as plain Node, which cannot load TypeScript, so this registers tsx's
// loader first and then imports the worker module, which does the work as it loads.
// Rule: keep this file tiny and plain JavaScript; all logic lives in .ts files.
import { register } from 'tsx/esm/api';

register();
await import('./determinism-worker.ts');
