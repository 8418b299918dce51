// Counts what the trace shows, in intervals of virtual time, for the network panel and
// the sparklines: messages sent, delivered, dropped (by reason) and duplicated, message
// latency, messages in flight, nodes up, and loss bursts. Rule: it only watches the
// trace (never asks the simulation), and recording an event allocates nothing, because
// it runs in the hot path of every event while the TUI is open.
import { MICROS_PER_MS, MICROS_PER_SECOND, type Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { LatencyHistogram } from './latency-histogram.ts';

/** Closed intervals kept for the sparklines (the widest screen shows fewer). */
export const SERIES_CAPACITY = 240;
/** Aim for about this many intervals over a whole run. */
const INTERVALS_PER_RUN = 60;
/** Send times remembered for latency, indexed by message id modulo this (a power of two). */
const SEND_TIME_SLOTS = 1 << 16;

const NODE_DOWN = 0;
const NODE_UP = 1;
const NODE_PAUSED = 2;

/** One closed interval of virtual time. */
export interface TrafficInterval {
  readonly startUs: Micros;
  readonly sent: number;
  readonly delivered: number;
  readonly duplicated: number;
  readonly droppedByLoss: number;
  readonly droppedByPartition: number;
  readonly droppedByNodeDown: number;
  /** p99 of send-to-delivery time, or undefined when nothing was delivered. */
  readonly latencyP99Us: number | undefined;
  /** The fewest nodes up at any moment in the interval. */
  readonly fewestNodesUp: number;
}

export interface LossBurst {
  readonly probability: number;
  readonly untilUs: Micros;
}

/** An interval width of 1, 2 or 5 times a power of ten, from 1ms to 60s, near run/60. */
export function intervalWidthFor(runLengthUs: Micros): Micros {
  const target = Math.max(MICROS_PER_MS, Math.min(60 * MICROS_PER_SECOND, runLengthUs / INTERVALS_PER_RUN));
  const power = 10 ** Math.floor(Math.log10(target));
  const step = [1, 2, 5, 10].find((factor) => factor * power >= target) ?? 10;
  return Math.min(60 * MICROS_PER_SECOND, step * power);
}

export class TrafficMeter {
  private readonly closed: TrafficInterval[] = [];
  private intervalEndUs: Micros;
  private sent = 0;
  private delivered = 0;
  private duplicated = 0;
  private droppedByLoss = 0;
  private droppedByPartition = 0;
  private droppedByNodeDown = 0;
  private readonly latency = new LatencyHistogram();
  private fewestNodesUp: number;
  private messagesInFlight = 0;
  private readonly sendTimes = new Float64Array(SEND_TIME_SLOTS);
  private readonly sendIds = new Float64Array(SEND_TIME_SLOTS).fill(-1);
  private nodeStates = new Uint8Array(16);
  private upCount = 0;
  private burst: LossBurst | undefined;

  constructor(readonly intervalUs: Micros) {
    if (!Number.isSafeInteger(intervalUs) || intervalUs < 1) throw new RangeError(`invalid interval ${intervalUs}us: expected a positive integer`);
    this.intervalEndUs = intervalUs;
    // Nodes start at time 0, inside the first interval: count from after they started.
    this.fewestNodesUp = Number.POSITIVE_INFINITY;
  }

  readonly record = (event: TraceEvent): void => {
    if (event.timeUs >= this.intervalEndUs) this.closeIntervalsThrough(event.timeUs);
    switch (event.kind) {
      case 'send':
        this.sent++;
        this.messagesInFlight++;
        this.rememberSend(event.messageId as number, event.timeUs);
        return;
      case 'inject':
      case 'duplicate':
        this.messagesInFlight++;
        if (event.kind === 'duplicate') this.duplicated++;
        else this.rememberSend(event.messageId as number, event.timeUs);
        return;
      case 'deliver':
        this.delivered++;
        this.messageLeft();
        this.recordLatency(event.messageId as number, event.timeUs);
        return;
      case 'drop':
        this.messageLeft();
        if (event.reason === 'loss') this.droppedByLoss++;
        else if (event.reason === 'partition') this.droppedByPartition++;
        else this.droppedByNodeDown++;
        return;
      case 'start':
      case 'restart':
      case 'resume':
        return this.setNodeState(event.node as number, NODE_UP);
      case 'crash':
        return this.setNodeState(event.node as number, NODE_DOWN);
      case 'pause':
        return this.setNodeState(event.node as number, NODE_PAUSED);
      case 'fault':
        return this.noteFault(event);
      default:
        return;
    }
  };

  /** Closes every interval that ended by `timeUs` (call before reading, so quiet spells show). */
  catchUp(timeUs: Micros): void {
    if (timeUs >= this.intervalEndUs) this.closeIntervalsThrough(timeUs);
  }

  get inFlight(): number {
    return this.messagesInFlight;
  }

  get nodesUp(): number {
    return this.upCount;
  }

  /** The loss burst in force at `timeUs`, if any. */
  lossBurstAt(timeUs: Micros): LossBurst | undefined {
    return this.burst !== undefined && timeUs < this.burst.untilUs && this.burst.probability > 0 ? this.burst : undefined;
  }

  /** Closed intervals, oldest first, at most `limit`. */
  intervals(limit = SERIES_CAPACITY): readonly TrafficInterval[] {
    return this.closed.slice(Math.max(0, this.closed.length - limit));
  }

  /** Closed intervals covering at least the last virtual second (fewer early in a run). */
  lastSecond(): readonly TrafficInterval[] {
    return this.intervals(Math.max(1, Math.ceil(MICROS_PER_SECOND / this.intervalUs)));
  }

  private rememberSend(messageId: number, timeUs: Micros): void {
    const slot = messageId & (SEND_TIME_SLOTS - 1);
    this.sendIds[slot] = messageId;
    this.sendTimes[slot] = timeUs;
  }

  private recordLatency(messageId: number, timeUs: Micros): void {
    const slot = messageId & (SEND_TIME_SLOTS - 1);
    if (this.sendIds[slot] === messageId) this.latency.add(timeUs - (this.sendTimes[slot] as number));
  }

  /** A message was delivered or dropped; a message lost with a paused node that crashed is never seen again, so clamp. */
  private messageLeft(): void {
    if (this.messagesInFlight > 0) this.messagesInFlight--;
  }

  private setNodeState(node: number, state: number): void {
    if (node < 0) return;
    if (node >= this.nodeStates.length) {
      const grown = new Uint8Array(Math.max(node + 1, this.nodeStates.length * 2));
      grown.set(this.nodeStates);
      this.nodeStates = grown;
    }
    const before = this.nodeStates[node] as number;
    this.nodeStates[node] = state;
    if (before === NODE_UP) this.upCount--;
    if (state === NODE_UP) this.upCount++;
    else if (before === NODE_UP && this.upCount < this.fewestNodesUp) this.fewestNodesUp = this.upCount;
  }

  /** `loss-burst 0.5 for 1000000us`, as the network traces it. */
  private noteFault(event: TraceEvent): void {
    const match = /^loss-burst ([0-9.e-]+) for (\d+)us$/.exec(String(event.detail));
    if (match === null) return;
    this.burst = { probability: Number(match[1]), untilUs: event.timeUs + Number(match[2]) };
  }

  private closeIntervalsThrough(timeUs: Micros): void {
    let skipped = Math.floor((timeUs - this.intervalEndUs) / this.intervalUs);
    this.closeCurrent();
    // A long quiet spell: at most SERIES_CAPACITY empty intervals are worth keeping.
    if (skipped > SERIES_CAPACITY) {
      this.intervalEndUs += (skipped - SERIES_CAPACITY) * this.intervalUs;
      skipped = SERIES_CAPACITY;
    }
    for (let index = 0; index < skipped; index++) this.closeCurrent();
  }

  private closeCurrent(): void {
    this.closed.push({
      startUs: this.intervalEndUs - this.intervalUs,
      sent: this.sent,
      delivered: this.delivered,
      duplicated: this.duplicated,
      droppedByLoss: this.droppedByLoss,
      droppedByPartition: this.droppedByPartition,
      droppedByNodeDown: this.droppedByNodeDown,
      latencyP99Us: this.latency.quantileUs(0.99),
      fewestNodesUp: Math.min(this.fewestNodesUp, this.upCount),
    });
    if (this.closed.length > SERIES_CAPACITY * 2) this.closed.splice(0, this.closed.length - SERIES_CAPACITY);
    this.sent = this.delivered = this.duplicated = 0;
    this.droppedByLoss = this.droppedByPartition = this.droppedByNodeDown = 0;
    this.latency.clear();
    this.fewestNodesUp = this.upCount;
    this.intervalEndUs += this.intervalUs;
  }
}
