// One seed's outcome, as one line of the results file (JSON Lines). Rule: fields are
// written in one fixed order, and a line is only ever read back through parseResultLine,
// which rebuilds it field by field, so what is read equals what was written.

/** `crash`: the run threw (a bug in scenario or protocol code), as opposed to a broken property. */
export type SeedVerdict = 'pass' | 'fail' | 'crash';

export interface SeedResult {
  readonly seed: number;
  readonly scenario: string;
  /** Identifies the resolved parameters (and run length) the seed ran with. */
  readonly paramsFingerprint: string;
  readonly verdict: SeedVerdict;
  /** Empty only for a crash before the simulation existed. */
  readonly traceHash: string;
  readonly events: number;
  readonly virtualTimeMs: number;
  /** For fail: the first violation's property; for crash: `crash`. Absent on pass. */
  readonly property?: string;
  readonly message?: string;
  /** The command that reruns this seed. Absent on pass. */
  readonly replay?: string;
}

/** The property name a crash is filed under. */
export const CRASH_PROPERTY = 'crash';

/** One line of JSON, no newline, fields in the order of SeedResult. */
export function formatResultLine(result: SeedResult): string {
  return JSON.stringify(canonicalResult(result));
}

/** Rebuilds a result with fields in canonical order and nothing else. */
export function canonicalResult(result: SeedResult): SeedResult {
  const base = {
    seed: result.seed,
    scenario: result.scenario,
    paramsFingerprint: result.paramsFingerprint,
    verdict: result.verdict,
    traceHash: result.traceHash,
    events: result.events,
    virtualTimeMs: result.virtualTimeMs,
  };
  if (result.verdict === 'pass') return base;
  return { ...base, property: result.property ?? '', message: result.message ?? '', replay: result.replay ?? '' };
}

/** The result on a line, or a reason the line is not one. */
export function parseResultLine(line: string): SeedResult | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'not a JSON object' };
  const record = value as Record<string, unknown>;
  const problem = findFieldProblem(record);
  return problem === undefined ? canonicalResult(record as unknown as SeedResult) : { problem };
}

function findFieldProblem(record: Record<string, unknown>): string | undefined {
  const isCount = (field: unknown): boolean => Number.isSafeInteger(field) && (field as number) >= 0;
  if (!isCount(record.seed)) return 'seed is not a non-negative integer';
  for (const name of ['scenario', 'paramsFingerprint', 'traceHash'] as const) {
    if (typeof record[name] !== 'string') return `${name} is not a string`;
  }
  if (!isCount(record.events)) return 'events is not a non-negative integer';
  if (typeof record.virtualTimeMs !== 'number' || !(record.virtualTimeMs >= 0)) return 'virtualTimeMs is not a non-negative number';
  const verdict = record.verdict;
  if (verdict === 'pass') return undefined;
  if (verdict !== 'fail' && verdict !== 'crash') {
    return typeof verdict === 'string' ? `unknown verdict ${JSON.stringify(verdict)}` : 'verdict is not a string';
  }
  for (const name of ['property', 'message', 'replay'] as const) {
    if (typeof record[name] !== 'string') return `${name} is not a string on a ${verdict}`;
  }
  return undefined;
}
