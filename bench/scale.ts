// The scale cases: the broadcast of bench/scale-broadcast.ts on 10,000 and 100,000 nodes,
// and on 1,000,000 with `--scale 1m` (1 to 1.5 minutes and 2.6 GB of memory on a 2-core
// machine). Rule: each case runs in its own child process, so its peak RSS and its heap
// figures are its own and not what an earlier, smaller case left behind.
// Run: node --import tsx bench/scale.ts [--scale default|1m] [--json]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assertNever } from '../src/engine/assert-never.ts';
import type { ScaleMeasurement } from './scale-broadcast.ts';
import { SCALE_GOSSIP_INTERVAL_US, SCALE_LOSS, SCALE_RUN_US, SCALE_VALUES } from './scale-broadcast.ts';

/** 'default': 10k and 100k nodes; '1m': those and 1,000,000; 'off': none. */
export type ScaleSelection = 'default' | '1m' | 'off';
export const SCALE_SELECTIONS: readonly ScaleSelection[] = ['default', '1m', 'off'];

/** Issue 10's target for an idle node. */
export const BYTES_PER_IDLE_NODE_TARGET = 2048;

const CHILD_SCRIPT = fileURLToPath(new URL('./scale-broadcast.ts', import.meta.url));

export function parseScaleSelection(text: string | undefined): ScaleSelection {
  const selection = SCALE_SELECTIONS.find((candidate) => candidate === text);
  if (selection === undefined) throw new RangeError(`invalid --scale ${JSON.stringify(text)}: expected one of ${SCALE_SELECTIONS.join(', ')}`);
  return selection;
}

export function scaleSizes(selection: ScaleSelection): number[] {
  switch (selection) {
    case 'default':
      return [10_000, 100_000];
    case '1m':
      return [10_000, 100_000, 1_000_000];
    case 'off':
      return [];
    default:
      return assertNever(selection);
  }
}

export function measureScaleInChild(nodes: number): ScaleMeasurement {
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, CHILD_SCRIPT, '--nodes', String(nodes), '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`scale case with ${nodes} nodes failed (exit ${String(child.status)}${child.signal === null ? '' : `, ${child.signal}`})`);
  return JSON.parse(child.stdout) as ScaleMeasurement;
}

export function measureScaleCases(selection: ScaleSelection, log: (line: string) => void): ScaleMeasurement[] {
  return scaleSizes(selection).map((nodes) => {
    log(`measuring broadcast on ${nodes.toLocaleString('en-US')} nodes...`);
    return measureScaleInChild(nodes);
  });
}

export function formatScaleTable(results: readonly ScaleMeasurement[]): string {
  if (results.length === 0) return '';
  const header = ['scale case', 'nodes', 'events', 'wall', 'run', 'events/s', 'CPU', 'peak RSS', 'heap after', 'B/idle node', 'B/node after'];
  const rows = results.map((result) => [
    result.name,
    result.nodes.toLocaleString('en-US'),
    result.events.toLocaleString('en-US'),
    `${(result.wallMs / 1000).toFixed(1)} s`,
    `${(result.runMs / 1000).toFixed(1)} s`,
    result.eventsPerSec.toLocaleString('en-US'),
    `${result.cpuSeconds.toFixed(1)} s`,
    `${result.peakRssMb} MB`,
    `${result.heapAfterRunMb} MB`,
    String(result.bytesPerIdleNode),
    String(result.bytesPerNodeAfterRun),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ');
  const worstIdle = Math.max(...results.map((result) => result.bytesPerIdleNode));
  return [
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    `broadcast, tree, ${SCALE_VALUES} values, ${SCALE_LOSS * 100}% loss, gossip every ${SCALE_GOSSIP_INTERVAL_US / 1000} ms, ${SCALE_RUN_US / 1_000_000} s of virtual time; every node saw every value.`,
    `Idle node: at most ${BYTES_PER_IDLE_NODE_TARGET} bytes (target): ${worstIdle} bytes at most here; ${worstIdle <= BYTES_PER_IDLE_NODE_TARGET ? 'met' : 'NOT met'}.`,
    '',
  ].join('\n');
}

function main(argumentsList: readonly string[]): void {
  let selection: ScaleSelection = 'default';
  let json = false;
  for (let index = 0; index < argumentsList.length; index++) {
    const argument = argumentsList[index] as string;
    if (argument === '--scale') selection = parseScaleSelection(argumentsList[++index]);
    else if (argument === '--json') json = true;
    else throw new RangeError(`unknown argument ${JSON.stringify(argument)}: expected --scale default|1m or --json`);
  }
  const results = measureScaleCases(selection, (line) => {
    if (!json) process.stderr.write(`${line}\n`);
  });
  process.stdout.write(json ? `${JSON.stringify({ scale: results }, null, 2)}\n` : formatScaleTable(results));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
