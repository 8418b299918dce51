// `npm run bench` (and bench:peers) refuses bad input the way the CLI does: one line naming the bad value
// and what is allowed, exit 2, no stack trace; --help prints the options and exits 0.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function script(path: string, argumentsList: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path, ...argumentsList], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function bench(...argumentsList: string[]): { status: number | null; stdout: string; stderr: string } {
  return script('bench/run.ts', argumentsList);
}

describe('npm run bench arguments', () => {
  it('shows its options with --help and exits 0', () => {
    const result = bench('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run bench -- \[options\]/);
    expect(result.stdout).toContain('--compare FILE');
  });

  it.each([
    [['--bogus'], 'bench: unknown argument "--bogus": expected --json'],
    [['--runs', '0'], 'bench: invalid --runs 0: expected an integer from 1 to 100'],
    [['--workers', '2,1'], 'bench: invalid --workers "2,1": expected worker counts from 1 to 64, increasing'],
    [['--workers', '1,2,x'], 'bench: invalid --workers "1,2,x": expected worker counts from 1 to 64'],
    [['--workers', '0'], 'bench: invalid --workers "0": expected worker counts from 1 to 64'],
    [['--compare', '/nonexistent/results.json'], 'bench: cannot read bench results "/nonexistent/results.json"'],
  ])('refuses %j in one line, exit 2, before measuring anything', (argumentsList, message) => {
    const result = bench(...argumentsList);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('bench:peers refuses an unknown argument the same way', () => {
    const result = script('bench/peers.ts', ['--bogus']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('bench:peers: unknown argument "--bogus": expected --json, --runs N or --no-install\n');
  });
});
