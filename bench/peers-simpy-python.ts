// Finds a Python that can import SimPy 3 for `npm run bench:peers`, installing Debian's
// python3-simpy3 with apt-get when none can and this process may (root, or sudo without
// a password). Rule: it never fails the benchmark: when SimPy cannot be had, it says why
// and the caller skips the SimPy rows.
import { spawnSync } from 'node:child_process';

/** Debian's package puts SimPy in the system Python's dist-packages, so that Python is tried first. */
const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];
const DEBIAN_PACKAGE = 'python3-simpy3';
/** apt-get may need to fetch package lists first; neither step may hang the benchmark. */
const APT_TIMEOUT_MS = 300_000;

export type SimpyPython =
  | { readonly kind: 'found'; readonly executable: string; readonly simpyVersion: string; readonly pythonVersion: string }
  | { readonly kind: 'skipped'; readonly reason: string };

export function findSimpyPython(mayInstall: boolean, log: (line: string) => void): SimpyPython {
  const found = probePythons();
  if (found !== undefined) return found;
  if (!mayInstall) return { kind: 'skipped', reason: `no Python here can import simpy, and --no-install was given (install it with: apt-get install ${DEBIAN_PACKAGE})` };
  const refusal = installSimpy(log);
  if (refusal !== undefined) return { kind: 'skipped', reason: refusal };
  return probePythons() ?? { kind: 'skipped', reason: `${DEBIAN_PACKAGE} was installed, but no Python here can import simpy` };
}

function probePythons(): SimpyPython | undefined {
  for (const executable of PYTHON_CANDIDATES) {
    const probe = spawnSync(executable, ['-c', 'import platform, simpy; print(getattr(simpy, "__version__", "3"), platform.python_version())'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const [simpyVersion = '3', pythonVersion = 'unknown'] = probe.stdout.trim().split(' ');
    if (!simpyVersion.startsWith('3')) continue; // the script is written against SimPy 3's API
    return { kind: 'found', executable, simpyVersion, pythonVersion };
  }
  return undefined;
}

/** Returns why it could not install, or undefined once apt-get has succeeded. */
function installSimpy(log: (line: string) => void): string | undefined {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    return `no Python here can import simpy and apt-get is not available (install SimPy 3 with pip: pip install "simpy<4")`;
  }
  const prefix = privilegePrefix();
  if (prefix === undefined) return `no Python here can import simpy, and installing ${DEBIAN_PACKAGE} needs root (run: sudo apt-get install ${DEBIAN_PACKAGE})`;
  const apt = (...argumentsList: string[]): boolean => {
    const command = [...prefix, 'apt-get', ...argumentsList];
    log(`running ${command.join(' ')}...`);
    const result = spawnSync(command[0] as string, command.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], timeout: APT_TIMEOUT_MS, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return result.status === 0;
  };
  if (apt('install', '-y', '--no-install-recommends', DEBIAN_PACKAGE)) return undefined;
  // A fresh container often has no package lists yet.
  if (apt('update') && apt('install', '-y', '--no-install-recommends', DEBIAN_PACKAGE)) return undefined;
  return `apt-get could not install ${DEBIAN_PACKAGE} (no network, or no such package in this distribution's lists)`;
}

/** [] when already root, ['sudo', '-n'] when sudo works without a password, else undefined. */
function privilegePrefix(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : undefined;
}
