// The state machine under the CP store, on its own: text keys with get, put, append and
// compare-and-set (a key never written reads as ''), and client sessions that make a
// retried request (same client, same request id) take effect once.
import { describe, expect, it } from 'vitest';
import { DurableStorage } from '../../../src/node/durable-storage.ts';
import { KeyValueMachine } from '../../../src/protocols/raft/key-value-machine.ts';
import type { TextCommand } from '../../../src/protocols/raft/raft-messages.ts';

/** A text command without its client and request id (each variant of the union kept apart). */
type Body = TextCommand extends infer Command ? (Command extends TextCommand ? Omit<Command, 'clientId' | 'requestId'> : never) : never;

function command(clientId: number, requestId: number, body: Body): TextCommand {
  return { clientId, requestId, ...body } as TextCommand;
}

function machine(): KeyValueMachine {
  return new KeyValueMachine(new DurableStorage(), 'none', undefined);
}

describe('the CP store’s state machine (text keys)', () => {
  it('reads a key never written as the empty string', () => {
    expect(machine().apply(command(10, 1, { kind: 'text-get', key: 'k0' }))).toEqual({ value: '', applied: true });
  });

  it('puts, appends and gets with the kv model’s semantics', () => {
    const store = machine();
    expect(store.apply(command(10, 1, { kind: 'text-put', key: 'k0', value: 'a;' }))).toEqual({ value: 'a;', applied: true });
    expect(store.apply(command(10, 2, { kind: 'text-append', key: 'k0', value: 'b;' }))).toEqual({ value: 'a;b;', applied: true });
    expect(store.apply(command(11, 1, { kind: 'text-append', key: 'k1', value: 'c;' }))).toEqual({ value: 'c;', applied: true });
    expect(store.apply(command(11, 2, { kind: 'text-get', key: 'k0' }))).toEqual({ value: 'a;b;', applied: true });
    expect(store.apply(command(10, 3, { kind: 'text-put', key: 'k0', value: 'z' }))).toEqual({ value: 'z', applied: true });
    expect([...store.texts]).toEqual([
      ['k0', 'z'],
      ['k1', 'c;'],
    ]);
  });

  it('replaces a value by compare-and-set only when it holds the expected one', () => {
    const store = machine();
    expect(store.apply(command(10, 1, { kind: 'text-cas', key: 'c0', expected: '1', value: '2' }))).toEqual({ value: '', applied: false });
    expect(store.apply(command(10, 2, { kind: 'text-cas', key: 'c0', expected: '', value: '1' }))).toEqual({ value: '1', applied: true });
    expect(store.apply(command(10, 3, { kind: 'text-cas', key: 'c0', expected: '3', value: '4' }))).toEqual({ value: '1', applied: false });
    expect(store.apply(command(10, 4, { kind: 'text-cas', key: 'c0', expected: '1', value: '4' }))).toEqual({ value: '4', applied: true });
    expect(store.texts.get('c0')).toBe('4');
  });

  it('applies a retried request once and answers it with the first answer', () => {
    const store = machine();
    const append = command(10, 7, { kind: 'text-append', key: 'k0', value: '10.7;' });
    expect(store.apply(append)).toEqual({ value: '10.7;', applied: true });
    store.apply(command(11, 1, { kind: 'text-append', key: 'k0', value: '11.1;' }));
    // The same request again (Raft committed it twice): no effect, the first answer again.
    expect(store.apply(append)).toEqual({ value: '10.7;', applied: true });
    expect(store.answered(append)).toEqual({ value: '10.7;', applied: true });
    expect(store.texts.get('k0')).toBe('10.7;11.1;');
  });

  it('ignores a request older than the client’s latest', () => {
    const store = machine();
    store.apply(command(10, 2, { kind: 'text-put', key: 'k0', value: 'new' }));
    expect(store.apply(command(10, 1, { kind: 'text-put', key: 'k0', value: 'old' }))).toBeUndefined();
    expect(store.texts.get('k0')).toBe('new');
  });

  it('does not apply a failed compare-and-set again when it is retried after the value changed', () => {
    const store = machine();
    const cas = command(10, 1, { kind: 'text-cas', key: 'c0', expected: '1', value: '2' });
    expect(store.apply(cas)).toEqual({ value: '', applied: false });
    store.apply(command(11, 1, { kind: 'text-put', key: 'c0', value: '1' }));
    expect(store.apply(cas)).toEqual({ value: '', applied: false });
    expect(store.texts.get('c0')).toBe('1');
  });

  it('rebuilds text values and sessions from a checkpoint', () => {
    const store = machine();
    store.apply(command(10, 1, { kind: 'text-put', key: 'k0', value: 'a;' }));
    store.apply(command(10, 2, { kind: 'text-append', key: 'k0', value: 'b;' }));
    const restarted = new KeyValueMachine(new DurableStorage(), 'none', store.checkpoint());
    expect(restarted.texts.get('k0')).toBe('a;b;');
    expect(restarted.apply(command(10, 2, { kind: 'text-append', key: 'k0', value: 'b;' }))).toEqual({ value: 'a;b;', applied: true });
    expect(restarted.texts.get('k0')).toBe('a;b;');
  });
});
