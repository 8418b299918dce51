// `faultline replay`: the same report as the run it repeats, and --expect-hash that
// passes on the recorded hash, fails on another, and refuses anything but 16 hex digits.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/scenario/report.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { findScenario } from '../../scenarios/index.ts';
import { runCapturing, KNOWN_SCENARIOS } from './capture-host.ts';

const echoHash = runScenario(findScenario('echo')!, { seed: 12 }).traceHash;
const WRONG_HASH = echoHash === '0123456789abcdef' ? 'fedcba9876543210' : '0123456789abcdef';

describe('faultline replay', () => {
  it('prints the same report as run for the same seed and inputs', async () => {
    const argv = ['broadcast', '--seed', '8', '--set', 'nodes=4', '--until', '6s'];
    const run = await runCapturing(['run', ...argv]);
    const replay = await runCapturing(['replay', ...argv]);
    expect(replay).toEqual(run);
    expect(replay.code).toBe(0);
  });

  it('exits 0 and says so when the trace hash is the expected one (either case)', async () => {
    for (const given of [echoHash, echoHash.toUpperCase()]) {
      const result = await runCapturing(['replay', 'echo', '--seed', '12', '--expect-hash', given]);
      expect(result.code).toBe(0);
      expect(result.stdout.endsWith(`\ntrace hash matches: ${echoHash}, as expected\n`)).toBe(true);
      expect(result.stderr).toBe('');
    }
  });

  it('exits 1 and names both hashes when the trace hash differs', async () => {
    const result = await runCapturing(['replay', 'echo', '--seed', '12', '--expect-hash', WRONG_HASH]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('verdict   PASS\n');
    expect(result.stdout.endsWith(`\ntrace hash differs: expected ${WRONG_HASH}, got ${echoHash}\n`)).toBe(true);
  });

  it('adds hashCheck to the JSON report', async () => {
    const matching = await runCapturing(['replay', 'echo', '--seed', '12', '--expect-hash', echoHash, '--json']);
    expect((JSON.parse(matching.stdout) as { hashCheck: unknown }).hashCheck).toEqual({ expected: echoHash, actual: echoHash, matches: true });
    const differing = await runCapturing(['replay', 'echo', '--seed', '12', '--expect-hash', WRONG_HASH, '--json']);
    expect(differing.code).toBe(1);
    const report = JSON.parse(differing.stdout) as Report & { hashCheck: unknown };
    expect(report.traceHash).toBe(echoHash);
    expect(report.hashCheck).toEqual({ expected: WRONG_HASH, actual: echoHash, matches: false });
  });

  it('exits 1 when the hash matches but the run fails its checks, as run does', async () => {
    const failing = runScenario(findScenario('broadcast')!, { seed: 42, params: { retransmit: 'false' }, explain: false });
    const result = await runCapturing(['replay', 'broadcast', '--seed', '42', '--set', 'retransmit=false', '--expect-hash', failing.traceHash]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('VIOLATION every node sees every value');
    expect(result.stdout).toContain(`trace hash matches: ${failing.traceHash}, as expected`);
  });

  it.each([
    [['replay', 'echo'], 'faultline: replay needs --seed N: the seed of the run to replay'],
    [['replay', '--seed', '1'], `faultline: replay needs a scenario name; ${KNOWN_SCENARIOS}`],
    ...['abc', '0123456789abcde', '0123456789abcdef0', 'g123456789abcdef', ' 0123456789abcde', ''].map((hash) => [
      ['replay', 'echo', '--seed', '1', `--expect-hash=${hash}`],
      `faultline: invalid --expect-hash ${JSON.stringify(hash)}: expected a trace hash of 16 hex digits (0-9, a-f), as the report's "trace" line shows`,
    ]),
    [['replay', 'echo', '--seed', '1', '--check-determinism'], 'faultline: unknown option "--check-determinism" for replay: known options are --seed, --set, --until, --max-events, --faults, --expect-hash, --json, --trace, --help'],
  ])('rejects %j with exit 2 and one line', async (argv, line) => {
    const result = await runCapturing(argv as string[]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line as string}\n` });
  });
});
