// The search for a linearization of one key's operations: Wing & Gong's algorithm with
// Lowe's memo, as Porcupine runs it. Calls and returns sit in one list in real-time
// order; the search walks it from the front, linearizes a call whose operation the model
// allows (lifting its call and return out of the list), and backtracks when it reaches a
// return it has not linearized. Rule: an indeterminate operation has no return in the
// list, so it may be linearized at any point after its call or never; the search ends
// as soon as every definite operation is linearized. Beyond Porcupine, it skips moves
// that another move dominates (see isWorthTrying), which the brute-force tests check.
import { mix, ADDED, MemoTable, TABLE_FULL } from './memo-table.ts';
import { NOT_POSSIBLE, type StateMachine } from './model.ts';
import type { UnknownReason } from './search-limits.ts';

export interface KeySearchInput {
  /** Real-time order: operation i precedes j exactly when returnOrders[i] < callOrders[j]. */
  readonly callOrders: readonly number[];
  /** Infinity for an indeterminate operation. */
  readonly returnOrders: readonly number[];
  readonly machine: StateMachine;
}

export interface KeySearchBudget {
  readonly maxSteps: number;
  readonly maxMemoBytes: number;
  readonly isPastDeadline: (() => boolean) | undefined;
  readonly deadlineCheckInterval: number;
}

/**
 * Where the search got furthest: every explored order stops at this return or before.
 * Of the states that reached it, the one with the fewest operations linearized.
 */
export interface SearchFrontier {
  /** Operations linearized at that point, in linearization order (indexes into the input). */
  readonly prefix: readonly number[];
  /** The model state after them. */
  readonly state: number;
  /** The operation whose return the search could not get past. */
  readonly blocked: number;
  /** Operations called before that return and not in the prefix (the blocked one included). */
  readonly pending: readonly number[];
}

export type KeySearchOutcome =
  | { readonly verdict: 'linearizable'; readonly steps: number; readonly linearization: readonly number[] }
  | { readonly verdict: 'not-linearizable'; readonly steps: number; readonly frontier: SearchFrontier }
  | { readonly verdict: 'unknown'; readonly steps: number; readonly reason: UnknownReason };

/** A fixed pseudo-random 32-bit word per operation, XORed into the hash of a linearized set. */
function operationHash(index: number): number {
  return mix(Math.imul(index + 1, 0x9e3779b9) ^ 0x7f4a7c15);
}

/** Everything a search works with besides its position (depth, state, set hash, entry). */
interface SearchTables {
  readonly list: EntryList;
  readonly memo: MemoTable;
  /** The linearized set as a bitset. */
  readonly linearized: Uint32Array;
  readonly hashes: Int32Array;
  readonly stackOperations: Int32Array;
  /** The state before each operation on the stack. */
  readonly stackStates: Int32Array;
  readonly earlierTwin: Int32Array;
  /** 1 where the model says the operation overwrites the state. */
  readonly overwrites: Uint8Array;
  readonly frontier: FrontierRecorder;
}

function prepareSearch(input: KeySearchInput, maxMemoBytes: number): SearchTables {
  const count = input.callOrders.length;
  const list = new EntryList(input.callOrders, input.returnOrders);
  const hashes = new Int32Array(count);
  const overwrites = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    hashes[index] = operationHash(index);
    overwrites[index] = input.machine.overwrites(index) ? 1 : 0;
  }
  return {
    list,
    memo: new MemoTable(Math.ceil(count / 32), maxMemoBytes),
    linearized: new Uint32Array(Math.ceil(count / 32)),
    hashes,
    stackOperations: new Int32Array(count),
    stackStates: new Int32Array(count),
    earlierTwin: earlierTwins(list, input.machine),
    overwrites,
    frontier: new FrontierRecorder(count, list.rank),
  };
}

export function searchKey(input: KeySearchInput, budget: KeySearchBudget): KeySearchOutcome {
  const definiteCount = input.returnOrders.filter((order) => order !== Infinity).length;
  if (definiteCount === 0) return { verdict: 'linearizable', steps: 0, linearization: [] };
  const { list, memo, linearized, hashes, stackOperations, stackStates, earlierTwin, overwrites, frontier } = prepareSearch(input, budget.maxMemoBytes);
  const { definite, next } = list;
  const machine = input.machine;
  const { maxSteps, isPastDeadline, deadlineCheckInterval } = budget;
  let definiteLeft = definiteCount;
  let depth = 0;
  let state = machine.initialState;
  /**
   * Moves that some other move dominates, and so need no search of their own: an
   * indeterminate operation that would leave the state as it is (leaving it open keeps
   * every option), one whose earlier twin is still open (taking the twin is the same
   * move), and an overwrite right after an indeterminate operation (which it would erase:
   * leaving that one open instead keeps every option).
   */
  const isWorthTrying = (operation: number, nextState: number): boolean => {
    if (depth > 0 && overwrites[operation] === 1 && definite[stackOperations[depth - 1] as number] === 0) return false;
    if (definite[operation] === 1) return true;
    const twin = earlierTwin[operation] as number;
    return nextState !== state && (twin < 0 || ((linearized[twin >> 5] as number) & (1 << (twin & 31))) !== 0);
  };
  let setHash = 0;
  let steps = 0;
  let entry = next[list.head] as number;
  for (;;) {
    if (++steps > maxSteps) return { verdict: 'unknown', steps: steps - 1, reason: 'step-limit' };
    if (isPastDeadline !== undefined && steps % deadlineCheckInterval === 0 && isPastDeadline()) return { verdict: 'unknown', steps, reason: 'deadline' };
    if (entry >= 0 && (entry & 1) === 0) {
      // A call: try to linearize its operation here.
      const operation = entry >> 1;
      const nextState = machine.step(state, operation);
      if (nextState !== NOT_POSSIBLE && isWorthTrying(operation, nextState)) {
        const word = operation >> 5;
        const bit = 1 << (operation & 31);
        linearized[word] = (linearized[word] as number) | bit;
        const added = memo.add(linearized, setHash ^ (hashes[operation] as number), nextState);
        if (added === ADDED) {
          stackOperations[depth] = operation;
          stackStates[depth] = state;
          depth++;
          state = nextState;
          setHash ^= hashes[operation] as number;
          list.lift(operation);
          definiteLeft -= definite[operation] as number;
          if (definiteLeft === 0) return { verdict: 'linearizable', steps, linearization: Array.from(stackOperations.subarray(0, depth)) };
          entry = next[list.head] as number;
          continue;
        }
        linearized[word] = (linearized[word] as number) & ~bit;
        if (added === TABLE_FULL) return { verdict: 'unknown', steps, reason: 'memory-limit' };
      }
      entry = next[entry] as number;
      continue;
    }
    // A return not yet linearized (or, defensively, the end of the list): back up one step.
    frontier.reached(entry, stackOperations, depth, state);
    if (depth === 0) return { verdict: 'not-linearizable', steps, frontier: frontier.result(list) };
    depth--;
    frontier.popped(depth);
    const operation = stackOperations[depth] as number;
    state = stackStates[depth] as number;
    linearized[operation >> 5] = (linearized[operation >> 5] as number) & ~(1 << (operation & 31));
    setHash ^= hashes[operation] as number;
    list.unlift(operation);
    definiteLeft += definite[operation] as number;
    entry = next[operation << 1] as number;
  }
}

/**
 * For each indeterminate operation, the indeterminate operation with the same effect
 * invoked last before it (-1 if none, and for definite operations). Twins are then
 * linearized in invocation order: when one is, every earlier twin already is.
 */
function earlierTwins(list: EntryList, machine: StateMachine): Int32Array {
  const count = list.definite.length;
  const twins = new Int32Array(count).fill(-1);
  const lastByEffect = new Map<number, number>();
  const byCall = Array.from({ length: count }, (_, index) => index).sort((left, right) => (list.rank[left << 1] as number) - (list.rank[right << 1] as number));
  for (const operation of byCall) {
    if (list.definite[operation] === 1) continue;
    const effect = machine.effectOf(operation);
    twins[operation] = lastByEffect.get(effect) ?? -1;
    lastByEffect.set(effect, operation);
  }
  return twins;
}

/**
 * The calls and returns in real-time order as a doubly linked list over entry numbers:
 * entry 2i is operation i's call, 2i+1 its return (absent for indeterminate operations),
 * and `head` a sentinel before the first. Lifting an operation unlinks both its entries;
 * unlifting relinks them, in the reverse order (the search backtracks last in, first out).
 */
class EntryList {
  readonly next: Int32Array;
  readonly previous: Int32Array;
  readonly head: number;
  /** Each entry's position in real-time order (head excluded). */
  readonly rank: Int32Array;
  /** 1 for a definite operation (it has a return entry), 0 for an indeterminate one. */
  readonly definite: Uint8Array;

  constructor(callOrders: readonly number[], returnOrders: readonly number[]) {
    const count = callOrders.length;
    this.head = 2 * count;
    this.next = new Int32Array(2 * count + 1).fill(-1);
    this.previous = new Int32Array(2 * count + 1).fill(-1);
    this.rank = new Int32Array(2 * count).fill(-1);
    this.definite = new Uint8Array(count);
    const entries: number[] = [];
    const orders = new Float64Array(2 * count);
    for (let index = 0; index < count; index++) {
      entries.push(2 * index);
      orders[2 * index] = callOrders[index] as number;
      const returnOrder = returnOrders[index] as number;
      if (returnOrder !== Infinity) {
        this.definite[index] = 1;
        entries.push(2 * index + 1);
        orders[2 * index + 1] = returnOrder;
      }
    }
    // Ties cannot mix calls and returns (calls have even orders, returns odd); between
    // entries of one kind the lower entry number goes first.
    entries.sort((left, right) => (orders[left] as number) - (orders[right] as number) || left - right);
    let previous = this.head;
    entries.forEach((entry, position) => {
      this.rank[entry] = position;
      this.next[previous] = entry;
      this.previous[entry] = previous;
      previous = entry;
    });
  }

  lift(operation: number): void {
    this.unlink(operation << 1);
    if (this.definite[operation] === 1) this.unlink((operation << 1) | 1);
  }

  unlift(operation: number): void {
    if (this.definite[operation] === 1) this.relink((operation << 1) | 1);
    this.relink(operation << 1);
  }

  private unlink(entry: number): void {
    const before = this.previous[entry] as number;
    const after = this.next[entry] as number;
    this.next[before] = after;
    if (after >= 0) this.previous[after] = before;
  }

  private relink(entry: number): void {
    const before = this.previous[entry] as number;
    const after = this.next[entry] as number;
    this.next[before] = entry;
    if (after >= 0) this.previous[after] = entry;
  }
}

/**
 * Remembers the furthest return the search reached, with the shortest prefix linearized
 * when it stood there.
 * Copying the whole stack at each new record would cost O(n) each time; it copies only
 * the part above the lowest depth the stack has been at since the last record, which
 * below that depth is unchanged, so the work stays proportional to the steps taken.
 */
class FrontierRecorder {
  private bestRank = -1;
  private bestEntry = -1;
  private readonly bestPrefix: Int32Array;
  private bestDepth = 0;
  private bestState = 0;
  private lowestDepthSinceRecord = 0;

  constructor(
    count: number,
    private readonly rank: Int32Array,
  ) {
    this.bestPrefix = new Int32Array(count);
  }

  reached(entry: number, stack: Int32Array, depth: number, state: number): void {
    const rank = entry < 0 ? this.rank.length : (this.rank[entry] as number);
    // Further is better; at the same return, a shorter prefix (fewer operations that
    // merely overlap the blocked one) explains more plainly.
    if (rank < this.bestRank || (rank === this.bestRank && depth >= this.bestDepth)) return;
    this.bestRank = rank;
    this.bestEntry = entry;
    this.bestPrefix.set(stack.subarray(this.lowestDepthSinceRecord, depth), this.lowestDepthSinceRecord);
    this.bestDepth = depth;
    this.bestState = state;
    this.lowestDepthSinceRecord = depth;
  }

  popped(depth: number): void {
    if (depth < this.lowestDepthSinceRecord) this.lowestDepthSinceRecord = depth;
  }

  result(list: EntryList): SearchFrontier {
    const prefix = Array.from(this.bestPrefix.subarray(0, this.bestDepth));
    const inPrefix = new Set(prefix);
    const pending: number[] = [];
    const blocked = this.bestEntry >> 1;
    for (let operation = 0; operation < list.definite.length; operation++) {
      if (!inPrefix.has(operation) && (list.rank[operation << 1] as number) < this.bestRank) pending.push(operation);
    }
    // The blocked operation first, then the others in call order.
    pending.sort((left, right) => (left === blocked ? -1 : right === blocked ? 1 : (list.rank[left << 1] as number) - (list.rank[right << 1] as number)));
    return { prefix, state: this.bestState, blocked, pending };
  }
}
