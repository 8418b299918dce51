// A bounded ring of the latest trace events that involve chosen nodes, used to show
// what led up to a violation. Rule: it holds at most `capacity` events, whatever the
// length of the run, so memory stays flat.
import type { TraceEvent, TraceObserver } from '../engine/trace.ts';

export const DEFAULT_RECENT_EVENTS = 12;

export class RecentEvents {
  private readonly ring: (TraceEvent | undefined)[];
  private next = 0;
  private stored = 0;
  private readonly nodes: ReadonlySet<number>;

  /** With no nodes given, every event counts. */
  constructor(
    nodes: readonly number[],
    readonly capacity = DEFAULT_RECENT_EVENTS,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`invalid capacity ${capacity}: expected a positive integer`);
    this.ring = new Array(capacity);
    this.nodes = new Set(nodes);
  }

  readonly observe: TraceObserver = (event) => {
    if (!this.involvesChosenNodes(event)) return;
    this.ring[this.next] = event;
    this.next = (this.next + 1) % this.capacity;
    this.stored = Math.min(this.stored + 1, this.capacity);
  };

  /** Oldest first. */
  events(): TraceEvent[] {
    const result: TraceEvent[] = [];
    for (let offset = this.stored; offset > 0; offset--) {
      result.push(this.ring[(this.next - offset + this.capacity) % this.capacity] as TraceEvent);
    }
    return result;
  }

  private involvesChosenNodes(event: TraceEvent): boolean {
    if (this.nodes.size === 0) return true;
    return [event.node, event.from, event.to].some((node) => node !== undefined && this.nodes.has(node));
  }
}
