// The partition being drawn in the editor: a side (A, B, C, D) for every node. Rule: a
// draft becomes a `split` partition spec, the same data a fault schedule holds, and it
// needs nodes on at least two sides.
import type { NodeId, PartitionSpec } from '../net/partition.ts';
import { sideLetter } from './palette.ts';

/** Sides the editor offers (A to D). */
export const DRAFT_SIDES = 4;

export type DraftOutcome = { readonly outcome: 'ready'; readonly spec: PartitionSpec } | { readonly outcome: 'incomplete'; readonly reason: string };

/** The sides of the partition in force, or else the first half of the nodes on A and the rest on B. */
export function initialDraft(nodeCount: number, currentSides: readonly (readonly NodeId[])[] | undefined): number[] {
  const draft: number[] = Array.from({ length: nodeCount }, (_, node) => (node < Math.floor(nodeCount / 2) ? 0 : 1));
  if (currentSides === undefined || currentSides.length === 0) return draft;
  const usedSides = currentSides.filter((side) => side.length > 0);
  usedSides.forEach((members, index) => members.forEach((node) => (draft[node] = Math.min(index, DRAFT_SIDES - 1))));
  return draft;
}

export function withSide(draft: readonly number[], node: NodeId, side: number): number[] {
  if (side < 0 || side >= DRAFT_SIDES) throw new RangeError(`invalid side ${side}: expected 0 to ${DRAFT_SIDES - 1}`);
  return draft.map((current, index) => (index === node ? side : current));
}

/** The node alone on B, every other node on A. */
export function isolating(nodeCount: number, node: NodeId): number[] {
  return Array.from({ length: nodeCount }, (_, index) => (index === node ? 1 : 0));
}

export function draftSides(draft: readonly number[]): NodeId[][] {
  const sides: NodeId[][] = Array.from({ length: DRAFT_SIDES }, () => []);
  draft.forEach((side, node) => sides[side]?.push(node));
  return sides;
}

export function draftToSpec(draft: readonly number[]): DraftOutcome {
  const groups = draftSides(draft).filter((side) => side.length > 0);
  if (groups.length < 2) return { outcome: 'incomplete', reason: 'put nodes on at least two sides' };
  return { outcome: 'ready', spec: { kind: 'split', groups } };
}

/** `A{0,1} B{2,3,4}` */
export function describeDraft(draft: readonly number[]): string {
  return draftSides(draft)
    .map((members, side) => (members.length === 0 ? '' : `${sideLetter(side)}{${members.join(',')}}`))
    .filter((text) => text !== '')
    .join(' ');
}
