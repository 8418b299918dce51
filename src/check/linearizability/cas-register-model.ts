// The compare-and-set register (Knossos' cas-register, the etcd test's model): read,
// write and cas on one value that starts as nil. Rule, as the Jepsen etcd data needs it:
// a failed cas is a cas that returned false (the value differed from the expected one
// at its linearization point); a failed or timed-out read constrains nothing; a failed
// write did not happen; an info write or cas may have happened, or not.
import { assertNever } from '../../engine/assert-never.ts';
import { formatHistoryValue, type HistoryValue } from '../history/history-event.ts';
import type { Operation } from '../history/operation.ts';
import { NOT_POSSIBLE, operationError, type Model, type Participation, type StateMachine } from './model.ts';

type RegisterValue = null | boolean | number | string;

// Operation kinds, as small integers so that step is a switch over numbers.
const READ = 0;
const WRITE = 1;
const CAS_SUCCEEDED = 2;
const CAS_FAILED = 3;
/** An indeterminate cas: if it took effect, it succeeded exactly when the value was the expected one. */
const CAS_UNKNOWN = 4;

export const casRegisterModel: Model = {
  name: 'cas-register',
  participation(operation: Operation): Participation {
    checkInput(operation);
    switch (operation.completion) {
      case 'ok':
        if (operation.f === 'read') registerValue(operation, operation.output, 'a read to return nil, a number or a string', operation.completeLine);
        return 'definite';
      case 'fail':
        return operation.f === 'cas' ? 'definite' : 'ignored';
      case 'info':
      case 'pending':
        return operation.f === 'read' ? 'ignored' : 'indeterminate';
      default:
        return assertNever(operation.completion);
    }
  },
  stateMachine(operations: readonly Operation[]): StateMachine {
    return new RegisterStateMachine(operations);
  },
};

function checkInput(operation: Operation): void {
  switch (operation.f) {
    case 'read':
      return;
    case 'write':
      registerValue(operation, operation.input, 'a write of nil, a number or a string');
      return;
    case 'cas':
      casValues(operation);
      return;
    default:
      throw operationError(operation, `the cas-register model has no operation ${JSON.stringify(operation.f)}: expected read, write or cas`);
  }
}

function registerValue(operation: Operation, value: HistoryValue, expected: string, line?: number): RegisterValue {
  if (value === null || typeof value !== 'object') return value;
  throw operationError(operation, `expected ${expected}, got ${formatHistoryValue(value)}`, line);
}

function casValues(operation: Operation): readonly [RegisterValue, RegisterValue] {
  const value = operation.input;
  if (Array.isArray(value) && value.length === 2) {
    const [expected, replacement] = value as [HistoryValue, HistoryValue];
    return [registerValue(operation, expected, 'a cas [expected new] of plain values'), registerValue(operation, replacement, 'a cas [expected new] of plain values')];
  }
  throw operationError(operation, `expected a cas value [expected new], got ${formatHistoryValue(value)}`);
}

/** States are the interned register values; 0 is nil. */
class RegisterStateMachine implements StateMachine {
  readonly initialState = 0;
  private readonly values: RegisterValue[] = [null];
  private readonly ids = new Map<RegisterValue, number>([[null, 0]]);
  private readonly kinds: Uint8Array;
  private readonly first: Int32Array;
  private readonly second: Int32Array;

  constructor(operations: readonly Operation[]) {
    this.kinds = new Uint8Array(operations.length);
    this.first = new Int32Array(operations.length);
    this.second = new Int32Array(operations.length);
    operations.forEach((operation, index) => this.compile(operation, index));
  }

  step(state: number, index: number): number {
    const first = this.first[index] as number;
    switch (this.kinds[index]) {
      case READ:
        return state === first ? state : NOT_POSSIBLE;
      case WRITE:
        return first;
      case CAS_SUCCEEDED:
        return state === first ? (this.second[index] as number) : NOT_POSSIBLE;
      case CAS_FAILED:
        return state === first ? NOT_POSSIBLE : state;
      default: // CAS_UNKNOWN
        return state === first ? (this.second[index] as number) : state;
    }
  }

  describeState(state: number): string {
    return formatHistoryValue(this.values[state] ?? null);
  }

  overwrites(index: number): boolean {
    return this.kinds[index] === WRITE;
  }

  effectOf(index: number): number {
    // Kinds are below 8 and value ids below 2^20 in any history this can check in memory.
    return ((this.kinds[index] as number) + 8 * (this.first[index] as number)) * 1_048_576 + (this.second[index] as number);
  }

  private compile(operation: Operation, index: number): void {
    if (operation.f === 'read') {
      this.kinds[index] = READ;
      this.first[index] = this.intern(operation.output as RegisterValue);
    } else if (operation.f === 'write') {
      this.kinds[index] = WRITE;
      this.first[index] = this.intern(operation.input as RegisterValue);
    } else {
      const [expected, replacement] = casValues(operation);
      this.kinds[index] = operation.completion === 'ok' ? CAS_SUCCEEDED : operation.completion === 'fail' ? CAS_FAILED : CAS_UNKNOWN;
      this.first[index] = this.intern(expected);
      this.second[index] = this.intern(replacement);
    }
  }

  private intern(value: RegisterValue): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}
