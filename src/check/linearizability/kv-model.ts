// The key-value map of Porcupine's kv model and the MIT 6.5840 labs: get, put and append
// on string values, checked one key at a time. Rule: a key never written reads as the
// empty string, and append concatenates; a failed or timed-out get constrains nothing, a
// failed put or append did not happen, an info put or append may have happened, or not.
import { assertNever } from '../../engine/assert-never.ts';
import { formatHistoryValue, type HistoryValue } from '../history/history-event.ts';
import type { Operation } from '../history/operation.ts';
import { NOT_POSSIBLE, operationError, type Model, type Participation, type StateMachine } from './model.ts';

const GET = 0;
const PUT = 1;
const APPEND = 2;

export const kvModel: Model = {
  name: 'kv',
  participation(operation: Operation): Participation {
    const kind = kindOf(operation);
    if (kind !== GET) stringValue(operation, operation.input, `a ${operation.f} of a string`);
    switch (operation.completion) {
      case 'ok':
        if (kind === GET) stringValue(operation, operation.output, 'a get to return a string', operation.completeLine);
        return 'definite';
      case 'fail':
        return 'ignored';
      case 'info':
      case 'pending':
        return kind === GET ? 'ignored' : 'indeterminate';
      default:
        return assertNever(operation.completion);
    }
  },
  stateMachine(operations: readonly Operation[]): StateMachine {
    return new KeyValueStateMachine(operations);
  },
};

function kindOf(operation: Operation): number {
  switch (operation.f) {
    case 'get':
      return GET;
    case 'put':
      return PUT;
    case 'append':
      return APPEND;
    default:
      throw operationError(operation, `the kv model has no operation ${JSON.stringify(operation.f)}: expected get, put or append`);
  }
}

function stringValue(operation: Operation, value: HistoryValue, expected: string, line?: number): string {
  if (typeof value === 'string') return value;
  throw operationError(operation, `expected ${expected}, got ${formatHistoryValue(value)}`, line);
}

/** States are the interned values of one key; 0 is the empty string. */
class KeyValueStateMachine implements StateMachine {
  readonly initialState = 0;
  private readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);
  private readonly kinds: Uint8Array;
  /** The interned value a get returned or a put writes; the text an append adds. */
  private readonly arguments: Int32Array;
  private readonly appended: string[];
  /** A number per distinct appended text, for effectOf. */
  private readonly appendEffects = new Map<string, number>();
  /** Appends already worked out, by state * operations + index. */
  private readonly appendResults = new Map<number, number>();

  constructor(private readonly operations: readonly Operation[]) {
    this.kinds = new Uint8Array(operations.length);
    this.arguments = new Int32Array(operations.length);
    this.appended = operations.map((operation, index) => {
      const kind = kindOf(operation);
      this.kinds[index] = kind;
      if (kind === APPEND) return operation.input as string;
      this.arguments[index] = this.intern((kind === GET ? operation.output : operation.input) as string);
      return '';
    });
  }

  step(state: number, index: number): number {
    switch (this.kinds[index]) {
      case GET:
        return state === this.arguments[index] ? state : NOT_POSSIBLE;
      case PUT:
        return this.arguments[index] as number;
      default:
        return this.append(state, index);
    }
  }

  describeState(state: number): string {
    return JSON.stringify(this.values[state] ?? '');
  }

  overwrites(index: number): boolean {
    return this.kinds[index] === PUT;
  }

  effectOf(index: number): number {
    if (this.kinds[index] !== APPEND) return (this.kinds[index] as number) + 4 * (this.arguments[index] as number);
    let id = this.appendEffects.get(this.appended[index] as string);
    if (id === undefined) {
      id = this.appendEffects.size;
      this.appendEffects.set(this.appended[index] as string, id);
    }
    return APPEND + 4 * id;
  }

  private append(state: number, index: number): number {
    const key = state * this.operations.length + index;
    let result = this.appendResults.get(key);
    if (result === undefined) {
      result = this.intern((this.values[state] as string) + (this.appended[index] as string));
      this.appendResults.set(key, result);
    }
    return result;
  }

  private intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}
