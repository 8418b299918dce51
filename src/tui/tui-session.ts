// One interactive session: a ScenarioRun stepped a slice at a time, with trace observers
// feeding the event log and the traffic meter, and faults injected by hand. Rule: a
// fault injected here is a FaultEvent like any scheduled one, applied at the first free
// microsecond after now (one with no event queued), so that the run's own schedule plus
// the hand-made faults, replayed from the start and stopped after as many engine steps,
// gives the same trace hash.
import type { Violation } from '../check/property.ts';
import type { Seed } from '../engine/rng.ts';
import type { Simulation } from '../engine/simulation.ts';
import type { Micros } from '../engine/time.ts';
import type { TraceEvent } from '../engine/trace.ts';
import type { FaultEvent, FaultSchedule } from '../faults/fault-event.ts';
import { applyFault, validateFaultSchedule } from '../faults/fault-schedule.ts';
import type { Cluster } from '../node/cluster.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import { formatParamValue, type RawParams } from '../scenario/params.ts';
import type { Report } from '../scenario/report.ts';
import { ScenarioRun } from '../scenario/runner.ts';
import { EventRing } from './event-ring.ts';
import { intervalWidthFor, TrafficMeter } from './traffic-meter.ts';

/** Events run between two looks at the wall clock while advancing (about; see advanceTo). */
export const EVENTS_BETWEEN_YIELD_CHECKS = 1024;
/** The longest chunk of virtual time the engine's loop is given at once (a quiet run needs few calls). */
const MAX_CHUNK_US = 60 * 1_000_000;
/** `.` gives up after this many events without a delivery. */
export const MAX_EVENTS_TO_NEXT_DELIVERY = 1_000_000;
/** Looking for a free microsecond for a hand-made fault gives up after this many events. */
export const MAX_EVENTS_TO_FREE_INSTANT = 100_000;

export interface SessionOptions {
  readonly scenario: Scenario;
  readonly seed: Seed;
  readonly params?: RawParams;
  readonly untilUs?: Micros;
  readonly maxEvents?: number;
  /** Replaces the scenario's fault schedule (as `run --faults`). */
  readonly faults?: FaultSchedule;
}

/** Each kind of event without its time (Omit applied to every member of the union). */
type WithoutTime<E> = E extends unknown ? Omit<E, 'atUs'> : never;

/** A fault as the user asks for it; the session picks its time. */
export type ManualFault = WithoutTime<FaultEvent>;

export type InjectOutcome =
  | { readonly outcome: 'applied'; readonly event: FaultEvent }
  | { readonly outcome: 'refused'; readonly reason: string };

export type AdvanceOutcome = 'reached' | 'yielded' | 'finished';

export type DeliveryStepOutcome = 'delivered' | 'finished' | 'gave-up';

export class TuiSession {
  readonly run: ScenarioRun;
  readonly events = new EventRing();
  readonly traffic: TrafficMeter;
  private readonly manual: FaultEvent[] = [];
  private deliveries = 0;
  /** Whether every event must be followed by the always checks (else the engine's own loop can run). */
  private readonly checksEveryEvent: boolean;
  /** Virtual time per call of the engine's loop, tuned to run about EVENTS_BETWEEN_YIELD_CHECKS events. */
  private chunkUs: Micros = 1_000;

  constructor(readonly options: SessionOptions) {
    this.traffic = new TrafficMeter(intervalWidthFor(options.untilUs ?? options.scenario.durationUs));
    this.run = new ScenarioRun(options.scenario, {
      seed: options.seed,
      ...(options.params === undefined ? {} : { params: options.params }),
      ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      ...(options.faults === undefined ? {} : { faults: options.faults }),
      observers: [this.observe],
    });
    this.checksEveryEvent = this.run.world.properties.ofKind('always').length > 0;
  }

  private readonly observe = (event: TraceEvent): void => {
    this.events.push(event);
    this.traffic.record(event);
    if (event.kind === 'deliver') this.deliveries++;
  };

  get scenario(): Scenario {
    return this.options.scenario;
  }

  get simulation(): Simulation {
    return this.run.simulation;
  }

  get cluster(): Cluster {
    return this.run.world.cluster;
  }

  get timeUs(): Micros {
    return this.run.simulation.now;
  }

  get untilUs(): Micros {
    return this.run.untilUs;
  }

  get isFinished(): boolean {
    return this.run.isFinished;
  }

  get manualFaults(): readonly FaultEvent[] {
    return this.manual;
  }

  /** The schedule that replays this session: the run's own faults, then the hand-made ones. */
  get schedule(): FaultSchedule {
    return [...this.run.faults, ...this.manual];
  }

  /** Parameters that differ from the scenario's defaults, as typed on a command line. */
  get changedParams(): Record<string, string> {
    const changed: Record<string, string> = {};
    for (const [name, spec] of Object.entries(this.scenario.params)) {
      if (this.run.params[name] !== spec.default) changed[name] = formatParamValue(spec, this.run.params[name]);
    }
    return changed;
  }

  /**
   * Runs every event up to `targetUs` (capped at the run's end) and moves the clock
   * there; asks `shouldYield` every thousand events or so and stops early when it says so.
   */
  advanceTo(targetUs: Micros, shouldYield: () => boolean = () => false): AdvanceOutcome {
    const run = this.run;
    const target = Math.min(targetUs, run.untilUs);
    const outcome = this.checksEveryEvent ? this.stepUntil(target, shouldYield) : this.runEngineUntil(target, shouldYield);
    if (outcome !== 'reached') return outcome;
    if (target >= run.untilUs) {
      run.step(); // nothing is due before the end: this ends the run with its reason
      return 'finished';
    }
    if (run.simulation.now < target) run.simulation.runUntil(target); // no event is due: only the clock moves
    return 'reached';
  }

  /** Event by event, through the runner, which checks the always properties after each. */
  private stepUntil(target: Micros, shouldYield: () => boolean): AdvanceOutcome {
    const run = this.run;
    const simulation = run.simulation;
    let sinceCheck = 0;
    while (!run.isFinished && simulation.nextEventTime() <= target) {
      run.step();
      if (++sinceCheck === EVENTS_BETWEEN_YIELD_CHECKS) {
        sinceCheck = 0;
        if (shouldYield()) return 'yielded';
      }
    }
    return run.isFinished ? 'finished' : 'reached';
  }

  /**
   * With no always property to check, the engine's own loop runs the events (as the
   * runner does), in chunks of virtual time sized to about a thousand events each.
   */
  private runEngineUntil(target: Micros, shouldYield: () => boolean): AdvanceOutcome {
    const run = this.run;
    const simulation = run.simulation;
    while (!run.isFinished && simulation.nextEventTime() <= target) {
      const before = simulation.eventsProcessed;
      const outcome = simulation.runUntil(Math.min(target, simulation.now + this.chunkUs));
      if (outcome.reason === 'event-limit') {
        run.step(); // the runner ends the run and records the limit as a violation
        return 'finished';
      }
      this.tuneChunk(simulation.eventsProcessed - before);
      if (simulation.nextEventTime() <= target && shouldYield()) return 'yielded';
    }
    return run.isFinished ? 'finished' : 'reached';
  }

  private tuneChunk(events: number): void {
    if (events < EVENTS_BETWEEN_YIELD_CHECKS / 2) this.chunkUs = Math.min(this.chunkUs * 2, MAX_CHUNK_US);
    else if (events > EVENTS_BETWEEN_YIELD_CHECKS * 2) this.chunkUs = Math.max(1, Math.floor(this.chunkUs / 2));
  }

  /** Runs exactly one engine event (a delivery, a timer, a fault, ...); false once the run is over. */
  stepEvent(): boolean {
    if (this.run.isFinished) return false;
    this.run.step();
    return true;
  }

  /** Runs events until the next message delivery. */
  stepToDelivery(): DeliveryStepOutcome {
    const before = this.deliveries;
    for (let stepped = 0; stepped < MAX_EVENTS_TO_NEXT_DELIVERY; stepped++) {
      if (!this.stepEvent()) return this.deliveries > before ? 'delivered' : 'finished';
      if (this.deliveries > before) return 'delivered';
    }
    return 'gave-up';
  }

  /** Applies a fault now (at the first free microsecond) and records it for the replay. */
  inject(fault: ManualFault): InjectOutcome {
    try {
      validateFaultSchedule([{ atUs: 0, ...fault }], this.cluster.size);
    } catch (error) {
      return { outcome: 'refused', reason: error instanceof Error ? error.message : String(error) };
    }
    const simulation = this.simulation;
    const atUs = this.freeInstant();
    if (atUs === undefined) return { outcome: 'refused', reason: this.isFinished ? 'the run is over' : 'no free moment before the end of the run' };
    // The fault is an event too: with no room left under the limit it would never run.
    if (simulation.eventsProcessed >= simulation.limits.maxEvents) return { outcome: 'refused', reason: 'the run is at its event limit' };
    // Judged at the free instant, once what was due before it has run (nodes start at time 0, say).
    const pointless = this.pointlessFault(fault);
    if (pointless !== undefined) return { outcome: 'refused', reason: pointless };
    const event = { atUs, ...fault } as FaultEvent;
    simulation.scheduleAt(atUs, (scheduled: FaultEvent) => applyFault(this.cluster, scheduled), event);
    this.run.step(); // the fault is the only event due at atUs, so this runs it and nothing else
    this.manual.push(event);
    return { outcome: 'applied', event };
  }

  /** Violations found so far (an always property stops the run; eventually ones are found at their deadline). */
  violations(): readonly Violation[] {
    const report = this.report();
    if (report !== undefined) return report.violations;
    return this.run.violationsSoFar;
  }

  /** The run's report, once it has finished. */
  report(): Report | undefined {
    return this.isFinished ? this.run.report() : undefined;
  }

  private pointlessFault(fault: ManualFault): string | undefined {
    switch (fault.kind) {
      case 'crash':
        return this.cluster.status(fault.node) === 'crashed' ? `node ${fault.node} is already crashed` : undefined;
      case 'restart':
        return this.cluster.status(fault.node) === 'crashed' ? undefined : `node ${fault.node} is not crashed`;
      case 'heal':
        return this.cluster.network.partitions.current === null ? 'there is no partition to heal' : undefined;
      default:
        return undefined;
    }
  }

  /**
   * The first microsecond after now with no event queued, running what is due before it.
   * A fault installed from the start at that time runs, in a replay, after everything
   * earlier and before anything later: the same place it takes here.
   */
  private freeInstant(): Micros | undefined {
    const simulation = this.simulation;
    for (let stepped = 0; stepped <= MAX_EVENTS_TO_FREE_INSTANT; stepped++) {
      if (this.isFinished) return undefined;
      const atUs = simulation.now + 1;
      if (simulation.nextEventTime() > atUs) return atUs <= this.untilUs ? atUs : undefined;
      this.run.step();
    }
    return undefined;
  }
}
