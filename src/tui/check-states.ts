// The state of each property a scenario declares, for the checks panel and the header's
// verdict so far. Rule: the runner's verdicts are the truth; a "now" preview (calling a
// property's check on the current state) is shown only for checks that have not been
// decided yet, and is labelled as such.
import type { Property, PropertyKind, Violation } from '../check/property.ts';
import { describeProblem } from '../check/property.ts';
import type { Micros } from '../engine/time.ts';

export type CheckState =
  | { readonly state: 'holding' } // an always property, not broken so far
  | { readonly state: 'violated'; readonly violation: Violation }
  | { readonly state: 'passed' } // decided and held
  | { readonly state: 'pending'; readonly decidedAtUs: Micros | 'end'; readonly preview: Preview };

/** What an undecided check says about the state right now. */
export type Preview =
  | { readonly now: 'holds' }
  | { readonly now: 'broken'; readonly message: string }
  | { readonly now: 'not-checked' };

export interface CheckRow {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly check: CheckState;
}

export type VerdictSoFar =
  | { readonly verdict: 'ok-so-far' }
  | { readonly verdict: 'failing'; readonly property: string }
  | { readonly verdict: 'pass' }
  | { readonly verdict: 'fail'; readonly property: string };

export interface CheckContext {
  readonly properties: readonly Property[];
  readonly violations: readonly Violation[];
  readonly nowUs: Micros;
  readonly untilUs: Micros;
  readonly isFinished: boolean;
  /** Whether to call undecided checks for a preview (off for huge clusters). */
  readonly preview: boolean;
}

export function checkRows(context: CheckContext): CheckRow[] {
  const rows: CheckRow[] = context.properties.map((property) => ({ name: property.name, kind: property.kind, check: stateOf(property, context) }));
  // Limits (the event limit) are not declared properties but still break a run.
  for (const violation of context.violations) {
    if (!context.properties.some((property) => property.name === violation.property)) {
      rows.push({ name: violation.property, kind: violation.kind, check: { state: 'violated', violation } });
    }
  }
  return rows;
}

function stateOf(property: Property, context: CheckContext): CheckState {
  const violation = context.violations.find((found) => found.property === property.name);
  if (violation !== undefined) return { state: 'violated', violation };
  if (context.isFinished) return { state: 'passed' };
  switch (property.kind) {
    case 'always':
      return { state: 'holding' };
    case 'eventually': {
      const deadline = property.deadlineUs ?? context.untilUs;
      if (deadline < context.untilUs && context.nowUs > deadline) return { state: 'passed' };
      return { state: 'pending', decidedAtUs: deadline < context.untilUs ? deadline : 'end', preview: previewOf(property, context) };
    }
    case 'atEnd':
      return { state: 'pending', decidedAtUs: 'end', preview: previewOf(property, context) };
  }
}

function previewOf(property: Property, context: CheckContext): Preview {
  if (!context.preview) return { now: 'not-checked' };
  try {
    const problem = property.check();
    return problem === undefined ? { now: 'holds' } : { now: 'broken', message: describeProblem(problem).message };
  } catch {
    return { now: 'not-checked' }; // a check written for the end state may not run mid-way
  }
}

export function verdictSoFar(rows: readonly CheckRow[], isFinished: boolean): VerdictSoFar {
  const broken = rows.find((row) => row.check.state === 'violated');
  if (isFinished) return broken === undefined ? { verdict: 'pass' } : { verdict: 'fail', property: broken.name };
  return broken === undefined ? { verdict: 'ok-so-far' } : { verdict: 'failing', property: broken.name };
}
