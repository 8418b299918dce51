// What a client of the CP store asks, and how it writes that down in the history. Two
// kinds of key: registers (k0, k1, ...) take gets and appends of unique tokens, as in the
// AP store, so stale reads and lost writes are visible; cas keys (c0, c1, ...) hold a
// small integer and take reads, writes and compare-and-sets, checked with Knossos'
// cas-register model. Rule: on a cas key a never-written value ('') is recorded as nil
// (null), the register's initial value, and a cas that found another value is a `fail`
// (it certainly changed nothing), as Jepsen records it.
import { assertNever } from '../../engine/assert-never.ts';
import type { HistoryValue } from '../../check/history/history-event.ts';
import type { Random } from '../../engine/rng.ts';
import type { NodeId } from '../../node/node-api.ts';
import type { TextCommand, TextResult } from '../raft/raft-messages.ts';
import type { Completion } from '../kv-ap/history-recorder.ts';

/** Values written to cas keys are 0..CAS_VALUES-1, few enough that cas often succeeds. */
export const CAS_VALUES = 5;

export interface OperationMix {
  /** Share of operations that write (append; write or cas on cas keys), 0 to 1. */
  readonly writeRatio: number;
  /** Share of operations on cas keys rather than registers, 0 to 1. */
  readonly casShare: number;
  /** Register keys are k0..k(keys-1), cas keys c0..c(keys-1). */
  readonly keys: number;
}

export interface PlannedOperation {
  readonly f: 'get' | 'append' | 'read' | 'write' | 'cas';
  readonly key: string;
  readonly input: HistoryValue;
  readonly command: (clientId: NodeId, requestId: number) => TextCommand;
}

export function planOperation(random: Random, mix: OperationMix, process: number, requestId: number): PlannedOperation {
  const onCasKey = random.chance(mix.casShare);
  const key = `${onCasKey ? 'c' : 'k'}${random.below(mix.keys)}`;
  const isWrite = random.chance(mix.writeRatio);
  if (!onCasKey) {
    if (!isWrite) return { f: 'get', key, input: null, command: (clientId, id) => ({ clientId, requestId: id, key, kind: 'text-get' }) };
    const token = `${process}.${requestId};`;
    return { f: 'append', key, input: token, command: (clientId, id) => ({ clientId, requestId: id, key, kind: 'text-append', value: token }) };
  }
  if (!isWrite) return { f: 'read', key, input: null, command: (clientId, id) => ({ clientId, requestId: id, key, kind: 'text-get' }) };
  const value = random.below(CAS_VALUES);
  if (random.chance(0.5)) return { f: 'write', key, input: value, command: (clientId, id) => ({ clientId, requestId: id, key, kind: 'text-put', value: String(value) }) };
  const expected = random.below(CAS_VALUES);
  return { f: 'cas', key, input: [expected, value], command: (clientId, id) => ({ clientId, requestId: id, key, kind: 'text-cas', expected: String(expected), value: String(value) }) };
}

/** How an answered operation is recorded: its completion and value. */
export function answeredOutcome(operation: PlannedOperation, result: TextResult): { readonly completion: Completion; readonly value: HistoryValue } {
  switch (operation.f) {
    case 'get':
      return { completion: 'ok', value: result.value };
    case 'read':
      return { completion: 'ok', value: result.value === '' ? null : Number(result.value) };
    case 'cas':
      return { completion: result.applied ? 'ok' : 'fail', value: operation.input };
    case 'append':
    case 'write':
      return { completion: 'ok', value: operation.input };
    default:
      return assertNever(operation.f);
  }
}
