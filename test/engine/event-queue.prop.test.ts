// The event queue against the simplest queue that could be right: a list kept sorted by
// (time, sequence number). Random interleavings of pushes, pops (with and without an
// `until` bound) and peeks, with many equal times, times far in the future (up to 2^53),
// bursts that make the queue grow, and times beyond 32 bits, must pop exactly the same
// events in exactly the same order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, NOTHING_DUE } from '../../src/engine/event-queue.ts';
import { Simulation } from '../../src/engine/simulation.ts';

interface ReferenceEvent {
  readonly time: number;
  readonly sequence: number;
  readonly label: number;
}

/** The reference: a list sorted by (time, sequence); pops take the front. */
class SortedListQueue {
  private readonly events: ReferenceEvent[] = [];
  private nextSequence = 0;

  get size(): number {
    return this.events.length;
  }

  push(time: number, label: number): void {
    const event = { time, sequence: this.nextSequence++, label };
    let index = this.events.length;
    while (index > 0 && (this.events[index - 1] as ReferenceEvent).time > time) index--;
    this.events.splice(index, 0, event);
  }

  peekTime(): number {
    return this.events.length === 0 ? Infinity : (this.events[0] as ReferenceEvent).time;
  }

  pop(until: number): ReferenceEvent | undefined {
    if (this.events.length === 0 || (this.events[0] as ReferenceEvent).time > until) return undefined;
    return this.events.shift();
  }
}

/** How far after the last popped time a pushed event lands. */
type Offset =
  | { readonly kind: 'same' } // exactly the last popped time
  | { readonly kind: 'near'; readonly us: number } // 0 to 15: level 0, many ties
  | { readonly kind: 'mid'; readonly us: number } // up to a few thousand
  | { readonly kind: 'far'; readonly us: number } // up to 2^40
  | { readonly kind: 'edge' }; // the largest safe integer

type Operation =
  | { readonly kind: 'push'; readonly offset: Offset }
  | { readonly kind: 'burst'; readonly count: number; readonly spreadUs: number; readonly seed: number }
  | { readonly kind: 'pop'; readonly untilOffsetUs: number | undefined }
  | { readonly kind: 'peek' };

const offsetArbitrary: fc.Arbitrary<Offset> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'same' } as const) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 15 }).map((us) => ({ kind: 'near', us }) as const) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 5_000 }).map((us) => ({ kind: 'mid', us }) as const) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map((us) => ({ kind: 'far', us }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'edge' } as const) },
);

const operationArbitrary: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 6, arbitrary: offsetArbitrary.map((offset) => ({ kind: 'push', offset }) as const) },
  {
    weight: 1,
    arbitrary: fc
      .record({ count: fc.integer({ min: 1, max: 600 }), spreadUs: fc.constantFrom(1, 16, 300, 70_000, 2 ** 33), seed: fc.nat() })
      .map((burst) => ({ kind: 'burst', ...burst }) as const),
  },
  {
    weight: 5,
    arbitrary: fc
      .option(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 100_000 })), { nil: undefined })
      .map((untilOffsetUs) => ({ kind: 'pop', untilOffsetUs }) as const),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'peek' } as const) },
);

function timeAfter(last: number, offset: Offset): number {
  switch (offset.kind) {
    case 'same':
      return last;
    case 'near':
    case 'mid':
    case 'far':
      return Math.min(Number.MAX_SAFE_INTEGER, last + offset.us);
    case 'edge':
      return Number.MAX_SAFE_INTEGER;
  }
}

/** Runs the operations on both queues and returns the labels popped by each, in order. */
function runBoth(operations: readonly Operation[], startUs: number): { queue: number[]; reference: number[] } {
  const queue = new EventQueue();
  const reference = new SortedListQueue();
  const fromQueue: number[] = [];
  const fromReference: number[] = [];
  let last = startUs;
  let label = 0;
  let handledLabel = -1;
  const push = (time: number): void => {
    const pushedLabel = label;
    queue.push(time, () => (handledLabel = pushedLabel), label);
    reference.push(time, label);
    label++;
  };
  const pop = (until: number): void => {
    const expected = reference.pop(until);
    const got = queue.popDue(until);
    expect(got === NOTHING_DUE).toBe(expected === undefined);
    if (expected === undefined) return;
    expect(queue.lastPoppedTime).toBe(expected.time);
    queue.poppedHandler(got);
    expect(handledLabel).toBe(got);
    fromQueue.push(got as number);
    fromReference.push(expected.label);
    last = expected.time;
  };
  push(startUs);
  for (const operation of operations) {
    switch (operation.kind) {
      case 'push':
        push(timeAfter(last, operation.offset));
        break;
      case 'burst': {
        let state = operation.seed | 0;
        for (let index = 0; index < operation.count; index++) {
          state = (Math.imul(state, 1103515245) + 12345) | 0;
          push(Math.min(Number.MAX_SAFE_INTEGER, last + ((state >>> 1) % operation.spreadUs)));
        }
        break;
      }
      case 'pop':
        pop(operation.untilOffsetUs === undefined ? Infinity : last + operation.untilOffsetUs);
        break;
      case 'peek':
        expect(queue.peekTime()).toBe(reference.peekTime());
        break;
    }
    expect(queue.size).toBe(reference.size);
  }
  while (reference.size > 0) pop(Infinity);
  expect(queue.popDue(Infinity)).toBe(NOTHING_DUE);
  expect(queue.peekTime()).toBe(Infinity);
  return { queue: fromQueue, reference: fromReference };
}

describe('EventQueue', () => {
  it('pops exactly what a sorted list pops, in (time, scheduling order) order', () => {
    fc.assert(
      fc.property(
        fc.array(operationArbitrary, { maxLength: 200 }),
        fc.constantFrom(0, 1_000, 2 ** 31 - 3, 2 ** 32 - 5, 2 ** 45 + 7),
        (operations, startUs) => {
          const { queue, reference } = runBoth(operations, startUs);
          expect(queue).toEqual(reference);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps scheduling order among thousands of events at one time, pushed between pops', () => {
    const operations: Operation[] = [];
    for (let round = 0; round < 3_000; round++) {
      operations.push({ kind: 'push', offset: { kind: 'near', us: round % 7 === 0 ? 1 : 0 } });
      operations.push({ kind: 'push', offset: { kind: 'mid', us: (round * 37) % 4_096 } });
      if (round % 3 === 0) operations.push({ kind: 'pop', untilOffsetUs: undefined });
    }
    const { queue, reference } = runBoth(operations, 0);
    expect(queue).toHaveLength(6_001);
    expect(queue).toEqual(reference);
  });

  it('grows past its first slots and buckets without losing order', () => {
    const operations: Operation[] = [
      { kind: 'burst', count: 5_000, spreadUs: 300, seed: 1 },
      { kind: 'burst', count: 3_000, spreadUs: 2 ** 33, seed: 2 },
      ...Array.from({ length: 4_000 }, (): Operation => ({ kind: 'pop', untilOffsetUs: undefined })),
      { kind: 'burst', count: 3_000, spreadUs: 16, seed: 3 },
    ];
    const { queue, reference } = runBoth(operations, 5);
    expect(queue).toHaveLength(11_001);
    expect(queue).toEqual(reference);
  });

  it('refuses an event earlier than the last popped time', () => {
    const queue = new EventQueue();
    queue.push(10, () => {}, 'at 10');
    expect(queue.popDue(9)).toBe(NOTHING_DUE);
    queue.push(9, () => {}, 'at 9');
    expect(queue.popDue(Infinity)).toBe('at 9');
    expect(queue.lastPoppedTime).toBe(9);
    expect(queue.popDue(Infinity)).toBe('at 10');
    expect(() => queue.push(9, () => {}, undefined)).toThrow(RangeError);
  });

  it('leaves times before the next event open after a run stops short of it', () => {
    const simulation = new Simulation(1);
    const fired: string[] = [];
    simulation.scheduleAt(1_000, (label: string) => fired.push(label), 'late');
    expect(simulation.runUntil(500).reason).toBe('time-limit');
    expect(simulation.nextEventTime()).toBe(1_000);
    simulation.scheduleAt(600, (label: string) => fired.push(label), 'early');
    simulation.scheduleAt(1_000, (label: string) => fired.push(label), 'late-second');
    simulation.runUntil(Infinity);
    expect(fired).toEqual(['early', 'late', 'late-second']);
  });
});
