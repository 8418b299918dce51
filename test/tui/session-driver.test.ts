// Pacing: each frame advances the simulation by wall time x speed (or for a slice at
// maximum speed), publishes one snapshot, and schedules the next frame; commands act at
// once and show at the next frame. Driven by a manual clock and frame scheduler.
import { describe, expect, it } from 'vitest';
import { ms } from '../../src/engine/time.ts';
import type { Scenario } from '../../src/scenario/define-scenario.ts';
import { FRAME_PERIOD_MS, MAX_CATCH_UP_MS, MAX_RENDER_SHARE, MAX_SPEED_SLICE_MS, SessionDriver, type DriverOptions } from '../../src/tui/session-driver.ts';
import type { Speed } from '../../src/tui/speed.ts';
import { TuiSession } from '../../src/tui/tui-session.ts';
import { findScenario } from '../../scenarios/index.ts';
import { ManualClock, ManualScheduler } from './manual-timing.ts';

const broadcast = findScenario('broadcast') as Scenario;

function setUp(speed: Speed, start: DriverOptions['start'] = 'running', params: Record<string, string> = {}) {
  const clock = new ManualClock();
  const scheduler = new ManualScheduler(clock);
  const session = new TuiSession({ scenario: broadcast, seed: 5, params });
  const driver = new SessionDriver(session, { clock, scheduler, speed, start });
  let published = 0;
  driver.subscribe(() => published++);
  driver.start();
  return { clock, scheduler, session, driver, published: () => published };
}

describe('pacing', () => {
  it('advances virtual time by wall time x speed, one frame every 33ms', () => {
    const { scheduler, session } = setUp(1);
    scheduler.runDue();
    expect(session.timeUs).toBe(0);
    expect(scheduler.advance(FRAME_PERIOD_MS)).toBe(1);
    expect(session.timeUs).toBe(ms(FRAME_PERIOD_MS));
    scheduler.advance(FRAME_PERIOD_MS);
    expect(session.timeUs).toBe(ms(2 * FRAME_PERIOD_MS));
  });

  it('runs a tenth as fast at x0.1', () => {
    const { scheduler, session } = setUp(0.1);
    scheduler.runDue();
    scheduler.advance(FRAME_PERIOD_MS);
    expect(session.timeUs).toBe(ms(FRAME_PERIOD_MS) / 10);
  });

  it('catches up at most 100ms of wall time after a stall', () => {
    const { scheduler, session } = setUp(1);
    scheduler.runDue();
    scheduler.advance(5_000);
    expect(session.timeUs).toBe(ms(MAX_CATCH_UP_MS));
  });

  it('publishes one snapshot per frame, and none while paused with nothing to show', () => {
    const { scheduler, published, driver } = setUp(1);
    scheduler.runDue();
    scheduler.advance(FRAME_PERIOD_MS);
    expect(published()).toBe(2);
    driver.togglePause();
    scheduler.advance(FRAME_PERIOD_MS);
    expect(published()).toBe(3); // the pause itself
    scheduler.advance(FRAME_PERIOD_MS);
    scheduler.advance(FRAME_PERIOD_MS);
    expect(published()).toBe(3);
    expect(driver.getSnapshot().runState).toBe('paused');
  });

  it('does not advance while paused; a step runs one event and shows at the next frame', () => {
    const { scheduler, session, driver } = setUp(1, 'paused');
    scheduler.advance(FRAME_PERIOD_MS);
    expect(session.timeUs).toBe(0);
    const before = session.simulation.eventsProcessed;
    expect(driver.stepEvent()).toBe('stepped one event');
    expect(session.simulation.eventsProcessed).toBe(before + 1);
    expect(driver.getSnapshot().traceEvents).toBe(0);
    scheduler.advance(FRAME_PERIOD_MS);
    expect(driver.getSnapshot().traceEvents).toBe(session.simulation.trace.count);
  });

  it('changes speed through the settings', () => {
    const { driver } = setUp(1);
    expect(driver.faster()).toBe('speed x2');
    expect(driver.slower()).toBe('speed x1');
    expect(driver.slower()).toBe('speed x0.5');
  });
});

describe('maximum speed', () => {
  it('schedules the next frame at once while running, and every 33ms otherwise', () => {
    const { scheduler, driver } = setUp('max', 'paused');
    scheduler.runDue();
    expect(scheduler.runDue()).toBe(0); // paused: the next frame is 33ms away
    driver.togglePause();
    scheduler.advance(FRAME_PERIOD_MS);
    if (!driver.session.isFinished) expect(scheduler.runDue()).toBe(1);
  });

  it('simulates for one slice, then yields to draw', () => {
    const { clock, session, driver } = setUp('max', 'paused', { nodes: '30', values: '1000' });
    driver.togglePause();
    let yieldChecks = 0;
    const realAdvance = session.advanceTo.bind(session);
    session.advanceTo = (targetUs, shouldYield) =>
      realAdvance(targetUs, () => {
        yieldChecks++;
        clock.advance(1); // each look at the clock finds a millisecond gone
        return shouldYield?.() ?? false;
      });
    driver.frame();
    expect(session.isFinished).toBe(false);
    expect(yieldChecks).toBe(MAX_SPEED_SLICE_MS);
    expect(driver.getSnapshot().timeUs).toBe(session.timeUs);
  });

  it('lengthens the slice when drawing is costly, keeping drawing under its share of the time', () => {
    const { clock, session, driver } = setUp('max', 'paused');
    driver.togglePause();
    const deadlines: number[] = [];
    session.advanceTo = (_targetUs, shouldYield = () => false) => {
      const started = clock.nowMs();
      let elapsed = 0;
      while (!shouldYield()) {
        clock.advance(1);
        elapsed++;
      }
      deadlines.push(clock.nowMs() - started);
      return elapsed >= 0 ? 'yielded' : 'reached';
    };
    driver.frame(); // the first slice: nothing measured yet
    clock.advance(20); // drawing and the trip through the event loop took 20ms
    driver.frame();
    clock.advance(1);
    driver.frame();
    expect(deadlines).toEqual([MAX_SPEED_SLICE_MS, (20 * (1 - MAX_RENDER_SHARE)) / MAX_RENDER_SHARE, MAX_SPEED_SLICE_MS]);
  });
});

describe('quitting', () => {
  it('stops the frames and settles the session once, however often it is asked', () => {
    const { scheduler, driver } = setUp(1);
    scheduler.advance(FRAME_PERIOD_MS);
    const end = driver.quit();
    expect(driver.quit()).toBe(end);
    expect(scheduler.size).toBe(0);
    expect(end.reachedUs).toBe(ms(FRAME_PERIOD_MS));
    expect(end.replayMaxEvents).toBe(driver.session.simulation.eventsProcessed);
  });
});
