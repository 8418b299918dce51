// What every seed of a sweep shares: the scenario, its parameters, the run length, and
// the fingerprint that ties results-file lines to them. Rule: it is resolved once, on
// the host, before any worker starts, so bad parameters fail fast with the runner's
// own ParamError and every worker receives the same plain, clonable data.
import { createHash } from 'node:crypto';
import type { Scenario } from '../scenario/define-scenario.ts';
import { formatParamValue, resolveParams, type RawParams } from '../scenario/params.ts';

export interface SweepSetup {
  readonly scenario: string;
  /** As given (`--set` text or typed values); each worker resolves them again. */
  readonly params: RawParams;
  /** Run length override in virtual microseconds; undefined means the scenario's duration. */
  readonly untilUs: number | undefined;
  /** 16 hex digits over the resolved parameters and the run length. */
  readonly paramsFingerprint: string;
  /** Parameters that differ from the defaults, as typed on a command line (for replay commands). */
  readonly changedParams: Readonly<Record<string, string>>;
}

/** Validates params (throws ParamError / RangeError) and fingerprints them. */
export function resolveSweepSetup(scenario: Scenario, params: RawParams = {}, untilUs?: number): SweepSetup {
  if (untilUs !== undefined && !(Number.isSafeInteger(untilUs) && untilUs > 0)) {
    throw new RangeError(`invalid run length ${String(untilUs)}us: expected a positive integer`);
  }
  const resolved = resolveParams(scenario.params, params);
  const changedParams: Record<string, string> = {};
  const canonical: string[] = [`scenario=${scenario.name}`, `untilUs=${untilUs ?? scenario.durationUs}`];
  for (const [name, spec] of Object.entries(scenario.params)) {
    const text = formatParamValue(spec, resolved[name]);
    canonical.push(`${name}=${text}`);
    if (resolved[name] !== spec.default) changedParams[name] = text;
  }
  const paramsFingerprint = createHash('sha256').update(canonical.join('\n')).digest('hex').slice(0, 16);
  return { scenario: scenario.name, params: { ...params }, untilUs, paramsFingerprint, changedParams };
}
