// `faultline demo` (plain-text tour): broadcast from seed 1, an intro line, the report, a hint.
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runCapturing } from './capture-host.ts';

describe('faultline demo', () => {
  it('prints an intro, the report of broadcast from seed 1, and how to run it or see it fail', async () => {
    const result = await runCapturing(['demo']);
    const report = runScenario(findScenario('broadcast')!, { seed: 1 });
    expect(result.code).toBe(report.verdict === 'pass' ? 0 : 1);
    expect(report.verdict).toBe('pass');
    const [intro, blank, ...rest] = result.stdout.split('\n');
    expect(intro).toMatch(/^Faultline demo: 5 nodes gossip values while the network splits in two and heals/);
    expect(blank).toBe('');
    expect(rest.join('\n')).toBe(
      `${formatReport(report)}\n\nRun it yourself: npm run --silent faultline -- run broadcast --seed 1  (add --set retransmit=false to see it fail)\n`,
    );
    expect(result.stderr).toBe('');
  });

  it('fails, as the hint promises, with retransmit=false', async () => {
    const result = await runCapturing(['run', 'broadcast', '--seed', '1', '--set', 'retransmit=false']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('VIOLATION every node sees every value');
  });
});
