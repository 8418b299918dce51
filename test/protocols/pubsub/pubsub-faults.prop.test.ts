// At-least-once delivery plus idempotent consumers gives exactly-once effects: under any
// schedule of consumer, producer and sink crashes, broker restarts, pauses, partitions
// and loss bursts (on a network that loses and duplicates 2% of messages anyway), every
// published message takes effect exactly once in each group, in key order, and nothing
// is left behind. A small fixed slice of fast-check's search, seeded, so it stays fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ms, seconds } from '../../../src/engine/time.ts';
import { faultScheduleArbitrary, seedArbitrary, withScriptForm } from '../../../src/faults/arbitraries.ts';
import type { FaultEvent, FaultSchedule } from '../../../src/faults/fault-event.ts';
import { formatFaultFile } from '../../../src/faults/fault-file.ts';
import { orderSchedule } from '../../../src/faults/fault-schedule.ts';
import { describeSchedule } from '../../../src/faults/fault-script.ts';
import type { Report } from '../../../src/scenario/report.ts';
import { runScenario } from '../../../src/scenario/runner.ts';
import pubsub from '../../../scenarios/pubsub.ts';

const BROKER = 0;
/** Nodes of the scenario with these parameters: broker, 2 producers, 2 sinks, 3 consumers. */
const NODES = 8;
/**
 * Producers stop at 2s, faults end by 4s, the groups drain by RUN_US. No poison, and
 * max-deliveries high enough that no message is dead-lettered (one would rightly be
 * missing from the effects): what is left to check is delivery, not the DLQ.
 */
const PARAMS = { 'produce-for': '2s', rate: 30, poison: 0, 'max-deliveries': 100, 'slow-processing': '20ms' } as const;
const FAULTS_UNTIL_US = seconds(4);
const RUN_US = seconds(12);

/** Generated windows of every kind but clock skew, plus one broker crash and restart in every schedule. */
const schedules: fc.Arbitrary<FaultSchedule> = fc
  .tuple(
    fc.integer({ min: 0, max: 3_000 }),
    fc.integer({ min: 1, max: 800 }),
    faultScheduleArbitrary({ nodeCount: NODES, durationUs: FAULTS_UNTIL_US, maxFaults: 5, maxWindowUs: seconds(1), kinds: ['crash', 'pause', 'partition', 'loss-burst'] }),
  )
  .map(([crashAtMs, downMs, generated]) => {
    const broker: FaultEvent[] = [
      { atUs: ms(crashAtMs), kind: 'crash', node: BROKER },
      { atUs: ms(crashAtMs + downMs), kind: 'restart', node: BROKER },
    ];
    return withScriptForm(orderSchedule([...generated, ...broker]));
  });

function figure(report: Report, name: string): number {
  const value = report.summary[name];
  if (typeof value !== 'number') throw new Error(`figure ${name} is ${String(value)}`);
  return value;
}

/** What must hold; an empty list when it all does. */
function problems(report: Report): string[] {
  const found = report.violations.map((violation) => `${violation.property}: ${violation.message}`);
  const published = figure(report, 'published');
  if (published === 0) found.push('nothing was published');
  for (const group of ['billing', 'analytics']) {
    if (figure(report, `effects ${group}`) !== published) found.push(`group ${group}: ${figure(report, `effects ${group}`)} effects for ${published} published`);
    if (figure(report, `lag at end ${group}`) !== 0) found.push(`group ${group}: lag ${figure(report, `lag at end ${group}`)} at the end`);
  }
  if (figure(report, 'duplicate effects') !== 0) found.push(`${figure(report, 'duplicate effects')} duplicate effects`);
  if (figure(report, 'ordering violations') !== 0) found.push(`${figure(report, 'ordering violations')} ordering violations`);
  return found;
}

describe('pubsub under faults', () => {
  it('makes every published message take effect exactly once per group, in key order, with idempotent consumers', () => {
    fc.assert(
      fc.property(seedArbitrary(), schedules, (seed, faults) => {
        const report = runScenario(pubsub, { seed, params: PARAMS, faults, untilUs: RUN_US, explain: false });
        const found = problems(report);
        if (found.length === 0) return;
        const faultFile = formatFaultFile(faults, { scenario: pubsub.name, seed, params: report.params });
        throw new Error(`seed ${seed}, faults ${describeSchedule(faults)}:\n  ${found.join('\n  ')}\nfault file:\n${faultFile}replay (with --faults <that file>): ${report.replay}`);
      }),
      { seed: 20261206, numRuns: 20 },
    );
    // About a second on an idle machine; the bound leaves room for a busy one.
  }, 30_000);

  // The same check is not vacuous: on a pinned seed and schedule it finds what each switch breaks.
  const pinnedFaults: FaultSchedule = [
    { atUs: ms(800), kind: 'crash', node: 5 },
    { atUs: ms(1_200), kind: 'restart', node: 5 },
    { atUs: ms(1_500), kind: 'crash', node: BROKER },
    { atUs: ms(1_900), kind: 'restart', node: BROKER },
  ];

  it.each([1, 2])('finds duplicate effects without idempotency on pinned seed %i', (seed) => {
    const report = runScenario(pubsub, { seed, params: { ...PARAMS, idempotency: 'off' }, faults: pinnedFaults, untilUs: RUN_US, explain: false });
    expect(figure(report, 'duplicate effects')).toBeGreaterThan(0);
    expect(problems(report)).toContain(`${figure(report, 'duplicate effects')} duplicate effects`);
  });

  it.each([1, 2])('finds lost messages when consumers acknowledge before the effect on pinned seed %i', (seed) => {
    const report = runScenario(pubsub, { seed, params: { ...PARAMS, bug: 'ack-before-process' }, faults: pinnedFaults, untilUs: RUN_US, explain: false });
    expect(figure(report, 'lost messages')).toBeGreaterThan(0);
    expect(problems(report).length).toBeGreaterThan(0);
  });
});
