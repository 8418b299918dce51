// What quitting the TUI leaves behind: the seed, how far the run got, the trace hash,
// the fault schedule (the run's own faults plus the ones injected by hand) and the
// command that replays the session. Rule: the replay is an ordinary `run` of the same
// run (same seed, parameters and --until, which shapes the scenario's setup), with
// `--faults` a file holding the whole schedule when faults were injected, stopped by
// `--max-events` after exactly the engine events the session ran; its trace hash is
// the session's.
import { DEFAULT_RECENT_EVENTS } from '../check/recent-events.ts';
import type { Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';
import { formatDuration, formatDurationExact } from '../engine/time.ts';
import type { FaultEvent, FaultSchedule } from '../faults/fault-event.ts';
import { formatFaultFile } from '../faults/fault-file.ts';
import { describeSchedule } from '../faults/fault-script.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import { formatReport, type Report } from '../scenario/report.ts';
import { replayCommand } from '../scenario/replay-command.ts';
import { involvesNode } from './event-filter.ts';
import type { TuiSession } from './tui-session.ts';

export type SessionVerdict = 'pass' | 'fail' | 'unfinished';

export interface SessionEnd {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly changedParams: Readonly<Record<string, string>>;
  /** The virtual time reached. */
  readonly reachedUs: Micros;
  /** Engine events the session ran. */
  readonly engineSteps: number;
  /** The session's run length when given (--until): the scenario's setup depends on it, so the replay needs it too. */
  readonly runLengthUs: Micros | undefined;
  /**
   * The replay's --max-events: the session's engine steps when it was quit before its
   * end, else the limit it was given (if any).
   */
  readonly replayMaxEvents: number | undefined;
  readonly traceHash: string;
  readonly manualFaults: readonly FaultEvent[];
  /** The schedule to replay: the run's own faults, then the hand-made ones. */
  readonly schedule: FaultSchedule;
  /** Whether the replay needs a fault file (faults were injected, or the run's schedule came from one). */
  readonly needsFaultFile: boolean;
  readonly verdict: SessionVerdict;
  /** The run's report when it ran to its end (or stopped on a violation). */
  readonly report: Report | undefined;
}

/** Describes how to replay the session as it stands. */
export function endSession(session: TuiSession): SessionEnd {
  // A replay needs at least one event to stop after (--max-events counts from 1).
  if (session.simulation.eventsProcessed === 0) session.stepEvent();
  const report = withRecentEvents(session.report(), session);
  const violated = session.violations().length > 0;
  const engineSteps = session.simulation.eventsProcessed;
  return {
    scenario: session.scenario,
    seed: session.simulation.seed,
    changedParams: session.changedParams,
    reachedUs: session.timeUs,
    engineSteps,
    runLengthUs: session.options.untilUs,
    replayMaxEvents: session.isFinished ? session.options.maxEvents : engineSteps,
    traceHash: session.simulation.trace.digest(),
    manualFaults: [...session.manualFaults],
    schedule: session.schedule,
    needsFaultFile: session.manualFaults.length > 0 || session.options.faults !== undefined,
    verdict: violated ? 'fail' : report === undefined ? 'unfinished' : 'pass',
    report,
  };
}

/**
 * The report with, for each violation, the last events before it that involve its nodes,
 * as `run` prints them; taken from the session's event log instead of a second run.
 */
function withRecentEvents(report: Report | undefined, session: TuiSession): Report | undefined {
  if (report === undefined || report.violations.length === 0) return report;
  const violations = report.violations.map((violation) => {
    const involved = (event: TraceEvent): boolean => event.index <= violation.eventIndex && (violation.nodes.length === 0 || violation.nodes.some((node) => involvesNode(event, node)));
    return { ...violation, recentEvents: session.events.latest(DEFAULT_RECENT_EVENTS, involved) };
  });
  return { ...report, violations };
}

/** A name that differs for every distinct session: scenario, seed, time reached, trace hash. */
export function faultFileName(end: SessionEnd): string {
  return `faultline-${end.scenario.name}-seed-${end.seed}-${formatDurationExact(end.reachedUs)}-${end.traceHash.slice(0, 8)}.json`;
}

export function faultFileText(end: SessionEnd): string {
  return formatFaultFile(end.schedule, { scenario: end.scenario.name, seed: end.seed, params: end.changedParams });
}

export function sessionReplayCommand(end: SessionEnd, faultsFile: string | undefined): string {
  return replayCommand({
    scenario: end.scenario,
    seed: end.seed,
    params: end.changedParams,
    untilUs: end.runLengthUs,
    maxEvents: end.replayMaxEvents,
    faultsFile,
  });
}

/** The lines printed after the TUI closes. */
export function formatSessionEnd(end: SessionEnd, faultsFile: string | undefined): string {
  const lines: string[] = [];
  const replay = sessionReplayCommand(end, faultsFile);
  // The report names the run's own schedule and replay; the session's include the faults made by hand.
  if (end.report !== undefined) lines.push(formatReport({ ...end.report, faults: describeSchedule(end.schedule), replay }), '');
  lines.push(`session   ${end.scenario.name}, seed ${end.seed}, stopped at ${formatDuration(end.reachedUs)} virtual after ${end.engineSteps} engine steps, ${describeVerdict(end.verdict)}`);
  lines.push(`trace     ${end.traceHash}`);
  if (end.manualFaults.length > 0) lines.push(`by hand   ${describeSchedule(end.manualFaults)}`);
  if (faultsFile !== undefined) lines.push(`faults    written to ${faultsFile} (the run's own schedule and the faults injected by hand)`);
  lines.push(`replay    ${replay}`);
  lines.push(end.report === undefined ? REPLAY_NOTE_UNFINISHED : REPLAY_NOTE_FINISHED);
  return lines.join('\n');
}

const REPLAY_NOTE_UNFINISHED =
  '          (it stops after the same engine steps, so its report shows the event limit as a violation; its trace hash is this one)';
const REPLAY_NOTE_FINISHED = '          (it prints the same report and trace hash)';

function describeVerdict(verdict: SessionVerdict): string {
  switch (verdict) {
    case 'pass':
      return 'verdict PASS';
    case 'fail':
      return 'verdict FAIL';
    case 'unfinished':
      return 'no violation so far';
  }
}
