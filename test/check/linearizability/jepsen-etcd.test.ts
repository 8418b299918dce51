// The Jepsen etcd histories (../shared/testdata/jepsen-etcd, from Porcupine's test data):
// the checker must agree with every published verdict, parsing included, and never
// answer unknown under the default limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../../src/check/history/history-format.ts';
import { casRegisterModel } from '../../../src/check/linearizability/cas-register-model.ts';
import { checkHistoryEvents } from '../../../src/check/linearizability/check-linearizability.ts';

const DATA = new URL('../../../../shared/testdata/jepsen-etcd/', import.meta.url);

function readData(name: string): string {
  return readFileSync(new URL(name, DATA), 'utf8');
}

function publishedVerdicts(): [string, boolean][] {
  const [header, ...rows] = readData('verdicts.tsv').trim().split('\n');
  expect(header).toBe('file\tlinearizable');
  return rows.map((row) => {
    const [file, verdict] = row.split('\t') as [string, string];
    expect(['true', 'false']).toContain(verdict);
    return [file, verdict === 'true'];
  });
}

describe('Jepsen etcd histories', () => {
  it('agrees with all 102 published verdicts', () => {
    const verdicts = publishedVerdicts();
    expect(verdicts.length).toBe(102);
    expect(verdicts.filter(([, linearizable]) => !linearizable).length).toBe(79);
    const disagreements: string[] = [];
    for (const [file, linearizable] of verdicts) {
      const history = parseHistory(readData(file), 'auto');
      expect(history.format).toBe('jepsen-log');
      const result = checkHistoryEvents(history.events, casRegisterModel);
      const expected = linearizable ? 'linearizable' : 'not-linearizable';
      if (result.verdict !== expected) disagreements.push(`${file}: expected ${expected}, got ${result.verdict} after ${result.steps} steps`);
    }
    expect(disagreements).toEqual([]);
  });

  it('explains etcd_000: a read of 2 that no order of the writes around it allows', () => {
    const result = checkHistoryEvents(parseHistory(readData('etcd_000.log'), 'jepsen-log').events, casRegisterModel);
    const explanation = result.explanation;
    expect(explanation?.blocked).toMatchObject({ process: 11, f: 'read', output: 2, invokeLine: 85, completeLine: 86 });
    expect(explanation?.unorderable[0]).toBe(explanation?.blocked);
    expect(explanation?.linearizedPrefix.length).toBeGreaterThan(30);
  });

  it('reads the history whose cluster never started (etcd_095, no verdict) as empty', () => {
    const history = parseHistory(readData('etcd_095.log'), 'auto');
    expect(history.events).toEqual([]);
  });
});
