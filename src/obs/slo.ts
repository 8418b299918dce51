// Service-level objectives over rpc calls: "99% of calls to api answered ok within 200 ms,
// over any 10 s window". Rule: a call is good when it got an ok reply within the latency
// bound; it counts at the moment its fate is known: its reply, or the moment it passed the
// bound without one. The burn rate is the share of bad calls in the window divided by the
// error budget (1 - objective): above 1, the objective is breached at that moment.
import type { Micros } from '../engine/time.ts';

export interface SloDefinition {
  /** Shown in reports: `api latency`. */
  readonly name: string;
  /** Calls to this service count (a name given to nameNode, or `node-<id>`); every rpc call when absent. */
  readonly service?: string;
  /** The share of good calls required: above 0 and below 1 (0.99). */
  readonly objective: number;
  /** A good call is answered ok within this long. */
  readonly latencyUs: Micros;
  /** The sliding window the share is measured over. */
  readonly windowUs: Micros;
}

/** One logical call as the SLO sees it. */
export interface CallOutcome {
  readonly startUs: Micros;
  /** When the caller got its answer or gave up; undefined when the run ended first. */
  readonly endUs: Micros | undefined;
  readonly isOk: boolean;
  readonly service: string;
}

export interface SloBreach {
  readonly startUs: Micros;
  /** The first sample at which it was no longer breached, or the run's end. */
  readonly endUs: Micros;
}

export interface SloReport {
  readonly name: string;
  readonly service: string | undefined;
  readonly objective: number;
  readonly latencyUs: Micros;
  readonly windowUs: Micros;
  readonly total: number;
  readonly good: number;
  /** good / total over the whole run (1 when there were no calls). */
  readonly compliance: number;
  /** Bad calls as a share of the run's error budget: above 1, the budget is spent. */
  readonly budgetSpent: number;
  readonly maxBurnRate: number;
  readonly breaches: readonly SloBreach[];
  /** Burn rate at each timeline sample (null when the window held no call). */
  readonly burnRates: readonly (number | null)[];
}

const SLO_NAME = /^[^\r\n]{1,80}$/;

export function checkSloDefinition(definition: SloDefinition): void {
  const what = `SLO ${JSON.stringify(definition.name)}`;
  if (!SLO_NAME.test(definition.name)) throw new RangeError(`invalid SLO name ${JSON.stringify(definition.name)}: expected 1 to 80 characters on one line`);
  if (!(definition.objective > 0 && definition.objective < 1)) throw new RangeError(`${what}: invalid objective ${String(definition.objective)}: expected a fraction above 0 and below 1 (0.99)`);
  if (!Number.isSafeInteger(definition.latencyUs) || definition.latencyUs < 1) throw new RangeError(`${what}: invalid latencyUs ${String(definition.latencyUs)}: expected a positive integer`);
  if (!Number.isSafeInteger(definition.windowUs) || definition.windowUs < 1) throw new RangeError(`${what}: invalid windowUs ${String(definition.windowUs)}: expected a positive integer`);
}

interface Verdict {
  readonly atUs: Micros;
  readonly isGood: boolean;
}

/** When each call's fate was known, in time order; calls still undecided at the end are left out. */
function verdicts(definition: SloDefinition, calls: readonly CallOutcome[], endUs: Micros): Verdict[] {
  const result: Verdict[] = [];
  for (const call of calls) {
    if (definition.service !== undefined && call.service !== definition.service) continue;
    const deadlineUs = call.startUs + definition.latencyUs;
    if (call.endUs !== undefined && call.isOk && call.endUs <= deadlineUs) result.push({ atUs: call.endUs, isGood: true });
    else if (call.endUs !== undefined && call.endUs <= deadlineUs) result.push({ atUs: call.endUs, isGood: false });
    else if (deadlineUs < endUs) result.push({ atUs: deadlineUs + 1, isGood: false });
  }
  // Times are integers: a numeric sort orders them exactly; ties keep call order (stable sort).
  return result.sort((first, second) => first.atUs - second.atUs);
}

export function evaluateSlo(definition: SloDefinition, calls: readonly CallOutcome[], timesUs: readonly Micros[], endUs: Micros): SloReport {
  const decided = verdicts(definition, calls, endUs);
  const budget = 1 - definition.objective;
  const burnRates: (number | null)[] = [];
  const breaches: SloBreach[] = [];
  let enter = 0;
  let leave = 0;
  let inWindow = 0;
  let badInWindow = 0;
  let breachStart: Micros | undefined;
  let maxBurnRate = 0;
  for (const timeUs of timesUs) {
    for (; enter < decided.length && (decided[enter] as Verdict).atUs <= timeUs; enter++) {
      inWindow++;
      if (!(decided[enter] as Verdict).isGood) badInWindow++;
    }
    for (; leave < enter && (decided[leave] as Verdict).atUs <= timeUs - definition.windowUs; leave++) {
      inWindow--;
      if (!(decided[leave] as Verdict).isGood) badInWindow--;
    }
    const burnRate = inWindow === 0 ? null : badInWindow / inWindow / budget;
    burnRates.push(burnRate);
    if (burnRate !== null && burnRate > maxBurnRate) maxBurnRate = burnRate;
    const isBreached = burnRate !== null && burnRate > 1;
    if (isBreached && breachStart === undefined) breachStart = timeUs;
    if (!isBreached && breachStart !== undefined) {
      breaches.push({ startUs: breachStart, endUs: timeUs });
      breachStart = undefined;
    }
  }
  if (breachStart !== undefined) breaches.push({ startUs: breachStart, endUs });
  const total = decided.length;
  const good = decided.filter((verdict) => verdict.isGood).length;
  return {
    name: definition.name,
    service: definition.service,
    objective: definition.objective,
    latencyUs: definition.latencyUs,
    windowUs: definition.windowUs,
    total,
    good,
    compliance: total === 0 ? 1 : good / total,
    budgetSpent: total === 0 ? 0 : (total - good) / total / budget,
    maxBurnRate,
    breaches,
    burnRates,
  };
}
