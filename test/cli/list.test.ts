// `faultline list`: every scenario with its summary, as an aligned table or JSON.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runCapturing } from './capture-host.ts';

describe('faultline list', () => {
  it('prints every scenario with its summary in aligned columns', async () => {
    const result = await runCapturing(['list']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    const width = Math.max(...SCENARIOS.map((scenario) => scenario.name.length));
    SCENARIOS.forEach((scenario, index) => {
      expect(lines[index]).toBe(`${scenario.name.padEnd(width)}  ${scenario.summary}`);
    });
  });

  it('prints a JSON array of {name, summary} with --json', async () => {
    const result = await runCapturing(['list', '--json']);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout) as unknown;
    expect(listing).toEqual(SCENARIOS.map((scenario) => ({ name: scenario.name, summary: scenario.summary })));
  });
});
