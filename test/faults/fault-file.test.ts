// Fault files: what formatFaultFile writes, parseFaultFile reads back unchanged, and
// every malformed file is refused with a one-line RangeError that names the problem.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { formatFaultFile, parseFaultFile } from '../../src/faults/fault-file.ts';

/** Every event kind and every partition shape. */
const EVERY_KIND: FaultSchedule = [
  { atUs: 0, kind: 'partition', partition: { kind: 'split', groups: [[0, 1], [2, 3, 4]] } },
  { atUs: ms(100), kind: 'heal' },
  { atUs: ms(200), kind: 'partition', partition: { kind: 'isolate', node: 2 } },
  { atUs: ms(300), kind: 'partition', partition: { kind: 'one-way', from: [0], to: [3, 4] } },
  { atUs: ms(400), kind: 'partition', partition: { kind: 'bridge', left: [0, 1], right: [3, 4], bridge: 2 } },
  { atUs: ms(500), kind: 'heal' },
  { atUs: ms(600), kind: 'crash', node: 4 },
  { atUs: ms(700), kind: 'restart', node: 4 },
  { atUs: ms(800), kind: 'pause', node: 1, durationUs: ms(50) },
  { atUs: ms(900), kind: 'loss-burst', probability: 0.75, durationUs: ms(120) },
  { atUs: seconds(1), kind: 'clock-skew', node: 3, offsetUs: -ms(250), driftPpm: 400 },
];

/** Calls parseFaultFile and returns its RangeError message (failing the test if it does not throw one). */
function parseError(text: string, nodeCount = 5): string {
  try {
    parseFaultFile(text, nodeCount);
  } catch (error) {
    expect(error).toBeInstanceOf(RangeError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith('fault file: ')).toBe(true);
    return message;
  }
  throw new Error(`expected parseFaultFile to refuse ${text}`);
}

describe('formatFaultFile', () => {
  it('writes meta fields first, then one event a line, fields in a fixed order', () => {
    const text = formatFaultFile(
      [
        { kind: 'crash', node: 2, atUs: seconds(3) } as FaultSchedule[number],
        { atUs: seconds(4), kind: 'restart', node: 2 },
      ],
      { scenario: 'toy-election', seed: 42, params: { bug: 'no-step-down' } },
    );
    expect(text).toBe(
      [
        '{',
        '  "scenario": "toy-election",',
        '  "seed": 42,',
        '  "params": {"bug":"no-step-down"},',
        '  "faults": [',
        '    {"atUs":3000000,"kind":"crash","node":2},',
        '    {"atUs":4000000,"kind":"restart","node":2}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('writes an empty schedule as an empty list', () => {
    expect(formatFaultFile([])).toBe('{\n  "faults": []\n}\n');
    expect(parseFaultFile(formatFaultFile([]), 3)).toEqual([]);
  });

  it('writes partition fields in a fixed order whatever order the object has', () => {
    const text = formatFaultFile([{ atUs: 0, kind: 'partition', partition: { bridge: 2, right: [3], left: [0], kind: 'bridge' } as never }]);
    expect(text).toContain('{"atUs":0,"kind":"partition","partition":{"kind":"bridge","left":[0],"right":[3],"bridge":2}}');
  });
});

describe('parseFaultFile', () => {
  it('reads back what formatFaultFile wrote, for every event kind and partition shape', () => {
    const text = formatFaultFile(EVERY_KIND, { scenario: 'broadcast', seed: 7 });
    expect(parseFaultFile(text, 5)).toEqual(EVERY_KIND);
    expect(text.split('\n').filter((line) => line.includes('"atUs"'))).toHaveLength(EVERY_KIND.length);
  });

  it('reads a hand-written file with any spacing and field order', () => {
    const text = '{"faults":[{"node":1,"kind":"crash","atUs":5},\n\n {"kind":"heal", "atUs": 9}]}';
    expect(parseFaultFile(text, 2)).toEqual([
      { atUs: 5, kind: 'crash', node: 1 },
      { atUs: 9, kind: 'heal' },
    ]);
  });

  it('refuses text that is not JSON, naming the problem on one line', () => {
    expect(parseError('{"faults": [\n  {"atUs": 1,\n')).toMatch(/^fault file: invalid JSON: /);
    expect(parseError('')).toMatch(/^fault file: invalid JSON: /);
  });

  it('refuses JSON that is not an object', () => {
    expect(parseError('[]')).toBe('fault file: expected a JSON object with a "faults" list, got a list');
    expect(parseError('null')).toBe('fault file: expected a JSON object with a "faults" list, got null');
  });

  it('refuses a file without a "faults" list', () => {
    expect(parseError('{"seed": 3}')).toBe('fault file: missing "faults": expected a list of fault events');
    expect(parseError('{"faults": {"atUs": 1}}')).toBe('fault file: "faults" must be a list of fault events, got an object');
    expect(parseError('{"faults": "none"}')).toBe('fault file: "faults" must be a list of fault events, got a string');
  });

  it('refuses an unknown top-level field, naming it', () => {
    expect(parseError('{"faults": [], "fault": []}')).toContain('unknown field "fault"');
  });

  it('refuses a bad event, naming its index and field', () => {
    const file = (...events: unknown[]): string => JSON.stringify({ faults: events });
    const heal = { atUs: 0, kind: 'heal' };
    expect(parseError(file(heal, { atUs: 1, kind: 'meteor' }))).toContain('fault 1: unknown kind "meteor"');
    expect(parseError(file(heal, heal, { atUs: 1, kind: 'crash', node: 7 }))).toContain('fault 2 (crash): node 7 does not exist (nodes are 0..4)');
    expect(parseError(file({ atUs: -5, kind: 'heal' }))).toContain('fault 0 (heal): invalid atUs -5');
    expect(parseError(file({ atUs: 1.5, kind: 'restart', node: 0 }))).toContain('fault 0 (restart): invalid atUs 1.5');
    expect(parseError(file({ atUs: 1, kind: 'pause', node: 0 }))).toContain('fault 0 (pause): invalid durationUs undefined');
    expect(parseError(file({ atUs: 1, kind: 'loss-burst', probability: 2, durationUs: 5 }))).toContain('fault 0 (loss-burst): invalid probability 2');
    expect(parseError(file({ atUs: 1, kind: 'clock-skew', node: 0, offsetUs: 0, driftPpm: 0.5 }))).toContain('fault 0 (clock-skew): invalid clock driftPpm 0.5');
    expect(parseError(file('crash'))).toContain('fault 0: expected an object');
  });

  it('refuses a bad partition, naming the fault and the node', () => {
    const partition = (spec: unknown): string => JSON.stringify({ faults: [{ atUs: 0, kind: 'partition', partition: spec }] });
    expect(parseError(partition({ kind: 'split', groups: [[0, 1], [1, 2]] }))).toContain('fault 0 (partition): partition split: node 1 appears in more than one group');
    expect(parseError(partition({ kind: 'isolate', node: 9 }))).toContain('fault 0 (partition): partition isolate: node 9 does not exist');
    expect(parseError(partition({ kind: 'wall' }))).toContain('fault 0 (partition): unknown partition kind "wall"');
  });

  it('refuses fields an event kind does not have, so a typo is not silently ignored', () => {
    expect(parseError('{"faults": [{"atUs": 0, "kind": "heal", "node": 2}]}')).toBe('fault file: fault 0 (heal): unknown field "node": expected atUs, kind');
    expect(parseError('{"faults": [{"atUs": 0, "kind": "partition", "partition": {"kind": "isolate", "node": 1, "nodes": [2]}}]}')).toContain(
      'fault 0 (partition) isolate: unknown field "nodes"',
    );
  });
});
