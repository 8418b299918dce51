// Paces a session against the wall clock and publishes snapshots for the views: each
// frame advances the simulation by (wall time since the last frame) x speed, or at
// maximum speed for most of a frame, then takes one snapshot. Rule: at most one
// snapshot per frame (about 30 a second), and the clock and timer are injected, so
// tests drive frames by hand and nothing here depends on real time but the pacing.
import type { HostClock, FrameScheduler } from './host-timing.ts';
import { endSession, type SessionEnd } from './session-end.ts';
import { takeSnapshot, type RunState, type SessionSnapshot } from './session-snapshot.ts';
import { DEFAULT_SPEED, fasterThan, formatSpeed, slowerThan, virtualSpan, type Speed } from './speed.ts';
import type { InjectOutcome, ManualFault, TuiSession } from './tui-session.ts';

/** Time between frames: at most about 30 snapshots (and renders) a second. */
export const FRAME_PERIOD_MS = 33;
/** At maximum speed, the least wall time the simulation gets between two snapshots. */
export const MAX_SPEED_SLICE_MS = 30;
/**
 * At maximum speed, the most of the wall time that snapshots and rendering may take
 * (half the 20% the TUI may cost, leaving room for the garbage collection they cause):
 * each slice of simulation lasts at least (1 - share) / share times what the last
 * snapshot, render and trip through the event loop took, so a costly render lowers
 * the frame rate instead of slowing the simulation.
 */
export const MAX_RENDER_SHARE = 0.1;
/** While running, check previews and figures are refreshed at most this often (they may scan every node). */
export const PREVIEW_PERIOD_MS = 250;
/** However costly the render, a frame comes at least this often, so keys stay responsive. */
export const MAX_SPEED_SLICE_CAP_MS = 500;
/** After a stall (a slow render, a suspended terminal), catch up at most this much wall time. */
export const MAX_CATCH_UP_MS = 100;

export type StartMode = 'running' | 'paused';

export interface DriverOptions {
  readonly clock: HostClock;
  readonly scheduler: FrameScheduler;
  readonly speed?: Speed;
  readonly start?: StartMode;
}

export class SessionDriver {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private mode: StartMode;
  private currentSpeed: Speed;
  private focus = 0;
  private lastFrameMs: number;
  /** When the last slice of simulation ended (undefined when the last frame did not simulate). */
  private lastSliceEndMs: number | undefined;
  private lastPreviewMs = Number.NEGATIVE_INFINITY;
  private cancelFrame: (() => void) | undefined;
  private isStopped = true;
  private isDirty = false;
  private ended: SessionEnd | undefined;

  constructor(
    readonly session: TuiSession,
    private readonly options: DriverOptions,
  ) {
    this.mode = options.start ?? 'running';
    this.currentSpeed = options.speed ?? DEFAULT_SPEED;
    this.lastFrameMs = options.clock.nowMs();
    this.snapshot = this.take();
  }

  /** For useSyncExternalStore. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  get runState(): RunState {
    return this.session.isFinished ? 'finished' : this.mode === 'running' ? 'running' : 'paused';
  }

  get speed(): Speed {
    return this.currentSpeed;
  }

  /** Starts the frame loop. */
  start(): void {
    if (!this.isStopped || this.ended !== undefined) return;
    this.isStopped = false;
    this.lastFrameMs = this.options.clock.nowMs();
    this.scheduleFrame(0);
  }

  /** Stops the frame loop (the session stays as it is). */
  stop(): void {
    this.isStopped = true;
    this.cancelFrame?.();
    this.cancelFrame = undefined;
  }

  /** One frame: advance, then publish a snapshot if anything changed. Public for tests and measurements. */
  frame(): void {
    this.cancelFrame?.(); // when called by hand, the scheduled frame is replaced by this one
    this.cancelFrame = undefined;
    const clock = this.options.clock;
    const startedMs = clock.nowMs();
    const elapsedMs = Math.min(MAX_CATCH_UP_MS, Math.max(0, startedMs - this.lastFrameMs));
    this.lastFrameMs = startedMs;
    if (this.runState === 'running') {
      const speed = this.currentSpeed;
      const deadlineMs = startedMs + (speed === 'max' ? this.maxSpeedSliceMs(startedMs) : FRAME_PERIOD_MS);
      const target = speed === 'max' ? this.session.untilUs : this.session.timeUs + virtualSpan(elapsedMs, speed);
      this.session.advanceTo(target, () => clock.nowMs() >= deadlineMs);
      this.lastSliceEndMs = clock.nowMs();
      this.isDirty = true;
    } else {
      this.lastSliceEndMs = undefined;
    }
    if (this.isDirty) this.publish();
    if (!this.isStopped) {
      const busy = this.runState === 'running' && this.currentSpeed === 'max';
      this.scheduleFrame(busy ? 0 : Math.max(0, FRAME_PERIOD_MS - (clock.nowMs() - startedMs)));
    }
  }

  /** The slice that keeps the time outside the simulation (snapshot, render, event loop) under MAX_RENDER_SHARE. */
  private maxSpeedSliceMs(startedMs: number): number {
    if (this.lastSliceEndMs === undefined) return MAX_SPEED_SLICE_MS;
    const outsideMs = startedMs - this.lastSliceEndMs;
    const sliceMs = (outsideMs * (1 - MAX_RENDER_SHARE)) / MAX_RENDER_SHARE;
    return Math.min(MAX_SPEED_SLICE_CAP_MS, Math.max(MAX_SPEED_SLICE_MS, sliceMs));
  }

  togglePause(): string {
    if (this.session.isFinished) return 'the run is over: q quits and prints the replay command';
    this.mode = this.mode === 'running' ? 'paused' : 'running';
    this.lastFrameMs = this.options.clock.nowMs();
    this.touch();
    return this.mode === 'running' ? 'running' : 'paused';
  }

  /** Pauses (stepping is done paused) and runs one engine event. */
  stepEvent(): string {
    this.mode = 'paused';
    const stepped = this.session.stepEvent();
    this.touch();
    return stepped ? 'stepped one event' : 'the run is over';
  }

  stepToDelivery(): string {
    this.mode = 'paused';
    const outcome = this.session.stepToDelivery();
    this.touch();
    switch (outcome) {
      case 'delivered':
        return 'stepped to the next delivery';
      case 'finished':
        return 'the run ended before another delivery';
      case 'gave-up':
        return 'no delivery in a million events: stopped looking';
    }
  }

  faster(): string {
    this.currentSpeed = fasterThan(this.currentSpeed);
    this.touch();
    return `speed ${formatSpeed(this.currentSpeed)}`;
  }

  slower(): string {
    this.currentSpeed = slowerThan(this.currentSpeed);
    this.touch();
    return `speed ${formatSpeed(this.currentSpeed)}`;
  }

  inject(fault: ManualFault): InjectOutcome {
    const outcome = this.session.inject(fault);
    this.touch();
    return outcome;
  }

  /** The node whose neighbourhood and detail snapshots show. */
  focusNode(node: number): void {
    if (node === this.focus) return;
    this.focus = node;
    this.touch();
  }

  /** Stops the loop, settles the session and says how to replay it. Idempotent. */
  quit(): SessionEnd {
    this.stop();
    this.ended ??= endSession(this.session);
    this.publish();
    return this.ended;
  }

  private touch(): void {
    this.isDirty = true;
  }

  private take(previous?: SessionSnapshot): SessionSnapshot {
    const nowMs = this.options.clock.nowMs();
    const refreshPreviews = this.runState !== 'running' || nowMs - this.lastPreviewMs >= PREVIEW_PERIOD_MS;
    if (refreshPreviews) this.lastPreviewMs = nowMs;
    return takeSnapshot(this.session, { runState: this.runState, speed: this.currentSpeed, focusNode: this.focus, previous, refreshPreviews });
  }

  private publish(): void {
    this.isDirty = false;
    this.snapshot = this.take(this.snapshot);
    for (const listener of this.listeners) listener();
  }

  private scheduleFrame(delayMs: number): void {
    this.cancelFrame = this.options.scheduler.schedule(() => this.frame(), delayMs);
  }
}
