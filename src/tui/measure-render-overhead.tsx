// Measures what the live view costs the simulation at maximum speed: the same run
// (a) bare, as `faultline run` does it, (b) inside a TUI session with its trace
// observers but nothing drawn, and (c) in the full TUI at speed max, drawn by ink into a
// terminal-sized stream 30 times a second. Rule: (c) may be at most 20% slower than (b).
// Run: NODE_ENV=production node --import tsx src/tui/measure-render-overhead.tsx [repeats] [--workload=heavy|light]
// (React's development build profiles itself on every render and is about 30x slower.)
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { render } from 'ink';
import { seconds } from '../engine/time.ts';
import { runScenario } from '../scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { wallClock, timerScheduler } from './host-timing.ts';
import { ColorModeContext } from './palette.ts';
import { SessionDriver } from './session-driver.ts';
import { TuiApp } from './tui-app.tsx';
import { TuiSession } from './tui-session.ts';

const SCENARIO = 'broadcast';
const SEED = 7;
/** heavy: big messages and node snapshots (costly snapshots); light: many small nodes. */
const WORKLOADS = {
  heavy: { params: { nodes: '12', values: '3000' }, untilUs: seconds(30) },
  light: { params: { nodes: '40', values: '200' }, untilUs: seconds(60) },
} as const;
const WORKLOAD_NAME = (process.argv.find((argument) => argument.startsWith('--workload='))?.slice('--workload='.length) ?? 'heavy') as keyof typeof WORKLOADS;
const WORKLOAD = WORKLOADS[WORKLOAD_NAME];
if (WORKLOAD === undefined) throw new RangeError(`unknown workload ${WORKLOAD_NAME}: expected ${Object.keys(WORKLOADS).join(' or ')}`);
const PARAMS = WORKLOAD.params;
const UNTIL_US = WORKLOAD.untilUs;

interface Timing {
  readonly ms: number;
  readonly events: number;
  readonly frames: number;
  /** Of `ms`, the time spent simulating (the rest went to snapshots, rendering and the event loop). */
  readonly simulatingMs: number;
  /** CPU time (user + system) the process used: less disturbed than wall time by other work on the machine. */
  readonly cpuMs: number;
  readonly bytes: number;
}

function scenario() {
  const found = findScenario(SCENARIO);
  if (found === undefined) throw new Error(`scenario ${SCENARIO} is missing`);
  return found;
}

function bare(): Timing {
  const started = performance.now();
  const report = runScenario(scenario(), { seed: SEED, params: PARAMS, untilUs: UNTIL_US, explain: false });
  const ms = performance.now() - started;
  return { ms, events: report.events, frames: 0, simulatingMs: ms, cpuMs: 0, bytes: 0 };
}

function observedOnly(): Timing {
  const started = performance.now();
  const session = new TuiSession({ scenario: scenario(), seed: SEED, params: PARAMS, untilUs: UNTIL_US });
  session.advanceTo(UNTIL_US);
  const ms = performance.now() - started;
  return { ms, events: session.simulation.trace.count, frames: 0, simulatingMs: ms, cpuMs: 0, bytes: 0 };
}

/** A stand-in for an 80x24 terminal that throws the output away (counting it). */
class NullTerminal extends EventEmitter {
  readonly isTTY = true;
  readonly columns = 80;
  readonly rows = 24;
  bytes = 0;
  write(text: string): boolean {
    this.bytes += text.length;
    return true;
  }
}

class IdleInput extends EventEmitter {
  readonly isTTY = true;
  setRawMode(): this {
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): null {
    return null;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

async function fullTui(): Promise<Timing> {
  const started = performance.now();
  const session = new TuiSession({ scenario: scenario(), seed: SEED, params: PARAMS, untilUs: UNTIL_US });
  let simulatingMs = 0;
  const advance = session.advanceTo.bind(session);
  session.advanceTo = (targetUs, shouldYield) => {
    const sliceStarted = performance.now();
    const outcome = advance(targetUs, shouldYield);
    simulatingMs += performance.now() - sliceStarted;
    return outcome;
  };
  const driver = new SessionDriver(session, { clock: wallClock, scheduler: timerScheduler, speed: 'max', start: 'running' });
  const terminal = new NullTerminal();
  let frames = 0;
  driver.subscribe(() => frames++);
  const instance = render(
    <ColorModeContext.Provider value="color">
      <TuiApp driver={driver} onQuit={() => {}} />
    </ColorModeContext.Provider>,
    { stdout: terminal as unknown as NodeJS.WriteStream, stdin: new IdleInput() as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 30 },
  );
  driver.start();
  await new Promise<void>((resolve) => {
    const unsubscribe = driver.subscribe(() => {
      if (!session.isFinished) return;
      unsubscribe();
      resolve();
    });
  });
  const ms = performance.now() - started;
  driver.stop();
  instance.unmount();
  return { ms, events: session.simulation.trace.count, frames, simulatingMs, cpuMs: 0, bytes: terminal.bytes };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const KINDS = ['bare', 'observed', 'tui'] as const;
type Kind = (typeof KINDS)[number];

/** One measured run of `kind` in this process, after one warm-up run (the first run of anything pays for compiling it). */
async function measureHere(kind: Kind): Promise<Timing> {
  const once = (): Timing | Promise<Timing> => (kind === 'bare' ? bare() : kind === 'observed' ? observedOnly() : fullTui());
  await once();
  const cpuBefore = process.cpuUsage();
  const timing = await once();
  const cpu = process.cpuUsage(cpuBefore);
  return { ...timing, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Each kind runs in a fresh process, so that no kind inherits another's heap or compiled code. */
function measureInChild(kind: Kind): Timing {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--kind', kind, `--workload=${WORKLOAD_NAME}`], { encoding: 'utf8', env: process.env });
  if (child.status !== 0) throw new Error(`measuring ${kind} failed: ${child.stderr}`);
  const line = child.stdout.split('\n').find((text) => text.startsWith('{'));
  if (line === undefined) throw new Error(`measuring ${kind} printed no result: ${child.stdout}`);
  return JSON.parse(line) as Timing;
}

async function main(): Promise<void> {
  if (process.env['NODE_ENV'] !== 'production') throw new Error('run with NODE_ENV=production, as the faultline command runs the TUI');
  const kindArgument = process.argv.indexOf('--kind');
  if (kindArgument >= 0) {
    console.log(JSON.stringify(await measureHere(process.argv[kindArgument + 1] as Kind)));
    return;
  }
  const repeats = Number(process.argv.slice(2).find((argument) => /^\d+$/.test(argument)) ?? 5);
  const results: Record<Kind, Timing[]> = { bare: [], observed: [], tui: [] };
  for (let round = 0; round < repeats; round++) {
    // Rotate the order, so that a busy moment of the machine does not always fall on the same kind.
    for (let offset = 0; offset < KINDS.length; offset++) {
      const kind = KINDS[(round + offset) % KINDS.length] as Kind;
      results[kind].push(measureInChild(kind));
    }
  }
  report(results, repeats);
}

function report(results: Record<Kind, Timing[]>, repeats: number): void {
  const events = results.bare[0]?.events ?? 0;
  if (KINDS.some((kind) => results[kind].some((timing) => timing.events !== events))) throw new Error('the runs differ: they must all be the same run');
  const medianOf = (kind: Kind, pick: (timing: Timing) => number): number => median(results[kind].map(pick));
  const [bareMs, observedMs, tuiMs] = KINDS.map((kind) => medianOf(kind, (timing) => timing.ms)) as [number, number, number];
  const outsideShare = medianOf('tui', (timing) => 1 - timing.simulatingMs / timing.ms);
  const rate = (ms: number): string => `${Math.round(events / (ms / 1000)).toLocaleString('en')} events/s`;
  const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
  console.log(`${SCENARIO} ${Object.entries(PARAMS).map(([name, value]) => `${name}=${value}`).join(' ')} until ${UNTIL_US / 1e6}s, seed ${SEED}: ${events} trace events`);
  console.log(`medians of ${repeats} runs of each, each in a fresh process after a warm-up run`);
  console.log(`(a) bare run             ${bareMs.toFixed(0).padStart(6)} ms  ${rate(bareMs)}`);
  console.log(`(b) session, not drawn   ${observedMs.toFixed(0).padStart(6)} ms  ${rate(observedMs)}`);
  console.log(`(c) TUI at speed max     ${tuiMs.toFixed(0).padStart(6)} ms  ${rate(tuiMs)}  ${medianOf('tui', (timing) => timing.frames)} snapshots, ${Math.round(medianOf('tui', (timing) => timing.bytes) / 1024)} KiB drawn`);
  const [bareCpu, observedCpu, tuiCpu] = KINDS.map((kind) => medianOf(kind, (timing) => timing.cpuMs)) as [number, number, number];
  console.log(`in (c), wall time not spent simulating (snapshots, rendering, event loop): ${percent(outsideShare)}`);
  console.log(`wall time: (c) vs (b) ${percent(tuiMs / observedMs - 1)}, (c) vs (a) ${percent(tuiMs / bareMs - 1)}`);
  console.log(`CPU time:  (a) ${bareCpu.toFixed(0)} ms, (b) ${observedCpu.toFixed(0)} ms, (c) ${tuiCpu.toFixed(0)} ms; (c) vs (b) ${percent(tuiCpu / observedCpu - 1)}, (c) vs (a) ${percent(tuiCpu / bareCpu - 1)}`);
}

await main();
