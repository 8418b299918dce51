// What the resilience patterns tell the trace: a breaker opened, a retry was scheduled, a
// request was shed. Rule: every event goes through context.log as one line,
// `pattern <kind> <json>`, so it is part of the trace hash, and parsePatternEvent reads
// it back for reports and the UI. The JSON's field order is fixed by the constructors.
import type { Micros } from '../engine/time.ts';
import type { NodeContext } from '../node/node-api.ts';

export const PATTERN_LOG_PREFIX = 'pattern ';

export type ShedReason = 'queue-full' | 'wait-over-target' | 'evicted';
export type BreakerTripReason = 'consecutive-failures' | 'failure-rate' | 'probe-failed';

export type PatternEvent =
  | { readonly kind: 'timeout-fired'; readonly policy: string; readonly afterUs: Micros }
  | { readonly kind: 'retry-scheduled'; readonly policy: string; readonly attempt: number; readonly delayUs: Micros }
  | { readonly kind: 'retry-exhausted'; readonly policy: string; readonly attempts: number }
  | { readonly kind: 'retry-budget-exhausted'; readonly policy: string; readonly attempt: number }
  | { readonly kind: 'breaker-opened'; readonly policy: string; readonly reason: BreakerTripReason; readonly openForUs: Micros }
  | { readonly kind: 'breaker-half-opened'; readonly policy: string }
  | { readonly kind: 'breaker-closed'; readonly policy: string }
  | { readonly kind: 'breaker-rejected'; readonly policy: string; readonly state: 'open' | 'half-open' }
  | { readonly kind: 'bulkhead-rejected'; readonly policy: string; readonly active: number; readonly queued: number }
  | { readonly kind: 'rate-limited'; readonly policy: string }
  | { readonly kind: 'request-shed'; readonly policy: string; readonly priority: string; readonly reason: ShedReason; readonly waitedUs: Micros }
  | { readonly kind: 'fallback-used'; readonly policy: string; readonly outcome: string }
  | { readonly kind: 'hedge-sent'; readonly policy: string; readonly copy: number }
  | { readonly kind: 'idempotent-replay'; readonly policy: string; readonly key: string }
  | { readonly kind: 'idempotency-evicted'; readonly policy: string; readonly key: string; readonly reason: 'full' | 'expired' };

export type PatternEventKind = PatternEvent['kind'];

export const PATTERN_EVENT_KINDS: readonly PatternEventKind[] = [
  'timeout-fired',
  'retry-scheduled',
  'retry-exhausted',
  'retry-budget-exhausted',
  'breaker-opened',
  'breaker-half-opened',
  'breaker-closed',
  'breaker-rejected',
  'bulkhead-rejected',
  'rate-limited',
  'request-shed',
  'fallback-used',
  'hedge-sent',
  'idempotent-replay',
  'idempotency-evicted',
];

/** `pattern breaker-opened {"policy":"payments","reason":"consecutive-failures","openForUs":2000000}` */
export function formatPatternEvent(event: PatternEvent): string {
  const { kind, ...fields } = event;
  return `${PATTERN_LOG_PREFIX}${kind} ${JSON.stringify(fields)}`;
}

/** Reads a trace log line back; undefined for any line that is not a pattern event. */
export function parsePatternEvent(text: string): PatternEvent | undefined {
  if (!text.startsWith(PATTERN_LOG_PREFIX)) return undefined;
  const rest = text.slice(PATTERN_LOG_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) return undefined;
  const kind = rest.slice(0, space) as PatternEventKind;
  if (!PATTERN_EVENT_KINDS.includes(kind)) return undefined;
  try {
    const fields = JSON.parse(rest.slice(space + 1)) as Record<string, unknown>;
    return { kind, ...fields } as PatternEvent;
  } catch {
    return undefined;
  }
}

/** Logs the event on the node's trace. */
export function emitPatternEvent(context: NodeContext, event: PatternEvent): void {
  context.log(formatPatternEvent(event));
}
