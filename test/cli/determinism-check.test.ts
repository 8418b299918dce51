// `--check-determinism`: a second run in a worker thread, compared event by event.
// Each case starts a worker thread (tsx loads in it), so there are three: OK for
// broadcast as text and as JSON, and a fixture that behaves differently in a worker,
// where the check must name the exact event at which the runs part.
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { checkDeterminism, formatDeterminismCheck } from '../../src/cli/determinism-check.ts';
import { formatTraceEvent } from '../../src/engine/trace-format.ts';
import type { TraceEvent } from '../../src/engine/trace.ts';
import { formatReport } from '../../src/scenario/report.ts';
import { runScenario, ScenarioRun } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { DIVERGING_PING, nondeterministicPing } from '../fixtures/nondeterministic-scenario.ts';
import { runCapturing } from './capture-host.ts';

const WORKER_TEST_TIMEOUT_MS = 30_000;

describe('faultline run --check-determinism', () => {
  it(
    'prints the report, then OK with the event count and hash, for broadcast',
    async () => {
      const report = runScenario(findScenario('broadcast')!, { seed: 3 });
      const result = await runCapturing(['run', 'broadcast', '--seed', '3', '--check-determinism']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        `${formatReport(report)}\ndeterminism: OK (${report.events} events, trace hash ${report.traceHash}, identical in a second run in a worker thread)\n`,
      );
    },
    WORKER_TEST_TIMEOUT_MS,
  );

  it(
    'adds a determinism object to the JSON report',
    async () => {
      const result = await runCapturing(['run', 'broadcast', '--seed', '4', '--set', 'faults=nemesis', '--check-determinism', '--json']);
      const report = JSON.parse(result.stdout) as { events: number; traceHash: string; determinism: unknown };
      expect(report.determinism).toEqual({
        outcome: 'identical',
        firstRun: { events: report.events, traceHash: report.traceHash },
        secondRun: { events: report.events, traceHash: report.traceHash },
        divergence: null,
      });
    },
    WORKER_TEST_TIMEOUT_MS,
  );
});

describe('checkDeterminism', () => {
  /** The index of the send of the ping that goes elsewhere in a worker, found by watching a run in this thread. */
  function divergingSendIndex(): number {
    let found: number | undefined;
    const watch = (event: TraceEvent): void => {
      const detail = event.detail as { type?: string; number?: number } | undefined;
      if (event.kind === 'send' && detail?.type === 'ping' && detail.number === DIVERGING_PING) found ??= event.index;
    };
    new ScenarioRun(nondeterministicPing, { seed: 7, params: { homeThread: threadId }, observers: [watch] }).run();
    if (found === undefined) throw new Error('the fixture never sent the diverging ping');
    return found;
  }

  it(
    'names the first event that differs, as each run saw it, when a worker thread runs differently',
    async () => {
      const expectedIndex = divergingSendIndex();
      expect(expectedIndex).toBeGreaterThan(10);
      const source = { kind: 'module', moduleUrl: new URL('../fixtures/nondeterministic-scenario.ts', import.meta.url).href, exportName: 'nondeterministicPing' } as const;
      const check = await checkDeterminism(source, { seed: 7, params: { homeThread: threadId } });
      expect(check.outcome).toBe('diverged');
      expect(check.firstRun.traceHash).not.toBe(check.secondRun.traceHash);
      const divergence = check.divergence!;
      expect(divergence.eventIndex).toBe(expectedIndex);
      const ping = { type: 'ping', number: DIVERGING_PING };
      expect(divergence.firstRunEvent).toMatchObject({ index: expectedIndex, kind: 'send', from: 0, to: 1, detail: ping });
      expect(divergence.secondRunEvent).toMatchObject({ index: expectedIndex, kind: 'send', from: 0, to: 2, detail: ping });
      expect(divergence.firstRunReproduced).toBe(true);
      expect(formatDeterminismCheck(check)).toBe(
        `determinism: DIVERGED at event #${expectedIndex}: first run: ${formatTraceEvent(divergence.firstRunEvent!)}; second run: ${formatTraceEvent(divergence.secondRunEvent!)}\n` +
          `  first run (this thread): ${check.firstRun.events} events, trace hash ${check.firstRun.traceHash}; ` +
          `second run (worker thread): ${check.secondRun.events} events, trace hash ${check.secondRun.traceHash}`,
      );
    },
    WORKER_TEST_TIMEOUT_MS,
  );

  it('says when a run ended before the event where the other differs', () => {
    const text = formatDeterminismCheck({
      outcome: 'diverged',
      firstRun: { events: 12, traceHash: '0000000000000001' },
      secondRun: { events: 13, traceHash: '0000000000000002' },
      divergence: { eventIndex: 12, firstRunEvent: null, secondRunEvent: { index: 12, timeUs: 5000, kind: 'timer', node: 1 }, firstRunReproduced: true },
    });
    expect(text.split('\n')[0]).toBe('determinism: DIVERGED at event #12: first run: (none: the run ended after 12 events); second run: 5ms #12 timer node 1');
  });
});
