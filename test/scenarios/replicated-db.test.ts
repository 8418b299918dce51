// replicated-db on fixed seeds: the claims its description makes. One database is a
// single point of failure that no number of api nodes removes; a replica with failover
// removes it; losing an api node costs a retry, not a request.
import { describe, expect, it } from 'vitest';
import { seconds, ms } from '../../src/engine/time.ts';
import { ParamError } from '../../src/scenario/params.ts';
import { runScenario } from '../../src/scenario/runner.ts';
import { runSpofAudit } from '../../src/scenario/spof.ts';
import { findScenario } from '../../scenarios/index.ts';

const scenario = findScenario('replicated-db')!;
const UNTIL = seconds(2);
const CRASH_AT = ms(400);

function runWith(params: Record<string, string>, faults: Parameters<typeof runScenario>[1]['faults'] = []) {
  return runScenario(scenario, { seed: 1, params, untilUs: UNTIL, faults, explain: false });
}

describe('replicated-db: runs', () => {
  it('serves every request within its latency objective when nothing fails, and names its nodes', () => {
    const single = runWith({ db: 'single' });
    expect(single.summary).toMatchObject({ availability: 1, 'availability api': 1, 'availability db': 1, failovers: 0 });
    expect(single.summary['latency p99 ms']).toBeLessThan(250);
    expect(single.summary['requests']).toBeGreaterThan(300);
    expect(single.summary['objective']).toBe('availability>=0.99; latency p99 ms<=250');
    expect(single.summary['node names']).toBe('db-primary, api-1, api-2, api-3, client-1, client-2');
    expect(runWith({ db: 'replicated' }).summary['node names']).toBe('db-primary, db-replica, api-1, api-2, api-3, client-1, client-2');
  });

  it('fails almost every request after its only database crashes, however many api nodes there are', () => {
    const report = runWith({ db: 'single' }, [{ atUs: CRASH_AT, kind: 'crash', node: 0 }]);
    // The crash comes at 20% of the run: roughly the requests before it succeed.
    expect(report.summary['availability']).toBeGreaterThan(0.15);
    expect(report.summary['availability']).toBeLessThan(0.3);
    expect(report.summary['failovers']).toBe(0);
  });

  it('fails over to the replica when the primary crashes, and loses no request', () => {
    const report = runWith({ db: 'replicated' }, [{ atUs: CRASH_AT, kind: 'crash', node: 0 }]);
    expect(report.summary['availability']).toBe(1);
    // Each of the three api nodes switches once, and the replica is promoted by the first write.
    expect(report.summary['failovers']).toBe(3);
    expect(report.summary['promotions']).toBe(1);
  });

  it('loses no request when an api node crashes: clients retry on another one, paying a timeout', () => {
    const report = runWith({ db: 'single' }, [{ atUs: CRASH_AT, kind: 'crash', node: 1 }]);
    expect(report.summary['availability']).toBe(1);
    expect(report.summary['availability api']).toBeLessThan(0.9);
    expect(report.summary['latency p99 ms']).toBeGreaterThan(100);
  });

  it('gives the same trace hash for the same seed', () => {
    const faults = [{ atUs: CRASH_AT, kind: 'crash', node: 0 }] as const;
    expect(runWith({ db: 'replicated' }, faults).traceHash).toBe(runWith({ db: 'replicated' }, faults).traceHash);
  });

  // Golden hashes: a change here means runs of this scenario changed. Update them on purpose.
  it.each([
    ['single', 1, '490a2ec3f1c4ad0e'],
    ['single', 2, 'cb8591cfc9da3f13'],
    ['replicated', 1, '93090dc5b7069b66'],
    ['replicated', 2, '5813847c3d277bb0'],
  ])('db=%s, seed %i, 2s: trace hash %s', (db, seed, traceHash) => {
    expect(runScenario(scenario, { seed, params: { db }, untilUs: UNTIL }).traceHash).toBe(traceHash);
  });

  it('rejects an unknown database layout before anything runs', () => {
    expect(() => runWith({ db: 'triple' })).toThrow(ParamError);
    expect(() => runWith({ db: 'triple' })).toThrow('invalid value "triple" for parameter "db": expected one of single, replicated');
  });
});

describe('replicated-db: single-point-of-failure audit', () => {
  it('finds the single database as the one single point of failure, degrading both api and db', () => {
    const audit = runSpofAudit({ scenario, seed: 1, params: { db: 'single' }, untilUs: UNTIL });
    expect(audit.objectiveSource).toBe('scenario');
    expect(audit.baseline.status).toBe('meets');
    expect(audit.singlePointsOfFailure).toEqual(['crash node 0 (db-primary)']);
    const databaseCrash = audit.runs.find((run) => run.isSinglePointOfFailure)!;
    expect(databaseCrash.breaches.map((breach) => breach.figure)).toEqual(['availability']);
    expect(databaseCrash.degraded.map((service) => service.service)).toEqual(['api', 'db']);
  });

  it('finds no single point of failure once the database has a replica and failover', () => {
    const audit = runSpofAudit({ scenario, seed: 1, params: { db: 'replicated' }, untilUs: UNTIL });
    expect(audit.baseline.status).toBe('meets');
    expect(audit.runs.map((run) => run.status)).toEqual(audit.runs.map(() => 'meets'));
    expect(audit.singlePointsOfFailure).toEqual([]);
    // Both database nodes were crashed, and the primary's link to each api node was cut.
    const labels = audit.runs.map((run) => run.fault?.label);
    expect(labels).toContain('crash node 0 (db-primary)');
    expect(labels).toContain('crash node 1 (db-replica)');
    expect(labels).toContain('cut link 0-2 (db-primary, api-1)');
  });
});
