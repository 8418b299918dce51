// `faultline run --faults file.json`: a saved fault schedule replaces the scenario's own,
// the replay line names the file, and every unusable file is one line and exit 2.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seconds } from '../../src/engine/time.ts';
import type { FaultSchedule } from '../../src/faults/fault-event.ts';
import { formatFaultFile } from '../../src/faults/fault-file.ts';
import { describeSchedule } from '../../src/faults/fault-script.ts';
import { CLI_PREFIX } from '../../src/scenario/replay-command.ts';
import type { Report } from '../../src/scenario/report.ts';
import { countScenarioNodes, runScenario } from '../../src/scenario/runner.ts';
import { runScenarioCase } from '../../src/scenario/scenario-property.ts';
import { findScenario } from '../../scenarios/index.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const broadcast = findScenario('broadcast')!;

const CRASH_AND_ISOLATE: FaultSchedule = [
  { atUs: seconds(0.5), kind: 'crash', node: 2 },
  { atUs: seconds(1), kind: 'partition', partition: { kind: 'isolate', node: 4 } },
  { atUs: seconds(2), kind: 'restart', node: 2 },
  { atUs: seconds(3), kind: 'heal' },
];

function writeScratch(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/** A replay line's words after the prefix, ready for runCli (our paths need no quoting). */
function replayArgv(replay: string): string[] {
  expect(replay.startsWith(`${CLI_PREFIX} `)).toBe(true);
  return replay.slice(CLI_PREFIX.length + 1).split(' ');
}

describe('faultline run --faults', () => {
  it('runs the saved schedule instead of the scenario\'s, names the file in the replay line, and replays to the same hash', async () => {
    const path = writeScratch('crash-and-isolate.json', formatFaultFile(CRASH_AND_ISOLATE));
    const first = await runCapturing(['run', 'broadcast', '--seed', '5', '--faults', path, '--json']);
    expect(first.stderr).toBe('');
    const report = JSON.parse(first.stdout) as Report;
    expect(report.faults).toBe(describeSchedule(CRASH_AND_ISOLATE));
    expect(report.replay).toBe(`${CLI_PREFIX} run broadcast --seed 5 --faults ${path}`);
    expect(report.traceHash).toBe(runScenario(broadcast, { seed: 5, faults: CRASH_AND_ISOLATE }).traceHash);
    expect(report.traceHash).not.toBe(runScenario(broadcast, { seed: 5 }).traceHash);
    const again = await runCapturing([...replayArgv(report.replay), '--json']);
    expect((JSON.parse(again.stdout) as Report).traceHash).toBe(report.traceHash);
  });

  it('replays a failing property-test case from the fault file it prints, verdict and hash included', async () => {
    const failure = runScenarioCase(broadcast, { params: { retransmit: 'false' }, faultsFile: join(scratch, 'failure.faults.json') }, 9, CRASH_AND_ISOLATE);
    expect(failure).toBeDefined();
    writeFileSync(failure!.faultsFile, failure!.faultFileText);
    const result = await runCapturing([...replayArgv(failure!.report.replay), '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.verdict).toBe('fail');
    expect(report.traceHash).toBe(failure!.report.traceHash);
    expect(report.replay).toBe(failure!.report.replay);
  });

  it('checks node numbers against the node count the --set values give', async () => {
    expect(countScenarioNodes(broadcast, { nodes: '3' })).toBe(3);
    const path = writeScratch('node-4.json', formatFaultFile([{ atUs: seconds(1), kind: 'crash', node: 4 }]));
    expect((await runCapturing(['run', 'broadcast', '--seed', '1', '--faults', path])).code).toBe(0);
    const refused = await runCapturing(['run', 'broadcast', '--seed', '1', '--set', 'nodes=3', '--faults', path]);
    expect(refused).toEqual({ code: 2, stdout: '', stderr: `faultline: fault file ${JSON.stringify(path)}: fault 0 (crash): node 4 does not exist (nodes are 0..2)\n` });
  });
});

describe('faultline run --faults with a file it cannot use', () => {
  const directory = join(scratch, 'a-directory');
  mkdirSync(directory, { recursive: true });

  it.each([
    ['a missing file', () => join(scratch, 'missing.json'), /^faultline: cannot read fault file ".*missing\.json": ENOENT/],
    ['a directory', () => directory, /^faultline: cannot read fault file ".*a-directory": EISDIR/],
    ['JSON cut short', () => writeScratch('cut.json', '{"faults": [\n  {"atUs": 1'), /^faultline: fault file ".*cut\.json": invalid JSON: /],
    ['a list instead of an object', () => writeScratch('list.json', '[]'), /: expected a JSON object with a "faults" list, got a list$/],
    ['no faults list', () => writeScratch('empty.json', '{}'), /: missing "faults": expected a list of fault events$/],
    ['an unknown field', () => writeScratch('field.json', '{"faults": [], "fautls": []}'), /: unknown field "fautls"/],
    ['an unknown fault kind', () => writeScratch('kind.json', '{"faults": [{"atUs": 0, "kind": "meteor"}]}'), /: fault 0: unknown kind "meteor": expected one of partition, heal, crash/],
    ['a negative time', () => writeScratch('time.json', '{"faults": [{"atUs": -5, "kind": "heal"}]}'), /: fault 0 \(heal\): invalid atUs -5: expected an integer of microseconds, at least 0$/],
  ])('refuses %s with exit 2 and one line naming the file', async (_what, makePath, message) => {
    const path = makePath();
    const result = await runCapturing(['run', 'broadcast', '--faults', path], { randomSeed: () => 1 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toContain(JSON.stringify(path));
    expect(result.stderr.trimEnd()).toMatch(message);
  });

  it('reports bad --set values before reading the file', async () => {
    const result = await runCapturing(['run', 'broadcast', '--set', 'nodes=0', '--faults', join(scratch, 'missing.json')]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: 'faultline: invalid value "0" for parameter "nodes": expected an integer from 1 to 1000000\n' });
  });
});
