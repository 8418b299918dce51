// The Prometheus export read back by a small parser of the text exposition format:
// every sample belongs to a family declared by # HELP and # TYPE, names and labels are
// well formed, and histogram buckets are cumulative, end in +Inf and match _count.
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, exportPrometheus } from '../../src/obs/export-prometheus.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc from './tiny-rpc-scenario.ts';

interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

interface Family {
  help: string | undefined;
  type: string | undefined;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const match = LABEL.exec(text);
    if (match === null) throw new Error(`bad labels: ${text}`);
    labels[match[1] as string] = (match[2] as string).replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character));
  }
  return labels;
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/.test(text)) throw new Error(`bad value ${text}`);
  return Number(text);
}

/** The family a sample belongs to: histogram samples carry suffixes. */
function familyName(name: string, families: Map<string, Family>): string {
  for (const suffix of ['_bucket', '_sum', '_count']) {
    const base = name.slice(0, -suffix.length);
    if (name.endsWith(suffix) && families.get(base)?.type === 'histogram') return base;
  }
  return name;
}

export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let found = families.get(name);
    if (found === undefined) {
      found = { help: undefined, type: undefined, samples: [] };
      families.set(name, found);
    }
    return found;
  };
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta !== null) {
      expect(meta[2]).toMatch(new RegExp(`^${NAME}$`));
      if (meta[1] === 'HELP') family(meta[2] as string).help = meta[3];
      else {
        expect(['counter', 'gauge', 'histogram', 'summary', 'untyped']).toContain(meta[3]);
        expect(family(meta[2] as string).samples).toHaveLength(0);
        family(meta[2] as string).type = meta[3];
      }
      continue;
    }
    const match = SAMPLE_LINE.exec(line);
    if (match === null) throw new Error(`not a sample line: ${line}`);
    const name = familyName(match[1] as string, families);
    expect(families.get(name)?.type).toBeDefined();
    family(name).samples.push({ name: match[1] as string, labels: parseLabels(match[2] ?? ''), value: parseValue(match[3] as string) });
  }
  return families;
}

const { observed } = observeRun(tinyRpc, { seed: 3 });
const families = parsePrometheus(exportPrometheus(observed));

describe('prometheus export', () => {
  it('declares each family with HELP and TYPE, counters ending in _total', () => {
    expect(families.size).toBeGreaterThan(10);
    for (const [name, family] of families) {
      expect(family.help, name).toBeDefined();
      expect(family.type, name).toBeDefined();
      if (family.type === 'counter') expect(name.endsWith('_total')).toBe(true);
    }
    expect(families.get('faultline_rpc_server_requests_total')?.type).toBe('counter');
    expect(families.get('faultline_rpc_server_in_flight')?.type).toBe('gauge');
    expect(families.get('faultline_rpc_server_duration_seconds')?.type).toBe('histogram');
  });

  it('labels series by node and service', () => {
    const served = families.get('faultline_rpc_server_requests_total')?.samples ?? [];
    expect(served.map((sample) => sample.labels)).toEqual([
      { node: '0', service: 'db', outcome: 'ok' },
      { node: '1', service: 'api', outcome: 'ok' },
    ]);
    expect(served.map((sample) => sample.value)).toEqual([6, 6]);
    expect(families.get('tiny_db_queries_total')?.samples).toEqual([{ name: 'tiny_db_queries_total', labels: { table: 'rows' }, value: 6 }]);
  });

  it('writes histograms as cumulative buckets ending in +Inf, with _sum and _count, in seconds', () => {
    const family = families.get('faultline_rpc_server_duration_seconds') as Family;
    const byNode = new Map<string, Sample[]>();
    for (const sample of family.samples) {
      const list = byNode.get(sample.labels['node'] as string) ?? [];
      byNode.set(sample.labels['node'] as string, list);
      list.push(sample);
    }
    expect([...byNode.keys()]).toEqual(['0', '1']);
    for (const samples of byNode.values()) {
      const buckets = samples.filter((sample) => sample.name.endsWith('_bucket'));
      const bounds = buckets.map((sample) => parseValue(sample.labels['le'] as string));
      expect(bounds[bounds.length - 1]).toBe(Infinity);
      for (let index = 1; index < buckets.length; index++) {
        expect(bounds[index]).toBeGreaterThan(bounds[index - 1] as number);
        expect((buckets[index] as Sample).value).toBeGreaterThanOrEqual((buckets[index - 1] as Sample).value);
      }
      const count = samples.find((sample) => sample.name.endsWith('_count'))?.value;
      expect((buckets[buckets.length - 1] as Sample).value).toBe(count);
      expect(samples.find((sample) => sample.name.endsWith('_sum'))?.value).toBeGreaterThan(0);
    }
    // The db serves every query in 2 ms: all six land in the bucket up to 2.5 ms (0.0025 s), none below 1 ms.
    const db = byNode.get('0') as Sample[];
    expect(db.find((sample) => sample.labels['le'] === '0.001')?.value).toBe(0);
    expect(db.find((sample) => sample.labels['le'] === '0.0025')?.value).toBe(6);
    expect(db.find((sample) => sample.name.endsWith('_sum'))?.value).toBeCloseTo(0.012, 9);
  });

  it('reports SLOs as gauges', () => {
    expect(families.get('faultline_slo_compliance')?.samples[0]?.labels).toEqual({ slo: 'api answers in 50 ms' });
    expect(families.get('faultline_slo_breaches')?.samples[0]?.value).toBe(1);
  });

  it('escapes backslashes, quotes and line breaks in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(parseLabels(`x="${escapeLabelValue('a\\b"c\nd')}"`)).toEqual({ x: 'a\\b"c\nd' });
  });
});
