// The whole screen, from a snapshot and the UI state: header, then either the panels
// (cluster and checks | network and metrics, events below) or an overlay, then the
// footer. Rule: a view only reads its props; it never touches the session.
import { Box } from 'ink';
import { assertNever } from '../engine/assert-never.ts';
import { checkLineCount, ChecksPanel } from './checks-panel.tsx';
import { ClusterPanel } from './cluster-panel.tsx';
import { EventsPanel } from './events-panel.tsx';
import { FooterLine } from './footer-line.tsx';
import { HeaderPanel } from './header-panel.tsx';
import { HelpOverlay } from './help-overlay.tsx';
import { layoutFor, type Layout, type ScreenSize } from './layout.ts';
import { MetricsPanel } from './metrics-panel.tsx';
import { NetworkPanel } from './network-panel.tsx';
import { NodeDetailOverlay } from './node-detail-overlay.tsx';
import { PartitionEditor } from './partition-editor.tsx';
import type { SessionSnapshot } from './session-snapshot.ts';
import type { TuiState } from './tui-state.ts';

export interface TuiViewProps {
  readonly snapshot: SessionSnapshot;
  readonly state: TuiState;
  readonly size: ScreenSize;
}

export function TuiView({ snapshot, state, size }: TuiViewProps) {
  const layout = layoutFor(size, { nodes: snapshot.nodeCount, checkLines: checkLineCount(snapshot.checks) });
  return (
    <Box flexDirection="column" width={layout.width}>
      <HeaderPanel snapshot={snapshot} width={layout.width} />
      <Body snapshot={snapshot} state={state} layout={layout} />
      <FooterLine overlay={state.overlay} notice={state.notice} width={layout.width} />
    </Box>
  );
}

interface BodyProps {
  readonly snapshot: SessionSnapshot;
  readonly state: TuiState;
  readonly layout: Layout;
}

function Body({ snapshot, state, layout }: BodyProps) {
  switch (state.overlay) {
    case 'none':
    case 'loss-chooser':
    case 'event-filter':
      return <Panels snapshot={snapshot} state={state} layout={layout} />;
    case 'help':
      return <HelpOverlay width={layout.width} rows={layout.bodyRows} />;
    case 'node-detail':
      return <NodeDetailOverlay snapshot={snapshot} node={state.selectedNode} width={layout.width} rows={layout.bodyRows} />;
    case 'partition-editor':
      return <PartitionEditor draft={state.partitionDraft} selectedNode={state.selectedNode} width={layout.width} rows={layout.bodyRows} />;
    default:
      return assertNever(state.overlay);
  }
}

function Panels({ snapshot, state, layout }: BodyProps) {
  return (
    <Box flexDirection="column" height={layout.bodyRows}>
      <Box flexDirection="row" height={layout.upperRows}>
        <Box flexDirection="column" width={layout.leftWidth}>
          <ClusterPanel snapshot={snapshot} selectedNode={state.selectedNode} width={layout.leftWidth} rows={layout.nodeRows} />
          <ChecksPanel checks={snapshot.checks} verdict={snapshot.verdict} width={layout.leftWidth} rows={layout.checkRows} />
        </Box>
        <Box width={1} />
        <Box flexDirection="column" width={layout.rightWidth}>
          <NetworkPanel snapshot={snapshot} width={layout.rightWidth} />
          <MetricsPanel snapshot={snapshot} width={layout.rightWidth} figureRows={layout.figureRows} />
        </Box>
      </Box>
      <EventsPanel events={snapshot.events} filter={state.eventFilter} isEditingFilter={state.overlay === 'event-filter'} width={layout.width} rows={layout.eventRows} />
    </Box>
  );
}
