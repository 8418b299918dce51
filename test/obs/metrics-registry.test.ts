// The metrics registry: families declared once, series by label values, names checked,
// and the sampler that turns them into a timeline on virtual time.
import { describe, expect, it } from 'vitest';
import { MetricSampler } from '../../src/obs/metric-timeline.ts';
import { MetricsRegistry } from '../../src/obs/metrics-registry.ts';

describe('metrics registry', () => {
  it('keeps one series per set of label values, by position or by name', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter({ name: 'requests_total', help: 'Requests.', labelNames: ['node', 'outcome'] });
    requests.with('1', 'ok').inc();
    requests.labels({ outcome: 'ok', node: '1' }).inc(2);
    requests.with('2', 'error').inc();
    expect(requests.series().map((series) => [series.labels, series.metric.value])).toEqual([
      [{ node: '1', outcome: 'ok' }, 3],
      [{ node: '2', outcome: 'error' }, 1],
    ]);
    expect(registry.counter({ name: 'requests_total', help: 'Requests.', labelNames: ['node', 'outcome'] })).toBe(requests);
  });

  it('rejects bad names, labels and values with messages that name them', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter({ name: 'requests', help: 'x' })).toThrow(/a counter's name ends in _total/);
    expect(() => registry.gauge({ name: '9lives', help: 'x' })).toThrow(/invalid metric name "9lives"/);
    expect(() => registry.histogram({ name: 'wait_ms', help: 'x', unit: 'duration' })).toThrow(/a duration's name ends in _seconds/);
    expect(() => registry.gauge({ name: 'depth', help: 'x', labelNames: ['le'] })).toThrow(/invalid label name "le"/);
    expect(() => registry.gauge({ name: 'depth', help: 'x', labelNames: ['a', 'a'] })).toThrow(/declared twice/);
    registry.gauge({ name: 'queue', help: 'x', labelNames: ['node'] });
    expect(() => registry.counter({ name: 'queue', help: 'x' })).toThrow(/already declared as a gauge/);
    const queue = registry.gauge({ name: 'queue', help: 'x', labelNames: ['node'] });
    expect(() => queue.with()).toThrow(/got 0 label values, expected 1 \(node\)/);
    expect(() => queue.labels({ host: 'a' })).toThrow(/unknown label "host"/);
    expect(() => registry.counter({ name: 'c_total', help: 'x' }).with().inc(-1)).toThrow(/invalid increment -1/);
  });

  it('samples every series at regular virtual instants, histograms per interval', () => {
    const registry = new MetricsRegistry();
    const sent = registry.counter({ name: 'sent_total', help: 'x' }).with();
    const latency = registry.histogram({ name: 'latency_seconds', help: 'x', unit: 'duration' }).with();
    const sampler = new MetricSampler(registry, 100);
    sampler.advanceTo(0);
    sent.inc();
    latency.observe(40);
    sampler.advanceTo(250);
    sent.inc();
    const timeline = sampler.finish(260);
    expect(timeline.timesUs).toEqual([0, 100, 200, 260]);
    const values = (metric: string, statistic: string): (number | null)[] | undefined =>
      timeline.series.find((series) => series.metric === metric && series.statistic === statistic)?.values;
    expect(values('sent_total', 'value')).toEqual([0, 1, 1, 2]);
    expect(values('latency_seconds', 'count')).toEqual([0, 1, 0, 0]);
    expect(values('latency_seconds', 'p99')).toEqual([null, 40, null, null]);
  });

  it('gives the same timeline whether or not it knew the planned end, and a run may end before or after it', () => {
    const timelineOf = (plannedEndUs: number | undefined, endUs: number): unknown => {
      const registry = new MetricsRegistry();
      const sent = registry.counter({ name: 'sent_total', help: 'x' }).with();
      const sampler = new MetricSampler(registry, 100, 0, plannedEndUs);
      for (let timeUs = 0; timeUs <= endUs; timeUs += 70) {
        sampler.advanceTo(timeUs);
        // A series that appears later has nulls before it.
        if (timeUs === 350) registry.gauge({ name: 'late', help: 'x' }).with().set(7);
        sent.inc();
      }
      return sampler.finish(endUs);
    };
    for (const endUs of [260, 1000, 1900]) expect(timelineOf(1000, endUs)).toEqual(timelineOf(undefined, endUs));
    const late = (timelineOf(1000, 260) as { series: { values: unknown[] }[] }).series;
    expect(late.map((series) => series.values.length)).toEqual([4]);
  });
});
