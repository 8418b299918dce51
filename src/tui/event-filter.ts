// Which events the log shows: all of them, or those of one node, of one kind of event,
// or both. Rule: every trace kind belongs to exactly one group (an exhaustive switch),
// so a new kind of event cannot silently vanish from the log.
import { assertNever } from '../engine/assert-never.ts';
import type { TraceEvent, TraceKind } from '../engine/trace.ts';

export const EVENT_KIND_FILTERS = ['all', 'messages', 'deliveries', 'drops', 'timers', 'faults', 'logs'] as const;
export type EventKindFilter = (typeof EVENT_KIND_FILTERS)[number];

export interface EventFilter {
  readonly node: number | 'all';
  readonly kind: EventKindFilter;
}

export const NO_FILTER: EventFilter = { node: 'all', kind: 'all' };

type KindGroup = 'message' | 'drop' | 'timer' | 'fault' | 'log';

function groupOf(kind: TraceKind): KindGroup {
  switch (kind) {
    case 'send':
    case 'deliver':
    case 'duplicate':
    case 'inject':
      return 'message';
    case 'drop':
      return 'drop';
    case 'timer':
      return 'timer';
    case 'start':
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'partition':
    case 'heal':
    case 'fault':
      return 'fault';
    case 'log':
      return 'log';
    default:
      return assertNever(kind);
  }
}

function matchesKind(event: TraceEvent, filter: EventKindFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'messages':
      return groupOf(event.kind) === 'message' || event.kind === 'drop';
    case 'deliveries':
      return event.kind === 'deliver';
    case 'drops':
      return event.kind === 'drop';
    case 'timers':
      return event.kind === 'timer';
    case 'faults':
      return groupOf(event.kind) === 'fault';
    case 'logs':
      return event.kind === 'log';
    default:
      return assertNever(filter);
  }
}

/** Does the event involve `node` (as the node, the sender or the receiver)? */
export function involvesNode(event: TraceEvent, node: number): boolean {
  return event.node === node || event.from === node || event.to === node;
}

export function matchesFilter(event: TraceEvent, filter: EventFilter): boolean {
  return (filter.node === 'all' || involvesNode(event, filter.node)) && matchesKind(event, filter.kind);
}

/** `all nodes, all kinds`, `node 2, drops`. */
export function describeFilter(filter: EventFilter): string {
  return `${filter.node === 'all' ? 'all nodes' : `node ${filter.node}`}, ${filter.kind === 'all' ? 'all kinds' : filter.kind}`;
}

export function nextKindFilter(kind: EventKindFilter, step: 1 | -1): EventKindFilter {
  const index = EVENT_KIND_FILTERS.indexOf(kind);
  return EVENT_KIND_FILTERS[(index + step + EVENT_KIND_FILTERS.length) % EVENT_KIND_FILTERS.length] as EventKindFilter;
}

/** Cycles all, 0, 1, ..., nodeCount-1, all. */
export function nextNodeFilter(node: number | 'all', step: 1 | -1, nodeCount: number): number | 'all' {
  const position = node === 'all' ? 0 : node + 1;
  const next = (position + step + nodeCount + 1) % (nodeCount + 1);
  return next === 0 ? 'all' : next - 1;
}
