// A TUI session: advancing in slices, stepping, faults injected by hand at the first
// free microsecond, and ending where it stands so that the replay matches.
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../src/engine/time.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { endSession } from '../../src/tui/session-end.ts';
import { TuiSession, type SessionOptions } from '../../src/tui/tui-session.ts';
import { findScenario } from '../../scenarios/index.ts';
import { tickerScenario } from '../scenario/ticker-scenario.ts';

const broadcast = findScenario('broadcast') as Scenario;

/** The session's trace hash, and the hash of an ordinary run of the schedule it leaves, stopped where it stopped. */
function sessionAndReplayHashes(session: TuiSession): [string, string] {
  const end = endSession(session);
  const { params, untilUs } = session.options;
  const replay = runScenario(session.scenario, {
    seed: end.seed,
    ...(params === undefined ? {} : { params }),
    ...(untilUs === undefined ? {} : { untilUs }),
    ...(end.replayMaxEvents === undefined ? {} : { maxEvents: end.replayMaxEvents }),
    faults: end.schedule,
  });
  return [end.traceHash, replay.traceHash];
}

function broadcastSession(options: Partial<SessionOptions> = {}): TuiSession {
  return new TuiSession({ scenario: broadcast, seed: 3, ...options });
}

describe('advancing', () => {
  it('runs every event due by the target and moves the clock there', () => {
    const session = broadcastSession();
    expect(session.advanceTo(ms(1500))).toBe('reached');
    expect(session.timeUs).toBe(ms(1500));
    expect(session.simulation.nextEventTime()).toBeGreaterThan(ms(1500));
    expect(session.cluster.network.partitions.current).not.toBeNull(); // the scenario splits the cluster at 1s
  });

  it('stops early when told to yield, and carries on from there', () => {
    const session = broadcastSession();
    expect(session.advanceTo(seconds(5), () => true)).toBe('yielded');
    expect(session.timeUs).toBeLessThan(seconds(5));
    expect(session.advanceTo(seconds(5))).toBe('reached');
  });

  it('ends the run at its length, with the report of an ordinary run', () => {
    const session = broadcastSession();
    expect(session.advanceTo(seconds(60))).toBe('finished');
    expect(session.isFinished).toBe(true);
    expect(session.report()).toEqual(runScenario(broadcast, { seed: 3 }));
  });

  it('checks always properties after every event, stopping at the first broken one', () => {
    const session = new TuiSession({ scenario: tickerScenario, seed: 1, params: { limit: '3' } });
    expect(session.advanceTo(seconds(1))).toBe('finished');
    expect(session.violations()).toEqual([expect.objectContaining({ property: 'ticks stay below the limit', kind: 'always', timeUs: ms(300) })]);
  });

  it('ends at the event limit with the limit as a violation', () => {
    const session = broadcastSession({ maxEvents: 50 });
    expect(session.advanceTo(seconds(10))).toBe('finished');
    expect(session.violations()).toEqual([expect.objectContaining({ property: 'event-limit', kind: 'limit' })]);
  });
});

describe('stepping', () => {
  it('runs exactly one engine event at a time', () => {
    const session = broadcastSession();
    session.advanceTo(ms(200));
    const before = session.simulation.eventsProcessed;
    expect(session.stepEvent()).toBe(true);
    expect(session.simulation.eventsProcessed).toBe(before + 1);
  });

  it('steps to the next message delivery: the event that delivers is the last one run', () => {
    const session = broadcastSession();
    session.advanceTo(ms(200));
    const traced = session.simulation.trace.count;
    const processed = session.simulation.eventsProcessed;
    expect(session.stepToDelivery()).toBe('delivered');
    const newEvents = session.events.latest(session.simulation.trace.count - traced);
    expect(newEvents.filter((event) => event.kind === 'deliver')).toHaveLength(1);
    // Reached one engine event at a time: the one before the last delivered nothing.
    const replay = new TuiSession({ scenario: broadcast, seed: 3 });
    replay.advanceTo(ms(200));
    for (let step = processed; step < session.simulation.eventsProcessed - 1; step++) replay.stepEvent();
    expect(replay.events.latest(replay.simulation.trace.count - traced).some((event) => event.kind === 'deliver')).toBe(false);
  });

  it('says when the run ends before another delivery', () => {
    const session = broadcastSession();
    session.advanceTo(seconds(10));
    expect(session.stepToDelivery()).toBe('finished');
  });
});

describe('faults injected by hand', () => {
  it('applies a fault at the first microsecond after now with nothing queued, and records it', () => {
    const session = broadcastSession();
    session.advanceTo(ms(500));
    session.stepEvent(); // mid-way through an instant: the fault must wait for the instant to finish
    const outcome = session.inject({ kind: 'crash', node: 2 });
    expect(outcome).toEqual({ outcome: 'applied', event: { atUs: expect.any(Number), kind: 'crash', node: 2 } });
    const atUs = (outcome as { event: { atUs: number } }).event.atUs;
    expect(atUs).toBeGreaterThan(ms(500));
    expect(session.timeUs).toBe(atUs);
    expect(session.cluster.status(2)).toBe('crashed');
    expect(session.manualFaults).toEqual([{ atUs, kind: 'crash', node: 2 }]);
    expect(session.schedule).toEqual([...session.run.faults, { atUs, kind: 'crash', node: 2 }]);
  });

  it('refuses faults that would do nothing, saying why', () => {
    const session = broadcastSession({ params: { faults: 'none' } });
    session.advanceTo(ms(100));
    expect(session.inject({ kind: 'restart', node: 1 })).toEqual({ outcome: 'refused', reason: 'node 1 is not crashed' });
    expect(session.inject({ kind: 'heal' })).toEqual({ outcome: 'refused', reason: 'there is no partition to heal' });
    session.inject({ kind: 'crash', node: 1 });
    expect(session.inject({ kind: 'crash', node: 1 })).toEqual({ outcome: 'refused', reason: 'node 1 is already crashed' });
    expect(session.manualFaults).toHaveLength(1);
  });

  it('refuses a partition naming a node that does not exist', () => {
    const session = broadcastSession();
    const outcome = session.inject({ kind: 'partition', partition: { kind: 'isolate', node: 9 } });
    expect(outcome).toEqual({ outcome: 'refused', reason: expect.stringContaining('node 9 does not exist (nodes are 0..4)') });
  });

  it('refuses a fault that the event limit would never let run', () => {
    const session = broadcastSession({ maxEvents: 5 }); // the five nodes' starts use up the limit
    expect(session.inject({ kind: 'crash', node: 1 })).toEqual({ outcome: 'refused', reason: 'the run is at its event limit' });
    expect(session.manualFaults).toEqual([]);
  });

  it('refuses faults once the run is over', () => {
    const session = broadcastSession();
    session.advanceTo(seconds(10));
    expect(session.inject({ kind: 'heal' })).toEqual({ outcome: 'refused', reason: 'the run is over' });
  });
});

describe('ending a session', () => {
  it('replays a session quit half-way through an instant, event for event', () => {
    const session = broadcastSession();
    session.stepEvent(); // the first of five nodes starts at time 0
    expect(session.simulation.nextEventTime()).toBe(session.timeUs); // the others are due at this very microsecond
    const [sessionHash, replayHash] = sessionAndReplayHashes(session);
    expect(replayHash).toBe(sessionHash);
  });

  it('replays a session with its own run length, which shapes the scenario', () => {
    const session = broadcastSession({ untilUs: seconds(4), params: { faults: 'nemesis' } });
    session.advanceTo(ms(1700));
    session.inject({ kind: 'crash', node: 1 });
    session.advanceTo(ms(2100));
    const end = endSession(session);
    expect(end.runLengthUs).toBe(seconds(4));
    const [sessionHash, replayHash] = sessionAndReplayHashes(session);
    expect(replayHash).toBe(sessionHash);
  });

  it('replays to the same trace hash, faults injected by hand included', () => {
    const session = broadcastSession();
    session.advanceTo(ms(700));
    session.inject({ kind: 'crash', node: 4 });
    session.advanceTo(ms(1300));
    session.stepToDelivery();
    session.inject({ kind: 'partition', partition: { kind: 'split', groups: [[0], [1, 2, 3, 4]] } });
    session.inject({ kind: 'loss-burst', probability: 0.5, durationUs: seconds(1) });
    session.advanceTo(seconds(2));
    session.inject({ kind: 'restart', node: 4 });
    session.inject({ kind: 'heal' });
    session.advanceTo(ms(2600));
    session.stepEvent();
    const [sessionHash, replayHash] = sessionAndReplayHashes(session);
    expect(replayHash).toBe(sessionHash);
  });

  it('replays a session stopped by a broken always property', () => {
    const session = new TuiSession({ scenario: tickerScenario, seed: 1, params: { limit: '5' } });
    session.advanceTo(ms(150));
    session.inject({ kind: 'pause', node: 0, durationUs: ms(120) });
    session.advanceTo(seconds(1));
    expect(session.isFinished).toBe(true);
    const [sessionHash, replayHash] = sessionAndReplayHashes(session);
    expect(replayHash).toBe(sessionHash);
  });

  it('replays a session that ended at the event limit', () => {
    const session = broadcastSession({ maxEvents: 400 });
    session.advanceTo(ms(900));
    session.inject({ kind: 'crash', node: 0 });
    session.advanceTo(seconds(10));
    const [sessionHash, replayHash] = sessionAndReplayHashes(session);
    expect(replayHash).toBe(sessionHash);
  });

  it("hands back the run's report, the last events before each violation included, as run prints it", () => {
    const session = broadcastSession({ params: { retransmit: 'false' } });
    session.advanceTo(seconds(10));
    const end = endSession(session);
    expect(end.verdict).toBe('fail');
    expect(end.report).toEqual(runScenario(broadcast, { seed: 3, params: { retransmit: 'false' } }));
  });

  it('ends a session quit before anything ran after its first event', () => {
    const end = endSession(broadcastSession());
    expect(end).toMatchObject({ engineSteps: 1, replayMaxEvents: 1, verdict: 'unfinished' });
    expect(runScenario(broadcast, { seed: 3, maxEvents: 1 }).traceHash).toBe(end.traceHash);
  });

  it('needs no step limit to replay a session that ran to its end', () => {
    const session = broadcastSession();
    session.advanceTo(seconds(10));
    expect(endSession(session)).toMatchObject({ replayMaxEvents: undefined, verdict: 'pass', report: runScenario(broadcast, { seed: 3 }) });
  });
});
