// Prints determinismHashes() as JSON, for the test that compares runs across processes.
// Run: node --import tsx test/scenario/print-trace-hashes.ts
import { determinismHashes } from './determinism-runs.ts';

process.stdout.write(`${JSON.stringify(determinismHashes())}\n`);
