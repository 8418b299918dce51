// The worker-thread half of the determinism check: loads the scenario from its source,
// runs the seed once more with the same options, fingerprinting every trace event, and
// posts the fingerprints back (transferred, not copied) with the trace hash and the first
// event that differs from the main thread's run. Rule: it runs as soon as it is imported,
// inside a worker started by determinism-check.ts, and receives everything as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { ScenarioRun } from '../scenario/runner.ts';
import type { SecondRunReply, SecondRunRequest } from './determinism-check.ts';
import { loadScenario } from './scenario-source.ts';
import { TraceFingerprints } from './trace-fingerprints.ts';

if (parentPort === null) throw new Error('determinism-worker.ts runs only in a worker thread started by determinism-check.ts');
const port = parentPort;
const request = workerData as SecondRunRequest;
const scenario = await loadScenario(request.source);
const fingerprints = new TraceFingerprints(request.reference);
const report = new ScenarioRun(scenario, { ...request.options, observers: [fingerprints.observer] }).run();
const values = fingerprints.toArray();
const reply: SecondRunReply = { fingerprints: values, traceHash: report.traceHash, differing: fingerprints.firstDiffering ?? null };
port.postMessage(reply, [values.buffer]);
