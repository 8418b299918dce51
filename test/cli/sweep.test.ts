// `faultline sweep` end to end, on real worker threads: the same hashes as in-process
// runs whatever the workers or shards, Ctrl-C keeps what finished, --resume repeats
// nothing, failures are listed with replay commands, and bad input never starts a pool.
// Pools cost about half a second each to start, so cases share sweeps where they can.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/scenario/runner.ts';
import { readResultsFile, type SeedResult, type SweepSummary } from '../../src/sweep/index.ts';
import { findScenario } from '../../scenarios/index.ts';
import { isOneLine, runCapturing, type CaptureOptions, KNOWN_SCENARIOS } from './capture-host.ts';

const POOL_TEST_TIMEOUT_MS = 60_000;
const scratch = mkdtempSync(join(tmpdir(), 'faultline-cli-sweep-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;
const newPath = (): string => join(scratch, `results-${++fileCount}.jsonl`);

const ECHO = ['sweep', 'echo', '--set', 'requests=8'];
const SEEDS = Array.from({ length: 12 }, (_, index) => index + 1);
const echoScenario = findScenario('echo')!;
/** seed -> trace hash of the same run in this thread. */
const inProcessHashes = new Map(SEEDS.map((seed) => [seed, runScenario(echoScenario, { seed, params: { requests: '8' }, explain: false }).traceHash]));

/** A wall clock that stands still: no plain progress line is ever due. */
const FROZEN_CLOCK: CaptureOptions = { nowMs: () => 0 };
/** A wall clock that moves 10s at every look: every progress update is due. */
function racingClock(): () => number {
  let now = 0;
  return () => (now += 10_000);
}

const hashesOf = (results: readonly SeedResult[]): Map<number, string> => new Map(results.map((result) => [result.seed, result.traceHash]));
const seedsOf = (results: readonly SeedResult[]): number[] => results.map((result) => result.seed);

describe('faultline sweep: results', () => {
  it(
    'gives every seed the verdict and trace hash of an in-process run, with 1 and with 2 workers',
    async () => {
      const [onePath, twoPath] = [newPath(), newPath()];
      const [one, two] = await Promise.all([
        runCapturing([...ECHO, '--seeds', '1..12', '--workers', '1', '--out', onePath, '--json']),
        runCapturing([...ECHO, '--seeds', '1..12', '--workers', '2', '--out', twoPath], FROZEN_CLOCK),
      ]);
      expect(one).toMatchObject({ code: 0, stderr: '' });
      expect(two).toMatchObject({ code: 0, stderr: '' });
      for (const path of [onePath, twoPath]) {
        const { results, warnings } = readResultsFile(path);
        expect(warnings).toEqual([]);
        expect(seedsOf(results)).toEqual(SEEDS);
        expect(results.every((result) => result.verdict === 'pass' && result.scenario === 'echo')).toBe(true);
        expect(hashesOf(results)).toEqual(inProcessHashes);
      }
      const summary = JSON.parse(one.stdout) as SweepSummary;
      expect(Object.keys(summary)).toEqual([
        'scenario', 'paramsFingerprint', 'seeds', 'shard', 'runs', 'skipped', 'passed', 'failed', 'crashed',
        'failures', 'failuresNotListed', 'seedsPerSec', 'elapsedSeconds', 'workers', 'interrupted', 'warnings',
      ]);
      expect(summary).toMatchObject({ scenario: 'echo', seeds: '1..12', shard: '1/1', runs: 12, skipped: 0, passed: 12, failed: 0, crashed: 0, failures: [], workers: 1, interrupted: false, warnings: [] });
      expect(summary.paramsFingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(two.stdout).toBe(
        [
          `sweep     echo, seeds 1..12, shard 1/1, params fingerprint ${summary.paramsFingerprint}`,
          'runs      12 run now',
          'speed     0 seeds/s (2 workers, 0s)',
          'verdicts  12 passed, 0 failed',
          `results   ${twoPath}`,
          '',
        ].join('\n'),
      );
    },
    POOL_TEST_TIMEOUT_MS,
  );

  it(
    'writes shard files that, concatenated, hold the whole sweep exactly once',
    async () => {
      const paths = [newPath(), newPath(), newPath()];
      const shards = await Promise.all(
        paths.map((path, index) => runCapturing([...ECHO, '--seeds', '1..12', '--shard', `${index + 1}/3`, '--workers', '1', '--out', path, '--json'])),
      );
      expect(shards.map((shard) => shard.code)).toEqual([0, 0, 0]);
      expect(shards.map((shard) => (JSON.parse(shard.stdout) as SweepSummary).shard)).toEqual(['1/3', '2/3', '3/3']);
      expect(seedsOf(readResultsFile(paths[1]!).results)).toEqual([2, 5, 8, 11]);
      const merged = newPath();
      writeFileSync(merged, paths.map((path) => readFileSync(path, 'utf8')).join(''));
      const { results } = readResultsFile(merged);
      expect(seedsOf(results)).toEqual(SEEDS);
      expect(hashesOf(results)).toEqual(inProcessHashes);
    },
    POOL_TEST_TIMEOUT_MS,
  );
});

describe('faultline sweep: Ctrl-C and --resume', () => {
  it(
    'stops on Ctrl-C with exit 130 keeping what finished, then resumes past a cut-short last line without repeating a seed',
    async () => {
      const path = newPath();
      const stopped = await runCapturing([...ECHO, '--seeds', '1..12', '--workers', '1', '--out', path], {
        nowMs: racingClock(),
        onStderr: (text, pressCtrlC) => {
          if (text.startsWith('sweep echo: ')) pressCtrlC();
        },
      });
      expect(stopped.code).toBe(130);
      // Ctrl-C came with the first progress line, after the first batch: that batch is kept, nothing more runs.
      const progressLine = /^sweep echo: (\d+)\/12 seeds \(\d+%\), 0 failed, [0-9.]+ seeds\/s, about \S+ left\n/.exec(stopped.stderr);
      expect(progressLine).not.toBeNull();
      const keptCount = Number(progressLine![1]);
      expect(keptCount).toBeGreaterThan(0);
      expect(keptCount).toBeLessThan(12);
      expect(stopped.stderr).toContain('faultline: stopping: running batches finish and are kept (Ctrl-C again quits at once)\n');
      expect(stopped.stdout).toContain(`runs      ${keptCount} run now\n`);
      expect(stopped.stdout).toContain('stopped   by Ctrl-C before every seed had a result; run the same command with --resume to run only the rest\n');
      expect(seedsOf(readResultsFile(path).results)).toEqual(SEEDS.slice(0, keptCount));

      const cutShort = '{"seed":99,"scenario":"ec';
      appendFileSync(path, cutShort);
      const resumed = await runCapturing([...ECHO, '--seeds', '1..12', '--workers', '2', '--out', path, '--resume', '--json']);
      expect(resumed.code).toBe(0);
      expect(resumed.stderr).toBe(
        `faultline: warning: ${path} line ${keptCount + 1}, the last line, is cut short (no newline at the end), most likely a write cut short when a sweep was killed: removed it (${cutShort.length} bytes); its seed runs again\n`,
      );
      expect(JSON.parse(resumed.stdout)).toMatchObject({ runs: 12 - keptCount, skipped: keptCount, passed: 12, failed: 0, interrupted: false });
      const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(12);
      const { results } = readResultsFile(path);
      expect(seedsOf(results)).toEqual(SEEDS);
      expect(hashesOf(results)).toEqual(inProcessHashes);

      const again = await runCapturing([...ECHO, '--seeds', '1..12', '--out', path, '--resume', '--json']);
      expect(JSON.parse(again.stdout)).toMatchObject({ runs: 0, skipped: 12, passed: 12, workers: 0 });
      expect(readFileSync(path, 'utf8').trimEnd().split('\n')).toEqual(lines);
    },
    POOL_TEST_TIMEOUT_MS,
  );
});

describe('faultline sweep: failures', () => {
  it(
    'exits 1 and lists the lowest failing seeds with the property and the replay command, with a live line on a terminal',
    async () => {
      const result = await runCapturing(['sweep', 'broadcast', '--seeds', '1..12', '--set', 'retransmit=false', '--workers', '2'], {
        isStderrTerminal: true,
        nowMs: racingClock(),
      });
      expect(result.code).toBe(1);
      const lines = result.stdout.split('\n');
      expect(lines).toContain('verdicts  0 passed, 12 failed');
      expect(lines).toContain('failures  lowest seeds first, each with the command that replays it:');
      for (const seed of SEEDS.slice(0, 10)) {
        const at = lines.findIndex((line) => line.startsWith(`  seed ${String(seed).padEnd(2)}  every node sees every value: node `));
        expect(at).toBeGreaterThan(0);
        expect(lines[at + 1]).toBe(`           npm run --silent faultline -- run broadcast --seed ${seed} --set retransmit=false`);
      }
      expect(result.stdout).not.toContain('seed 11');
      expect(lines).toContain('  and 2 more (--json lists the first 1000; a results file, --out, has every seed)');
      // The live line: rewritten in place with \r, last at 12/12, then cleared.
      expect(result.stderr.startsWith('\rsweep broadcast: ')).toBe(true);
      expect(result.stderr).toMatch(/\rsweep broadcast: 12\/12 seeds \(100%\), 12 failed, [0-9.]+ seeds\/s, about 0s left\u001b\[K\r\u001b\[K$/);
      expect(result.stderr).not.toContain('\n');
    },
    POOL_TEST_TIMEOUT_MS,
  );
});

describe('faultline sweep: bad input, refused before a thread starts', () => {
  const RANGE_FORM = 'expected N or FIRST..LAST (non-negative integers, FIRST <= LAST, both included, at most 10000000 seeds)';
  it.each([
    [['--seeds', '10..1'], `faultline: --seeds: invalid seed range "10..1": the first seed is after the last; ${RANGE_FORM}`],
    [['--seeds', '1-10'], `faultline: --seeds: invalid seed range "1-10": "1-10" is not a seed; ${RANGE_FORM}`],
    [['--seeds', '1..10', '--shard', '4/3'], 'faultline: --shard: invalid shard "4/3": expected k/n with integers 1 <= k <= n <= 10000000 (for example 2/4)'],
    [['--seeds', '1..10', '--shard', '0/3'], 'faultline: --shard: invalid shard "0/3": expected k/n with integers 1 <= k <= n <= 10000000 (for example 2/4)'],
    [['--seeds', '1..10', '--workers', '0'], 'faultline: --workers: invalid worker count "0": expected an integer from 1 to 256'],
    [['--seeds', '1..10', '--workers', 'many'], 'faultline: --workers: invalid worker count "many": expected an integer from 1 to 256'],
    [['--seeds', '1..10', '--resume'], 'faultline: --resume needs --out FILE: the results file to resume from'],
    [[], 'faultline: sweep needs --seeds FIRST..LAST or --seeds N (for example --seeds 1..1000)'],
    [['--seeds', '1..10', '--set', 'requests=0'], 'faultline: invalid value "0" for parameter "requests": expected an integer from 1 to 1000000'],
    [['--seeds', '1..10', '--until', '0ms'], 'faultline: invalid --until "0ms": expected a duration above zero (for example 250ms or 30s)'],
  ])('rejects %j with exit 2 and one line', async (options, line) => {
    const result = await runCapturing(['sweep', 'echo', ...options]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('rejects a missing scenario and an unknown option', async () => {
    expect(await runCapturing(['sweep', '--seeds', '1..3'])).toEqual({ code: 2, stdout: '', stderr: `faultline: sweep needs a scenario name; ${KNOWN_SCENARIOS}\n` });
    expect((await runCapturing(['sweep', 'echo', '--seeds', '1..3', '--seed', '4'])).stderr).toBe(
      'faultline: unknown option "--seed" for sweep: known options are --seeds, --set, --until, --workers, --shard, --out, --resume, --json, --help\n',
    );
  });

  it('rejects, on --resume, a results file with a broken line before its last, naming the line', async () => {
    const path = newPath();
    const good = (seed: number): string =>
      `${JSON.stringify({ seed, scenario: 'echo', paramsFingerprint: '0000000000000000', verdict: 'pass', traceHash: '0000000000000000', events: 1, virtualTimeMs: 1 })}\n`;
    writeFileSync(path, `{"seed":2,"sce\n${good(3)}`);
    const result = await runCapturing([...ECHO, '--seeds', '1..3', '--out', path, '--resume']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `faultline: ${path} line 1 is not a result (not valid JSON) and is not the last line: fix or remove it (only a last line cut short by a killed sweep is tolerated)\n`,
    );
  });

  it('rejects, on --resume, a results file from another sweep (other parameters)', async () => {
    const path = newPath();
    writeFileSync(path, `${JSON.stringify({ seed: 1, scenario: 'echo', paramsFingerprint: 'ffffffffffffffff', verdict: 'pass', traceHash: '0000000000000000', events: 1, virtualTimeMs: 1 })}\n`);
    const result = await runCapturing([...ECHO, '--seeds', '1..3', '--out', path, '--resume']);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr).toMatch(new RegExp(`^faultline: ${path} line 1: a result for scenario echo with params fingerprint ffffffffffffffff, but this sweep runs echo with [0-9a-f]{16}: `));
  });

  it('rejects a results file it cannot create', async () => {
    const path = join(scratch, 'no-such-folder', 'results.jsonl');
    const result = await runCapturing([...ECHO, '--seeds', '1..3', '--out', path]);
    expect(result.code).toBe(2);
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr.startsWith(`faultline: results file ${JSON.stringify(path)}: ENOENT: no such file or directory`)).toBe(true);
  });
});
