// Schedules print as a readable script, in time order.
import { describe, expect, it } from 'vitest';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { describeSchedule } from '../../src/faults/fault-script.ts';

describe('describeSchedule', () => {
  it('prints faults in time order as "at <time> <fault>", separated by semicolons', () => {
    const schedule: FaultSchedule = [
      { atUs: 3_000_000, kind: 'crash', node: 2 },
      { atUs: 1_200_000, kind: 'partition', partition: { kind: 'split', groups: [[1, 2], [3, 4, 5]] } },
      { atUs: 4_000_000, kind: 'restart', node: 2 },
      { atUs: 5_000_000, kind: 'heal' },
    ];
    expect(describeSchedule(schedule)).toBe('at 1.2s partition {1,2}|{3,4,5}; at 3s crash 2; at 4s restart 2; at 5s heal');
  });

  it('prints every kind of fault', () => {
    const schedule: FaultSchedule = [
      { atUs: 0, kind: 'partition', partition: { kind: 'isolate', node: 3 } },
      { atUs: 1_000, kind: 'partition', partition: { kind: 'one-way', from: [0], to: [1, 2] } },
      { atUs: 2_000, kind: 'partition', partition: { kind: 'bridge', left: [0], right: [2], bridge: 1 } },
      { atUs: 250_000, kind: 'pause', node: 1, durationUs: 40 },
      { atUs: 300_000, kind: 'loss-burst', probability: 0.25, durationUs: 2_000_000 },
      { atUs: 400_000, kind: 'clock-skew', node: 0, offsetUs: -1_500, driftPpm: 200 },
    ];
    expect(describeSchedule(schedule).split('; ')).toEqual([
      'at 0ms partition isolate 3',
      'at 1ms partition {0}-x->{1,2}',
      'at 2ms partition {0}|1|{2}',
      'at 250ms pause 1 for 40us',
      'at 300ms loss-burst 0.25 for 2s',
      'at 400ms clock-skew 0 offset -1.5ms drift 200ppm',
    ]);
  });

  it('says so when there are no faults', () => {
    expect(describeSchedule([])).toBe('(no faults)');
  });
});
