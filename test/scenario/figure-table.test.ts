// A scenario can lay summary figures out as a table (world.table): the text report shows
// the table instead of those figures' lines, --json keeps the summary and adds the table
// with its values, and a table naming a figure nobody declared is a programmer error.
import { describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/scenario/define-scenario.ts';
import { formatReport } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';

function scenarioWithTable(figure = 'b completed') {
  return defineScenario({
    name: 'tabled',
    summary: 's',
    description: 'd',
    params: {},
    durationUs: 1_000,
    setup(world) {
      world.summary('a completed', () => 37);
      world.summary('b completed', () => 25);
      world.summary('a blocked ms', () => 399.6);
      world.summary('untabled', () => 'kept as a line');
      world.table('a and b, side by side', ['a', 'b'], [
        ['completed', ['a completed', figure]],
        ['blocked ms', ['a blocked ms', undefined]],
      ]);
    },
  });
}

describe('figure tables', () => {
  it('prints declared figures as an aligned table and the others as lines', () => {
    const text = formatReport(runScenario(scenarioWithTable(), { seed: 1 }));
    expect(text).toContain('\n  untabled: kept as a line\n');
    expect(text).not.toContain('a completed:');
    expect(text).toContain(['  a and b, side by side', '                  a   b', '  completed      37  25', '  blocked ms  399.6   -'].join('\n'));
  });

  it('keeps every figure in the summary and adds the table with its values to the report', () => {
    const report = runScenario(scenarioWithTable(), { seed: 1 });
    expect(report.summary).toEqual({ 'a completed': 37, 'b completed': 25, 'a blocked ms': 399.6, untabled: 'kept as a line' });
    expect(report.tables).toEqual([
      {
        title: 'a and b, side by side',
        columns: ['a', 'b'],
        rows: [
          { label: 'completed', figures: ['a completed', 'b completed'], values: [37, 25] },
          { label: 'blocked ms', figures: ['a blocked ms', null], values: [399.6, null] },
        ],
      },
    ]);
  });

  it('leaves the report without tables when the scenario declares none', () => {
    const plain = defineScenario({ name: 'plain', summary: 's', description: 'd', params: {}, durationUs: 1_000, setup: (world) => world.summary('x', () => 1) });
    expect(Object.keys(runScenario(plain, { seed: 1 }))).not.toContain('tables');
  });

  it('refuses a table that names a figure nobody declared', () => {
    expect(() => runScenario(scenarioWithTable('c completed'), { seed: 1 })).toThrow('table "a and b, side by side": no summary figure named "c completed"');
  });

  it('2pc-vs-saga reports saga and 2pc side by side, a row per figure (seed 2)', () => {
    const report = runScenario(findScenario('2pc-vs-saga')!, { seed: 2 });
    const table = report.tables?.[0];
    expect(table?.columns).toEqual(['saga', '2pc']);
    expect(table?.rows.find((row) => row.label === 'bookings completed')?.values).toEqual([report.summary['saga bookings completed'], report.summary['2pc bookings completed']]);
    expect(table?.rows.map((row) => row.label)).toEqual(expect.arrayContaining(['blocked time total ms', 'lock hold max ms', 'partial bookings']));
  });
});
