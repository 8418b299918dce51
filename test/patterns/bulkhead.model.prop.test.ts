// Model-based test of the bulkhead's admission: random scripts of arrivals and of calls
// leaving (running or still queued), against a reference model of slots and a FIFO queue.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bulkhead, type BulkheadTicket } from '../../src/patterns/bulkhead.ts';

interface BulkheadModel {
  readonly maxConcurrent: number;
  readonly maxQueued: number;
  readonly running: number[];
  readonly queue: number[];
  readonly tickets: Map<number, BulkheadTicket>;
  nextId: number;
}

function expectAgreement(model: BulkheadModel, real: Bulkhead): void {
  expect(real.activeCount).toBe(model.running.length);
  expect(real.queuedCount).toBe(model.queue.length);
  expect(real.activeCount).toBeLessThanOrEqual(model.maxConcurrent);
  expect(real.queuedCount).toBeLessThanOrEqual(model.maxQueued);
  for (const id of model.running) expect(model.tickets.get(id)?.state).toBe('running');
  for (const id of model.queue) expect(model.tickets.get(id)?.state).toBe('queued');
}

class ArriveCommand implements fc.Command<BulkheadModel, Bulkhead> {
  check(): boolean {
    return true;
  }
  run(model: BulkheadModel, real: Bulkhead): void {
    const entry = real.enter();
    const id = model.nextId++;
    if (model.running.length < model.maxConcurrent) {
      expect(entry.kind).toBe('running');
      model.running.push(id);
    } else if (model.queue.length < model.maxQueued) {
      expect(entry.kind).toBe('queued');
      model.queue.push(id);
    } else {
      expect(entry.kind).toBe('rejected');
    }
    if (entry.kind !== 'rejected') model.tickets.set(id, entry.ticket);
    expectAgreement(model, real);
  }
  toString(): string {
    return 'arrive';
  }
}

/** The call at `pick` (modulo the count) among those running and queued leaves. */
class LeaveCommand implements fc.Command<BulkheadModel, Bulkhead> {
  constructor(readonly pick: number) {}
  check(model: Readonly<BulkheadModel>): boolean {
    return model.running.length + model.queue.length > 0;
  }
  run(model: BulkheadModel, real: Bulkhead): void {
    const everyone = [...model.running, ...model.queue];
    const id = everyone[this.pick % everyone.length] as number;
    const ticket = model.tickets.get(id) as BulkheadTicket;
    const granted = real.leave(ticket);
    expect(ticket.state).toBe('left');
    const queuedAt = model.queue.indexOf(id);
    if (queuedAt >= 0) {
      model.queue.splice(queuedAt, 1);
      expect(granted).toBeUndefined();
    } else {
      model.running.splice(model.running.indexOf(id), 1);
      const next = model.queue.shift();
      if (next === undefined) expect(granted).toBeUndefined();
      else {
        model.running.push(next);
        expect(granted).toBe(model.tickets.get(next));
      }
    }
    expectAgreement(model, real);
  }
  toString(): string {
    return `leave(#${this.pick})`;
  }
}

describe('bulkhead model', () => {
  it('admits, queues in arrival order and refuses exactly as the reference model does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 4 }),
        fc.commands([fc.constant(new ArriveCommand()), fc.nat(10).map((pick) => new LeaveCommand(pick))], { maxCommands: 80, size: 'medium' }),
        (maxConcurrent, maxQueued, commands) => {
          const setup = (): { model: BulkheadModel; real: Bulkhead } => ({
            model: { maxConcurrent, maxQueued, running: [], queue: [], tickets: new Map(), nextId: 0 },
            real: new Bulkhead({ maxConcurrent, maxQueued }),
          });
          fc.modelRun(setup, commands);
        },
      ),
      { numRuns: 150 },
    );
  });
});
