// Fault schedules as a readable script, for reports and shrunk counterexamples:
// `at 1.2s partition {1,2}|{3,4,5}; at 3s crash 2; at 4s restart 2; at 5s heal`.
import { assertNever } from '../engine/assert-never.ts';
import { formatDuration } from '../engine/time.ts';
import { describePartition } from '../net/partition.ts';
import type { FaultEvent, FaultSchedule } from './fault-event.ts';
import { orderSchedule } from './fault-schedule.ts';

export function describeFault(event: FaultEvent): string {
  const at = `at ${formatDuration(event.atUs)}`;
  switch (event.kind) {
    case 'partition':
      return `${at} partition ${describePartition(event.partition)}`;
    case 'heal':
      return `${at} heal`;
    case 'crash':
    case 'restart':
      return `${at} ${event.kind} ${event.node}`;
    case 'pause':
      return `${at} pause ${event.node} for ${formatDuration(event.durationUs)}`;
    case 'loss-burst':
      return `${at} loss-burst ${event.probability} for ${formatDuration(event.durationUs)}`;
    case 'clock-skew': {
      const sign = event.offsetUs >= 0 ? '+' : '-';
      return `${at} clock-skew ${event.node} offset ${sign}${formatDuration(Math.abs(event.offsetUs))} drift ${event.driftPpm}ppm`;
    }
    default:
      return assertNever(event);
  }
}

export function describeSchedule(schedule: FaultSchedule): string {
  if (schedule.length === 0) return '(no faults)';
  return orderSchedule(schedule).map(describeFault).join('; ');
}
