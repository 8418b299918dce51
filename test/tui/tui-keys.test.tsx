// The keys, driven through stdin as a user types them: each acts on the session (pause,
// step, partition, heal, crash, restart, loss, speed) or on the view (selection,
// filter, help, detail), and the next frame shows it. No sleeps: the wall clock and
// the frames are moved by hand.
import { afterEach, describe, expect, it } from 'vitest';
import { ms } from '../../src/engine/time.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { FRAME_PERIOD_MS } from '../../src/tui/session-driver.ts';
import { findScenario } from '../../scenarios/index.ts';
import { KEYS, renderTui, type TuiHarness, type TuiHarnessOptions } from './render-tui.tsx';

const broadcast = findScenario('broadcast') as Scenario;
let tui: TuiHarness | undefined;

function open(options: Partial<TuiHarnessOptions> = {}): TuiHarness {
  tui = renderTui({ scenario: broadcast, seed: 11, params: { faults: 'none' }, ...options });
  return tui;
}

afterEach(() => tui?.unmount());

const headerOf = (frame: string): string => frame.split('\n')[0] ?? '';
const footerOf = (frame: string): string => frame.split('\n').at(-1) ?? '';

describe('running and stepping', () => {
  it('space pauses and resumes', () => {
    const { press, wait, session } = open({ start: 'running' });
    wait(FRAME_PERIOD_MS);
    expect(session.timeUs).toBe(ms(FRAME_PERIOD_MS));
    const paused = press(' ');
    expect(headerOf(paused)).toContain('PAUSED');
    wait(FRAME_PERIOD_MS * 3);
    expect(session.timeUs).toBe(ms(FRAME_PERIOD_MS));
    expect(headerOf(press(' '))).toContain('running');
    wait(FRAME_PERIOD_MS);
    expect(session.timeUs).toBe(ms(2 * FRAME_PERIOD_MS));
  });

  it('n steps one event and the log shows it', () => {
    const { press, session } = open();
    const before = session.simulation.eventsProcessed;
    const frame = press('n');
    expect(session.simulation.eventsProcessed).toBe(before + 1);
    expect(frame).toContain('#0 start node 0');
    expect(footerOf(frame)).toContain('stepped one event');
  });

  it('. steps to the next message delivery', () => {
    const { press, session } = open();
    const frame = press('.');
    expect(session.events.latest(100).some((event) => event.kind === 'deliver')).toBe(true);
    expect(frame).toMatch(/deliver client->\d|deliver \d->\d/);
  });

  it('+ and - change the speed in the header', () => {
    const { press } = open();
    expect(headerOf(press('+'))).toContain(' x2 ');
    expect(headerOf(press('-', '-'))).toContain(' x0.5 ');
  });
});

describe('faults by hand', () => {
  it('c crashes the selected node and r restarts it, both kept for the replay', () => {
    const { press, session } = open();
    press(KEYS.down, KEYS.down);
    const crashed = press('c');
    expect(session.cluster.status(2)).toBe('crashed');
    expect(crashed).toMatch(/▸ 2 · CRASHED/);
    expect(footerOf(crashed)).toMatch(/^at \S+ crash 2 \(kept for the replay\)/);
    press('r');
    expect(session.cluster.status(2)).toBe('up');
    expect(session.manualFaults.map((fault) => fault.kind)).toEqual(['crash', 'restart']);
  });

  it('says why when a key would do nothing', () => {
    const { press, session } = open();
    expect(footerOf(press('r'))).toContain('not done: node 0 is not crashed');
    expect(footerOf(press('h'))).toContain('not done: there is no partition to heal');
    expect(session.manualFaults).toEqual([]);
  });

  it('p opens the partition editor, letters choose sides, enter partitions', () => {
    const { press, session } = open({ columns: 120 });
    const editor = press('p');
    expect(editor).toContain('PARTITION');
    expect(editor).toContain('will cut: A{0,1} ╳ B{2,3,4}');
    press(KEYS.down, KEYS.down, KEYS.down, KEYS.down);
    expect(press('c')).toContain('will cut: A{0,1} ╳ B{2,3} ╳ C{4}');
    const partitioned = press(KEYS.enter);
    expect(session.cluster.network.partitions.current).toEqual({ kind: 'split', groups: [[0, 1], [2, 3], [4]] });
    expect(partitioned).toContain('CLUSTER 5 nodes, 5 up  A{0,1} ╳ B{2,3} ╳ C{4}');
    expect(partitioned).toContain('cut 16/20 links');
  });

  it('keys typed together in one chunk act in order, each on what the one before did', () => {
    const { press, session } = open();
    press(`p${KEYS.down}i${KEYS.enter}`);
    expect(session.cluster.network.partitions.current).toEqual({ kind: 'split', groups: [[0, 2, 3, 4], [1]] });
  });

  it('i in the editor isolates the selected node; p cancels', () => {
    const { press, session } = open();
    press('p', KEYS.down);
    expect(press('i')).toContain('will cut: A{0,2,3,4} ╳ B{1}');
    expect(footerOf(press('p'))).toContain('partition cancelled');
    expect(session.cluster.network.partitions.current).toBeNull();
  });

  it('h heals the partition', () => {
    const { press, session } = open();
    press('p', KEYS.enter);
    expect(session.cluster.network.partitions.current).not.toBeNull();
    const healed = press('h');
    expect(session.cluster.network.partitions.current).toBeNull();
    expect(healed).toContain('no links cut');
  });

  it('l then a digit adds a loss burst on every link', () => {
    const { press, session } = open({ columns: 120 });
    expect(footerOf(press('l'))).toContain('loss burst for 2s: 1=10% 2=25% 3=50%');
    const frame = press('3');
    expect(session.manualFaults).toEqual([expect.objectContaining({ kind: 'loss-burst', probability: 0.5, durationUs: ms(2000) })]);
    expect(frame).toContain('burst 50% until 2.000s');
  });
});

describe('the view', () => {
  it('arrows move the selection, within the cluster', () => {
    const { press } = open();
    expect(press(KEYS.down)).toContain('▸ 1');
    expect(press(KEYS.up, KEYS.up, KEYS.up)).toContain('▸ 0');
  });

  it('f filters the event log by kind (left/right) and node (up/down)', () => {
    const { press, wait } = open({ start: 'running' });
    wait(FRAME_PERIOD_MS * 3);
    press('f', KEYS.right, KEYS.right, KEYS.down, KEYS.down);
    const filtering = press(KEYS.right);
    expect(filtering).toContain('EVENTS filter: node 1, drops');
    const done = press(KEYS.enter);
    expect(done).toContain('EVENTS node 1, drops   f filter');
  });

  it('? shows every key and hides them again', () => {
    const { press } = open();
    const help = press('?');
    expect(help).toContain('KEYS');
    expect(help).toContain('step to the next message delivery');
    expect(press('?')).toContain('CLUSTER');
  });

  it("enter shows the selected node's state in detail", () => {
    const { press } = open();
    press('n', KEYS.down);
    const detail = press(KEYS.enter);
    expect(detail).toContain('NODE 1');
    expect(detail).toContain('last events involving node 1');
    expect(press(KEYS.enter)).toContain('CLUSTER');
  });

  it('ignores keys typed after q in the same chunk', () => {
    const { press, ended, session } = open();
    press('qc');
    expect(ended()).toBeDefined();
    expect(session.manualFaults).toEqual([]);
  });

  it('q quits, handing back the seed, how far the run got and the schedule to replay', () => {
    const { press, ended, session } = open();
    press('n', 'n', 'c');
    press('q');
    const end = ended();
    expect(end).toMatchObject({ seed: 11, verdict: 'unfinished', manualFaults: [expect.objectContaining({ kind: 'crash', node: 0 })] });
    expect(end?.reachedUs).toBe(session.timeUs);
    expect(end?.replayMaxEvents).toBe(session.simulation.eventsProcessed);
  });
});
