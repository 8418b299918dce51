// A hybrid logical clock (Kulkarni, Demirbas et al., "Logical Physical Clocks", 2014):
// timestamps that stay close to the node's physical clock yet never go backwards and
// always move past any timestamp the node has seen. Last-writer-wins compares them to
// decide which write survives. Rule: the physical part is the node's *local* clock
// (context.now), so a node whose clock runs ahead stamps its writes into the future and
// wins against writes made later in real time: clock skew decides what is lost.
import type { Micros } from '../../engine/time.ts';
import type { DurableStorage } from '../../node/durable-storage.ts';
import type { NodeId } from '../../net/partition.ts';

export interface HlcState {
  /** The largest physical time seen (local clock or any timestamp received). */
  readonly wallUs: Micros;
  /** Counts events within one wallUs, so timestamps stay distinct when the clock stands still. */
  readonly logical: number;
}

/** A write's timestamp: the clock's state when it was stamped, and the node that stamped it (the tie-break). */
export interface HlcTimestamp extends HlcState {
  readonly node: NodeId;
}

/** Before any event: every real timestamp is after it, even from a clock set far into the past. */
export const HLC_START: HlcState = { wallUs: Number.MIN_SAFE_INTEGER, logical: 0 };

/** The clock after a local event (stamping a write) when the physical clock reads `physicalUs`. */
export function tickHlc(state: HlcState, physicalUs: Micros): HlcState {
  if (physicalUs > state.wallUs) return { wallUs: physicalUs, logical: 0 };
  return { wallUs: state.wallUs, logical: state.logical + 1 };
}

/** The clock after receiving `remote` (a timestamp in a message) when the physical clock reads `physicalUs`. */
export function receiveHlc(state: HlcState, remote: HlcState, physicalUs: Micros): HlcState {
  const wallUs = Math.max(state.wallUs, remote.wallUs, physicalUs);
  if (wallUs === state.wallUs && wallUs === remote.wallUs) return { wallUs, logical: Math.max(state.logical, remote.logical) + 1 };
  if (wallUs === state.wallUs) return { wallUs, logical: state.logical + 1 };
  if (wallUs === remote.wallUs) return { wallUs, logical: remote.logical + 1 };
  return { wallUs, logical: 0 };
}

/** Total order of timestamps: wall time, then logical count, then node id. */
export function compareTimestamps(left: HlcTimestamp, right: HlcTimestamp): number {
  return left.wallUs - right.wallUs || left.logical - right.logical || left.node - right.node;
}

/** `1500.250ms+2@n3`: wall time in ms, logical count, node. */
export function formatTimestamp(stamp: HlcTimestamp): string {
  return `${(stamp.wallUs / 1000).toFixed(3)}ms+${stamp.logical}@n${stamp.node}`;
}

const HLC_STORAGE_KEY = 'kv-ap/hlc';

/**
 * One node's clock. Its state is written to durable storage at every change, so a
 * restarted node never stamps a write below one it stamped before its crash.
 */
export class HybridClock {
  private state: HlcState;

  constructor(
    private readonly node: NodeId,
    private readonly storage: DurableStorage,
  ) {
    this.state = storage.get<HlcState>(HLC_STORAGE_KEY) ?? HLC_START;
  }

  get current(): HlcState {
    return this.state;
  }

  /** A fresh timestamp for a write, above every timestamp this node has stamped or seen. */
  stamp(physicalUs: Micros): HlcTimestamp {
    this.save(tickHlc(this.state, physicalUs));
    return { wallUs: this.state.wallUs, logical: this.state.logical, node: this.node };
  }

  /** Moves the clock past a timestamp that arrived in a message. */
  observe(remote: HlcState, physicalUs: Micros): void {
    if (remote.wallUs < this.state.wallUs || (remote.wallUs === this.state.wallUs && remote.logical <= this.state.logical)) return;
    this.save(receiveHlc(this.state, remote, physicalUs));
  }

  private save(next: HlcState): void {
    this.state = next;
    this.storage.set(HLC_STORAGE_KEY, next);
  }
}
