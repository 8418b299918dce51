// `faultline run --export kind=file`, `--window` and `--trace-sample`: files written, summary lines, the
// same report as a plain run, and every kind of bad input reported before the run.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExportOptions, parseWindow } from '../../src/cli/export-option.ts';
import { runCapturing } from './capture-host.ts';

const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-export-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('faultline run --export', () => {
  it('writes every export asked for, prints a line for each, and reports as a plain run does', async () => {
    const files = { html: join(scratch, 'run.html'), perfetto: join(scratch, 'run.json'), otlp: join(scratch, 'run.jsonl'), prometheus: join(scratch, 'run.prom'), mermaid: join(scratch, 'run.mmd') };
    const exports = Object.entries(files).flatMap(([kind, path]) => ['--export', `${kind}=${path}`]);
    const plain = await runCapturing(['run', 'broadcast', '--seed', '3']);
    const observed = await runCapturing(['run', 'broadcast', '--seed', '3', ...exports, '--window', '2600ms..3s']);
    expect(observed.code).toBe(0);
    expect(observed.stdout.startsWith(plain.stdout)).toBe(true);
    for (const [kind, path] of Object.entries(files)) expect(observed.stdout).toMatch(new RegExp(`^export {4}${kind} -> ${path.replace(/[.]/g, '\\.')} \\(\\d`, 'm'));
    expect(readFileSync(files.mermaid, 'utf8')).toMatch(/^sequenceDiagram\n/);
    expect(readFileSync(files.mermaid, 'utf8')).toContain('2.672s broadcast');
    expect(JSON.parse(readFileSync(files.perfetto, 'utf8')).traceEvents.length).toBeGreaterThan(100);
    expect(readFileSync(files.html, 'utf8')).toContain('<svg id="diagram"');
  });

  it('keeps stdout one JSON object with --json, the export lines going to stderr', async () => {
    const path = join(scratch, 'json.prom');
    const result = await runCapturing(['run', 'echo', '--seed', '2', '--json', '--export', `prometheus=${path}`]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ scenario: 'echo', seed: 2 });
    expect(result.stderr).toMatch(/^export {4}prometheus -> .*json\.prom \(\d/);
    expect(readFileSync(path, 'utf8')).toContain('# TYPE faultline_messages_sent_total counter');
  });

  it('rejects bad --export and --window values with one line naming them', async () => {
    const cases: [readonly string[], string][] = [
      [['--export', 'pdf=x.pdf'], 'faultline: invalid --export "pdf=x.pdf": expected KIND=FILE with KIND one of perfetto, otlp, prometheus, mermaid, html (for example html=report.html)\n'],
      [['--export', 'html'], 'faultline: invalid --export "html": expected a file after "=" (for example html=out.html)\n'],
      [['--export', 'html=a', '--export', 'perfetto=a'], 'faultline: file "a" is named by two --export options: give each export its own file\n'],
      [['--window', '1s..2s'], 'faultline: --window applies to a mermaid export: add --export mermaid=FILE\n'],
      [['--export', 'mermaid=m.mmd', '--window', '3s..2s'], 'faultline: invalid --window "3s..2s": the end must come after the start\n'],
      [['--export', `html=${join(scratch, 'missing', 'dir', 'x.html')}`], ''],
    ];
    for (const [args, stderr] of cases) {
      const result = await runCapturing(['run', 'echo', '--seed', '1', ...args]);
      expect(result.code).toBe(2);
      if (stderr !== '') expect(result.stderr).toBe(stderr);
      else expect(result.stderr).toMatch(/^faultline: cannot write export file ".*x\.html": ENOENT/);
    }
  });

  it('reads windows of any duration units', () => {
    expect(parseWindow('1500ms..2s')).toEqual({ startUs: 1_500_000, endUs: 2_000_000 });
    expect(() => parseWindow('2s')).toThrow(/expected START..END/);
    expect(() => parseWindow('2x..3s')).toThrow(/invalid --window "2x..3s": invalid duration "2x"/);
    expect(parseExportOptions([], undefined)).toBeUndefined();
  });

  it('samples traces with --trace-sample, says how many it kept, and refuses ratios outside (0, 1]', async () => {
    const perfetto = join(scratch, 'sampled.json');
    const result = await runCapturing(['run', 'retry-storm', '--seed', '1', '--until', '3s', '--export', `perfetto=${perfetto}`, '--trace-sample', '0.25']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^traces {4}sampled at 0\.25: \d+ kept, \d+ left out of the span exports \(metrics and SLOs count every request\)$/m);
    expect((JSON.parse(readFileSync(perfetto, 'utf8')) as { otherData: { traceSampleRatio: number } }).otherData.traceSampleRatio).toBe(0.25);
    expect(parseExportOptions(['html=x.html'], undefined)?.traceSampleRatio).toBe(1);
    for (const bad of ['0', '1.5', 'abc', '', '10%', '0x1']) {
      const refused = await runCapturing(['run', 'retry-storm', '--seed', '1', '--export', `html=${join(scratch, 'never.html')}`, '--trace-sample', bad]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`faultline: invalid --trace-sample ${JSON.stringify(bad)}: expected a number above 0 and at most 1 (0.1 keeps one trace in ten, 1 keeps all)\n`);
    }
    const alone = await runCapturing(['run', 'retry-storm', '--seed', '1', '--trace-sample', '0.5']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/--trace-sample applies to exports/);
  });
});
