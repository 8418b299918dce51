// runTui, the CLI's entry to the TUI: on a terminal it shows the live view until q, then
// writes the schedule and prints the command that replays the session, and that command
// (run through the real CLI) gives the session's trace hash. Elsewhere it runs to the
// end, prints the report and says why.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ms } from '../../src/engine/time.ts';
import { parseFaultFile } from '../../src/faults/fault-file.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { CLI_PREFIX } from '../../src/scenario/replay-command.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { runTui, type TuiOptions } from '../../src/tui/run-tui.ts';
import { FRAME_PERIOD_MS } from '../../src/tui/session-driver.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runCapturing } from '../cli/capture-host.ts';
import { FakeKeyboard, FakeScreen } from './fake-terminal.ts';
import { ManualClock, ManualScheduler } from './manual-timing.ts';

const broadcast = findScenario('broadcast') as Scenario;
const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function sessionDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'faultline-tui-'));
  directories.push(directory);
  return directory;
}

/** Starts runTui on a fake terminal and resolves once it listens for keys. */
async function openTui(options: Partial<TuiOptions> = {}) {
  const clock = new ManualClock();
  const scheduler = new ManualScheduler(clock);
  const screen = new FakeScreen();
  const keyboard = new FakeKeyboard();
  let printed = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const result = runTui({
    scenario: broadcast,
    seed: 9,
    stdin: keyboard.asStream(),
    stdout: screen.asStream(),
    write: (text) => void (printed += text),
    clock,
    scheduler,
    colorMode: 'plain',
    sessionDirectory: sessionDirectory(),
    onReady: markReady,
    ...options,
  });
  await ready;
  const runFrames = (count: number): void => {
    for (let frame = 0; frame < count; frame++) scheduler.advance(FRAME_PERIOD_MS);
  };
  return { screen, keyboard, result, runFrames, printed: () => printed };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lineStarting(text: string, prefix: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  if (line === undefined) throw new Error(`no line starting with ${JSON.stringify(prefix)} in:\n${text}`);
  return line.slice(prefix.length).trim();
}

describe('on a terminal', () => {
  it('prints the replay command on q, and that command gives the same trace hash', async () => {
    const tui = await openTui();
    tui.runFrames(40); // 1.32s at x1: the scenario's own partition (at 1s) is in force
    tui.keyboard.type('c'); // crash node 0
    tui.runFrames(5);
    tui.keyboard.type('h'); // heal the scenario's partition early
    tui.runFrames(3);
    tui.keyboard.type('q');
    const outcome = await tui.result;
    const printed = tui.printed();

    expect(outcome.mode).toBe('live');
    expect(tui.screen.written).toContain('CLUSTER 5 nodes'); // drawn (where CI is set, ink draws only the last frame)
    expect(outcome.faultsFile).toBeDefined();
    expect(lineStarting(printed, 'by hand')).toMatch(/^at 1\.3\d*s crash 0; at 1\.4\d*s heal$/);
    const traceHash = lineStarting(printed, 'trace');
    expect(traceHash).toBe(outcome.traceHash);
    const replay = lineStarting(printed, 'replay');
    expect(replay).toMatch(new RegExp(`^${escapeRegExp(CLI_PREFIX)} run broadcast --seed 9 --max-events \\d+ --faults ${escapeRegExp(outcome.faultsFile as string)}$`));

    // The file holds the scenario's own schedule and the faults made by hand.
    const schedule = parseFaultFile(readFileSync(outcome.faultsFile as string, 'utf8'), 5);
    expect(schedule.map((fault) => fault.kind)).toEqual(['partition', 'heal', 'crash', 'heal']);

    const rerun = await runCapturing(replay.slice(CLI_PREFIX.length).trim().split(' '));
    expect(rerun.stderr).toBe('');
    expect(lineStarting(rerun.stdout, 'trace')).toBe(traceHash);
    expect(lineStarting(rerun.stdout, 'VIOLATION')).toMatch(/^event-limit \(limit\)/); // as the summary warned
  });

  it('needs no fault file when nothing was injected by hand', async () => {
    const tui = await openTui({ start: 'paused' });
    tui.keyboard.type('n');
    tui.keyboard.type('q');
    const outcome = await tui.result;
    expect(outcome.faultsFile).toBeUndefined();
    expect(outcome.replay).toBe(`${CLI_PREFIX} run broadcast --seed 9 --max-events 1`);
    expect(runScenario(broadcast, { seed: 9, maxEvents: 1 }).traceHash).toBe(outcome.traceHash);
  });

  it('names the fault file the session started from when nothing was injected by hand', async () => {
    const faults = [{ atUs: ms(10), kind: 'crash' as const, node: 1 }];
    const tui = await openTui({ start: 'paused', faults, faultsFile: 'saved.json' });
    tui.keyboard.type('q');
    const outcome = await tui.result;
    expect(outcome.faultsFile).toBe('saved.json');
    expect(outcome.replay).toBe(`${CLI_PREFIX} run broadcast --seed 9 --max-events 1 --faults saved.json`);
  });

  it('prints the report too when the run reached its end', async () => {
    const tui = await openTui({ speed: 'max', params: { retransmit: 'false' } });
    tui.runFrames(1); // the manual clock never reaches the slice's end: the run goes to its end
    tui.keyboard.type('q');
    const outcome = await tui.result;
    expect(outcome.verdict).toBe('fail'); // without re-sending, values lost to the partition never arrive
    expect(tui.printed()).toContain('verdict   FAIL');
    expect(tui.printed()).toContain('VIOLATION every node sees every value');
    expect(outcome.replay).toBe(`${CLI_PREFIX} run broadcast --seed 9 --set retransmit=false`);
    expect(outcome.traceHash).toBe(runScenario(broadcast, { seed: 9, params: { retransmit: 'false' } }).traceHash);
  });

  it('leaves the alternate screen it opened', async () => {
    const tui = await openTui({ start: 'paused' });
    tui.keyboard.type('q');
    await tui.result;
    expect(tui.screen.written.startsWith('\u001B[?1049h')).toBe(true);
    expect(tui.screen.written.endsWith('\u001B[?1049l')).toBe(true);
  });
});

describe('not on a terminal', () => {
  it('runs to the end, prints the report and says why, without waiting for keys', async () => {
    const screen = new FakeScreen();
    let printed = '';
    const outcome = await runTui({
      scenario: broadcast,
      seed: 9,
      stdin: new FakeKeyboard(false).asStream(),
      stdout: screen.asStream(),
      write: (text) => void (printed += text),
    });
    expect(printed.split('\n')[0]).toBe('faultline tui: standard input is not a terminal (keys cannot be read), so the live view stays closed: running broadcast to its end instead.');
    expect(printed).toContain('verdict   PASS');
    expect(outcome).toMatchObject({ mode: 'report', verdict: 'pass', replay: `${CLI_PREFIX} run broadcast --seed 9` });
    expect(outcome.traceHash).toBe(runScenario(broadcast, { seed: 9 }).traceHash);
    expect(screen.written).toBe(''); // nothing drawn
  });

  it('says when standard output is the one that is not a terminal', async () => {
    let printed = '';
    await runTui({
      scenario: broadcast,
      seed: 9,
      untilUs: ms(100),
      stdin: new FakeKeyboard(true).asStream(),
      stdout: { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream,
      write: (text) => void (printed += text),
    });
    expect(printed).toMatch(/^faultline tui: standard output is not a terminal, so the live view stays closed/);
  });
});
