// One scale case, measured in this process: the `broadcast` scenario on a tree of N nodes.
// It first builds N idle nodes and weighs them (heap after minus heap before, over N),
// then runs a broadcast to the end and checks that every node saw every value.
// Rule: memory figures come from the process's own accounting (process.memoryUsage after
// a full gc, and peak RSS from process.resourceUsage), so this needs `node --expose-gc`;
// bench/scale.ts starts one such process per case.
// Run: node --expose-gc --import tsx bench/scale-broadcast.ts --nodes 100000 [--json]
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ms, seconds } from '../src/engine/time.ts';
import type { RawParams } from '../src/scenario/params.ts';
import { ScenarioRun } from '../src/scenario/runner.ts';
import broadcast from '../scenarios/broadcast.ts';

/**
 * The broadcast every scale case runs. A tree, because its depth is log2(N): a ring's
 * diameter is N/2 hops (a million nodes would need about 45 minutes of virtual time for
 * one value to go round), and a mesh is O(N^2) by design (every node lists and gossips
 * to every other). 1% loss, so re-sends on the gossip timer are part of the work.
 */
export const SCALE_SEED = 1;
export const SCALE_VALUES = 3;
export const SCALE_LOSS = 0.01;
export const SCALE_GOSSIP_INTERVAL_US = ms(250);
export const SCALE_RUN_US = seconds(4);
/** The largest case the harness accepts (the scenario's own limit on `nodes`). */
export const SCALE_MAX_NODES = 1_000_000;

export interface ScaleMeasurement {
  readonly name: string;
  readonly nodes: number;
  readonly topology: 'tree';
  readonly values: number;
  readonly virtualTimeMs: number;
  /** Building the world: every node added, the fault schedule, the client values. */
  readonly buildMs: number;
  /** The run and its end-of-run check (every node's snapshot against every value). */
  readonly runMs: number;
  readonly wallMs: number;
  /** CPU seconds of the whole case (idle measurement included), all threads (GC helpers too). */
  readonly cpuSeconds: number;
  readonly events: number;
  /** Engine events over runMs. */
  readonly eventsPerSec: number;
  readonly peakRssMb: number;
  /** Heap after the run (after a full gc), with every node holding every value. */
  readonly heapAfterRunMb: number;
  /** Heap per node once N nodes are added and not yet started. */
  readonly bytesPerBuiltNode: number;
  /** Heap per node once every node has booted and waits (its gossip timer pending): the idle node. */
  readonly bytesPerIdleNode: number;
  readonly bytesPerNodeAfterRun: number;
  readonly nodesWithEveryValue: number;
}

function scaleParams(nodes: number, values: number): RawParams {
  return {
    nodes: String(nodes),
    values: String(values),
    topology: 'tree',
    loss: String(SCALE_LOSS),
    gossipInterval: `${SCALE_GOSSIP_INTERVAL_US / 1000}ms`,
    faults: 'none',
  };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('scale cases weigh the heap after a full gc: run node with --expose-gc (bench/scale.ts does)');
  gc();
  gc();
}

function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

interface IdleWeights {
  readonly bytesPerBuiltNode: number;
  readonly bytesPerIdleNode: number;
}

/** Builds N nodes with nothing to broadcast, weighs them built and booted, and lets them go. */
function weighIdleNodes(nodes: number): IdleWeights {
  const baseline = heapUsed();
  const idle = new ScenarioRun(broadcast, { seed: SCALE_SEED, params: scaleParams(nodes, 0), untilUs: SCALE_RUN_US, explain: false });
  const built = heapUsed();
  idle.simulation.runUntil(0); // every node's start event, and nothing after it
  if (idle.world.cluster.upCount !== nodes) throw new Error(`scale: ${idle.world.cluster.upCount} of ${nodes} nodes booted`);
  const booted = heapUsed();
  return { bytesPerBuiltNode: Math.round((built - baseline) / nodes), bytesPerIdleNode: Math.round((booted - baseline) / nodes) };
}

export function measureScale(nodes: number): ScaleMeasurement {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > SCALE_MAX_NODES) {
    throw new RangeError(`invalid --nodes ${String(nodes)}: expected an integer from 1 to ${SCALE_MAX_NODES}`);
  }
  const cpuBefore = process.cpuUsage();
  const idle = weighIdleNodes(nodes);
  const baseline = heapUsed();
  const startMs = performance.now();
  const run = new ScenarioRun(broadcast, { seed: SCALE_SEED, params: scaleParams(nodes, SCALE_VALUES), untilUs: SCALE_RUN_US, explain: false });
  const builtMs = performance.now();
  const report = run.run();
  const endMs = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const nodesWithEveryValue = Number(report.summary['nodes with every value']);
  if (report.verdict !== 'pass' || nodesWithEveryValue !== nodes) {
    throw new Error(`scale: the broadcast on ${nodes} nodes did not complete (${nodesWithEveryValue} nodes with every value): ${report.violations.map((violation) => violation.message).join('; ')}`);
  }
  const heapAfterRun = heapUsed();
  const runMs = endMs - builtMs;
  return {
    name: `broadcast-tree-${label(nodes)}`,
    nodes,
    topology: 'tree',
    values: Number(report.summary.values),
    virtualTimeMs: report.virtualTimeMs,
    buildMs: Math.round(builtMs - startMs),
    runMs: Math.round(runMs),
    wallMs: Math.round(endMs - startMs),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    events: report.engineSteps,
    eventsPerSec: Math.round(report.engineSteps / (runMs / 1000)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heapAfterRunMb: Math.round(heapAfterRun / 2 ** 20),
    ...idle,
    bytesPerNodeAfterRun: Math.round((heapAfterRun - baseline) / nodes),
    nodesWithEveryValue,
  };
}

/** 10k, 100k, 1m. */
export function label(nodes: number): string {
  if (nodes >= 1_000_000 && nodes % 1_000_000 === 0) return `${nodes / 1_000_000}m`;
  if (nodes >= 1_000 && nodes % 1_000 === 0) return `${nodes / 1_000}k`;
  return String(nodes);
}

function main(argumentsList: readonly string[]): void {
  let nodes = Number.NaN;
  let json = false;
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === '--nodes') nodes = Number(argumentsList[++index]);
    else if (argument === '--json') json = true;
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected --nodes N or --json`);
  }
  const result = measureScale(nodes);
  process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${JSON.stringify(result, null, 2)}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
