// The trace: every send, delivery, drop, duplicate, timer, crash, restart, pause,
// partition and heal, in the order it happened. Rule: with no observer subscribed,
// recording an event only folds its integers into the hash; event objects are built
// only when someone is watching.
import { assertNever } from './assert-never.ts';
import { TraceHash } from './trace-hash.ts';
import type { Micros } from './time.ts';

/** Every kind of trace event. The index in this list is the code that is hashed. */
export const TRACE_KINDS = [
  'start',
  'send',
  'deliver',
  'drop',
  'duplicate',
  'timer',
  'crash',
  'restart',
  'pause',
  'resume',
  'partition',
  'heal',
  'fault',
  'inject',
  'log',
] as const;
export type TraceKind = (typeof TRACE_KINDS)[number];

/** Why a message was not delivered. */
export const DROP_REASONS = ['loss', 'partition', 'node-down'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** Numeric codes, hashed instead of strings on the hot path. */
export const KIND = Object.fromEntries(TRACE_KINDS.map((kind, index) => [kind, index])) as {
  readonly [K in TraceKind]: number;
};
export const DROP = Object.fromEntries(DROP_REASONS.map((reason, index) => [reason, index])) as {
  readonly [R in DropReason]: number;
};

/**
 * One trace event, with a stable field order for JSON Lines. Message events carry
 * `from`/`to`/`messageId`; node events carry `node`; `detail` is free text or data.
 */
export interface TraceEvent {
  readonly index: number;
  readonly timeUs: Micros;
  readonly kind: TraceKind;
  readonly node?: number;
  readonly from?: number;
  readonly to?: number;
  readonly messageId?: number;
  readonly reason?: DropReason;
  readonly detail?: unknown;
}

export type MessageEventKind = 'send' | 'deliver' | 'duplicate' | 'inject';
export type NodeEventKind = 'start' | 'timer' | 'crash' | 'restart' | 'pause' | 'resume';

// The hot path maps kinds to codes with switches: `KIND[kind]` with a changing key is
// a megamorphic keyed load (bench/: pingpong-100 ran about 10% slower with it).
function messageKindCode(kind: MessageEventKind): number {
  switch (kind) {
    case 'send':
      return KIND.send;
    case 'deliver':
      return KIND.deliver;
    case 'duplicate':
      return KIND.duplicate;
    case 'inject':
      return KIND.inject;
    default:
      return assertNever(kind);
  }
}

function nodeKindCode(kind: NodeEventKind): number {
  switch (kind) {
    case 'start':
      return KIND.start;
    case 'timer':
      return KIND.timer;
    case 'crash':
      return KIND.crash;
    case 'restart':
      return KIND.restart;
    case 'pause':
      return KIND.pause;
    case 'resume':
      return KIND.resume;
    default:
      return assertNever(kind);
  }
}

function dropReasonCode(reason: DropReason): number {
  switch (reason) {
    case 'loss':
      return DROP.loss;
    case 'partition':
      return DROP.partition;
    case 'node-down':
      return DROP['node-down'];
    default:
      return assertNever(reason);
  }
}

export type TraceObserver = (event: TraceEvent) => void;

export class Trace {
  private readonly hash = new TraceHash();
  private readonly observers: TraceObserver[] = [];
  private eventCount = 0;

  get count(): number {
    return this.eventCount;
  }

  get isObserved(): boolean {
    return this.observers.length !== 0;
  }

  subscribe(observer: TraceObserver): () => void {
    this.observers.push(observer);
    return () => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    };
  }

  /** A message event: send, deliver, duplicate, or drop (with a reason). */
  message(kind: MessageEventKind, time: Micros, from: number, to: number, messageId: number, body: unknown): void {
    this.fold(messageKindCode(kind), time, from, to, messageId);
    if (this.observers.length !== 0) {
      this.emit({ index: this.eventCount - 1, timeUs: time, kind, from, to, messageId, detail: body });
    }
  }

  drop(time: Micros, from: number, to: number, messageId: number, reason: DropReason, body: unknown): void {
    this.fold(KIND.drop, time, from, to, messageId);
    this.hash.addInteger(dropReasonCode(reason));
    if (this.observers.length !== 0) {
      this.emit({ index: this.eventCount - 1, timeUs: time, kind: 'drop', from, to, messageId, reason, detail: body });
    }
  }

  /** A node event: start, timer, crash, restart, pause, resume. */
  node(kind: NodeEventKind, time: Micros, node: number, detail?: unknown): void {
    this.fold(nodeKindCode(kind), time, node, -1, -1);
    if (this.observers.length !== 0) this.emit({ index: this.eventCount - 1, timeUs: time, kind, node, detail });
  }

  /** A log line from a node (or -1 for the scenario); the text is part of the hash. */
  log(time: Micros, node: number, text: string): void {
    this.fold(KIND.log, time, node, -1, -1);
    this.hash.addString(text);
    if (this.observers.length !== 0) this.emit({ index: this.eventCount - 1, timeUs: time, kind: 'log', node, detail: text });
  }

  /** A network-wide or fault event (partition, heal, loss burst, clock skew), described in text. */
  fault(kind: 'partition' | 'heal' | 'fault', time: Micros, description: string): void {
    this.fold(KIND[kind], time, -1, -1, -1);
    this.hash.addString(description);
    if (this.observers.length !== 0) this.emit({ index: this.eventCount - 1, timeUs: time, kind, detail: description });
  }

  digest(): string {
    return this.hash.digest();
  }

  private fold(kindCode: number, time: Micros, first: number, second: number, third: number): void {
    this.eventCount++;
    this.hash.addFiveIntegers(kindCode, time, first, second, third);
  }

  private emit(event: TraceEvent): void {
    for (const observer of this.observers) observer(event);
  }
}
