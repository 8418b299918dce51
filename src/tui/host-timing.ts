// The wall clock and the frame timer the TUI paces itself by, as injected interfaces:
// the real ones read performance.now and use setTimeout; tests pass manual ones and
// advance them by hand. Rule: only pacing reads these; nothing in a run depends on them.

export interface HostClock {
  /** Milliseconds from an arbitrary origin; never goes backwards. */
  nowMs(): number;
}

export interface FrameScheduler {
  /** Calls `callback` once after about `delayMs`; returns a function that cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}

export const wallClock: HostClock = {
  nowMs: () => performance.now(),
};

export const timerScheduler: FrameScheduler = {
  schedule(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};
