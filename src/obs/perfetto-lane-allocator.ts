// Places intervals (spans, fault periods) on lanes of their process, so that the slices on
// one lane (spans as X events, fault periods as B/E pairs) never cross. Rule: intervals
// must come in start order; each goes to the lowest-numbered lane free at its start (a lane
// is free from the end of its last interval on, so one that ends as the next starts shares
// it), and intervals on one lane never overlap.
import type { Micros } from '../engine/time.ts';
import { MinHeap } from './perfetto-min-heap.ts';

/**
 * Intervals come in start order, so a lane that is free now stays free for later ones:
 * lanes in use wait in a heap by end time, freed ones in a heap by index, and each
 * interval costs a logarithm of the lane count rather than a scan of every lane.
 */
export class LaneAllocator {
  private readonly byPid = new Map<number, { readonly busy: MinHeap; readonly free: MinHeap; count: number }>();

  /** The lane (from 0) of an interval of process `pid`. */
  place(pid: number, startUs: Micros, endUs: Micros): number {
    let lanes = this.byPid.get(pid);
    if (lanes === undefined) {
      lanes = { busy: new MinHeap(), free: new MinHeap(), count: 0 };
      this.byPid.set(pid, lanes);
    }
    while (lanes.busy.size > 0 && lanes.busy.peekKey() <= startUs) lanes.free.push(lanes.busy.pop(), 0);
    const lane = lanes.free.size > 0 ? lanes.free.pop() : lanes.count++;
    lanes.busy.push(lane, endUs);
    return lane;
  }

  /** Sets each process's lane count in `into`, keeping a larger count already there. */
  counts(into: Map<number, number>): void {
    for (const [pid, lanes] of this.byPid) into.set(pid, Math.max(into.get(pid) ?? 0, lanes.count));
  }
}
