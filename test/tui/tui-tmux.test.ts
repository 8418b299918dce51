// The TUI as a person sees it: the real program on a real (tmux) terminal of 80x24,
// keys sent as typed. The screen shows the nodes, a partition after p and enter, a
// crashed node after c, and after q a clean exit with the replay command, which the
// faultline CLI runs to the session's trace hash. Skipped only when tmux
// is not installed. A real terminal is watched from outside, so this test polls the
// screen (with a deadline) instead of driving a clock.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_PREFIX } from '../../src/scenario/replay-command.ts';
import { runCapturing } from '../cli/capture-host.ts';
import { REPO_ROOT } from '../tidy/source-files.ts';

const HAS_TMUX = spawnSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).status === 0;
const SOCKET = `faultline-tui-test-${process.pid}`;
const SESSION = 'tui';
const SCREEN_DEADLINE_MS = 30_000;
const POLL_MS = 100;

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** The pane as text, wrapped lines joined. */
function screen(): string {
  return tmux('capture-pane', '-p', '-J', '-t', SESSION);
}

async function waitForScreen(what: string, matches: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + SCREEN_DEADLINE_MS;
  let text = screen();
  while (!matches(text)) {
    if (Date.now() > deadline) throw new Error(`the screen never showed ${what}; it shows:\n${text}`);
    await delay(POLL_MS);
    text = screen();
  }
  return text;
}

function lineStarting(text: string, prefix: string): string {
  const line = text.split('\n').find((candidate) => candidate.startsWith(prefix));
  if (line === undefined) throw new Error(`no line starting with ${JSON.stringify(prefix)} in:\n${text}`);
  return line.slice(prefix.length).trim();
}

describe.skipIf(!HAS_TMUX)('the TUI on a terminal (tmux)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'faultline-tmux-'));
  afterAll(() => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    rmSync(directory, { recursive: true, force: true });
  });

  it('shows the nodes, partitions on p, crashes on c, and on q exits printing a replay command with the same trace hash', async () => {
    // CI variables make ink draw only the last frame; a terminal session has none.
    const command = `cd ${REPO_ROOT} && env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 node --import tsx test/tui/tui-entry.ts broadcast 3 ${directory}; echo "exit code $?"`;
    tmux('new-session', '-d', '-s', SESSION, '-x', '80', '-y', '24', command, ';', 'set-option', '-t', SESSION, 'remain-on-exit', 'on');

    const first = await waitForScreen('the cluster', (text) => text.includes('CLUSTER 5 nodes'));
    for (let node = 0; node < 5; node++) expect(first).toMatch(new RegExp(`^[ ▸] ${node} [·AB] `, 'm'));
    expect(Math.max(...first.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);

    tmux('send-keys', '-t', SESSION, 'p');
    await waitForScreen('the partition editor', (text) => text.includes('PARTITION'));
    tmux('send-keys', '-t', SESSION, 'i', 'Enter'); // node 0 alone on side B
    await waitForScreen('the partition', (text) => text.includes('A{1,2,3,4} ╳ B{0}') && text.includes('cut 8/20 links'));

    tmux('send-keys', '-t', SESSION, 'Down', 'c');
    await waitForScreen('node 1 crashed', (text) => /▸ 1 A CRASHED/.test(text));

    tmux('send-keys', '-t', SESSION, 'q');
    const final = await waitForScreen('the exit', (text) => text.includes('exit code'));
    expect(final).toContain('exit code 0');
    expect(lineStarting(final, 'by hand')).toMatch(/^at \S+ partition \{1,2,3,4\}\|\{0\}; at \S+ crash 1$/);
    const replay = lineStarting(final, 'replay');
    expect(replay).toMatch(new RegExp(`^${CLI_PREFIX.replaceAll('-', '\\-')} run broadcast --seed 3 --max-events \\d+ --faults ${directory}/\\S+\\.json$`));

    // The command, run by the faultline CLI (in this process: bin/faultline.js only loads it).
    const rerun = await runCapturing(replay.slice(CLI_PREFIX.length).trim().split(' '));
    expect(rerun.stderr).toBe('');
    expect(lineStarting(rerun.stdout, 'trace')).toBe(lineStarting(final, 'trace'));
  }, 4 * SCREEN_DEADLINE_MS);
});
