// `faultline spof` end to end, in-process, on replicated-db (short runs): the single
// database is flagged with its blast radius and exit 1, the replicated one passes with
// exit 0, the --json document's shape, identical output for the same input, and bad
// input refused with exit 2 and one line.
import { describe, expect, it } from 'vitest';
import type { SpofAudit } from '../../src/scenario/spof.ts';
import { isOneLine, runCapturing } from './capture-host.ts';

const SHORT = ['--until', '2s', '--set', 'interval=20ms'];
const SINGLE = ['spof', 'replicated-db', ...SHORT];
const REPLICATED = ['spof', 'replicated-db', ...SHORT, '--set', 'db=replicated'];

describe('faultline spof', () => {
  it('flags the single database as the single point of failure, with its blast radius, and exits 1', async () => {
    const result = await runCapturing(SINGLE);
    expect(result).toMatchObject({ code: 1, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'spof audit of replicated-db, seed 1, db=single clients=2 interval=20ms write-ratio=0.3 client-timeout=100ms db-timeout=25ms failover-after=2',
      'objective: availability>=0.99; latency p99 ms<=250 (declared by the scenario)',
      'each fault strikes at 400ms of the 2s run and lasts to its end:',
      'a crashed node stays down, a cut link stays cut (both ways); 15 fault runs',
    ]);
    expect(lines[5]).toMatch(/^run +availability +latency p99 ms +objective +checks +degraded services$/);
    expect(lines[6]).toMatch(/^no fault +1 +\d+\.\d+ +met +pass +-$/);
    expect(lines[7]).toMatch(/^crash node 0 \(db-primary\) +0\.\d{4} +\d+\.\d+ +BROKEN: SPOF +pass +api \(availability 0\.\d{4}\), db \(availability 0\.\d{4}\)$/);
    expect(lines.filter((line) => line.includes('SPOF'))).toHaveLength(1);
    expect(lines.slice(-2)).toEqual([
      'single points of failure: 1',
      expect.stringMatching(/^ {2}crash node 0 \(db-primary\): availability 0\.\d{4}, objective availability>=0\.99; blast radius: api, db$/),
    ]);
  });

  it('finds no single point of failure with a replica and failover, and exits 0', async () => {
    const result = await runCapturing(REPLICATED);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('17 fault runs');
    expect(result.stdout).not.toContain('SPOF');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('no single point of failure: every single fault leaves the objective met');
  });

  it('gives the audit as JSON, identical from run to run', async () => {
    const [first, second] = [await runCapturing([...SINGLE, '--json']), await runCapturing([...SINGLE, '--json'])];
    expect(first).toMatchObject({ code: 1, stderr: '' });
    expect(second.stdout).toBe(first.stdout);
    const audit = JSON.parse(first.stdout) as SpofAudit;
    expect(Object.keys(audit)).toEqual([
      'scenario', 'seed', 'params', 'objective', 'objectiveSource', 'runLengthMs', 'faultAtMs', 'nodes', 'baseline', 'runs', 'singlePointsOfFailure',
    ]);
    expect(audit).toMatchObject({ scenario: 'replicated-db', seed: 1, objectiveSource: 'scenario', runLengthMs: 2000, faultAtMs: 400 });
    expect(audit.objective).toEqual([
      { figure: 'availability', bound: 'at-least', limit: 0.99 },
      { figure: 'latency p99 ms', bound: 'at-most', limit: 250 },
    ]);
    expect(audit.nodes.map((node) => node.name)).toEqual(['db-primary', 'api-1', 'api-2', 'api-3', 'client-1', 'client-2']);
    expect(Object.keys(audit.runs[0]!)).toEqual(['fault', 'status', 'isSinglePointOfFailure', 'verdict', 'breaches', 'degraded', 'figures', 'traceHash']);
    expect(audit.runs[0]).toMatchObject({
      fault: { kind: 'crash', node: 0, label: 'crash node 0 (db-primary)' },
      status: 'breaks',
      isSinglePointOfFailure: true,
      verdict: 'pass',
      breaches: [{ figure: 'availability', bound: 'at-least', limit: 0.99 }],
      degraded: [{ service: 'api', figure: 'availability' }, { service: 'db', figure: 'availability' }],
    });
    expect(audit.runs.find((run) => run.fault?.kind === 'cut-link')?.fault).toEqual({ kind: 'cut-link', nodes: [0, 1], label: 'cut link 0-1 (db-primary, api-1)' });
    expect(audit.singlePointsOfFailure).toEqual(['crash node 0 (db-primary)']);
  });

  it('holds the scenario to --objective instead: a tight latency bound turns every fault that costs a timeout into a failure', async () => {
    const result = await runCapturing([...REPLICATED, '--objective', 'latency p99 ms<=50', '--json']);
    expect(result.code).toBe(1);
    const audit = JSON.parse(result.stdout) as SpofAudit;
    expect(audit.objectiveSource).toBe('given');
    // Failover waits out two 25ms database timeouts; and clients wait out a 100ms timeout
    // before retrying elsewhere when an api node is gone or cut off from them.
    expect(audit.singlePointsOfFailure).toEqual([
      'crash node 0 (db-primary)',
      'crash node 2 (api-1)', 'crash node 3 (api-2)', 'crash node 4 (api-3)',
      'cut link 2-5 (api-1, client-1)', 'cut link 2-6 (api-1, client-2)', 'cut link 3-5 (api-2, client-1)',
      'cut link 3-6 (api-2, client-2)', 'cut link 4-5 (api-3, client-1)', 'cut link 4-6 (api-3, client-2)',
    ]);
  });

  it.each([
    [['--objective', 'availability=0.9'], 'faultline: --objective: invalid objective "availability=0.9": expected FIGURE>=NUMBER or FIGURE<=NUMBER (for example availability>=0.99 or "latency p99 ms<=250")'],
    [['--objective', 'uptime>=0.9'], expect.stringMatching(/^faultline: objective uptime>=0\.9: the scenario reports no numeric figure "uptime"; its numeric figures are: availability, availability api, /)],
    [['--fault-at', '2s'], 'faultline: invalid fault time 2s: expected a time inside the 2s run, after its start and before its end'],
    [['--fault-at', 'soon'], expect.stringMatching(/^faultline: --fault-at: invalid duration "soon"/)],
    [['--set', 'db=triple'], 'faultline: invalid value "triple" for parameter "db": expected one of single, replicated'],
    [['--seed', '-1'], expect.stringMatching(/^faultline: option --seed needs a value/)],
  ])('refuses %j with exit 2 and one line', async (extra, line) => {
    const result = await runCapturing([...SINGLE, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(isOneLine(result.stderr)).toBe(true);
    expect(result.stderr.trimEnd()).toEqual(line);
  });

  it('needs a scenario and prints its help', async () => {
    expect(await runCapturing(['spof'])).toMatchObject({ code: 2, stderr: expect.stringContaining('spof needs a scenario name') });
    const help = await runCapturing(['spof', '-h']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^usage: faultline spof <scenario>/);
  });
});
