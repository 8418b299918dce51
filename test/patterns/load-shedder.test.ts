// The load shedder: critical calls first and never shed for waiting; normal calls shed
// early once the queue's wait passes its target; under sustained overload the critical
// class keeps a short latency while a plain queue makes everyone wait.
import { describe, expect, it } from 'vitest';
import { ok, type CallResult } from '../../src/node/call-result.ts';
import { call, sleep, type Process } from '../../src/node/process.ts';
import { bulkhead } from '../../src/patterns/bulkhead.ts';
import { loadShedder, type LoadShedder, type ShedTicket } from '../../src/patterns/load-shedder.ts';
import type { GenericPolicy, Priority } from '../../src/patterns/policy.ts';
import { PatternWorld } from './pattern-world.ts';

function ticketOf(shedder: LoadShedder, priority: Priority, nowUs: number): ShedTicket {
  const entry = shedder.arrive(priority, nowUs);
  if (entry.kind === 'shed') throw new Error(`expected a place, got shed (${entry.reason})`);
  return entry.ticket;
}

describe('load shedder', () => {
  it('serves a queued critical call before normal calls that came earlier', () => {
    const shedder = loadShedder({ maxConcurrent: 1, maxQueued: 5, targetWaitUs: 1_000 });
    const running = ticketOf(shedder, 'normal', 0);
    const normal = ticketOf(shedder, 'normal', 10);
    const critical = ticketOf(shedder, 'critical', 20);
    shedder.leave(running, 100);
    expect([critical.state, normal.state]).toEqual(['running', 'queued']);
  });

  it('sheds new normal calls once the queue has waited past the target, and still queues critical ones', () => {
    const shedder = loadShedder({ maxConcurrent: 1, maxQueued: 5, targetWaitUs: 1_000 });
    ticketOf(shedder, 'normal', 0);
    ticketOf(shedder, 'normal', 0);
    expect(shedder.arrive('normal', 1_000).kind).toBe('queued');
    expect(shedder.arrive('normal', 1_001)).toEqual({ kind: 'shed', reason: 'wait-over-target' });
    expect(shedder.arrive('critical', 1_001).kind).toBe('queued');
    expect(shedder.snapshot(1_001)).toMatchObject({ queuedCritical: 1, queuedNormal: 2, queueWaitUs: 1_001, shed: { critical: 0, normal: 1 } });
  });

  it('drops a queued normal call that waited past the target when its turn comes', () => {
    const shedder = loadShedder({ maxConcurrent: 1, maxQueued: 5, targetWaitUs: 1_000 });
    const running = ticketOf(shedder, 'normal', 0);
    const stale = ticketOf(shedder, 'normal', 0);
    const fresh = ticketOf(shedder, 'normal', 900);
    shedder.leave(running, 1_500);
    expect([stale.state, stale.shedReason, stale.waitedUs]).toEqual(['shed', 'wait-over-target', 1_500]);
    expect(fresh.state).toBe('running');
  });

  it('lets a critical call take the place of the newest normal call in a full queue', () => {
    const shedder = loadShedder({ maxConcurrent: 1, maxQueued: 2, targetWaitUs: 1_000_000 });
    ticketOf(shedder, 'normal', 0);
    const older = ticketOf(shedder, 'normal', 1);
    const newer = ticketOf(shedder, 'normal', 2);
    ticketOf(shedder, 'critical', 3);
    expect([older.state, newer.state, newer.shedReason]).toEqual(['queued', 'shed', 'evicted']);
    ticketOf(shedder, 'critical', 4);
    expect(older.state).toBe('shed');
    expect(shedder.arrive('critical', 5)).toEqual({ kind: 'shed', reason: 'queue-full' });
    expect(shedder.arrive('normal', 5)).toEqual({ kind: 'shed', reason: 'queue-full' });
  });

  it('keeps the critical class fast under overload, where a plain queue makes everyone wait', () => {
    const run = (admission: GenericPolicy): { criticalWorstUs: number; criticalFailed: number; normalShed: number } => {
      const world = new PatternWorld();
      // Capacity: 2 calls at once, 1 ms each (2000 a second); offered: one call every 250 us (4000 a second).
      const server = world.addNode<{ readonly priority: Priority }, string>(function* (request): Process<CallResult<string>> {
        return yield* admission.execute(
          function* () {
            yield* sleep(1_000);
            return ok('done');
          },
          { attempt: 1, priority: request.priority },
        );
      });
      const client = world.addNode();
      world.start();
      const stats = { criticalWorstUs: 0, criticalFailed: 0, normalShed: 0 };
      for (let index = 0; index < 200; index++) {
        const priority: Priority = index % 4 === 0 ? 'critical' : 'normal';
        world.spawnAt(index * 250, client, (): Process<void> =>
          (function* () {
            const startUs = world.now;
            const result = yield* call<string>(server, { priority }, { timeoutUs: 1_000_000 });
            if (priority === 'critical') {
              stats.criticalWorstUs = Math.max(stats.criticalWorstUs, world.now - startUs);
              if (result.kind !== 'ok') stats.criticalFailed++;
            } else if (result.kind === 'error' && result.reason === 'shed') stats.normalShed++;
          })(),
        );
      }
      world.runUntil(1_000_000);
      return stats;
    };
    const shed = run(loadShedder({ maxConcurrent: 2, maxQueued: 100, targetWaitUs: 2_000 }));
    const queued = run(bulkhead({ maxConcurrent: 2, maxQueued: 100 }));
    expect(shed.criticalFailed).toBe(0);
    expect(shed.normalShed).toBeGreaterThan(50);
    // Round trip 200 us + work 1 ms + at most one call's wait for a slot ahead of it.
    expect(shed.criticalWorstUs).toBeLessThanOrEqual(2_200);
    expect(queued.criticalFailed).toBe(0);
    expect(queued.criticalWorstUs).toBeGreaterThan(20_000);
  });
});
