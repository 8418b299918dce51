// Observing a run never changes it, and the same seed gives byte-identical exports.
import { describe, expect, it } from 'vitest';
import { EXPORT_KINDS, renderExport } from '../../src/obs/export-kind.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc from './tiny-rpc-scenario.ts';

describe('observed runs', () => {
  it('have the trace hash of the same run unobserved', () => {
    const broadcast = findScenario('broadcast');
    if (broadcast === undefined) throw new Error('the broadcast scenario is missing');
    for (const [scenario, seed] of [[tinyRpc, 7], [broadcast, 11]] as const) {
      expect(observeRun(scenario, { seed }).report.traceHash).toBe(runScenario(scenario, { seed }).traceHash);
    }
  });

  it.each(EXPORT_KINDS)('give the same %s export for the same seed, and another for another seed', (kind) => {
    const render = (seed: number): string => renderExport(kind, observeRun(tinyRpc, { seed }).observed, { window: { startUs: 0, endUs: 500_000 } });
    const first = render(8);
    expect(render(8)).toBe(first);
    if (kind !== 'mermaid' && kind !== 'prometheus') expect(render(9)).not.toBe(first);
  });
});
