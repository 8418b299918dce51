// The HTML report as text: one self-contained file (no network reference), a diagram
// with one lane per node and an arrow per delivery or loss, the verdict, SLOs and charts,
// and run text escaped so that it cannot break out of the page.
import { describe, expect, it } from 'vitest';
import { arrowCount, exportHtml, HTML_SLOW_CALLS } from '../../src/obs/export-html.ts';
import type { ObservedRun } from '../../src/obs/observed-run.ts';
import type { Span } from '../../src/obs/span.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc from './tiny-rpc-scenario.ts';

const { observed } = observeRun(tinyRpc, { seed: 6 });
const html = exportHtml(observed);
const embedded = (text: string): Record<string, any> => JSON.parse(/<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(text)?.[1] ?? 'null');

/** Every src/href value and every url(...) in the page. */
export function externalReferences(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)) found.push(match[1] as string);
  for (const match of text.matchAll(/url\(\s*["']?([^"')]+)/gi)) found.push(match[1] as string);
  for (const match of text.matchAll(/@import\s+["']?([^"';]+)/gi)) found.push(match[1] as string);
  return found.filter((reference) => /^(https?:)?\/\//i.test(reference));
}

describe('html export', () => {
  it('is one self-contained page: inline style and script, no src or href to the network', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain('<style>');
    expect(html).toContain('<svg id="diagram"');
  });

  it('embeds a lane per node and an arrow per delivery, loss or message left in flight', () => {
    const data = embedded(html);
    expect(data['nodes'].map((node: { id: number }) => node.id)).toEqual([0, 1, 2]);
    const expected = observed.messages.reduce((sum, message) => sum + arrowCount(message), 0);
    expect(data['arrows']).toHaveLength(expected);
    expect(html).toContain(`data-lanes="3" data-arrows="${expected}"`);
    expect(data['arrows'].filter((arrow: number[]) => arrow[4] === 1)).toHaveLength(2);
    expect(data['faultPeriods']).toEqual([{ kind: 'partition', node: null, startUs: 300_000, endUs: 400_000, description: 'isolate 0' }]);
  });

  it('shows the verdict, the SLO with its breach as a link into the diagram, and charts', () => {
    expect(html).toContain('<span class="verdict verdict-pass">PASS</span>');
    expect(html).toContain('api answers in 50 ms');
    expect(html).toMatch(/<a href="#diagram-section" data-time-us="\d+">[^<]+ to [^<]+<\/a>/);
    const titles = embedded(html)['charts'].map((chart: { title: string }) => chart.title);
    expect(titles).toContain('Server latency p99 (ms), by service');
    expect(titles).toContain('SLO burn rate: api answers in 50 ms (above 1: breached)');
  });

  it('links each violation to its moment and event', () => {
    const failing: ObservedRun = { ...observed, verdict: { verdict: 'fail', violations: [{ property: 'no lost writes', kind: 'always', timeUs: 321_000, eventIndex: 42, message: 'write <3> lost' }] } };
    const page = exportHtml(failing);
    expect(page).toContain('<span class="verdict verdict-fail">FAIL</span>');
    expect(page).toContain('<a href="#diagram-section" data-time-us="321000" data-event="42">321ms</a> <strong>no lost writes</strong> (always), event 42: write &lt;3&gt; lost');
  });

  it('lists the slowest calls that start a trace, slowest first and of equal durations the earlier', () => {
    const durationsUs = Array.from({ length: 40 }, (_, index) => ((index * 7) % 5) * 1_000 + 2_000);
    const call = (index: number, durationUs: number, parentSpanId: string | undefined = undefined): Span => ({
      traceId: index.toString(16).padStart(32, '0'),
      spanId: index.toString(16).padStart(16, '0'),
      parentSpanId,
      name: 'call db',
      kind: 'client',
      node: 1,
      startUs: index * 100,
      endUs: index * 100 + durationUs,
      status: 'ok',
      statusMessage: undefined,
      attributes: {},
      events: [],
    });
    // A child call is slower than all of them, and is not listed.
    const spans = [...durationsUs.map((durationUs, index) => call(index, durationUs)), call(99, 60_000, '0000000000000001')];
    const page = exportHtml({ ...observed, spans });
    const listed = [...(/<section id="calls">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '').matchAll(/data-trace="([0-9a-f]+)"/g)].map((match) => Number.parseInt(match[1] as string, 16));
    const expected = durationsUs
      .map((durationUs, index) => ({ durationUs, index }))
      .sort((first, second) => second.durationUs - first.durationUs || first.index - second.index)
      .slice(0, HTML_SLOW_CALLS)
      .map(({ index }) => index);
    expect(listed).toEqual(expected);
  });

  it('escapes run text, so a message label cannot end the embedded script', () => {
    const hostile: ObservedRun = { ...observed, title: '<b>x</b>', messages: [{ ...(observed.messages[0] as ObservedRun['messages'][number]), label: '</script><script>alert(1)</script>' }] };
    const page = exportHtml(hostile);
    expect(page).toContain('<title>Faultline: &lt;b&gt;x&lt;/b&gt;</title>');
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(embedded(page)['labels']).toContain('</script><script>alert(1)</script>');
  });
});
