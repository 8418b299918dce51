// The trace hash is the run's fingerprint: equal traces give equal digests, and any
// change to any field of any event changes it.
import { describe, expect, it } from 'vitest';
import { Trace } from '../../src/engine/trace.ts';

/** A trace of one of each event kind; `change` names one field of one event to alter. */
function sampleDigest(change?: string): string {
  const trace = new Trace();
  const changed = (name: string, value: number): number => (change === name ? value + 1 : value);
  trace.node('start', 0, changed('start.node', 1));
  trace.message('send', changed('send.time', 100), 1, 2, 0, { any: 'body' });
  trace.message('deliver', 900, changed('deliver.from', 1), 2, 0, undefined);
  trace.drop(1_000, 2, changed('drop.to', 1), 1, change === 'drop.reason' ? 'partition' : 'loss', undefined);
  trace.message('duplicate', 1_100, 1, 2, changed('duplicate.messageId', 2), undefined);
  trace.node('timer', 2_000, 3);
  trace.log(2_500, 3, change === 'log.text' ? 'hellp' : 'hello');
  trace.fault('partition', 3_000, change === 'partition.description' ? '{0,1}|{2,3}' : '{0}|{1,2,3}');
  trace.fault(change === 'heal.kind' ? 'fault' : 'heal', 4_000, 'heal');
  trace.node(change === 'crash.kind' ? 'pause' : 'crash', 5_000, 3);
  return trace.digest();
}

describe('trace hash', () => {
  it('is 16 hex digits', () => {
    expect(sampleDigest()).toMatch(/^[0-9a-f]{16}$/);
    expect(new Trace().digest()).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is the same for the same events', () => {
    expect(sampleDigest()).toBe(sampleDigest());
  });

  it.each([
    'start.node',
    'send.time',
    'deliver.from',
    'drop.to',
    'drop.reason',
    'duplicate.messageId',
    'log.text',
    'partition.description',
    'heal.kind',
    'crash.kind',
  ])('changes when %s changes', (field) => {
    expect(sampleDigest(field)).not.toBe(sampleDigest());
  });

  it('changes when events swap places', () => {
    const first = new Trace();
    first.node('crash', 10, 1);
    first.node('crash', 10, 2);
    const swapped = new Trace();
    swapped.node('crash', 10, 2);
    swapped.node('crash', 10, 1);
    expect(first.digest()).not.toBe(swapped.digest());
  });

  it('does not depend on who is watching', () => {
    const watched = new Trace();
    const seen: string[] = [];
    watched.subscribe((event) => seen.push(event.kind));
    watched.message('send', 5, 0, 1, 0, { body: 'one' });
    const unwatched = new Trace();
    unwatched.message('send', 5, 0, 1, 0, { body: 'one' });
    expect(watched.digest()).toBe(unwatched.digest());
    expect(seen).toEqual(['send']);
  });

  it('counts events and hands observers their index, time and fields', () => {
    const trace = new Trace();
    const events: unknown[] = [];
    trace.subscribe((event) => events.push(event));
    trace.node('start', 0, 4);
    trace.drop(7, 1, 2, 3, 'node-down', 'body');
    expect(trace.count).toBe(2);
    expect(events).toEqual([
      { index: 0, timeUs: 0, kind: 'start', node: 4, detail: undefined },
      { index: 1, timeUs: 7, kind: 'drop', from: 1, to: 2, messageId: 3, reason: 'node-down', detail: 'body' },
    ]);
  });
});
