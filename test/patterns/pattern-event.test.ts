// Pattern events: one trace line each, `pattern <kind> <json>`, read back unchanged.
import { describe, expect, it } from 'vitest';
import { formatPatternEvent, parsePatternEvent, PATTERN_EVENT_KINDS, type PatternEvent } from '../../src/patterns/pattern-event.ts';

describe('pattern events', () => {
  it('formats as a stable line and reads back the same event', () => {
    const event: PatternEvent = { kind: 'breaker-opened', policy: 'payments', reason: 'consecutive-failures', openForUs: 2_000_000 };
    const line = formatPatternEvent(event);
    expect(line).toBe('pattern breaker-opened {"policy":"payments","reason":"consecutive-failures","openForUs":2000000}');
    expect(parsePatternEvent(line)).toEqual(event);
  });

  it('reads nothing from lines that are not pattern events', () => {
    for (const line of ['hello', 'pattern', 'pattern teleported {}', 'pattern retry-scheduled {not json', 'patterns retry-scheduled {}']) {
      expect(parsePatternEvent(line)).toBeUndefined();
    }
  });

  it('lists every kind once', () => {
    expect(new Set(PATTERN_EVENT_KINDS).size).toBe(PATTERN_EVENT_KINDS.length);
  });
});
