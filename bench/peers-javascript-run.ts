// One JavaScript side of `npm run bench:peers` in a process of its own: warm-up runs,
// then timed runs of the pingpong-100 workload, printed as one JSON object
// {"events", "fingerprint", "seconds": [...]}. Rule: every timed run must simulate
// exactly what the warm-up did (same fingerprint), or it exits non-zero.
// Why a process per round: on this VM one process's speed is a draw (the same code ran
// at 2.7 to 6.0 M events/s from one process to the next, steady within each), and SimPy
// already runs in a fresh process per round; one Node process for every round would
// make the whole comparison one draw.
// Run: node --import tsx bench/peers-javascript-run.ts faultline|bare-js-loop [--runs N]
// (peers.ts imports only its types: importing it runs it).
import { performance } from 'node:perf_hooks';
import { runBarePingpong } from './bare-pingpong.ts';
import type { RunResult } from './bench-case.ts';
import { PINGPONG_EVENTS } from './cases.ts';
import { pingpongCase } from './pingpong.ts';

export type JavaScriptSide = 'faultline' | 'bare-js-loop';
const JAVASCRIPT_SIDES: readonly JavaScriptSide[] = ['faultline', 'bare-js-loop'];

export interface JavaScriptSideRuns {
  readonly events: number;
  readonly fingerprint: string;
  readonly seconds: number[];
}

const WARMUP_RUNS = 2;

function runnerOf(side: JavaScriptSide): () => RunResult {
  return side === 'faultline' ? pingpongCase('default', PINGPONG_EVENTS).runEngine : () => runBarePingpong(PINGPONG_EVENTS);
}

function timeSide(side: JavaScriptSide, runs: number): JavaScriptSideRuns {
  const run = runnerOf(side);
  let reference = run();
  for (let warmup = 1; warmup < WARMUP_RUNS; warmup++) reference = run();
  const seconds: number[] = [];
  for (let index = 0; index < runs; index++) {
    const startMs = performance.now();
    const result = run();
    seconds.push((performance.now() - startMs) / 1000);
    if (result.fingerprint !== reference.fingerprint) throw new Error(`peers: ${side} simulated something else in a timed run`);
  }
  return { events: reference.events, fingerprint: reference.fingerprint, seconds };
}

const [side, runsFlag, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 1);
if (!JAVASCRIPT_SIDES.includes(side as JavaScriptSide) || (runsFlag !== undefined && runsFlag !== '--runs') || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`peers-javascript-run: expected ${JAVASCRIPT_SIDES.join(' or ')} [--runs N] (N a whole number from 1), got ${JSON.stringify(process.argv.slice(2).join(' '))}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(timeSide(side as JavaScriptSide, runs))}\n`);
