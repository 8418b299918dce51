// Each panel rendered from a fixed snapshot, frame by frame, and the whole screen at
// 80x24: it fits, and shows every panel.
import { render } from 'ink-testing-library';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { ChecksPanel } from '../../src/tui/checks-panel.tsx';
import { ClusterPanel } from '../../src/tui/cluster-panel.tsx';
import { EventsPanel } from '../../src/tui/events-panel.tsx';
import { FooterLine } from '../../src/tui/footer-line.tsx';
import { HeaderPanel } from '../../src/tui/header-panel.tsx';
import { HelpOverlay } from '../../src/tui/help-overlay.tsx';
import { KEY_HELP } from '../../src/tui/key-help.ts';
import { MetricsPanel } from '../../src/tui/metrics-panel.tsx';
import { NetworkPanel } from '../../src/tui/network-panel.tsx';
import { NodeDetailOverlay } from '../../src/tui/node-detail-overlay.tsx';
import { ColorModeContext, type ColorMode } from '../../src/tui/palette.ts';
import { PartitionEditor } from '../../src/tui/partition-editor.tsx';
import { INITIAL_TUI_STATE } from '../../src/tui/tui-state.ts';
import { TuiView } from '../../src/tui/tui-view.tsx';
import { stripStyles } from './render-tui.tsx';
import { fixedSnapshot } from './snapshot-fixture.ts';

/** The frame as text (styles, if the terminal would show them, are left out: colors.test.tsx checks them). */
function frameOf(node: ReactNode, colorMode: ColorMode = 'plain'): string {
  const { lastFrame, unmount } = render(<ColorModeContext.Provider value={colorMode}>{node}</ColorModeContext.Provider>);
  const frame = stripStyles(lastFrame() ?? '');
  unmount();
  return frame;
}

describe('header', () => {
  it('shows the scenario, seed, virtual time, speed, run state, verdict, faults by hand and changed parameters', () => {
    expect(frameOf(<HeaderPanel snapshot={fixedSnapshot()} width={100} />)).toBe(
      'faultline broadcast  seed 42  2.350s / 10.000s  x1  running  ok so far  1 by hand  loss=0.1',
    );
  });

  it('shows a pause and a failing verdict', () => {
    const snapshot = fixedSnapshot({ runState: 'paused', speed: 'max', verdict: { verdict: 'failing', property: 'one leader per term' }, manualFaults: [], changedParams: '' });
    expect(frameOf(<HeaderPanel snapshot={snapshot} width={100} />)).toBe('faultline broadcast  seed 42  2.350s / 10.000s  max  PAUSED  FAILING: one leader per term');
  });

  it('is cut to the width', () => {
    expect(frameOf(<HeaderPanel snapshot={fixedSnapshot()} width={40} />)).toBe('faultline broadcast  seed 42  2.350s / …');
  });
});

describe('cluster', () => {
  it('shows each node with its side, status, role and fields, the partition at a glance, and the selection', () => {
    expect(frameOf(<ClusterPanel snapshot={fixedSnapshot()} selectedNode={2} width={40} rows={5} />).split('\n')).toEqual([
      'CLUSTER 5 nodes, 4 up  A{0,1} ╳ B{2,3,4}',
      '  0 A up      leader t3 seen 7',
      '  1 A up      follower t3 seen 7',
      '▸ 2 B up      seen 5',
      '  3 B CRASHED',
      '  4 B paused  seen 5',
    ]);
  });

  it('shows a dot for the side when there is no partition', () => {
    const snapshot = fixedSnapshot({ partition: undefined, nodes: fixedSnapshot().nodes.map((node) => ({ ...node, side: undefined })) });
    expect(frameOf(<ClusterPanel snapshot={snapshot} selectedNode={0} width={40} rows={2} />).split('\n')).toEqual([
      'CLUSTER 5 nodes, 4 up',
      '▸ 0 · up      leader t3 seen 7',
      '  1 · up      follower t3 seen 7',
    ]);
  });

  it('keeps the selected node in view when there are more nodes than rows', () => {
    expect(frameOf(<ClusterPanel snapshot={fixedSnapshot()} selectedNode={4} width={40} rows={2} />).split('\n').slice(1)).toEqual(['  3 B CRASHED', '▸ 4 B paused  seen 5']);
  });
});

describe('network', () => {
  it('shows messages in flight, rates by outcome, link loss, the loss burst and the cut links', () => {
    expect(frameOf(<NetworkPanel snapshot={fixedSnapshot()} width={60} />).split('\n')).toEqual([
      'NETWORK link loss 10%  burst 50% until 3.500s',
      'in flight 12   sent 360/s',
      'delivered 340/s   duplicated 0/s',
      'dropped 18/s: loss 3, partition 15, down 0',
      'cut 12/20 links A{0,1} ╳ B{2,3,4}',
    ]);
  });

  it('says when nothing is cut and no second has passed yet', () => {
    const snapshot = fixedSnapshot({ partition: undefined, network: { inFlight: 0, perSecond: undefined, linkLoss: 0, lossBurst: undefined } });
    expect(frameOf(<NetworkPanel snapshot={snapshot} width={60} />).split('\n')).toEqual([
      'NETWORK link loss 0%',
      'in flight 0',
      'per second: after the first interval',
      '',
      'no links cut',
    ]);
  });
});

describe('metrics', () => {
  it('draws sparklines of deliveries, latency p99 and nodes up, with the latest values', () => {
    expect(frameOf(<MetricsPanel snapshot={fixedSnapshot()} width={39} figureRows={0} />).split('\n')).toEqual([
      'METRICS per 200ms of virtual time',
      'delivered/s              ▂▅█▃ 100',
      'latency p99              ▃▅█',
      'nodes up                 ███▇ 4/5',
    ]);
  });

  it("shows the scenario's figures when there is room", () => {
    const lines = frameOf(<MetricsPanel snapshot={fixedSnapshot()} width={39} figureRows={2} />).split('\n');
    expect(lines.slice(4)).toEqual(['values: 10', 'nodes with every value: 3']);
  });
});

describe('checks', () => {
  it('puts violations first, in words, with time and event, then pending checks with what they say now', () => {
    const snapshot = fixedSnapshot();
    expect(frameOf(<ChecksPanel checks={snapshot.checks} verdict={{ verdict: 'failing', property: 'one leader per term' }} width={80} rows={4} />).split('\n')).toEqual([
      'CHECKS violated',
      '✗ one leader per term  VIOLATED at 2.1s, event #38',
      '  nodes 0 and 2 lead term 3',
      '… every node sees every value  checked at the end',
      '  now: node 2 has not seen value 4',
    ]);
  });

  it('shows always properties holding and decided ones passed', () => {
    const checks = [
      { name: 'one leader per term', kind: 'always' as const, check: { state: 'holding' as const } },
      { name: 'converges', kind: 'eventually' as const, check: { state: 'passed' as const } },
      { name: 'catches up', kind: 'eventually' as const, check: { state: 'pending' as const, decidedAtUs: 5_000_000, preview: { now: 'holds' as const } } },
    ];
    expect(frameOf(<ChecksPanel checks={checks} verdict={{ verdict: 'ok-so-far' }} width={80} rows={3} />).split('\n')).toEqual([
      'CHECKS 3 declared',
      '✓ one leader per term  always, holds so far',
      '✓ converges  eventually, passed',
      '… catches up  due by 5s, holds now',
    ]);
  });
});

describe('events', () => {
  it('lists the latest events, newest last', () => {
    const lines = frameOf(<EventsPanel events={fixedSnapshot().events} filter={{ node: 'all', kind: 'all' }} isEditingFilter={false} width={80} rows={3} />).split('\n');
    expect(lines).toEqual([
      'EVENTS all nodes, all kinds   f filter',
      '2.31s #42 drop 2->0 m18 (partition) {"type":"ack","values":[3]}',
      '2.32s #43 timer node 4',
      '2.33s #44 crash node 3',
    ]);
  });

  it('filters by node and kind, and shows how while the filter is edited', () => {
    const lines = frameOf(<EventsPanel events={fixedSnapshot().events} filter={{ node: 1, kind: 'deliveries' }} isEditingFilter={true} width={80} rows={3} />).split('\n');
    // The panel keeps its height: the rows the filter leaves empty stay blank.
    expect(lines).toEqual(['EVENTS filter: node 1, deliveries   ←/→ kind  ↑/↓ node  enter done', '2.304s #41 deliver 0->1 m17 {"type":"gossip","values":[3]}', '', '']);
  });
});

describe('overlays and footer', () => {
  it('lists every key in the help', () => {
    const frame = frameOf(<HelpOverlay width={80} rows={20} />);
    for (const help of KEY_HELP) expect(frame).toContain(`${help.keys.padEnd(7)}${help.action}`);
  });

  it("shows one node's whole state and its last events", () => {
    const lines = frameOf(<NodeDetailOverlay snapshot={fixedSnapshot()} node={2} width={80} rows={12} />).split('\n');
    expect(lines[0]).toBe('NODE 2 up, side B   ↑/↓ other node  enter back');
    expect(lines.slice(1, 3)).toEqual(['  {', '    "seen": [']);
    expect(lines).toContain('last events involving node 2');
    const events = lines.slice(lines.indexOf('last events involving node 2') + 1).filter((line) => line !== '');
    expect(events).toEqual(['  2.31s #42 drop 2->0 m18 (partition) {"type":"ack","values":[3]}']);
  });

  it('shows the partition being drawn and what it will cut', () => {
    const lines = frameOf(<PartitionEditor draft={[0, 0, 1, 1, 2]} selectedNode={4} width={100} rows={9} />).split('\n');
    expect(lines.slice(2)).toEqual(['  node 0  side A', '  node 1  side A', '  node 2  side B', '  node 3  side B', '▸ node 4  side C', 'will cut: A{0,1} ╳ B{2,3} ╳ C{4}', '']);
  });

  it('shows the keys, a notice, or the loss choices', () => {
    expect(frameOf(<FooterLine overlay="none" notice={undefined} width={80} />)).toBe('space pause  n step  +- speed  p partition  h heal  c crash  ? keys  q quit');
    expect(frameOf(<FooterLine overlay="none" notice="paused" width={80} />)).toBe('paused   ? keys  q quit');
    expect(frameOf(<FooterLine overlay="loss-chooser" notice={undefined} width={80} />)).toBe('loss burst for 2s: 1=10% 2=25% 3=50% 4=90% 5=100%  esc cancel');
  });
});

describe('the whole screen', () => {
  it('fits 80x24 with a row to spare and shows every panel', () => {
    const lines = frameOf(<TuiView snapshot={fixedSnapshot()} state={INITIAL_TUI_STATE} size={{ columns: 80, rows: 24 }} />).split('\n');
    expect(lines.length).toBeLessThanOrEqual(23);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(80);
    for (const title of ['faultline broadcast', 'CLUSTER', 'NETWORK', 'METRICS', 'CHECKS', 'EVENTS', 'q quit']) expect(lines.some((line) => line.includes(title))).toBe(true);
  });

  it('uses a bigger terminal for more events', () => {
    const small = frameOf(<TuiView snapshot={fixedSnapshot()} state={INITIAL_TUI_STATE} size={{ columns: 80, rows: 24 }} />).split('\n');
    const big = frameOf(<TuiView snapshot={fixedSnapshot()} state={INITIAL_TUI_STATE} size={{ columns: 120, rows: 40 }} />).split('\n');
    expect(big.length).toBeGreaterThan(small.length);
    expect(big.length).toBeLessThanOrEqual(39);
  });
});
