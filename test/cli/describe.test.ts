// `faultline describe <scenario>`: description, default duration, and each parameter.
import { describe, expect, it } from 'vitest';
import { formatDurationExact } from '../../src/engine/time.ts';
import { SCENARIOS } from '../../scenarios/index.ts';
import { runCapturing } from './capture-host.ts';

describe('faultline describe', () => {
  it.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('shows %s: description, duration and a row per parameter', async (name, scenario) => {
    const result = await runCapturing(['describe', name]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`${name}: ${scenario.summary}\n`)).toBe(true);
    for (const line of scenario.description.split('\n')) expect(result.stdout).toContain(`  ${line}\n`);
    expect(result.stdout).toContain(`duration   ${formatDurationExact(scenario.durationUs)} of virtual time by default`);
    const lines = result.stdout.split('\n');
    const header = lines.findIndex((line) => line.startsWith('parameter '));
    expect(header).toBeGreaterThan(0);
    const descriptionColumn = (lines[header] as string).indexOf('description');
    Object.entries(scenario.params).forEach(([param, spec], index) => {
      const row = lines[header + 1 + index] as string;
      expect(row.startsWith(`${param} `)).toBe(true);
      expect(row.slice(descriptionColumn)).toBe(spec.description);
    });
  });

  it('names types, defaults as typed after --set, and allowed ranges and values', async () => {
    const result = await runCapturing(['describe', 'broadcast']);
    const row = (name: string): string[] => (result.stdout.split('\n').find((line) => line.startsWith(`${name} `)) ?? '').split(/\s{2,}/);
    expect(row('nodes').slice(0, 4)).toEqual(['nodes', 'int', '5', '1..1000000']);
    expect(row('loss').slice(0, 4)).toEqual(['loss', 'number', '0.05', '0..1']);
    expect(row('gossipInterval').slice(0, 4)).toEqual(['gossipInterval', 'duration', '100ms', '1ms..60s']);
    expect(row('retransmit').slice(0, 4)).toEqual(['retransmit', 'boolean', 'true', 'true|false']);
    expect(row('topology').slice(0, 4)).toEqual(['topology', 'enum', 'mesh', 'mesh|ring|tree']);
  });

  it('prints one JSON object with --json', async () => {
    const result = await runCapturing(['describe', 'broadcast', '--json']);
    expect(result.code).toBe(0);
    const description = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(description)).toEqual(['name', 'summary', 'description', 'duration', 'durationUs', 'params']);
    expect(description['duration']).toBe('10s');
    expect(description['durationUs']).toBe(10_000_000);
    const params = description['params'] as Record<string, unknown>[];
    expect(params.map((param) => param['name'])).toEqual(['nodes', 'values', 'topology', 'loss', 'gossipInterval', 'retransmit', 'faults']);
    expect(params[0]).toEqual({ name: 'nodes', type: 'int', default: 5, allowed: '1..1000000', description: 'number of nodes', min: 1, max: 1_000_000 });
    expect(params[2]).toMatchObject({ name: 'topology', type: 'enum', default: 'mesh', values: ['mesh', 'ring', 'tree'] });
    expect(params[4]).toMatchObject({ name: 'gossipInterval', type: 'duration', default: '100ms', min: '1ms', max: '60s' });
    expect(params[5]).toMatchObject({ name: 'retransmit', type: 'boolean', default: true, allowed: 'true|false' });
  });
});
