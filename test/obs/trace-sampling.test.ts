// Head-based trace sampling: decided per trace id (deterministic, monotone in the ratio,
// close to the ratio), keeping whole traces, leaving the run, its metrics and SLOs alone,
// and saying so in every export it thins.
import { describe, expect, it } from 'vitest';
import { exportOtlp } from '../../src/obs/export-otlp.ts';
import { exportPerfetto } from '../../src/obs/export-perfetto.ts';
import { exportPrometheus } from '../../src/obs/export-prometheus.ts';
import { exportHtml } from '../../src/obs/export-html.ts';
import { observabilityOf } from '../../src/obs/observability.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import { RunCollector } from '../../src/obs/run-collector.ts';
import { TraceIdSource } from '../../src/obs/trace-ids.ts';
import { TraceSampler } from '../../src/obs/trace-sampling.ts';
import { ScenarioRun } from '../../src/scenario/runner.ts';
import retryStorm from '../../scenarios/retry-storm.ts';

function observe(traceSampleRatio: number): { observed: ObservedRun; traceHash: string } {
  const run = new ScenarioRun(retryStorm, { seed: 1 });
  const collector = new RunCollector(observabilityOf(run.simulation), { seed: 1, untilUs: run.untilUs, traceSampleRatio });
  run.simulation.trace.subscribe(collector.observer);
  const report = run.run();
  return { observed: collector.finish(run.simulation.now, { verdict: report.verdict, violations: [] }), traceHash: report.traceHash };
}

describe('trace sampler', () => {
  it('refuses a ratio outside (0, 1]', () => {
    for (const ratio of [0, -0.1, 1.5, Number.NaN, Infinity]) expect(() => new TraceSampler(ratio)).toThrow(/trace sample ratio/);
  });

  it('keeps close to the ratio of random ids and of counter-made ids', () => {
    const source = new TraceIdSource(7);
    const randomIds = Array.from({ length: 20_000 }, () => source.traceId());
    // The runtime's ids differ in a few digits only (a counter and a node number).
    const counterIds = Array.from({ length: 20_000 }, (_, index) => `${index.toString(16).padStart(8, '0')}00000001${'0'.repeat(16)}`);
    for (const ids of [randomIds, counterIds]) {
      for (const ratio of [0.01, 0.1, 0.5]) {
        const sampler = new TraceSampler(ratio);
        const share = ids.filter((id) => sampler.keeps(id)).length / ids.length;
        expect(Math.abs(share - ratio)).toBeLessThan(Math.max(0.005, ratio * 0.1));
      }
    }
  });

  it('decides the same way every time, and keeps at a higher ratio every trace a lower one keeps', () => {
    const source = new TraceIdSource(3);
    const ids = Array.from({ length: 5_000 }, () => source.traceId());
    const low = new TraceSampler(0.1);
    const high = new TraceSampler(0.3);
    for (const id of ids) {
      expect(low.keeps(id)).toBe(new TraceSampler(0.1).keeps(id));
      if (low.keeps(id)) expect(high.keeps(id)).toBe(true);
    }
    expect(new TraceSampler(1).keeps(ids[0] as string)).toBe(true);
  });
});

describe('sampled exports of retry-storm, seed 1', () => {
  const whole = observe(1);
  const sampled = observe(0.1);
  const sampler = new TraceSampler(0.1);

  it('leave the run and its metrics unchanged', () => {
    expect(sampled.traceHash).toBe(whole.traceHash);
    expect(exportPrometheus(sampled.observed)).toBe(exportPrometheus(whole.observed));
    expect(sampled.observed.slos).toEqual(whole.observed.slos);
  });

  it('keep exactly the spans of the kept traces, each trace whole', () => {
    const expected = whole.observed.spans.filter((span) => sampler.keeps(span.traceId));
    expect(sampled.observed.spans).toEqual(expected);
    const { tracesKept, tracesSampledOut } = sampled.observed.traceSampling;
    expect(tracesKept + tracesSampledOut).toBe(whole.observed.traceSampling.tracesKept);
    expect(tracesKept / (tracesKept + tracesSampledOut)).toBeGreaterThan(0.07);
    expect(tracesKept / (tracesKept + tracesSampledOut)).toBeLessThan(0.13);
  });

  it('leave out of Perfetto the messages of the traces left out, and say the ratio', () => {
    const document = JSON.parse(exportPerfetto(sampled.observed)) as { otherData: Record<string, unknown>; traceEvents: { ph: string; flow_out?: boolean; args?: { traceId?: string } }[] };
    expect(document.otherData['traceSampleRatio']).toBe(0.1);
    expect(document.otherData['tracesSampledOut']).toBe(sampled.observed.traceSampling.tracesSampledOut);
    // A flow starts at a flow event (a message with several ends) or on a send slice (flow v2).
    const flowStarts = document.traceEvents.filter((event) => event.ph === 's' || event.flow_out === true).length;
    const keptMessages = sampled.observed.messages.filter((message) => message.traceId === undefined || sampler.keeps(message.traceId));
    expect(flowStarts).toBeLessThan(sampled.observed.messages.length / 4);
    expect(flowStarts).toBeGreaterThan(0);
    expect(flowStarts).toBeLessThanOrEqual(keptMessages.length);
    for (const event of document.traceEvents) {
      const traceId = event.args?.traceId;
      if ((event.ph === 'B' || event.ph === 'X') && traceId !== undefined) expect(sampler.keeps(traceId)).toBe(true);
    }
    const wholeDocument = JSON.parse(exportPerfetto(whole.observed)) as { otherData: Record<string, unknown> };
    expect(wholeDocument.otherData['traceSampleRatio']).toBeUndefined();
  });

  it('write the ratio into every OTLP resource and the HTML summary', () => {
    const traces = JSON.parse(exportOtlp(sampled.observed).split('\n')[0] as string) as { resourceSpans: { resource: { attributes: { key: string; value: { doubleValue?: number } }[] } }[] };
    expect(traces.resourceSpans.length).toBeGreaterThan(0);
    for (const resource of traces.resourceSpans) {
      expect(resource.resource.attributes.find((attribute) => attribute.key === 'faultline.trace_sample_ratio')?.value.doubleValue).toBe(0.1);
    }
    expect(exportHtml(sampled.observed)).toContain('traces sampled at 0.1');
    expect(exportHtml(whole.observed)).not.toContain('traces sampled at');
  });
});
