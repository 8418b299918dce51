// The Mermaid export: a sequence diagram with one participant per node, the messages sent
// in the window, losses drawn as crosses, faults as notes, and a cap on the arrows.
import { describe, expect, it } from 'vitest';
import { ms } from '../../src/engine/time.ts';
import { escapeText, exportMermaid } from '../../src/obs/export-mermaid.ts';
import { observeRun } from './observe-run.ts';
import tinyRpc, { PARTITION } from './tiny-rpc-scenario.ts';

const { observed } = observeRun(tinyRpc, { seed: 5 });

describe('mermaid export', () => {
  it('starts with sequenceDiagram and lists every node as a participant, in id order', () => {
    const lines = exportMermaid(observed).split('\n');
    expect(lines[0]).toBe('sequenceDiagram');
    expect(lines.slice(1, 4)).toEqual(['  participant n0 as node 0 db', '  participant n1 as node 1 api', '  participant n2 as node 2 client']);
  });

  it('shows only the messages sent in the window, in send order', () => {
    const window = { startUs: PARTITION.startUs, endUs: PARTITION.endUs };
    const text = exportMermaid(observed, { window });
    const arrows = text.split('\n').filter((line) => /^ {2}n\d+(->>|-->>|-x)n\d+: /.test(line));
    const expected = observed.messages.filter((message) => message.sendUs >= window.startUs && message.sendUs < window.endUs);
    expect(arrows).toHaveLength(expected.length);
    expect(arrows.filter((line) => line.includes('-x'))).toHaveLength(2);
    expect(arrows.filter((line) => line.includes('-x')).every((line) => line.startsWith('  n1-xn0: ') && line.endsWith('(lost: partition)'))).toBe(true);
    expect(text).toContain('  Note over n0,n2: 300ms isolate 0');
  });

  it('says so when the window holds no message, and caps a crowded one', () => {
    const empty = exportMermaid(observed, { window: { startUs: ms(900), endUs: ms(950) } });
    expect(empty).toContain('Note over n0,n2: no messages sent from 900ms to 950ms');
    const capped = exportMermaid(observed, { maxMessages: 3 });
    expect(capped.split('\n').filter((line) => line.includes('->>'))).toHaveLength(3);
    expect(capped).toMatch(/Note over n0,n2: \d+ more messages in this window not shown/);
  });

  it('keeps message text from breaking the diagram syntax', () => {
    expect(escapeText('a;b#c\nd{e}')).toBe('a,bno. c de');
  });
});
