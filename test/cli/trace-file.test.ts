// The --trace writer: field order, awkward details, buffering and closing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceFile, traceEventLine } from '../../src/cli/trace-file.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';

const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-trace-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('traceEventLine', () => {
  it('writes fields in TraceEvent order whatever order the object was built in', () => {
    const event = { detail: { type: 'gossip' }, reason: 'loss', messageId: 9, to: 2, from: 1, kind: 'drop', timeUs: 1500, index: 3 } as TraceEvent;
    expect(traceEventLine(event)).toBe('{"index":3,"timeUs":1500,"kind":"drop","from":1,"to":2,"messageId":9,"reason":"loss","detail":{"type":"gossip"}}');
  });

  it('leaves out absent fields and writes sets, maps and bigints readably', () => {
    const event: TraceEvent = { index: 0, timeUs: 0, kind: 'log', node: 4, detail: { seen: new Set([1, 2]), acked: new Map([[3, true]]), big: 10n } };
    expect(traceEventLine(event)).toBe('{"index":0,"timeUs":0,"kind":"log","node":4,"detail":{"seen":[1,2],"acked":{"3":true},"big":"10"}}');
  });
});

describe('TraceFile', () => {
  it('writes every event, across many buffer flushes, by the time it is closed', () => {
    const path = join(scratch, 'many.jsonl');
    const file = TraceFile.create(path);
    const count = 5_000;
    for (let index = 0; index < count; index++) file.observer({ index, timeUs: index * 10, kind: 'timer', node: index % 7, detail: 'x'.repeat(40) });
    file.close();
    file.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(count);
    expect(lines.map((line) => (JSON.parse(line) as TraceEvent).index)).toEqual(Array.from({ length: count }, (_, index) => index));
  });

  it('truncates a file that already exists', () => {
    const path = join(scratch, 'reused.jsonl');
    const first = TraceFile.create(path);
    first.observer({ index: 0, timeUs: 0, kind: 'start', node: 0 });
    first.observer({ index: 1, timeUs: 0, kind: 'start', node: 1 });
    first.close();
    const second = TraceFile.create(path);
    second.close();
    expect(readFileSync(path, 'utf8')).toBe('');
  });
});
