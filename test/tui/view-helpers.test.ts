// The small pure pieces the views are built from: node summaries, sparklines, speeds,
// event filters, partition drafts, layout and segments cut to a width.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { describeFilter, matchesFilter, nextKindFilter, nextNodeFilter } from '../../src/tui/event-filter.ts';
import { EventRing } from '../../src/tui/event-ring.ts';
import { layoutFor } from '../../src/tui/layout.ts';
import { fitSegments } from '../../src/tui/line.tsx';
import { nodeStateLines, summarizeNodeState } from '../../src/tui/node-state-summary.ts';
import { colorModeFor, paletteFor } from '../../src/tui/palette.ts';
import { describeDraft, draftToSpec, initialDraft, isolating, withSide } from '../../src/tui/partition-draft.ts';
import { fasterThan, formatSpeed, parseSpeed, slowerThan, SPEEDS, virtualSpan } from '../../src/tui/speed.ts';
import { sparkline } from '../../src/tui/sparkline.ts';

describe('node state summary', () => {
  it('shows role, then term, version and seen counts in their short forms', () => {
    expect(summarizeNodeState({ role: 'leader', seen: [1, 2, 3], version: 7, term: 3 })).toEqual({ role: 'leader', parts: ['t3', 'v7', 'seen 3'] });
  });

  it('puts known fields first, then plain values, then lists, leaving out the id', () => {
    expect(summarizeNodeState({ id: 0, role: 'follower', logLength: 13, commitIndex: 11, term: 2, leaderId: 3 })).toEqual({
      role: 'follower',
      parts: ['t2', 'leaderId=3', 'commitIndex=11', 'logLength=13'],
    });
    expect(summarizeNodeState({ log: [1, 2], note: 'a very long piece of text', commitIndex: 4 })).toEqual({
      role: undefined,
      parts: ['commitIndex=4', 'note=a very long p…', 'log[2]'],
    });
  });

  it('reads an object that describes itself with toJSON as JSON would', () => {
    const node = { internals: [1, 2, 3], toJSON: () => ({ role: 'candidate', term: 4 }) };
    expect(summarizeNodeState(node)).toEqual({ role: 'candidate', parts: ['t4'] });
    expect(summarizeNodeState({ breaker: { toJSON: () => ({ state: 'open', failures: 5 }) } })).toEqual({ role: 'open', parts: ['failures=5'] });
  });

  it('looks one level into nested records, leaving out their empty counters', () => {
    const snapshot = { processes: { boot: 1, calling: 1, waiting: 0 }, node: { role: 'primary', replicas: [1, 2] } };
    expect(summarizeNodeState(snapshot)).toEqual({ role: 'primary', parts: ['boot=1', 'calling=1', 'replicas[2]'] });
  });

  it('shows nothing for a node without a snapshot, and a bare value as itself', () => {
    expect(summarizeNodeState(undefined)).toEqual({ role: undefined, parts: [] });
    expect(summarizeNodeState(42)).toEqual({ role: undefined, parts: ['42'] });
  });

  it('keeps at most eight parts', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`field${index}`, index]));
    expect(summarizeNodeState(many).parts).toHaveLength(8);
  });

  it('lists a whole snapshot as JSON lines, cut to a limit', () => {
    expect(nodeStateLines({ seen: [1] }, 10)).toEqual(['{', '  "seen": [', '    1', '  ]', '}']);
    expect(nodeStateLines({ seen: [1, 2, 3, 4] }, 3)).toEqual(['{', '  "seen": [', '… 6 more lines']);
  });
});

describe('sparkline', () => {
  it('scales from zero to the largest value, newest on the right', () => {
    expect(sparkline([0, 1, 2, 4, 8], 5)).toBe('▁▂▃▅█');
  });

  it('pads on the left, shows gaps as spaces and honours a fixed top', () => {
    expect(sparkline([undefined, 5], 4, 10)).toBe('   ▅');
  });

  it('keeps the newest values when there are more than fit', () => {
    expect(sparkline([8, 8, 0, 8], 2)).toBe('▁█');
  });
});

describe('speed', () => {
  it('steps through the settings and stops at both ends', () => {
    expect(fasterThan(1)).toBe(2);
    expect(slowerThan(1)).toBe(0.5);
    expect(fasterThan('max')).toBe('max');
    expect(slowerThan(SPEEDS[0] as number)).toBe(SPEEDS[0]);
    expect(fasterThan(1000)).toBe('max');
  });

  it('turns wall time into virtual time at a scaled speed', () => {
    expect(virtualSpan(33, 1)).toBe(33_000);
    expect(virtualSpan(33, 0.01)).toBe(330);
  });

  it('reads and writes speeds as x1, x0.25 and max, refusing others with the allowed list', () => {
    expect(parseSpeed('x0.25')).toBe(0.25);
    expect(parseSpeed('100')).toBe(100);
    expect(parseSpeed('max')).toBe('max');
    expect(formatSpeed(0.5)).toBe('x0.5');
    expect(() => parseSpeed('x3')).toThrow(/invalid speed "x3": expected one of x0.001, .*max/);
  });
});

describe('event filter', () => {
  const send: TraceEvent = { index: 1, timeUs: 0, kind: 'send', from: 0, to: 2, messageId: 1 };
  const timer: TraceEvent = { index: 2, timeUs: 0, kind: 'timer', node: 1 };
  const drop: TraceEvent = { index: 3, timeUs: 0, kind: 'drop', from: 1, to: 2, messageId: 2, reason: 'loss' };

  it('keeps the events of one node, as sender, receiver or the node itself', () => {
    expect([send, timer, drop].filter((event) => matchesFilter(event, { node: 2, kind: 'all' }))).toEqual([send, drop]);
    expect([send, timer, drop].filter((event) => matchesFilter(event, { node: 1, kind: 'all' }))).toEqual([timer, drop]);
  });

  it('keeps one kind of events', () => {
    expect([send, timer, drop].filter((event) => matchesFilter(event, { node: 'all', kind: 'drops' }))).toEqual([drop]);
    expect([send, timer, drop].filter((event) => matchesFilter(event, { node: 'all', kind: 'messages' }))).toEqual([send, drop]);
  });

  it('cycles kinds and nodes, through all', () => {
    expect(nextKindFilter('all', -1)).toBe('logs');
    expect(nextNodeFilter('all', 1, 3)).toBe(0);
    expect(nextNodeFilter(2, 1, 3)).toBe('all');
    expect(describeFilter({ node: 2, kind: 'drops' })).toBe('node 2, drops');
  });
});

describe('event ring', () => {
  it('keeps the latest events up to its capacity, oldest first', () => {
    const ring = new EventRing(3);
    for (let index = 0; index < 5; index++) ring.push({ index, timeUs: index, kind: 'timer', node: index % 2 });
    expect(ring.latest(10).map((event) => event.index)).toEqual([2, 3, 4]);
    expect(ring.latest(10, (event) => event.node === 0).map((event) => event.index)).toEqual([2, 4]);
    expect(ring.latest(1).map((event) => event.index)).toEqual([4]);
  });
});

describe('partition draft', () => {
  it('starts from the sides in force, or from two halves', () => {
    expect(initialDraft(5, undefined)).toEqual([0, 0, 1, 1, 1]);
    expect(initialDraft(4, [[], [3], [0, 1, 2]])).toEqual([1, 1, 1, 0]);
  });

  it('becomes a split partition, and needs two sides', () => {
    expect(draftToSpec(withSide([0, 0, 1], 2, 2))).toEqual({ outcome: 'ready', spec: { kind: 'split', groups: [[0, 1], [2]] } });
    expect(draftToSpec([1, 1, 1])).toEqual({ outcome: 'incomplete', reason: 'put nodes on at least two sides' });
    expect(describeDraft(isolating(4, 2))).toBe('A{0,1,3} B{2}');
  });

  it('refuses a side out of range', () => {
    expect(() => withSide([0, 1], 0, 4)).toThrow(/invalid side 4: expected 0 to 3/);
  });
});

describe('layout', () => {
  it('fits 80x24 with a row to spare, giving the rest to events', () => {
    const layout = layoutFor({ columns: 80, rows: 24 }, { nodes: 5, checkLines: 2 });
    expect(layout).toMatchObject({ width: 80, leftWidth: 40, rightWidth: 39, upperRows: 9, nodeRows: 5, checkRows: 2, eventRows: 11 });
    expect(1 + layout.upperRows + 1 + layout.eventRows + 1).toBe(23);
  });

  it('gives a taller terminal to nodes up to the cluster size, then to events', () => {
    const layout = layoutFor({ columns: 120, rows: 50 }, { nodes: 9, checkLines: 3 });
    expect(layout).toMatchObject({ nodeRows: 9, checkRows: 3, upperRows: 14, eventRows: 32 });
  });

  it('scrolls a big cluster instead of pushing the events off the screen', () => {
    const layout = layoutFor({ columns: 80, rows: 24 }, { nodes: 1000, checkLines: 1 });
    expect(layout.eventRows).toBeGreaterThanOrEqual(3);
    expect(1 + layout.upperRows + 1 + layout.eventRows + 1).toBe(23);
  });
});

describe('segments', () => {
  it('cut to the width with an ellipsis, across segments', () => {
    expect(fitSegments([{ text: 'abc' }, { text: 'defgh' }], 6).map((segment) => segment.text)).toEqual(['abc', 'de…']);
    expect(fitSegments([{ text: 'abc' }, { text: 'de' }], 5).map((segment) => segment.text)).toEqual(['abc', 'de']);
  });
});

describe('colour', () => {
  it('is off when NO_COLOR is set and not empty', () => {
    expect(colorModeFor({ NO_COLOR: '1' })).toBe('plain');
    expect(colorModeFor({ NO_COLOR: '' })).toBe('color');
    expect(colorModeFor({})).toBe('color');
  });

  it('uses only theme-following named colours, never white, black, grey or yellow', () => {
    const palette = paletteFor('color');
    const used = [...(['good', 'bad', 'warn', 'info', 'accent'] as const).map((tone) => palette.tone(tone)), ...[0, 1, 2, 3].map((side) => palette.side(side))];
    expect(used.every((color) => ['red', 'green', 'blue', 'magenta', 'cyan'].includes(color as string))).toBe(true);
    expect(paletteFor('plain').tone('bad')).toBeUndefined();
  });
});
